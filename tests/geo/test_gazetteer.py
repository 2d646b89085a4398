"""The gazetteer's tables: names, codes, divisions, areas from membership data, metros, the cache file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolecall.geo import fold, gazetteer
from rolecall.geo.gazetteer import Gazetteer

GAZ = gazetteer()


def test_fold_makes_spellings_equal() -> None:
    assert fold("St. Louis") == fold("Saint-Louis") == fold("st louis")
    assert fold("Kraków") == "krakow" and fold("Łódź") == "lodz" and fold("München") == "munchen"
    assert fold("U.S.A.") == "usa"


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("Germany", "DE"),
        ("DEU", "DE"),  # ISO alpha-3
        ("DE", "DE"),  # ISO alpha-2, in capitals
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("the netherlands", "NL"),
        ("Czech Republic", "CZ"),  # ISO's official name
        ("Czechia", "CZ"),
        ("South Korea", "KR"),  # ISO's common name
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("usa", "US"),
    ],
)
def test_countries_by_name_alias_and_code(token: str, code: str) -> None:
    assert GAZ.country(token) == code


def test_lowercase_codes_are_words_not_countries() -> None:
    assert GAZ.country("de") is None and GAZ.country("it") is None and GAZ.country("no") is None


def test_divisions_by_name_and_code() -> None:
    assert GAZ.division("TX").name == "Texas"  # type: ignore[union-attr]
    assert GAZ.division("ON").country == "CA"  # type: ignore[union-attr]
    assert GAZ.division("British Columbia").code == "BC"  # type: ignore[union-attr]
    # Codes are read only in capitals: "in", "or" and "me" are words.
    assert GAZ.division("or") is None and GAZ.division("me") is None
    # Other countries' divisions need the country: "Victoria" alone is more often a city.
    assert GAZ.division("Victoria") is None
    assert GAZ.division("Victoria", "AU").name == "Victoria"  # type: ignore[union-attr]
    assert GAZ.division("NSW", "AU").name == "New South Wales"  # type: ignore[union-attr]
    assert GAZ.division("Scotland", "GB").code == "SCT"  # type: ignore[union-attr]


def test_us_states_are_the_fifty_and_dc() -> None:
    assert len(GAZ.us_states) == 51 and GAZ.us_states["DC"] == "District of Columbia"
    assert "PR" not in GAZ.us_states  # Puerto Rico is a country of its own in GeoNames


def test_cities_most_populous_first_with_their_division() -> None:
    portland = GAZ.cities("Portland")
    assert (portland[0].region, portland[0].country) == ("Oregon", "US")
    assert GAZ.city("Portland", "Maine", "US") is not None
    toronto = GAZ.city("Toronto")
    assert toronto is not None and (toronto.region, toronto.country) == ("Ontario", "CA")
    assert GAZ.city("Sydney").country == "AU"  # type: ignore[union-attr]


def test_other_names_of_large_cities() -> None:
    assert GAZ.city("Bangalore").name == "Bengaluru"  # type: ignore[union-attr]
    assert GAZ.city("Munchen").name == "Munich"  # type: ignore[union-attr]
    assert GAZ.city("Kiev").name == "Kyiv"  # type: ignore[union-attr]
    # An exonym of a large city beats a small town that bears the name as its own ...
    assert GAZ.city("Cologne").name == "Köln"  # type: ignore[union-attr]
    assert GAZ.city("Cologne", None, "IT").population < 50_000  # type: ignore[union-attr]
    # ... but not a real city of some size: Bridgetown is Barbados' capital, not Portland's nickname.
    assert GAZ.city("Bridgetown").country == "BB"  # type: ignore[union-attr]


def test_small_towns_below_the_threshold_are_not_in_the_dataset() -> None:
    # Limestone, Maine has about 2,000 people: the parser takes it from "Limestone, ME" instead.
    assert GAZ.city("Limestone", "Maine", "US") is None


def test_eu_is_its_member_states_and_europe_is_wider() -> None:
    eu = GAZ.areas["EU"].countries
    assert len(eu) == 27 and {"DE", "FR", "IE", "MT", "CY"} <= eu
    assert not {"GB", "CH", "NO", "UA"} & eu
    assert {"GB", "CH", "NO", "UA"} <= GAZ.areas["Europe"].countries
    assert eu <= GAZ.areas["Europe"].countries | {"CY"}  # GeoNames puts Cyprus in Asia


def test_business_regions() -> None:
    assert GAZ.in_area("ZA", "EMEA") and GAZ.in_area("AE", "EMEA") and GAZ.in_area("DE", "EMEA")
    assert GAZ.in_area("JP", "APAC") and GAZ.in_area("AU", "APAC") and not GAZ.in_area("AE", "APAC")
    assert GAZ.in_area("MX", "LATAM") and GAZ.in_area("BR", "LATAM") and not GAZ.in_area("US", "LATAM")
    assert GAZ.in_area("CA", "North America") and GAZ.in_area("IN", "Asia")
    assert GAZ.in_area("JP", "Worldwide") and GAZ.in_area("US", "US") and not GAZ.in_area("US", "GB")
    assert GAZ.area("Latin America").label == "LATAM"  # type: ignore[union-attr]
    assert GAZ.area("asia-pacific").label == "APAC"  # type: ignore[union-attr]


def test_metros_name_areas_no_dataset_has() -> None:
    assert GAZ.metro("DMV").label == "Washington DC area"  # type: ignore[union-attr]
    assert GAZ.metro("the Triangle").region == "North Carolina"  # type: ignore[union-attr]
    assert GAZ.metro("NYC").city == "New York City"  # type: ignore[union-attr]


def test_every_metro_member_is_a_place_the_gazetteer_knows() -> None:
    from rolecall.postings.locations import parse_location

    for metro in GAZ.metros:
        for member in metro.members:
            if "," in member:
                assert parse_location(member).country == metro.country, (metro.label, member)
            else:  # a bare member is a city of the metro's state, or a state of the metro's country
                city = GAZ.city(member, metro.region, metro.country)
                assert city or GAZ.division(member, metro.country) or GAZ.metro(member) is metro, member
        if metro.city:
            assert GAZ.city(metro.city, metro.region, metro.country), metro.label


def test_tables_are_cached_and_a_broken_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLECALL_CACHE_DIR", str(tmp_path))
    fresh = Gazetteer()
    assert fresh.city("Toronto") == GAZ.city("Toronto")
    files = sorted(tmp_path.glob("geo-*.marshal"))
    assert [f.name.split("-")[1] for f in files] == ["base", "cities"]
    for f in files:
        f.write_bytes(b"not marshal data")
    again = Gazetteer()
    assert again.city("Toronto") == GAZ.city("Toronto") and again.division("TX") == GAZ.division("TX")


def test_no_cache_file_when_caching_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLECALL_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Gazetteer().country("Germany") == "DE"
    assert not list(tmp_path.rglob("*.marshal"))
