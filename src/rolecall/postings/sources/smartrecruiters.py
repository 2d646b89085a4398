"""SmartRecruiters Posting API: a company's list (``{offset, limit, totalFound, content: [...]}``) and one
posting (the same fields plus ``jobAd.sections``: companyDescription, jobDescription, qualifications,
additionalInformation, each ``{title, text}`` HTML).

Fields: ``name`` (title), ``company.name``, ``refNumber`` (requisition), ``releasedDate``,
``location{city, region, country, remote, hybrid, fullLocation}``, ``typeOfEmployment.label``,
``experienceLevel.label``, ``department.label``, ``postingUrl``/``applyUrl`` (list rows have neither:
the public page is ``jobs.smartrecruiters.com/{company}/{id}``).
"""

from __future__ import annotations

from typing import Any

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value
from rolecall.postings.model import Posting, Section, Workplace
from rolecall.postings.sources.ats import _load, company_from_slug
from rolecall.postings.sources.base import finish, stem, to_date
from rolecall.postings.sources.structured import place, remote_place, source_of, text_of, titled_sections

_SECTION_ORDER = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
PUBLIC_PAGE = "https://jobs.smartrecruiters.com"


def parse_smartrecruiters(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    if isinstance(value, dict) and isinstance(value.get("content"), list):
        items = value["content"]
    elif isinstance(value, dict):
        items = [value]
    elif isinstance(value, list):
        items = value
    else:
        raise PostingLoadError(
            origin, "SmartRecruiters payload is neither a posting nor a {content: [...]} list"
        )
    return [_posting(item, origin, n) for n, item in enumerate(items, start=1)]


def _posting(item: Any, origin: str, n: int) -> Posting:
    if not isinstance(item, dict) or not item.get("name"):
        raise PostingLoadError(origin, f"SmartRecruiters posting {n} has no 'name' (title)")
    company_field = item.get("company") or {}
    identifier = text_of(company_field.get("identifier")) if isinstance(company_field, dict) else None
    loc = item.get("location") or {}
    locations = []
    shown = text_of(loc.get("fullLocation"))
    if shown:
        shown = ", ".join(p.strip() for p in shown.split(",") if p.strip())  # "Petah Tikva, , Israel"
    here = place(loc.get("city"), loc.get("region"), loc.get("country"), text=shown) if loc else None
    if here is not None:
        locations.append(here)
    workplace = Workplace.UNKNOWN
    if loc.get("remote") is True:
        workplace = Workplace.REMOTE
        locations.append(remote_place(loc.get("country")))
    elif loc.get("hybrid") is True:
        workplace = Workplace.HYBRID
    elif loc.get("remote") is False and "hybrid" in loc:
        workplace = Workplace.ONSITE
    sections_raw = ((item.get("jobAd") or {}).get("sections")) or {}
    sections = titled_sections(
        [
            (text_of((sections_raw.get(k) or {}).get("title")), (sections_raw.get(k) or {}).get("text"))
            for k in _SECTION_ORDER
        ]
    )
    company = text_of(company_field.get("name")) if isinstance(company_field, dict) else None
    company = company or company_from_slug(
        identifier or stem(origin).split("-")[1 if "-" in stem(origin) else 0]
    )
    url = item.get("postingUrl") or (
        f"{PUBLIC_PAGE}/{identifier}/{item['id']}" if identifier and item.get("id") else None
    )
    employment = text_of(item.get("typeOfEmployment"))
    facts = [
        f"{label}: {value}"
        for label, value in (
            ("Experience level", text_of(item.get("experienceLevel"))),
            ("Function", text_of(item.get("function"))),
            ("Employment type", employment),
        )
        if value and value.lower() != "not applicable"
    ]
    if facts:
        sections.append(Section(heading="Job details", passages=facts))
    return finish(
        Posting(
            id=f"smartrecruiters-{item.get('id') or item.get('uuid') or stem(origin)}",
            title=str(item["name"]),
            company=company,
            locations=locations,
            workplace=workplace,
            employment_type=employment_type_value(employment) if employment else [],
            job_id=text_of(item.get("refNumber")),
            url=url,
            apply_url=item.get("applyUrl") or url,
            date_posted=to_date(item.get("releasedDate")),
            active=item.get("active") is not False,
            department=text_of(item.get("department")),
            sections=sections,
            source=source_of("smartrecruiters", origin),
        )
    )
