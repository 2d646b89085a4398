"""Applicant-tracking-system feeds: Greenhouse Job Board API, Lever Postings API v0, Ashby job-posting API."""

from __future__ import annotations

import json
import re
from typing import Any

from rolecall.errors import PostingLoadError
from rolecall.orgs import org_name_from_slug, spell_slug
from rolecall.postings import locations as loc_mod
from rolecall.postings.extract import employment_type_value, pay_in
from rolecall.postings.model import Location, Pay, Posting, Section, Source, Workplace
from rolecall.postings.sources.base import finish, locations_from, stem, to_date
from rolecall.postings.text import one_line, sections_from_html, sections_from_plain, unescape_html

_WORKPLACE_VALUES = {
    "remote": Workplace.REMOTE,
    "hybrid": Workplace.HYBRID,
    "onsite": Workplace.ONSITE,
    "on-site": Workplace.ONSITE,
    "on_site": Workplace.ONSITE,
    "in office": Workplace.ONSITE,
    "in-office": Workplace.ONSITE,
}


def workplace_value(value: Any) -> Workplace:
    """An ATS workplace field ('OnSite', 'hybrid', 'Remote', 'unspecified') -> Workplace."""
    if not isinstance(value, str):
        return Workplace.UNKNOWN
    key = value.strip().lower().replace("_", " ")
    return _WORKPLACE_VALUES.get(key) or loc_mod.workplace_in(value)


