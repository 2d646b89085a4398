"""Posting-gap insights: stored questions and feedback in, counts and ranked gaps out. Pure: no I/O, no clock.

A *question* here is one candidate's question about one posting. The same person asking the same words
about the same posting again (a "Share in channel" re-asks it) counts once, with the feedback of both.
For each facet a question asked we know whether the posting answered it or "doesn't say"; a **gap** is a
facet candidates asked about a posting that the posting does not state. Gaps are ranked by effect: how
many questions stating it would have answered, then how many of those were rated not helpful.

Reports are aggregates: the askers' ids are used only to spot repeats and never appear in the output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from rolecall.store.insights import FacetRecord, FeedbackRecord

ANSWERED = "answered"
NOT_STATED = "not_stated"
MAX_EXAMPLES = 3
EXAMPLE_CHARS = 140


class FacetStat(BaseModel):
    facet: str
    asked: int = 0
    answered: int = 0
    not_stated: int = 0
    helpful: int = 0
    not_helpful: int = 0


class Gap(BaseModel):
    """A facet asked and not stated: for one posting, or summed over a company's postings."""

    facet: str
    company: str
    posting_id: str | None = None  # None for a company-wide gap
    title: str | None = None
    asked: int  # questions about it (on the postings that do not state it)
    not_stated: int  # of those, answered "the posting doesn't say": the effect of fixing it
    not_helpful: int = 0
    postings: int = 1  # postings where it is not stated
    fixed: bool = False  # the latest question was answered: the posting states it now
    examples: list[str] = Field(default_factory=list)


class Tally(BaseModel):
    """What is counted over a set of questions: for one posting, one employer, or the whole report."""

    questions: int = 0
    facet_asks: int = 0
    answered: int = 0
    not_stated: int = 0
    helpful: int = 0
    not_helpful: int = 0
    facets: list[FacetStat] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)  # ranked, unfixed first (the report's: per posting)


class Group(Tally):
    kind: Literal["posting", "company"]
    key: str
    company: str
    title: str | None = None
    posting_id: str | None = None
    postings: int = 1


class Report(Tally):
    since: datetime | None = None
    until: datetime | None = None
    scope: str = "all postings"
    postings: int = 0
    companies: int = 0
    company_gaps: list[Gap] = Field(default_factory=list)  # per company, ranked
    by_posting: list[Group] = Field(default_factory=list)
    by_company: list[Group] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.questions == 0


# -- folding rows into questions ----------------------------------------------------------------------------
@dataclass
class _Question:
    """One counted question: repeats of it merged, each facet's latest outcome kept."""

    text: str
    posting_id: str
    title: str
    company: str
    last: datetime
    facets: dict[str, str] = field(default_factory=dict)  # facet -> status
    votes: dict[str, bool] = field(default_factory=dict)  # voter -> helpful (latest vote wins)

    @property
    def helpful(self) -> int:
        return sum(1 for v in self.votes.values() if v)

    @property
    def not_helpful(self) -> int:
        return sum(1 for v in self.votes.values() if not v)


def _fold(rows: Iterable[FacetRecord], feedback: Iterable[FeedbackRecord]) -> list[_Question]:
    by_id: dict[int, _Question] = {}
    merged: dict[tuple[str, str, str], _Question] = {}
    for r in sorted(rows, key=lambda r: (r.created_at, r.question_id)):
        q = by_id.get(r.question_id)
        if q is None:
            key = (r.user_id, " ".join(r.text.casefold().split()), r.posting_id)
            # An anonymous asker (the CLI, tests) is never merged with anyone.
            q = merged.get(key) if r.user_id else None
            if q is None:
                q = _Question(r.text, r.posting_id, r.title, r.company, r.created_at)
                if r.user_id:
                    merged[key] = q
            by_id[r.question_id] = q
        q.facets[r.facet] = r.status  # rows come oldest first: the latest outcome stays
        if r.created_at >= q.last:
            q.last, q.title, q.company = r.created_at, r.title or q.title, r.company or q.company
    for f in sorted(feedback, key=lambda f: f.created_at):
        q = by_id.get(f.question_id)
        if q is not None:
            q.votes[f.user_id or f"anon:{f.question_id}:{f.created_at.isoformat()}"] = f.helpful
    unique: list[_Question] = []
    seen: set[int] = set()
    for q in by_id.values():
        if id(q) not in seen:
            seen.add(id(q))
            unique.append(q)
    return unique


# -- counting -----------------------------------------------------------------------------------------------
def _facet_stats(questions: Sequence[_Question]) -> list[FacetStat]:
    stats: dict[str, FacetStat] = {}
    for q in questions:
        for facet, status in q.facets.items():
            s = stats.setdefault(facet, FacetStat(facet=facet))
            s.asked += 1
            if status == ANSWERED:
                s.answered += 1
            else:
                s.not_stated += 1
            s.helpful += q.helpful
            s.not_helpful += q.not_helpful
    return sorted(stats.values(), key=lambda s: (-s.asked, -s.not_stated, s.facet))


