from __future__ import annotations

import pytest

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
        ("NYC (hybrid, 3-4 days onsite)", "New York", "New York", "US"),
        ("Berlin, Germany", "Berlin", None, "DE"),
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
