"""Every format, on fixtures written for the project."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rolecall.errors import PostingLoadError
from rolecall.postings.model import EmploymentType, Sponsorship, Workplace
from rolecall.postings.sources import parse_payload
from rolecall.postings.sources.base import collecting_warnings
from rolecall.postings.sources.detect import format_of
from tests.postings.conftest import load


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("page.txt", "text"),
        ("posting.md", "markdown"),
        ("postings.yaml", "yaml"),
        ("single.json", "json"),
        ("jsonld.html", "jsonld"),
        ("microdata.html", "microdata"),
        ("plain.html", "html"),
        ("hn.html", "hn"),
        ("greenhouse-content.json", "greenhouse"),
        ("greenhouse-list.json", "greenhouse"),
        ("greenhouse-single.json", "greenhouse"),
        ("lever.json", "lever"),
        ("ashby.json", "ashby"),
        ("community.json", "community"),
    ],
)
def test_format_is_detected_from_content(fixtures: Path, name: str, fmt: str) -> None:
    data = (fixtures / name).read_bytes()
    # Detection must not lean on the extension: the same bytes under a neutral name give the same format.
    assert format_of(data, origin="payload.dat") == fmt


def test_plain_text_page_strips_chrome_and_reads_fields() -> None:
    (p,) = load("page.txt")
    assert p.id == "page"
    assert p.title == "Data Engineer Intern"
    assert p.company == "Acme Widgets"
    assert [(loc.city, loc.region) for loc in p.locations] == [
        ("Denver", "Colorado"),
        ("Boulder", "Colorado"),
    ]
    assert p.job_id == "ACME-1234"
    assert p.employment_type == [EmploymentType.INTERN]
    assert [s.heading for s in p.sections][:2] == ["Overview", "Required Skills"]
    text = p.text
    for chrome in (
        "Skip to main content",
        "Want more jobs",
        "inbox",
        "Company Videos",
        "Hear directly",
        "signing up",
    ):
        assert chrome not in text
    assert "Acme Widgets makes widgets for the U.S. market, e.g. sprockets and gears." in text
    assert p.eligibility.min_experience_years == 0.5
    assert p.eligibility.degree == "Bachelor's"
    assert p.eligibility.student_status is not None


def test_markdown_front_matter_with_string_locations() -> None:
    (p,) = load("posting.md")
    assert (p.title, p.company, p.job_id) == ("Platform Engineer", "Acme Widgets", "ACME-77")
    assert p.locations[0].region == "Arizona"
    assert p.locations[1].remote and p.locations[1].country == "US"
    assert p.remote_regions == ["US"]
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.date_posted == date(2026, 3, 1)
    assert p.pay is not None and (p.pay.min, p.pay.max, p.pay.currency) == (150000, 170000, "USD")
    assert p.eligibility.sponsorship == Sponsorship.NOT_OFFERED  # front matter wins
    assert p.sections[1].heading == "Requirements"
    assert "Strong Go or Rust." in p.sections[1].passages  # emphasis stripped, bullet kept whole


def test_native_yaml_list_and_json_single() -> None:
    welder, intern = load("postings.yaml")
    assert welder.id == "postings-welder" and intern.id == "postings-welding-intern"
    assert welder.locations[0].region == "Texas"
    assert welder.eligibility.citizenship_required is True
    assert intern.terms == ["Summer 2026"] and intern.employment_type == [EmploymentType.INTERN]
    (j,) = load("single.json")
    assert j.id == "acme-json-1" and j.workplace == Workplace.REMOTE and j.remote_regions == ["CA"]


def test_jsonld_graph_inside_array() -> None:
    arm, tester = load("jsonld.html")
    assert arm.id == "jsonld-r-100" and tester.id == "jsonld-r-101"
    assert arm.company == "Acme Widgets" and arm.job_id == "R-100"
    assert {loc.region for loc in arm.locations} == {"Texas", "Arizona"}
    assert arm.employment_type == [EmploymentType.FULL_TIME, EmploymentType.CONTRACTOR]
    assert arm.valid_through == date(2026, 5, 1)
    assert arm.pay is not None and arm.pay.unit == "YEAR" and arm.pay.max == 140000
    assert arm.eligibility.clearance == "TS/SCI"
    assert "Cookie banner" not in arm.text
    assert tester.workplace == Workplace.REMOTE and tester.remote_regions == ["US"]


def test_microdata() -> None:
    (p,) = load("microdata.html")
    assert (p.title, p.company) == ("Warehouse Associate", "Acme Widgets")
    assert (p.locations[0].city, p.locations[0].region) == ("Reno", "Nevada")
    assert p.employment_type == [EmploymentType.PART_TIME]
    assert p.date_posted == date(2026, 1, 15)
    assert p.pay is not None and (p.pay.min, p.pay.unit) == (19.5, "HOUR")


def test_plain_html_without_markup() -> None:
    (p,) = load("plain.html")
    assert (p.title, p.company, p.job_id) == ("QA Analyst", "Acme Widgets", "QA-42")
    assert p.locations[0].city == "Chicago"
    assert p.workplace == Workplace.HYBRID
    assert p.eligibility.sponsorship == Sponsorship.NOT_OFFERED
    assert "var x" not in p.text and "Privacy Policy" not in p.text


def test_hn_header_tokens() -> None:
    (p,) = load("hn.html")
    assert (p.company, p.title) == ("Acme Widgets", "Senior Backend Engineer")
    assert p.eligibility.sponsorship == Sponsorship.OFFERED  # the bare VISA token
    assert p.eligibility.evidence_for("sponsorship")[0].quote.endswith("VISA")
    assert p.workplace == Workplace.REMOTE and p.remote_regions == ["US"]
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.pay is not None and (p.pay.min, p.pay.max) == (160000, 190000)
    assert "5+ years with Python" in p.text
    assert p.apply_instructions is not None and "jobs@acme.example" in p.apply_instructions


def test_greenhouse_variants() -> None:
    (full,) = load("greenhouse-content.json")
    assert full.id == "greenhouse-111" and full.job_id == "AE-9"
    assert full.date_posted == date(2026, 4, 6)  # first_published
    assert full.workplace == Workplace.REMOTE  # from metadata
    assert full.eligibility.sponsorship == Sponsorship.NOT_OFFERED  # from the unescaped content
    assert "<p>" not in full.text and "&lt;" not in full.text
    listed = load("greenhouse-list.json")
    assert [p.id for p in listed] == ["greenhouse-111", "greenhouse-112"]
    assert all(p.company == "Acme" for p in listed)  # no company_name: the board slug
    (single,) = load("greenhouse-single.json")
    assert single.id == "greenhouse-111"


def test_lever() -> None:
    designer, engineer = load("lever.json")
    assert designer.id == "lever-abc-1"
    assert designer.employment_type == [EmploymentType.INTERN]
    assert designer.workplace == Workplace.REMOTE
    assert designer.date_posted == date(2026, 1, 1)  # createdAt in ms
    assert [s.heading for s in designer.sections if s.passages][1] == "Requirements"
    assert designer.pay is not None and (designer.pay.min, designer.pay.currency) == (
        30000,
        "GBP",
    )  # from prose
    assert engineer.pay is not None and (engineer.pay.max, engineer.pay.unit) == (
        120000,
        "YEAR",
    )  # salaryRange


def test_ashby_with_compensation() -> None:
    (p,) = load("ashby.json")
    assert p.id == "ashby-ash-1" and p.workplace == Workplace.HYBRID
    assert p.employment_type == [EmploymentType.INTERN]
    assert p.locations[0].city == "Berlin" and p.locations[0].country == "DE"
    assert p.pay is not None and (p.pay.min, p.pay.max, p.pay.currency, p.pay.unit) == (
        50000,
        60000,
        "EUR",
        "YEAR",
    )


def test_community_rows() -> None:
    offered, closed, citizens, not_offered = load("community.json")
    assert offered.eligibility.sponsorship == Sponsorship.OFFERED
    assert offered.eligibility.evidence_for("sponsorship")[0].quote == "Sponsorship: Offers Sponsorship"
    assert offered.locations[1].city == "New York City"  # GeoNames' name
    assert offered.date_posted == date(2025, 1, 1)  # epoch seconds
    assert closed.eligibility.sponsorship == Sponsorship.NOT_STATED  # "Other"
    assert closed.active is False and closed.is_closed(date(2025, 1, 2))
    assert closed.terms == ["Fall 2025"]
    assert citizens.eligibility.citizenship_required is True
    assert citizens.eligibility.sponsorship == Sponsorship.NOT_STATED
    assert (
        citizens.eligibility.evidence_for("citizenship")[0].quote
        == "Sponsorship: U.S. Citizenship is Required"
    )
    assert not_offered.eligibility.sponsorship == Sponsorship.NOT_OFFERED
    assert len({p.id for p in (offered, closed, citizens, not_offered)}) == 4


def test_fmt_override_and_unknown_format() -> None:
    text = "Acme | Engineer | Austin, TX | VISA"
    with pytest.raises(PostingLoadError, match="unknown format"):
        parse_payload(text, origin="x", fmt="nope")
    (p,) = parse_payload(f"<p>{text}<p>Build things.</p>", origin="hn-1.html", fmt="hn")
    assert p.eligibility.sponsorship == Sponsorship.OFFERED


def test_front_matter_typo_is_named_in_a_warning_and_kept() -> None:
    text = "---\ntitle: X\ncompany: Acme\nlocaton: Austin, TX\n---\nBody.\n"
    with collecting_warnings() as warnings:
        (p,) = parse_payload(text, origin="typo.md")
    assert len(warnings) == 1 and "locaton" in warnings[0]
    assert p.extra == {"locaton": "Austin, TX"}
    assert "Locaton: Austin, TX" in p.text  # shown under Details, so it can still be quoted


def test_bytes_and_str_give_the_same_postings(fixtures: Path) -> None:
    data = (fixtures / "lever.json").read_bytes()
    as_bytes = parse_payload(data, origin="lever.json")
    as_str = parse_payload(data.decode(), origin="lever.json")
    assert [p.model_dump() for p in as_bytes] == [p.model_dump() for p in as_str]


def test_seeking_work_post_is_not_an_open_role() -> None:
    html = "<p>SEEKING WORK | Backend Developer | Remote<p>I build APIs. Email me@example.com</p>"
    (p,) = parse_payload(html, origin="hn-2.html")
    assert p.active is False and p.title.startswith("SEEKING WORK")


def test_hn_header_variants() -> None:
    html = (
        "<p>Krea; Fulltime; Onsite, San Francisco, CA, USA.<p>We treat research, engineering, and creativity "
        "as first-class citizens.<p>Apply via `ssh apply@krea.engineering`</p>"
    )
    (p,) = parse_payload(html, origin="hn-3.html")
    assert p.company == "Krea"
    assert p.locations[0].city == "San Francisco" and p.workplace == Workplace.ONSITE
    assert p.eligibility.citizenship_required is None
    assert p.apply_instructions is not None and "apply@krea.engineering" in p.apply_instructions
    html = (
        "<p>Acme | Hybrid (USA) Albuquerque NM, Dayton OH | Full time, interns/co-ops"
        " | U.S. citizenship required"
    )
    (p,) = parse_payload(html + "<p>We build things.</p>", origin="hn-4.html")
    assert {loc.region for loc in p.locations} == {"New Mexico", "Ohio"}
    assert p.employment_type == [EmploymentType.FULL_TIME, EmploymentType.INTERN]
    assert p.eligibility.citizenship_required is True


def test_text_starting_with_a_bracket_is_still_a_page() -> None:
    text = (
        "[Remote] Senior Engineer\n\nat Acme Widgets\n\nAbout\n"
        "We build widgets for everyone, everywhere, every day of the year.\n"
    )
    (p,) = parse_payload(text, origin="bracket.txt")
    assert p.title == "[Remote] Senior Engineer" and p.company == "Acme Widgets"
    with pytest.raises(PostingLoadError, match="invalid JSON"):
        parse_payload('{"title": "x",', origin="notes.txt")


def test_same_title_twice_in_one_file_gets_distinct_ids() -> None:
    text = "- {title: Welder, company: Acme}\n- {title: Welder, company: Acme}\n"
    a, b = parse_payload(text, origin="welders.yaml")
    assert a.id == "welders-welder" and b.id == "welders-welder-2"


def test_hn_bullet_separated_header() -> None:
    html = (
        "<p>Acme Widgets • Staff Engineer • Kraków, Poland • Hybrid • Full-time<p>Build widgets in Rust.</p>"
    )
    (p,) = parse_payload(html, origin="hn-5.html")
    assert (p.company, p.title) == ("Acme Widgets", "Staff Engineer")
    assert (p.locations[0].city, p.locations[0].country) == ("Kraków", "PL")
    assert p.workplace == Workplace.HYBRID


def test_jsonld_references_and_comma_types() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "Organization", "@id": "#org", "name": "Acme Widgets"},
      {"@type": "JobPosting", "title": "Analyst", "hiringOrganization": {"@id": "#org"},
       "employmentType": "FULL_TIME, PART_TIME",
       "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Boise",
         "addressRegion": "ID", "addressCountry": {"@type": "Country", "name": "United States"}}},
       "description": "Crunch numbers."}]}
    </script></head><body></body></html>"""
    (p,) = parse_payload(html, origin="analyst.html")
    assert p.company == "Acme Widgets"
    assert p.employment_type == [EmploymentType.FULL_TIME, EmploymentType.PART_TIME]
    assert (p.locations[0].city, p.locations[0].region, p.locations[0].country) == ("Boise", "Idaho", "US")


