from __future__ import annotations

from rolecall.search.analyze import tokenize
from rolecall.search.places import expand_places, fold_state_codes, location_keys, places_in


def test_fold_state_codes_keeps_words() -> None:
    assert fold_state_codes("Phoenix, AZ") == "Phoenix, Arizona"
    assert fold_state_codes("Log in OR sign up") == "Log in OR sign up"
    assert fold_state_codes("Salem, OR") == "Salem, Oregon"


def test_places_in_question() -> None:
    assert [p.key for p in places_in("anything in NY?")] == ["new york"]
    assert [p.key for p in places_in("is RTP one of them?")] == ["research triangle"]
    assert [p.key for p in places_in("roles in New York City")] == ["new york city"]


def test_city_state_pairs_give_the_city_inside_its_state() -> None:
    (city, state) = places_in("Austin, TX")
    assert (city.key, city.kind, city.within[0]) == ("austin", "city", "texas")
    assert state.key == "texas"


def test_location_keys_contain_regions_and_metros() -> None:
    keys = location_keys("Durham, NC")
    assert {"durham", "north carolina", "research triangle", "united states"} <= keys
    assert "new york" in location_keys("New York City")
    assert "california" not in location_keys("Durham, NC")


def test_question_place_matches_posting_location() -> None:
    (q,) = places_in("is RTP one of them?")
    assert q.key in location_keys("Morrisville, NC")
    assert q.key not in location_keys("Charlotte, NC")


def test_expand_places_reaches_metro_nicknames_and_members() -> None:
    assert "nyc" in tokenize(" ".join(expand_places("anything in NY?")))
    assert "raleigh" in expand_places("RTP")
    assert expand_places("no place here") == []
