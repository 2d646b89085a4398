"""Workable's public widget/account API (``GET https://apply.workable.com/api/v1/widget/accounts/{account}``,
``?details=true`` adds each job's ``description``): ``{name, description, jobs: [...]}``.

Job fields: ``title``, ``shortcode`` (id), ``code`` (the employer's requisition code), ``employment_type``,
``telecommuting`` (remote), ``department``, ``url``/``shortlink``/``application_url``,
``published_on``/``created_at``, ``city``/``state``/``country``, ``locations[]`` (city, region,
countryCode), ``experience``, ``education``, ``function``, ``description`` (HTML, with details).
"""

from __future__ import annotations

from typing import Any

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value
from rolecall.postings.model import Location, Posting, Section, Workplace
from rolecall.postings.sources.ats import _load, company_from_slug
from rolecall.postings.sources.base import finish, stem, to_date
from rolecall.postings.sources.structured import place, remote_place, source_of, text_of, titled_sections


def parse_workable(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    if not isinstance(value, dict) or not isinstance(value.get("jobs"), list):
        raise PostingLoadError(origin, "Workable payload has no 'jobs' list")
    account = text_of(value.get("name"))
    return [_job(job, account, origin, n) for n, job in enumerate(value["jobs"], start=1)]


def _job(job: Any, account: str | None, origin: str, n: int) -> Posting:
    if not isinstance(job, dict) or not job.get("title"):
        raise PostingLoadError(origin, f"Workable job {n} has no 'title'")
    locations: list[Location] = []
    for loc in job.get("locations") or []:
        if isinstance(loc, dict):
            here = place(loc.get("city"), loc.get("region"), loc.get("countryCode") or loc.get("country"))
            if here is not None:
                locations.append(here)
    if not locations:
        here = place(job.get("city"), job.get("state"), job.get("country"))
        if here is not None:
            locations.append(here)
    workplace = Workplace.UNKNOWN
    if job.get("telecommuting") is True:
        workplace = Workplace.REMOTE
        countries = {loc.country for loc in locations if loc.country}
        locations.append(remote_place(next(iter(countries)) if len(countries) == 1 else None))
    employment = text_of(job.get("employment_type"))
    sections = titled_sections([(None, job.get("description"))])
    facts = [
        f"{label}: {value}"
        for label, value in (
            ("Experience", text_of(job.get("experience"))),
            ("Education", text_of(job.get("education"))),
            ("Function", text_of(job.get("function"))),
        )
        if value
    ]
    if facts:
        sections.append(Section(heading="Job details", passages=facts))
    url = job.get("url") or job.get("shortlink") or None
    company = account or company_from_slug(
        stem(origin).split("-")[1] if "-" in stem(origin) else stem(origin)
    )
    return finish(
        Posting(
            id=f"workable-{job.get('shortcode') or n}",
            title=str(job["title"]),
            company=company,
            locations=locations,
            workplace=workplace,
            employment_type=employment_type_value(employment) if employment else [],
            job_id=text_of(job.get("code")) or None,
            url=url,
            apply_url=job.get("application_url") or url,
            date_posted=to_date(job.get("published_on") or job.get("created_at")),
            department=text_of(job.get("department")),
            sections=sections,
            source=source_of("workable", origin),
        )
    )
