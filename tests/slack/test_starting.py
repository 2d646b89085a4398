"""While the knowledge dir loads, the HTTP app answers /healthz with 'starting: ...' (503, so a load
balancer sends it no traffic) and asks Slack to retry deliveries, rather than refusing connections or
answering from an empty posting set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rolecall.services import Services
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SlackClient


@pytest.fixture
def starting(services: Services, slack_api: FakeSlackAPI) -> Iterator[SlackClient]:
    from rolecall.slack.app import HttpServer, build_app

    services.ready.clear()
    services.status = "starting"
    server = HttpServer(build_app(services, mode="http"), host="127.0.0.1", port=0, services=services).start()
    try:
        yield SlackClient(server.url, slack_api)
    finally:
        server.stop()


def test_healthz_says_starting_until_ready(services: Services, starting: SlackClient) -> None:
    services.set_status("knowledge: 1,200 of 10,000 files (1,200 parsed)")
    resp = starting.get("/healthz")
    assert resp.status == 503 and resp.body == "starting: knowledge: 1,200 of 10,000 files (1,200 parsed)"
    services.mark_ready()
    assert (starting.get("/healthz").status, starting.get("/healthz").body) == (200, "ok")
    services.set_status("knowledge: 1 of 2 files")  # a later reload does not make it 'starting' again
    assert starting.get("/healthz").body == "ok"


def test_slack_is_asked_to_retry_while_starting(
    services: Services, starting: SlackClient, slack_api: FakeSlackAPI
) -> None:
    resp = starting.command("where is the data engineer role based?", hook="early")
    assert resp.status == 503 and slack_api.calls_to("early") == []
    services.mark_ready()
    assert starting.command("where is the data engineer role based?", hook="later").status == 200
    [reply] = slack_api.wait_for("later", timeout=10)
    assert "Phoenix" in str(reply.args)
