"""Digest filters over Posting fields: place, remote, employment type, company, keywords. Pure functions.

Within one kind, any value may match (Arizona OR Texas); across kinds, all must (an intern role in
Arizona). Keywords must all appear (stemmed) in the title, company, department, locations or text.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib.resources import files

from rolecall.postings.locations import US_STATES, place_countries, text_countries
from rolecall.postings.model import EmploymentType, Location, Posting, Workplace
from rolecall.search.analyze import tokenize
from rolecall.search.places import METROS, location_keys, metro_named

STATES: dict[str, str] = US_STATES  # one table of state codes, kept in postings.locations
_BY_NAME = {name.casefold(): abbr for abbr, name in STATES.items()}
# Lower-case abbreviations that are everyday words: only taken as states when typed in capitals.
_AMBIGUOUS = {"in", "or", "me", "oh", "hi", "ok", "al", "co", "id", "de", "pa", "ma", "mo", "ne", "la", "va"}

TYPES = ("intern", "new_grad", "full_time")
_TYPE_WORDS = {
    "intern": "intern",
    "interns": "intern",
    "internship": "intern",
    "internships": "intern",
    "co-op": "intern",
    "coop": "intern",
    "newgrad": "new_grad",
    "new-grad": "new_grad",
    "new_grad": "new_grad",
    "fulltime": "full_time",
    "full-time": "full_time",
    "full_time": "full_time",
}
_TYPE_PHRASES = {("new", "grad"): "new_grad", ("new", "grads"): "new_grad", ("full", "time"): "full_time"}
_INTERN_RE = re.compile(r"\b(intern|interns|internship|co-?op)\b", re.IGNORECASE)
_NEW_GRAD_RE = re.compile(
    r"\b(new[\s-]+grad(uate)?s?|recent[\s-]+grad(uate)?s?|university[\s-]+grad(uate)?s?|early[\s-]+career|"
    r"entry[\s-]+level|graduate\s+program)\b",
    re.IGNORECASE,
)
_FULL_TIME_RE = re.compile(r"\bfull[\s-]?time\b", re.IGNORECASE)


@dataclass(frozen=True)
class Filters:
    states: tuple[str, ...] = ()  # abbreviations: "AZ"
    places: tuple[str, ...] = ()  # other place words, matched in location text: "seattle"
    remote: bool = False
    types: tuple[str, ...] = ()  # intern | new_grad | full_time
    companies: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.states or self.places or self.remote or self.types or self.companies or self.keywords
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def normalised(self) -> Filters:
        """The same filters whatever order their words were typed in (values of a kind are alternatives,
        keywords must all appear: order means nothing)."""
        return Filters(
            states=tuple(sorted(self.states)),
            places=tuple(sorted(self.places)),
            remote=self.remote,
            types=tuple(sorted(self.types)),
            companies=tuple(sorted(self.companies)),
            keywords=tuple(sorted(self.keywords)),
        )

    @classmethod
    def from_json(cls, text: str) -> Filters:
        data = json.loads(text or "{}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})

    def describe(self) -> str:
        parts: list[str] = []
        if self.states or self.places:
            parts.append(" or ".join([STATES[s] for s in self.states] + list(self.places)))
        if self.remote:
            parts.append("remote")
        if self.types:
            parts.append(" or ".join(t.replace("_", " ") for t in self.types))
        if self.companies:
            parts.append("at " + " or ".join(self.companies))
        if self.keywords:
            parts.append("matching " + " ".join(f"“{k}”" for k in self.keywords))
        return ", ".join(parts) if parts else "all roles"


@dataclass
class _Builder:
    states: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    remote: bool = False
    types: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)

    def add(self, kind: str, value: str) -> None:
        values: list[str] = getattr(self, kind)
        if value not in values:
            values.append(value)

    def build(self) -> Filters:
        return Filters(
            states=tuple(self.states),
            places=tuple(self.places),
            remote=self.remote,
            types=tuple(self.types),
            companies=tuple(self.companies),
            keywords=tuple(self.keywords),
        )


@lru_cache(maxsize=1)
def fillers() -> frozenset[str]:
    """Words that name roles in general ("roles", "jobs", "new"): never a keyword filter."""
    text = files("rolecall.data").joinpath("filter_fillers.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _state_of(word: str) -> str | None:
    if len(word) == 2:
        if word.isupper() and word in STATES:
            return word
        if word.islower() and word.upper() in STATES and word not in _AMBIGUOUS:
            return word.upper()
    return _BY_NAME.get(word.casefold())


def split_words(text: str) -> list[str]:
    """shlex split (quotes group words), forgiving an unbalanced quote."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.replace('"', " ").replace("'", " ").split()


