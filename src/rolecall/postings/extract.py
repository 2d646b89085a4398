"""Facts from a posting's prose, each kept with the sentence it came from.

Every rule here is written against how postings phrase things in general, and tested against the traps
that look alike ("first-class citizens", "we sponsor conferences", "employer-sponsored healthcare").
A fact the posting does not state stays unset: the answer engine then says "the posting doesn't say".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rolecall.postings.model import (
    Eligibility,
    EmploymentType,
    Evidence,
    Pay,
    Posting,
    Sponsorship,
    Workplace,
)

# ---------------------------------------------------------------------------------------------------------
# Cheap early exits: most sentences mention none of the words a rule needs, and a substring test costs a
# fraction of one regex search. Python's re.IGNORECASE also matches these letters to "İ ı ſ K"; folding
# them first keeps the test a true superset of what the patterns can match.

_IGNORECASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _folded(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_IGNORECASE_TWINS).lower()


def _mentions(folded: str, words: tuple[str, ...]) -> bool:
    return any(w in folded for w in words)


# Each rule group below matches only text holding one of these (lower case) substrings.
_SPONSORSHIP_WORDS = ("sponsor", "visa", "citizen", "h1b", "h-1b")
_EXPERIENCE_WORDS = ("year", "yr", "month")
_WORK_AUTH_WORDS = ("work",)
_CITIZENSHIP_WORDS = ("citizen", "person")
_STUDENT_WORDS = ("currently", "enrolled", "pursuing", "grad", "rising", "school", "student")

# ---------------------------------------------------------------------------------------------------------
# Sponsorship

_NEG = r"(?:no|not|never|unable|cannot|can\s?not|can't|won't|don't|doesn't|isn't|aren't|without|nor)"
_VISA_CONTEXT = re.compile(
    r"\b(?:visas?|immigration|h-?1-?b|h1b|green\s+cards?|work\s+permits?|opt|cpt|tn\s+status|e-?3|o-?1)\b",
    re.I,
)
# Sentences where "sponsor" means money for something else.
_OTHER_SPONSOR = re.compile(
    r"\b(?:conferences?|events?|hackathons?|meetups?|health(?:care)?|insurance|medical|dental|vision\s+plan|"
    r"401\s?\(?k\)?|benefits?|retirement|plans?|teams?\s+sports?|charit\w*|scholarships?|clubs?)\b",
    re.I,
)
_SPONSOR_WORD = re.compile(r"\bsponsor(?:s|ed|ing|ships?)?\b", re.I)
_NOT_OFFERED = [
    # The negation must govern "sponsor": no sentence break or comma between them ("We don't require a
    # degree, and we sponsor visas" is an offer).
    re.compile(rf"\b{_NEG}\b[^.;,]{{0,60}}?\bsponsor", re.I),
    re.compile(
        r"\bsponsor\w*\b[^.;]{0,40}?\b(?:not|isn't)\s+(?:be\s+)?(?:available|offered|provided|possible)", re.I
    ),
    re.compile(r"\bsponsorships?\s*[:\-–]\s*(?:no\b|not\b|none\b|n/a\b|sadly\s+no)", re.I),
    re.compile(r"\bdoes\s+not\s+offer\s+sponsorship\b", re.I),
    re.compile(r"\bnot\s+eligible\s+for\s+(?:visa\s+)?sponsorship", re.I),
    re.compile(
        r"\bwithout\s+(?:the\s+need\s+for\s+)?(?:current\s+or\s+future\s+|any\s+)?(?:visa\s+)?sponsorship",
        re.I,
    ),
]
_OFFERED = [
    re.compile(r"\bvisa\s+(?:support|sponsorships?|assistance|help)\b", re.I),
    re.compile(
        r"\bsponsor(?:s|ing)?\s+(?:your\s+|a\s+|the\s+|work\s+|employment\s+)?(?:visas?|h-?1b|work\s+permits?)",
        re.I,
    ),
    re.compile(r"\b(?:will|can|do|does|happy\s+to|able\s+to|may)\s+sponsor\b", re.I),
    re.compile(r"\bsponsorships?\s+(?:is\s+|are\s+)?(?:available|possible|offered|provided|supported)", re.I),
    re.compile(r"\bsponsorships?\s*[:\-–]\s*(?:yes|available|offered|possible)", re.I),
    re.compile(r"\boffers?\s+(?:visa\s+)?sponsorship\b", re.I),
    re.compile(r"\bh-?1b\s+(?:transfers?|sponsorship)\s+(?:welcome|available|supported|possible)", re.I),
]


_NATION_SHORT = r"(?:u\.?\s?s\.?(?:\s?a\.?)?|us|united\s+states|american|canadian|uk|eu)"
_VISA_LABEL = re.compile(
    r"\b(?:visas?|h-?1b)(?:\s+sponsorships?)?\s*[:\-–]\s*(?P<v>yes|no|not|none|available|n/a)\b", re.I
)


# "Visa: US citizen/visa only" (a job-board card field): open to citizens and to people who already hold
# a visa, so the company sponsors no one new. It does not require citizenship.
_HOLDERS_ONLY = re.compile(
    rf"\b{_NATION_SHORT}\s+citizens?(?:hip)?\s*(?:/|or|and)\s*(?:existing\s+|current\s+)?"
    r"(?:visa|green\s+card|work\s+permit)(?:\s+holders?)?\s+only\b",
    re.I,
)


# "must be a US citizen or permanent resident": open only to people already allowed to work there.
# That is a work-authorisation requirement with no sponsorship, not a citizenship requirement.
_CITIZEN_OR_RESIDENT = re.compile(
    rf"\b{_NATION_SHORT}\s+citizens?(?:hip)?\s*(?:,|/|or|and)\s*(?:\w+\s+){{0,2}}?(?:lawful\s+|legal\s+)?"
    r"(?:permanent\s+residen\w*|green\s+card(?:\s+holders?)?|visa\s+holders?|lprs?)\b",
    re.I,
)
_REQUIREMENT_WORD = re.compile(r"\b(?:must|required?|requires|only|open\s+to|eligible|need\s+to)\b", re.I)


def sponsorship_in(sentence: str) -> Sponsorship | None:
    """What one sentence says about visa sponsorship, or None when it says nothing about it."""
    if not _mentions(_folded(sentence), _SPONSORSHIP_WORDS):
        return None
    s = " ".join(sentence.split())
    if _HOLDERS_ONLY.search(s) or (
        _CITIZEN_OR_RESIDENT.search(s) and _REQUIREMENT_WORD.search(s) and not _EEO.search(s)
    ):
        return Sponsorship.NOT_OFFERED
    label = _VISA_LABEL.search(s)
    if label:  # "Visa: yes", "H-1B: no"
        return (
            Sponsorship.OFFERED
            if label.group("v").lower() in ("yes", "available")
            else Sponsorship.NOT_OFFERED
        )
    if not (_SPONSOR_WORD.search(s) or re.search(r"\bvisa\s+(?:support|assistance|help)", s, re.I)):
        return None
    if not _VISA_CONTEXT.search(s) and _OTHER_SPONSOR.search(s):
        return None  # "we sponsor conferences", "employer-sponsored healthcare"
    # "sponsor" as a verb with no visa in sight ("we sponsor open source"): not about immigration.
    if (
        not _VISA_CONTEXT.search(s)
        and not re.search(r"\bsponsorships?\b", s, re.I)
        and not re.search(r"\b(?:authori[sz]\w+|eligible|legally)\b", s, re.I)
    ):
        return None
    if any(p.search(s) for p in _NOT_OFFERED):
        return Sponsorship.NOT_OFFERED
    if any(p.search(s) for p in _OFFERED):
        return Sponsorship.OFFERED
    return None


# ---------------------------------------------------------------------------------------------------------
# Work authorisation, citizenship, clearance

_WORK_AUTH = re.compile(
    r"\b(?:(?:must|need\s+to|required\s+to|should|have\s+to)\s+(?:be\s+)?(?:legally\s+)?(?:authori[sz]ed|eligible|permitted)"
    r"\s+to\s+work|work\s+authori[sz]ation\s+(?:is\s+)?required|(?:u\.?s\.?|us|united\s+states)\s+work\s+authori[sz]ation"
    r"(?:\s+(?:is\s+)?required)?|authori[sz]ed\s+to\s+work\s+in\s+the\s+(?:u\.?s\.?|us|united\s+states)|"
    r"(?:valid|existing|current)\s+(?:right|authori[sz]ation)\s+to\s+work|right\s+to\s+work\s+in)",
    re.I,
)
_NATION = (
    r"(?:u\.?\s?s\.?(?:\s?a\.?)?|us|united\s+states|american|canadian|british|uk|australian|german|israeli"
    r"|french)"
)
_CITIZEN_REQUIRED = [
    re.compile(
        rf"\b{_NATION}\s+citizenship\b[^.;]{{0,30}}?\b(?:is\s+)?(?:required|mandatory|needed|only)", re.I
    ),
    re.compile(
        rf"\b(?:must|required\s+to|need\s+to)\s+(?:be|hold|have)\s+(?:an?\s+)?(?:active\s+)?{_NATION}\s+citizen",
        re.I,
    ),
    re.compile(rf"\b(?:requires?|requiring)\s+(?:active\s+)?{_NATION}\s+citizenship", re.I),
    re.compile(rf"\b{_NATION}\s+citizens?\s+only\b", re.I),
    re.compile(rf"\bonly\s+(?:open\s+to\s+)?{_NATION}\s+citizens\b", re.I),
    re.compile(rf"\bopen\s+(?:only\s+)?to\s+{_NATION}\s+citizens\b", re.I),
    re.compile(rf"\bcitizenship\s*[:\-–]\s*{_NATION}\b", re.I),
]
_CITIZEN_NOT_REQUIRED = re.compile(
    rf"\b(?:{_NATION}\s+)?citizenship(?:\s*(?:/|or|and)\s*visas?)?\s+(?:is\s+|are\s+)?not\s+required|\bdo(?:es)?\s+not\s+(?:need\s+to\s+|have\s+to\s+)?"
    rf"(?:be\s+an?\s+)?{_NATION}\s+citizen",
    re.I,
)
# Equal-opportunity boilerplate lists citizenship among protected traits: never a requirement.
_EEO = re.compile(
    r"\b(?:without\s+regard|regardless|discriminat\w*|equal\s+(?:employment\s+)?opportunity|protected\s+"
    r"(?:veteran|characteristic|class|status)|national\s+origin)\b",
    re.I,
)
_US_PERSON = re.compile(r"\bu\.?s\.?\s+persons?\b", re.I)
_US_PERSON_CONTEXT = re.compile(r"\b(?:must|required?|only|itar|export|ear\b|eligib)", re.I)

_CLEARANCE_LEVELS = [
    ("TS/SCI", re.compile(r"\bTS\s*/\s*SCI\b", re.I)),
    ("Top Secret", re.compile(r"\btop[\s-]+secret\b", re.I)),
    ("TS", re.compile(r"\bTS\b(?!\s*/)")),
    ("SCI", re.compile(r"(?<!/)\bSCI\b")),
    ("Secret", re.compile(r"(?<!top )(?<!top-)\bsecret\b(?=[^.]{0,30}\bclearance)", re.I)),
    ("Public Trust", re.compile(r"\bpublic\s+trust\b", re.I)),
    ("Q clearance", re.compile(r"\b[QL]\s+clearance\b")),
    ("Polygraph", re.compile(r"\b(?:full[\s-]+scope\s+|ci\s+)?poly(?:graph)?\b", re.I)),
]
_CLEARANCE_CONTEXT = re.compile(
    r"\b(?:security\s+)?clearances?\b|\bcleared\b|\bTS\s*/\s*SCI\b|\bpublic\s+trust\b", re.I
)
_NOT_SECURITY_CLEARANCE = re.compile(
    r"\b(?:medical|customs|tax|sale|inventory|height|ground)\s+clearance", re.I
)


def clearance_in(sentence: str) -> str | None:
    """'an active TS clearance and the ability to obtain SCI' -> 'TS, SCI (ability to obtain)'."""
    s = " ".join(sentence.split())
    if not _CLEARANCE_CONTEXT.search(s) or _NOT_SECURITY_CLEARANCE.search(s):
        return None
    levels_named = any(pat.search(s) for name, pat in _CLEARANCE_LEVELS if name != "Polygraph")
    security_kind = re.search(
        r"\bsecurity\s+clearance|\b(?:active|government|federal|dod|obtain|maintain|hold|holding|eligible\s+for|"
        r"current|existing|willing\s+to\s+get)\s+(?:an?\s+|the\s+|your\s+)?(?:\w+\s+)?clearance",
        s,
        re.I,
    )
    if not levels_named and not security_kind:
        return None  # "overhead clearance of 12 feet"
    levels = [name for name, pat in _CLEARANCE_LEVELS if pat.search(s)]
    if "TS/SCI" in levels:
        levels = [lv for lv in levels if lv not in ("TS", "SCI")]
    value = ", ".join(levels) if levels else "security clearance"
    if re.search(
        r"\b(?:ability|able|eligib\w*|willing(?:ness)?)\s+(?:to\s+)?(?:obtain|get|acquire|be\s+granted)",
        s,
        re.I,
    ) or re.search(r"\bwilling\s+to\s+get\s+one\b|\bclearable\b", s, re.I):
        value += " (or the ability to obtain one)"
    if re.search(r"\b(?:bonus|plus|preferred|nice\s+to\s+have|preference)\b", s, re.I):
        value += " (preferred)"
    return value


# ---------------------------------------------------------------------------------------------------------
# Experience, degree, student status

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
}  # fmt: skip
_NUM = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_EXPERIENCE = re.compile(
    rf"(?:(?P<floor>at\s+least|minimum(?:\s+of)?|min\.?)\s+|(?:over|more\s+than)\s+)?(?P<n>{_NUM})\s*(?P<plus>\+|plus)?\s*"
    rf"(?:(?:-|–|to)\s*(?P<n2>{_NUM})\s*\+?\s*)?(?P<unit>years?|yrs?|months?)\b(?P<rest>[^.;]{{0,80}})",
    re.I,
)
_EXPERIENCE_CONTEXT = re.compile(
    r"\b(?:experience|experienced|shipping|building|developing|working|professional|industry|as\s+an?|in\s+"
    r"(?:a|an|the)?\s*\w+\s+role|background|track\s+record|hands-on)\b",
    re.I,
)
_NOT_EXPERIENCE = re.compile(
    r"\b(?:old|ago|in\s+business|founded|anniversary|vest\w*|runway|history|leave|pto|holidays?|warranty|"
    r"program\s+lasts|contract\s+length|duration|internship\s+is|weeks?\s+paid)\b",
    re.I,
)

# What follows "at least N years of ..." when it is time spent doing something, not a term or a sum.
_FLOOR_OF = re.compile(
    r"\s*(?:of|in|doing)\s+(?!(?:the\s+|a\s+|an\s+)?(?:commitment|funding|runway|guarantee\w*|notice|probation|"
    r"service\s+(?:agreement|contract)|contract|employment\s+contract|tenure|stay|support|warranty|records?|data|"
    r"history|age)\b)\w",
    re.I,
)

_DEGREE_PATTERNS = [
    ("PhD", re.compile(r"\b(?:ph\.?\s?d\.?s?|doctoral|doctorate)\b", re.I)),
    (
        "Master's",
        re.compile(
            r"\b(?:master'?s|masters|m\.s\.|msc|m\.sc\.|mba|m\.eng)\b|\bMS\b(?=\s+(?:in|or|degree|/))", re.I
        ),
    ),
    (
        "Bachelor's",
        re.compile(
            r"\b(?:bachelor'?s?|bachelors|b\.s\.|b\.a\.|bsc|b\.sc\.|undergraduate\s+degree)\b|\bBS\b(?=\s+(?:in|or|degree|/))|\bBA\b(?=\s+(?:in|or|degree))",
            re.I,
        ),
    ),
    ("Associate's", re.compile(r"\bassociate'?s?\s+degree\b", re.I)),
    ("Advanced degree", re.compile(r"\b(?:adv\.?|advanced|graduate)\s+degree\b", re.I)),
]
_DEGREE_CONTEXT = re.compile(
    r"\b(?:degree|graduat\w*|pursuing|enrolled|studying|major|diploma|required|preferred|or\s+equivalent|in\s+(?:computer|cs|engineering|math|physics|a\s+related))",
    re.I,
)

_STUDENT = re.compile(
    r"\b(?:currently\s+(?:enrolled|pursuing|attending)|enrolled\s+(?:in|at)\s+an?\s+(?:accredited\s+)?"
    r"(?:university|college|degree|program)|pursuing\s+an?\s+(?:bachelor|master|ph\.?d|undergraduate|graduate|degree)\w*|"
    r"(?:expected|anticipated)\s+graduation|graduating\s+(?:in|between|by|from)|rising\s+(?:junior|senior)|"
    r"returning\s+to\s+school|current\s+(?:undergraduate|graduate|university)\s+students?|must\s+be\s+a\s+student|"
    r"new\s+grad(?:uate)?s?\b|recent\s+graduates?)",
    re.I,
)
_GRAD_WINDOW = re.compile(
    r"\bgraduat\w*\s+(?:date\s+)?(?:in|between|by|from|before|after)?\s*(?P<w>(?:(?:spring|summer|fall|autumn|winter|"
    r"december|may|june|january)\s+)?20\d\d(?:\s*(?:-|–|and|to|or)\s*(?:(?:spring|summer|fall|autumn|winter|december|"
    r"may|june|january)\s+)?20\d\d)?)",
    re.I,
)


def experience_in(sentence: str) -> float | None:
    """Minimum years of experience a sentence asks for ('3+ years', 'at least 3 months'), in years."""
    if not _mentions(_folded(sentence), _EXPERIENCE_WORDS):
        return None
    s = " ".join(sentence.split())
    best: float | None = None
    for m in _EXPERIENCE.finditer(s):
        window = s[max(0, m.start() - 60) : m.end()]
        if _NOT_EXPERIENCE.search(window):
            continue
        # "At least two years of exceeding targets", "3+ yrs in B2B sales": a floor on years spent doing
        # something is an experience minimum even when the word "experience" is missing.
        floor_of = bool(m.group("floor") or m.group("plus")) and _FLOOR_OF.match(m.group("rest"))
        if not floor_of and not _EXPERIENCE_CONTEXT.search(window):
            continue
        # "We're a small team, 2+ years in": the company's age, not a requirement.
        if re.match(r"\s*in\s*[,.;]", m.group("rest")) or re.search(
            r"\b(?:we(?:'re|’re|\s+are|\s+have\s+been)|our\s+(?:team|company))\b[^.]{0,40}$",
            s[: m.start()],
            re.I,
        ):
            continue
        n_raw = m.group("n").lower()
        n = float(_NUM_WORDS.get(n_raw, 0) if n_raw in _NUM_WORDS else n_raw)
        if m.group("unit").lower().startswith("month"):
            n = round(n / 12, 3)
        if n <= 0 or n > 40:
            continue
        best = n if best is None else min(best, n)
    return best


def degrees_in(sentence: str) -> list[str]:
    s = " ".join(sentence.split())
    if not _DEGREE_CONTEXT.search(s):
        return []
    found = [(m.start(), name) for name, pat in _DEGREE_PATTERNS if (m := pat.search(s))]
    return [name for _, name in sorted(found)]


def student_status_in(sentence: str) -> str | None:
    if not _mentions(_folded(sentence), _STUDENT_WORDS):
        return None
    s = " ".join(sentence.split())
    window = _GRAD_WINDOW.search(s)
    if window and re.search(r"\b(?:student|degree|graduat)", s, re.I):
        return f"graduating {window.group('w')}"
    m = _STUDENT.search(s)
    if m:
        return m.group(0).lower()
    return None


# ---------------------------------------------------------------------------------------------------------
# Eligibility over a whole posting


def _is_required_section(heading: str) -> bool:
    return bool(
        re.search(r"requir|qualif|must|who\s+you\s+are|looking\s+for|you\s+(?:have|bring)", heading, re.I)
    )


_BARE_CITIZEN = re.compile(rf"^(?:must\s+be\s+(?:an?\s+)?)?{_NATION}\s+citizen(?:ship)?s?\b", re.I)


def _short_citizen_requirement(heading: str, passage: str) -> bool:
    """A bare 'US Citizen' bullet under a 'Must have' / 'Requirements' heading."""
    return (
        len(passage) <= 60
        and bool(_BARE_CITIZEN.match(passage))
        and bool(re.search(r"must|requir|qualif|eligib", heading, re.I))
    )


def extract_eligibility(
    passages: Iterable[tuple[str, str]], *, base: Eligibility | None = None, title: str = ""
) -> Eligibility:
    """Scan (heading, passage) pairs; facts already set in ``base`` (from structured fields) win."""
    elig = base.model_copy(deep=True) if base else Eligibility()
    have = {e.fact for e in elig.evidence}
    sponsorship_found: list[tuple[Sponsorship, str]] = []
    degrees: list[str] = []
    exp_required: tuple[float, str] | None = None
    exp_any: tuple[float, str] | None = None

    items = list(passages)
    if title:
        items.insert(0, ("title", title))
    for heading, text in items:
        s = " ".join(text.split())
        if not s:
            continue
        folded = _folded(s)
        sp = sponsorship_in(s)
        if sp is not None:
            sponsorship_found.append((sp, s))
        if (
            elig.work_authorization_required is None
            and _mentions(folded, _WORK_AUTH_WORDS)
            and _WORK_AUTH.search(s)
        ):
            elig.work_authorization_required = True
            elig.evidence.append(Evidence(fact="work_authorization", quote=s, value="required"))
        if (
            elig.citizenship_required is None
            and "citizenship" not in have
            and _mentions(folded, _CITIZENSHIP_WORDS)
            and not _EEO.search(s)
        ):
            if _CITIZEN_OR_RESIDENT.search(s):
                pass  # citizens or permanent residents: a work-authorisation fact (see sponsorship_in)
            elif _CITIZEN_NOT_REQUIRED.search(s):
                elig.citizenship_required = False
                elig.evidence.append(Evidence(fact="citizenship", quote=s, value="not required"))
            elif (
                any(p.search(s) for p in _CITIZEN_REQUIRED)
                or _short_citizen_requirement(heading, s)
                or (_US_PERSON.search(s) and _US_PERSON_CONTEXT.search(s))
            ):
                elig.citizenship_required = True
                elig.evidence.append(Evidence(fact="citizenship", quote=s, value="required"))
        cl = clearance_in(s) if elig.clearance is None else None
        if cl:
            elig.clearance = cl
            elig.evidence.append(Evidence(fact="clearance", quote=s, value=cl))
        st = student_status_in(s) if elig.student_status is None else None
        if st:
            elig.student_status = st
            elig.evidence.append(Evidence(fact="student", quote=s, value=st))
        yrs = experience_in(s)
        if yrs is not None:
            if _is_required_section(heading) and (exp_required is None or yrs < exp_required[0]):
                exp_required = (yrs, s)
            if exp_any is None:
                exp_any = (yrs, s)
        for d in degrees_in(s) if elig.degree is None else []:
            if d not in degrees:
                degrees.append(d)
                elig.evidence.append(Evidence(fact="degree", quote=s, value=d))

    if sponsorship_found and "sponsorship" not in have:
        # A posting that says both (a "no" for one track, a "yes" elsewhere) is quoted as the "no" first:
        # telling a candidate "not offered" wrongly costs less than a false promise.
        first = next((x for x in sponsorship_found if x[0] == Sponsorship.NOT_OFFERED), sponsorship_found[0])
        elig.sponsorship = first[0]
        for value, quote in sponsorship_found[:3]:
            elig.evidence.append(Evidence(fact="sponsorship", quote=quote, value=value.value))
        if elig.sponsorship == Sponsorship.NOT_OFFERED and elig.work_authorization_required is None:
            elig.work_authorization_required = True
    exp = exp_required or exp_any
    if exp and elig.min_experience_years is None:
        elig.min_experience_years = exp[0]
        elig.evidence.append(Evidence(fact="experience", quote=exp[1], value=_years_text(exp[0])))
    if degrees and elig.degree is None:
        elig.degree = " or ".join(degrees)
    return elig


def _years_text(years: float) -> str:
    if years < 1:
        months = round(years * 12)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{years:g} year{'s' if years != 1 else ''}"


# ---------------------------------------------------------------------------------------------------------
# Pay

_CUR = r"(?:[$€£]|USD|EUR|GBP|CAD|AUD|CHF|US\$|C\$|A\$)"
# "60,000.50" and, as most of Europe writes amounts, "67.101,72" / "55.000" (dots group thousands).
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?!\d)|\d+(?:\.\d+)?"
_EUROPEAN_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?")
_UNIT_WORDS = (
    r"(?:\s*(?:/|per|an|a|pro|im)\s*(?:hour|hr|year|yr|annum|month|mo|week|wk|day|jahr|monat|stunde|std|woche|tag)"
    r"|\s*(?:jährlich|monatlich|stündlich|wöchentlich))\b"
)
_PAY = re.compile(
    rf"(?P<cur>{_CUR})\s?(?P<min>{_AMOUNT})\s?(?P<k>[kK]\b)?"
    rf"(?:\s*(?:-|–|—|to|bis)\s*(?P<cur2>{_CUR})?\s?(?P<max>{_AMOUNT})\s?(?P<k2>[kK]\b)?)?"
    rf"(?P<unit>{_UNIT_WORDS})?",
    re.I,
)
_BIG = re.compile(r"^\s*(?:[bm]\b|mm\b|million|billion|bn\b)", re.I)
_PAY_CONTEXT = re.compile(
    r"\b(?:salary|salaries|pay|paid|compensation|comp|base|range|wage|stipend|rate|equity|ote|per\s+(?:hour|year)|"
    r"hourly|annual|/hr|/hour|/year|/yr|doe|usd)\b"
    # other languages, inside compounds too ("Bruttojahresgehalt", "Stundenlohn")
    r"|gehalt|brutto|vergütung|entgelt|lohn\b|salaire|rémunération|salario|sueldo|retribuzione",
    re.I,
)
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "c$": "CAD", "a$": "AUD"}


def _amount(raw: str, k: bool) -> float:
    if _EUROPEAN_AMOUNT.fullmatch(raw):
        raw = raw.replace(".", "").replace(",", ".")
    value = float(raw.replace(",", ""))
    return value * 1000 if k else value


def pay_in(text: str, *, require_context: bool = True) -> Pay | None:
    """The first pay range a sentence states: '$180k-$200k + equity', '$34.62/hr', 'USD 60,000 - 97,000'."""
    s = " ".join(text.split())
    if require_context and not _PAY_CONTEXT.search(s):
        return None
    for m in _PAY.finditer(s):
        if _BIG.match(s[m.end() :]) or _BIG.match(s[m.end("min") :] if m.group("max") is None else ""):
            continue
        k_min, k_max = bool(m.group("k")), bool(m.group("k2"))
        lo = _amount(m.group("min"), k_min)
        hi = _amount(m.group("max"), k_max) if m.group("max") else None
        # "$180-200K": the K on the upper bound applies to both.
        if hi is not None and k_max and not k_min and lo < 1000 <= hi:
            lo *= 1000
        if hi is not None and hi < lo:
            continue
        if lo < 7 and hi is None:
            continue  # "$5 coffee", footnotes
        unit_raw = (m.group("unit") or "").lower()
        if unit_raw:
            unit = next(
                u
                for key, u in (
                    ("h", "HOUR"),
                    ("y", "YEAR"),
                    ("an", "YEAR"),
                    ("j", "YEAR"),
                    ("mo", "MONTH"),
                    ("w", "WEEK"),
                    ("d", "DAY"),
                    ("st", "HOUR"),
                    ("t", "DAY"),
                )
                if unit_raw.split()[-1].lstrip("/").startswith(key)
            )
        else:
            top = hi if hi is not None else lo
            unit = "HOUR" if top < 300 else "YEAR" if top >= 10000 else None
        cur = _CURRENCY.get(m.group("cur").lower(), m.group("cur").upper())
        return Pay(min=lo, max=hi, currency=cur, unit=unit, text=s)
    return None


# ---------------------------------------------------------------------------------------------------------
# Employment type, terms, job id, apply, workplace

_TYPE_WORDS: list[tuple[EmploymentType, re.Pattern[str]]] = [
    (
        EmploymentType.INTERN,
        re.compile(r"\b(?:intern(?:s|ship|ships)?|co-?ops?|apprentice(?:ship)?)\b", re.I),
    ),
    (EmploymentType.PART_TIME, re.compile(r"\bpart[\s-]?time\b|\bpartime\b", re.I)),
    (
        EmploymentType.FULL_TIME,
        re.compile(r"\bfull[\s-]?time\b|\bfulltime\b|\bFTE?\b|\bW-?2\b|\bpermanent\b", re.I),
    ),
    (EmploymentType.CONTRACTOR, re.compile(r"\b(?:contract(?:or|ors)?|freelance(?:rs?)?|c2c|1099)\b", re.I)),
    (EmploymentType.TEMPORARY, re.compile(r"\b(?:temporary|temp|seasonal|fixed[\s-]term)\b", re.I)),
]


def employment_types_in(text: str) -> list[EmploymentType]:
    """Types named in a phrase, in the order written ('Full-time, Interns (paid)' -> FULL_TIME, INTERN)."""
    found = [(m.start(), t) for t, pat in _TYPE_WORDS if (m := pat.search(text))]
    return [t for _, t in sorted(found, key=lambda x: x[0])]


def without_employment_types(text: str) -> str:
    """The text with its employment-type words blanked ('Full-time · Entry level' -> ' · Entry level')."""
    for _, pat in _TYPE_WORDS:
        text = pat.sub(" ", text)
    return text


_TYPE_VALUES = {
    "fulltime": EmploymentType.FULL_TIME,
    "full_time": EmploymentType.FULL_TIME,
    "full-time": EmploymentType.FULL_TIME,
    "full time": EmploymentType.FULL_TIME,
    "parttime": EmploymentType.PART_TIME,
    "part_time": EmploymentType.PART_TIME,
    "part-time": EmploymentType.PART_TIME,
    "part time": EmploymentType.PART_TIME,
    "intern": EmploymentType.INTERN,
    "internship": EmploymentType.INTERN,
    "co-op": EmploymentType.INTERN,
    "coop": EmploymentType.INTERN,
    "contract": EmploymentType.CONTRACTOR,
    "contractor": EmploymentType.CONTRACTOR,
    "temporary": EmploymentType.TEMPORARY,
    "temp": EmploymentType.TEMPORARY,
    "volunteer": EmploymentType.VOLUNTEER,
    "per_diem": EmploymentType.PER_DIEM,
    "other": EmploymentType.OTHER,
}


def employment_type_value(value: str) -> list[EmploymentType]:
    """A structured field ('FullTime', 'FULL_TIME', 'Full-time', 'Intern') -> types."""
    key = value.strip().lower()
    if key in _TYPE_VALUES:
        return [_TYPE_VALUES[key]]
    try:
        return [EmploymentType(value.strip().upper())]
    except ValueError:
        pass
    parts = [p for p in re.split(r"\s*[,/;|]\s*|\s+(?:or|and)\s+", value) if p.strip()]
    if len(parts) > 1:  # "FULL_TIME, PART_TIME"
        out: list[EmploymentType] = []
        for part in parts:
            out += [t for t in employment_type_value(part) if t not in out]
        return out
    return employment_types_in(value.replace("_", " "))


_TERM = re.compile(r"\b(spring|summer|fall|autumn|winter)\s*(?:'|’)?(20\d\d|\d\d)\b", re.I)


def terms_in(text: str) -> list[str]:
    out: list[str] = []
    for season, year in _TERM.findall(text):
        year = year if len(year) == 4 else f"20{year}"
        term = f"{season.capitalize().replace('Autumn', 'Fall')} {year}"
        if term not in out:
            out.append(term)
    return out


_JOB_ID = re.compile(
    r"\b(?:job|req(?:uisition)?|position|posting|vacancy|reference|ref)\.?\s*(?:id|#|no\.?|number|code)\s*[:#]?\s*"
    r"(?P<id>[A-Z0-9][A-Z0-9_\-./]{2,40})",
    re.I,
)


def job_id_in(text: str) -> str | None:
    m = _JOB_ID.search(text)
    if not m:
        return None
    value = m.group("id").rstrip(".-/")
    return value if re.search(r"\d", value) else None


_DATE_WORDS = (
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+20\d\d"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+20\d\d"
    r"|20\d\d-\d{2}-\d{2}|\d{1,2}/\d{1,2}/20\d\d|\d{1,2}\.\s?\d{1,2}\.\s?20\d\d"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)\b"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+20\d\d"
    r"|(?:spring|summer|fall|autumn|winter)\s+20\d\d)"
)
_START = re.compile(
    rf"\b(?:start(?:ing)?\s+date|start(?:s|ing)?\s+(?:in|on)|begins?\s+(?:in|on)|program\s+starts?)\s*[:\-–]?\s*(?P<d>{_DATE_WORDS})",
    re.I,
)
_DEADLINE = re.compile(
    rf"\b(?:apply\s+by|applications?\s+(?:close|due|deadline)[a-z]*(?:\s+(?:on|by))?|deadline(?:\s+to\s+apply)?"
    rf"(?:\s+is)?|closing\s+date)\s*[:\-–]?\s*(?P<d>{_DATE_WORDS})",
    re.I,
)


def start_date_in(sentence: str) -> str | None:
    """'Start date: June 2, 2025' -> 'June 2, 2025' (as written)."""
    m = _START.search(sentence)
    return m.group("d") if m else None


def deadline_in(sentence: str) -> str | None:
    m = _DEADLINE.search(sentence)
    return m.group("d") if m else None


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_OBFUSCATED_EMAIL = re.compile(
    r"\b([\w.+-]+)\s*[\[(]\s*at\s*[\])]\s*([\w-]+(?:\s*[\[(]?\s*(?:dot|\.)\s*[\])]?\s*[\w-]+)+)", re.I
)
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_APPLY_CONTEXT = re.compile(
    r"\b(?:apply|application|email|e-mail|send|reach\s+out|contact|resume|cv|dm|interested)\b", re.I
)


def apply_in(sentence: str) -> tuple[str | None, str | None]:
    """(apply_url, instruction sentence) when a sentence says how to apply."""
    s = " ".join(sentence.split())
    if not _APPLY_CONTEXT.search(s):
        return None, None
    url_match = _URL.search(s)
    url = url_match.group(0).rstrip(".,;:") if url_match else None
    if _EMAIL.search(s) or _OBFUSCATED_EMAIL.search(s) or url or re.search(r"\bssh\s+\S+@", s):
        return url if re.search(r"\bapply\b", s, re.I) else None, s
    return None, None


_WORKPLACE_PROSE = [
    (
        Workplace.REMOTE,
        re.compile(
            r"\b(?:this\s+(?:is\s+a|role\s+is|position\s+is)\s+(?:fully\s+|100%\s+)?remote|fully\s+remote\s+(?:role|position)|remote[\s-]first|remote\s+role\s+open\s+to|work\s+from\s+anywhere)\b",
            re.I,
        ),
    ),
    (
        Workplace.HYBRID,
        re.compile(
            r"\b(?:this\s+(?:is\s+a|role\s+is|position\s+is)\s+hybrid|hybrid\s+(?:role|position|schedule|in)\b|\d(?:-\d)?\s+days\s+(?:a|per)\s+week\s+in\s+(?:the\s+|our\s+)?office)",
            re.I,
        ),
    ),
    (
        Workplace.ONSITE,
        re.compile(
            r"\b(?:this\s+(?:is\s+an?|role\s+is|position\s+is)\s+(?:fully\s+)?"
            r"(?:on-?site|in[- ]office|in[- ]person)|no\s+remote\b|(?:fully|100%)\s+(?:on-?site|in[- ]office)"
            r"|must\s+(?:be\s+able\s+to\s+)?work\s+on-?site)",
            re.I,
        ),
    ),
]


def workplace_in_prose(sentence: str) -> Workplace | None:
    for wp, pat in _WORKPLACE_PROSE:
        if pat.search(sentence):
            return wp
    return None


# ---------------------------------------------------------------------------------------------------------
# Filling a posting's gaps from its prose


def enrich(posting: Posting) -> Posting:
    """Fill what structured fields left unset from the posting's own sentences. Never overwrites."""
    # A shallow copy is enough: below, fields are only ever replaced, never changed in place (eligibility
    # is rebuilt from a deep copy of its own), so the caller's posting stays as it was.
    p = posting.model_copy()
    passages = p.passages()
    p.eligibility = extract_eligibility(passages, base=p.eligibility, title=p.title)

    title_types = employment_types_in(p.title)
    if not p.employment_type:
        if title_types:
            p.employment_type = title_types
        else:
            for _, s in passages[:12]:
                if re.search(
                    r"\b(?:seeking|looking\s+for|hiring|this\s+is\s+a|role|position|we(?:'re|\s+are))\b"
                    r"|^(?:job|employment|position|contract)\s+type\s*:",
                    s,
                    re.I,
                ):
                    found = [t for t in employment_types_in(s) if t != EmploymentType.INTERN]
                    if found:
                        p.employment_type = found[:1]
                        break
    elif EmploymentType.INTERN in title_types and EmploymentType.INTERN not in p.employment_type:
        p.employment_type = [EmploymentType.INTERN, *p.employment_type]

    if not p.terms:
        p.terms = (
            terms_in(p.title) or terms_in(" ".join(s for h, s in passages if _TERM.search(s))[:2000])[:4]
        )
    if p.pay is None:
        for heading, s in passages:
            pay = pay_in(s, require_context=not re.search(r"pay|compensation|salary", heading, re.I))
            if pay:
                p.pay = pay
                break
    if p.job_id is None:
        for _, s in passages:
            jid = job_id_in(s)
            if jid:
                p.job_id = jid
                break
    if p.apply_instructions is None or p.apply_url is None:
        for _, s in passages:
            url, how = apply_in(s)
            if how and p.apply_instructions is None:
                p.apply_instructions = how
            if url and p.apply_url is None:
                p.apply_url = url
            if p.apply_instructions and p.apply_url:
                break
    if p.start_date is None:
        p.start_date = next((d for _, s in passages if (d := start_date_in(s))), None)
    if p.valid_through is None:
        from rolecall.postings.sources.dates import parse_date

        for _, s in passages:
            raw = deadline_in(s)
            if raw and not re.match(r"(?i)spring|summer|fall|autumn|winter", raw):
                p.valid_through = parse_date(raw, default=p.date_posted)
                if p.valid_through:
                    break
    if p.workplace == Workplace.UNKNOWN:
        for _, s in passages:
            wp = workplace_in_prose(s)
            if wp:
                p.workplace = wp
                break
    return p
