"""Place names a candidate may use, and whether a posting's locations fall within one.

Candidates write "NY", "New York", "NYC", "the Bay Area", "RTP", "DC area" or "Europe"; postings write
"New York, NY, USA", "Research Triangle Park, NC" or "Berlin, Germany". A ``Place`` is a named area with the
spellings that mean it and the location strings that fall inside it; matching is word-bounded and
case-insensitive so "la" never matches "Atlanta".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rolecall.postings.locations import US_STATES

# State abbreviations that are also everyday English words: only taken as a place when written in capitals
# or right after a city and comma ("Portland, OR").
_AMBIGUOUS_ABBR = frozenset(
    {
        "IN",
        "OR",
        "ME",
        "OK",
        "HI",
        "DE",
        "LA",
        "MA",
        "PA",
        "CO",
        "ID",
        "AL",
        "MS",
        "OH",
        "US",
        "GA",
        "MO",
        "SC",
    }
)

EUROPE = (
    "Europe", "EU", "EMEA", "UK", "United Kingdom", "England", "Scotland", "Wales", "Ireland",
    "Northern Ireland",
    "Germany", "France", "Spain", "Portugal", "Italy", "Netherlands", "Belgium", "Luxembourg", "Switzerland",
    "Austria", "Sweden", "Norway", "Denmark", "Finland", "Iceland", "Poland", "Czech Republic", "Czechia",
    "Slovakia", "Hungary", "Romania", "Bulgaria", "Greece", "Croatia", "Slovenia", "Serbia", "Estonia",
    "Latvia", "Lithuania", "Ukraine", "London", "Berlin", "Munich", "Hamburg", "Paris", "Madrid",
    "Barcelona", "Lisbon", "Amsterdam", "Rotterdam", "Brussels", "Zurich", "Geneva", "Vienna, Austria",
    "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Warsaw", "Krakow", "Prague", "Brno", "Budapest",
    "Bucharest", "Athens", "Dublin", "Belfast", "Edinburgh", "Manchester", "Cambridge, UK", "Milan", "Rome",
    "Tallinn",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A named area: ``names`` are how a question may say it, ``members`` how a posting may."""

    label: str
    names: tuple[str, ...]
    members: tuple[str, ...] = field(default=())

    def all_members(self) -> tuple[str, ...]:
        return self.names + self.members


def _metro(label: str, names: tuple[str, ...], members: tuple[str, ...]) -> Place:
    return Place(label=label, names=names, members=members)


METROS: tuple[Place, ...] = (
    _metro(
        "New York City",
        # Bare "Brooklyn"/"Manhattan" would take in Brooklyn Park, MN and Manhattan, KS.
        ("NYC", "New York City", "New York, NY", "Manhattan, NY", "Brooklyn, NY"),
        ("New York, NY", "New York, New York", "NYC", "New York"),
    ),
    _metro(
        "San Francisco Bay Area",
        ("Bay Area", "SF", "San Francisco", "Silicon Valley", "SF Bay Area"),
        (
            "San Francisco",
            "SF",
            "Bay Area",
            "Oakland",
            "Berkeley",
            "Palo Alto",
            "Mountain View",
            "Sunnyvale",
            "San Jose",
            "Santa Clara",
            "Menlo Park",
            "Redwood City",
            "San Mateo",
            "Cupertino",
            "Fremont",
            "San Bruno",
            "San Carlos",
            "South San Francisco",
            "Foster City",
            "Burlingame",
            "Los Gatos",
        ),
    ),
    _metro(
        "Research Triangle (Raleigh-Durham)",
        (
            "RTP",
            "Research Triangle",
            "Raleigh-Durham",
            "Raleigh Durham",
            "Triangle area",
            "Raleigh",
            "Durham",
        ),
        (
            "Research Triangle Park",
            "Research Triangle",
            "RTP",
            "Raleigh",
            "Durham",
            "Cary",
            "Chapel Hill",
            "Morrisville",
        ),
    ),
    _metro(
        "Washington DC area",
        (
            "DC area",
            "DC",
            "D.C.",
            "Washington DC",
            "Washington, DC",
            "Washington D.C.",
            "DMV",
            "Northern Virginia",
            "NoVA",
            "DC metro",
        ),
        (
            "Washington, DC",
            "Washington DC",
            "Washington D.C.",
            "D.C.",
            "DC",
            "Northern Virginia",
            "Arlington, VA",
            "Alexandria, VA",
            "Reston",
            "Herndon",
            "Tysons",
            "McLean",
            "Fairfax",
            "Chantilly",
            "Vienna, VA",
            "Falls Church",
            "Bethesda",
            "Rockville",
            "Columbia, MD",
            "Springfield, VA",
            "Sterling, VA",
        ),
    ),
    _metro(
        "Los Angeles area",
        # "LA" in a question means Los Angeles far more often than Louisiana; metros are tried first.
        ("Los Angeles", "LA area", "L.A.", "LA"),
        ("Los Angeles", "Santa Monica", "El Segundo", "Irvine", "Pasadena", "Culver City", "Burbank"),
    ),
    _metro(
        "Boston area",
        ("Boston", "Greater Boston"),
        ("Boston", "Cambridge, MA", "Burlington, MA", "Quincy, MA", "Somerville", "Waltham", "Needham"),
    ),
    _metro(
        "Seattle area", ("Seattle", "Puget Sound"), ("Seattle", "Bellevue", "Redmond", "Kirkland", "Kent, WA")
    ),
    _metro(
        "Pacific Northwest",
        ("Pacific Northwest", "PNW"),
        (
            "Seattle",
            "Bellevue",
            "Redmond",
            "Kirkland",
            "Tacoma",
            "Portland, OR",
            "Washington",
            "Oregon",
            ", WA",
            ", OR",
        ),
    ),
    _metro(
        "New England",
        ("New England",),
        (
            "Massachusetts",
            "Connecticut",
            "Rhode Island",
            "Vermont",
            "New Hampshire",
            "Maine",
            ", MA",
            ", CT",
            ", RI",
            ", VT",
            ", NH",
            ", ME",
            "Boston",
        ),
    ),
    _metro(
        "Southern California",
        ("SoCal", "Southern California"),
        (
            "Los Angeles",
            "San Diego",
            "Irvine",
            "Santa Monica",
            "El Segundo",
            "Pasadena",
            "Santa Barbara",
            "Goleta",
            "Long Beach",
            "Burbank",
            "Culver City",
        ),
    ),
    _metro("Europe", ("Europe", "EU", "European", "EMEA"), EUROPE),
    _metro(
        "United States",
        ("USA", "United States", "U.S.", "US", "America"),
        ("USA", "United States", "U.S.", "US", "US-based", *(n for a, n in US_STATES.items() if a != "PR")),
    ),
    _metro("Canada", ("Canada",), ("Canada", "Toronto", "Montreal", "Vancouver", "Ottawa", "Waterloo")),
    _metro(
        "United Kingdom",
        ("UK", "United Kingdom", "England", "Britain"),
        ("UK", "United Kingdom", "England", "London", "Belfast", "Manchester", "Edinburgh"),
    ),
)


