"""The HTTP server's sizes and limits come from the settings (ROLECALL_HTTP_*, ROLECALL_ANSWER_WORKERS,
ROLECALL_MAX_QUESTION): a real server started from them, and real signed requests against its limits."""

from __future__ import annotations

import json
from pathlib import Path

from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.slack.server import serve_app
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SlackClient, app_settings, texts


def test_the_server_is_sized_and_limited_by_its_settings(
    tmp_path: Path, slack_api: FakeSlackAPI, postings: list[Posting]
) -> None:
    settings = app_settings(
        slack_api,
        f"sqlite:///{tmp_path / 'sized.db'}",
        tmp_path,
        ROLECALL_HTTP_THREADS="3",
        ROLECALL_HTTP_BACKLOG="64",
        ROLECALL_HTTP_CONNECTION_LIMIT="50",
        ROLECALL_HTTP_MAX_BODY="20000",
        ROLECALL_ANSWER_WORKERS="1",
        ROLECALL_MAX_QUESTION="200",
    )
    services = Services(settings)
    services.set_postings(postings)
    server = serve_app(services)
    try:
        adj = server._server.adj  # waitress's own view of what it was given
        assert (adj.threads, adj.backlog, adj.connection_limit) == (3, 64, 50)
        assert adj.max_request_body_size == 20000
        assert server.options.workers.answer_workers == 1
        slack = SlackClient(server.url, slack_api)
        assert slack.post(b"x" * 30_000, "application/json").status == 413  # signed, but over the limit
        question = "what does the data engineer role pay? " + "please " * 30  # about 250 characters
        event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "1.1"}
        assert slack.event({**event, "text": question}, event_id="EvCap").status == 200
        [reply] = slack_api.wait_for("chat.postMessage", 1)
        assert "questions of up to 200" in texts([reply]) and "$120,000" not in json.dumps(reply.args)
    finally:
        server.stop(timeout=2)
        services.close()