def _examples(questions: Sequence[_Question]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for q in sorted(questions, key=lambda q: q.last, reverse=True):
        key = " ".join(q.text.casefold().split())
        if key in seen or not key:
            continue
        seen.add(key)
        text = " ".join(q.text.split())
        out.append(text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…")
        if len(out) == MAX_EXAMPLES:
            break
    return out


def _rank(gaps: list[Gap]) -> list[Gap]:
    return sorted(
        gaps,
        key=lambda g: (
            g.fixed,
            -g.not_stated,
            -g.not_helpful,
            -g.asked,
            g.facet,
            (g.title or g.company).casefold(),
        ),
    )


def _posting_gaps(questions: Sequence[_Question]) -> list[Gap]:
    """Per (posting, facet) with at least one "doesn't say"."""
    asked: dict[tuple[str, str], list[_Question]] = defaultdict(list)
    for q in questions:
        for facet in q.facets:
            asked[(q.posting_id, facet)].append(q)
    gaps: list[Gap] = []
    for (pid, facet), qs in asked.items():
        silent = [q for q in qs if q.facets[facet] != ANSWERED]
        if not silent:
            continue
        latest = max(qs, key=lambda q: q.last)
        gaps.append(
            Gap(
                facet=facet,
                company=latest.company,
                posting_id=pid,
                title=latest.title,
                asked=len(qs),
                not_stated=len(silent),
                not_helpful=sum(q.not_helpful for q in silent),
                fixed=latest.facets[facet] == ANSWERED,
                examples=_examples(silent),
            )
        )
    return _rank(gaps)


def _company_gaps(posting_gaps: Sequence[Gap], questions: Sequence[_Question]) -> list[Gap]:
    """A facet left unstated across a company's postings: one fix (a line in every posting) for them all."""
    by_key: dict[tuple[str, str], list[Gap]] = defaultdict(list)
    for g in posting_gaps:
        if not g.fixed:
            by_key[(g.company.casefold(), g.facet)].append(g)
    silent_questions: dict[tuple[str, str], list[_Question]] = defaultdict(list)
    for q in questions:
        for facet, status in q.facets.items():
            if status != ANSWERED:
                silent_questions[(q.company.casefold(), facet)].append(q)
    out = [
        Gap(
            facet=facet,
            company=gs[0].company,
            asked=sum(g.asked for g in gs),
            not_stated=sum(g.not_stated for g in gs),
            not_helpful=sum(g.not_helpful for g in gs),
            postings=len(gs),
            examples=_examples(silent_questions[(company, facet)]),
        )
        for (company, facet), gs in by_key.items()
    ]
    return _rank(out)


T = TypeVar("T", bound=Tally)


def _fill(tally: T, questions: Sequence[_Question], gaps: list[Gap]) -> T:
    tally.questions = len(questions)
    tally.facet_asks = sum(len(q.facets) for q in questions)
    tally.answered = sum(1 for q in questions for s in q.facets.values() if s == ANSWERED)
    tally.not_stated = tally.facet_asks - tally.answered
    tally.helpful = sum(q.helpful for q in questions)
    tally.not_helpful = sum(q.not_helpful for q in questions)
    tally.facets = _facet_stats(questions)
    tally.gaps = gaps
    return tally


def build_report(
    rows: Iterable[FacetRecord],
    feedback: Iterable[FeedbackRecord] = (),
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    scope: str = "all postings",
) -> Report:
    questions = _fold(rows, feedback)
    posting_gaps = _posting_gaps(questions)
    company_gaps = _company_gaps(posting_gaps, questions)

    by_posting: dict[str, list[_Question]] = defaultdict(list)
    by_company: dict[str, list[_Question]] = defaultdict(list)
    for q in questions:
        by_posting[q.posting_id].append(q)
        by_company[q.company.casefold()].append(q)

    posting_groups = []
    for pid, qs in by_posting.items():
        latest = max(qs, key=lambda q: q.last)
        group = Group(kind="posting", key=pid, company=latest.company, title=latest.title, posting_id=pid)
        posting_groups.append(_fill(group, qs, [g for g in posting_gaps if g.posting_id == pid]))
    company_groups = []
    for key, qs in by_company.items():
        name = max(qs, key=lambda q: q.last).company
        group = Group(kind="company", key=name, company=name, postings=len({q.posting_id for q in qs}))
        gaps = [g for g in company_gaps if g.company.casefold() == key]
        company_groups.append(_fill(group, qs, gaps))

    def order(g: Group) -> tuple[int, int, str]:
        return (-g.not_stated, -g.questions, g.key.casefold())

    report = _fill(Report(since=since, until=until, scope=scope), questions, posting_gaps)
    report.company_gaps = company_gaps
    report.by_posting = sorted(posting_groups, key=order)
    report.by_company = sorted(company_groups, key=order)
    report.postings = len(posting_groups)
    report.companies = len(company_groups)
    return report


def share(part: int, whole: int) -> str:
    """ "74%", or "–" when there is nothing to divide."""
    return f"{round(100 * part / whole)}%" if whole else "–"
