from __future__ import annotations

from rolecall.digest.filters import Filters, matches, parse_filters, select
from rolecall.postings.model import EmploymentType, Workplace
from tests.digest.helpers import posting

PHX = posting("phx", "Backend Engineer", "Acme", where="Phoenix, AZ")
TUCSON = posting("tus", "Data Intern", "Globex", where="Tucson, Arizona", types=(EmploymentType.INTERN,))
REMOTE = posting("rem", "Platform Engineer", "Initech", where="Remote (US)", remote=True)
NYC = posting(
    "nyc", "New Grad Software Engineer", "Acme", where="New York, NY", types=(EmploymentType.FULL_TIME,)
)
PORTLAND = posting("pdx", "Designer", "Hooli", where="Portland, OR", text="Work in Figma and Python.")
ALL = [PHX, TUCSON, REMOTE, NYC, PORTLAND]


def ids(f: Filters) -> set[str]:
    return {p.id for p in select(f, ALL)}


def test_state_abbreviation_and_name_both_match_either_spelling() -> None:
    assert ids(parse_filters("AZ")) == {"phx", "tus"}
    assert ids(parse_filters("arizona")) == {"phx", "tus"}
    assert ids(parse_filters("az")) == {"phx", "tus"}
    assert ids(parse_filters("New York")) == {"nyc"}


def test_ambiguous_lowercase_abbreviations_are_keywords_not_states() -> None:
    assert parse_filters("or").states == ()
    assert parse_filters("OR").states == ("OR",)
    assert ids(parse_filters("OR")) == {"pdx"}
    assert ids(parse_filters("Oregon")) == {"pdx"}


def test_region_field_matches_even_when_text_does_not_say_the_state() -> None:
    p = posting("x", where="Flagstaff", region="Arizona")
    assert matches(parse_filters("AZ"), p)
    assert not matches(parse_filters("TX"), p)


def test_a_country_or_area_holds_the_cities_in_it() -> None:
    munich = posting("muc", where="Munich")
    assert matches(parse_filters("in:Germany"), munich)
    assert matches(parse_filters("in:Europe"), munich) and matches(parse_filters("in:EU"), munich)
    assert not matches(parse_filters("in:Asia"), munich)
    assert not matches(parse_filters("in:Germany"), PHX)


def test_remote_filter_uses_workplace_or_remote_location() -> None:
    assert ids(parse_filters("remote")) == {"rem"}
    assert matches(parse_filters("remote"), posting("w", where="Anywhere", workplace=Workplace.REMOTE))


def test_employment_types() -> None:
    assert ids(parse_filters("intern")) == {"tus"}
    assert ids(parse_filters("internships")) == {"tus"}
    assert ids(parse_filters("new grad")) == {"nyc"}
    assert ids(parse_filters("full time")) == {"nyc"}
    # One kind: any value may match.
    assert ids(parse_filters("intern new grad")) == {"tus", "nyc"}


def test_intern_in_title_counts_without_a_stated_type() -> None:
    assert matches(parse_filters("intern"), posting("i", "Software Engineering Intern, Summer 2026"))
    assert not matches(parse_filters("full time"), posting("i", "Software Engineering Intern"))


def test_company_known_or_prefixed() -> None:
    f = parse_filters("acme", companies=["Acme", "Globex"])
    assert f.companies == ("Acme",) and f.keywords == ()
    assert ids(f) == {"phx", "nyc"}
    assert ids(parse_filters("company:globex")) == {"tus"}


def test_keywords_all_must_appear_stemmed() -> None:
    assert ids(parse_filters("python")) == {"pdx"}
    assert ids(parse_filters("engineers")) == {"phx", "rem", "nyc"}
    assert ids(parse_filters("python figma")) == {"pdx"}
    assert ids(parse_filters("python kubernetes")) == set()


def test_kinds_combine_with_and() -> None:
    assert ids(parse_filters("AZ intern")) == {"tus"}
    assert ids(parse_filters("AZ remote")) == set()
    assert ids(parse_filters("acme NY", companies=["Acme"])) == {"nyc"}


def test_stopwords_are_not_keywords_and_empty_means_everything() -> None:
    f = parse_filters("interns in Arizona")
    assert f.keywords == () and f.states == ("AZ",) and f.types == ("intern",)
    assert parse_filters("").empty
    assert ids(parse_filters("")) == {p.id for p in ALL}


def test_json_round_trip_and_description() -> None:
    f = parse_filters("remote intern company:Acme AZ python")
    assert Filters.from_json(f.to_json()) == f
    assert f.describe() == "Arizona, remote, intern, at Acme, matching “python”"
