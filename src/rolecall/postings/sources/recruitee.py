"""Recruitee careers-site API (``GET https://{company}.recruitee.com/api/offers/``): ``{offers: [...]}``.

Fields: ``title``, ``company_name``, ``careers_url``/``careers_apply_url``, ``location`` (as shown),
``city``/``state_name``/``country_code``, ``locations[]`` (city, state, country_code), ``remote``/``hybrid``/
``on_site``, ``employment_type_code`` (``fulltime_permanent``, ``contract``, ``internship``...),
``salary{min, max, period, currency}``, ``published_at``, ``close_at``, ``department``, ``description``
and ``requirements`` (HTML), ``status``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value
from rolecall.postings.model import Location, Posting, Workplace
from rolecall.postings.sources.ats import _load, company_from_slug
from rolecall.postings.sources.base import finish, stem, to_date
from rolecall.postings.sources.structured import (
    pay_from,
    place,
    remote_place,
    source_of,
    text_of,
    titled_sections,
)
from rolecall.postings.text import one_line

_CLOSED = {"closed", "archived", "expired"}


def parse_recruitee(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    if isinstance(value, dict) and isinstance(value.get("offers"), list):
        items = value["offers"]
    elif isinstance(value, dict) and isinstance(value.get("offer"), dict):
        items = [value["offer"]]
    elif isinstance(value, dict):
        items = [value]
    else:
        raise PostingLoadError(origin, "Recruitee payload is neither an offer nor {offers: [...]}")
    return [_offer(item, origin, n) for n, item in enumerate(items, start=1)]


def _offer(item: Any, origin: str, n: int) -> Posting:
    if not isinstance(item, dict) or not item.get("title"):
        raise PostingLoadError(origin, f"Recruitee offer {n} has no 'title'")
    locations: list[Location] = []
    for loc in item.get("locations") or []:
        if isinstance(loc, dict):
            here = place(loc.get("city"), loc.get("state"), loc.get("country_code") or loc.get("country"))
            if here is not None:
                locations.append(here)
    if not locations and (item.get("city") or item.get("country")):
        here = place(
            item.get("city"), item.get("state_name"), item.get("country_code") or item.get("country")
        )
        if here is not None:
            locations.append(here)
    workplace = Workplace.UNKNOWN
    if item.get("remote") is True:
        workplace = Workplace.REMOTE
        locations.append(remote_place(item.get("country_code")))
    elif item.get("hybrid") is True:
        workplace = Workplace.HYBRID
    elif item.get("on_site") is True:
        workplace = Workplace.ONSITE
    code = str(item.get("employment_type_code") or "").replace("_", " ")
    salary = item.get("salary") or {}
    url = item.get("careers_url") or None
    host = urlsplit(url).hostname if url else None
    slug = host.split(".")[0] if host and host.endswith("recruitee.com") else stem(origin)
    company = text_of(item.get("company_name")) or company_from_slug(slug)
    return finish(
        Posting(
            id=f"recruitee-{item.get('id') or item.get('slug') or n}",
            title=one_line(str(item["title"])),
            company=company,
            locations=locations,
            workplace=workplace,
            employment_type=employment_type_value(code) if code else [],
            url=url,
            apply_url=item.get("careers_apply_url") or url,
            date_posted=to_date(item.get("published_at")),
            valid_through=to_date(item.get("close_at")),
            active=str(item.get("status") or "").lower() not in _CLOSED,
            pay=pay_from(
                salary.get("min"),
                salary.get("max"),
                currency=salary.get("currency"),
                unit=salary.get("period"),
            )
            if isinstance(salary, dict)
            else None,
            department=text_of(item.get("department")),
            sections=titled_sections(
                [(None, item.get("description")), ("Requirements", item.get("requirements"))]
            ),
            source=source_of("recruitee", origin),
        )
    )
