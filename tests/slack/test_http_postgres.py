"""The HTTP app on a real PostgreSQL (a schema per test): ids longer than Slack's never give a 500, and
replays and redeliveries are still answered exactly once (issue 10, items 3, 5, 8)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.slack.server import serve_app
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SlackClient, app_settings, sign, texts

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_slack(
    pg_url: str, tmp_path: Path, slack_api: FakeSlackAPI, postings: list[Posting]
) -> Iterator[SlackClient]:
    services = Services(app_settings(slack_api, pg_url, tmp_path))
    services.set_postings(postings)
    server = serve_app(services)
    client = SlackClient(server.url, slack_api)
    client.services = services  # type: ignore[attr-defined]
    try:
        yield client
    finally:
        server.stop(timeout=5)
        services.close()


def test_a_256_character_event_id_is_answered_once(pg_slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "50.1"}
    event["text"] = "what does the data engineer role pay?"
    event_id = "Ev" + "x" * 254
    for _ in range(2):
        assert pg_slack.event(event, event_id=event_id).status == 200
    slack_api.wait_for("chat.postMessage", 1)
    time.sleep(0.3)
    [answer] = slack_api.calls_to("chat.postMessage")
    assert "$120,000" in texts([answer])


def test_a_300_character_channel_id_keeps_its_thread_context(
    pg_slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    channel = "C" + "9" * 299
    mention = {"type": "app_mention", "channel": channel, "user": "U2", "ts": "51.1"}
    resp = pg_slack.event({**mention, "text": "<@UBOT> tell me about the data engineer job"}, event_id="EvP1")
    assert resp.status == 200
    [first] = slack_api.wait_for("chat.postMessage", 1)
    assert first.args["channel"] == channel and first.args["thread_ts"] == "51.1"
    follow = {
        "type": "message",
        "channel": channel,
        "channel_type": "channel",
        "user": "U2",
        "ts": "51.2",
        "thread_ts": "51.1",
        "text": "what is the salary?",
    }
    assert pg_slack.event(follow, event_id="EvP2").status == 200
    calls = slack_api.wait_for("chat.postMessage", 2)
    assert len(calls) == 2 and "$120,000" in texts(calls[1:])  # the thread remembered its posting


def test_a_replayed_command_and_a_redelivery_after_an_outage(
    pg_slack: SlackClient, slack_api: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    from urllib.parse import urlencode

    form = {
        "team_id": "T0000000",
        "channel_id": "C1",
        "user_id": "U1",
        "command": "/roles",
        "text": "list",
        "response_url": pg_slack.response_url + "pgreplay",
        "trigger_id": "trigger-pg",
    }
    body = urlencode(form)
    headers = sign(body)
    for _ in range(2):
        assert pg_slack.post(body, "application/x-www-form-urlencoded", headers).status == 200
    slack_api.wait_for("pgreplay", 1)

    dm_event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D2",
        "user": "U1",
        "ts": "52.1",
        "text": "what does the data engineer role pay?",
    }
    payload = json.dumps(
        {"type": "event_callback", "team_id": "T0000000", "event_id": "EvPgOut", "event": dm_event}
    )
    slack_api.down = True
    assert pg_slack.post(payload, "application/json").status == 200
    deadline = time.monotonic() + 10
    while "released" not in caplog.text and time.monotonic() < deadline:  # the claim given back
        time.sleep(0.02)
    slack_api.down = False
    assert (
        pg_slack.post(payload, "application/json", {**sign(payload), "X-Slack-Retry-Num": "1"}).status == 200
    )
    [answer] = slack_api.wait_for("chat.postMessage", 1)
    time.sleep(0.3)
    assert len(slack_api.calls_to("pgreplay")) == 1
    assert len(slack_api.calls_to("chat.postMessage")) == 1 and "$120,000" in texts([answer])


# Slack's ids are 9-11 characters today; a request may carry longer ones. Over the subscription tables'
# 32-character columns and insights' 64, each is kept as its digest, and lookups by it still match.
LONG_CHANNEL = "C" + "7" * 39
LONG_USER = "U" + "8" * 39
LONG_TEAM = "T" + "6" * 99


def test_subscribing_a_channel_with_an_oversized_id_works_and_can_be_undone(
    pg_slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    assert pg_slack.command("subscribe intern daily", channel=LONG_CHANNEL, hook="sub1").status == 200
    [reply] = slack_api.wait_for("sub1", 1)
    assert "Subscribed" in texts([reply]) and "went wrong" not in texts([reply])
    digest_id = texts([reply]).split("Digest id `#", 1)[1].split("`", 1)[0]
    assert pg_slack.command("subscribe intern daily", channel=LONG_CHANNEL, hook="sub2").status == 200
    assert "already has that digest" in texts(slack_api.wait_for("sub2", 1))
    assert pg_slack.command(f"unsubscribe {digest_id}", channel=LONG_CHANNEL, hook="sub3").status == 200
    assert "Unsubscribed" in texts(slack_api.wait_for("sub3", 1))


def test_an_alert_for_a_user_with_an_oversized_id_is_saved_and_stopped_by_its_owner(
    pg_slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    assert pg_slack.command("alert remote intern", user=LONG_USER, hook="al1").status == 200
    [saved] = slack_api.wait_for("al1", 1)
    assert "saved" in texts([saved]) and "went wrong" not in texts([saved])
    alert_id = texts([saved]).split("Alert `#", 1)[1].split("`", 1)[0]
    assert pg_slack.command("alerts", user=LONG_USER, hook="al2").status == 200
    assert f"#{alert_id}" in texts(slack_api.wait_for("al2", 1))
    assert pg_slack.command(f"alerts stop {alert_id}", user=LONG_USER, hook="al3").status == 200
    assert "Stopped alert" in texts(slack_api.wait_for("al3", 1))


def test_an_answer_in_a_team_with_an_oversized_id_records_its_facets(
    pg_slack: SlackClient, slack_api: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    from rolecall.store.insights import facet_records

    event = {"type": "message", "channel_type": "im", "channel": "D5", "user": "U5", "ts": "53.1"}
    event["text"] = "what does the data engineer role pay?"
    assert pg_slack.event(event, event_id="EvLongTeam", team=LONG_TEAM).status == 200
    [answer] = slack_api.wait_for("chat.postMessage", 1)
    assert "$120,000" in texts([answer])
    services: Services = pg_slack.services  # type: ignore[attr-defined]
    recorded = facet_records(services.sessions, team_id=LONG_TEAM)
    assert [(r.posting_id, r.facet) for r in recorded] == [("acme-data-engineer", "pay")]
    assert "Traceback" not in caplog.text and "could not record" not in caplog.text
