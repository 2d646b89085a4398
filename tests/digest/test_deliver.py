from __future__ import annotations

import json
from datetime import timedelta

import pytest

from rolecall.config import Settings
from rolecall.digest.commands import handle
from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.errors import ConfigError
from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting
from tests.fakes.slack_api import FakeSlackAPI

FAST = DeliveryOptions(pace_seconds=0.0)


def seen(services: Services, postings: list[Posting], clock: Clock) -> None:
    """What a sync does: record the postings present at the clock's time."""
    with services.sessions() as s:
        store.record_seen(s, postings, clock.at)
        s.commit()


def subscribe(services: Services, text: str = "daily 09:00 UTC", channel: str = "C1") -> int:
    reply = handle(
        services, team_id="T1", channel_id=channel, user_id="U1", user_tz="UTC", text=f"subscribe {text}"
    )
    assert "Subscribed" in reply, reply
    with services.sessions() as s:
        return store.list_subscriptions(s, channel_id=channel)[-1].id


def posts(api: FakeSlackAPI, channel: str = "C1") -> list[dict]:
    return [c.args for c in api.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def runs(services: Services, sub_id: int) -> list[store.DigestRun]:
    with services.sessions() as s:
        return store.runs_for(s, sub_id)


def test_first_digest_holds_only_roles_that_appeared_after_subscribing(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    old = posting("old", "Old Role")
    seen(services, [old], clock)
    services.set_postings([old])
    sub = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [old, posting("new", "New Role")], clock)
    clock.set("2025-03-03T09:00:20+00:00")
    report = run_due(services, clock.at, options=FAST)
    assert report.posted == 1
    (msg,) = posts(slack_api)
    assert "New Role" in msg["text"] and "Old Role" not in msg["text"]
    assert msg["unfurl_links"] is False and msg["unfurl_media"] is False
    buttons = [b["accessory"] for b in msg["blocks"] if b["type"] == "section"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [("ask_about_role", "new")]
    (run,) = runs(services, sub)
    assert run.status == "posted" and json.loads(run.posting_ids) == ["new"] and run.message_ts
    # Tagged with the run, so a retry after a lost outcome can find it in the channel.
    meta = msg["metadata"] if isinstance(msg["metadata"], dict) else json.loads(msg["metadata"])
    assert meta["event_type"] == "rolecall_digest" and meta["event_payload"]["run_id"] == run.id
    # The same slot is never sent again, by any later tick.
    clock.set("2025-03-03T09:05:00+00:00")
    assert run_due(services, clock.at, options=FAST).outcomes == []
    assert len(posts(slack_api)) == 1


def test_nothing_new_posts_nothing_and_records_the_slot_as_empty(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    seen(services, [posting("a")], clock)
    sub = subscribe(services)
    clock.set("2025-03-03T09:00:00+00:00")
    (outcome,) = run_due(services, clock.at, options=FAST).outcomes
    assert outcome.status == "empty"
    assert posts(slack_api) == []
    assert [r.status for r in runs(services, sub)] == ["empty"]
    assert run_due(services, clock.at + timedelta(minutes=1), options=FAST).outcomes == []


def test_cutoff_advances_so_a_role_is_announced_once(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST)
    clock.set("2025-03-03T12:00:00+00:00")
    seen(services, [posting("a", "Alpha"), posting("b", "Bravo")], clock)
    run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=FAST)
    first, second = posts(slack_api)
    assert "Alpha" in first["text"]
    assert "Bravo" in second["text"] and "Alpha" not in second["text"]


def test_filters_apply_to_the_digest(services: Services, clock: Clock, slack_api: FakeSlackAPI) -> None:
    subscribe(services, "intern AZ daily 09:00 UTC")
    clock.set("2025-03-03T08:30:00+00:00")
    seen(
        services,
        [
            posting("i-az", "Data Intern", where="Tempe, AZ"),
            posting("i-tx", "Data Intern", where="Austin, TX"),
            posting("ft-az", "Staff Engineer", where="Tempe, AZ"),
        ],
        clock,
    )
    run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST)
    (msg,) = posts(slack_api)
    values = [b["accessory"]["value"] for b in msg["blocks"] if b["type"] == "section"]
    assert values == ["i-az"]


def test_a_role_that_disappears_before_the_digest_is_never_announced(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("gone", "Gone Role")], clock)
    clock.set("2025-03-03T08:45:00+00:00")
    seen(services, [], clock)  # the source no longer lists it
    run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST)
    assert posts(slack_api) == []


