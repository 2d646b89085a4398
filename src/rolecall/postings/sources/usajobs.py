"""USAJOBS Search API (``GET https://data.usajobs.gov/api/search``): ``SearchResult.SearchResultItems[]``,
each with a ``MatchedObjectDescriptor`` (a bare descriptor, or a list of them, is read too).

Fields: ``PositionTitle``, ``OrganizationName`` (the hiring agency) and ``DepartmentName``,
``PositionID`` (announcement number), ``PositionURI``/``ApplyURI``, ``PositionLocation[]`` (CityName,
CountrySubDivisionCode, CountryCode, LocationName) and ``PositionLocationDisplay``,
``PositionRemuneration[]`` (MinimumRange, MaximumRange, RateIntervalCode ``PA``/``PH``...),
``JobGrade[].Code`` + ``UserArea.Details.LowGrade/HighGrade``, ``PositionSchedule[]``,
``PositionOfferingType[]``, ``PublicationStartDate``, ``ApplicationCloseDate``, ``QualificationSummary``,
``UserArea.Details``: ``JobSummary``, ``MajorDuties[]``, ``Requirements``, ``Education``,
``Evaluations``, ``HowToApply``, ``Benefits``, ``OtherInformation``, ``KeyRequirements[]``,
``WhoMayApply.Name``, ``RemoteIndicator``, ``TeleworkEligible``, ``SecurityClearance``,
``TotalOpenings``, ``PromotionPotential``.
"""

from __future__ import annotations

from typing import Any

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value
from rolecall.postings.model import EmploymentType, Location, Posting, Section, Workplace
from rolecall.postings.sources.ats import _load
from rolecall.postings.sources.base import finish, slug, to_date
from rolecall.postings.sources.structured import pay_from, place, remote_place, source_of, text_of
from rolecall.postings.text import sections_from_plain

# UserArea.Details prose, in the order a USAJOBS announcement shows it.
_PROSE = (
    ("JobSummary", "Summary"),
    ("MajorDuties", "Duties"),
    ("KeyRequirements", "Requirements"),
    ("Requirements", "Requirements"),
    ("Education", "Education"),
    ("Evaluations", "How you will be evaluated"),
    ("HowToApply", "How to apply"),
    ("Benefits", "Benefits"),
    ("OtherInformation", "Additional information"),
)
_FACTS = (
    ("WhoMayApply", "Who may apply"),
    ("SecurityClearance", "Security clearance"),
    ("TeleworkEligible", "Telework eligible"),
    ("TotalOpenings", "Openings"),
    ("PromotionPotential", "Promotion potential"),
    ("TravelCode", "Travel"),
)
_OFFERING = {
    "temporary": EmploymentType.TEMPORARY,
    "term": EmploymentType.TEMPORARY,
    "internship": EmploymentType.INTERN,
}


