from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.triggers.interval import IntervalTrigger

from rolecall.config import Settings
from rolecall.digest import scheduler as sched
from rolecall.digest.deliver import DeliveryOptions
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting, write_postings
from tests.digest.test_deliver import posts, subscribe
from tests.fakes.slack_api import FakeSlackAPI


def test_jobs_are_configured_for_safety(services: Services) -> None:
    scheduler = sched.build_scheduler(services)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {sched.TICK_JOB_ID, sched.SYNC_JOB_ID, sched.WATCH_JOB_ID, sched.PURGE_JOB_ID}
    tick = jobs[sched.TICK_JOB_ID]
    assert tick.func is sched.tick
    assert tick.coalesce is True and tick.max_instances == 1
    assert tick.misfire_grace_time >= 300  # the 1 s default would silently drop a late tick
    assert isinstance(tick.trigger, IntervalTrigger) and tick.trigger.interval == timedelta(minutes=1)
    assert str(scheduler.timezone) == "UTC"
    assert isinstance(scheduler._jobstores["default"], MemoryJobStore)  # never a shared job store
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())


def test_tick_on_a_controlled_clock_runs_what_is_due(
    services: Services, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    with services.sessions() as s:
        store.record_seen(s, [posting("a", "Alpha")], clock.at)
        s.commit()
    options = DeliveryOptions(pace_seconds=0.0)
    clock.set("2025-03-03T08:59:00+00:00")
    sched.tick(services, options)
    assert posts(slack_api) == []
    clock.set("2025-03-03T09:00:00+00:00")
    sched.tick(services, options)
    sched.tick(services, options)  # a second tick in the same minute sends nothing more
    assert len(posts(slack_api)) == 1


def test_tick_never_raises(settings: Settings, clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    svc = Services(settings.model_copy(update={"slack_bot_token": None}), now=clock)
    try:
        with caplog.at_level(logging.WARNING):
            sched.tick(svc)
        assert "SLACK_BOT_TOKEN" in caplog.text
    finally:
        svc.close()


def test_a_started_scheduler_runs_the_tick(services: Services, clock: Clock, slack_api: FakeSlackAPI) -> None:
    """The real BackgroundScheduler fires the job; we wait for its effect, asserting no timings."""
    subscribe(services)
    clock.set("2025-03-03T08:30:00+00:00")
    with services.sessions() as s:
        store.record_seen(s, [posting("a", "Alpha")], clock.at)
        s.commit()
    clock.set("2025-03-03T09:00:00+00:00")
    scheduler = sched.start_scheduler(
        services, tick_every=timedelta(seconds=0.2), sync_every=None, options=DeliveryOptions(pace_seconds=0)
    )
    try:
        calls = slack_api.wait_for("chat.postMessage", count=1, timeout=30)
    finally:
        scheduler.shutdown(wait=True)
    assert len(calls) == 1 and "Alpha" in calls[0].args["text"]


def test_knowledge_watch_resyncs_only_when_files_change(
    services: Services, settings: Settings, clock: Clock
) -> None:
    watch = sched.KnowledgeWatch(services)
    assert watch() is False and services.postings == ()
    write_postings(settings.knowledge_dir / "a.json", [posting("a1", "Alpha")])
    assert watch() is True
    assert [p.title for p in services.postings] == ["Alpha"]
    with services.sessions() as s:
        assert [r.posting_id for r in store.open_postings(s)] == [p.id for p in services.postings]
    assert watch() is False
