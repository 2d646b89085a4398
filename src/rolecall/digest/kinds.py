"""What delivers a claimed slot of each subscription kind other than the channel digest of new roles.

Every kind goes through :func:`rolecall.digest.deliver.run_due`: the due slot, the unique claim, the lease
and the take-over are the same, and so is everything after the claim (:mod:`rolecall.digest.slots`); only
composing and sending differ. Kinds live in their own packages and are imported here on first use, so the
digest code does not depend on them at import time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from rolecall.store.digests import ALERT, INSIGHTS

Deliverer = Callable[[Any], Any]  # (digest.slots.Claim) -> digest.slots.Outcome
# (client, sub, run_id, *, oldest, latest) -> (whether it could look, the id of the run's post when found):
# how an orphaned claim (its holder died mid-send) is settled, looking where that kind posts.
Finder = Callable[..., tuple[bool, str | None]]

# kind -> (module, its deliverer, its finder)
_KINDS: dict[str, tuple[str, str, str]] = {
    INSIGHTS: ("rolecall.insights.report", "deliver_report", "find_upload"),
    ALERT: ("rolecall.alerts.deliver", "deliver_alert", "find_dm"),
}


def _part(kind: str, index: int) -> Any:
    entry = _KINDS.get(kind)
    return None if entry is None else getattr(importlib.import_module(entry[0]), entry[index])


def kind_deliverer(kind: str) -> Deliverer | None:
    """None for the channel digest (``roles``), which :mod:`rolecall.digest.deliver` sends itself."""
    return _part(kind, 1)


def kind_finder(kind: str) -> Finder | None:
    """None for the channel digest, whose post :mod:`rolecall.digest.deliver` finds in its channel."""
    return _part(kind, 2)


def announces_postings(kind: str) -> bool:
    """Whether a slot of this kind announces roles (recorded as announced when it is found posted)."""
    return kind != INSIGHTS