def parse_usajobs(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    if isinstance(value, dict) and isinstance(value.get("SearchResult"), dict):
        items = value["SearchResult"].get("SearchResultItems") or []
    elif isinstance(value, dict):
        items = [value]
    elif isinstance(value, list):
        items = value
    else:
        raise PostingLoadError(origin, "USAJOBS payload has no 'SearchResult'")
    descriptors = [i.get("MatchedObjectDescriptor", i) if isinstance(i, dict) else i for i in items]
    return [_announcement(d, origin, n) for n, d in enumerate(descriptors, start=1)]


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [t for t in (text_of(v) for v in items) if t]


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    return {"true": True, "yes": True, "false": False, "no": False}.get(text)


def _announcement(d: Any, origin: str, n: int) -> Posting:
    if not isinstance(d, dict) or not d.get("PositionTitle"):
        raise PostingLoadError(origin, f"USAJOBS item {n} has no 'PositionTitle'")
    details = ((d.get("UserArea") or {}).get("Details")) or {}
    locations: list[Location] = []
    for loc in d.get("PositionLocation") or []:
        if isinstance(loc, dict):
            # CityName repeats the state ("Norfolk, Virginia"): the city is its first part.
            here = place(
                (text_of(loc.get("CityName")) or "").split(",")[0] or None,
                loc.get("CountrySubDivisionCode"),
                loc.get("CountryCode"),
                text=text_of(loc.get("LocationName")),
            )
            if here is not None:
                locations.append(here)
    display = text_of(d.get("PositionLocationDisplay"))
    if not locations and display:
        here = place(text=display)
        if here is not None:
            locations.append(here)
    remote = _flag(details.get("RemoteIndicator"))
    workplace = Workplace.REMOTE if remote else Workplace.UNKNOWN
    if remote and not any(loc.remote for loc in locations):
        locations.append(
            remote_place("US", text=display if display and "remote" in display.lower() else None)
        )
    grade = _grade(d, details)
    pay = None
    for rem in d.get("PositionRemuneration") or []:
        if isinstance(rem, dict):
            pay = pay_from(
                rem.get("MinimumRange"),
                rem.get("MaximumRange"),
                currency="USD",
                unit=rem.get("RateIntervalCode") or rem.get("Description"),
            )
            if pay is not None:
                pay.text = " ".join(x for x in (pay.text, f"({grade})" if grade else None) if x)
                break
    types: list[EmploymentType] = []
    for name in _names(d.get("PositionSchedule")):
        types += [t for t in employment_type_value(name) if t not in types]
    for name in _names(d.get("PositionOfferingType")):
        t = _OFFERING.get(name.split()[0].lower())
        if t and t not in types:
            types.append(t)
    sections: list[Section] = []
    facts = [f"Hiring agency: {x}" for x in _names(d.get("OrganizationName"))]
    facts += [f"Department: {x}" for x in _names(d.get("DepartmentName"))]
    facts += [f"Location: {display}"] if display else []
    facts += [f"Grade: {grade}"] if grade else []
    schedule, offering = _names(d.get("PositionSchedule")), _names(d.get("PositionOfferingType"))
    if schedule:
        facts.append(f"Work schedule: {', '.join(schedule)}")
    if offering:
        facts.append(f"Appointment type: {', '.join(offering)}")
    for key, label in _FACTS:
        value = details.get(key)
        shown = text_of(value) if not isinstance(value, bool) else ("Yes" if value else "No")
        if shown:
            facts.append(f"{label}: {shown}")
    if remote is not None:
        facts.append(f"Remote job: {'Yes' if remote else 'No'}")
    sections.append(Section(heading="Overview", passages=facts))
    summary = text_of(d.get("QualificationSummary"))
    prose = [(k, h) for k, h in _PROSE]
    for key, heading in prose:
        value = details.get(key)
        items = value if isinstance(value, list) else [value] if value else []
        passages = [
            p
            for v in items
            if isinstance(v, str) and v.strip()
            for s in sections_from_plain(v)
            for p in s.passages
        ]
        if passages:
            sections.append(Section(heading=heading, passages=passages))
        if key == "JobSummary" and summary:
            sections.append(
                Section(
                    heading="Qualifications",
                    passages=[p for s in sections_from_plain(summary) for p in s.passages],
                )
            )
    url = text_of(d.get("PositionURI"))
    apply = _names(d.get("ApplyURI"))
    pid = text_of(d.get("PositionID")) or text_of(d.get("MatchedObjectId")) or str(n)
    return finish(
        Posting(
            id=f"usajobs-{slug(pid, limit=50)}",
            title=str(d["PositionTitle"]),
            company=_names(d.get("OrganizationName"))[0]
            if d.get("OrganizationName")
            else (_names(d.get("DepartmentName")) or ["Unknown employer"])[0],
            locations=locations,
            workplace=workplace,
            employment_type=types,
            job_id=pid,
            url=url,
            apply_url=apply[0] if apply else url,
            date_posted=to_date(d.get("PublicationStartDate") or d.get("PositionStartDate")),
            valid_through=to_date(d.get("ApplicationCloseDate") or d.get("PositionEndDate")),
            pay=pay,
            department=_names(d.get("DepartmentName"))[0] if d.get("DepartmentName") else None,
            sections=sections,
            source=source_of("usajobs", origin),
        )
    )


def _grade(d: dict[str, Any], details: dict[str, Any]) -> str | None:
    """'GS' + LowGrade/HighGrade -> 'GS-12/13' (one grade: 'GS-12')."""
    plan = next((text_of(g.get("Code")) for g in d.get("JobGrade") or [] if isinstance(g, dict)), None)
    low, high = text_of(details.get("LowGrade")), text_of(details.get("HighGrade"))
    grades = "/".join(dict.fromkeys(x for x in (low, high) if x))
    if plan and grades:
        return f"{plan}-{grades}"
    return plan or None
