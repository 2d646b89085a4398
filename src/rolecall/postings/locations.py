"""Parsing where a role is: "Tucson, AZ", "Remote (US only)", "NYC (hybrid, 3-4 days onsite)", lists of them.

Regions are stored by full name ("Arizona") so "AZ" and "Arizona" compare equal; countries as ISO 3166-1
alpha-2 ("US"). The posting's own words are always kept in ``Location.text``.
"""

from __future__ import annotations

import re

from rolecall.postings.model import Location, Workplace

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "PR": "Puerto Rico",
}  # fmt: skip
CA_PROVINCES: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario", "PE": "Prince Edward Island",
    "QC": "Quebec", "SK": "Saskatchewan",
}  # fmt: skip

_STATE_BY_NAME = {v.lower(): v for v in US_STATES.values()}
_PROVINCE_BY_NAME = {v.lower(): v for v in CA_PROVINCES.values()}

COUNTRIES: dict[str, str] = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "united states": "US",
    "united states of america": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "argentina": "AR", "chile": "CL", "colombia": "CO",
    "germany": "DE", "france": "FR", "spain": "ES", "portugal": "PT", "italy": "IT", "netherlands": "NL",
    "belgium": "BE", "switzerland": "CH", "austria": "AT", "ireland": "IE", "sweden": "SE", "norway": "NO",
    "denmark": "DK", "finland": "FI", "poland": "PL", "czech republic": "CZ", "czechia": "CZ",
    "hungary": "HU", "romania": "RO", "greece": "GR", "estonia": "EE", "lithuania": "LT", "latvia": "LV",
    "ukraine": "UA", "israel": "IL", "turkey": "TR", "united arab emirates": "AE", "uae": "AE",
    "india": "IN", "singapore": "SG", "japan": "JP", "south korea": "KR", "korea": "KR", "china": "CN",
    "hong kong": "HK", "taiwan": "TW", "australia": "AU", "aus": "AU", "new zealand": "NZ", "nz": "NZ",
    "philippines": "PH", "vietnam": "VN", "indonesia": "ID", "south africa": "ZA", "nigeria": "NG",
    "kenya": "KE",
    "serbia": "RS",
    "croatia": "HR",
    "slovenia": "SI",
    "slovakia": "SK",
    "bulgaria": "BG",
    "malaysia": "MY",
    "thailand": "TH",
    "peru": "PE",
    "uruguay": "UY",
    "costa rica": "CR",
    "luxembourg": "LU",
    "iceland": "IS", "egypt": "EG",
}  # fmt: skip

_COUNTRY_CODES = frozenset(COUNTRIES.values())

# Wider areas remote roles are restricted to.
AREAS: dict[str, str] = {
    "eu": "EU", "europe": "Europe", "emea": "EMEA", "latam": "LATAM", "apac": "APAC",
    "north america": "North America", "worldwide": "Worldwide", "anywhere": "Worldwide", "world": "Worldwide",
    "global": "Worldwide", "globally": "Worldwide",
}  # fmt: skip

# ISO codes by wider area, so "roles in Europe" can match a posting in Berlin (DE) or Stockholm (SE).
_EUROPE = frozenset({
    "GB", "IE", "DE", "FR", "ES", "PT", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI",
    "PL", "CZ", "HU", "RO", "GR", "EE", "LT", "LV", "UA", "LU", "SK", "SI", "HR", "BG", "IS",
})  # fmt: skip
AREA_COUNTRIES: dict[str, frozenset[str]] = {
    "Europe": _EUROPE,
    "EU": _EUROPE - {"GB", "CH", "NO", "UA", "IS"},
    "North America": frozenset({"US", "CA", "MX"}),
    "LATAM": frozenset(["MX", "BR", "AR", "CL", "CO", "PE", "UY", "CR"]),
    "APAC": frozenset(["AU", "NZ", "SG", "JP", "KR", "CN", "HK", "TW", "IN", "PH", "VN", "ID"]),
}


def in_area(country: str | None, area: str) -> bool:
    """True when an ISO country code lies in a named area ('DE' in 'Europe')."""
    if area == "Worldwide":
        return True
    return bool(country) and country in AREA_COUNTRIES.get(area, frozenset({area}))


