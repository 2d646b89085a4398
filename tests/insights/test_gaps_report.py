"""The weekly gaps report: subscribed with a signed `/roles subscribe insights`, delivered by the digest
tick once per slot as one upload (chart PNG + the report as its comment), never twice, and paused when the
channel is gone. Also through a real running scheduler."""

from __future__ import annotations

import json
from datetime import timedelta

from rolecall.digest import scheduler as sched
from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.insights.report import file_name
from rolecall.services import Services
from rolecall.store import digests as digest_store
from tests.digest.helpers import Clock
from tests.fakes.slack_api import FakeSlackAPI
from tests.insights.conftest import ADMIN, ask, reply_text
from tests.insights.test_slack_insights import ask_all
from tests.slack.conftest import SlackClient

FAST = DeliveryOptions(pace_seconds=0.0)
SLOT = "2026-11-30T09:00:00+00:00"  # the Monday after the questions, 09:00 UTC


def subscribe_report(slack: SlackClient, text: str = "weekly mon at 09:00 UTC", channel: str = "CREC") -> int:
    reply = reply_text(ask(slack, f"subscribe insights {text}", user=ADMIN, hook="sub", channel=channel))
    assert "Subscribed" in reply and "gaps report" in reply, reply
    return int(reply.split("`#", 1)[1].split("`", 1)[0])


def uploads(api: FakeSlackAPI) -> list[dict]:
    return [c.args for c in api.calls_to("files.completeUploadExternal")]


def test_the_report_is_uploaded_once_per_slot_with_its_chart(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    report_id = subscribe_report(slack)
    ask_all(slack)
    clock.set("2026-11-30T08:59:00+00:00")
    assert run_due(services, clock.at, options=FAST).outcomes == []  # not due yet
    clock.set("2026-11-30T09:00:20+00:00")
    (outcome,) = run_due(services, clock.at, options=FAST).outcomes
    assert outcome.status == "posted" and outcome.subscription_id == report_id

    [asked_url] = slack_api.calls_to("files.getUploadURLExternal")
    [done] = uploads(slack_api)
    [file_id] = slack_api.uploads
    png = slack_api.uploads[file_id]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000  # a real chart, not a stub
    assert int(asked_url.args["length"]) == len(png)
    assert done["channel_id"] == "CREC"
    assert json.loads(done["files"])[0]["id"] == file_id
    comment = done["initial_comment"]
    assert "Weekly posting gaps report" in comment and "5 questions about 2 postings" in comment
    assert "Visa sponsorship* — asked twice about Data Engineer (Acme Analytics)" in comment
    assert "who asked is never shown" in comment and "UMEMBER" not in comment

    with services.sessions() as s:
        (run,) = digest_store.runs_for(s, report_id)
        assert run.status == "posted" and run.message_ts == file_id
        assert asked_url.args["filename"] == file_name(run.id)

    # The same slot, by any later tick, never again; and a week with no questions posts nothing.
    clock.set("2026-11-30T09:05:00+00:00")
    assert run_due(services, clock.at, options=FAST).outcomes == []
    clock.set("2026-12-07T09:00:00+00:00")
    (quiet,) = run_due(services, clock.at, options=FAST).outcomes
    assert quiet.status == "empty"
    assert len(uploads(slack_api)) == 1 and len(slack_api.calls_to("upload")) == 1


def test_the_digest_commands_do_not_see_reports_and_non_admins_cannot_stop_them(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    report_id = subscribe_report(slack)
    listing = reply_text(ask(slack, "subscriptions", user=ADMIN, hook="l", channel="CREC"))
    assert "gaps report" not in listing
    refused = reply_text(ask(slack, f"unsubscribe {report_id}", user="U5", hook="u1", channel="CREC"))
    assert "Insights are for workspace admins" in refused
    reports = reply_text(ask(slack, "insights reports", user=ADMIN, hook="r"))
    assert f"`#{report_id}` <#CREC> · gaps report on all postings" in reports
    stopped = reply_text(ask(slack, f"unsubscribe {report_id}", user=ADMIN, hook="u2", channel="CREC"))
    assert f"Stopped gaps report `#{report_id}`" in stopped
    with services.sessions() as s:
        assert digest_store.list_subscriptions(s, kinds=None) == []


def test_a_taken_over_slot_finds_the_earlier_upload(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    report_id = subscribe_report(slack)
    ask_all(slack)
    slot = clock.set(SLOT)
    with services.sessions() as s:  # a replica claimed the slot, uploaded, and died before recording it
        sub = digest_store.get_subscription(s, report_id, kinds=None)
        run = digest_store.try_claim(s, sub, slot, slot, slot + timedelta(minutes=1), "dead-worker")
        assert run is not None
    slack_api.queue(
        "conversations.history",
        {"ok": True, "messages": [{"ts": "1.1", "files": [{"id": "FEARLIER", "name": file_name(run.id)}]}]},
    )
    clock.set(slot + timedelta(minutes=15))  # its lease has run out
    (outcome,) = run_due(services, clock.at, options=FAST).outcomes
    assert (outcome.status, outcome.detail) == ("posted", "found the earlier upload")
    assert uploads(slack_api) == []
    with services.sessions() as s:
        assert digest_store.runs_for(s, report_id)[0].message_ts == "FEARLIER"


def test_a_report_whose_channel_is_gone_is_paused_and_its_subscriber_told(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    report_id = subscribe_report(slack)
    ask_all(slack)
    slack_api.queue("files.completeUploadExternal", {"ok": False, "error": "not_in_channel"})
    (outcome,) = run_due(services, clock.set(SLOT), options=FAST).outcomes
    assert outcome.status == "paused"
    with services.sessions() as s:
        sub = digest_store.get_subscription(s, report_id, kinds=None)
        assert (sub.status, sub.paused_reason) == ("paused", "not_in_channel")
    told = [c.args["text"] for c in slack_api.calls_to("chat.postMessage") if c.args["channel"] == ADMIN]
    assert any(f"/roles insights resume {report_id}" in t for t in told)
    clock.set("2026-12-07T09:00:00+00:00")
    assert run_due(services, clock.at, options=FAST).outcomes == []  # paused: not retried every week


def test_a_running_scheduler_delivers_the_report(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    subscribe_report(slack)
    ask_all(slack)
    clock.set(SLOT)
    scheduler = sched.start_scheduler(
        services, tick_every=timedelta(seconds=0.2), sync_every=None, purge_every=None, options=FAST
    )
    try:
        calls = slack_api.wait_for("files.completeUploadExternal", count=1, timeout=30)
    finally:
        scheduler.shutdown(wait=True)
    assert len(calls) == 1 and calls[0].args["channel_id"] == "CREC"
