"""Place names a candidate may use, and whether a posting's locations fall within one.

Candidates write "NY", "New York", "NYC", "the Bay Area", "RTP", "DC area", "Germany", "Asia" or "EMEA";
postings write "New York, NY, USA", "Research Triangle Park, NC", "Berlin, Germany" or "Remote - EU". A
``Place`` is a named area with the spellings that mean it and the location strings that fall inside it;
matching is word-bounded and case-insensitive so "la" never matches "Atlanta". Countries and wider areas
also match by what a location string *is*: "Munich" lies in Germany and in Europe because the gazetteer
(``rolecall.geo``) reads it as a city in DE, and "Remote - EU" lies in Europe because the EU's members do.
Every name comes from the gazetteer; this module only decides how questions and postings are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rolecall.geo import Metro, gazetteer
from rolecall.postings.locations import US_STATES, text_countries

_GAZ = gazetteer()

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


@dataclass(frozen=True)
class Place:
    """A named area: ``names`` are how a question may say it, ``members`` how a posting may.

    ``countries`` (ISO alpha-2) makes a country or wider area match any location the gazetteer places in
    one of them, whatever words the posting used.
    """

    label: str
    names: tuple[str, ...]
    members: tuple[str, ...] = field(default=())
    countries: frozenset[str] = field(default=frozenset())

    def all_members(self) -> tuple[str, ...]:
        return self.names + self.members


def _state_members(name: str) -> tuple[str, ...]:
    code = next(c for c, n in US_STATES.items() if n == name)
    # A posting's "Tucson, AZ" and "Tucson, Arizona" both fall inside Arizona.
    return (name, f", {code}", f" {code} ", f"{code},")


def _metro_place(m: Metro) -> Place:
    members: list[str] = list(m.members)
    for state in m.states:
        members.extend(_state_members(state))
    if m.city:
        members.append(m.city)
    return Place(label=m.label, names=m.names, members=tuple(dict.fromkeys(members)))


def _state_place(abbr: str, name: str) -> Place:
    return Place(label=name, names=(name, abbr), members=_state_members(name)[1:])


def _country_place(code: str) -> Place:
    label = _GAZ.country_name(code)
    # Question spellings: the country's names and the everyday aliases of data/countries.yaml; never its
    # bare ISO code, which in a question is far more often a word or an acronym ("IT", "PE", "BA").
    spellings = _GAZ.country_spellings(code)
    return Place(label=label, names=tuple(dict.fromkeys([label, *spellings])), countries=frozenset({code}))


def _area_place(label: str) -> Place:
    area = _GAZ.areas[label]
    return Place(label=label, names=area.names, countries=area.countries)


# Metro areas and nicknames first (a question's "LA" is Los Angeles), then the states, then wider areas
# and countries: the first place to claim a spelling keeps it ("Georgia" is the state).
METROS: tuple[Place, ...] = tuple(_metro_place(m) for m in _GAZ.metros) + tuple(
    _area_place(label) for label, a in _GAZ.areas.items() if not a.everywhere
)
STATES: tuple[Place, ...] = tuple(_state_place(a, n) for a, n in US_STATES.items())
COUNTRIES: tuple[Place, ...] = tuple(_country_place(c) for c in _GAZ.country_names)


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
    return bool(place.countries) and not place.countries.isdisjoint(text_countries(text))


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
        cached = (extra, _Matcher((*METROS, *STATES, *COUNTRIES, *extra)))
        _MATCHERS[id(extra)] = cached
    found = cached[1].find(question)
    if "," in question:
        found = _with_towns(question, found)
    return _with_world_cities(question, found)


# "jobs in tokyo?": a city after a place preposition, even one no posting names, so that a search
# for it is a place filter (and an honest "none there") rather than the word found in passing.
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|near|around|from|based\s+in|out\s+of)\s+(?:the\s+)?"
    r"([A-Za-z][\w.'’-]*(?:[\s-]+[A-Za-z][\w.'’-]*){0,2})",
    re.IGNORECASE,
)


_AND_MORE = re.compile(
    r"\s*(?:,|/|&|\bor\b|\band\b)\s*([A-Za-z][\w.'’-]*(?:[\s-]+[A-Za-z][\w.'’-]*){0,2})", re.IGNORECASE
)


def _with_world_cities(
    question: str, found: list[tuple[Place, tuple[int, int]]]
) -> list[tuple[Place, tuple[int, int]]]:
    out = list(found)
    for m in _AFTER_PREPOSITION.finditer(question):
        start, words = m.start(1), m.group(1)
        # "in london or berlin": the places listed after the first one too.
        while (end := _city_at(start, words, out)) is not None:
            more = _AND_MORE.match(question, end)
            if more is None:
                break
            start, words = more.start(1), more.group(1)
    out.sort(key=lambda f: f[1][0])
    return out


def _city_at(start: int, words: str, out: list[tuple[Place, tuple[int, int]]]) -> int | None:
    """Record the longest city name at ``start`` (or keep the place already read there); where it ends."""
    parts = words.split()
    for n in range(len(parts), 0, -1):
        name = " ".join(parts[:n])
        span = (start, start + len(name))
        taken = [h for h in out if not (span[1] <= h[1][0] or span[0] >= h[1][1])]
        city = _world_city(name)
        # A longer city name takes the words of shorter places inside it: "Kansas City" is not Kansas,
        # "Mexico City" not Mexico; an equal one leaves them ("New York" stays the state).
        if city and all(span[0] <= s and e <= span[1] and e - s < len(name) for _, (s, e) in taken):
            out[:] = [h for h in out if h not in taken]
            out.append((Place(label=city, names=(name,), members=tuple(dict.fromkeys((city, name)))), span))
            return span[1]
        here = [e for _, (s, e) in taken if s == start]
        if taken:
            return here[0] if here else None
    return None


@lru_cache(maxsize=4096)
def _world_city(name: str) -> str | None:
    """A city large enough to be meant by its name alone, and not an everyday word (see locations)."""
    from rolecall.geo import fold
    from rolecall.postings.locations import PROSE_CITY_MIN_POPULATION

    if len(name) <= 3 or fold(name) in _GAZ.everyday_words:
        return None
    city = _GAZ.city(name)
    return city.name if city and city.population >= PROSE_CITY_MIN_POPULATION else None


_REGION_KINDS = frozenset(p.label for p in (*STATES, *COUNTRIES))
_TOWN_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*,\s*$")
_TOWN_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|near|around|from|out\s+of)\s+((?:[a-z][\w.'’-]*\s+){0,2}[a-z][\w.'’-]*)\s*,\s*$"
)


def _with_towns(
    question: str, found: list[tuple[Place, tuple[int, int]]]
) -> list[tuple[Place, tuple[int, int]]]:
    """ "Limestone, Maine", "Peterson AFB, CO": a town written before its state or country is a place
    there, whether or not the gazetteer or any posting knows it."""
    out: list[tuple[Place, tuple[int, int]]] = []
    taken_until = 0
    for place, span in found:
        if place.label in _REGION_KINDS and span[0] > taken_until:
            head = question[taken_until : span[0]]
            m = _TOWN_BEFORE.search(head)
            if m is None and len(place.names[0]) > 2 and not question[span[0] : span[1]].isupper():
                m = _TOWN_AFTER_PREPOSITION.search(head)  # "jobs in limestone, maine"
            town = m.group(1) if m else ""
            if town and not any(p.label.casefold() == town.casefold() for p, _ in found):
                start = taken_until + m.start(1)  # type: ignore[union-attr]
                out.append((city_place(town), (start, start + len(town))))
        out.append((place, span))
        taken_until = span[1]
    return out


def city_place(city: str) -> Place:
    """A place for one city name seen in the postings (the gazetteer grows with the data)."""
    return Place(label=city, names=(city,), members=(city,))
