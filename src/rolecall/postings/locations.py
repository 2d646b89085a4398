"""Parsing where a role is: "Tucson, AZ", "Remote (US only)", "NYC (hybrid, 3-4 days onsite)", lists of them.

Regions are stored by full name ("Arizona") so "AZ" and "Arizona" compare equal; countries as ISO 3166-1
alpha-2 ("US"). The posting's own words are always kept in ``Location.text``. Every name comes from the
gazetteer (``rolecall.geo``): GeoNames cities, ISO countries and divisions, the areas and metros files.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rolecall.geo import Division, Metro, fold, gazetteer
from rolecall.postings.model import Location, Workplace

_GAZ = gazetteer()
US_STATES: dict[str, str] = _GAZ.us_states  # "AZ" -> "Arizona", the 50 states and DC
CA_PROVINCES: dict[str, str] = _GAZ.ca_provinces  # "ON" -> "Ontario"

# A city named alone in running prose ("our office is in Pittsburgh") is taken only when it is this large:
# smaller places' names are too often something else. With a state or country beside it, any size counts.
PROSE_CITY_MIN_POPULATION = 100_000
# A bare city name beside places of one country is read there when that country's city of the name has at
# least a quarter of the people of the name's largest city ("Santa Clara" with "Austin, TX" is California's,
# "London" with them is still England's).
LOCAL_READING_MIN_SHARE = 4


def in_area(country: str | None, area: str) -> bool:
    """True when an ISO country code lies in a named area ('DE' in 'Europe'), or is that code itself."""
    return _GAZ.in_area(country, area)


_REMOTE_WORD = re.compile(r"\b(?:remote|work\s+from\s+home|wfh|telecommute|distributed|anywhere)\b", re.I)
_HYBRID_WORD = re.compile(r"\bhybrid\b", re.I)
_ONSITE_WORD = re.compile(r"\b(?:on-?site|in[- ]office|in[- ]person|on\s+site)\b", re.I)
_PAREN = re.compile(r"\(([^()]*)\)")
_DROP_WORDS = re.compile(
    r"\b(?:remote|hybrid|on-?site|in[- ]office|fully|only|based|preferred|work\s+from\s+home|wfh|or|and|in|"
    r"the|a|plus|\d+(?:-\d+)?\s*days?(?:/week|\s+(?:a|per)\s+week)?(?:\s+onsite)?|multiple\s+positions|"
    r"positions?|office|ok|friendly|first|within)\b",
    re.I,
)
_NOT_PLACES = {
    "multiple locations", "all", "various", "tbd", "flexible", "n/a", "other", "downtown", "headquarters",
    "hq", "office", "offices", "campus", "international", "global", "nationwide",
}  # fmt: skip


def normalise_region(token: str, country: str | None = None) -> tuple[str | None, str | None]:
    """'AZ' / 'Arizona' -> ('Arizona', 'US'); 'ON' -> ('Ontario', 'CA'); else (None, None).

    Two-letter codes count only in capitals, so the words "in", "or" and "me" are never states. Other
    countries' divisions ("New South Wales", "NSW", "Karnataka") are read when ``country`` says whose.
    """
    d = _GAZ.division(token, country)
    return (d.name, d.country) if d else (None, None)


def country_code(token: str) -> str | None:
    """ISO alpha-2 for a country's name or alias ("Germany", "UK", "usa") or its ISO code in capitals."""
    t = token.strip().strip(".") if token.strip() not in ("U.S.", "U.S.A.", "U.K.", "E.U.") else token.strip()
    return _GAZ.country(t) if t else None


def country_name(code: str | None) -> str | None:
    """The English name of an ISO alpha-2 code ("DE" -> "Germany"); None for None."""
    return _GAZ.country_name(code) if code else None


def _area(token: str) -> str | None:
    a = _GAZ.area(token)
    return a.label if a else None


def _word_region(word: str) -> str | None:
    # A word among others is a country by its name or alias ("US-based", "USA only"), never by a bare ISO
    # code: "only if you live in SA" is South Africa to the writer, Saudi Arabia to ISO.
    if len(word) <= 2 and not word.isupper():
        return None  # "in", "to", "us" are words
    return _GAZ.country(word, codes=False) or _area(word)


