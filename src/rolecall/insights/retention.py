"""Questions are kept for ``ROLECALL_QUESTION_RETENTION_DAYS`` (default 90) and purged after, with their
facets, feedback and stale conversation context. The digest scheduler runs :func:`purge_job`; every replica
may run it, since deleting what is already gone deletes nothing."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from rolecall.services import Services
from rolecall.store.insights import PurgeReport, purge_questions_before

log = logging.getLogger(__name__)


def retention_cutoff(services: Services, now: datetime | None = None) -> datetime:
    return (now or services.now()) - timedelta(days=services.settings.number("question_retention_days"))


def purge(services: Services, now: datetime | None = None) -> PurgeReport:
    return purge_questions_before(services.sessions, retention_cutoff(services, now))


def purge_job(services: Services) -> None:
    """The scheduled job: never raises (a job that raises is only logged by the scheduler anyway)."""
    try:
        report = purge(services)
    except Exception:
        log.exception("purging old questions failed; the next run tries again")
        return
    if report.questions or report.conversations:
        log.info(
            "purged questions older than %d days: %d questions, %d facets, %d feedback, %d conversations",
            services.settings.number("question_retention_days"),
            report.questions,
            report.facets,
            report.feedback,
            report.conversations,
        )
