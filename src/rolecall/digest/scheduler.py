"""APScheduler 3.x wiring: one digest tick a minute (channel digests, gaps reports and personal alerts
alike), one sync every few minutes, and the questions' retention purge every few hours. Nothing else.

The job store is in memory on purpose and never shared between processes (APScheduler 3 does not support
that): the database is the truth. Each replica runs its own scheduler; the tick asks the database which
slots are due and claims them, so replicas cannot double-post. Which weekday a digest runs on is computed
in :mod:`rolecall.digest.cadence` from weekday *names*, never from cron weekday numbers (APScheduler's
0 = Monday differs from crontab's 0 = Sunday).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.digest.sync import sync
from rolecall.errors import ConfigError
from rolecall.services import Services

log = logging.getLogger(__name__)

TICK_JOB_ID = "rolecall-digest-tick"
SYNC_JOB_ID = "rolecall-postings-sync"
WATCH_JOB_ID = "rolecall-knowledge-watch"
PURGE_JOB_ID = "rolecall-question-purge"
TICK_EVERY = timedelta(minutes=1)
SYNC_EVERY = timedelta(minutes=10)  # knowledge dir + feeds (feeds are fetched at most this often)
WATCH_EVERY = timedelta(seconds=30)  # a cheap look at the knowledge dir between full syncs
PURGE_EVERY = timedelta(hours=6)  # questions past their retention; the first run is at start
# A tick that starts late (busy process, suspended laptop) still runs; the default of 1 s would
# silently drop it. Slot logic, not the scheduler, decides what a late tick sends.
MISFIRE_GRACE_SECONDS = 15 * 60


def tick(services: Services, options: DeliveryOptions | None = None) -> None:
    """The tick job: run whatever is due now. Never raises (a scheduler job that raises is just logged)."""
    try:
        report = run_due(services, services.now(), options=options)
    except ConfigError as exc:
        log.warning("digest tick skipped: %s", exc)
        return
    except Exception:
        log.exception("digest tick failed")
        return
    for outcome in report.outcomes:
        log.info(
            "digest %s slot %s: %s %s",
            outcome.subscription_id,
            outcome.slot.isoformat(),
            outcome.status,
            outcome.detail,
        )


def sync_job(services: Services) -> None:
    try:
        report = sync(services)
    except Exception:
        log.exception("postings sync failed")
        return
    for feed in report.failed_feeds:
        log.warning("feed %s failing: %s", feed.key, feed.error)
    for error in report.file_errors + report.source_errors:
        log.warning("postings: %s", error)
    log.info("postings sync: %d live, %s", report.total, report.seen)


class KnowledgeWatch:
    """Re-syncs (without fetching feeds) when the knowledge dir's files change between full syncs."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.last: object = self._fingerprint()

    def _fingerprint(self) -> object:
        from rolecall.postings.catalog import fingerprint

        directory = self.services.settings.knowledge_dir
        return fingerprint(directory) if directory.is_dir() else None

    def __call__(self) -> bool:
        """Returns whether it re-synced. Never raises."""
        try:
            current = self._fingerprint()
            if current == self.last:
                return False
            report = sync(self.services, fetch_feeds=False)
            self.last = current
            log.info("knowledge changed: %d live, %s", report.total, report.seen)
            return True
        except Exception:
            log.exception("knowledge re-sync failed; the next look tries again")
            return False


def build_scheduler(
    services: Services,
    *,
    tick_every: timedelta = TICK_EVERY,
    sync_every: timedelta | None = SYNC_EVERY,
    watch_every: timedelta | None = WATCH_EVERY,
    options: DeliveryOptions | None = None,
    purge_every: timedelta | None = PURGE_EVERY,
) -> BackgroundScheduler:
    """A configured, not yet started, scheduler. ``sync_every=None`` leaves syncing to someone else."""
    scheduler = BackgroundScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
        timezone=UTC,
    )

    def every(
        job: Callable[..., object],
        interval: timedelta,
        job_id: str,
        name: str,
        *,
        args: Sequence[object] = (services,),
        at_start: bool = False,
    ) -> None:
        # An explicit id, coalesce, one instance at a time and the long misfire grace, on every job (a job
        # default could be overridden by accident; written out here they cannot).
        scheduler.add_job(
            job,
            IntervalTrigger(seconds=interval.total_seconds(), timezone=UTC),
            args=list(args),
            id=job_id,
            name=name,
            **({"next_run_time": datetime.now(UTC)} if at_start else {}),
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )

    every(tick, tick_every, TICK_JOB_ID, "digest tick: run due slots", args=(services, options))
    if sync_every is not None:
        name = "postings sync: knowledge dir + feeds"
        every(sync_job, sync_every, SYNC_JOB_ID, name, at_start=True)  # at start, then every sync_every
        if watch_every is not None:
            watch = KnowledgeWatch(services)
            every(watch, watch_every, WATCH_JOB_ID, "knowledge dir: re-sync on change", args=())
    if purge_every is not None:
        from rolecall.insights.retention import purge_job

        every(
            purge_job,
            purge_every,
            PURGE_JOB_ID,
            "questions: purge those past their retention",
            at_start=True,
        )
    return scheduler


def start_scheduler(services: Services, **kwargs: object) -> BackgroundScheduler:
    """Build and start it; the caller shuts it down (``scheduler.shutdown(wait=False)``) on exit."""
    scheduler = build_scheduler(services, **kwargs)  # type: ignore[arg-type]
    scheduler.start()
    return scheduler