def regions_in(text: str) -> list[str]:
    """Countries and areas named in a remote restriction: 'US, UK, EU' -> ['US', 'GB', 'EU']."""
    found: list[str] = []
    for part in re.split(r"[,/;&+|()]|\bor\b|\band\b|\s[-–]\s", text):
        words = _DROP_WORDS.sub(" ", part)
        words = re.sub(r"[^\w. ]", " ", words).strip()
        if not words:
            continue
        # A whole piece may be a country in any case ("us"), but not a state's code ("MA" is Massachusetts).
        is_state_code = words.isupper() and words != "US" and (words in US_STATES or words in CA_PROVINCES)
        code = None if is_state_code else country_code(words) or _area(words)
        if code is None:
            # "US-Based", "USA ONLY", "anywhere in Europe" leave a country or area word among others;
            # the most specific one says where ("anywhere in Europe" is Europe, not the world).
            named = [c for w in words.split() if (c := _word_region(w))]
            code = next((c for c in named if c != "Worldwide"), named[0] if named else None)
        if code is None:
            region, ctry = normalise_region(words)
            code = ctry if region and len(words) > 2 else None
        if code and code not in found:
            found.append(code)
    return found


def workplace_in(text: str) -> Workplace:
    """Workplace named in a short location-ish string ('ONSITE', 'Hybrid (USA)', 'Remote, USA')."""
    # A remote option anywhere wins: "Remote or hybrid" answers "can I work remotely?" with yes.
    if _REMOTE_WORD.search(text):
        return Workplace.REMOTE
    if _HYBRID_WORD.search(text):
        return Workplace.HYBRID
    if _ONSITE_WORD.search(text):
        return Workplace.ONSITE
    return Workplace.UNKNOWN


_ONLY_WORKPLACE = re.compile(
    r"^(?:\W|remote|hybrid|on-?site|in[- ]office|fully|only|or|and|\d+(?:-\d+)?|days?|week|per|a)*$", re.I
)