# Cities often written without their state or country: (canonical city, region, country).
CITIES: dict[str, tuple[str, str | None, str]] = {
    "new york": ("New York", "New York", "US"),
    "nyc": ("New York", "New York", "US"),
    "new york city": ("New York", "New York", "US"),
    "manhattan": ("New York", "New York", "US"),
    "brooklyn": ("Brooklyn", "New York", "US"),
    "sf": ("San Francisco", "California", "US"),
    "san francisco": ("San Francisco", "California", "US"),
    "bay area": ("San Francisco Bay Area", "California", "US"),
    "sf bay area": ("San Francisco Bay Area", "California", "US"),
    "la": ("Los Angeles", "California", "US"),
    "los angeles": ("Los Angeles", "California", "US"),
    "palo alto": ("Palo Alto", "California", "US"),
    "mountain view": ("Mountain View", "California", "US"),
    "san jose": ("San Jose", "California", "US"),
    "san diego": ("San Diego", "California", "US"),
    "sunnyvale": ("Sunnyvale", "California", "US"),
    "menlo park": ("Menlo Park", "California", "US"),
    "seattle": ("Seattle", "Washington", "US"),
    "bellevue": ("Bellevue", "Washington", "US"),
    "redmond": ("Redmond", "Washington", "US"),
    "portland": ("Portland", "Oregon", "US"),
    "austin": ("Austin", "Texas", "US"),
    "dallas": ("Dallas", "Texas", "US"),
    "houston": ("Houston", "Texas", "US"),
    "chicago": ("Chicago", "Illinois", "US"),
    "boston": ("Boston", "Massachusetts", "US"),
    "cambridge, ma": ("Cambridge", "Massachusetts", "US"),
    "pittsburgh": ("Pittsburgh", "Pennsylvania", "US"),
    "philadelphia": ("Philadelphia", "Pennsylvania", "US"),
    "dearborn": ("Dearborn", "Michigan", "US"),
    "detroit": ("Detroit", "Michigan", "US"),
    "denver": ("Denver", "Colorado", "US"),
    "boulder": ("Boulder", "Colorado", "US"),
    "atlanta": ("Atlanta", "Georgia", "US"),
    "miami": ("Miami", "Florida", "US"),
    "washington dc": ("Washington", "District of Columbia", "US"),
    "washington, dc": ("Washington", "District of Columbia", "US"),
    "washington d.c.": ("Washington", "District of Columbia", "US"),
    "dc": ("Washington", "District of Columbia", "US"),
    "northern virginia": ("Northern Virginia", "Virginia", "US"),
    "nova": ("Northern Virginia", "Virginia", "US"),
    "arlington": ("Arlington", "Virginia", "US"),
    "reston": ("Reston", "Virginia", "US"),
    "tysons": ("Tysons", "Virginia", "US"),
    "rtp": ("Research Triangle Park", "North Carolina", "US"),
    "research triangle park": ("Research Triangle Park", "North Carolina", "US"),
    "raleigh": ("Raleigh", "North Carolina", "US"),
    "durham": ("Durham", "North Carolina", "US"),
    "tucson": ("Tucson", "Arizona", "US"),
    "phoenix": ("Phoenix", "Arizona", "US"),
    "minneapolis": ("Minneapolis", "Minnesota", "US"),
    "salt lake city": ("Salt Lake City", "Utah", "US"),
    "albuquerque": ("Albuquerque", "New Mexico", "US"),
    "dayton": ("Dayton", "Ohio", "US"),
    "nashville": ("Nashville", "Tennessee", "US"),
    "baltimore": ("Baltimore", "Maryland", "US"),
    "london": ("London", None, "GB"),
    "manchester": ("Manchester", None, "GB"),
    "belfast": ("Belfast", None, "GB"),
    "edinburgh": ("Edinburgh", None, "GB"),
    "dublin": ("Dublin", None, "IE"),
    "berlin": ("Berlin", None, "DE"),
    "munich": ("Munich", None, "DE"),
    "hamburg": ("Hamburg", None, "DE"),
    "paris": ("Paris", None, "FR"),
    "amsterdam": ("Amsterdam", None, "NL"),
    "stockholm": ("Stockholm", None, "SE"),
    "barcelona": ("Barcelona", None, "ES"),
    "madrid": ("Madrid", None, "ES"),
    "lisbon": ("Lisbon", None, "PT"),
    "zurich": ("Zurich", None, "CH"),
    "copenhagen": ("Copenhagen", None, "DK"),
    "oslo": ("Oslo", None, "NO"),
    "helsinki": ("Helsinki", None, "FI"),
    "warsaw": ("Warsaw", None, "PL"),
    "prague": ("Prague", None, "CZ"),
    "brno": ("Brno", None, "CZ"),
    "toronto": ("Toronto", "Ontario", "CA"),
    "montreal": ("Montreal", "Quebec", "CA"),
    "vancouver": ("Vancouver", "British Columbia", "CA"),
    "ottawa": ("Ottawa", "Ontario", "CA"),
    "tel aviv": ("Tel Aviv", None, "IL"),
    "bangalore": ("Bangalore", None, "IN"),
    "bengaluru": ("Bengaluru", None, "IN"),
    "singapore": ("Singapore", None, "SG"),
    "tokyo": ("Tokyo", None, "JP"),
    "sydney": ("Sydney", None, "AU"),
    "melbourne, australia": ("Melbourne", None, "AU"),
    "auckland": ("Auckland", None, "NZ"),
    "ann arbor": ("Ann Arbor", "Michigan", "US"),
    "columbus": ("Columbus", "Ohio", "US"),
    "cleveland": ("Cleveland", "Ohio", "US"),
    "cincinnati": ("Cincinnati", "Ohio", "US"),
    "indianapolis": ("Indianapolis", "Indiana", "US"),
    "kansas city": ("Kansas City", "Missouri", "US"),
    "st. louis": ("St. Louis", "Missouri", "US"),
    "st louis": ("St. Louis", "Missouri", "US"),
    "omaha": ("Omaha", "Nebraska", "US"),
    "madison": ("Madison", "Wisconsin", "US"),
    "milwaukee": ("Milwaukee", "Wisconsin", "US"),
    "charlotte": ("Charlotte", "North Carolina", "US"),
    "orlando": ("Orlando", "Florida", "US"),
    "tampa": ("Tampa", "Florida", "US"),
    "jacksonville": ("Jacksonville", "Florida", "US"),
    "new orleans": ("New Orleans", "Louisiana", "US"),
    "san antonio": ("San Antonio", "Texas", "US"),
    "irvine": ("Irvine", "California", "US"),
    "santa monica": ("Santa Monica", "California", "US"),
    "oakland": ("Oakland", "California", "US"),
    "berkeley": ("Berkeley", "California", "US"),
    "sacramento": ("Sacramento", "California", "US"),
    "santa clara": ("Santa Clara", "California", "US"),
    "san mateo": ("San Mateo", "California", "US"),
    "redwood city": ("Redwood City", "California", "US"),
    "las vegas": ("Las Vegas", "Nevada", "US"),
    "boise": ("Boise", "Idaho", "US"),
    "lehi": ("Lehi", "Utah", "US"),
    "provo": ("Provo", "Utah", "US"),
    "scottsdale": ("Scottsdale", "Arizona", "US"),
    "tempe": ("Tempe", "Arizona", "US"),
    "huntsville": ("Huntsville", "Alabama", "US"),
    "minneapolis-st. paul": ("Minneapolis", "Minnesota", "US"),
    "st. paul": ("St. Paul", "Minnesota", "US"),
    "silicon valley": ("Silicon Valley", "California", "US"),
    "hoboken": ("Hoboken", "New Jersey", "US"),
    "jersey city": ("Jersey City", "New Jersey", "US"),
    "princeton": ("Princeton", "New Jersey", "US"),
    "stamford": ("Stamford", "Connecticut", "US"),
    "providence": ("Providence", "Rhode Island", "US"),
    "somerville": ("Somerville", "Massachusetts", "US"),
    "mclean": ("McLean", "Virginia", "US"),
    "herndon": ("Herndon", "Virginia", "US"),
    "bethesda": ("Bethesda", "Maryland", "US"),
    "columbia": ("Columbia", "Maryland", "US"),
    "honolulu": ("Honolulu", "Hawaii", "US"),
    "anchorage": ("Anchorage", "Alaska", "US"),
    "san juan": ("San Juan", "Puerto Rico", "US"),
    "rochester": ("Rochester", "New York", "US"),
    "poughkeepsie": ("Poughkeepsie", "New York", "US"),
    "calgary": ("Calgary", "Alberta", "CA"),
    "edmonton": ("Edmonton", "Alberta", "CA"),
    "waterloo": ("Waterloo", "Ontario", "CA"),
    "kitchener": ("Kitchener", "Ontario", "CA"),
    "halifax": ("Halifax", "Nova Scotia", "CA"),
    "quebec city": ("Quebec City", "Quebec", "CA"),
    "victoria": ("Victoria", "British Columbia", "CA"),
    "winnipeg": ("Winnipeg", "Manitoba", "CA"),
    "montréal": ("Montreal", "Quebec", "CA"),
    "kraków": ("Kraków", None, "PL"),
    "krakow": ("Kraków", None, "PL"),
    "wroclaw": ("Wrocław", None, "PL"),
    "wrocław": ("Wrocław", None, "PL"),
    "gdansk": ("Gdańsk", None, "PL"),
    "bucharest": ("Bucharest", None, "RO"),
    "cluj": ("Cluj-Napoca", None, "RO"),
    "cluj-napoca": ("Cluj-Napoca", None, "RO"),
    "budapest": ("Budapest", None, "HU"),
    "athens": ("Athens", None, "GR"),
    "istanbul": ("Istanbul", None, "TR"),
    "sofia": ("Sofia", None, "BG"),
    "belgrade": ("Belgrade", None, "RS"),
    "zagreb": ("Zagreb", None, "HR"),
    "ljubljana": ("Ljubljana", None, "SI"),
    "bratislava": ("Bratislava", None, "SK"),
    "frankfurt": ("Frankfurt", None, "DE"),
    "cologne": ("Cologne", None, "DE"),
    "stuttgart": ("Stuttgart", None, "DE"),
    "düsseldorf": ("Düsseldorf", None, "DE"),
    "leipzig": ("Leipzig", None, "DE"),
    "rotterdam": ("Rotterdam", None, "NL"),
    "utrecht": ("Utrecht", None, "NL"),
    "eindhoven": ("Eindhoven", None, "NL"),
    "the hague": ("The Hague", None, "NL"),
    "delft": ("Delft", None, "NL"),
    "brussels": ("Brussels", None, "BE"),
    "antwerp": ("Antwerp", None, "BE"),
    "ghent": ("Ghent", None, "BE"),
    "geneva": ("Geneva", None, "CH"),
    "lausanne": ("Lausanne", None, "CH"),
    "basel": ("Basel", None, "CH"),
    "milan": ("Milan", None, "IT"),
    "rome": ("Rome", None, "IT"),
    "turin": ("Turin", None, "IT"),
    "valencia": ("Valencia", None, "ES"),
    "seville": ("Seville", None, "ES"),
    "malaga": ("Málaga", None, "ES"),
    "málaga": ("Málaga", None, "ES"),
    "porto": ("Porto", None, "PT"),
    "gothenburg": ("Gothenburg", None, "SE"),
    "malmö": ("Malmö", None, "SE"),
    "malmo": ("Malmö", None, "SE"),
    "aarhus": ("Aarhus", None, "DK"),
    "tallinn": ("Tallinn", None, "EE"),
    "riga": ("Riga", None, "LV"),
    "vilnius": ("Vilnius", None, "LT"),
    "kyiv": ("Kyiv", None, "UA"),
    "kiev": ("Kyiv", None, "UA"),
    "lviv": ("Lviv", None, "UA"),
    "oxford": ("Oxford", None, "GB"),
    "bristol": ("Bristol", None, "GB"),
    "leeds": ("Leeds", None, "GB"),
    "glasgow": ("Glasgow", None, "GB"),
    "birmingham, uk": ("Birmingham", None, "GB"),
    "cork": ("Cork", None, "IE"),
    "galway": ("Galway", None, "IE"),
    "lyon": ("Lyon", None, "FR"),
    "toulouse": ("Toulouse", None, "FR"),
    "nice": ("Nice", None, "FR"),
    "luxembourg": ("Luxembourg", None, "LU"),
    "reykjavik": ("Reykjavik", None, "IS"),
    "dubai": ("Dubai", None, "AE"),
    "abu dhabi": ("Abu Dhabi", None, "AE"),
    "cape town": ("Cape Town", None, "ZA"),
    "johannesburg": ("Johannesburg", None, "ZA"),
    "lagos": ("Lagos", None, "NG"),
    "nairobi": ("Nairobi", None, "KE"),
    "cairo": ("Cairo", None, "EG"),
    "são paulo": ("São Paulo", None, "BR"),
    "sao paulo": ("São Paulo", None, "BR"),
    "rio de janeiro": ("Rio de Janeiro", None, "BR"),
    "mexico city": ("Mexico City", None, "MX"),
    "guadalajara": ("Guadalajara", None, "MX"),
    "buenos aires": ("Buenos Aires", None, "AR"),
    "bogota": ("Bogotá", None, "CO"),
    "bogotá": ("Bogotá", None, "CO"),
    "medellin": ("Medellín", None, "CO"),
    "medellín": ("Medellín", None, "CO"),
    "santiago": ("Santiago", None, "CL"),
    "lima": ("Lima", None, "PE"),
    "montevideo": ("Montevideo", None, "UY"),
    "seoul": ("Seoul", None, "KR"),
    "shanghai": ("Shanghai", None, "CN"),
    "beijing": ("Beijing", None, "CN"),
    "shenzhen": ("Shenzhen", None, "CN"),
    "hyderabad": ("Hyderabad", None, "IN"),
    "pune": ("Pune", None, "IN"),
    "mumbai": ("Mumbai", None, "IN"),
    "delhi": ("Delhi", None, "IN"),
    "new delhi": ("New Delhi", None, "IN"),
    "gurgaon": ("Gurugram", None, "IN"),
    "gurugram": ("Gurugram", None, "IN"),
    "noida": ("Noida", None, "IN"),
    "chennai": ("Chennai", None, "IN"),
    "taipei": ("Taipei", None, "TW"),
    "hong kong": ("Hong Kong", None, "HK"),
    "kuala lumpur": ("Kuala Lumpur", None, "MY"),
    "jakarta": ("Jakarta", None, "ID"),
    "manila": ("Manila", None, "PH"),
    "ho chi minh city": ("Ho Chi Minh City", None, "VN"),
    "hanoi": ("Hanoi", None, "VN"),
    "bangkok": ("Bangkok", None, "TH"),
    "brisbane": ("Brisbane", None, "AU"),
    "perth": ("Perth", None, "AU"),
    "adelaide": ("Adelaide", None, "AU"),
    "canberra": ("Canberra", None, "AU"),
    "wellington": ("Wellington", None, "NZ"),
    "christchurch": ("Christchurch", None, "NZ"),
    "osaka": ("Osaka", None, "JP"),
    "haifa": ("Haifa", None, "IL"),
    "jerusalem": ("Jerusalem", None, "IL"),
    "vienna": ("Vienna", None, "AT"),
}

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
_NOT_PLACES = {"multiple locations", "all", "various", "tbd", "flexible", "n/a", "other"}


