from __future__ import annotations

import pytest

from rolecall.postings import locations as loc_mod
from rolecall.postings.locations import parse_location, parse_locations, remote_regions_of, split_locations
from rolecall.postings.text import blocks_from_html, sections_from_html, split_sentences


def test_sentences_keep_abbreviations() -> None:
    s = "You must be a U.S. citizen. We use many tools, e.g. Python and Go. Apply now!"
    assert split_sentences(s) == [
        "You must be a U.S. citizen.",
        "We use many tools, e.g. Python and Go. Apply now!",
    ]


def test_html_bullets_stay_whole_and_bold_paragraph_is_heading() -> None:
    html = (
        "<p><strong>Requirements</strong></p><ul><li>Python. Also Go.</li><li>SQL</li></ul>"
        "<p>Long text here. More.</p>"
    )
    sections = sections_from_html(html)
    assert sections[0].heading == "Requirements"
    assert sections[0].passages[:2] == ["Python. Also Go.", "SQL"]


def test_html_line_structure_in_forum_posts() -> None:
    blocks = blocks_from_html("<p>Requirements:\n7+ years experience\nAWS<p>Done.</p>")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Requirements"),
        ("bullet", "7+ years experience"),
        ("bullet", "AWS"),
        ("para", "Done."),
    ]


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        ("Tucson, AZ", "Tucson", "Arizona", "US"),
        ("Tucson, Arizona", "Tucson", "Arizona", "US"),
        ("Albuquerque NM", "Albuquerque", "New Mexico", "US"),
        # GeoNames' name for the city: "New York" alone is the state's name too.
        ("NYC (hybrid, 3-4 days onsite)", "New York City", "New York", "US"),
        ("Berlin, Germany", "Berlin", "Berlin", "DE"),  # Berlin is a Land of its own
        ("Bangalore, Karnataka", "Bengaluru", "Karnātaka", "IN"),
        ("Toronto, ON, Canada", "Toronto", "Ontario", "CA"),
        ("Research Triangle Park, Durham, NC, USA", "Research Triangle Park, Durham", "North Carolina", "US"),
    ],
)
def test_parse_location(text: str, city: str, region: str | None, country: str) -> None:
    loc = parse_location(text)
    assert (loc.city, loc.region, loc.country, loc.text) == (city, region, country, text)


def test_several_locations_in_one_line() -> None:
    assert split_locations("Tucson, AZ; Austin, TX") == ["Tucson, AZ", "Austin, TX"]
    assert split_locations("Pittsburgh, Palo Alto, Dearborn, Remote (US)") == [
        "Pittsburgh",
        "Palo Alto",
        "Dearborn",
        "Remote (US)",
    ]
    assert split_locations("REMOTE (US; SF or Seattle a plus)") == ["REMOTE (US; SF or Seattle a plus)"]


def test_remote_us_only() -> None:
    (loc,) = parse_locations("Remote (US only)")
    assert loc.remote and loc.country == "US" and loc.city is None
    assert remote_regions_of(parse_locations("REMOTE (US, UK, EU) or ONSITE")) == ["US", "GB", "EU"]
    assert remote_regions_of(parse_locations("Remote (Anywhere)")) == ["Worldwide"]
    (eu,) = parse_locations("Remote (EU)")
    assert eu.remote and eu.country is None and remote_regions_of([eu]) == ["EU"]
    assert remote_regions_of(parse_locations("Fully Remote AUS/NZ")) == ["AU", "NZ"]


def test_workplace_parenthesis_is_not_a_city() -> None:
    (loc,) = parse_locations("ONSITE (3-5 days London)")
    assert (loc.city, loc.country) == ("London", "GB")
    (loc,) = parse_locations("HYBRID (USA, SF Bay Area preferred)")
    assert loc.country == "US"


def test_lowercase_words_are_not_states() -> None:
    loc = parse_location("in office")
    assert loc.region is None


def test_areas() -> None:
    from rolecall.postings.locations import in_area

    assert in_area("DE", "Europe") and in_area("SE", "Europe") and not in_area("US", "Europe")
    assert in_area("GB", "Europe") and not in_area("GB", "EU")
    assert in_area("US", "US") and in_area("JP", "Worldwide")


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        ("We hire onsite engineers in Tucson, Arizona and remote contractors.", [("Tucson", "Arizona")]),
        ("Our office is in Pittsburgh.", [("Pittsburgh", "Pennsylvania")]),
        ("The team is based in Springfield, IL.", [("Springfield", "Illinois")]),
        ("We have offices in Denver and Boston.", [("Denver", "Colorado"), ("Boston", "Massachusetts")]),
    ],
)
def test_places_in_prose(sentence: str, places: list[tuple[str, str]]) -> None:
    assert [(x.city, x.region) for x in loc_mod.places_in_prose(sentence)] == places


@pytest.mark.parametrize(
    "sentence",
    [
        "Our customers in Chicago rely on us every day.",  # where customers are, not the job
        "Founded in Boston in 2019, we now work fully remotely.",
        "Experience in Go and Rust in an office setting.",  # capitalised words that are not places
        "Remote employees in the US are welcome.",  # a bare country is too vague to take from prose
        "We ship weekly in Springfield builds.",  # no workplace cue, unknown city without a state
    ],
)
def test_places_in_prose_traps(sentence: str) -> None:
    assert loc_mod.places_in_prose(sentence) == []


def test_hn_post_without_header_takes_its_place_from_prose() -> None:
    from rolecall.postings.sources import parse_payload

    post = (
        "<p>Hi! We're Quillfeather. We build lab notebooks for chemists."
        "<p>We're hiring onsite employees in Madison, Wisconsin for two roles:"
        "<p>Backend Engineer: Python and Postgres.<p>Designer: Figma and a sharp eye."
        "<p>Our customers in Chicago and Boston love the product."
    )
    [p] = parse_payload(post, origin="hn-123.html", fmt="hn")
    assert [(x.city, x.region) for x in p.locations] == [("Madison", "Wisconsin")]


def test_text_page_without_location_field_takes_its_place_from_prose() -> None:
    from rolecall.postings.sources import parse_payload

    page = (
        "Lab Automation Engineer\nat Quillfeather\n\n"
        "Quillfeather builds robotic lab benches, and our customers in Boston run them around the clock. "
        "This is an in-office role at our lab in Ann Arbor, working next to the chemists who use the benches "
        "and the engineers who build them.\n\nWhat you will do\n\n"
        "- Write Python drivers for pipetting robots\n"
    )
    [p] = parse_payload(page, origin="quill.txt", fmt="text")
    assert [(x.city, x.region) for x in p.locations] == [("Ann Arbor", "Michigan")]
