"""Per-channel subscriptions: reading `/roles subscribe ...`, creating one, describing one.

Subscribing records the postings present at that moment as seen and sets the subscription's cutoff to
now, so its first digest holds only roles that appear afterwards, never the whole existing catalogue.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import available_timezones

from sqlalchemy.exc import IntegrityError

from rolecall.digest.cadence import KINDS, Cadence, next_slot, parse_cadence, parse_day, parse_time, zone
from rolecall.digest.filters import Filters, parse_filters, split_words
from rolecall.errors import RolecallError, UsageError
from rolecall.services import Services
from rolecall.store import digests as store

_TIMEISH = re.compile(r"^\d{1,2}:\d{2}$")


@dataclass(frozen=True)
class SubscribeRequest:
    cadence: Cadence
    filters: Filters
    filter_text: str


_TZ_AREAS = (
    "africa",
    "america",
    "antarctica",
    "asia",
    "atlantic",
    "australia",
    "europe",
    "indian",
    "pacific",
    "etc",
)


_TZ_SHAPE = re.compile(r"^[A-Z][A-Za-z_]+/[A-Z][A-Za-z_/+-]*$")  # "Mars/Olympus": meant as a timezone


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Lower-cased IANA names -> their spelling, so `america/phoenix` works as well."""
    return {name.casefold(): name for name in available_timezones()}


def timezone_of(word: str) -> str | None:
    """The IANA name a word means ("UTC", "America/Phoenix", "america/phoenix"), or None.

    Raises UsageError for a word shaped like a timezone that is none ("America/Atlantis"), so a typo is
    not silently taken as a keyword filter.
    """
    if word.upper() in ("UTC", "GMT"):
        return "UTC"
    if "/" not in word:
        return None
    name = _zones().get(word.casefold())
    if name:
        return name
    if word.split("/", 1)[0].casefold() in _TZ_AREAS or _TZ_SHAPE.match(word):
        raise UsageError(f"Unknown timezone `{escape_code(word)}`: use an IANA name such as America/Chicago.")
    return None


def parse_subscribe(text: str, *, default_tz: str, companies: Iterable[str] = ()) -> SubscribeRequest:
    """`[filters] [daily|weekdays|weekly <day>] [at HH:MM] [timezone]` -> what to subscribe to."""
    words = split_words(text)
    schedule: list[str] = []
    rest: list[str] = []
    tz = default_tz
    i = 0
    while i < len(words):
        w = words[i]
        low = w.casefold()
        if low in KINDS:
            schedule.append(low)
            if low == "weekly" and i + 1 < len(words) and parse_day(words[i + 1]):
                schedule.append(words[i + 1])
                i += 1
        elif (
            low == "at" and i + 1 < len(words) and (parse_time(words[i + 1]) or _TIMEISH.match(words[i + 1]))
        ):
            schedule.append(words[i + 1])  # an impossible time ("25:99") fails in parse_cadence
            i += 1
        elif _TIMEISH.match(w) or parse_time(w) is not None or parse_day(w) is not None:
            schedule.append(w)
        elif (name := timezone_of(w)) is not None:
            tz = name
        else:
            rest.append(w)
        i += 1
    cadence = parse_cadence(" ".join(schedule), tz)
    filters = parse_filters(rest, companies=companies)
    return SubscribeRequest(cadence=cadence, filters=filters, filter_text=" ".join(rest))


def escape_code(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")


def cadence_of(sub: store.Subscription) -> Cadence:
    return parse_cadence(sub.cadence, sub.timezone)


def filters_of(sub: store.Subscription) -> Filters:
    return Filters.from_json(sub.filters)


class AlreadySubscribed(RolecallError):
    """The channel (or person) already has a subscription with the same schedule, timezone and filters."""

    def __init__(self, existing: store.Subscription) -> None:
        self.existing = existing
        super().__init__(f"digest #{existing.id} already posts the same roles on the same schedule there")


def signature(kind: str, team_id: str, channel_id: str, request: SubscribeRequest) -> str:
    """What makes two subscriptions the same: kind, workspace, channel (a person, for an alert), schedule,
    timezone and filters in any order. Stored unique (``store.SubscriptionKey``), so of two identical
    subscribes at once, on any replica, only one is created."""
    same = [kind, team_id, channel_id, request.cadence.text, request.cadence.tz]
    material = json.dumps([*same, request.filters.normalised().to_json()], ensure_ascii=True)
    return hashlib.sha256(material.encode("ascii")).hexdigest()


def _identical(existing: store.Subscription, request: SubscribeRequest) -> bool:
    return (
        existing.cadence == request.cadence.text
        and existing.timezone == request.cadence.tz
        and filters_of(existing).normalised() == request.filters.normalised()
    )


def subscribe(
    services: Services,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    request: SubscribeRequest,
    now: datetime | None = None,
    kind: str = store.ROLES,  # store.ALERT: a person's alert (channel_id is then the user)
) -> store.Subscription:
    """Create a subscription. A blank channel is a UsageError; a subscription identical to one the channel
    (or person) already has — kind, schedule, timezone, filters — is not created twice, even when both
    requests arrive at once: AlreadySubscribed names the one there is."""
    if not channel_id.strip():
        raise UsageError("A digest needs a channel to post in: give a Slack channel id such as C0123ABCD.")
    now = now or services.now()
    key = signature(kind, team_id, channel_id, request)
    with services.sessions() as session:
        # Subscriptions made before signatures were stored have none: found by looking.
        for existing in store.list_subscriptions(
            session, team_id=team_id, channel_id=channel_id, kinds=(kind,)
        ):
            if _identical(existing, request):
                raise AlreadySubscribed(existing)
        # What this process knows is present now counts as seen, so it is not "new" for anyone later.
        store.record_seen(session, list(services.postings), now, close_missing=False)
        try:
            sub = store.add_subscription(
                session,
                signature=key,
                team_id=team_id,
                channel_id=channel_id,
                user_id=user_id,
                cadence=request.cadence.text,
                timezone=request.cadence.tz,
                filters=request.filters.to_json(),
                filter_text=request.filter_text,
                status="active",
                created_at=now,
                cutoff=now,
                kind=kind,
            )
            session.commit()
        except IntegrityError:
            session.rollback()  # an identical subscribe, just now: its key is there
            existing = store.subscription_by_signature(session, key)
            if existing is None:
                raise
            raise AlreadySubscribed(existing) from None
        return sub


def describe(sub: store.Subscription, now: datetime) -> str:
    """One mrkdwn line: id, channel, schedule, filters, next slot or why it is paused."""
    cadence = cadence_of(sub)
    filters = filters_of(sub)
    channel = escape_code(sub.channel_id)
    line = f"`#{sub.id}` <#{channel}> · {cadence.describe()} · {escape_code(filters.describe())}"
    if sub.status == "paused":
        return f"{line} · *paused* ({escape_code(sub.paused_reason or 'paused')})"
    nxt = next_slot(cadence, now).astimezone(zone(cadence.tz))
    return f"{line} · next {nxt:%a %b %-d, %H:%M %Z}"
