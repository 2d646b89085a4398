"""What delivers a claimed slot of each subscription kind other than the channel digest of new roles.

Every kind goes through :func:`rolecall.digest.deliver.run_due`: the due slot, the unique claim, the lease
and the take-over are the same; only composing and sending differ. Kinds live in their own packages and
are imported here on first use, so the digest code does not depend on them at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rolecall.store.digests import ALERT, INSIGHTS

Deliverer = Callable[..., Any]  # (services, client, sub, run_id, slot, now, options, taken_over) -> Outcome
# (client, sub, run_id, *, oldest, latest) -> (whether it could look, the id of the run's post when found):
# how an orphaned claim (its holder died mid-send) is settled, looking where that kind posts.
Finder = Callable[..., tuple[bool, str | None]]


def kind_deliverer(kind: str) -> Deliverer | None:
    """None for the channel digest (``roles``), which :mod:`rolecall.digest.deliver` sends itself."""
    if kind == INSIGHTS:
        from rolecall.insights.report import deliver_report

        return deliver_report
    if kind == ALERT:
        from rolecall.alerts.deliver import deliver_alert

        return deliver_alert
    return None


def kind_finder(kind: str) -> Finder | None:
    """None for the channel digest, whose post :mod:`rolecall.digest.deliver` finds in its channel."""
    if kind == INSIGHTS:
        from rolecall.insights.report import find_upload

        return find_upload
    if kind == ALERT:
        from rolecall.alerts.deliver import find_dm

        return find_dm
    return None


def announces_postings(kind: str) -> bool:
    """Whether a slot of this kind announces roles (recorded as announced when it is found posted)."""
    return kind != INSIGHTS
