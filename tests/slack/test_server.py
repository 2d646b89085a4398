"""The HTTP server itself: a real backlog, health while starting, graceful shutdown, and refusing bad
requests before anything parses them (issue 10, items 1-3)."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from rolecall.services import Services
from rolecall.slack.server import HttpServer, ServerOptions, serve_app
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SIGNING_SECRET, SlackClient, sign
from tests.slack.conftest import get_json as get

SERVER_LOG = "rolecall.slack.server"


@pytest.fixture
def bare_server() -> Iterator[HttpServer]:
    """Listening, not yet serving (no loop thread), no app: what a process has before it is ready."""
    server = HttpServer(signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0, options=ServerOptions())
    try:
        yield server
    finally:
        server.stop(timeout=1)


# -- item 1: backlog, health, graceful shutdown ------------------------------------------------------------
def test_connections_queue_in_a_real_backlog_while_the_server_is_busy(bare_server: HttpServer) -> None:
    """wsgiref listened with a backlog of 5: the sixth connection waiting to be accepted was dropped.
    Here nothing accepts yet, and 64 connections still complete their handshake, then are all served."""
    host, port = bare_server.url.removeprefix("http://").split(":")
    sockets = []
    try:
        for _ in range(64):
            s = socket.create_connection((host, int(port)), timeout=3)
            sockets.append(s)
        bare_server.start()
        for s in sockets:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answers = []
        for s in sockets:
            chunks = []
            while chunk := s.recv(4096):
                chunks.append(chunk)
            answers.append(b"".join(chunks))
    finally:
        for s in sockets:
            s.close()
    assert len(answers) == 64
    assert all(a.startswith(b"HTTP/1.1 503") and b'"starting"' in a for a in answers)


def test_health_says_starting_until_the_app_is_ready(
    bare_server: HttpServer, services: Services, slack_api: FakeSlackAPI
) -> None:
    from rolecall.slack.app import build_app
    from rolecall.slack.workers import AnswerWorkers

    bare_server.start()
    status, body = get(bare_server.url + "/healthz")
    assert status == 503 and body["status"] == "starting"
    client = SlackClient(bare_server.url, slack_api)
    assert client.command("list").status == 503  # Slack retries; nothing is half-handled
    workers = AnswerWorkers()
    bare_server.ready(build_app(services, mode="http", workers=workers), workers, lambda: 4)
    status, body = get(bare_server.url + "/healthz")
    assert status == 200 and body == {"status": "ok", "postings": 4, "answers_pending": 0}


def test_sigterm_path_finishes_acknowledged_answers_and_refuses_new_connections(
    services: Services, slack_api: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve_app(services, host="127.0.0.1", port=0)
    client = SlackClient(server.url, slack_api)
    release, started = threading.Event(), threading.Event()
    real_ask = services.engine.ask

    def slow_ask(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(10)
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(services.engine, "ask", slow_ask)
    assert client.command("what does the data engineer role pay?", hook="inflight").status == 200
    assert started.wait(5)
    result: list[bool] = []
    stopper = threading.Thread(target=lambda: result.append(server.stop(timeout=10)))
    stopper.start()
    host, port = server.url.removeprefix("http://").split(":")
    refused = False
    for _ in range(200):  # the listener closes within a moment of the stop
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
        except (ConnectionRefusedError, ConnectionResetError):  # reset: caught as the listener closed
            refused = True
            break
        threading.Event().wait(0.01)
    assert refused, "new connections were still accepted while stopping"
    assert not slack_api.calls_to("inflight")  # the answer is still being worked out...
    release.set()
    stopper.join(15)
    assert result == [True]
    [answer] = slack_api.calls_to("inflight")  # ...and was delivered before the stop returned
    assert "$120,000" in json.dumps(answer.args)


# -- item 2: refused before parsing, one bounded log line ----------------------------------------------------
JUNK = [
    ("invalid JSON", b"{not json", "application/json"),
    ("a JSON list", b"[1]", "application/json"),
    ("invalid UTF-8", b"\xff\xfe\xfa" * 10, "application/json"),
    ("a megabyte of junk", b"x" * 1_000_000, "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize(("name", "body", "ctype"), JUNK, ids=[j[0] for j in JUNK])
def test_unsigned_junk_is_refused_with_401_and_one_short_log_line(
    slack: SlackClient, caplog: pytest.LogCaptureFixture, name: str, body: bytes, ctype: str
) -> None:
    with caplog.at_level(logging.INFO):
        resp = slack.post(body, ctype, headers={})
    assert resp.status == 401, name
    lines = [r.getMessage() for r in caplog.records]
    refused = [line for line in lines if line.startswith("refused")]
    assert len(refused) == 1 and "no Slack signature" in refused[0]
    assert all(len(line) < 400 for line in lines)  # never the body, however large


def test_bad_timestamps_get_401_not_500(slack: SlackClient, caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "EvTs", "event": {"type": "message"}})
    good = sign(body)
    for stamp in ("yesterday", "1e9", "-5", "¹²³", "9" * 40):
        headers = {**good, "X-Slack-Request-Timestamp": stamp}
        assert slack.post(body, "application/json", headers).status == 401, stamp
    assert sum("not a number" in r.getMessage() for r in caplog.records) >= 4


def test_a_body_over_the_limit_is_refused_unread(services: Services, slack_api: FakeSlackAPI) -> None:
    server = serve_app(services, options=ServerOptions(max_body=4096))
    try:
        resp = SlackClient(server.url, slack_api).post(b"x" * 5000, "application/json", headers={})
        assert resp.status == 413
    finally:
        server.stop(timeout=2)


def test_signed_but_undecodable_bodies_get_400(slack: SlackClient) -> None:
    assert slack.post(b"\xff\xfe{}", "application/json").status == 400
    assert slack.post(b"{not json", "application/json").status == 400
    assert slack.post(b"payload=%7Bnot+json", "application/x-www-form-urlencoded").status == 400


# -- item 3: signed, well-formed JSON in shapes Slack never sends --------------------------------------------
MALFORMED = [
    ("event is a string", {"type": "event_callback", "event_id": "EvX", "event": "x"}),
    ("event without a type", {"type": "event_callback", "event_id": "EvY", "event": {"channel": "D1"}}),
    ("an empty action", {"type": "block_actions", "user": {"id": "U1"}, "actions": [{}]}),
    ("no actions", {"type": "block_actions", "user": {"id": "U1"}, "actions": []}),
    ("a user that is a list", {"type": "block_actions", "user": ["U1"], "actions": [{"action_id": "x"}]}),
    ("a numeric type", {"type": 7}),
]


@pytest.mark.parametrize(("name", "payload"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_signed_malformed_payloads_are_acknowledged_and_ignored_with_one_warning(
    slack: SlackClient,
    slack_api: FakeSlackAPI,
    caplog: pytest.LogCaptureFixture,
    name: str,
    payload: dict[str, Any],
) -> None:
    if payload.get("type") == "block_actions":
        from urllib.parse import urlencode

        resp = slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    else:
        resp = slack.post(json.dumps(payload), "application/json")
    assert resp.status == 200, name
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "Slack would not send" in warnings[0].getMessage()
    assert [c.method for c in slack_api.calls] == ["auth.test"]  # (at start) nothing answered or posted
