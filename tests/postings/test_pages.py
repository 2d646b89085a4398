"""Scraped job pages from any site: header block by general cues, chrome by shape."""

from __future__ import annotations

import pytest

from rolecall.errors import PostingLoadError
from rolecall.postings.chrome import is_chrome_line, label_field, strip_announcement
from rolecall.postings.model import Workplace
from rolecall.postings.sources.detect import parse_payload
from rolecall.postings.sources.page import headline_role, title_at_company


def _one(text: str, origin: str = "page.txt", fmt: str = "text"):  # type: ignore[no-untyped-def]
    (p,) = parse_payload(text, origin=origin, fmt=fmt)
    return p


def test_plain_text_header_block_title_employer_place_and_id() -> None:
    page = (
        "Marine Data Intern - Remote\n"
        "Harbor Light Analytics, Inc.\n"
        "Remote\n"
        "ID: HL55012\n"
        "The Marine Data Intern joins the mapping team and reports to the Director of Mapping. "
        "You will clean sonar data and build dashboards for port authorities across the coast.\n"
    )
    p = _one(page)
    # The title as the page (and a structured source) writes it; its " - Remote" is read as well.
    assert p.title == "Marine Data Intern - Remote"
    assert p.company == "Harbor Light Analytics, Inc."
    assert p.workplace == Workplace.REMOTE
    assert p.job_id == "HL55012"


def test_flattened_page_with_a_story_headline_and_a_site_title() -> None:
    page = (
        "Tidal Forge (YC W24) Is Hiring\n\n"
        "Founding Backend Engineer at Tidal Forge | Startup Board Open menu About Companies Jobs Log in "
        "Tidal Forge Ship software for shipyards Founding Backend Engineer $150K - $190K • Boston, MA, US "
        "Job type Full-time Role Engineering Experience 3+ years About the role We build software that "
        "plans ship repairs. You will own the backend and its data model.\n"
    )
    p = _one(page, "story.txt")
    assert (p.title, p.company) == ("Founding Backend Engineer", "Tidal Forge")
    assert any(loc.city == "Boston" for loc in p.locations)


def test_headline_alone_gives_employer_and_role() -> None:
    page = (
        "Quarry (YC S22) is hiring a Platform Engineer (NYC, Onsite)\n\n"
        "Quarry Platform Careers Log In Book a demo. We run mining logistics for hundreds of sites. "
        "You will build the data platform that plans every truck's route.\n"
    )
    p = _one(page, "quarry.txt")
    assert (p.title, p.company) == ("Platform Engineer", "Quarry")
    assert p.workplace == Workplace.ONSITE
    assert any(loc.city for loc in p.locations)  # NYC, from the headline's parentheses


def test_a_page_without_a_role_keeps_its_best_line_never_an_error() -> None:
    page = (
        "Pinecone Systems Is Hiring\n\n"
        "About Us | Pinecone Systems Capabilities Solutions Resources Sign in. We build search for ships "
        "and ports, and we are hiring across the team.\n"
    )
    p = _one(page, "pinecone.txt")
    assert p.title == "Pinecone Systems Is Hiring"
    assert p.company == "Pinecone Systems"


def test_a_text_that_is_not_a_job_page_says_so() -> None:
    with pytest.raises(PostingLoadError, match="not a job page"):
        _one("Grocery list\n\nApples, pears and three kinds of bread for the weekend picnic by the lake.\n")


def test_chrome_lines_never_become_title_or_company() -> None:
    page = (
        "Promoted\n"
        "Save job\n"
        "Data Analyst\n"
        "Globex Corporation · Chicago, IL (Hybrid) · Posted 3 days ago\n"
        "143 applicants\n"
        "Try Premium for free\n\n"
        "About the job\n"
        "Globex is looking for an analyst to own pricing dashboards across our retail business.\n"
    )
    p = _one(page, "globex.txt")
    assert (p.title, p.company) == ("Data Analyst", "Globex Corporation")
    text = " ".join(x for s in p.sections for x in s.passages)
    assert "applicants" not in text and "Premium" not in text


