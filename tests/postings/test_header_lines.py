"""A scraped page's header block in the shapes job sites print it (invented pages, one shape each)."""

from __future__ import annotations

import pytest

from rolecall.postings.model import EmploymentType, Workplace
from rolecall.postings.sources.detect import parse_payload
from rolecall.postings.sources.header_lines import name_like, read_line

_BODY = (
    "\n\nAbout the job\n"
    "You will build the tools our tide forecasters use every day, from data pipelines to dashboards.\n"
)


def _one(text: str):  # type: ignore[no-untyped-def]
    (p,) = parse_payload(text, origin="page.txt", fmt="text")
    return p


def _city(p) -> set[str]:  # type: ignore[no-untyped-def]
    return {loc.city for loc in p.locations if loc.city}


def test_bare_employer_line_under_the_title_then_place_type_and_id() -> None:
    p = _one("Tide Data Analyst\nHarbor Light\nPortland, ME\nPart-time\nJob ID: HL-77" + _BODY)
    assert (p.title, p.company) == ("Tide Data Analyst", "Harbor Light")
    assert "Portland" in _city(p)
    assert p.employment_type == [EmploymentType.PART_TIME]
    assert p.job_id == "HL-77"


def test_at_company_line_under_the_title() -> None:
    p = _one("Tide Data Analyst\nat Harbor Light\nPortland, ME (Hybrid)\nApply" + _BODY)
    assert (p.title, p.company) == ("Tide Data Analyst", "Harbor Light")
    assert p.workplace == Workplace.HYBRID


def test_employer_above_the_title_with_a_rating() -> None:
    p = _one("Harbor Light\n4.2 ★\nSenior Tide Analyst\nPortland, ME\nEasy Apply" + _BODY)
    assert (p.title, p.company) == ("Senior Tide Analyst", "Harbor Light")


def test_a_title_naming_the_employer_tells_which_line_is_which() -> None:
    # Neither line has a role word; the title mentions the employer named on the line above it.
    p = _one("Harbor Light\nSemester at Harbor Light – Summer\nPortland, ME" + _BODY)
    assert (p.title, p.company) == ("Semester at Harbor Light – Summer", "Harbor Light")


def test_careers_masthead_above_the_title() -> None:
    p = _one("Harbor Light Careers\nTide Data Analyst\nPortland, ME\nFull-time" + _BODY)
    assert (p.title, p.company) == ("Tide Data Analyst", "Harbor Light")


def test_byline_with_place_workplace_age_and_counts_then_chips() -> None:
    page = (
        "Promoted\nTide Data Analyst\n"
        "Harbor Light · Portland, ME (Hybrid) · 3 days ago · 48 applicants\n"
        "Hybrid · Internship\nEasy Apply\nSave" + _BODY
    )
    p = _one(page)
    assert (p.title, p.company) == ("Tide Data Analyst", "Harbor Light")
    assert p.workplace == Workplace.HYBRID
    assert p.employment_type == [EmploymentType.INTERN]
    assert "Portland" in _city(p)


def test_page_title_role_at_company_site_with_a_colonless_card() -> None:
    page = (
        "Tide Data Analyst at Harbor Light | Startup Jobs\nHarbor Light\nTide Data Analyst\n"
        "$90K - $120K • Portland, ME, US\nJob type Full-time\nApply to role ›" + _BODY
    )
    p = _one(page)
    assert (p.title, p.company) == ("Tide Data Analyst", "Harbor Light")
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.pay is not None and (p.pay.min, p.pay.max) == (90000, 120000)


def test_page_title_company_dash_role_then_a_slash_line() -> None:
    page = (
        "harborlight - Tide Data Analyst\nTide Data Analyst\nPortland, ME / Contract / Remote\nApply" + _BODY
    )
    p = _one(page)
    assert (p.title, p.company) == ("Tide Data Analyst", "harborlight")  # a brand in lower case
    assert p.employment_type == [EmploymentType.CONTRACTOR]
    assert p.workplace == Workplace.REMOTE


def test_labels_on_one_line_and_values_on_the_next() -> None:
    page = (
        "Harbor Light Careers\nTide Data Analyst\nApply\nlocations\nPortland, ME\nremote type\nHybrid\n"
        "time type\nFull time\njob requisition id\nR-1042" + _BODY
    )
    p = _one(page)
    assert (p.title, p.company, p.job_id) == ("Tide Data Analyst", "Harbor Light", "R-1042")
    assert p.workplace == Workplace.HYBRID and p.employment_type == [EmploymentType.FULL_TIME]


def test_a_value_that_is_also_a_label_word() -> None:
    # "Remote" is a label ("Remote: yes") and here the value under "Location Type".
    page = (
        "Tide Data Analyst\nLocation\nPortland, ME\nLocation Type\nRemote\nCompensation\n$90K - $120K" + _BODY
    )
    p = _one(page)
    assert p.workplace == Workplace.REMOTE
    assert p.pay is not None and p.pay.min == 90000


def test_workplace_phrases_and_a_pay_line_with_the_type() -> None:
    page = (
        "Tide Data Analyst\nHarbor Light\nHybrid work in Portland, ME\n$80,000 - $95,000 a year - Full-time"
        + _BODY
    )
    p = _one(page)
    assert p.workplace == Workplace.HYBRID and "Portland" in _city(p)
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.pay is not None and (p.pay.min, p.pay.max, p.pay.unit) == (80000, 95000, "YEAR")


def test_a_workplace_line_beats_one_found_among_places() -> None:
    p = _one("Tide Data Analyst\nHarbor Light\nPortland, ME; Remote (US)\nOn-site\nFull-time" + _BODY)
    assert p.workplace == Workplace.ONSITE


def test_about_heading_names_the_employer_when_no_header_line_does() -> None:
    page = (
        "Tide Data Analyst\nPortland, ME\n\nAbout Harbor Light\n"
        "We forecast tides for ports along the coast and sell the forecasts to harbour masters.\n"
    )
    assert _one(page).company == "Harbor Light"


def test_a_long_title_stays_whole_and_a_title_is_never_a_byline() -> None:
    title = "Intern – Tide Software Development - Machine Learning - Summer 2027 - Portland or Remote"
    p = _one(f"Harbor Light\n{title}\nPortland, ME" + _BODY)
    assert (p.title, p.company) == (title, "Harbor Light")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Full-time · Mid-Senior level", "types"),
        ("Part time", "types"),
        ("Hybrid", "workplace"),
        ("Chicago, IL (Hybrid)", "place"),
        ("$80,000 - $95,000 a year", "pay"),
        ("3.9 out of 5 stars", "chrome"),
        ("Globex · Chicago, IL · 2 weeks ago", "byline"),
        ("Intern – Software Development - Machine Learning", "other"),
        ("Security Intern - Remote", "other"),
        ("at Globex", "at"),
        ("Globex Robotics, Inc.", "legal"),
    ],
)
def test_read_line(line: str, kind: str) -> None:
    assert read_line(line).kind == kind


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("Harbor Light", True),
        ("Harbor Associates", True),  # a firm named for its people
        ("Engineering", False),  # a team
        ("About the job", False),  # a section heading
        ("Senior Data Analyst", False),  # a role
        ("Full-time", False),
        ("Stellenausschreibung: Redakteur:in", False),
    ],
)
def test_name_like(line: str, ok: bool) -> None:
    assert name_like(line) is ok
