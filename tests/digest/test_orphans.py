"""A digest process killed during ``chat.postMessage``, with no tick inside the grace period after it:
its claim is settled from the channel's history before the subscription's next slot (issue 10, item 11)."""

from __future__ import annotations

from slack_sdk import WebClient

from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting
from tests.digest.test_deliver import posts, runs, seen, subscribe
from tests.fakes.slack_api import FakeSlackAPI

FAST = DeliveryOptions(pace_seconds=0.0)


def killed_mid_post(
    services: Services, clock: Clock, slack_api: FakeSlackAPI, sub_id: int, *, posted: bool
) -> int:
    """What the dead process left: its claim on the 09:00 slot and, when ``posted``, its message."""
    slot = clock.set("2025-03-03T09:00:00+00:00")
    with services.sessions() as s:
        sub = store.get_subscription(s, sub_id)
        assert sub is not None
        run = store.try_claim(s, sub, slot, slot, slot + FAST.lease, "killed-worker")
        assert run is not None
        run_id = run.id
    if posted:
        WebClient(token="xoxb-test-token", base_url=slack_api.url).chat_postMessage(
            channel="C1",
            text="1 new role: Alpha at Acme",
            metadata={"event_type": "rolecall_digest", "event_payload": {"run_id": run_id}},
        )
    return run_id


def test_an_orphan_that_did_post_is_found_and_its_roles_not_announced_again(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    slack_api.clock = lambda: clock.at.timestamp()
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    orphan = killed_mid_post(services, clock, slack_api, sub_id, posted=True)
    clock.set("2025-03-03T12:00:00+00:00")
    seen(services, [posting("a", "Alpha"), posting("b", "Bravo")], clock)
    # No tick until the next day's slot: the 09:00 claim is long past its 12-hour grace.
    report = run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=FAST)
    assert [o.status for o in report.outcomes] == ["posted"]
    first, second = posts(slack_api)
    assert "Alpha" in first["text"]
    assert "Bravo" in second["text"] and "Alpha" not in second["text"]
    settled = next(r for r in runs(services, sub_id) if r.id == orphan)
    assert settled.status == "posted" and settled.message_ts == slack_api.history["C1"][0]["ts"]
    assert '"a"' in settled.posting_ids


def test_an_orphan_that_never_posted_rolls_its_roles_into_the_next_digest(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    slack_api.clock = lambda: clock.at.timestamp()
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    orphan = killed_mid_post(services, clock, slack_api, sub_id, posted=False)
    run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=FAST)
    (digest,) = posts(slack_api)
    assert "Alpha" in digest["text"]
    settled = next(r for r in runs(services, sub_id) if r.id == orphan)
    assert settled.status == "failed" and "never posted" in (settled.error or "")
    assert run_due(services, clock.set("2025-03-04T09:05:00+00:00"), options=FAST).outcomes == []


def test_an_orphan_whose_channel_cannot_be_read_is_settled_once(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    sub_id = subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    seen(services, [posting("a", "Alpha")], clock)
    orphan = killed_mid_post(services, clock, slack_api, sub_id, posted=False)
    slack_api.queue("conversations.history", {"ok": False, "error": "missing_scope"})
    run_due(services, clock.set("2025-03-04T09:00:00+00:00"), options=FAST)
    settled = next(r for r in runs(services, sub_id) if r.id == orphan)
    assert settled.status == "failed" and "could not be read" in (settled.error or "")
    run_due(services, clock.set("2025-03-05T09:00:00+00:00"), options=FAST)
    assert len(slack_api.calls_to("conversations.history")) == 1  # settled for good, not re-checked
