"""Workday career sites (the CXS JSON behind ``*.myworkdayjobs.com``).

Two shapes: a job's detail (``GET /wday/cxs/{tenant}/{site}/job/{path}``: ``jobPostingInfo`` with
``title``, ``jobDescription`` HTML, ``location``, ``additionalLocations``, ``timeType``, ``jobReqId``,
``startDate`` (the day the posting opened), ``endDate``, ``remoteType``, ``externalUrl``, ``country``;
and ``hiringOrganization.name``), and the list (``POST /wday/cxs/{tenant}/{site}/jobs``: ``total`` and
``jobPostings[]`` with ``title``, ``externalPath``, ``locationsText``, ``postedOn``, ``bulletFields``
holding the requisition id). Workday writes places as ``USA DC Washington`` or ``USA.VA.Reston``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from rolecall.errors import PostingLoadError
from rolecall.postings import locations as loc_mod
from rolecall.postings.extract import employment_type_value
from rolecall.postings.model import Location, Posting, Section, Workplace
from rolecall.postings.sources.ats import _load, company_from_slug, workplace_value
from rolecall.postings.sources.base import finish, is_url, stem, to_date
from rolecall.postings.sources.structured import country_of, remote_place, source_of, titled_sections

# "USA DC Washington", "USA.VA.Reston", "CAN-ON-Toronto - 100 King St": country, region code, city.
_CODED = re.compile(
    r"^(?P<country>[A-Z]{2,3})[ ._-]+(?P<region>[A-Z]{2})[ ._-]+(?P<city>[^-–(]+?)(?:\s+[-–(].*)?$"
)
_MANY = re.compile(r"^\d+\s+locations?$", re.I)


def workday_place(text: str, country: Any = None) -> Location | None:
    """A Workday location string -> Location; 'N Locations' (a list summary) -> None."""
    shown = " ".join(str(text).split())
    if not shown or _MANY.match(shown):
        return None
    m = _CODED.match(shown)
    if m:
        region, region_country = loc_mod.normalise_region(m.group("region"))
        code = country_of(m.group("country")) or region_country
        if region and (code is None or region_country in (None, code)):
            return Location(text=shown, city=m.group("city").strip(), region=region, country=code)
    parsed = loc_mod.parse_location(shown)
    if parsed.country is None and country is not None:
        parsed.country = country_of(country)
    return parsed


def _tenant(origin: str, url: str | None) -> str:
    for address in (url, origin):
        if address and is_url(address):
            host = urlsplit(address).hostname or ""
            if "myworkday" in host:
                return host.split(".")[0]
    return re.sub(r"^workday-", "", stem(origin)).split("-")[0] or "workday"


def parse_workday(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    if isinstance(value, dict) and isinstance(value.get("jobPostingInfo"), dict):
        return [_detail(value, origin)]
    if isinstance(value, dict) and isinstance(value.get("jobPostings"), list):
        return [_list_item(item, origin, n) for n, item in enumerate(value["jobPostings"], start=1)]
    raise PostingLoadError(origin, "Workday payload has neither 'jobPostingInfo' nor 'jobPostings'")


def _detail(value: dict[str, Any], origin: str) -> Posting:
    info = value["jobPostingInfo"]
    if not info.get("title"):
        raise PostingLoadError(origin, "Workday jobPostingInfo has no 'title'")
    country = (info.get("jobRequisitionLocation") or {}).get("country") or info.get("country")
    locations = [
        loc
        for raw in [info.get("location"), *(info.get("additionalLocations") or [])]
        if isinstance(raw, str)
        for loc in [workday_place(raw, country)]
        if loc is not None
    ]
    workplace = workplace_value(info.get("remoteType"))
    if workplace == Workplace.REMOTE and not any(loc.remote for loc in locations):
        locations.append(remote_place(country))
    url = info.get("externalUrl") or None
    org = (value.get("hiringOrganization") or {}).get("name")
    description = str(info.get("jobDescription") or "")
    company = org or company_from_slug(_tenant(origin, url), description)
    time_type = info.get("timeType")
    return finish(
        Posting(
            id=f"workday-{info.get('jobReqId') or info.get('id') or stem(origin)}",
            title=str(info["title"]),
            company=str(company),
            locations=locations,
            workplace=workplace,
            employment_type=employment_type_value(str(time_type)) if time_type else [],
            job_id=info.get("jobReqId") or None,
            url=url,
            apply_url=url,
            date_posted=to_date(info.get("startDate")),
            valid_through=to_date(info.get("endDate")),
            active=info.get("posted") is not False,
            sections=titled_sections([(None, description)]),
            source=source_of("workday", origin),
        )
    )


def _list_item(item: Any, origin: str, n: int) -> Posting:
    if not isinstance(item, dict) or not item.get("title"):
        raise PostingLoadError(origin, f"Workday job {n} has no 'title'")
    bullets = [str(b) for b in item.get("bulletFields") or [] if b]
    req = next((b for b in bullets if re.search(r"\d", b) and " " not in b.strip()), None)
    path = str(item.get("externalPath") or "")
    base = ""
    if is_url(origin):
        parts = urlsplit(origin)
        site = re.search(r"/wday/cxs/[^/]+/([^/]+)/", parts.path)
        base = f"{parts.scheme}://{parts.netloc}" + (f"/{site.group(1)}" if site else "")
    url = f"{base}{path}" if base and path else None
    loc = workday_place(str(item.get("locationsText") or ""))
    locations = [loc] if loc else []
    workplace = workplace_value(item.get("remoteType"))
    title = str(item["title"])
    passages = [f"{title}."]
    for label, key in (("Location", "locationsText"), ("Posted", "postedOn")):
        if item.get(key):
            passages.append(f"{label}: {item[key]}")
    return finish(
        Posting(
            id=f"workday-{req or re.sub(r'[^A-Za-z0-9]+', '-', path).strip('-') or n}",
            title=title,
            company=company_from_slug(_tenant(origin, None)),
            locations=locations,
            workplace=workplace,
            job_id=req,
            url=url,
            apply_url=url,
            sections=[Section(heading="Listing", passages=passages)],
            source=source_of("workday", origin),
        )
    )