def parse_filters(words: Iterable[str] | str, *, companies: Iterable[str] = ()) -> Filters:
    """Words (or text) -> Filters. ``companies`` are known company names, so "Palantir" is a company.

    Explicit prefixes always win: ``company:Acme``, ``in:Seattle`` / ``place:Seattle``, ``keyword:go``.
    """
    toks = split_words(words) if isinstance(words, str) else list(words)
    known = sorted({c.casefold(): c for c in companies if c}.items(), key=lambda kv: -len(kv[0].split()))
    b = _Builder()
    i = 0
    while i < len(toks):
        tok = toks[i].strip(",;")
        low = tok.casefold()
        i += 1
        if not tok:
            continue
        if ":" in tok and low.split(":", 1)[0] in ("company", "in", "place", "keyword", "location"):
            key, value = tok.split(":", 1)
            key = key.casefold()
            if not value:
                continue
            if key == "company":
                b.add("companies", value)
            elif key == "keyword":
                b.add("keywords", value)
            else:
                state = _state_of(value)
                if state:
                    b.add("states", state)
                else:
                    b.add("places", value.casefold())
            continue
        if low in ("remote", "wfh"):
            b.remote = True
            continue
        if low in _TYPE_WORDS:
            b.add("types", _TYPE_WORDS[low])
            continue
        if i < len(toks) and (low, toks[i].casefold()) in _TYPE_PHRASES:
            b.add("types", _TYPE_PHRASES[(low, toks[i].casefold())])
            i += 1
            continue
        # Longest state name or known company starting here ("New Mexico", "North Carolina").
        matched = False
        for span in (3, 2, 1):
            phrase = " ".join(toks[i - 1 : i - 1 + span])
            if len(toks[i - 1 : i - 1 + span]) < span:
                continue
            state = _state_of(phrase)
            if state:
                b.add("states", state)
                i += span - 1
                matched = True
                break
            company = next((orig for key, orig in known if key == phrase.casefold()), None)
            if company:
                b.add("companies", company)
                i += span - 1
                matched = True
                break
            metro = metro_named(phrase)  # "NYC", "bay area": a place people name by nickname
            if metro:
                b.add("places", metro)
                i += span - 1
                matched = True
                break
        # "in", "for", "the": nothing to match on; "roles", "jobs": every posting is one
        if not matched and tokenize(tok) and low not in fillers():
            b.add("keywords", tok)
    return b.build()


def _location_has_state(text: str, region: str | None, abbr: str) -> bool:
    name = STATES[abbr]
    if region and region.casefold() in (name.casefold(), abbr.casefold()):
        return True
    if re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
        return True
    # Abbreviations only in capitals ("Phoenix, AZ"), so "in" and "or" in prose are not states.
    return re.search(rf"(?<![A-Za-z]){abbr}(?![A-Za-z])", text) is not None


def matches_place(f: Filters, posting: Posting) -> bool:
    if not (f.states or f.places):
        return True
    for loc in posting.locations:
        text = loc.text
        if any(_location_has_state(text, loc.region, s) for s in f.states):
            return True
        hay = " ".join(x for x in (text, loc.city or "", loc.region or "") if x).casefold()
        if any(p in hay or _in_metro(loc, p) for p in f.places):
            return True
        # A country or area ("in:Germany", "in:Europe") holds every location the gazetteer places in it.
        where = {loc.country} if loc.country else text_countries(text)
        if any(not place_countries(p).isdisjoint(where) for p in f.places):
            return True
    return False


def _in_metro(loc: Location, metro: str) -> bool:
    """A location inside a metro: it names the metro or a member city, or its city is the metro's own
    ("New York, NY" is in "new york city"; "Albany, NY" is not)."""
    if metro not in METROS:
        return False
    city = " ".join((loc.city or loc.text.split(",")[0]).casefold().split())
    return metro in location_keys(loc.text) or city in METROS[metro][1] or city == metro.removesuffix(" city")


def is_remote(posting: Posting) -> bool:
    return posting.workplace == Workplace.REMOTE or any(loc.remote for loc in posting.locations)


def is_intern(posting: Posting) -> bool:
    return EmploymentType.INTERN in posting.employment_type or bool(_INTERN_RE.search(posting.title))


def is_new_grad(posting: Posting) -> bool:
    if is_intern(posting):
        return False
    status = (posting.eligibility.student_status or "").casefold()
    return bool(
        _NEW_GRAD_RE.search(posting.title) or _NEW_GRAD_RE.search(posting.text) or "graduat" in status
    )


def is_full_time(posting: Posting) -> bool:
    if is_intern(posting):
        return False
    if posting.employment_type:
        return EmploymentType.FULL_TIME in posting.employment_type
    return bool(_FULL_TIME_RE.search(posting.title) or _FULL_TIME_RE.search(posting.text))


_TYPE_TESTS = {"intern": is_intern, "new_grad": is_new_grad, "full_time": is_full_time}


def _haystack_tokens(posting: Posting) -> set[str]:
    parts = [
        posting.title,
        posting.company,
        posting.department or "",
        posting.location_summary(),
        posting.text,
    ]
    return set(tokenize(" ".join(parts)))


def matches(f: Filters, posting: Posting) -> bool:
    if f.remote and not is_remote(posting):
        return False
    if f.types and not any(_TYPE_TESTS[t](posting) for t in f.types):
        return False
    if f.companies and not any(c.casefold() in posting.company.casefold() for c in f.companies):
        return False
    if not matches_place(f, posting):
        return False
    if f.keywords:
        hay = _haystack_tokens(posting)
        for kw in f.keywords:
            toks = tokenize(kw)
            if toks and not all(t in hay for t in toks):
                return False
    return True


def select(f: Filters, postings: Iterable[Posting]) -> list[Posting]:
    return [p for p in postings if matches(f, p)]