def _split_top_level(text: str, seps: str) -> list[str]:
    """Split on separator characters that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _is_place_tail(token: str) -> bool:
    """A comma token that belongs to the place before it: a state, province or country."""
    t = _PAREN.sub("", token).strip()
    region, _ = normalise_region(t.upper() if len(t) == 2 and t.istitle() else t)  # "Redmond, Wa"
    return bool(region or country_code(t))


def split_locations(text: str) -> list[str]:
    """One line naming several places -> one string per place.

    ";" and "|" always separate places; commas separate places only when the piece after a comma is not a
    state or country ("Tucson, AZ" stays whole, "Pittsburgh, Palo Alto, Dearborn" splits).
    """
    text = " ".join(text.split())
    if not text:
        return []
    strong = _split_top_level(text, ";|")
    if len(strong) > 1:
        return [p for part in strong for p in _split_slashes(part)]
    out: list[str] = []
    for chunk in _merge_workplace_only(_split_words_top_level(text), text):
        out.extend(p for piece in _split_commas(chunk) for p in _split_glued_slash(piece))
    return [p for p in out if p]


def _split_glued_slash(piece: str) -> list[str]:
    """ "Rotterdam/The Hague", "Hong Kong/ London (onsite)": a slash between places, when each side
    is one. Not in a remote restriction ("Remote US/Canada" is one remote place, not a remote one and
    an office) nor inside parentheses ("Remote (US/EU)")."""
    if "/" not in piece or _REMOTE_WORD.search(piece) or _HYBRID_WORD.search(piece):
        return [piece]
    parts = _split_top_level(piece, "/")
    if len(parts) > 1 and all(parse_location(p).country for p in parts):
        return parts
    return [piece]


def _split_words_top_level(text: str) -> list[str]:
    """Split on ' / ', ' or ', ' and ', ' & ' outside parentheses ('REMOTE (US; SF or Seattle)' stays)."""
    masked = re.sub(r"\([^()]*\)", lambda m: "\0" * len(m.group(0)), text)
    pieces: list[str] = []
    start = 0
    for m in re.finditer(r"\s+(?:/|or|and|&)\s+|\s*•\s*", masked):
        pieces.append(text[start : m.start()])
        start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _merge_workplace_only(pieces: list[str], original: str) -> list[str]:
    """'Remote or hybrid (US/EU/UK)' is one option list, not two places: rejoin bare workplace words."""
    if len(pieces) < 2 or not any(_ONLY_WORKPLACE.match(p) for p in pieces):
        return pieces
    if any((loc := parse_location(p)).city or loc.region for p in pieces):
        return pieces  # "Chicago, IL / Remote": a place and a remote option
    return [original]


def _split_slashes(part: str) -> list[str]:
    pieces = re.split(r"\s+/\s+", part)
    return pieces if all(pieces) else [part]


def _split_commas(chunk: str) -> list[str]:
    tokens = _split_top_level(chunk, ",")
    groups: list[list[str]] = []
    for tok in tokens:
        # "US, Canada", "Singapore, Indonesia": a country after a country is a second place.
        after_country = bool(groups) and _is_country(tok) and any(_is_country(t) for t in groups[-1])
        if groups and _is_place_tail(tok) and not after_country:
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return [", ".join(g) for g in groups]


def _is_country(token: str) -> bool:
    t = _PAREN.sub("", token).strip()
    return bool(country_code(t)) and _GAZ.division(t) is None


def parse_location(text: str) -> Location:
    """One place -> Location. Unknown shapes keep their text and whatever could be recognised."""
    original = " ".join(text.split())
    city, region, country, remote = _parse(original)
    return Location(text=original, city=city, region=region, country=country, remote=remote)


@lru_cache(maxsize=8192)
def _parse(original: str) -> tuple[str | None, str | None, str | None, bool]:
    # Boards repeat the same few location strings thousands of times; a Location is mutable, so the
    # cache holds its parts, not the model.
    paren_bits = _PAREN.findall(original)
    bare = _PAREN.sub(" ", original)
    remote = bool(_REMOTE_WORD.search(original))
    core = (
        _DROP_WORDS.sub(" ", bare)
        if remote or _HYBRID_WORD.search(bare) or _ONSITE_WORD.search(bare)
        else bare
    )
    core = re.sub(r"\s*[-–]\s*$|^\s*[-–]\s*", "", " ".join(core.split())).strip(" ,-:/")
    tokens = [t.strip() for t in core.split(",") if t.strip()]
    if len(tokens) == 1 and _SPACED_DASH.search(tokens[0]):
        # "Portugal - Lisbon", "New York- United States": a dash between the place's parts.
        tokens = [t.strip() for t in _SPACED_DASH.split(tokens[0]) if t.strip()]
    city, region, country = _read_tokens(tokens, remote)

    if not tokens and paren_bits and city is None and region is None and country is None:
        # "HYBRID (USA, SF Bay Area preferred)": the places are inside the parentheses.
        inner_text = " ".join(_DROP_WORDS.sub(" ", paren_bits[0]).split())
        inner = [parse_location(p) for p in split_locations(inner_text)]
        known = next((x for x in inner if x.region or x.country), None)
        if known:
            city, region, country = known.city, known.region, known.country
    if remote and city and regions_in(city):
        city = None  # "Fully Remote AUS/NZ": the leftover names where, not a city
    if remote and country is None:
        codes = regions_in(" ".join([bare, *paren_bits]))
        if len(codes) == 1 and codes[0] in _GAZ.country_names:  # "EU" is an area, not a country
            country = codes[0]
    if city and not re.search(r"[^\W\d_]", city):
        city = None
    return city, region, country, remote


_Parsed = tuple[str | None, str | None, str | None]
_SPACED_DASH = re.compile(r"\s+[-–]\s*|\s*[-–]\s+")
# Words around a city's name that say "in or near it": "Greater Chicago Area", "Downtown Naperville".
_AROUND = re.compile(
    r"^(?:greater|downtown|metro|central)\s+|\s+(?:metro(?:politan)?\s+area|metro|area|region|suburbs|hq|"
    r"headquarters|offices?|campus)$",
    re.I,
)


def _read_tokens(tokens: list[str], remote: bool) -> _Parsed:
    """The comma-separated pieces of one place, most specific first: (city, region, country)."""
    if not tokens:
        return None, None, None
    if len(tokens) == 1:
        single = _single(tokens[0], remote)
        if single is not None:
            return single
    tokens = list(tokens)
    region: str | None = None
    country: str | None = None
    # Peel the country off the end: "Tucson, AZ, USA". A code that is both a state and a country
    # ("DE", "IN", "CA") is the country only when the city before it lies there ("Berlin, DE").
    tail = tokens[-1]
    tail_country = country_code(tail)
    tail_state = _GAZ.division(tail)
    if tail_country and tail_state and len(tokens) > 1:
        # A name or code that is a state and a country ("Georgia", "DE", "IN"): the one the city before
        # it lies in; a town the dataset lacks keeps the state.
        head = tokens[-2]
        in_state = _GAZ.city(head, tail_state.name, tail_state.country)
        in_country = _GAZ.city(head, None, tail_country)
        if in_country and not in_state:
            tail_state = None
        else:
            tail_country = None
    lone_code = len(tokens) == 1 and tail.isupper() and len(tail) <= 3 and not _GAZ.country(tail, codes=False)
    if tail_country and not tail_state and not lone_code:  # "CI" alone is no country; "Abidjan, CI" is
        country = tail_country
        tokens.pop()
    if tokens:
        d = _GAZ.division(tokens[-1], country)
        if d is None and len(tokens) > 1 and len(tokens[-1]) == 2 and tokens[-1].istitle():
            d = _GAZ.division(tokens[-1].upper(), country)  # "Redmond, Wa": a state code after a city
        if d is None and len(tokens) > 1 and country is None:
            d = _division_of_city(tokens[-1], tokens[-2])
        if d and len(tokens) == 1 and len(tokens[0]) > 2:
            # "Berlin, Germany", "New York, USA": a city of the division's name is the city.
            same = _GAZ.city(tokens[0], d.name, d.country) or _GAZ.city(tokens[0], None, d.country)
            if same:
                return same.name, same.region or d.name, d.country
        if d and (len(tokens) > 1 or country or len(tokens[-1]) > 2 or not remote):
            region, country = d.name, country or d.country
            tokens.pop()
    if tokens:
        words = tokens[-1].split()
        # "Albuquerque NM": a state abbreviation glued to the city without a comma.
        if region is None and len(words) > 1 and words[-1].isupper() and (d := _GAZ.division(words[-1])):
            region, country = d.name, country or d.country
            tokens[-1] = " ".join(words[:-1])
        elif country is None and len(words) > 1 and (c := _glued_country(words)):
            country = c
            tokens[-1] = " ".join(words[:-1])
    first = country_code(tokens[0]) if len(tokens) > 1 and country is None else None
    if first and _GAZ.city(", ".join(tokens[1:]), region, first):
        # "UK, London", "Portugal - Lisbon": the country first.
        country = first
        tokens = tokens[1:]
    if not tokens:
        return None, region, country
    name = ", ".join(tokens)
    if region is None and (glued := _glued_division(name)):
        # "Bend Oregon": a state's full name after the city, without a comma.
        name, d = glued
        region, country = d.name, country or d.country
    metro = _metro_not_city(name)
    if metro and (country in (None, metro.country)) and (region in (None, metro.region)):
        return metro.city or metro.label, region or metro.region, country or metro.country
    if region is None and country is None and len(name) <= 3:
        return None, None, None  # "Wa", "Bo", "San": this short alone is no city
    if name.isupper() and len(name) <= 3 and (country_code(name) or _GAZ.division(name)):
        return None, region, country  # "US, CA", "AR, BR": a code again, not a town called "US"
    found = _GAZ.city(name, region, country)
    if found is None and _AROUND.search(name):
        inner = name
        while _AROUND.search(inner):
            inner = _AROUND.sub("", inner).strip()
        found = (_GAZ.metro(inner) and None) or _GAZ.city(inner, region, country)
        if found is None and (metro := _GAZ.metro(inner)):
            return metro.city or metro.label, region or metro.region, country or metro.country
    if found:
        return found.name, region or found.region, country or found.country
    if region is None and country is None:
        if c := country_code(name):
            return None, None, c
        if name.casefold() in _NOT_PLACES or _GAZ.area(name):
            return None, None, None
    # A town the dataset does not hold is still a place in the state or country written beside it.
    return name, region, country


def _single(token: str, remote: bool) -> _Parsed | None:
    """A place written alone: a metro nickname, a division, a country, or a city (most populous reading)."""
    if token.casefold() in _NOT_PLACES or _GAZ.area(token):
        return None, None, None
    metro = _metro_not_city(token)
    if metro:
        return metro.city or metro.label, metro.region, metro.country
    d = _GAZ.division(token) if len(token) > 2 else None
    if d:
        # "New York" is the city in that state; "Washington" alone is the state (its city is elsewhere).
        same = _GAZ.city(token, d.name, d.country)
        return (same.name if same else None), d.name, d.country
    if len(token) <= 2 and token.isupper() and (d := _GAZ.division(token)):
        # A bare state code: "CA" stays California unless it only qualifies a remote role.
        return (None, d.name, d.country) if not remote else (None, None, None)
    # A country alone by its name or alias, never by a bare ISO code: "CI", "CD", "ML" and "AND" in a
    # header are words and acronyms far more often than Côte d'Ivoire, Congo, Mali and Andorra.
    c = _GAZ.country(token.strip().strip("."), codes=False)
    if c:
        # "Singapore" is the city-state; "Mexico" is the country, not Mexico City.
        city = next((x for x in _GAZ.cities(token, None, c) if fold(x.name) == fold(token)), None)
        return (city.name if city else None), (city.region if city else None), c
    # "Wa", "Bo", "San": a word this short alone is no city, whatever place bears it.
    found = _GAZ.city(token) if len(token) > 3 else None
    if found:
        return found.name, found.region, found.country
    return None


def _metro_not_city(name: str) -> Metro | None:
    """A metro nickname ("Bay Area", "NYC"); a metro's main city written as such ("Seattle") is the city."""
    metro = _GAZ.metro(name)
    if metro is None or metro.city or _GAZ.city(name, None, metro.country) is None:
        return metro
    return None


