"""Helpers the ATS adapters share: a place from separate city/region/country fields, a remote entry,
pay from min/max/interval fields, and prose sections from titled HTML blocks."""

from __future__ import annotations

import re
from typing import Any

from rolecall.postings import locations as loc_mod
from rolecall.postings.model import Location, Pay, Section, Source
from rolecall.postings.sources.base import is_url
from rolecall.postings.text import one_line, sections_from_html, unescape_html

_UNITS = {
    "hour": "HOUR",
    "hourly": "HOUR",
    "ph": "HOUR",
    "day": "DAY",
    "daily": "DAY",
    "pd": "DAY",
    "week": "WEEK",
    "weekly": "WEEK",
    "pw": "WEEK",
    "month": "MONTH",
    "monthly": "MONTH",
    "pm": "MONTH",
    "year": "YEAR",
    "yearly": "YEAR",
    "annual": "YEAR",
    "annually": "YEAR",
    "pa": "YEAR",
}


def text_of(value: Any) -> str | None:
    """A field that may be a string, a number or a {label|name|descriptor|value} mapping -> text."""
    if isinstance(value, dict):
        for key in ("label", "name", "descriptor", "value", "Name"):
            if value.get(key):
                return text_of(value[key])
        return None
    if value is None or isinstance(value, bool):
        return None
    text = one_line(str(value))
    return text or None


def country_of(value: Any) -> str | None:
    """'us' / 'USA' / 'Israel' / {'alpha2Code': 'US'} -> 'US'."""
    if isinstance(value, dict):
        value = value.get("alpha2Code") or value.get("countryCode") or value.get("descriptor")
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    return loc_mod.country_code(text)


def place(
    city: Any = None, region: Any = None, country: Any = None, *, text: str | None = None
) -> Location | None:
    """A Location from separate fields (trusted as given), or from the text a source displays (parsed;
    None unless it reads as a place, so "Multiple Locations" is not a city)."""
    city_s, region_s = text_of(city), text_of(region)
    code = country_of(country)
    if text is None:
        shown = ", ".join(x for x in (city_s, region_s, text_of(country)) if x)
        if not shown:
            return None
        reg_name, reg_country = loc_mod.normalise_region(region_s) if region_s else (None, None)
        return Location(text=shown, city=city_s, region=reg_name or region_s, country=code or reg_country)
    parsed = loc_mod.parse_location(text)
    if not (city_s or region_s or code) and not loc_mod.is_recognised_place(parsed):
        return None
    reg_name, reg_country = loc_mod.normalise_region(region_s) if region_s else (None, None)
    return Location(
        text=text,
        city=city_s or parsed.city,
        region=reg_name or region_s or parsed.region,
        country=code or reg_country or parsed.country,
        remote=parsed.remote,
    )


def remote_place(country: Any = None, *, text: str | None = None) -> Location:
    code = country_of(country)
    return Location(text=text or (f"Remote ({code})" if code else "Remote"), country=code, remote=True)


def unit_of(value: Any) -> str | None:
    key = re.sub(r"[^a-z]", "", str(value or "").lower())
    key = re.sub(r"^per", "", key)
    return _UNITS.get(key)


def pay_from(
    lo: Any, hi: Any, *, currency: Any = None, unit: Any = None, text: str | None = None
) -> Pay | None:
    """min/max as numbers or numeric strings -> Pay; None when neither is a number."""

    def num(x: Any) -> float | None:
        m = re.search(r"\d[\d,]*(?:\.\d+)?", str(x)) if x not in (None, "") else None
        return float(m.group(0).replace(",", "")) if m else None

    lo_f, hi_f = num(lo), num(hi)
    if lo_f is None and hi_f is None:
        return None
    cur = str(currency).upper() if currency else None
    unit_s = unit_of(unit) if unit else None
    if text is None:
        amounts = " - ".join(
            f"{v:,.0f}" if v == int(v) else f"{v:,.2f}" for v in (lo_f, hi_f) if v is not None
        )
        text = " ".join(x for x in (cur, amounts, f"per {unit_s.lower()}" if unit_s else None) if x)
    return Pay(min=lo_f, max=hi_f, currency=cur, unit=unit_s, text=text)


def titled_sections(blocks: list[tuple[str | None, Any]]) -> list[Section]:
    """[(title, html)] -> sections: each block's own headings kept, its title heading the first part."""
    out: list[Section] = []
    for title, html in blocks:
        if not isinstance(html, str) or not html.strip():
            continue
        body = sections_from_html(unescape_html(html))
        if title and body and not body[0].heading:
            body[0] = Section(heading=one_line(title), passages=body[0].passages)
        out.extend(s for s in body if s.passages)
    return out


def source_of(fmt: str, origin: str) -> Source:
    """A file keeps its path; a fetched feed keeps its URL."""
    return Source(format=fmt, path=None if is_url(origin) else origin, url=origin if is_url(origin) else None)
