"""Discovery: which roles match a question like "internships in NYC that sponsor visas?".

The question's words become filters (place, remote, employment type, sponsorship, citizenship, clearance,
term, company) plus keywords ranked by BM25. Every filter must hold. Keywords must be mostly found: a word
no posting uses at all ("haskell", "honolulu") counts as heavily as the rarest word we know, so a search
for something nobody offers comes back empty rather than padded with near misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rolecall.answer import vocab
from rolecall.answer.evidence import BOILERPLATE, EVIDENCE, NEGATION, positive_sponsorship
from rolecall.answer.places import Place
from rolecall.postings.model import Posting, Sponsorship, Workplace
from rolecall.search.analyze import tokenize

if TYPE_CHECKING:
    from rolecall.answer.features import Corpus


def _re(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?:{a})" for a in alternatives), re.IGNORECASE)


# Kinds of role (rolecall/data/kinds.yaml): how a question asks for each, how a posting shows it.
KINDS = vocab.kinds()
_INTERN_Q = KINDS["intern"].asks
_COOP_Q = KINDS["coop"].asks
_NEWGRAD_Q = KINDS["new_grad"].asks
_FULLTIME_Q = KINDS["full_time"].asks
_PARTTIME_Q = KINDS["part_time"].asks
_CONTRACT_Q = KINDS["contract"].asks
_TEMPORARY_Q = KINDS["temporary"].asks
_FEDERAL_Q = KINDS["federal"].asks
_EXPERIENCED_Q = KINDS["experienced"].asks
# A pay basis asked ("hourly roles", "salaried", "paid internships"): a Pay.unit, or STATED for any pay.
_PAY_BASIS = {
    "HOUR": vocab.phrases()["pay_hour"],
    "DAY": vocab.phrases()["pay_day"],
    "YEAR": vocab.phrases()["pay_year"],
    "STATED": vocab.phrases()["pay_stated"],
}
_BASIS_WORDS = {
    "HOUR": "paid by the hour",
    "DAY": "paid by the day",
    "YEAR": "salaried",
    "STATED": "stating pay",
}
# "not the new grad list", "no internships", "excluding contract roles": a kind asked in the negative.
_NEGATED = re.compile(
    r"\b(?:not|no|non|except|excluding|exclude|without|other than|besides)\b[\s-]+(?:\w+[\s-]+){0,2}$",
    re.I,
)
_REMOTE_Q = _re(
    r"\bremote(?:ly)?\b", r"\bwfh\b", r"\bwork from home\b", r"\bfrom anywhere\b", r"\bdistributed\b"
)
_HYBRID_Q = _re(r"\bhybrid\b")
_ONSITE_Q = _re(r"\bon-?site\b", r"\bin[- ]office\b", r"\bin[- ]person\b")
_WORLD_Q = _re(
    r"\banywhere in the world\b",
    r"\bworld-?wide\b",
    r"\bglobal(?:ly)?\b",
    r"\bany country\b",
    r"\bfrom anywhere\b",
)
_SPONSOR_Q = _re(r"\bspons[oe]r", r"\bvisas?\b", r"\bh-?1b\b")
_RELOC_Q = _re(r"\breloc")
_CITIZEN_Q = _re(r"\bcitizen", r"\bus persons?\b")
_CLEARANCE_Q = _re(
    r"\b(?:security\s+)?clearances?\b", r"\bts/sci\b", r"\btop secret\b", r"\bcleared\b", r"\bpolygraph"
)
_PAY_Q = re.compile(
    r"(?:pay(?:s|ing)?|salar(?:y|ies)|comp\w*|earn\w*|making)?\s*"
    r"(?:over|above|at least|more than|>=?|north of|min(?:imum)?(?: of)?)\s*"
    r"[$€£]?\s?(\d+(?:[.,]\d+)?)\s*(k|K|,000)?(?:\s*(?:/|an?|per)\s*(hour|hr|year|yr|annum)\b)?",
    re.IGNORECASE,
)
_TERM_Q = re.compile(r"\b(fall|spring|summer|winter|autumn)\s+(20\d\d)\b", re.IGNORECASE)
_STATUS_AFTER = re.compile(r"[\s-]*(?:citizen|person|national|work authori|visa|passport|resident)", re.I)
# "is anyone hiring", "is there anybody hiring": no company named.
_NOT_A_NAME = re.compile(
    r"(?:any|some|every)(?:one|body|thing)|there(?: \w+)?|anybody|you|they|it|this|that|somebody|any\s+\w+"
    r"|(?:any|a)?\s*compan(?:y|ies)(?: \w+)?",
    re.IGNORECASE,
)
_NO_SPONSOR_NEEDED = _re(
    r"\b(?:don'?t|do not|doesn'?t|does not|won'?t|without|no)\s+(?:\w+\s+){0,2}(?:need(?:ing)?\s+)?"
    r"(?:a\s+)?(?:visa\s+)?spons"
)
_HIRING_Q = re.compile(
    r"\bis\s+(.+?)\s+hiring\b|\b(?:jobs|roles|positions|openings)\s+at\s+(\S+(?:\s+\S+)?)", re.I
)

INTERN_P = KINDS["intern"].cues
COOP_P = KINDS["coop"].cues
NEWGRAD_P = KINDS["new_grad"].cues
_REMOTE_P = re.compile(r"\bremote\b|\bwork from home\b|\bwfh\b|\bfully distributed\b", re.IGNORECASE)
_WORLD_P = _re(r"\bworld-?wide\b", r"\bworld\b", r"\banywhere\b", r"\bglobal(?:ly)?\b", r"\bany country\b")
_CLEARANCE_P = _re(r"\bclearance", r"\bts/sci\b", r"\btop secret\b", r"\bpolygraph")
_RELOC_P = _re(r"\breloc")

# Words that shape a discovery question but name nothing to search for (and small talk around it).
_FILLER = frozenset(
    t for w in vocab.words()["listing_filler"] | vocab.words()["chatter"] for t in tokenize(w)
)


@dataclass
class Filters:
    places: list[Place] = field(default_factory=list)
    remote: bool = False
    worldwide: bool = False
    either_status: bool = False  # "citizenship or clearance"
    hybrid: bool = False
    onsite: bool = False
    intern: bool = False
    coop: bool = False
    new_grad: bool = False
    full_time: bool = False
    part_time: bool = False
    contract: bool = False
    temporary: bool = False
    federal: bool = False
    excluded: set[str] = field(default_factory=set)  # kinds asked in the negative ("not new grad")
    pay_basis: set[str] = field(default_factory=set)  # Pay.unit asked ("hourly" -> HOUR), or "STATED"
    sponsorship: bool = False
    relocation: bool = False
    citizenship: bool = False
    clearance: bool = False
    terms: list[str] = field(default_factory=list)
    min_pay: float | None = None  # yearly
    companies: set[int] | None = None
    unknown_company: str | None = None
    company_names: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)  # role families named ("swe", "data science")

    def narrows(self) -> bool:
        """Whether anything beyond an employer and keywords is asked (a place, a workplace, a kind...)."""
        names, self.company_names = self.company_names, []
        try:
            return self.describe(keywords=False) != "all roles"
        finally:
            self.company_names = names

    def describe(self, *, keywords: bool = True) -> str:
        parts: list[str] = []
        if self.intern or self.coop:
            parts.append("internships/co-ops" if self.coop else "internships")
        if self.new_grad:
            parts.append("new-grad roles")
        # Alternatives (see ``select``) read as such: "remote or hybrid".
        if self.federal:
            parts.append("in government")
        if self.excluded:
            parts.append("not " + " or ".join(sorted(k.replace("_", "-") for k in self.excluded)))
        for group in (
            ((self.full_time, "full-time"), (self.part_time, "part-time"), (self.contract, "contract"),
             (self.temporary, "temporary")),
            ((self.worldwide, "remote from anywhere"), (self.remote and not self.worldwide, "remote"),
             (self.hybrid, "hybrid"), (self.onsite, "onsite")),
        ):  # fmt: skip
            words = [word for flag, word in group if flag]
            if words:
                parts.append(" or ".join(words))
        for flag, word in (
            (self.sponsorship, "offering visa sponsorship" + (" or relocation" if self.relocation else "")),
            (self.relocation and not self.sponsorship, "offering relocation"),
            (self.citizenship and not self.either_status, "requiring citizenship"),
            (self.clearance and not self.either_status, "mentioning a security clearance"),
            (self.either_status, "requiring citizenship or a clearance"),
        ):  # fmt: skip
            if flag:
                parts.append(word)
        if self.company_names:
            parts.append("at " + " or ".join(self.company_names))
        if self.places:
            parts.append("in " + " or ".join(p.label for p in self.places))
        if self.terms:
            parts.append("for " + ", ".join(self.terms))
        if self.min_pay:
            parts.append(f"paying at least {self.min_pay:,.0f} a year")
        if self.pay_basis:
            words = {
                "HOUR": "paid by the hour",
                "DAY": "paid by the day",
                "YEAR": "salaried",
                "STATED": "stating pay",
            }
            parts.append(" or ".join(words[b] for b in sorted(self.pay_basis)))
        if (self.keywords or self.families) and keywords:
            parts.append("matching “" + " ".join(self.words or self.keywords) + "”")
        return ", ".join(parts) or "all roles"


def parse_filters(
    question: str, *, places: tuple[tuple[Place, tuple[int, int]], ...], companies: set[int]
) -> Filters:
    """The filters a question's words make; ``places`` are the places it names, with their spans."""
    f = Filters()
    # "US citizenship", "UK visa": a country qualifying a status is not where the job is.
    found = [(pl, sp) for pl, sp in places if not _STATUS_AFTER.match(question, sp[1])]
    kept: list[tuple[Place, tuple[int, int]]] = []
    for place, span in found:
        # "Austin TX", "Seattle, WA": the state after a city only repeats where the city is.
        if (
            kept
            and len(place.names) == 2
            and 0 <= span[0] - kept[-1][1][1] <= 2
            and place not in [k[0] for k in kept]
        ):
            continue
        if place not in [k[0] for k in kept]:
            kept.append((place, span))
    f.places = [p for p, _ in kept]
    rest = question
    for _, (s, e) in sorted(found, key=lambda k: -k[1][0]):
        rest = rest[:s] + " " + rest[e:]
    # Words a filter consumed are not keywords too.
    for pattern in (*_PAY_BASIS.values(), _INTERN_Q, _COOP_Q, _NEWGRAD_Q, _FULLTIME_Q, _PARTTIME_Q,
                    _CONTRACT_Q, _TEMPORARY_Q, _FEDERAL_Q, _EXPERIENCED_Q, _REMOTE_Q,
                    _WORLD_Q, _HYBRID_Q, _ONSITE_Q,
                    _SPONSOR_Q, _RELOC_Q, _CITIZEN_Q, _CLEARANCE_Q, _TERM_Q, _HIRING_Q, _PAY_Q):  # fmt: skip
        # Whole words go: "sponsorship" must not leave "ship" behind.
        rest = re.sub(rf"\w*(?:{pattern.pattern})\w*", " ", rest, flags=re.IGNORECASE)
    f.remote = bool(_REMOTE_Q.search(question))
    f.worldwide = bool(_WORLD_Q.search(question))
    f.remote = f.remote or f.worldwide
    f.hybrid = bool(_HYBRID_Q.search(question))
    f.onsite = bool(_ONSITE_Q.search(question))
    f.pay_basis = {basis for basis, pattern in _PAY_BASIS.items() if pattern.search(question)}
    asked = {name: _kind_asked(KINDS[name].asks, question) for name in KINDS}
    f.excluded = {name for name, how in asked.items() if how == "not"}
    if asked["experienced"] == "yes":
        f.excluded |= set(KINDS["experienced"].excludes)
    f.intern = asked["intern"] == "yes"
    f.coop = asked["coop"] == "yes"
    f.new_grad = asked["new_grad"] == "yes"
    f.full_time = asked["full_time"] == "yes"
    f.part_time = asked["part_time"] == "yes"
    f.contract = asked["contract"] == "yes"
    f.temporary = asked["temporary"] == "yes"
    f.federal = asked["federal"] == "yes"
    # "roles that don't need sponsorship" asks for nothing about sponsorship.
    f.sponsorship = bool(_SPONSOR_Q.search(question)) and not _NO_SPONSOR_NEEDED.search(question)
    f.relocation = bool(_RELOC_Q.search(question))
    f.citizenship = bool(_CITIZEN_Q.search(question))
    f.clearance = bool(_CLEARANCE_Q.search(question))
    f.either_status = bool(
        re.search(
            r"\b(?:citizen\w*|clearances?)\s+or\s+(?:\w+\s+)?(?:citizen|clearance|cleared)", question, re.I
        )
    )
    f.terms = [f"{m.group(1).title()} {m.group(2)}" for m in _TERM_Q.finditer(question)]
    f.min_pay = _min_pay(question)
    if companies:
        f.companies = companies
    else:
        m = _HIRING_Q.search(question)
        name = (m.group(1) or m.group(2) or "").strip(" ?.!") if m else ""
        if name and not _NOT_A_NAME.fullmatch(name):
            f.unknown_company = name
    f.keywords = [t for t in tokenize(rest) if t not in _FILLER and not t.isdigit()]
    # For the reply, the candidate's own words rather than their stems.
    f.words = [w for w in re.findall(r"[\w+#.-]+", rest) if any(t in f.keywords for t in tokenize(w))]
    for family in vocab.families().values():
        found = list(family.asks.finditer(rest))
        # "data scientist / data analyst jobs": one side of alternatives stays a keyword like the other.
        if any(_BESIDE_OR.search(rest[max(0, m.start() - 5) : m.start()] + "|" + rest[m.end() : m.end() + 5])
               for m in found):  # fmt: skip
            continue
        if found:
            # "swe": a role whose title or header line says software, engineer or developer — a filter in
            # place of the word's own stems, which a passing mention in the text would meet.
            f.families.append(family.name)
            said = {t for m in found for t in tokenize(m.group(0))}
            f.keywords = [k for k in f.keywords if k not in said]
            f.words = [w for w in f.words if any(t in f.keywords for t in tokenize(w))] + [
                m.group(0) for m in found
            ]
    return f