def _glued_country(words: list[str]) -> str | None:
    """ "Berlin Germany", "Enschede Netherlands": a country after the city without a comma. A code there
    counts only when the city lies in that country ("Senior SWE" is a title, not Sweden)."""
    c = country_code(words[-1])
    if c is None:
        return None
    is_code = words[-1].isupper() and len(words[-1]) <= 3 and _GAZ.country(words[-1], codes=False) != c
    return c if not is_code or _GAZ.city(" ".join(words[:-1]), None, c) else None


def _glued_division(name: str) -> tuple[str, Division] | None:
    words = name.split()
    for n in (2, 1):
        if len(words) > n and (d := _GAZ.division(" ".join(words[-n:]))) and len(words[-1]) > 2:
            return " ".join(words[:-n]), d
    return None


def _division_of_city(token: str, city: str) -> Division | None:
    """'Karnataka' after 'Bangalore': a division of the country the city before it lies in."""
    for c in _GAZ.cities(city)[:3]:
        d = _GAZ.division(token, c.country, codes=c.country != "US")
        if d:
            return d
    return None


@lru_cache(maxsize=16384)
def text_countries(text: str) -> frozenset[str]:
    """The countries a location string lies in: its country, or the countries of the areas it names
    ("Remote - EU"). Empty when it names none, and for "anywhere", which is no particular place."""
    loc = parse_location(text)
    if loc.country:
        return frozenset({loc.country})
    found: set[str] = set()
    for code in regions_in(text) if (loc.remote or not loc.city) else ():
        area = _GAZ.areas.get(code)
        if area is not None and not area.everywhere:
            found |= area.countries
        elif code in _GAZ.country_names:
            found.add(code)
    return frozenset(found)


