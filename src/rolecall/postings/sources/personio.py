"""Personio's public job XML feed (``GET https://{company}.jobs.personio.de/xml?language=en``).

``<workzag-jobs>`` holds one ``<position>`` per open role: ``id``, ``subcompany``, ``office`` and
``additionalOffices/office``, ``department``, ``recruitingCategory``, ``name`` (title),
``jobDescriptions/jobDescription`` (``name`` + HTML ``value``), ``employmentType`` (permanent, intern,
trainee, freelance, temporary, working_student), ``seniority``, ``schedule`` (full-time, part-time,
full-or-part-time), ``yearsOfExperience``, ``occupation``, ``occupationCategory``, ``keywords`` and
``createdAt``. The public page of a position is ``https://{company}.jobs.personio.de/job/{id}``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value
from rolecall.postings.model import EmploymentType, Location, Posting, Section
from rolecall.postings.sources.ats import company_from_slug
from rolecall.postings.sources.base import finish, is_url, stem, to_date
from rolecall.postings.sources.structured import place, source_of, titled_sections

_TYPES = {
    "permanent": [],  # says nothing about hours; `schedule` does
    "intern": [EmploymentType.INTERN],
    "trainee": [EmploymentType.INTERN],
    "working_student": [EmploymentType.PART_TIME],
    "freelance": [EmploymentType.CONTRACTOR],
    "temporary": [EmploymentType.TEMPORARY],
}


def _child(el: etree._Element, name: str) -> str | None:
    found = el.find(name)
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def parse_personio(text: str, *, origin: str) -> list[Posting]:
    # No DTDs, no entities, no network: the feed is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise PostingLoadError(origin, f"invalid XML: {exc.msg}") from exc
    if root.tag != "workzag-jobs":
        raise PostingLoadError(origin, f"Personio feed root is <{root.tag}>, expected <workzag-jobs>")
    board = _board(origin)
    return [_position(el, board, origin, n) for n, el in enumerate(root.findall("position"), start=1)]


def _board(origin: str) -> str:
    if is_url(origin):
        host = urlsplit(origin).hostname or ""
        if ".jobs.personio." in host:
            return host.split(".")[0]
    return re.sub(r"^personio-", "", stem(origin)).split("-")[0]


def _position(el: etree._Element, board: str, origin: str, n: int) -> Posting:
    title = _child(el, "name")
    if not title:
        raise PostingLoadError(origin, f"Personio position {n} has no <name> (title)")
    pid = _child(el, "id") or str(n)
    offices = [_child(el, "office")] + [
        (o.text or "").strip() for o in el.findall("additionalOffices/office")
    ]
    locations: list[Location] = [
        loc for o in dict.fromkeys(x for x in offices if x) if (loc := place(text=o))
    ]
    descriptions = [
        (_child(d, "name"), _child(d, "value")) for d in el.findall("jobDescriptions/jobDescription")
    ]
    sections = titled_sections(descriptions)
    types = list(_TYPES.get((_child(el, "employmentType") or "").lower(), []))
    schedule = _child(el, "schedule")
    if schedule and schedule.lower() != "full-or-part-time":
        types += [t for t in employment_type_value(schedule) if t not in types]
    facts = [
        f"{label}: {value}"
        for label, tag in (
            ("Employment type", "employmentType"),
            ("Schedule", "schedule"),
            ("Seniority", "seniority"),
            ("Years of experience", "yearsOfExperience"),
            ("Occupation", "occupation"),
        )
        if (value := _child(el, tag))
    ]
    if facts:
        sections.append(Section(heading="Job details", passages=facts))
    url = f"https://{board}.jobs.personio.de/job/{pid}" if board else None
    return finish(
        Posting(
            id=f"personio-{board}-{pid}",
            title=title,
            company=_child(el, "subcompany") or company_from_slug(board, *(v or "" for _, v in descriptions)),
            locations=locations,
            employment_type=types,
            job_id=pid,
            url=url,
            apply_url=url,
            date_posted=to_date(_child(el, "createdAt")),
            department=_child(el, "department"),
            sections=sections,
            source=source_of("personio", origin),
        )
    )
