"""Reading places with the gazetteer: location fields, prose, remote regions and questions."""

from __future__ import annotations

import pytest

from rolecall.answer.places import COUNTRIES, METROS, find_places, place_in_text
from rolecall.postings.locations import parse_location, parse_locations, places_in_prose, regions_in


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        # towns the dataset does not hold are still places in the state written beside them
        ("Limestone, Maine", "Limestone", "Maine", "US"),
        ("Limestone, ME", "Limestone", "Maine", "US"),
        ("Peterson AFB, CO", "Peterson AFB", "Colorado", "US"),
        # the most populous reading of a bare name, unless the state says otherwise
        ("Portland", "Portland", "Oregon", "US"),
        ("Portland, ME", "Portland", "Maine", "US"),
        ("London, ON", "London", "Ontario", "CA"),
        # a code that is a state and a country: the one the city lies in
        ("Berlin, DE", "Berlin", "Berlin", "DE"),
        ("Dover, DE", "Dover", "Delaware", "US"),
        ("Toronto, CA", "Toronto", "Ontario", "CA"),
        ("San Jose, CA", "San Jose", "California", "US"),
        # outside the US, in any order, in local spellings
        ("München", "Munich", None, "DE"),
        ("Bangalore, Karnataka", "Bengaluru", "Karnātaka", "IN"),
        ("Sydney, NSW", "Sydney", "New South Wales", "AU"),
        ("UK, London", "London", "England", "GB"),
        ("Portugal - Lisbon", "Lisbon", None, "PT"),
        ("Podgorica, Montenegro", "Podgorica", "Podgorica", "ME"),
        ("Bologna, Italia", "Bologna", None, "IT"),
        # a state or country alone, and a state's namesake city
        ("Washington", None, "Washington", "US"),
        ("New York", "New York City", "New York", "US"),
        ("Georgia", None, "Georgia", "US"),  # the state: more people than the country
        ("Singapore", "Singapore", None, "SG"),
        ("Mexico", None, None, "MX"),
        # metros and nicknames (the hand table)
        ("Bay Area", "San Francisco Bay Area", "California", "US"),
        ("NYC", "New York City", "New York", "US"),
        ("LA", "Los Angeles", "California", "US"),
        ("DMV", "Washington DC area", None, "US"),
        ("Greater Chicago Area", "Chicago", "Illinois", "US"),
    ],
)
def test_location_fields(text: str, city: str | None, region: str | None, country: str) -> None:
    loc = parse_location(text)
    assert (loc.city, loc.region, loc.country) == (city, region, country)


def test_state_codes_that_are_words_only_in_capitals() -> None:
    assert parse_location("in office").region is None
    assert parse_location("Salem, or").region is None
    assert parse_location("Salem, OR").region == "Oregon"


def test_a_bare_name_among_places_of_one_country_is_read_there() -> None:
    locs = parse_locations("Santa Clara; Austin, TX")
    assert [(x.city, x.country) for x in locs] == [("Santa Clara", "US"), ("Austin", "US")]
    assert parse_location("Santa Clara").country == "CU"  # alone, the larger city
    # ... but only a reading of comparable size: London, Ohio is a village beside London, England.
    assert [x.country for x in parse_locations("London; New York, NY")] == ["GB", "US"]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Atlanta, Georgia", [("Atlanta", "Georgia", "US")]),  # the state, not the country
        ("Tbilisi, Georgia", [("Tbilisi", "Tbilisi", "GE")]),  # the country
        ("Redmond, Wa", [("Redmond", "Washington", "US")]),
        ("US, Canada", [(None, None, "US"), (None, None, "CA")]),
        ("Singapore, Indonesia", [("Singapore", None, "SG"), (None, None, "ID")]),
        ("Berlin Germany", [("Berlin", None, "DE")]),
        ("Hong Kong/ London (onsite)", [("Hong Kong", None, "HK"), ("London", "England", "GB")]),
        # a title or company word is no place, even beside a country code
        ("Senior SWE", [("Senior SWE", None, None)]),
        ("Wa", [(None, None, None)]),
        # an ISO code alone is an acronym ("CI/CD"); after a city it is the country
        ("CI", [(None, None, None)]),
        ("Abidjan, CI", [("Abidjan", "Abidjan", "CI")]),
        ("Berlin, DEU", [("Berlin", "Berlin", "DE")]),
    ],
)
def test_lines_of_places(text: str, places: list[tuple[str | None, str | None, str]]) -> None:
    assert [(x.city, x.region, x.country) for x in parse_locations(text)] == places


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Remote (US only)", ["US"]),
        ("Remote - EMEA", ["EMEA"]),
        ("Remote, Canada", ["CA"]),
        ("Remote: anywhere in Europe", ["Europe"]),
        ("Remote - LATAM", ["LATAM"]),
        ("Remote (Asia-Pacific)", ["APAC"]),
        ("Remote US, UK or EU", ["US", "GB", "EU"]),
        ("Remote - Worldwide", ["Worldwide"]),
    ],
)
def test_remote_regions(text: str, regions: list[str]) -> None:
    assert regions_in(text) == regions
    assert parse_location(text).remote