def place_countries(name: str) -> frozenset[str]:
    """The countries a place name a person typed covers: a country ("Germany", "UK") or an area
    ("Europe", "APAC"); empty for anything else, and for "anywhere"."""
    c = _GAZ.country(name.strip(), codes=False)
    if c:
        return frozenset({c})
    area = _GAZ.area(name.strip())
    return area.countries if area is not None and not area.everywhere else frozenset()


def parse_locations(text: str) -> list[Location]:
    """Several places in one line; bare workplace words ("ONSITE", "Hybrid") are not places."""
    out: list[Location] = []
    for piece in split_locations(text):
        loc = parse_location(piece)
        if not loc.remote and _ONLY_WORKPLACE.match(piece):
            continue
        out.append(loc)
    return read_alike(out)


def read_alike(locations: list[Location]) -> list[Location]:
    """A bare city name among places of one country is read in that country: "Santa Clara" beside
    "Austin, TX" is the Californian one, not the larger Cuban city the name alone would mean."""
    named = [loc.country for loc in locations if loc.country and "," in loc.text]
    if not named or len(set(named)) > 1:
        return locations
    country = named[0]
    out = []
    for loc in locations:
        if loc.city and loc.country != country and "," not in loc.text and not loc.remote:
            name = loc.city if loc.city == loc.text else loc.text
            local, top = _GAZ.city(name, None, country), _GAZ.city(name)
            # Only a reading of comparable size: "London" beside US places is still London, England.
            if local and top and local.population * LOCAL_READING_MIN_SHARE >= top.population:
                loc = loc.model_copy(update={"city": local.name, "region": local.region, "country": country})
        out.append(loc)
    return out