def test_slots_missed_while_down_are_sent_once_not_once_each(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    sub = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    clock.set("2025-03-05T08:00:00+00:00")
    seen(services, [posting("a", "Alpha"), posting("b", "Bravo")], clock)
    # Down from Monday 08:30 until Wednesday 10:00: three daily slots passed; one digest goes out.
    run_due(services, clock.set("2025-03-05T10:00:00+00:00"), options=FAST)
    (msg,) = posts(slack_api)
    assert "Alpha" in msg["text"] and "Bravo" in msg["text"]
    assert [r.slot.isoformat() for r in runs(services, sub)] == ["2025-03-05T09:00:00+00:00"]


def test_a_slot_missed_beyond_the_grace_period_rolls_into_the_next_digest(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    options = DeliveryOptions(pace_seconds=0.0, grace=timedelta(hours=2))
    assert run_due(services, clock.set("2025-03-03T12:00:00+00:00"), options=options).outcomes == []
    assert posts(slack_api) == []
    run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=options)
    (msg,) = posts(slack_api)
    assert "Alpha" in msg["text"]


def test_crash_between_claim_and_post_is_retried_after_the_lease(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    slot = clock.set("2025-03-03T09:00:00+00:00")
    with services.sessions() as s:
        sub = store.get_subscription(s, sub_id)
        assert sub is not None
        # A process claimed the slot, then died before posting.
        assert store.try_claim(s, sub, slot, slot, slot + FAST.lease, "dead-worker") is not None
    (held,) = run_due(services, clock.set("2025-03-03T09:05:00+00:00"), options=FAST).outcomes
    assert held.status == "taken" and posts(slack_api) == []
    (retried,) = run_due(services, clock.set("2025-03-03T09:11:00+00:00"), options=FAST).outcomes
    assert retried.status == "posted"
    assert len(posts(slack_api)) == 1
    (run,) = runs(services, sub_id)
    assert run.status == "posted" and run.attempts == 2
    assert run_due(services, clock.set("2025-03-03T09:30:00+00:00"), options=FAST).outcomes == []
    assert len(posts(slack_api)) == 1


def test_a_post_whose_outcome_was_lost_is_found_not_repeated(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    slot = clock.set("2025-03-03T09:00:00+00:00")
    with services.sessions() as s:
        sub = store.get_subscription(s, sub_id)
        run = store.try_claim(s, sub, slot, slot, slot + FAST.lease, "dead-worker")  # type: ignore[arg-type]
        assert run is not None
        run_id = run.id
    # The dead process did post (Slack shows the message with our metadata) but never recorded it.
    slack_api.queue(
        "conversations.history",
        {
            "ok": True,
            "messages": [
                {"ts": "1741000000.000100", "metadata": {"event_type": "other", "event_payload": {}}},
                {
                    "ts": "1741000000.000200",
                    "metadata": {"event_type": "rolecall_digest", "event_payload": {"run_id": run_id}},
                },
            ],
        },
    )
    (outcome,) = run_due(services, clock.set("2025-03-03T09:11:00+00:00"), options=FAST).outcomes
    assert outcome.status == "posted"
    assert posts(slack_api) == []
    (run_row,) = runs(services, sub_id)
    assert run_row.message_ts == "1741000000.000200"


@pytest.mark.parametrize("code", ["not_in_channel", "channel_not_found", "is_archived"])
def test_channel_gone_pauses_the_subscription_and_tells_the_subscriber(
    services: Services, clock: Clock, slack_api: FakeSlackAPI, code: str
) -> None:
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    slack_api.queue("chat.postMessage", {"ok": False, "error": code})
    (outcome,) = run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST).outcomes
    assert outcome.status == "paused"
    with services.sessions() as s:
        sub = store.get_subscription(s, sub_id)
        assert sub is not None and sub.status == "paused" and sub.paused_reason == code
    (dm,) = posts(slack_api, "U1")
    assert "paused" in dm["text"] and "<#C1>" in dm["text"] and f"/roles resume {sub_id}" in dm["text"]
    # Paused: later slots are not attempted.
    assert run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=FAST).outcomes == []
    assert len(slack_api.calls_to("chat.postMessage")) == 2


def test_rate_limited_post_waits_retry_after_and_posts_once(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    slack_api.queue("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429, Retry_After="1")
    (outcome,) = run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST).outcomes
    assert outcome.status == "posted"
    calls = slack_api.calls_to("chat.postMessage")
    assert len(calls) == 2  # the 429, then the retry after Retry-After


def test_a_refusal_slack_reports_is_retried_on_a_later_tick(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    slack_api.queue("chat.postMessage", {"ok": False, "error": "internal_error"})
    (first,) = run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST).outcomes
    assert first.status == "failed"
    (second,) = run_due(services, clock.set("2025-03-03T09:01:00+00:00"), options=FAST).outcomes
    assert second.status == "posted"
    (run,) = runs(services, sub_id)
    assert run.status == "posted" and run.attempts == 2


def test_two_subscriptions_in_one_channel_each_get_their_digest(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    subscribe(services, "intern daily 09:00 UTC")
    subscribe(services, "remote daily 09:00 UTC")
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("i", "Data Intern"), posting("r", "SRE", where="Remote", remote=True)], clock)
    report = run_due(
        services, clock.set("2025-03-03T09:00:00+00:00"), options=DeliveryOptions(pace_seconds=0.2)
    )
    assert report.posted == 2
    texts = sorted(m["text"] for m in posts(slack_api))
    assert "Data Intern" in texts[0] and "SRE" in texts[1]


def test_without_a_bot_token_nothing_is_claimed(settings: Settings, clock: Clock) -> None:
    svc = Services(settings.model_copy(update={"slack_bot_token": None}), now=clock)
    try:
        subscribe(svc)
        with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
            run_due(svc, clock.set("2025-03-03T09:00:00+00:00"))
        with svc.sessions() as s:
            assert store.runs_for(s, 1) == []
    finally:
        svc.close()


def test_pacer_spaces_posts_to_one_channel_not_across_channels() -> None:
    from rolecall.digest.slots import ChannelPacer

    now = [100.0]
    slept: list[float] = []
    pacer = ChannelPacer(clock=lambda: now[0], sleep=slept.append)
    assert pacer.wait("C1", 1.0) == 0.0
    assert pacer.wait("C2", 1.0) == 0.0  # another channel is not held back
    now[0] = 100.25
    assert pacer.wait("C1", 1.0) == pytest.approx(0.75)
    assert pacer.wait("C1", 1.0) == pytest.approx(1.75)  # queued behind the previous one
    assert slept == [pytest.approx(0.75), pytest.approx(1.75)]


def test_a_slot_that_keeps_failing_is_given_up_after_max_attempts(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    options = DeliveryOptions(pace_seconds=0.0, max_attempts=2)
    for minute in (0, 1):
        slack_api.queue("chat.postMessage", {"ok": False, "error": "internal_error"})
        (out,) = run_due(services, clock.set(f"2025-03-03T09:0{minute}:00+00:00"), options=options).outcomes
        assert out.status == "failed"
    assert run_due(services, clock.set("2025-03-03T09:02:00+00:00"), options=options).outcomes == []
    assert len(posts(slack_api)) == 2  # the two refused attempts, nothing more
    # The cutoff did not move: the role goes out with the next day's digest.
    run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=options)
    assert "Alpha" in posts(slack_api)[-1]["text"]
    assert [r.status for r in runs(services, sub_id)] == ["failed", "posted"]


def test_daily_new_york_digest_posts_at_nine_local_across_the_dst_change(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    from zoneinfo import ZoneInfo

    clock.set("2025-03-07T12:00:00+00:00")
    sub_id = subscribe(services, "daily 09:00 America/New_York")
    for day, utc_nine in (("08", "14:00"), ("09", "13:00")):  # EST, then EDT after the change on the 9th
        clock.set(f"2025-03-{day}T05:00:00+00:00")
        seen(services, [posting(f"role-{day}", f"Role {day}")], clock)
        hour = utc_nine.split(":")[0]
        before = clock.set(f"2025-03-{day}T{int(hour) - 1:02d}:59:00+00:00")
        assert run_due(services, before, options=FAST).outcomes == []  # a minute early: nothing due
        run_due(services, clock.set(f"2025-03-{day}T{utc_nine}:00+00:00"), options=FAST)
    slots = [r.slot.astimezone(ZoneInfo("America/New_York")) for r in runs(services, sub_id)]
    assert [(s.day, s.hour, s.minute) for s in slots] == [(8, 9, 0), (9, 9, 0)]
    assert [m["text"] for m in posts(slack_api)] == [
        "1 new role: Role 08 at Acme",
        "1 new role: Role 09 at Acme",
    ]


def test_oauth_installs_post_each_digest_with_its_workspace_token(
    settings: Settings, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    from pydantic import SecretStr
    from slack_sdk.oauth.installation_store import Installation

    from rolecall.store.events import oauth_stores

    oauth = settings.model_copy(
        update={"slack_bot_token": None, "slack_client_id": "111.222", "slack_client_secret": SecretStr("s")}
    )
    svc = Services(oauth, now=clock)
    try:
        installations, _ = oauth_stores(svc.db, "111.222")
        installations.save(
            Installation(
                app_id="A1",
                team_id="T1",
                user_id="U1",
                bot_token="xoxb-team-one",
                bot_id="B1",
                bot_user_id="UB1",
            )
        )
        installed = subscribe(svc)  # team T1
        stray = handle(
            svc, team_id="T9", channel_id="C9", user_id="U9", user_tz="UTC", text="subscribe daily 09:00 UTC"
        )
        assert "Subscribed" in stray
        clock.set("2025-03-03T08:30:00+00:00")
        seen(svc, [posting("n", "New Role")], clock)
        outcomes = run_due(svc, clock.set("2025-03-03T09:00:00+00:00"), options=FAST).outcomes
        by_status = {o.status: o for o in outcomes}
        assert by_status["posted"].subscription_id == installed
        assert "T9" in by_status["failed"].detail  # no installation for that workspace: nothing claimed
        (call,) = slack_api.calls_to("chat.postMessage")
        assert call.headers["Authorization"] == "Bearer xoxb-team-one"
        with svc.sessions() as s:
            assert store.runs_for(s, by_status["failed"].subscription_id) == []
    finally:
        svc.close()
