"""Socket Mode end to end: the built-in client connects to a local WebSocket stand-in (URL from
``apps.connections.open`` on the fake Web API), receives envelopes, acks them, and the app answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rolecall.config import Settings
from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.slack.app import build_app, socket_mode_handler
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import texts
from tests.slack.fake_socket_mode import FakeSocketMode


@pytest.fixture
def socket_slack(
    tmp_path: Path, slack_api: FakeSlackAPI, postings: list[Posting]
) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode()
    slack_api.queue("apps.connections.open", {"ok": True, "url": server.url})
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-socket-1",
        SLACK_APP_TOKEN="xapp-socket-1",
        SLACK_API_URL=slack_api.url,
        database_url=f"sqlite:///{tmp_path / 'socket.db'}",
        _env_file=None,
    )
    services = Services(settings)
    services.set_postings(postings)
    handler = socket_mode_handler(build_app(services, mode="socket"), services)
    handler.connect()
    try:
        assert server.wait_connected(), "the Socket Mode client never connected"
        yield server
    finally:
        handler.close()
        server.close()
        services.close()


def test_socket_mode_event_is_acked_and_answered(
    socket_slack: FakeSocketMode, slack_api: FakeSlackAPI
) -> None:
    [opened] = slack_api.calls_to("apps.connections.open")
    assert opened.headers.get("Authorization") == "Bearer xapp-socket-1"  # the app token, to the fake
    body = {
        "type": "event_callback",
        "team_id": "T0000000",
        "api_app_id": "A1",
        "event_id": "EvSock1",
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": "D5",
            "user": "U1",
            "ts": "11.1",
            "text": "tell me about the data engineer job",
        },
    }
    envelope = {
        "envelope_id": "env-1",
        "type": "events_api",
        "accepts_response_payload": False,
        "payload": body,
    }
    socket_slack.send(envelope)
    assert socket_slack.wait_ack("env-1") is not None
    [post] = slack_api.wait_for("chat.postMessage", 1)
    assert post.args["channel"] == "D5" and "Data Engineer" in texts([post])
    socket_slack.send({**envelope, "envelope_id": "env-2", "retry_attempt": 1})  # Slack's redelivery
    assert socket_slack.wait_ack("env-2") is not None
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_socket_mode_slash_command(socket_slack: FakeSocketMode, slack_api: FakeSlackAPI) -> None:
    payload = {
        "team_id": "T0000000",
        "channel_id": "C1",
        "user_id": "U1",
        "command": "/roles",
        "text": "list",
        "response_url": slack_api.url.removesuffix("api/") + "response/sock",
        "api_app_id": "A1",
    }
    socket_slack.send({"envelope_id": "env-3", "type": "slash_commands", "payload": payload})
    assert socket_slack.wait_ack("env-3") is not None
    [reply] = slack_api.wait_for("sock")
    assert "Platform Engineering Intern" in texts([reply])
