"""Who may see insights: workspace admins and owners, and the users or user groups the configuration names
(``ROLECALL_INSIGHTS_USERS``, ``ROLECALL_INSIGHTS_USERGROUPS``).

Slack is asked (``users.info``, ``usergroups.users.list``) and the answers are kept for a few minutes per
running app, so a burst of commands or Home tab opens costs one lookup, and a change of role in Slack takes
effect within minutes. When Slack cannot be asked (a missing scope, an outage) the answer is no: insights
stay closed rather than open to everyone.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack.delivery import slack_error_code

log = logging.getLogger(__name__)

TTL = timedelta(minutes=5)
REFUSAL = (
    "Insights are for workspace admins and the people the Rolecall admin named. "
    "If you need them, ask a workspace admin to add you."
)


V = TypeVar("V")


class AccessCache:
    def __init__(self, ttl: timedelta = TTL) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str, str], tuple[datetime, object]] = {}

    def _cached(
        self, key: tuple[str, str, str], now: datetime, ask: Callable[[], V], what: str, failed: V
    ) -> V:
        """The answer Slack gave for ``key`` within the TTL, else ``ask()`` (kept for the TTL). A failure is
        logged and answered with ``failed``, not kept: the next try asks again."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]  # type: ignore[return-value]
        try:
            value = ask()
        except Exception as exc:
            log.warning(
                "%s for the insights check failed: %s", what, slack_error_code(exc) or type(exc).__name__
            )
            return failed
        with self._lock:
            self._entries[key] = (now + self.ttl, value)
        return value

    def is_admin(self, client: WebClient, team_id: str, user_id: str, now: datetime) -> bool:
        def ask() -> bool:
            user = client.users_info(user=user_id)["user"] or {}
            return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

        return self._cached(("admin", team_id, user_id), now, ask, "users.info", False)

    def group_members(self, client: WebClient, team_id: str, group: str, now: datetime) -> frozenset[str]:
        def ask() -> frozenset[str]:
            return frozenset(client.usergroups_users_list(usergroup=group)["users"] or [])

        return self._cached(
            ("group", team_id, group), now, ask, f"usergroups.users.list {group}", frozenset()
        )


_CACHES: weakref.WeakKeyDictionary[Services, AccessCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cache_for(services: Services) -> AccessCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(services)
        if cache is None:
            cache = _CACHES[services] = AccessCache()
        return cache


def may_see_insights(services: Services, client: WebClient, team_id: str, user_id: str) -> bool:
    if not user_id:
        return False
    settings = services.settings
    if user_id in settings.insights_users:
        return True
    cache = cache_for(services)
    now = services.now()
    if cache.is_admin(client, team_id, user_id, now):
        return True
    return any(user_id in cache.group_members(client, team_id, g, now) for g in settings.insights_usergroups)
