"""What every adapter shares: ids, dates, and the final pass that fills gaps from prose."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any

from rolecall.errors import PostingLoadError
from rolecall.postings import locations as loc_mod
from rolecall.postings.extract import enrich
from rolecall.postings.model import Location, Posting, Workplace
from rolecall.postings.sources.dates import parse_date

log = logging.getLogger(__name__)


def stem(origin: str) -> str:
    """'knowledge/acme-intern.md' -> 'acme-intern'; a URL -> its last path segment."""
    name = PurePath(origin.split("?")[0].rstrip("/")).name or "posting"
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name) or "posting"


def slug(text: str, *, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:limit].rstrip("-") or "posting"


def is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


def to_date(value: Any) -> date | None:
    """ISO strings, free-form dates, epoch seconds or milliseconds -> date (None when unreadable)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10_000_000_000 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{9,13}", text):
            return to_date(int(text))
        return parse_date(text)
    return None


def need(mapping: dict[str, Any], key: str, origin: str, what: str) -> Any:
    value = mapping.get(key)
    if value in (None, ""):
        raise PostingLoadError(origin, f"{what} has no '{key}'")
    return value


def finish(posting: Posting) -> Posting:
    """Fill gaps from prose, tidy locations, and derive workplace and remote regions from them."""
    p = enrich(posting)
    p.locations = loc_mod.dedupe(p.locations)
    if p.workplace == Workplace.UNKNOWN:
        wp = Workplace.UNKNOWN
        for loc in p.locations:
            found = loc_mod.workplace_in(loc.text)
            if found == Workplace.REMOTE or wp == Workplace.UNKNOWN:
                wp = found if found != Workplace.UNKNOWN else wp
        p.workplace = wp
    if not p.remote_regions:
        p.remote_regions = loc_mod.remote_regions_of(p.locations)
        if not p.remote_regions and p.workplace == Workplace.REMOTE:
            countries = {loc.country for loc in p.locations if loc.country}
            if len(countries) == 1:
                p.remote_regions = sorted(c for c in countries if c)
    return p


def locations_from(values: list[Any] | str | None) -> list[Location]:
    """Strings (each possibly naming several places) or mappings -> Locations."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[Location] = []
    for v in values:
        if isinstance(v, Location):
            out.append(v)
        elif isinstance(v, str):
            out.extend(loc_mod.parse_locations(v))
        elif isinstance(v, dict):
            out.append(_location_from_mapping(v))
    return out


def _location_from_mapping(v: dict[str, Any]) -> Location:
    if "text" in v and set(v) <= set(Location.model_fields):
        return Location.model_validate(v)
    addr = v.get("address", v)
    if isinstance(addr, dict) and isinstance(addr.get("postalAddress"), dict):
        addr = addr["postalAddress"]
    city = addr.get("addressLocality") if isinstance(addr, dict) else None
    region = addr.get("addressRegion") if isinstance(addr, dict) else None
    country = addr.get("addressCountry") if isinstance(addr, dict) else None
    if isinstance(country, dict):
        country = country.get("name")
    text = v.get("name") or v.get("location") or ", ".join(str(x) for x in (city, region, country) if x)
    parsed = loc_mod.parse_location(str(text)) if text else Location(text="")
    reg_name, reg_country = loc_mod.normalise_region(str(region)) if region else (None, None)
    return Location(
        text=str(text),
        city=city or parsed.city,
        region=reg_name or region or parsed.region,
        country=loc_mod.country_code(str(country))
        if country and loc_mod.country_code(str(country))
        else (str(country) if country and len(str(country)) == 2 else reg_country or parsed.country),
        remote=parsed.remote,
    )


# ---------------------------------------------------------------------------------------------------------
# Warnings: an adapter that reads a file despite a problem says so once; `catalog` shows it on the file's
# report. Outside a collection (a feed, a test) the warning goes to the log.

_warnings: ContextVar[list[str] | None] = ContextVar("posting_warnings", default=None)


@contextmanager
def collecting_warnings() -> Iterator[list[str]]:
    """Collect the warnings adapters raise while the block runs."""
    found: list[str] = []
    token = _warnings.set(found)
    try:
        yield found
    finally:
        _warnings.reset(token)


def warn(origin: str, message: str) -> None:
    found = _warnings.get()
    if found is None:
        log.warning("%s: %s", origin, message)
    elif message not in found:
        found.append(message)