def test_html_page_title_from_a_labelled_field_and_employer_from_the_heading() -> None:
    page = (
        "<html><body><header><nav><a href='/'>Home</a></nav></header><main>"
        "<h1>Harbor Radio (55123x) | Job posting Archive Editor 23.09.2025</h1>"
        "<div><a href='/f/1'>Show this company's data</a><span>Show all posts of this company</span></div>"
        "<dl><dt>Advertised position:</dt><dd>Archive Editor</dd>"
        "<dt>Application deadline:</dt><dd>October 6, 2025</dd></dl>"
        "<section><h2>Harbor Radio</h2><p>Harbor Radio is advertising the following position.</p>"
        "<h3>Archive Editor (40 hours)</h3><p>You will curate the archive of radio programmes and help "
        "editors find recordings for new broadcasts across the network.</p></section></main></body></html>"
    )
    p = _one(page, "radio.html", "html")
    assert (p.title, p.company) == ("Archive Editor", "Harbor Radio")
    assert p.valid_through is not None and p.valid_through.month == 10
    text = " ".join(x for s in p.sections for x in s.passages)
    assert "Show all posts" not in text and "company's data" not in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Staff Engineer at Harbor Light | Jobs Board Open menu", ("Staff Engineer", "Harbor Light")),
        ("Jobs at Tidal Forge | Board", (None, "Tidal Forge")),
        ("We work at sea level every day and love it", None),
    ],
)
def test_title_at_company(line: str, expected: tuple[str | None, str] | None) -> None:
    assert title_at_company(line) == expected


@pytest.mark.parametrize(
    ("headline", "role"),
    [
        ("Quarry (YC S22) Is Hiring a Founding Engineer (NYC)", "Founding Engineer"),
        ("Quarry (YC S22) is hiring designers who code", "designers"),
        ("Quarry (YC W23): Founding Reliability Engineer – $200K", "Founding Reliability Engineer"),
        ("Quarry (YC W13) Is Hiring in Boston and Oslo", None),
    ],
)
def test_headline_role(headline: str, role: str | None) -> None:
    assert headline_role(headline) == role


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Apply now", True),
        ("Easy Apply", True),
        ("Over 200 applicants", True),
        ("2 weeks ago", True),
        ("Accept all cookies", True),
        ("Alle Veröffentlichungen anzeigen", True),
        ("Open Source Engineer", False),
        ("Search Quality Lead", False),
        ("Pittsburgh, PA", False),
        ("Requirements", False),
        ("Sign up flows are part of the onboarding work. You will own them.", False),
    ],
)
def test_chrome_by_shape(line: str, chrome: bool) -> None:
    assert is_chrome_line(line) is chrome


def test_labels_come_from_the_cue_table_in_two_languages() -> None:
    assert label_field("Job ID") == "job_id"
    assert label_field("Ende der Bewerbungsfrist:") == "valid_through"
    assert label_field("Favourite colour") is None
    assert strip_announcement("Stellenausschreibung: Redakteur:in") == "Redakteur:in"
    assert strip_announcement("Data Engineer") == "Data Engineer"


def test_a_german_page_names_its_place_after_a_cue_word() -> None:
    page = (
        "Stellenausschreibung: Techniker:in\n"
        "Ende der Bewerbungsfrist: Freitag, den 17. Oktober 2025\n\n"
        "Beim Harbor Rundfunk wird folgende Stelle ausgeschrieben:\n"
        "Techniker:in (40 Wochenstunden) in Verwendungsgruppe 6 (Bruttojahresgehalt mindestens "
        "€ 41.200,50 inkl. Sonderzahlungen) für die Landesdirektion Kärnten, Technik.\n"
        "Bewerbungen bitte unter https://jobs.harbor-rundfunk.at/job/17 bis 17.10.2025.\n"
    )
    p = _one(page, "rundfunk.txt")
    assert p.valid_through is not None and (p.valid_through.month, p.valid_through.day) == (10, 17)
    assert [(loc.region, loc.country) for loc in p.locations] == [("Kärnten", "AT")]
    assert p.pay is not None and (p.pay.min, p.pay.currency, p.pay.unit) == (41200.5, "EUR", "YEAR")
    # German abbreviations do not end a sentence
    assert any("inkl. Sonderzahlungen" in x for s in p.sections for x in s.passages)
