"""An alert or a gaps report whose holder died mid-send, with no tick inside the grace period after it:
the orphaned claim is settled from where that kind is posted (the person's DM; the channel's uploads)
before the subscription's next slot, so nothing is sent twice (issue 10 item 11, for issue 12's kinds)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from slack_sdk import WebClient

from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.insights.report import file_name
from rolecall.services import Services
from rolecall.store import digests as store
from tests.alerts.test_slack_alerts import NEXT_DAY_9AM_NY, alerts_of, appear, dms, role
from tests.digest.helpers import Clock
from tests.fakes.slack_api import FakeSlackAPI
from tests.insights.conftest import MEMBER, ask
from tests.insights.test_gaps_report import SLOT, subscribe_report
from tests.insights.test_slack_insights import ask_all
from tests.slack.conftest import BOT_TOKEN, SlackClient

FAST = DeliveryOptions(pace_seconds=0.0)


def claim_and_die(services: Services, sub_id: int, slot: datetime) -> int:
    """What a killed process leaves behind: its claim on the slot (its lease long run out later)."""
    with services.sessions() as s:
        sub = store.get_subscription(s, sub_id, kinds=None)
        assert sub is not None
        run = store.try_claim(s, sub, slot, slot, slot + FAST.lease, "killed-worker")
        assert run is not None
        return run.id


def run_of(services: Services, sub_id: int, run_id: int) -> store.DigestRun:
    with services.sessions() as s:
        return next(r for r in store.runs_for(s, sub_id) if r.id == run_id)


def test_an_orphaned_alert_that_was_sent_is_found_in_the_dm_and_its_roles_not_sent_again(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    slack_api.clock = lambda: clock.at.timestamp()
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    (alert,) = alerts_of(services)
    clock.set(clock.at + timedelta(hours=2))
    appear(services, clock, role("globex-data-intern", "Data Intern"))
    clock.set(NEXT_DAY_9AM_NY)
    orphan = claim_and_die(services, alert.id, clock.at)
    WebClient(token=BOT_TOKEN, base_url=slack_api.url).chat_postMessage(  # its DM went out, then it died
        channel=MEMBER,
        text="1 new role for your alert: Data Intern",
        metadata={"event_type": "rolecall_digest", "event_payload": {"run_id": orphan}},
    )
    clock.set("2026-11-24T20:00:00+00:00")
    appear(services, clock, role("globex-ml-intern", "ML Intern"))
    # No tick until the next day's slot: the first slot is long past its 12-hour grace.
    (outcome,) = run_due(services, clock.set("2026-11-25T14:00:00+00:00"), options=FAST).outcomes
    assert outcome.status == "posted"
    first, second = dms(slack_api)
    assert "Data Intern" in json.dumps(first)
    assert "ML Intern" in json.dumps(second) and "Data Intern" not in json.dumps(second)
    settled = run_of(services, alert.id, orphan)
    assert settled.status == "posted" and settled.message_ts == slack_api.history[f"D{MEMBER}"][0]["ts"]


def test_an_orphaned_alert_that_was_never_sent_rolls_its_roles_into_the_next(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    slack_api.clock = lambda: clock.at.timestamp()
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    (alert,) = alerts_of(services)
    clock.set(clock.at + timedelta(hours=2))
    appear(services, clock, role("globex-data-intern", "Data Intern"))
    orphan = claim_and_die(services, alert.id, clock.set(NEXT_DAY_9AM_NY))
    run_due(services, clock.set("2026-11-25T14:00:00+00:00"), options=FAST)
    (sent,) = dms(slack_api)
    assert "Data Intern" in json.dumps(sent)
    settled = run_of(services, alert.id, orphan)
    assert settled.status == "failed" and "never posted" in (settled.error or "")


def test_an_orphaned_gaps_report_that_was_uploaded_is_found_and_its_week_not_reported_again(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    slack_api.clock = lambda: clock.at.timestamp()
    report_id = subscribe_report(slack)
    ask_all(slack)
    orphan = claim_and_die(services, report_id, clock.set(SLOT))
    WebClient(token=BOT_TOKEN, base_url=slack_api.url).files_upload_v2(  # uploaded, then it died
        channel="CREC", content=b"\x89PNG", filename=file_name(orphan), initial_comment="Weekly report"
    )
    # Nobody asks anything the next week, and no tick ran within the grace of the first slot.
    (outcome,) = run_due(services, clock.set("2026-12-07T09:00:00+00:00"), options=FAST).outcomes
    assert outcome.status == "empty"  # the first week's questions are not reported a second time
    assert len(slack_api.calls_to("files.completeUploadExternal")) == 1
    settled = run_of(services, report_id, orphan)
    [uploaded] = slack_api.history["CREC"]
    assert settled.status == "posted" and settled.message_ts == uploaded["files"][0]["id"]
