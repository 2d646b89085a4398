"""When a subscription's digests are due: daily, weekdays or weekly <day>, at HH:MM in an IANA timezone.

Pure functions of (cadence, instant). Slots are computed on the local wall clock and then converted to
UTC, so "daily 09:00 America/New_York" is 09:00 local on both sides of a DST change (14:00 UTC in winter,
13:00 UTC in summer). A wall time that does not exist on a spring-forward day (02:30) resolves to the
instant just after the gap; one that happens twice in the autumn resolves to its first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rolecall.errors import UsageError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES = {
    **{d: d for d in DAYS},
    "monday": "mon",
    "tuesday": "tue",
    "tues": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "thur": "thu",
    "thurs": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}
KINDS = ("daily", "weekdays", "weekly")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_day(word: str) -> str | None:
    """A weekday name (any common spelling, plural allowed) -> "mon".."sun"; None when not a day."""
    w = word.strip().lower().rstrip(",")
    if w.endswith("s") and w[:-1] in _DAY_ALIASES and w not in _DAY_ALIASES:
        w = w[:-1]
    return _DAY_ALIASES.get(w)


def parse_time(text: str) -> time | None:
    m = _TIME.match(text.strip())
    return time(int(m.group(1)), int(m.group(2))) if m else None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"Unknown timezone `{name}`: use an IANA name such as America/New_York.") from exc


@dataclass(frozen=True)
class Cadence:
    kind: str = "weekly"  # daily | weekdays | weekly
    day: str | None = "mon"  # for weekly only
    at: time = time(9, 0)
    tz: str = "UTC"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise UsageError(f"Unknown cadence `{self.kind}`: use daily, weekdays or weekly <day>.")
        if self.kind == "weekly" and self.day not in DAYS:
            raise UsageError("A weekly digest needs a day, e.g. `weekly mon`.")
        zone(self.tz)

    @property
    def text(self) -> str:
        """Canonical form, stored in the DB and parsed back by :func:`parse_cadence`."""
        head = f"weekly {self.day}" if self.kind == "weekly" else self.kind
        return f"{head} {self.at:%H:%M}"

    def describe(self) -> str:
        when = {
            "daily": "every day",
            "weekdays": "every weekday",
            "weekly": f"every {_FULL[self.day or 'mon']}",
        }[self.kind]
        return f"{when} at {self.at:%H:%M} ({self.tz})"

    def runs_on(self, day: date) -> bool:
        weekday = DAYS[day.weekday()]
        if self.kind == "daily":
            return True
        if self.kind == "weekdays":
            return weekday not in ("sat", "sun")
        return weekday == self.day


_FULL = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def parse_cadence(text: str, tz: str) -> Cadence:
    """ "weekly mon 09:00", "daily 8:30", "weekdays", "weekly friday at 17:00" -> Cadence."""
    words = [w for w in text.lower().replace(",", " ").split() if w not in ("at", "on", "every")]
    if not words:
        return Cadence(tz=tz)
    kind, day, at = None, None, None
    for w in words:
        if w in KINDS:
            kind = w
        elif (d := parse_day(w)) is not None:
            day = d
        elif (t := parse_time(w)) is not None:
            at = t
        else:
            raise UsageError(
                f"Can't read the cadence `{text}`: use daily, weekdays or weekly <day>, then HH:MM."
            )
    kind = kind or "weekly"
    if kind != "weekly" and day is not None:
        raise UsageError(f"`{kind}` takes no day; use `weekly {day}`.")
    return Cadence(kind=kind, day=(day or "mon") if kind == "weekly" else None, at=at or time(9, 0), tz=tz)


def _local_slot(cadence: Cadence, day: date) -> datetime:
    # fold=0: the first of two repeated wall times; a wall time inside a gap maps past it.
    local = datetime.combine(day, cadence.at, tzinfo=ZoneInfo(cadence.tz))
    return local.astimezone(UTC)


def latest_slot(cadence: Cadence, now: datetime) -> datetime | None:
    """The most recent slot at or before ``now`` (UTC), or None if there is none within two weeks."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(ZoneInfo(cadence.tz)).date()
    for back in range(0, 15):
        day = today - timedelta(days=back)
        if cadence.runs_on(day):
            slot = _local_slot(cadence, day)
            if slot <= now:
                return slot
    return None


def next_slot(cadence: Cadence, after: datetime) -> datetime:
    """The first slot strictly after ``after`` (UTC)."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    today = after.astimezone(ZoneInfo(cadence.tz)).date()
    for ahead in range(-1, 15):
        day = today + timedelta(days=ahead)
        if cadence.runs_on(day):
            slot = _local_slot(cadence, day)
            if slot > after:
                return slot
    raise AssertionError("unreachable: every cadence runs at least weekly")