def _state_place(abbr: str, name: str) -> Place:
    # A posting's "Tucson, AZ" and "Tucson, Arizona" both fall inside Arizona.
    return Place(label=name, names=(name, abbr), members=(name, f", {abbr}", f" {abbr} ", f"{abbr},"))


# Puerto Rico stays out of the places read from questions, where "PR" means public relations far more
# often (the table itself is postings.locations', shared with the loaders and the digest filters).
STATES: tuple[Place, ...] = tuple(_state_place(a, n) for a, n in US_STATES.items() if a != "PR")


@lru_cache(maxsize=4096)
def _term_re(term: str, case_sensitive: bool) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w.]){re.escape(term)}(?![\w])", flags)


def member_re(term: str) -> re.Pattern[str] | None:
    """How one member spelling is found in a posting's location line."""
    stripped = term.strip(" ,")
    if not stripped:
        return None
    # Abbreviations count only in capitals in postings ("Portland, OR", not "or").
    return _term_re(stripped, len(stripped) <= 3 and stripped.isupper())


def place_in_text(place: Place, text: str) -> bool:
    """Whether ``text`` (a posting's location line) lies in ``place``."""
    for term in place.all_members():
        regex = member_re(term)
        if regex is not None and regex.search(text):
            return True
    return False


class _Matcher:
    """All place spellings as two alternations (ambiguous capitals-only abbreviations apart), compiled
    once per gazetteer: a question is scanned twice, not once per known place."""

    def __init__(self, places: tuple[Place, ...]) -> None:
        self.ci: dict[str, Place] = {}
        self.cs: dict[str, Place] = {}
        for place in places:
            for name in place.names:
                is_abbr = len(name) <= 3 and name.replace(".", "").isupper()
                if is_abbr and name in _AMBIGUOUS_ABBR:
                    self.cs.setdefault(name, place)
                else:
                    self.ci.setdefault(name.casefold(), place)
        self.re_ci = self._compile(list(self.ci), re.IGNORECASE)
        self.re_cs = self._compile(list(self.cs), 0)

    @staticmethod
    def _compile(names: list[str], flags: int) -> re.Pattern[str] | None:
        if not names:
            return None
        alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])", flags)

    def find(self, question: str) -> list[tuple[Place, tuple[int, int]]]:
        hits: list[tuple[Place, tuple[int, int]]] = []
        if self.re_ci:
            hits += [(self.ci[m.group(0).casefold()], m.span()) for m in self.re_ci.finditer(question)]
        if self.re_cs:
            hits += [(self.cs[m.group(0)], m.span()) for m in self.re_cs.finditer(question)]
        # Longest spellings claim their words first, as a person reads "New York City" before "York".
        hits.sort(key=lambda h: -(h[1][1] - h[1][0]))
        taken: list[tuple[int, int]] = []
        found = []
        for place, span in hits:
            if any(not (span[1] <= s or span[0] >= e) for s, e in taken):
                continue
            taken.append(span)
            found.append((place, span))
        found.sort(key=lambda f: f[1][0])
        return found


_MATCHERS: dict[int, tuple[tuple[Place, ...], _Matcher]] = {}


def find_places(question: str, extra: tuple[Place, ...] = ()) -> list[tuple[Place, tuple[int, int]]]:
    """Places named in a question, longest spellings first, each span used once."""
    cached = _MATCHERS.get(id(extra))
    if cached is None or cached[0] is not extra:
        if len(_MATCHERS) > 32:  # engines come and go (reloads); keep the cache small
            _MATCHERS.clear()
        cached = (extra, _Matcher((*METROS, *STATES, *extra)))
        _MATCHERS[id(extra)] = cached
    return cached[1].find(question)


def city_place(city: str) -> Place:
    """A place for one city name seen in the postings (the gazetteer grows with the data)."""
    return Place(label=city, names=(city,), members=(city,))