_BESIDE_OR = re.compile(r"/\s*\||\|\s*/|\bor\s*\||\|\s*or\b", re.IGNORECASE)


def _kind_asked(pattern: re.Pattern[str], question: str) -> str | None:
    """ "yes" when the question asks for the kind, "not" when every mention of it is negated ("not the new
    grad list", "no internships"), None when it does not name it."""
    found = list(pattern.finditer(question))
    if not found:
        return None
    return "not" if all(_NEGATED.search(question[: m.start()]) for m in found) else "yes"


_ANNUAL = {"HOUR": 2080.0, "DAY": 260.0, "WEEK": 52.0, "MONTH": 12.0, "YEAR": 1.0}


def _min_pay(question: str) -> float | None:
    """A yearly floor from "pays over 150k" / "at least $120,000" / "more than $40 an hour"."""
    m = _PAY_Q.search(question)
    if not m:
        return None
    amount = float(m.group(1).replace(",", ""))
    if m.group(2):
        return amount * 1000
    if (m.group(3) or "").casefold() in ("hour", "hr"):
        return amount * _ANNUAL["HOUR"]
    if amount < 100:  # "over $40": an hourly rate
        return amount * _ANNUAL["HOUR"]
    return amount * 1000 if amount < 1000 else amount


def yearly_top(p: Posting) -> float | None:
    pay = p.pay
    if pay is None:
        return None
    top = pay.max if pay.max is not None else pay.min
    if top is None:
        return None
    return top * _ANNUAL.get((pay.unit or "YEAR").upper(), 1.0)


