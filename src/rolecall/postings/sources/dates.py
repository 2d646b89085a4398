"""Dates as postings write them: ISO, "March 15, 2026", "6 Oct 2025", "Oct. 6th", "06.10.2025" (day
first, as dotted dates are written), "Montag, den 06. Oktober 2025", "le 6 octobre 2025", "11:59 PM EST".

python-dateutil does the parsing (already a dependency, fast, no network or locale data): its
``parserinfo`` is given the month and weekday names of other languages and the small words between a
date's parts from ``data/dates.yaml``, and a time-zone table so "EDT"/"EST" parse without a warning.
A date without a year ("Oct. 6th") takes the year of ``default`` (today when none is given).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

import yaml
from dateutil import parser as date_parser

# "06.10.2025", "6. 10. 2025", "06. Oktober": a day written before the month with a dot.
_DAY_FIRST = re.compile(r"\b\d{1,2}\.\s?(?:\d{1,2}\.\s?\d{2,4}\b|[^\W\d_]{3,})")
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4})(?!\d)")


@cache
def _month_words() -> re.Pattern[str]:
    info, _ = _tables()
    names = sorted({n for names in info.MONTHS for n in names}, key=len, reverse=True)
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, names))})(?![^\W\d_])", re.I)


def _states_a_date(text: str) -> bool:
    """A month name or a whole numeric date: '3 positions' or 'Posted 3 days ago' state none."""
    return bool(_NUMERIC_DATE.search(text) or _month_words().search(text))


@cache
def _tables() -> tuple[date_parser.parserinfo, dict[str, Any]]:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("rolecall").joinpath("data", "dates.yaml").read_text("utf-8")
    )

    class _Info(date_parser.parserinfo):
        MONTHS = [  # noqa: RUF012 (dateutil reads these class attributes)
            (*names, *(str(x) for x in raw["months"][i + 1]))
            for i, names in enumerate(date_parser.parserinfo.MONTHS)
        ]
        WEEKDAYS = [  # noqa: RUF012
            (*names, *(str(x) for x in raw["weekdays"][i]))
            for i, names in enumerate(date_parser.parserinfo.WEEKDAYS)
        ]
        JUMP = [*date_parser.parserinfo.JUMP, *(str(x) for x in raw["jump"])]  # noqa: RUF012

    zones = {str(k): timezone(timedelta(hours=float(v)), str(k)) for k, v in raw["timezones"].items()}
    return _Info(), zones


def parse_date(text: str, *, default: date | None = None) -> date | None:
    """The date a string states (module docstring), or None when it states none."""
    moment = parse_datetime(text, default=default)
    return moment.date() if moment else None


def parse_datetime(text: str, *, default: date | None = None) -> datetime | None:
    """As ``parse_date``, with the time (and its zone, when written) kept."""
    s = " ".join(str(text).split()).strip(" ,;")
    if not s or not re.search(r"\d", s) or not _states_a_date(s):
        return None
    info, zones = _tables()
    base = datetime.combine(default or date.today(), datetime.min.time()).replace(day=1)
    options: dict[str, Any] = {
        "parserinfo": info,
        "tzinfos": zones,
        "dayfirst": bool(_DAY_FIRST.search(s)),
        "default": base,
    }
    try:
        return date_parser.parse(s, **options)
    except (ValueError, OverflowError):
        pass
    try:  # a date inside other words ("Ende: 23.09.2025 um 12 Uhr"); a date is stated (checked above)
        return date_parser.parse(s, fuzzy=True, **options)
    except (ValueError, OverflowError):
        return None
