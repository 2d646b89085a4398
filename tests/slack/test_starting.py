"""While the knowledge dir loads in the background, the HTTP server answers /healthz with 'starting' and
the load's progress (503, so a load balancer sends it no traffic) and asks Slack to retry deliveries,
rather than refusing connections or answering from an empty posting set."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from rolecall.services import Services
from rolecall.slack.server import HttpServer, ServerOptions, wait_for_knowledge
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SIGNING_SECRET, SlackClient
from tests.slack.conftest import get_json as get


@pytest.fixture
def server() -> Iterator[HttpServer]:
    server = HttpServer(signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0, options=ServerOptions())
    server.start()
    try:
        yield server
    finally:
        server.stop(timeout=1)


def test_healthz_shows_the_loads_progress_until_ready(services: Services, server: HttpServer) -> None:
    services.ready.clear()
    services.status = "starting"
    stop = threading.Event()
    done: list[bool] = []
    waiter = threading.Thread(target=lambda: done.append(wait_for_knowledge(server.health, services, stop)))
    waiter.start()
    services.set_status("knowledge: 1,200 of 10,000 files (1,200 parsed)")
    status, body = get(server.url + "/healthz")
    assert status == 503
    assert body == {"status": "starting", "detail": "knowledge: 1,200 of 10,000 files (1,200 parsed)"}
    services.mark_ready()
    waiter.join(5)
    assert done == [True]
    # Ready to connect to Slack: the detail no longer follows the (finished) load.
    server.health.detail = "connecting to Slack"
    assert get(server.url + "/healthz") == (503, {"status": "starting", "detail": "connecting to Slack"})


def test_a_stop_while_loading_ends_the_wait(services: Services, server: HttpServer) -> None:
    services.ready.clear()
    stop = threading.Event()
    stop.set()
    assert wait_for_knowledge(server.health, services, stop) is False
    assert server.health.progress is None


def test_slack_is_asked_to_retry_while_starting(
    services: Services, server: HttpServer, slack_api: FakeSlackAPI
) -> None:
    from rolecall.slack.app import build_app
    from rolecall.slack.workers import AnswerWorkers

    client = SlackClient(server.url, slack_api)
    resp = client.command("where is the data engineer role based?", hook="early")
    assert resp.status == 503 and slack_api.calls_to("early") == []
    workers = AnswerWorkers()
    server.ready(build_app(services, mode="http", workers=workers), workers, lambda: len(services.postings))
    assert client.command("where is the data engineer role based?", hook="later").status == 200
    [reply] = slack_api.wait_for("later", timeout=10)
    assert "Phoenix" in str(reply.args)
