"""What one short line of a job page's header block says, by general cues (no site is named here).

A job page's header is a few short lines around the title: the employer ("Acme Corp", "at Acme",
"Acme Careers"), the place ("Chicago, IL (Hybrid)", "Remote in USA", "Hybrid work in Austin, TX"), the
employment type ("Full-time", "Part time · Entry level"), the pay ("$80,000 - $95,000 a year"), and
bylines joining several of them ("Acme · Chicago, IL · 3 days ago · 48 applicants", "Berlin / Full-time /
Remote", "$120K - $150K a year - Full-time"). ``read_line`` classifies one line into :class:`LineFacts`;
the page reader decides which line is the title and which the employer from their order.
The vocabularies (seniority words, department words, section headings) are in ``data/page_cues.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rolecall.orgs import has_legal_suffix, masthead_name, plausible_org
from rolecall.postings import locations as loc_mod
from rolecall.postings.chrome import cues, has_role_word, is_caption, is_chrome_line, label_field
from rolecall.postings.extract import employment_types_in, pay_in, without_employment_types
from rolecall.postings.model import EmploymentType, Location, Workplace

_BYLINE_SEP = re.compile(r"\s+[·•|/]\s+|\s+[-–—]\s+")
_POSTED = re.compile(r"^(?:posted|reposted|\d+\s+applicants?|over\s+\d+|be\s+an\s+early)", re.I)
_CURRENCY = re.compile(r"(?:[$€£]|\b(?:USD|EUR|GBP|CAD|AUD)\b)\s?\d")
# "Hybrid work in Austin, TX", "On-site in Berlin": a workplace, then the place it is in.
_WORKPLACE_IN = re.compile(
    r"^(?P<wp>hybrid(?:\s+work)?|on-?site|in[- ]office|in[- ]person)\s+(?:in|at|from)\s+(?P<place>\S.*)$",
    re.I,
)
_AT = re.compile(r"^(?:at|@)\s+(?P<c>\S.{0,60})$", re.I)
_MAX_PLACE_LINE = 300
# Words in one place of a line ("Remote - North America", "Washington, District of Columbia").
_PLACE_WORDS = 7


@dataclass
class LineFacts:
    """Facts one header line states; ``kind`` says what the line is as a whole."""

    kind: str = "other"  # place | workplace | types | pay | byline | at | legal | chrome | other
    locations: list[Location] = field(default_factory=list)
    workplace: str | None = None  # the words naming the workplace ("Hybrid", "Remote (US)")
    types: list[EmploymentType] = field(default_factory=list)
    pay: str | None = None
    company: str | None = None

    @property
    def is_fact(self) -> bool:
        return self.kind != "other"


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def places_in(text: str) -> tuple[list[Location], str | None] | None:
    """A line that is only places (with a workplace): 'Chicago, IL (Hybrid)', 'Remote in USA',
    'Hybrid work in Austin, TX', 'Seattle, WA; NYC'. None when any piece is not a recognised place."""
    s = text.strip()
    if not s or len(s) > _MAX_PLACE_LINE or re.search(r"[!?]|\.\s+[a-z]", s):
        return None  # a sentence ("St. Louis" is not one)
    if has_role_word(s) or _CURRENCY.search(s) or ":" in s or employment_types_in(s):
        return None  # "Security Intern - Remote" is a title, "$95K in Berlin" a pay line
    workplace = s if loc_mod.workplace_in(s) != Workplace.UNKNOWN else None
    m = _WORKPLACE_IN.match(s)
    locs = loc_mod.parse_locations(m.group("place") if m else s)
    if not locs or any(len(x.text.split()) > _PLACE_WORDS for x in locs):
        return None
    known = sum(loc_mod.is_recognised_place(x) for x in locs)
    # A list of places may name one the place reader does not know ("La Jolla; San Diego, CA").
    if known == len(locs) or (
        len(locs) > 1 and 2 * known >= len(locs) and all(_short_name(x.text) for x in locs)
    ):
        return locs, workplace
    return None


def place_like(text: str) -> bool:
    """A line shaped like a place the place reader may not know: a name, or a list of short names."""
    if name_like(text):
        return True
    pieces = loc_mod.parse_locations(text)
    return bool(pieces) and all(_short_name(x.text) for x in pieces)


def _short_name(text: str) -> bool:
    """A piece of a place list that may be a place the reader does not know ('La Jolla')."""
    return (
        len(text.split()) <= 3
        and text[:1].isupper()
        and not has_role_word(text)
        and not employment_types_in(text)
        and not is_department(text)
        and not _CURRENCY.search(text)
    )


def is_workplace_only(text: str) -> bool:
    """'Remote', 'Hybrid', 'On-site (3 days)': a line that names only a workplace."""
    return (
        len(text.split()) <= 4
        and loc_mod.workplace_in(text) != Workplace.UNKNOWN
        and not has_role_word(text)
        and not employment_types_in(text)
    )


def types_in_line(text: str) -> list[EmploymentType]:
    """A line that is only employment types (with a seniority level): 'Full-time', 'Part time',
    'Internship', 'Contract, Temporary', 'Full-time · Mid-Senior level' -> the types; else []."""
    s = text.strip()
    if not s or len(s) > 60:
        return []
    types = employment_types_in(s)
    if not types:
        return []
    leftover = [w for w in _words(without_employment_types(s)) if w not in cues().type_filler]
    return types if not leftover else []


def pay_line(text: str) -> str | None:
    """A short line stating only pay: '$80,000 - $95,000 a year', 'USD 60,000 - 97,000 per year'."""
    s = text.strip()
    if len(s) > 120 or not _CURRENCY.search(s) or re.search(r"[.!?]\s+\S", s) or has_role_word(s):
        return None
    return s if pay_in(s, require_context=False) is not None else None


def is_section_heading(text: str) -> bool:
    """'About the job', 'Job description', 'Responsibilities': where the description starts."""
    s = " ".join(text.lower().strip(" :").split())
    c = cues()
    return s in c.section_headings or bool(re.match(r"^(?:what|who|why|how|your|our)\b", s))


def is_department(text: str) -> bool:
    """'Engineering', 'Product & Design', 'Sales - EMEA': a team name, not an employer."""
    words = [w for w in _words(text) if w not in ("and", "&")]
    return bool(words) and all(w in cues().department_words for w in words)


def name_like(text: str) -> bool:
    """Whether a header line can be an employer's name on its own line: short, capitalised, not a
    sentence, no role word, not a place, a workplace, a type, a team or a section heading."""
    s = text.strip()
    if not plausible_org(s) or len(s.split()) > 6 or not re.search(r"[A-Z0-9]", s) or re.search(r":\s", s):
        return False  # "Stellenausschreibung: Redakteur:in" is a labelled line, not a name
    if has_role_word(s) and not has_legal_suffix(s) and not _firm_plural(s):
        return False
    if _CURRENCY.search(s) or is_section_heading(s) or is_department(s) or re.match(r"(?i)about\s", s):
        return False  # ("About Acme" is the heading of a section about the employer)
    if types_in_line(s) or is_workplace_only(s) or places_in(s):
        return False
    return not is_chrome_line(s)


_SENIORITY = re.compile(
    r"\b(?:senior|sr|junior|jr|lead|principal|staff|chief|head|entry|mid|new\s+grad|i{1,3}|iv)\b", re.I
)
_TITLE_PUNCT = re.compile(r"\s[-–—/|]\s|[(),/_:]")


def title_score(text: str) -> int:
    """How much a line reads as a job title: a role word, a seniority word, a title's punctuation
    ("Analyst - Fund Finance", "Engineer (Backend)", "Associate/Senior Associate")."""
    s = text.strip()
    role = has_role_word(s) and not _firm_plural(s)
    return 3 * role + bool(_SENIORITY.search(s)) + bool(_TITLE_PUNCT.search(s))


def _firm_plural(text: str) -> bool:
    """'ELEVI Associates', 'Capstone Investment Advisors': a firm named for its people (a plural role
    noun last, after a name), not a role."""
    words = text.split()
    if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z]+s", words[-1]):
        return False
    return has_role_word(words[-1]) and not has_role_word(" ".join(words[:-1]))


def read_line(text: str) -> LineFacts:
    """Classify one header line (module docstring)."""
    s = text.strip()
    at = _AT.match(s)
    if at and plausible_org(at.group("c")):
        return LineFacts(kind="at", company=at.group("c").strip())
    if is_chrome_line(s):
        return LineFacts(kind="chrome")  # a button, a count, a rating
    types = types_in_line(s)
    if types:
        return LineFacts(kind="types", types=types)
    if is_workplace_only(s) and not loc_mod.parse_locations(s):
        return LineFacts(kind="workplace", workplace=s)
    placed = places_in(s)
    if placed:
        return LineFacts(kind="place", locations=placed[0], workplace=placed[1])
    if is_workplace_only(s):
        return LineFacts(kind="workplace", workplace=s)
    pay = pay_line(s)
    if pay and len(_pieces(s)) == 1:  # only the pay ("$90K - $120K a year"), not "pay - type"
        return LineFacts(kind="pay", pay=pay)
    byline = _byline(s)
    if byline is not None:
        return byline
    if len(s) <= 90 and len(s.split()) <= 8 and has_legal_suffix(s):
        return LineFacts(kind="legal", company=s)
    return _label_without_colon(s) or LineFacts()


def _label_without_colon(text: str) -> LineFacts | None:
    """'Job type Full-time', 'Location Berlin, Germany', 'Salary $90K - $120K': a card's label and its
    value with the colon lost, read when the value is what the label promises."""
    words = text.split()
    for n in (3, 2, 1):
        if len(words) <= n:
            continue
        name = label_field(" ".join(words[:n]))
        if name is None:
            continue
        value = " ".join(words[n:])
        sub = read_line(value)
        wanted = {"employment_type": "types", "locations": "place", "pay": "pay", "workplace": "workplace"}
        if wanted.get(name) == sub.kind or (name == "workplace" and sub.kind == "place" and sub.workplace):
            return sub
    return None


_PAY_RANGE = re.compile(r"(?:[$€£]|USD|EUR|GBP)\s?[\d.,]+\s?[kK]?\s*(?:[-–—]|to)\s*[$€£]?\s?[\d.,]+\s?[kK]?")


def _pieces(text: str) -> list[str]:
    """A byline split on its separators, a pay range kept whole ('$80K - $95K a year - Full-time') and a
    parenthesis too ('Netherlands (Amsterdam - Hybrid)')."""
    pay = _PAY_RANGE.search(text)
    if pay:
        head, tail = text[: pay.start()], text[pay.end() :]
        return [*_pieces(head), pay.group(0) + _unit_after(tail), *_pieces(_after_unit(tail))]
    out: list[str] = []
    start = 0
    for m in _BYLINE_SEP.finditer(text):
        before = text[: m.start()]
        if before.count("(") > before.count(")"):
            continue  # inside a parenthesis
        out.append(text[start : m.start()])
        start = m.end()
    out.append(text[start:])
    return [p.strip() for p in out if p.strip()]


_UNIT = re.compile(r"^\s*(?:/|per|an|a)[\s-]*(?:hour|hr|year|yr|annum|month|mo|week|wk|day)\b[\w-]*", re.I)


def _unit_after(tail: str) -> str:
    m = _UNIT.match(tail)
    return m.group(0) if m else ""


def _after_unit(tail: str) -> str:
    m = _UNIT.match(tail)
    return tail[m.end() :] if m else tail


_BARE_ROLE_TYPE = re.compile(r"(?:interns?|co-?ops?|apprentices?|trainees?)", re.I)


def _byline(text: str) -> LineFacts | None:
    """'Globex · Chicago, IL (Hybrid) · 3 days ago', 'Berlin / Engineering / Full-time / Remote': every
    piece a fact, a team, chrome, or the one employer name (the first name; names after it are places
    the place reader does not know, 'Jump Trading · GIFT City')."""
    if len(text) > _MAX_PLACE_LINE:
        return None
    parts = _pieces(text)
    if len(parts) < 2:
        return None
    if has_role_word(without_employment_types(text)):
        return None  # "Intern – Software Development - Machine Learning": a title, whatever its pieces
    subs = [(part, read_line(part) if len(_pieces(part)) == 1 else LineFacts()) for part in parts]
    # A dash also joins a title's parts ("Internship/Co-op - Building Technology - Summer 2024"): with
    # dashes only, a byline must name a place, a workplace or a pay, not only a type.
    dashes_only = not re.search(r"\s[·•|/]\s", text)
    later_place = any(sub.kind == "place" for _, sub in subs[1:])
    out = LineFacts(kind="byline")
    evidence = False
    names: list[str] = []
    for i, (part, sub) in enumerate(subs):
        # The first piece names the employer when a later one names the place ("Rocket Lab USA ·
        # Littleton, CO"): a name the place reader mistook for one.
        if (
            i == 0
            and sub.kind == "place"
            and later_place
            and not re.search(r"[,;]", part)
            and loc_mod.workplace_in(part) == Workplace.UNKNOWN
            and plausible_org(part)
        ):
            names.append(part)
            continue
        if sub.kind in ("place", "workplace"):
            out.locations.extend(sub.locations)
            out.workplace = out.workplace or sub.workplace
        elif sub.kind == "types":
            if _BARE_ROLE_TYPE.fullmatch(part):
                return None  # "Intern", "Co-op" alone: the role a title starts with, not a job type
            out.types.extend(t for t in sub.types if t not in out.types)
            if dashes_only:
                continue
        elif sub.kind == "pay":
            out.pay = out.pay or sub.pay
        elif i == 0 and sub.kind == "chrome" and is_caption(part) and plausible_org(part):
            names.append(part)  # "Search Discovery · Cleveland, OH": a name shaped like a button
            continue
        elif sub.kind == "chrome" or _POSTED.match(part):
            pass
        elif is_department(part):
            continue
        elif sub.kind in ("at", "legal") or name_like(part):
            if names:
                out.locations.extend(loc_mod.parse_locations(part))
            else:
                names.append(sub.company or part)
            continue
        else:
            return None  # a piece that is no fact and no name: a title or a sentence, not a byline
        evidence = True
    if not evidence:
        return None  # "Acme - Careers": no fact, not a byline
    out.company = names[0] if names else None
    return out


def masthead(text: str) -> str | None:
    """'Acme Careers', 'Careers at Acme', 'Jobs at Acme': the employer a site's masthead names."""
    return masthead_name(text)
