from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from rolecall.digest.cadence import Cadence, latest_slot, next_slot, parse_cadence
from rolecall.errors import UsageError


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_parse_defaults_to_weekly_monday_nine() -> None:
    c = parse_cadence("", "America/Chicago")
    assert (c.kind, c.day, c.at, c.tz) == ("weekly", "mon", time(9, 0), "America/Chicago")


@pytest.mark.parametrize(
    ("text", "kind", "day", "at"),
    [
        ("weekly mon 09:00", "weekly", "mon", time(9, 0)),
        ("weekly Friday at 17:30", "weekly", "fri", time(17, 30)),
        ("daily 8:05", "daily", None, time(8, 5)),
        ("weekdays", "weekdays", None, time(9, 0)),
        ("tuesdays", "weekly", "tue", time(9, 0)),
    ],
)
def test_parse_forms(text: str, kind: str, day: str | None, at: time) -> None:
    c = parse_cadence(text, "UTC")
    assert (c.kind, c.day, c.at) == (kind, day, at)
    assert parse_cadence(c.text, "UTC") == c  # the canonical text reads back


@pytest.mark.parametrize("text", ["hourly", "daily 25:00", "daily mon", "weekly someday"])
def test_parse_rejects_with_usage(text: str) -> None:
    with pytest.raises(UsageError):
        parse_cadence(text, "UTC")


def test_unknown_timezone_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="Mars/Olympus"):
        Cadence(tz="Mars/Olympus")


def test_daily_new_york_is_nine_local_on_both_sides_of_spring_forward() -> None:
    c = parse_cadence("daily 09:00", "America/New_York")
    # 2025-03-09 is the change: EST (UTC-5) before, EDT (UTC-4) after.
    assert latest_slot(c, utc("2025-03-08T20:00")) == utc("2025-03-08T14:00")
    assert latest_slot(c, utc("2025-03-09T20:00")) == utc("2025-03-09T13:00")
    assert latest_slot(c, utc("2025-03-10T20:00")) == utc("2025-03-10T13:00")
    assert next_slot(c, utc("2025-03-08T14:00")) == utc("2025-03-09T13:00")


def test_daily_new_york_is_nine_local_on_both_sides_of_fall_back() -> None:
    c = parse_cadence("daily 09:00", "America/New_York")
    assert latest_slot(c, utc("2025-11-01T20:00")) == utc("2025-11-01T13:00")
    assert latest_slot(c, utc("2025-11-02T20:00")) == utc("2025-11-02T14:00")
    # Between 13:00 and 14:00 UTC on the change day, 09:00 local has not happened yet.
    assert latest_slot(c, utc("2025-11-02T13:30")) == utc("2025-11-01T13:00")


def test_wall_time_inside_the_gap_moves_past_it_and_repeated_time_takes_the_first() -> None:
    spring = parse_cadence("daily 02:30", "America/New_York")
    # 02:30 does not exist on 2025-03-09; it resolves to 03:30 EDT = 07:30 UTC.
    assert next_slot(spring, utc("2025-03-09T05:00")) == utc("2025-03-09T07:30")
    fall = parse_cadence("daily 01:30", "America/New_York")
    # 01:30 happens twice on 2025-11-02; the first (EDT) is 05:30 UTC, and it is sent once.
    assert next_slot(fall, utc("2025-11-02T04:00")) == utc("2025-11-02T05:30")
    assert next_slot(fall, utc("2025-11-02T05:30")) == utc("2025-11-03T06:30")


def test_weekdays_skip_the_weekend() -> None:
    c = parse_cadence("weekdays 09:00", "UTC")
    # Saturday 2025-03-08 and Sunday 03-09: the latest slot is Friday's.
    assert latest_slot(c, utc("2025-03-09T23:00")) == utc("2025-03-07T09:00")
    assert next_slot(c, utc("2025-03-07T09:00")) == utc("2025-03-10T09:00")


def test_weekly_day_in_phoenix_which_has_no_dst() -> None:
    c = parse_cadence("weekly wed 07:15", "America/Phoenix")
    assert next_slot(c, utc("2025-03-03T00:00")) == utc("2025-03-05T14:15")
    assert next_slot(c, utc("2025-07-03T00:00")) == utc("2025-07-09T14:15")
    assert latest_slot(c, utc("2025-03-05T14:14")) == utc("2025-02-26T14:15")


def test_local_date_not_utc_date_decides_the_day() -> None:
    # Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    c = parse_cadence("weekly mon 08:00", "Asia/Tokyo")
    assert next_slot(c, utc("2025-03-01T00:00")) == utc("2025-03-02T23:00")


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError):
        latest_slot(Cadence(), datetime(2025, 1, 1))