def normalise_region(token: str) -> tuple[str | None, str | None]:
    """'AZ' / 'Arizona' -> ('Arizona', 'US'); 'ON' -> ('Ontario', 'CA'); else (None, None).

    Two-letter codes count only in capitals, so the words "in", "or" and "me" are never states.
    """
    t = token.strip().strip(".")
    if t.isupper() and t in US_STATES:
        return US_STATES[t], "US"
    if t.lower() in _STATE_BY_NAME:
        return _STATE_BY_NAME[t.lower()], "US"
    if t.isupper() and t in CA_PROVINCES:
        return CA_PROVINCES[t], "CA"
    if t.lower() in _PROVINCE_BY_NAME:
        return _PROVINCE_BY_NAME[t.lower()], "CA"
    return None, None


def country_code(token: str) -> str | None:
    return COUNTRIES.get(token.strip().strip(".").lower()) if token.strip() else None


def regions_in(text: str) -> list[str]:
    """Countries and areas named in a remote restriction: 'US, UK, EU' -> ['US', 'GB', 'EU']."""
    found: list[str] = []
    for part in re.split(r"[,/;&+]|\bor\b|\band\b|\s-\s", text):
        words = _DROP_WORDS.sub(" ", part)
        words = re.sub(r"[^\w. ]", " ", words).strip()
        if not words:
            continue
        key = words.lower()
        code = COUNTRIES.get(key) or AREAS.get(key)
        if code is None:
            # "US-Based", "USA ONLY" leave a country word among others.
            for w in key.split():
                code = COUNTRIES.get(w) or AREAS.get(w)
                if code:
                    break
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
    region, _ = normalise_region(t)
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
        out.extend(_split_commas(chunk))
    return [p for p in out if p]


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
        if groups and _is_place_tail(tok):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return [", ".join(g) for g in groups]


