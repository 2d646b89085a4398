"""Turning a posting and the facets asked into an ``Answer``: the posting's own words, quoted, with a link.

Each facet first reads the structured facts the loaders extracted (pay, job id, sponsorship...), citing the
sentence they came from, then the posting's sentences that speak to it. A facet with neither is reported
plainly as not stated; nothing is inferred from silence (a posting that never mentions visas does not
"not sponsor" them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rolecall.answer import vocab
from rolecall.answer.evidence import EVIDENCE, YEARS_RE, Passage, PostingText, languages_in
from rolecall.answer.model import Answer, Citation, FacetOutcome, Intent, PostingRef, Status
from rolecall.answer.places import Place, find_places, place_in_text
from rolecall.postings.model import EmploymentType, Posting, Sponsorship, Workplace
from rolecall.search.analyze import tokenize

if TYPE_CHECKING:
    from rolecall.answer.question import Question

_TYPE_WORDS = {
    EmploymentType.FULL_TIME: "Full-time",
    EmploymentType.PART_TIME: "Part-time",
    EmploymentType.CONTRACTOR: "Contract",
    EmploymentType.TEMPORARY: "Temporary",
    EmploymentType.INTERN: "Intern",
    EmploymentType.VOLUNTEER: "Volunteer",
    EmploymentType.PER_DIEM: "Per diem",
    EmploymentType.OTHER: "Other",
}

# What "not stated" says for each facet, in plain words (each facet's ``silent`` in its data file).
_SILENT = {name: f.silent for name, f in vocab.facets().items() if f.silent}


# A title states a level by its words ("Senior", "Intern", "New Grad") or a grade ("Analyst II").
_TITLE_LEVEL = re.compile(
    rf"{EVIDENCE['seniority'].pattern}|\b(?:intern(?:ship)?s?|co-?op|apprentice(?:ship)?)\b"
    r"|\b(?:II|III|IV)\b|\bI\b(?=\s*(?:$|[-,(|]))",
    re.IGNORECASE,
)


_ANYWHERE = frozenset({"worldwide", "anywhere", "global", "world", "remote anywhere"})


@dataclass
class FacetResult:
    facet: str
    stated: bool
    lines: list[str] = field(default_factory=list)
    quotes: list[Passage] = field(default_factory=list)
    silent: str | None = None  # what to say when not stated, when the facet's usual words don't fit


def ref(p: Posting, today: date) -> PostingRef:
    return PostingRef(
        id=p.id,
        title=p.title,
        company=p.company,
        url=p.url or p.apply_url,
        location=p.location_summary() or None,
        closed=p.is_closed(today),
    )


def _quote(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _focus(text: str, facet: str, limit: int = 400) -> str:
    """A long passage (a scraped page run together) cut to the part that speaks to the facet, so the
    quote shows "Visa US citizen/visa only" rather than the page's navigation."""
    text = " ".join(text.split())
    pattern = EVIDENCE.get(facet)
    m = pattern.search(text) if pattern and len(text) > limit else None
    if m is None or m.start() < limit // 2:
        return text
    start = max(0, m.start() - limit // 3)
    start = text.find(" ", start) + 1 or start  # begin on a whole word
    end = min(len(text), start + limit - 2)
    return "…" + text[start:end].strip() + ("…" if end < len(text) else "")


def _structured_quote(text: str) -> Passage:
    return Passage(-2, "listing", text)


class Composer:
    def __init__(
        self, posting: Posting, text: PostingText, question: Question, places: list[Place], today: date
    ) -> None:
        self.today = today
        self.p = posting
        self.t = text
        self.q = question
        self.places = places

    def facet(self, name: str) -> FacetResult:
        handler = getattr(self, f"_f_{name}", None)
        if handler is not None:
            return handler()
        return self._generic(name)

    def context(self, name: str) -> FacetResult:
        """A facet added for context beside the one asked: its closest sentences, never a verdict."""
        if name == "requirements":
            found = self.t.requirements(self.q, k=4)
            return FacetResult(name, bool(found), quotes=found)
        return self.facet(name)

    def _generic(self, name: str, k: int = 3) -> FacetResult:
        found = self.t.best(name, self.q, k)
        return FacetResult(name, bool(found), quotes=found)

    def _evidence(self, fact: str) -> list[Passage]:
        return [_structured_quote(e.quote) for e in self.p.eligibility.evidence_for(fact)]

    # eligibility -----------------------------------------------------------------------------------------
    def _f_sponsorship(self) -> FacetResult:
        s = self.p.eligibility.sponsorship
        quotes = self._evidence("sponsorship")
        found = self.t.best("sponsorship", self.q, 3)
        lines: list[str] = []
        if s is Sponsorship.OFFERED:
            lines.append("Yes, the posting says it offers visa sponsorship.")
        elif s is Sponsorship.NOT_OFFERED:
            lines.append("No, the posting says it does not offer visa sponsorship.")
        return FacetResult("sponsorship", bool(lines or found), lines, _merge(quotes, found))

    def _f_citizenship(self) -> FacetResult:
        e = self.p.eligibility
        lines: list[str] = []
        if e.citizenship_required:
            lines.append("The posting says U.S. citizenship is required.")
        found = self.t.best("citizenship", self.q, 3)
        if e.clearance and not found:
            found = self.t.best("clearance", self.q, 2)
        return FacetResult(
            "citizenship", bool(lines or found), lines, _merge(self._evidence("citizenship"), found)
        )

    def _f_clearance(self) -> FacetResult:
        e = self.p.eligibility
        lines = [f"Clearance named in the posting: {e.clearance}."] if e.clearance else []
        found = self.t.best("clearance", self.q, 3)
        return FacetResult(
            "clearance", bool(lines or found), lines, _merge(self._evidence("clearance"), found)
        )

    def _f_degree(self) -> FacetResult:
        e = self.p.eligibility
        lines = [f"Degree: {e.degree}."] if e.degree else []
        found = self.t.best("degree", self.q, 3)
        extra = self.t.best("student", self.q, 2) if found or lines else []
        return FacetResult(
            "degree", bool(lines or found), lines, _merge(self._evidence("degree"), found, extra)
        )

    def _f_student(self) -> FacetResult:
        e = self.p.eligibility
        lines = [f"Student status: {e.student_status}."] if e.student_status else []
        found = self.t.best("student", self.q, 3, include_title=False)
        return FacetResult("student", bool(lines or found), lines, _merge(self._evidence("student"), found))

    def _f_experience(self) -> FacetResult:
        e = self.p.eligibility
        lines = []
        if e.min_experience_years is not None:
            years = e.min_experience_years
            span = f"{years * 12:g} months" if 0 < years < 1 else f"{years:g} years"
            lines.append(f"Minimum experience: {span}.")
        found = [
            p
            for p in self.t.best("experience", self.q, 8)
            if EVIDENCE["experience"].search(p.text) and p.index >= 0
        ]
        # An amount of experience ("2+ years") answers "how much?" before sentences that only say
        # "experience with X"; sort is stable, so closeness to the question still orders each group.
        found = sorted(found, key=lambda p: not YEARS_RE.search(p.text))[:4]
        return FacetResult(
            "experience", bool(lines or found), lines, _merge(self._evidence("experience"), found)
        )

    # details ---------------------------------------------------------------------------------------------
    def _f_pay(self) -> FacetResult:
        pay = self.p.pay
        lines: list[str] = []
        quotes: list[Passage] = []
        if pay and (pay.min is not None or pay.max is not None or pay.text):
            lines.append(f"Pay: {_pay_words(pay)}.")
            if pay.text:
                quotes.append(_structured_quote(pay.text))
        found = self.t.best("pay", self.q, 3)
        # "base/commission split?", "equity %?": the compensation lines sharing the question's words carry
        # more than the range (a commission split, an equity band, a bonus).
        terms = self.t.pay_terms(self.q, [*quotes, *found])
        return FacetResult("pay", bool(lines or found or terms), lines, _merge(quotes, found, terms))

    def _f_job_id(self) -> FacetResult:
        lines = [f"Job ID: {self.p.job_id}."] if self.p.job_id else []
        found = self.t.best("job_id", self.q, 2)
        return FacetResult("job_id", bool(lines or found), lines, found)

    def _f_date_posted(self) -> FacetResult:
        d = self.p.date_posted
        lines = [f"Posted on {d.isoformat()} ({d.strftime('%B')} {d.day}, {d.year})."] if d else []
        found = self.t.best("date_posted", self.q, 2)
        return FacetResult("date_posted", bool(lines or found), lines, found)

    def _f_start_date(self) -> FacetResult:
        lines = [f"Start: {self.p.start_date}."] if self.p.start_date else []
        found = self.t.best("start_date", self.q, 2)
        if not lines and not found and self.p.terms:
            # The listing's term is the nearest thing to a start it states.
            lines.append(f"No exact start date; the listing gives the term: {', '.join(self.p.terms)}.")
        return FacetResult("start_date", bool(lines or found), lines, found)

    def _f_summary(self) -> FacetResult:
        """ "Tell me about X": the basic terms, then the sentences closest to the question."""
        lines = [f"Locations: {self.p.location_summary()}."] if self.p.locations else []
        lines += self._workplace_lines()
        conditions = self._workplace_conditions()
        if self.p.employment_type:
            lines.append(f"Employment type: {', '.join(_TYPE_WORDS[t] for t in self.p.employment_type)}.")
        if self.p.pay and (self.p.pay.min is not None or self.p.pay.max is not None or self.p.pay.text):
            lines.append(f"Pay: {_pay_words(self.p.pay)}.")
        if self.p.terms:
            lines.append(f"Term: {', '.join(self.p.terms)}.")
        if self.p.eligibility.sponsorship is Sponsorship.OFFERED:
            lines.append("The listing says it offers visa sponsorship.")
        elif self.p.eligibility.sponsorship is Sponsorship.NOT_OFFERED:
            lines.append("The listing says it does not offer visa sponsorship.")
        body = [p for p in self.t.passages if p.index >= 0]
        quotes = _merge(conditions, self.t.requirements(self.q, k=4) or body[:3])
        return FacetResult("summary", bool(lines or quotes), lines, quotes)

    def _f_deadline(self) -> FacetResult:
        v = self.p.valid_through
        lines = [f"Applications close {v.isoformat()}."] if v else []
        if not self.p.active:
            lines.append("The source marks this role as closed.")
        found = self.t.best("deadline", self.q, 2)
        return FacetResult("deadline", bool(lines or found), lines, found)

    def _f_open_status(self) -> FacetResult:
        """Whether the role is open: the source's own flag and closing date, compared with today."""
        if not self.p.active:
            return FacetResult("open_status", True, ["The source marks this role as closed."])
        v = self.p.valid_through
        if v is not None:
            state = "closed" if v < self.today else "open"
            return FacetResult("open_status", True, [f"Applications close {v.isoformat()}; it is {state}."])
        return FacetResult(
            "open_status", True, ["The source lists this role as open; it gives no closing date."]
        )

    def _f_apply(self) -> FacetResult:
        lines: list[str] = []
        if self.p.apply_instructions:
            lines.append(f"How to apply: {self.p.apply_instructions}")
        link = self.p.apply_url or self.p.url
        if link:
            lines.append(f"Apply at: {link}")
        found = [p for p in self.t.best("apply", self.q, 3) if p.index >= 0]
        return FacetResult("apply", bool(lines or found), lines, found)

    def _f_employment_type(self) -> FacetResult:
        types = [_TYPE_WORDS.get(t, t.value) for t in self.p.employment_type]
        lines = [f"Employment type: {', '.join(types)}."] if types else []
        found = self.t.best("employment_type", self.q, 3)
        return FacetResult("employment_type", bool(lines or found), lines, found)

    def _f_hours(self) -> FacetResult:
        types = [_TYPE_WORDS.get(t, t.value) for t in self.p.employment_type]
        lines = [f"Employment type: {', '.join(types)}."] if types else []
        found = self.t.best("hours", self.q, 3, include_title=False)
        # The employment type alone does not say the hours: stated only when a sentence does.
        return FacetResult("hours", bool(found), lines if found else [], found)

    def _f_term(self) -> FacetResult:
        lines = [f"Term: {', '.join(self.p.terms)}."] if self.p.terms else []
        found = self.t.best("term", self.q, 2)
        return FacetResult("term", bool(lines or found), lines, found)

    def _f_travel(self) -> FacetResult:
        return self._generic("travel", 2)

    def _f_benefits(self) -> FacetResult:
        return self._generic("benefits", 4)

    def _f_team(self) -> FacetResult:
        return self._generic("team", 3)

    def _f_duties(self) -> FacetResult:
        found = self.t.duties(self.q)
        return FacetResult("duties", bool(found), quotes=found)

    def _f_seniority(self) -> FacetResult:
        found = [p for p in self.t.best("seniority", self.q, 4) if p.index >= 0]
        lines = [f"Title: {self.p.title}."] if _TITLE_LEVEL.search(self.p.title) else []
        return FacetResult("seniority", bool(lines or found), lines, found)

    # location --------------------------------------------------------------------------------------------
    def _place_lines(self) -> list[str]:
        lines = []
        locs = [loc.text for loc in self.p.locations]
        anywhere = [r for r in self.p.remote_regions if r.casefold() in _ANYWHERE]
        for place in self.places:
            hits = [t for t in locs if place_in_text(place, t)]
            remote_from = anywhere or [r for r in self.p.remote_regions if place_in_text(place, r)]
            if hits:
                lines.append(f"{place.label} is among its locations: {'; '.join(hits)}.")
            elif self.p.workplace is Workplace.REMOTE and remote_from:
                # "from Europe?" on a role remote from anywhere: the place is covered, not missing.
                where = ", ".join(remote_from)
                scope = f"from anywhere ({where})" if anywhere else f"for applicants in {where}"
                lines.append(f"{place.label}: the role is remote {scope}.")
            elif locs:
                lines.append(f"{place.label} is not among the locations the posting lists.")
        return lines

    def _f_location(self) -> FacetResult:
        lines = self._place_lines()
        if self.p.locations:
            lines.append(f"Locations: {self.p.location_summary()}.")
        lines.extend(self._workplace_lines())
        found = _merge(
            self._workplace_conditions(),
            _conditions_first(self.t.best("remote", self.q, 6, include_title=False))[:2],
        )
        if not self.p.locations:
            # No parsed location: a "Company | Role | Place" header line naming a place still says where.
            head = [p for p in self.t.passages[1:2] if p.text.count("|") >= 2 and find_places(p.text)]
            found = _merge(head, found)
        return FacetResult("location", bool(self.p.locations or found), lines, found)

    def _workplace_lines(self) -> list[str]:
        lines = []
        if self.p.workplace is not Workplace.UNKNOWN:
            # "Remote only with 5+ years, otherwise Pittsburgh": the workplace holds under a condition.
            tail = (
                ", under a condition the posting states (quoted below)"
                if self._workplace_conditions()
                else ""
            )
            lines.append(f"Workplace: {self.p.workplace.value}{tail}.")
        if self.p.remote_regions:
            lines.append(f"Remote applicants may be based in: {', '.join(self.p.remote_regions)}.")
        return lines

    def _workplace_conditions(self) -> list[Passage]:
        """The sentences that make the workplace conditional ("remote only with 5+ years, otherwise
        Pittsburgh or Austin"), when the posting states a workplace at all."""
        if self.p.workplace is Workplace.UNKNOWN:
            return []
        return [p for p in self.t.matching("remote") if p.index >= 0 and _CONDITIONAL.search(p.text)][:2]

    def _f_remote(self) -> FacetResult:
        lines = self._workplace_lines()
        remote_locs = [loc.text for loc in self.p.locations if loc.remote]
        if remote_locs and not lines:
            lines.append(f"Remote option listed: {'; '.join(remote_locs)}.")
        found = _merge(self._workplace_conditions(), _conditions_first(self.t.best("remote", self.q, 6))[:3])
        return FacetResult("remote", bool(lines or found), lines, found)

    # requirements ----------------------------------------------------------------------------------------
    def _f_requirements(self) -> FacetResult:
        """General asks get the requirement sentences; "do I need Python?" gets the sentences naming
        Python, or a plain "the posting does not mention Python" when none does."""
        topical = self.t.asked_for(self.q)
        if topical and len(topical) <= 3:
            present = {t for t in topical if t in self.t.vocabulary}
            if not present:
                words = [w for w in re.findall(r"[\w+#.-]+", self.q.text) if set(tokenize(w)) & topical]
                said = ", ".join(dict.fromkeys(words)) or "that"
                return FacetResult("requirements", False, silent=f"The posting does not mention {said}.")
            hits = self.t.containing(present, self.q, 4)
            # "what skills do I need? do I need SQL?": the lines naming SQL, then the whole list.
            general = bool(self.q.words_asking("requirements") & _GENERAL_REQUIREMENTS)
            rest = (
                self.t.requirements(self.q, k=8, general=True)
                if general
                else self.t.requirements(self.q, k=3)
            )
            return FacetResult("requirements", True, quotes=_merge(hits[: 2 if general else 4], rest))
        found = self.t.requirements(self.q)
        return FacetResult("requirements", bool(found), quotes=found)

    def _f_languages(self, facet: str = "languages") -> FacetResult:
        tools = facet == "stack"
        found = self.t.tech(self.q, 4, languages_only=not tools)
        if not found and not tools:
            # "What languages do I need?" of a role that names no programming language: the spoken ones.
            spoken = self._generic("spoken", 3)
            if spoken.stated:
                return FacetResult(facet, True, quotes=spoken.quotes)
        names = languages_in(" ".join(p.text for p in found), tools=tools)
        what = "Languages and tools" if tools else "Languages"
        lines = [f"{what} it names: {', '.join(names)}."] if names else []
        return FacetResult(facet, bool(found), lines, found)

    def _f_stack(self) -> FacetResult:
        return self._f_languages("stack")

    def _f_grade(self) -> FacetResult:
        return self._generic("grade", 4)

    def _f_certification(self) -> FacetResult:
        return self._generic("certification", 3)


# Where the person must be ("must live within commuting distance of our NYC hub"): the condition a
# workplace question most needs, quoted before the sentences that only describe the workplace.
_MUST_BE = vocab.phrases()["based_in"]
_CONDITIONAL = vocab.phrases()["workplace_condition"]


def _conditions_first(found: list[Passage]) -> list[Passage]:
    return sorted(found, key=lambda p: not (_CONDITIONAL.search(p.text) or _MUST_BE.search(p.text)))


# Words that ask for the requirements as a whole ("what skills / qualifications do they want?").
_GENERAL_REQUIREMENTS = frozenset(
    tokenize("skills skill requirements qualifications prerequisites background")
)


def _merge(*groups: list[Passage]) -> list[Passage]:
    seen: set[str] = set()
    out: list[Passage] = []
    for group in groups:
        for p in group:
            key = " ".join(p.text.split()).casefold()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def _pay_words(pay: object) -> str:
    from rolecall.postings.model import Pay

    assert isinstance(pay, Pay)
    if pay.text and pay.min is None and pay.max is None:
        return pay.text
    cur = pay.currency or ""
    sym = {"USD": "$", "EUR": "€", "GBP": "£"}.get(cur, "")
    lo = f"{sym}{pay.min:,.2f}".replace(".00", "") if pay.min is not None else ""
    hi = f"{sym}{pay.max:,.2f}".replace(".00", "") if pay.max is not None else ""
    span = f"{lo}–{hi}" if lo and hi and lo != hi else (lo or hi)
    unit = f" per {pay.unit.lower()}" if pay.unit else ""
    tail = f" {cur}" if cur and not sym else ""
    return f"{span}{tail}{unit}"


def compose_posting_answer(
    posting: Posting,
    text: PostingText,
    question: Question,
    facets: list[str],
    intent: Intent,
    places: list[Place],
    today: date,
    context: tuple[str, ...] = (),
) -> Answer:
    composer = Composer(posting, text, question, places, today)
    results = [composer.facet(f) for f in facets]
    stated = [r for r in results if r.stated]
    status = Status.ANSWERED if stated else Status.NOT_STATED
    # Once a specific facet is answered, the nearest requirement sentences add context ("what else?");
    # they never turn a silent posting into an answered one.
    if stated:
        extra = [composer.context(f) for f in context if f not in facets]
        results += [r for r in extra if r.stated]
    head = f"{posting.title} at {posting.company}"
    if posting.is_closed(today):
        head += " (closed)"
    out: list[str] = [head + ":"]
    citations: list[Citation] = []
    seen: set[str] = set()
    for r in results:
        if not r.stated:
            out.append(r.silent or _SILENT.get(r.facet, "The posting does not say."))
            continue
        out.extend(line for line in r.lines if line not in out)
        for p in r.quotes:
            q = _quote(_focus(p.text, r.facet))
            if q.casefold() in seen:
                continue
            seen.add(q.casefold())
            out.append(f"> “{q}”" + (f" ({p.section})" if p.section and p.index >= 0 else ""))
            citations.append(Citation(posting_id=posting.id, quote=q, section=p.section or None))
    link = posting.url or posting.apply_url
    if link:
        out.append(f"Posting: {link}")
    return Answer(
        status=status,
        text="\n".join(out),
        postings=[ref(posting, today)],
        citations=citations,
        intent=intent,
        facets=[
            FacetOutcome(name=r.facet, status=Status.ANSWERED if r.stated else Status.NOT_STATED)
            for r in results[: len(facets)]
        ],
    )