def test_jsonld_without_description_uses_the_page_and_survives_a_broken_block() -> None:
    html = """<html><head>
    <script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": [,]}</script>
    <script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting",
      "title": "Nurse Educator", "hiringOrganization": {"name": "Acme Health"},
      "jobLocation": {"address": {"addressLocality": "Omaha", "addressRegion": "NE"}},}</script></head>
    <body><header><h1>Nurse Educator</h1><a>Log in</a></header>
    <div class="cookie-banner">We use cookies to improve your experience.</div>
    <main><h2>About the role</h2><p>Teach new nurses on our wards. Must hold an active RN license.</p></main>
    <footer>Copyright Acme Health</footer></body></html>"""
    (p,) = parse_payload(html, origin="nurse.html")
    assert (p.title, p.company, p.locations[0].region) == ("Nurse Educator", "Acme Health", "Nebraska")
    assert p.sections[0].heading == "About the role"
    assert "Teach new nurses on our wards." in p.text
    assert "cookies" not in p.text and "Copyright" not in p.text


def test_text_page_byline_and_label_value_lines() -> None:
    linkedin_like = (
        "Senior Data Analyst\nGlobex Corporation · Chicago, IL (Hybrid) · Posted 3 days ago\n\n"
        "About the job\n"
        "Globex is looking for an analyst to own pricing dashboards across our retail business.\n"
        "- 3+ years of SQL experience\n"
    )
    (p,) = parse_payload(linkedin_like, origin="globex.txt")
    assert (p.title, p.company) == ("Senior Data Analyst", "Globex Corporation")
    assert p.locations[0].city == "Chicago" and p.workplace == Workplace.HYBRID
    workday_like = (
        "Software Engineer II\n\nat Initech\n\nlocations\nRedmond, WA\ntime type\nFull time\n"
        "job requisition id\nR-12345\n\nJob Description\n"
        "Initech builds payroll software used by thousands of companies worldwide.\n"
    )
    (q,) = parse_payload(workday_like, origin="initech.txt")
    assert q.job_id == "R-12345" and q.employment_type == [EmploymentType.FULL_TIME]
    assert q.locations[0].region == "Washington"