def parse_location(text: str) -> Location:
    """One place -> Location. Unknown shapes keep their text and whatever could be recognised."""
    original = " ".join(text.split())
    paren_bits = _PAREN.findall(original)
    bare = _PAREN.sub(" ", original)
    remote = bool(_REMOTE_WORD.search(original))
    city: str | None = None
    region: str | None = None
    country: str | None = None

    core = (
        _DROP_WORDS.sub(" ", bare)
        if remote or _HYBRID_WORD.search(bare) or _ONSITE_WORD.search(bare)
        else bare
    )
    core = re.sub(r"\s*-\s*$|^\s*-\s*", "", " ".join(core.split())).strip(" ,-:/")
    tokens = [t.strip() for t in core.split(",") if t.strip()]

    if len(tokens) == 1 and tokens[0].lower() in CITIES:
        city, region, country = CITIES[tokens[0].lower()]
        return Location(text=original, city=city, region=region, country=country, remote=remote)
    # Peel country and region off the end: "Tucson, AZ, USA".
    if tokens and country_code(tokens[-1]):
        country = country_code(tokens[-1])
        tokens.pop()
    if tokens:
        reg, ctry = normalise_region(tokens[-1])
        if reg and (len(tokens) > 1 or country or len(tokens[-1]) > 2 or not remote):
            region, country = reg, country or ctry
            tokens.pop()
    if tokens:
        words = tokens[-1].split()
        # "Albuquerque NM": a state abbreviation glued to the city without a comma.
        if region is None and len(words) > 1 and words[-1].isupper() and normalise_region(words[-1])[0]:
            region, ctry = normalise_region(words[-1])
            country = country or ctry
            tokens[-1] = " ".join(words[:-1])
        if country is None and len(words) > 1 and country_code(words[-1]):
            country = country_code(words[-1])
            tokens[-1] = " ".join(words[:-1])
    if tokens:
        city = ", ".join(tokens)
        known = CITIES.get(city.lower()) or CITIES.get(f"{city}, {region or ''}".lower())
        if known and (region is None or known[1] == region) and (country is None or known[2] == country):
            city, region, country = known[0], region or known[1], country or known[2]
        elif city.lower() in COUNTRIES:
            country, city = COUNTRIES[city.lower()], None
        elif city.lower() in AREAS or city.lower() in _NOT_PLACES:
            city = None
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
        if len(codes) == 1 and codes[0] in _COUNTRY_CODES:  # "EU" is an area, not a country
            country = codes[0]
    if city and not re.search(r"[A-Za-z]", city):
        city = None
    return Location(text=original, city=city, region=region, country=country, remote=remote)


def parse_locations(text: str) -> list[Location]:
    """Several places in one line; bare workplace words ("ONSITE", "Hybrid") are not places."""
    out: list[Location] = []
    for piece in split_locations(text):
        loc = parse_location(piece)
        if not loc.remote and _ONLY_WORKPLACE.match(piece):
            continue
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
            known_city = raw.split(",")[0].strip().lower() in CITIES
            if loc.city and (known_city or (loc.region and "," in raw)) and not loc.remote:
                out.append(loc)
    return out