def _load(text: str, origin: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PostingLoadError(origin, f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc


def company_from_slug(slug: str, *texts: str) -> str:
    """A board slug ('smarterdx') spelt the way the posting spells it ('SmarterDx') when it does."""
    if not re.sub(r"[^a-z0-9]", "", slug.lower()):
        return slug
    return spell_slug(slug, "\n".join(t for t in texts if t)) or org_name_from_slug(slug)


def _board_slug(url: str | None, host_pattern: str) -> str | None:
    if not url:
        return None
    m = re.search(host_pattern + r"/([^/?#]+)", url)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------------------
# Greenhouse


def _jobs(text: str, origin: str, board: str) -> list[Any]:
    """A board's payload as a list of jobs: ``{"jobs": [...]}``, a bare list, or a single job."""
    value = _load(text, origin)
    if isinstance(value, dict) and isinstance(value.get("jobs"), list):
        return list(value["jobs"])
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    raise PostingLoadError(origin, f"{board} payload is neither a job nor a {{'jobs': [...]}} list")


def parse_greenhouse(text: str, *, origin: str) -> list[Posting]:
    jobs = _jobs(text, origin, "Greenhouse")
    return [_greenhouse_job(job, origin, n) for n, job in enumerate(jobs, start=1)]


def _metadata_value(metadata: Any, pattern: str) -> str | None:
    if not isinstance(metadata, list):
        return None
    for item in metadata:
        if isinstance(item, dict) and re.search(pattern, str(item.get("name", "")), re.I):
            v = item.get("value")
            if isinstance(v, list):
                v = ", ".join(str(x) for x in v)
            if v:
                return str(v)
    return None


def _greenhouse_job(job: Any, origin: str, n: int) -> Posting:
    if not isinstance(job, dict) or "id" not in job or "title" not in job:
        raise PostingLoadError(origin, f"Greenhouse job {n} has no 'id' or 'title'")
    content_html = unescape_html(str(job.get("content") or ""))
    sections = sections_from_html(content_html) if content_html else []
    url = job.get("absolute_url")
    slug = _board_slug(url, r"greenhouse\.io") or re.sub(r"^greenhouse-", "", stem(origin))
    company = job.get("company_name") or company_from_slug(slug, content_html)
    loc_name = (job.get("location") or {}).get("name") if isinstance(job.get("location"), dict) else None
    locations = locations_from(loc_name) if loc_name else []
    if not locations:
        offices = [
            o.get("location") or o.get("name") for o in job.get("offices") or [] if isinstance(o, dict)
        ]
        locations = locations_from([o for o in offices if o])
    workplace = workplace_value(_metadata_value(job.get("metadata"), r"workplace|remote|location\s+type"))
    employment = _metadata_value(job.get("metadata"), r"employment|job\s+type|commitment")
    departments = [
        str(d.get("name", "")).strip() for d in job.get("departments") or [] if isinstance(d, dict)
    ]
    return finish(
        Posting(
            id=f"greenhouse-{job['id']}",
            title=str(job["title"]),
            company=str(company),
            locations=locations,
            workplace=workplace,
            employment_type=employment_type_value(employment) if employment else [],
            job_id=str(job.get("requisition_id") or "") or None,
            url=url,
            apply_url=url,
            date_posted=to_date(job.get("first_published") or job.get("updated_at")),
            valid_through=to_date(job.get("application_deadline")),
            department=", ".join(d for d in departments if d) or None,
            sections=sections,
            source=Source(format="greenhouse", path=origin),
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Lever

_LEVER_INTERVAL = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def parse_lever(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    items = value if isinstance(value, list) else [value]
    return [_lever_posting(item, origin, n) for n, item in enumerate(items, start=1)]


def _lever_posting(item: Any, origin: str, n: int) -> Posting:
    if not isinstance(item, dict) or "id" not in item or "text" not in item:
        raise PostingLoadError(origin, f"Lever posting {n} has no 'id' or 'text' (title)")
    cats = item.get("categories") or {}
    url = item.get("hostedUrl")
    slug = _board_slug(url, r"lever\.co") or re.sub(r"^lever-", "", stem(origin))
    sections: list[Section] = []
    if item.get("description"):
        sections += sections_from_html(str(item["description"]))
    elif item.get("descriptionPlain"):
        sections += sections_from_plain(str(item["descriptionPlain"]))
    for lst in item.get("lists") or []:
        if not isinstance(lst, dict):
            continue
        body = sections_from_html(f"<ul>{lst.get('content') or ''}</ul>")
        passages = [p for s in body for p in s.passages]
        if passages:
            sections.append(Section(heading=one_line(str(lst.get("text") or "")), passages=passages))
    if item.get("additional"):
        sections += sections_from_html(str(item["additional"]))
    elif item.get("additionalPlain"):
        sections += sections_from_plain(str(item["additionalPlain"]))
    all_locs = cats.get("allLocations") or ([cats["location"]] if cats.get("location") else [])
    locations: list[Location] = locations_from(all_locs)
    country = item.get("country")
    for loc in locations:
        if loc.country is None and isinstance(country, str) and len(country) == 2:
            loc.country = country.upper()
    company = company_from_slug(slug, item.get("descriptionPlain") or "", item.get("additionalPlain") or "")
    return finish(
        Posting(
            id=f"lever-{item['id']}",
            title=str(item["text"]),
            company=company,
            locations=locations,
            workplace=workplace_value(item.get("workplaceType")),
            employment_type=employment_type_value(cats["commitment"]) if cats.get("commitment") else [],
            url=url,
            apply_url=item.get("applyUrl") or url,
            date_posted=to_date(item.get("createdAt")),
            pay=_lever_pay(item.get("salaryRange"), item.get("salaryDescriptionPlain")),
            department=cats.get("team") or cats.get("department"),
            sections=sections,
            source=Source(format="lever", path=origin),
        )
    )


def _lever_pay(rng: Any, description: Any) -> Pay | None:
    if isinstance(rng, dict) and (rng.get("min") is not None or rng.get("max") is not None):
        interval = str(rng.get("interval") or "")
        unit = next((u for k, u in _LEVER_INTERVAL.items() if k in interval), None)
        lo, hi = rng.get("min"), rng.get("max")
        cur = rng.get("currency")
        text = (
            f"{cur or ''} {lo:,} - {hi:,} {interval}".strip() if lo is not None and hi is not None else None
        )
        return Pay(min=lo, max=hi, currency=cur, unit=unit, text=text)
    if isinstance(description, str) and description.strip():
        return pay_in(description)
    return None


# ---------------------------------------------------------------------------------------------------------
# Ashby

_ASHBY_INTERVAL = {"HOUR": "HOUR", "DAY": "DAY", "WEEK": "WEEK", "MONTH": "MONTH", "YEAR": "YEAR"}


def parse_ashby(text: str, *, origin: str) -> list[Posting]:
    jobs = _jobs(text, origin, "Ashby")
    return [_ashby_job(job, origin, n) for n, job in enumerate(jobs, start=1)]


def _ashby_job(job: Any, origin: str, n: int) -> Posting:
    if not isinstance(job, dict) or "id" not in job or "title" not in job:
        raise PostingLoadError(origin, f"Ashby job {n} has no 'id' or 'title'")
    url = job.get("jobUrl")
    slug = _board_slug(url, r"ashbyhq\.com") or re.sub(r"^ashby-", "", stem(origin))
    html = str(job.get("descriptionHtml") or "")
    sections = (
        sections_from_html(html) if html else sections_from_plain(str(job.get("descriptionPlain") or ""))
    )
    locations: list[Location] = []
    if job.get("location") or job.get("address"):
        locations += locations_from([{"location": job.get("location"), "address": job.get("address") or {}}])
    for sec in job.get("secondaryLocations") or []:
        if isinstance(sec, dict):
            locations += locations_from([sec])
    workplace = workplace_value(job.get("workplaceType"))
    if workplace == Workplace.UNKNOWN and job.get("isRemote") is True:
        workplace = Workplace.REMOTE
    return finish(
        Posting(
            id=f"ashby-{job['id']}",
            title=str(job["title"]),
            company=company_from_slug(slug, str(job.get("descriptionPlain") or html)),
            locations=locations,
            workplace=workplace,
            employment_type=employment_type_value(str(job["employmentType"]))
            if job.get("employmentType")
            else [],
            url=url,
            apply_url=job.get("applyUrl") or url,
            date_posted=to_date(job.get("publishedAt")),
            pay=_ashby_pay(job.get("compensation")),
            department=job.get("department") or job.get("team"),
            sections=sections,
            source=Source(format="ashby", path=origin),
        )
    )


def _ashby_pay(comp: Any) -> Pay | None:
    if not isinstance(comp, dict):
        return None
    summary = comp.get("scrapeableCompensationSalarySummary") or comp.get("compensationTierSummary")
    components = list(comp.get("summaryComponents") or [])
    for tier in comp.get("compensationTiers") or []:
        if isinstance(tier, dict):
            components += tier.get("components") or []
    for c in components:
        if not isinstance(c, dict) or str(c.get("compensationType", "")).lower() not in (
            "salary",
            "hourly",
            "",
        ):
            continue
        if c.get("minValue") is None and c.get("maxValue") is None:
            continue
        interval = str(c.get("interval") or "").upper()
        unit = next((u for k, u in _ASHBY_INTERVAL.items() if k in interval), None)
        return Pay(
            min=c.get("minValue"),
            max=c.get("maxValue"),
            currency=c.get("currencyCode"),
            unit=unit,
            text=summary,
        )
    if isinstance(summary, str) and summary.strip():
        return pay_in(summary, require_context=False)
    return None