def test_hn_header_citizen_or_resident_is_no_sponsorship_not_citizenship() -> None:
    post = "<p>Loomwise | Backend Engineer | Austin, TX | US citizens or green card holders<p>We weave data."
    [p] = parse_payload(post, origin="hn-1001.html", fmt="hn")
    assert p.eligibility.sponsorship == Sponsorship.NOT_OFFERED
    assert p.eligibility.citizenship_required is None
    strict = "<p>Loomwise | Backend Engineer | Austin, TX | US citizens only<p>We weave data."
    [q] = parse_payload(strict, origin="hn-1002.html", fmt="hn")
    assert q.eligibility.citizenship_required is True


def test_hn_shortened_link_text_never_becomes_the_url() -> None:
    href = "https:&#x2F;&#x2F;job-boards.greenhouse.io&#x2F;acme&#x2F;jobs&#x2F;"
    html = (
        "<p>Acme Robotics | Firmware Engineer | Austin, TX | ONSITE | "
        f'<a href="{href}4512345678" rel="nofollow">{href}451...</a> Acme builds robots for '
        "warehouses.<p>Apply via the link above.</p>"
    )
    (p,) = parse_payload(html, origin="hn-3.html", fmt="hn")
    assert p.url == "https://job-boards.greenhouse.io/acme/jobs/4512345678"
    assert p.apply_url == p.url
