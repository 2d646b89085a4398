"""Dates as postings write them, in other languages and styles (python-dateutil + data/dates.yaml)."""

from __future__ import annotations

import warnings
from datetime import date

import pytest

from rolecall.postings.sources.base import to_date
from rolecall.postings.sources.dates import parse_date, parse_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Montag, den 06. Oktober 2025", date(2025, 10, 6)),
        ("06.10.2025", date(2025, 10, 6)),  # dotted dates are day first
        ("6 Oct 2025", date(2025, 10, 6)),
        ("October 6, 2025", date(2025, 10, 6)),
        ("le 6 octobre 2025", date(2025, 10, 6)),
        ("6 de octubre de 2025", date(2025, 10, 6)),
        ("2025-10-06T17:00:00 EDT", date(2025, 10, 6)),
        ("December 3, 2018, 8am EDT", date(2018, 12, 3)),
        ("10/06/2025", date(2025, 10, 6)),  # slashes stay month first, as US postings write them
        ("Ende: 23.09.2025 um 12 Uhr", date(2025, 9, 23)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected
    assert to_date(text) == expected


def test_a_date_without_a_year_takes_the_default_year() -> None:
    assert parse_date("Oct. 6th", default=date(2025, 1, 20)) == date(2025, 10, 6)


@pytest.mark.parametrize("text", ["3 positions open", "Posted 3 days ago", "TBD", "2026", "", "Q4"])
def test_text_that_states_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_us_time_zones_parse_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning would fail the test
        moment = parse_datetime("March 15, 2026 11:59 PM EST")
    assert moment is not None and moment.utcoffset() is not None
    assert moment.utcoffset().total_seconds() == -5 * 3600  # type: ignore[union-attr]