def is_recognised_place(loc: Location) -> bool:
    """True when the parser understood it as a place (a known city, a region, a country or remote)."""
    return bool(loc.remote or loc.region or loc.country)


def remote_regions_of(locations: list[Location]) -> list[str]:
    """Where remote applicants may live, from the remote entries' texts."""
    out: list[str] = []
    for loc in locations:
        if not loc.remote:
            continue
        for code in regions_in(loc.text) or ([loc.country] if loc.country else []):
            if code not in out:
                out.append(code)
    return out


def dedupe(locations: list[Location]) -> list[Location]:
    """Drop repeats (same city/region/country) and a bare "Remote" when a scoped remote entry exists."""
    if any(loc.remote and loc.country for loc in locations):
        locations = [
            loc for loc in locations if not (loc.remote and not loc.country and not regions_in(loc.text))
        ]
    seen: set[tuple[str | None, str | None, str | None, bool]] = set()
    out: list[Location] = []
    for loc in locations:
        key = (
            (loc.city or "").lower() or None,
            loc.region,
            loc.country,
            loc.remote,
        )
        if key == (None, None, None, False):
            key = (loc.text.lower(), None, None, False)
        if key in seen:
            continue
        seen.add(key)
        out.append(loc)
    return out


# ---------------------------------------------------------------------------------------------------------
# Places named in prose ("onsite employees in San Diego, California"), for posts with no location field.

# The sentence must be about where people work, not where customers are or where a founder studied.
_WORKSITE_CUE = re.compile(
    r"\b(?:on-?site|in[- ]office|in[- ]person|office|offices|based|located|headquarter(?:s|ed)|HQ|hybrid|"
    r"relocat\w*|employees|work(?:ing)?\s+(?:from|out\s+of|in)|join\s+(?:us|our\s+team))\b",
    re.I,
)
_NOT_WORKSITE = re.compile(
    r"\b(?:customers?|clients?|users?|partners?|investors?|backed|raised|founded|graduated|studied|"
    r"alumni|born|grew\s+up|conference|event)\b",
    re.I,
)
_PLACE_AFTER = re.compile(
    r"\b(?:in|at|near|from|out\s+of)\s+(?:the\s+)?(?P<p>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}"
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w]*)?)?)"
)


def _known_city(raw: str) -> bool:
    """A city named alone in prose: a metro nickname or a city large enough to be meant (see above)."""
    name = raw.split(",")[0].strip()
    if not name[:1].isupper() or fold(name) in _GAZ.everyday_words:
        return False
    if _GAZ.metro(name):
        return True
    found = _GAZ.city(name)
    return bool(found and found.population >= PROSE_CITY_MIN_POPULATION)


_MORE_PLACES = re.compile(r"\s*(?:,\s*|\s+(?:and|or|&)\s+)(?P<p>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})")


def places_in_prose(sentence: str) -> list[Location]:
    """Known cities or 'City, ST' named as where the job is; nothing from sentences about anything else.

    Conservative on purpose: a bare country or state is not taken (often "customers in the US"), and the
    sentence needs a workplace cue ("onsite", "office", "based in", "employees in").
    """
    if not _WORKSITE_CUE.search(sentence) or _NOT_WORKSITE.search(sentence):
        return []
    out: list[Location] = []
    for m in _PLACE_AFTER.finditer(sentence):
        raws = [m.group("p")]
        # "offices in London and Berlin": the places listed after the first one.
        rest = sentence[m.end() :]
        while more := _MORE_PLACES.match(rest):
            raws.append(more.group("p"))
            rest = rest[more.end() :]
        for raw in (r.strip(" ,.") for r in raws):
            loc = parse_location(raw)
            if loc.city and (_known_city(raw) or (loc.region and "," in raw)) and not loc.remote:
                out.append(loc)
    return out