def _has(pattern: re.Pattern[str], texts: list[str]) -> bool:
    return any(pattern.search(t) for t in texts)


def _first(p: Posting, n: int) -> list[str]:
    out: list[str] = []
    for s in p.sections:
        for t in s.passages:
            if len(out) == n:
                return out
            out.append(t)
    return out


def header(p: Posting) -> list[str]:
    """Title, locations and the first passages: where a posting states its basic terms."""
    return [p.title, p.location_summary(), *_first(p, 3)]


def header_line(p: Posting) -> list[str]:
    """A "Company | Role | Place | ..." first line, as "Who is hiring" posts open with."""
    first = _first(p, 1)
    return first if first and first[0].count("|") >= 2 else []


_BASED_IN = vocab.phrases()["based_in"]


def based_in(p: Posting) -> list[str]:
    """Sentences saying where the person in the role must be ("Must be based in the Boston, MA area")."""
    return [t for _, t in p.passages() if _BASED_IN.search(t)]


def _whole(p: Posting) -> str:
    return p.title + "\n" + p.location_summary() + "\n" + p.text


def offers_sponsorship(p: Posting) -> bool:
    s = p.eligibility.sponsorship
    if s is not Sponsorship.NOT_STATED:
        return s is Sponsorship.OFFERED
    if not EVIDENCE["sponsorship"].search(_whole(p)):
        return False
    return any(
        positive_sponsorship(t) for t in [p.title, p.location_summary(), *(x for _, x in p.passages())]
    )


