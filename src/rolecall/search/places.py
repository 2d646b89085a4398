"""Places in job text: US state abbreviations and names, the metro nicknames people type, containment.

Two jobs. ``fold_state_codes`` rewrites state abbreviations to their names *before* the analyzer casefolds,
because case is the only thing telling "IN" (Indiana) from "in". ``places_in`` / ``location_keys`` /
``expand_places`` serve the query side: which places a question names, which regions a posting's location
sits in, and which extra index tokens a place should also reach ("NY" also reaches postings that only say
"NYC").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rolecall.geo import fold, gazetteer
from rolecall.postings.locations import US_STATES

STATES: dict[str, str] = US_STATES  # one table of state codes: the gazetteer's (rolecall.geo)

# Codes that are also English words or common job-text acronyms (job ID, AR/VR, GA release, MS degree,
# PA = physician assistant, "LA" = Los Angeles). Upper case alone is not enough for these: they fold only
# in an address position — after a comma ("Portland, OR"), or after a place preposition and ending the
# phrase ("roles in OR?", but not "log in OR sign up"). "LA" after a preposition is Los Angeles.
AMBIGUOUS_CODES = frozenset(
    [
        "IN",
        "OR",
        "ME",
        "OK",
        "HI",
        "OH",
        "ID",
        "DE",
        "LA",
        "PA",
        "MA",
        "CO",
        "AL",
        "GA",
        "MD",
        "MS",
        "AR",
        "SD",
        "SC",
        "VA",
        "NE",
        "CT",
        "UT",
        "MO",
        "DC",
    ]
)

_AFTER_COMMA = re.compile(r",\s*$")
_AFTER_PREPOSITION = re.compile(r"\b(?:in|near|from|around|within|across|outside|based)\s+$", re.IGNORECASE)
_PHRASE_END = re.compile(r"\s*(?:$|[?!.;:,)/]|\b(?:and|or)\b)")
# Plain \b patterns with the finer edge checks done in Python: lookarounds evaluated at every character
# cost more than the whole rest of the tokenizer.
_UPPER_CODE = re.compile(r"[A-Z][A-Z](?!\w)")
_LOWER_AFTER_COMMA = re.compile(r",(\s*)([a-z]{2})\b")


def fold_state_codes(text: str) -> str:
    """Rewrite state abbreviations to state names where they are clearly places; leave words alone.

    Unambiguous codes fold when written in capitals ("AZ") or after a comma in any case ("austin, tx");
    ambiguous ones ("IN", "OR", "ME", ...) only in capitals and in an address position.
    """
    if text.islower() and "," not in text:
        return text

    def upper(m: re.Match[str]) -> str:
        code = m.group(0)
        # "US" in capitals is the country; "us" is the pronoun.
        name = "United States" if code == "US" else STATES.get(code)
        if name is None or _glued(text, m.start(), m.end()):
            return code
        if code not in AMBIGUOUS_CODES:
            return name
        before = max(0, m.start() - 12)
        if _AFTER_COMMA.search(text, before, m.start()):
            return name
        if (
            code != "LA"
            and _AFTER_PREPOSITION.search(text, before, m.start())
            and _PHRASE_END.match(text, m.end())
        ):
            return name
        return code

    def lower(m: re.Match[str]) -> str:
        code = m.group(2).upper()
        if code not in STATES or code in AMBIGUOUS_CODES or _glued(text, m.start(2), m.end(2)):
            return m.group(0)
        return "," + m.group(1) + STATES[code]

    if "," in text:
        text = _LOWER_AFTER_COMMA.sub(lower, text)
    return _UPPER_CODE.sub(upper, text)


def _glued(text: str, start: int, end: int) -> bool:
    """Whether a two-letter match is part of something larger: "AR/VR", "R&D", "CA-based", "US.gov"."""
    before = text[start - 1] if start else " "
    after = text[end : end + 2]
    return (
        before.isalnum()
        or before in "._+#/&-"
        or (after[:1] in "+#&'’-/" and after[:1] != "")
        or (after[:1] == "." and after[1:2].isalnum())
    )


@dataclass(frozen=True)
class Place:
    """A place a text names. ``key`` is canonical lower case ("new york city"); ``within`` its regions."""

    key: str
    kind: str  # "state" | "metro" | "country" | "city"
    within: tuple[str, ...] = ()


def _member_key(member: str) -> str:
    return fold(member.split(",")[0])


# Metro nicknames people type, the state each sits in, and the city names inside it a posting may use:
# the gazetteer's metros file (rolecall/geo/data/metros.yaml), the US ones.
_US_METROS = [m for m in gazetteer().metros if m.country == "US"]
METROS: dict[str, tuple[str, tuple[str, ...]]] = {
    fold(m.label): (
        fold(m.region) if m.region else "",
        tuple(dict.fromkeys(_member_key(x) for x in m.members)),
    )
    for m in _US_METROS
}
# A metro's main city ("Seattle", "Durham") is a city here, found inside its metro by ``location_keys``.
_METRO_ALIASES: dict[str, str] = {
    fold(n): fold(m.label)
    for m in _US_METROS
    for n in (m.label, *m.names)
    if gazetteer().city(n, None, "US") is None or fold(n) == fold(m.city or "")
}
_COUNTRY_ALIASES = {
    "us": "united states",
    "u.s.": "united states",
    "u.s.a.": "united states",
    "usa": "united states",
    "united states": "united states",
    "united states of america": "united states",
}
_STATE_NAMES = {name.lower(): name.lower() for name in STATES.values()}


def _alias_pattern(aliases: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+") for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])", re.IGNORECASE)


_METRO_RE = _alias_pattern(list(_METRO_ALIASES))
_STATE_RE = _alias_pattern(list(_STATE_NAMES))
_COUNTRY_RE = re.compile(r"(?<![\w.])(?:u\.s\.a\.|u\.s\.|usa|united states(?: of america)?)(?!\w)", re.I)
_CITY_STATE_RE = re.compile(r"([A-Z][A-Za-z .'-]{1,30}?),\s*([A-Za-z][A-Za-z ]+?)(?=$|[,;()/\n]|\s+\d)")


def _key(text: str) -> str:
    return fold(text)


def places_in(text: str) -> list[Place]:
    """The places a question or location string names, most specific first, without duplicates."""
    folded = fold_state_codes(text)
    found: dict[str, Place] = {}
    for m in _CITY_STATE_RE.finditer(folded):
        city, region = _key(m.group(1)), _key(m.group(2))
        if region in _STATE_NAMES and city not in _STATE_NAMES and city not in _METRO_ALIASES:
            found.setdefault(city, Place(city, "city", (region, "united states")))
    for m in _METRO_RE.finditer(folded):
        metro = _METRO_ALIASES[_key(m.group(0))]
        within = (METROS[metro][0], "united states") if METROS[metro][0] else ("united states",)
        found.setdefault(metro, Place(metro, "metro", within))
    for m in _STATE_RE.finditer(folded):
        state = _key(m.group(0))
        # "New York" inside "New York City" is the metro, already recorded.
        if state == "new york" and re.match(r"[\s-]+city\b", folded[m.end() :], re.I):
            continue
        found.setdefault(state, Place(state, "state", ("united states",)))
    if _COUNTRY_RE.search(folded):
        found.setdefault("united states", Place("united states", "country"))
    order = {"city": 0, "metro": 1, "state": 2, "country": 3}
    return sorted(found.values(), key=lambda p: order[p.kind])


def metro_named(text: str) -> str | None:
    """The metro a whole phrase names ("NYC", "bay area" -> its key), or None."""
    return _METRO_ALIASES.get(_key(text))


def location_keys(text: str) -> set[str]:
    """Every place key a posting's location sits in: "Durham, NC" -> {durham, research triangle park,
    north carolina, united states}. Match a question's place with ``place.key in location_keys(loc)``."""
    keys: set[str] = set()
    for place in places_in(text):
        keys.add(place.key)
        keys.update(place.within)
        if place.kind == "state":
            continue  # the state of New York is not inside New York City, though the metro lists "new york"
        for metro, (_, members) in METROS.items():
            if place.key in members:
                keys.add(metro)
    return keys


def expand_places(text: str) -> list[str]:
    """Extra query words so a place also reaches postings that name it differently: a state reaches its
    metro nicknames ("NY" -> "NYC"), a metro its member cities ("RTP" -> Raleigh, Durham, ...).

    Returns text to append to the query before tokenizing (plain words, analyzed like everything else).
    """
    extra: list[str] = []
    for place in places_in(text):
        if place.kind == "state":
            extra.extend(m for m, (state, _) in METROS.items() if state == place.key)
        elif place.kind == "metro":
            extra.append(place.key)
            extra.extend(m for m in METROS[place.key][1] if m not in _STATE_NAMES)
    return extra