def test_prose_takes_large_cities_and_written_states_only() -> None:
    [loc] = places_in_prose("Our office is in Munich, next to the river.")
    assert (loc.city, loc.country) == ("Munich", "DE")
    [town] = places_in_prose("The team works onsite in Limestone, Maine.")
    assert (town.city, town.region) == ("Limestone", "Maine")
    # A city name that is a word, or too small to be meant alone, is not taken from prose.
    assert places_in_prose("We are based in Mobile development and office tooling.") == []
    assert places_in_prose("Our office is in Marion.") == []
    assert [x.region for x in places_in_prose("Our office is in Marion, Iowa.")] == ["Iowa"]


def _labels(question: str) -> list[str]:
    return [p.label for p, _ in find_places(question)]


def test_questions_name_countries_areas_and_metros() -> None:
    assert _labels("any jobs in germany?") == ["Germany"]
    assert _labels("roles in Asia or the EU") == ["Asia", "EU"]
    assert _labels("anything in the DMV?") == ["Washington DC area"]
    assert _labels("jobs in the Triangle") == ["Research Triangle"]
    assert _labels("remote from the UK") == ["United Kingdom"]


def test_country_codes_in_questions_are_not_places() -> None:
    # "IT", "PE", "BA" are words and degrees far more often than Italy, Peru and Bosnia.
    assert _labels("IT support roles for a BA graduate") == []


def test_a_town_before_its_state_in_a_question() -> None:
    assert _labels("is the data scientist job in Limestone, Maine?") == ["Limestone", "Maine"]
    assert _labels("jobs in limestone, maine") == ["limestone", "Maine"]


def test_countries_and_areas_match_what_a_location_is() -> None:
    europe = next(p for p in METROS if p.label == "Europe")
    germany = next(p for p in COUNTRIES if p.label == "Germany")
    assert place_in_text(europe, "Munich") and place_in_text(germany, "München")
    assert place_in_text(europe, "Remote - EU") and place_in_text(germany, "Remote - EU")
    assert not place_in_text(europe, "Toronto, ON") and not place_in_text(germany, "Remote - Worldwide")


def test_a_large_city_after_a_place_word_even_if_no_posting_names_it() -> None:
    assert _labels("any jobs in tokyo?") == ["Tokyo"]
    assert _labels("is it in london or berlin?") == ["London", "Berlin"]
    assert _labels("roles in cologne") == ["Köln"]
    # A longer city name takes the words of a shorter place inside it; an equal one does not.
    assert _labels("jobs in kansas city") == ["Kansas City"]
    assert _labels("remote from canada or mexico city") == ["Canada", "Mexico City"]
    assert _labels("roles in new york") == ["New York"]
    # Words that are no city, everyday words that are one, and cities named in passing are left alone.
    assert _labels("is it in person?") == []
    assert _labels("internships in marketing or sales") == []
    assert _labels("jobs in mobile development") == []
    assert _labels("tokyo office perks") == []