def mentions_relocation(p: Posting) -> bool:
    return bool(_RELOC_P.search(_whole(p)))


def mentions_clearance(p: Posting) -> bool:
    return bool(p.eligibility.clearance) or bool(_CLEARANCE_P.search(_whole(p)))


def requires_citizenship(p: Posting) -> bool:
    e = p.eligibility
    if e.citizenship_required is not None:
        return e.citizenship_required
    if not EVIDENCE["citizenship"].search(_whole(p)):  # one scan rules most postings out
        return False
    texts = [p.title, *(x for _, x in p.passages())]
    return any(
        EVIDENCE["citizenship"].search(t)
        and not re.search(r"not required|not a requirement", t, re.I)
        and not BOILERPLATE.search(t)
        for t in texts
    )


def is_federal(p: Posting) -> bool:
    """Published on a government host, or stating a federal grade or hiring process itself."""
    kind = KINDS["federal"]
    for url in (p.url, p.apply_url):
        host = (urlsplit(url).hostname or "") if url else ""
        if host and any(host.endswith(h) for h in kind.hosts):
            return True
    return bool(kind.cues.search(_whole(p)))


def is_remote(p: Posting) -> bool:
    if p.workplace is Workplace.REMOTE or any(loc.remote for loc in p.locations) or p.remote_regions:
        return True
    return any(_REMOTE_P.search(t) and not NEGATION.search(t[:60]) for t in header(p))


