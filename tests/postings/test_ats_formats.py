"""The ATS formats added for issue 8, on fixtures written for the project in each API's recorded shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rolecall.errors import PostingLoadError
from rolecall.postings.model import EmploymentType, Posting, Workplace
from rolecall.postings.sources import parse_payload
from rolecall.postings.sources.detect import format_of
from rolecall.postings.sources.workday import workday_place

ATS = Path(__file__).parent / "fixtures" / "ats"


def _load(name: str) -> list[Posting]:
    return parse_payload((ATS / name).read_bytes(), origin=str(ATS / name))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("workday-detail.json", "workday"),
        ("workday-list.json", "workday"),
        ("smartrecruiters-list.json", "smartrecruiters"),
        ("smartrecruiters-posting.json", "smartrecruiters"),
        ("personio-feed.xml", "personio"),
        ("workable-account.json", "workable"),
        ("recruitee-offers.json", "recruitee"),
        ("teamtailor-feed.json", "teamtailor"),
        ("usajobs-search.json", "usajobs"),
    ],
)
def test_each_format_is_detected_from_its_content(name: str, fmt: str) -> None:
    assert format_of((ATS / name).read_bytes(), origin="payload") == fmt


def test_workday_detail() -> None:
    (p,) = _load("workday-detail.json")
    assert (p.title, p.company) == ("Geospatial Data Engineer", "Tidewater Survey Group, LLC")
    assert [(loc.city, loc.region, loc.country) for loc in p.locations] == [
        ("Norfolk", "Virginia", "US"),
        ("Baltimore", "Maryland", "US"),
    ]
    assert p.workplace == Workplace.HYBRID
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert (p.job_id, p.date_posted) == ("R-40417", date(2026, 4, 2))
    assert p.url and p.url.endswith("_R-40417")
    assert p.pay is not None and (p.pay.min, p.pay.max) == (98000, 131000)  # from the prose, shared extractor
    assert "Maintain PostGIS schemas" in p.text


def test_workday_list_rows_with_the_board_url_from_the_feed_address() -> None:
    origin = "https://tidewater.wd1.myworkdayjobs.com/wday/cxs/tidewater/Careers/jobs"
    rows = parse_payload((ATS / "workday-list.json").read_bytes(), origin=origin)
    assert [p.job_id for p in rows] == ["R-40420", "R-40421"]
    assert (
        rows[0].url
        == "https://tidewater.wd1.myworkdayjobs.com/Careers/job/USA-VA-Norfolk/Survey-Technician_R-40420"
    )
    assert rows[0].company == "Tidewater"
    assert rows[0].locations[0].city == "Norfolk"
    assert rows[1].locations == []  # "2 Locations" is a summary, not a place


def test_workday_place_strings() -> None:
    loc = workday_place("CAN-ON-Toronto - 100 King St")
    assert loc is not None and (loc.city, loc.region, loc.country) == ("Toronto", "Ontario", "CA")
    assert workday_place("3 Locations") is None


def test_smartrecruiters_list_and_posting() -> None:
    first, remote = _load("smartrecruiters-list.json")
    assert (first.title, first.company, first.job_id) == ("Field Robotics Engineer", "QuarryBots", "FRE-88")
    assert (first.locations[0].city, first.locations[0].region) == ("Denver", "Colorado")
    assert first.workplace == Workplace.HYBRID
    assert first.employment_type == [EmploymentType.FULL_TIME]
    assert first.url == "https://jobs.smartrecruiters.com/QuarryBots/7400001"
    assert remote.workplace == Workplace.REMOTE and remote.remote_regions == ["CA"]
    assert remote.employment_type == [EmploymentType.CONTRACTOR]
    (p,) = _load("smartrecruiters-posting.json")
    assert p.workplace == Workplace.ONSITE
    assert [s.heading for s in p.sections][:3] == ["Company Description", "Job Description", "Qualifications"]
    assert p.eligibility.min_experience_years == 4
    assert p.apply_url and p.apply_url.endswith("oga=true")


def test_smartrecruiters_posting_without_a_title_is_a_clear_error() -> None:
    with pytest.raises(PostingLoadError, match="no 'name'"):
        parse_payload('{"jobAd": {"sections": {}}}', origin="sr.json")


def test_personio_feed() -> None:
    lead, student = parse_payload(
        (ATS / "personio-feed.xml").read_bytes(), origin="https://lindenhof.jobs.personio.de/xml"
    )
    assert (lead.title, lead.company, lead.department) == (
        "Shift Lead Bakery Production",
        "Lindenhof Bakeries GmbH",
        "Production",
    )
    assert [loc.city for loc in lead.locations] == ["Munich", "Berlin"]
    assert lead.employment_type == [EmploymentType.FULL_TIME]
    assert lead.url == "https://lindenhof.jobs.personio.de/job/310022"
    assert [s.heading for s in lead.sections][:2] == ["Your tasks", "Your profile"]
    assert lead.date_posted == date(2026, 2, 11)
    assert student.company == "Lindenhof"  # no subcompany: the board's name
    assert student.employment_type == [EmploymentType.PART_TIME]


def test_personio_refuses_entities() -> None:
    evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><workzag-jobs><position><name>&e;</name></position></workzag-jobs>'
    try:
        postings = parse_payload(evil, origin="p.xml")
    except PostingLoadError:
        return
    assert all("root:" not in p.title for p in postings)


def test_workable_account() -> None:
    scientist, intern = _load("workable-account.json")
    assert (scientist.company, scientist.job_id, scientist.department) == (
        "Fernhill Analytics",
        "DS-07",
        "Science",
    )
    assert scientist.workplace == Workplace.REMOTE and scientist.remote_regions == ["PT"]
    assert (scientist.locations[0].city, scientist.locations[0].country) == ("Lisbon", "PT")
    assert scientist.apply_url == "https://apply.workable.com/j/FA11AA22/apply"
    assert "Education: Master's Degree" in scientist.text
    assert intern.employment_type == [EmploymentType.INTERN]
    assert intern.workplace != Workplace.REMOTE


def test_recruitee_offers() -> None:
    (p,) = _load("recruitee-offers.json")
    assert (p.title, p.company) == ("Warehouse Planner", "Kestrel Freight")
    assert (p.locations[0].city, p.locations[0].country) == ("Rotterdam", "NL")
    assert p.workplace == Workplace.HYBRID
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.pay is not None and (p.pay.min, p.pay.max, p.pay.currency, p.pay.unit) == (
        3200,
        4100,
        "EUR",
        "MONTH",
    )
    assert (p.date_posted, p.valid_through) == (date(2026, 6, 1), date(2026, 7, 15))
    assert "Two years of planning experience" in p.text


def test_teamtailor_json_feed() -> None:
    (p,) = _load("teamtailor-feed.json")
    assert (p.title, p.company, p.job_id) == ("Level Designer", "Birchway Studios", "4410")
    assert (p.locations[0].city, p.locations[0].country) == ("Gothenburg", "SE")
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert "Design levels for our next co-op game." in p.text
    assert p.source is not None and p.source.format == "teamtailor"


def test_usajobs_search_result() -> None:
    (p,) = _load("usajobs-search.json")
    assert (p.title, p.company, p.department) == (
        "Oceanographer",
        "National Ocean Service",
        "Department of Commerce",
    )
    assert [(loc.city, loc.region) for loc in p.locations] == [
        ("Norfolk", "Virginia"),
        ("Seattle", "Washington"),
    ]
    assert p.job_id == "NOAA-26-TIDE-0042"
    assert p.pay is not None and (p.pay.min, p.pay.max, p.pay.unit, p.pay.currency) == (
        86962,
        135834,
        "YEAR",
        "USD",
    )
    assert "GS-12/13" in (p.pay.text or "")
    assert (p.date_posted, p.valid_through) == (date(2026, 5, 1), date(2026, 5, 15))
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.workplace != Workplace.REMOTE
    assert "Who may apply: United States Citizens" in p.text
    assert "Publish datum updates." in p.text
    assert p.eligibility.citizenship_required is True
