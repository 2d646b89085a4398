"""Finding the sentences of one posting that answer a facet.

Each facet has a pattern for sentences that speak to it ("sponsor", "visa", "authorized to work" for
sponsorship); matching passages are ranked by BM25 against the question within that posting, so the
sentence closest to what was asked is quoted first. Structured facts are not consulted here (compose.py
does that); this module only reads the posting's own words, including its title, which often carries facts
such as "Adv Degree" or "(U.S. work authorization required)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rolecall.answer import vocab
from rolecall.answer.tech import LANGUAGE_RE, TECH_RE, density, names_in
from rolecall.postings.model import Posting
from rolecall.search.analyze import tokenize
from rolecall.search.index import BM25Index

if TYPE_CHECKING:
    from rolecall.answer.question import Question


# Sentences that talk about languages without naming one ("not looking for any specific language").
_LANGUAGE_TALK = re.compile(
    r"\b(?:programming|specific|any|coding|particular)\s+languages?\b"
    r"|\blanguage[- ](?:agnostic|experience)\b",
)
_LANG_ONLY_RE = LANGUAGE_RE
_LANG_RE = LANGUAGE_RE

# "3+ years", "2-4 yrs", "two years", "six months": an amount of experience.
_YEARS = (
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s?\+?\s?"
    r"(?:(?:-|–|to)\s?\d+\s?\+?\s?)?(?:years?|yrs?|months?|weeks?)\b"
)
YEARS_RE = re.compile(_YEARS, re.IGNORECASE)

# Sentences that speak to each facet: the ``cues`` of each facet's table (rolecall/data/facets/*.yaml).
_VOCAB = vocab.facets()
EVIDENCE: dict[str, re.Pattern[str]] = {name: f.cues for name, f in _VOCAB.items() if f.cues is not None}
EVIDENCE["pay_words"] = _VOCAB["pay"].table("terms")
# Section headings that name a facet, so the short value under them answers it ("Min Salary" / "129096").
HEADINGS: dict[str, re.Pattern[str]] = {
    n: f.tables["headings"] for n, f in _VOCAB.items() if "headings" in f.tables
}
_VALUE_MAX = 200
# Sentences that use a facet's words about something else ("commensurate with experience").
NOT_CUES: dict[str, re.Pattern[str]] = {
    n: f.tables["not_cues"] for n, f in _VOCAB.items() if "not_cues" in f.tables
}
_DIGIT = re.compile(r"\d")


def _value_under(p: Passage, heads: re.Pattern[str]) -> bool:
    """A short value under a heading naming the facet: a number, date or id ("129096", "2026-04-03"),
    not another label ("Remote", "No") the page put there."""
    return (
        p.index >= 0
        and len(p.text) <= _VALUE_MAX
        and bool(heads.search(p.section))
        and bool(_DIGIT.search(p.text))
        and p.text.strip().casefold() != p.section.strip().casefold()
    )


def _bare_label(p: Passage) -> bool:
    """A passage that is only a label ("Experience", "Salary"): a heading, not a statement."""
    words = p.text.split()
    return p.index >= 0 and len(words) <= 2 and not _DIGIT.search(p.text) and not p.text.strip().endswith(".")


# Headings of sections that say what the job is ("Responsibilities", "What you'll do", "The role").
DUTY_HEADING = _VOCAB["duties"].table("headings")
EVIDENCE["languages"] = re.compile(f"{LANGUAGE_RE.pattern}|(?i:{_LANGUAGE_TALK.pattern})")
EVIDENCE["stack"] = re.compile(f"{TECH_RE.pattern}|(?i:{_LANGUAGE_TALK.pattern})")

# A single technology counts as the stack only when the passage speaks of using it: "customers such as
# Cloudflare" names a customer, "experience with Cloudflare" a tool.
_TECH_USE = re.compile(
    r"\b(?:use[sd]?|using|built|build(?:ing)?|writ(?:e|ing|ten)|experience|proficien\w*|familiar\w*|"
    r"knowledge|stack|skills?|develop\w*|cod(?:e|ing)|programming|deploy\w*|run(?:s|ning)? on|"
    r"expert\w*|fluent|work(?:s|ing)? (?:in|with)|technolog\w*|tools?|framework\w*|language\w*)\b",
    re.IGNORECASE,
)

# A short line heading a list of technologies: "Core Tech Stack", "Our stack", "Tools we use".
_STACK_HEADING = re.compile(
    r"\b(?:stack|technolog(?:y|ies)|tools|tooling|tech|frameworks|languages)\b", re.IGNORECASE
)

# Headings of sections that hold requirements ("Qualifications", "What you bring", "Who you are").
REQUIREMENT_HEADING = _VOCAB["requirements"].table("headings")
# A sentence that only sets up a list ("We're looking for engineers who:") introduces requirements.
REQUIREMENT_LEAD = _VOCAB["requirements"].table("leads")
# Sentences that state a requirement wherever they sit ("Startup experience is a must").
STRONG_REQUIREMENT = _VOCAB["requirements"].table("strong")

# Headings a short line inside a section may be ("Basic Qualifications", "Compensation", "Perks").
_HEADING_JOINERS = frozenset(["of", "and", "for", "the", "to", "you", "we", "&", "a", "our", "your", "what"])
_SUBHEADING_WORDS = re.compile(
    f"(?:{REQUIREMENT_HEADING.pattern}|{DUTY_HEADING.pattern}"
    r"|(?:\bbenefits?\b|\bperks\b|\bcompensation\b|\bpay\b|\bsalary\b|\bwhat we offer\b|\babout\b))",
    re.IGNORECASE,
)

# Words that ask for requirements without narrowing them ("what are they looking for?").
GENERIC_ASK = frozenset(t for w in vocab.words()["generic_ask"] for t in tokenize(w, keep_stopwords=True))

# Words every pay question uses: they say nothing about which compensation line is meant.
_PAY_GENERIC = frozenset(
    t
    for w in re.findall(
        r"\w+",
        "pay paid salary salaries compensation comp wage wages range much money what whats how the is for "
        "their they does do it",
    )
    for t in tokenize(w, keep_stopwords=True)
)


# The line after a pay figure goes on about pay when it names a part of the package ("DOE, 50/50
# base/commission."), not when it only uses the verb ("pay attention to ...").
_PAY_FOLLOW = re.compile(
    r"\b(?:base|commission|equity|bonus|ote|doe|stock|rsus?|salary|compensation|stipend|negotiable"
    r"|depending on experience)\b|\d+\s?%",
    re.IGNORECASE,
)


def _unique(items: list[Passage]) -> list[Passage]:
    seen: set[int] = set()
    out = []
    for p in items:
        if id(p) not in seen:
            seen.add(id(p))
            out.append(p)
    return out


# Equal-opportunity boilerplate ("we do not discriminate on the basis of ... citizenship"): no evidence.
BOILERPLATE = vocab.phrases()["boilerplate"]
# Words that turn a sentence around ("no sponsorship", "unable to sponsor").
NEGATION = vocab.phrases()["negation"]


# "Sponsorship: Other", "Salary: N/A": a listing field whose value says nothing is no evidence.
_EMPTY_FIELD = re.compile(
    r"^\s*[\w /-]{1,40}:\s*"
    r"(?:other|unknown|n/?a|none|not (?:specified|stated|provided)|tbd|tba|-+|\?)\.?\s*$",
    re.IGNORECASE,
)


_URL = re.compile(r"https?://\S+|www\.\S+")


def _prose(text: str) -> str:
    """A passage without its links: a URL's slug ("...-intern-bs-summer-2025") is not something said."""
    return _URL.sub(" ", text)