def is_worldwide(p: Posting) -> bool:
    texts = [*p.remote_regions, *(loc.text for loc in p.locations if loc.remote), *header(p)]
    return any(_WORLD_P.search(t) and (_REMOTE_P.search(t) or t in p.remote_regions) for t in texts)


def keyword_weight(keywords: list[str], idf: dict[str, float], max_idf: float) -> dict[str, float]:
    return {k: idf.get(k, max_idf * 1.5) for k in dict.fromkeys(keywords)}


def coverage(doc_terms: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 1.0
    return sum(w for k, w in weights.items() if k in doc_terms) / total


def select(f: Filters, corpus: Corpus) -> set[int]:
    """Postings meeting every filter, as an intersection of the corpus's filter sets."""
    sets: list[set[int] | frozenset[int]] = []
    if f.companies is not None:
        sets.append(f.companies)
    if f.places:
        hits: set[int] = set()
        for pl in f.places:
            strong, weak = corpus.place(pl)
            hits |= strong | weak
        if f.remote:
            # "remote from Canada": a role remote from anywhere in the world is open from there too.
            hits |= corpus.feature("worldwide")
        sets.append(hits)
    # Two ways of working or two kinds of contract asked together ("remote / hybrid", "full-time or
    # contract") are alternatives: hardly any posting is both, so either one holds.
    for group in (
        ((f.hybrid, "hybrid"), (f.onsite, "onsite"), (f.remote, "remote")),
        (
            (f.full_time, "full_time"),
            (f.part_time, "part_time"),
            (f.contract, "contract"),
            (f.temporary, "temporary"),
        ),
    ):
        asked = [name for flag, name in group if flag]
        if asked:
            sets.append(set().union(*(corpus.feature(n) for n in asked)))
    if f.worldwide:
        sets.append(corpus.feature("worldwide"))
    if f.federal:
        sets.append(corpus.feature("federal"))
    # "citizenship or clearance" asks for either; each alone must hold.
    status = [
        corpus.feature(n) for flag, n in ((f.citizenship, "citizenship"), (f.clearance, "clearance")) if flag
    ]
    if len(status) == 2 and f.either_status:
        sets.append(status[0] | status[1])
    else:
        sets.extend(status)
    kinds: set[int] = set()
    if f.intern:
        kinds |= corpus.feature("intern")
    elif f.coop:
        kinds |= corpus.feature("coop")
    if f.new_grad:
        kinds |= corpus.feature("new_grad")
    if f.intern or f.coop or f.new_grad:
        sets.append(kinds)
    if f.sponsorship or f.relocation:
        either: set[int] = set()
        if f.sponsorship:
            either |= corpus.feature("sponsorship")
        if f.relocation:
            either |= corpus.feature("relocation")
        sets.append(either)
    if f.min_pay:
        sets.append(corpus.paying_at_least(f.min_pay))
    if f.pay_basis:
        sets.append(set().union(*(corpus.paid_by(b) for b in f.pay_basis)))
    for name in f.families:
        sets.append(corpus.family(name))
    if f.terms:
        sets.append(set().union(*(corpus.with_term(t) for t in f.terms)))
    if not sets:
        out = set(range(len(corpus.postings)))
    else:
        sets.sort(key=len)
        out = set(sets[0])
        for other in sets[1:]:
            out &= other
    # A kind left out is left out by the role's own title: "New grads OK" in a senior role's text does
    # not make it a new-grad role.
    for name in f.excluded:
        out -= corpus.in_titles(name)
    return out


def diversify(order: list[int], postings: list[Posting]) -> list[int]:
    """Round-robin over employers so one company's forty openings don't hide everyone else's."""
    buckets: dict[str, list[int]] = {}
    for i in order:
        buckets.setdefault(postings[i].company.casefold(), []).append(i)
    out: list[int] = []
    depth = 0
    while len(out) < len(order):
        for b in buckets.values():
            if depth < len(b):
                out.append(b[depth])
        depth += 1
    return out


def strong_sets(f: Filters, corpus: Corpus) -> list[frozenset[int] | set[int]]:
    """For each filter asked, the postings meeting it through structured fields rather than a mention in
    their text: a role whose listed location is Seattle outranks one whose header line names Seattle."""
    out: list[frozenset[int] | set[int]] = []
    if f.places:
        out.append(set().union(*(corpus.place(pl)[0] for pl in f.places)))
        # A role placed there by name ranks before one only in a wider area holding it.
        out.append(set().union(*(corpus.place_named(pl) for pl in f.places)))
    for flag, name in ((f.intern or f.coop, "intern"), (f.sponsorship, "sponsorship"),
                       (f.citizenship, "citizenship"), (f.remote, "remote")):  # fmt: skip
        if flag:
            out.append(corpus.structured(name))
    if f.terms:
        out.append(set().union(*(corpus.terms.get(t.casefold(), set()) for t in f.terms)))
    return out


def diversify_open(order: list[int], postings: list[Posting], today: date) -> list[int]:
    """``diversify`` within the open roles, then within the closed ones: open roles always come first."""
    open_ = [i for i in order if not postings[i].is_closed(today)]
    closed = [i for i in order if postings[i].is_closed(today)]
    return diversify(open_, postings) + diversify(closed, postings)