@dataclass(frozen=True)
class Passage:
    index: int
    section: str
    text: str


def passages_of(posting: Posting) -> list[Passage]:
    """The title, then every passage with the heading it sits under. A short line inside a section that
    heads what follows ("Preferred Qualifications:", "Basic Qualifications") is that heading for the
    passages after it, so "GPA of 3.00 or higher" is quoted as preferred, not required."""
    out = [Passage(-1, "title", posting.title)]
    sub: str | None = None
    current: str | None = None
    for i, (sec, text) in enumerate(posting.passages()):
        if sec != current:
            current, sub = sec, None
        if sec and _OTHER_ROLES.search(sec):
            continue  # "Related AI Jobs": other postings' titles and pay, never this role's
        if _is_subheading(text):
            sub = text.strip().rstrip(":").strip()  # the heading line heads itself too
        out.append(Passage(i, sub or sec, text))
    return out


_OTHER_ROLES = vocab.phrases()["other_roles_heading"]
_SUBHEAD_MAX = 60
_TERMINAL = re.compile(r"[.!?;,]\s*$")


def _is_subheading(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > _SUBHEAD_MAX or "http" in t or len(t.split()) > 8:
        return False
    if t.endswith(":"):
        return True
    # An unpunctuated short line only when it reads as a heading ("Basic Qualifications", "Benefits"):
    # capitalised like one and naming what a heading names.
    words = t.split()
    capitalised = all(w[:1].isupper() or w.casefold() in _HEADING_JOINERS for w in words)
    return len(words) <= 5 and capitalised and not _TERMINAL.search(t) and bool(_SUBHEADING_WORDS.search(t))


_LEAD_IN = re.compile(r":\s*$")


def _with_items(body: list[Passage], chosen: list[Passage], k: int) -> list[Passage]:
    """A chosen lead-in ("Day-to-day tasks might include:") says nothing without the items after it:
    they follow it, up to ``k``, until the next lead-in."""
    out: list[Passage] = []
    for p in chosen:
        out.append(p)
        if not _LEAD_IN.search(p.text):
            continue
        n = next((i for i, b in enumerate(body) if b is p), None)
        for item in body[n + 1 : n + 1 + k] if n is not None else []:
            if _LEAD_IN.search(item.text):
                break
            out.append(item)
    return _unique(out)


class PostingText:
    """One posting's passages with a small BM25 index over them, built on first use."""

    def __init__(self, posting: Posting) -> None:
        self.posting = posting
        # The company's own name is no evidence: "Visa" the employer says nothing about visas.
        self._company = (
            re.compile(rf"\b{re.escape(posting.company)}\b", re.IGNORECASE) if posting.company else None
        )
        self.passages = passages_of(posting)
        self._index: BM25Index | None = None
        self._blocks: tuple[list[Passage], set[int]] | None = None

    @property
    def index(self) -> BM25Index:
        if self._index is None:
            self._index = BM25Index(tokenize(f"{p.section} {_prose(p.text)}") for p in self.passages)
        return self._index

    def matching(self, facet: str) -> list[Passage]:
        """Passages that speak to the facet: by their own words, or — a short value under a heading that
        names the facet ("Min Salary" / "129096", "Close Date" / "2026-04-03") — by their heading."""
        pattern = EVIDENCE.get(facet)
        heads = HEADINGS.get(facet)
        if pattern is None and heads is None:
            return []
        nots = NOT_CUES.get(facet)
        return [
            p
            for p in self.passages
            if (
                (pattern is not None and pattern.search(self._masked(p.text)) and not _bare_label(p))
                or (heads is not None and _value_under(p, heads))
            )
            and not _EMPTY_FIELD.match(p.text)
            and not BOILERPLATE.search(p.text)
            and not (nots is not None and nots.search(p.text))
        ]

    def _masked(self, text: str) -> str:
        return self._company.sub(" ", text) if self._company else text

    def best(self, facet: str, q: Question, k: int = 3, *, include_title: bool = True) -> list[Passage]:
        """Passages matching the facet, closest to the question first; ties keep posting order."""
        found = [p for p in self.matching(facet) if include_title or p.index >= 0]
        if not found:
            return []
        scores = self.index.scores(list(q.tokens))
        pos = {id(p): n for n, p in enumerate(self.passages)}
        found.sort(key=lambda p: (-scores.get(pos[id(p)], 0.0), pos[id(p)]))
        return found[:k]

    def pay_terms(self, q: Question, near: list[Passage], k: int = 2) -> list[Passage]:
        """Compensation lines beyond the range: those sharing a word of the question beside the generic
        pay words ("commission", "equity"), and the line right after a quoted pay figure when it goes on
        about pay ("DOE, 50/50 base/commission.")."""
        pattern = EVIDENCE["pay_words"]
        body = [p for p in self.passages if p.index >= 0]
        # The words naming the role ("the 18F product manager") say nothing about which pay line is meant.
        asked = self.topical(q) - _PAY_GENERIC
        scores = self.index.scores(list(asked))
        pos = {id(p): n for n, p in enumerate(self.passages)}
        hits = [p for p in body if pattern.search(p.text) and scores.get(pos[id(p)], 0.0) > 0]
        hits.sort(key=lambda p: (-scores.get(pos[id(p)], 0.0), pos[id(p)]))
        quoted = {" ".join(p.text.split()).casefold() for p in near}
        follow = []
        for n, p in enumerate(body[:-1]):
            if " ".join(p.text.split()).casefold() in quoted:
                nxt = body[n + 1]
                if (
                    _PAY_FOLLOW.search(nxt.text)
                    and len(nxt.text) <= 200
                    and not EVIDENCE["pay"].search(nxt.text)
                ):
                    follow.append(nxt)
        return _unique(follow + hits[:k])

    def duties(self, q: Question, k: int = 5) -> list[Passage]:
        """What the job is: a responsibilities section ("What you'll do") or the "you will..." sentences;
        those closest to the question first when it asks something specific, then in posting order."""
        body = [p for p in self.passages if p.index >= 0]
        in_section = [p for p in body if p.section and DUTY_HEADING.search(p.section)]
        said = [p for p in body if EVIDENCE["duties"].search(p.text) and not _EMPTY_FIELD.match(p.text)]
        pool = _unique(in_section + said)
        if not pool:
            return []
        pos = {id(p): n for n, p in enumerate(self.passages)}
        scores = self.index.scores(list(q.tokens))
        ranked = sorted(pool, key=lambda p: (-scores.get(pos[id(p)], 0.0), pos[id(p)]))[:k]
        return _with_items(body, sorted(ranked, key=lambda p: pos[id(p)]), k)

    def requirements(self, q: Question, k: int = 6, *, general: bool = False) -> list[Passage]:
        """The posting's requirement sentences: all of them (up to a dozen, or ``k`` when ``general``) for a
        general "what do they want?", else the ``k`` sharing the question's own words, in posting order;
        sentences under a requirements heading before those that only say "must" elsewhere."""
        body = [p for p in self.passages if p.index >= 0]
        in_section = [p for p in body if p.section and REQUIREMENT_HEADING.search(p.section)]
        strong = [p for p in body if STRONG_REQUIREMENT.search(p.text)]
        pool = _unique(in_section + self._after_lead(body) + strong)
        if not pool:
            pool = [p for p in body if EVIDENCE["requirements"].search(p.text)]
        pos = {id(p): n for n, p in enumerate(self.passages)}
        topical = self.topical(q)
        scores = self.index.scores(list(q.tokens))
        # A post hiring for several roles ("Account Executives: two years of ...") answers a question naming
        # one of them with the lines that name it first.
        roles = [p for p in self._role_lines(body, topical) if scores.get(pos[id(p)], 0.0) > 0]
        roles.sort(key=lambda p: (-scores.get(pos[id(p)], 0.0), pos[id(p)]))
        roles = roles[:3]
        if not pool:
            return roles
        if general:
            headed = {id(p) for p in in_section}
            return sorted(pool, key=lambda p: (id(p) not in headed, pos[id(p)]))[:k]
        if not topical:
            return sorted(pool, key=lambda p: pos[id(p)])[:12]
        ranked = sorted(pool, key=lambda p: (-scores.get(pos[id(p)], 0.0), pos[id(p)]))[:k]
        return _unique(roles + sorted(ranked, key=lambda p: pos[id(p)]))[:k]

    @staticmethod
    def _role_lines(body: list[Passage], topical: set[str]) -> list[Passage]:
        """Lines led by a role name the question uses: "Growth Lead / GTM engineer: technically strong"."""
        if not topical:
            return []
        out = []
        for p in body:
            lead, colon, rest = p.text.partition(":")
            if not colon or len(lead) > 80 or "http" in lead or not topical & set(tokenize(lead)):
                continue
            # What follows the role must be a requirement, not a field's value ("Location: Remote").
            wants = (EVIDENCE["requirements"], YEARS_RE, STRONG_REQUIREMENT)
            if any(w.search(rest) for w in wants):
                out.append(p)
        return out

    def tech(self, q: Question, k: int = 4, *, languages_only: bool = False) -> list[Passage]:
        """Body passages naming technologies, those naming the most (or labelling a stack: "Stack:",
        "Technologies:") first, then those closest to the question; ties keep posting order."""
        facet = "languages" if languages_only else "stack"
        blocks, covered = self._stack_blocks()
        found = [
            p
            for p in self.matching(facet)
            if p.index >= 0
            and id(p) not in covered
            and (
                len(names_in(p.text, languages_only=languages_only)) >= 2
                or _TECH_USE.search(p.text)
                or _LANGUAGE_TALK.search(p.text)
            )
        ]
        found += [b for b in blocks if names_in(b.text, languages_only=languages_only)]
        if not found:
            return []
        asked = {n.casefold() for n in q.tech if not languages_only or LANGUAGE_RE.fullmatch(n)}
        scores = self.index.scores(list(q.tokens))
        # A block stands where its label line stands (index ``i`` is passage ``i + 1``, after the title).
        pos = {id(p): n for n, p in enumerate(self.passages)} | {id(b): b.index + 1 for b in blocks}

        def key(p: Passage) -> tuple[float, float, int]:
            names = {n.casefold() for n in names_in(p.text, languages_only=languages_only)}
            dense = density(p.text, languages_only=languages_only) + 2 * len(asked & names)
            return (-dense, -scores.get(pos[id(p)], 0.0), pos[id(p)])

        return sorted(found, key=key)[:k]

    def _stack_blocks(self) -> tuple[list[Passage], set[int]]:
        """A heading line naming the stack ("Core Tech Stack", "Tools") followed by short bullets
        ("Elixir", "Postgres", "AWS"), read as one labelled line; also the ids of the bullets it covers."""
        if self._blocks is None:
            body = [p for p in self.passages if p.index >= 0]
            blocks: list[Passage] = []
            covered: set[int] = set()
            for n, p in enumerate(body):
                if len(p.text.split()) > 6 or not _STACK_HEADING.search(p.text):
                    continue
                bullets = []
                for q in body[n + 1 : n + 16]:
                    if len(q.text.split()) > 4 or len(q.text) > 40:
                        break
                    bullets.append(q)
                if len(bullets) >= 2 and any(names_in(q.text) for q in bullets):
                    label = p.text.strip().rstrip(":")
                    text = f"{label}: {', '.join(q.text.strip().rstrip(',.;') for q in bullets)}"
                    blocks.append(Passage(p.index, p.section, text))
                    covered |= {id(q) for q in bullets}
            self._blocks = (blocks, covered)
        return self._blocks

    @property
    def vocabulary(self) -> set[str]:
        return set(self.index.idf)

    def containing(self, tokens: set[str], q: Question, k: int) -> list[Passage]:
        """Body passages holding any of ``tokens``, closest to the question first."""
        scores = self.index.scores(list(q.tokens))
        hits = [
            (n, p)
            for n, p in enumerate(self.passages)
            if p.index >= 0 and tokens & set(tokenize(_prose(p.text)))
        ]
        hits.sort(key=lambda x: (-scores.get(x[0], 0.0), x[0]))
        return [p for _, p in hits[:k]]

    def asked_for(self, q: Question) -> set[str]:
        """What a "do I need X?" question names as X: the words after need/require/use/know, up to the
        posting's name, minus generic words, this posting's own name and its title's initials ("SRE")."""
        own = self._own()
        out = {t for t in q.wanted if t not in own}
        if not out:
            # "c++ or python?": technologies named with no verb are what is asked about.
            out = {t for n in q.tech for t in tokenize(n) if t not in own}
        return out

    def _own(self) -> set[str]:
        p = self.posting
        own = set(tokenize(f"{p.title} {p.company} {p.location_summary()}"))
        words = [w for w in re.findall(r"[A-Za-z]+", p.title) if w[0].isupper()]
        own.add("".join(w[0] for w in words).casefold())  # "Site Reliability Engineer" -> "sre"
        return own

    def topical(self, q: Question) -> set[str]:
        """The question's words beyond naming this posting and asking generically."""
        own = self._own()
        return {t for t in q.tokens if t not in own and t not in GENERIC_ASK}

    @staticmethod
    def _after_lead(body: list[Passage]) -> list[Passage]:
        """Bullets following a "we're looking for people who:" line, when the posting has no headings."""
        for n, p in enumerate(body):
            if REQUIREMENT_LEAD.search(p.text):
                tail = body[n : n + 10]
                return [
                    q for q in tail if EVIDENCE["requirements"].search(q.text) or _LANG_RE.search(q.text)
                ] or tail
        return []


def languages_in(text: str, *, tools: bool = False) -> list[str]:
    return names_in(text, languages_only=not tools)


def positive_sponsorship(text: str) -> bool:
    """A sentence offering sponsorship ("Visa support available", "we sponsor H-1B"), not refusing it."""
    return (
        bool(EVIDENCE["sponsorship"].search(text))
        and not NEGATION.search(text)
        and not BOILERPLATE.search(text)
    )
