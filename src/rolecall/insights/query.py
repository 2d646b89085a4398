"""Which postings an insights request means, and the report for them, from the store.

A scope is typed by people ("Acme", "data engineer", a posting id), so it is resolved against the postings
candidates asked about (which may have closed since) and the postings loaded now. Stored scopes use the
canonical text ``posting:<id>`` or ``company:<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rolecall.insights.aggregate import Report, build_report
from rolecall.search.analyze import tokenize
from rolecall.services import Services
from rolecall.store import insights as store


@dataclass(frozen=True)
class Subject:
    posting_id: str
    title: str
    company: str


@dataclass(frozen=True)
class Scope:
    kind: Literal["all", "posting", "company"] = "all"
    posting_id: str | None = None
    company: str | None = None
    label: str = "all postings"

    @property
    def canonical(self) -> str:
        if self.kind == "posting":
            return f"posting:{self.posting_id}"
        if self.kind == "company":
            return f"company:{self.company}"
        return ""


@dataclass(frozen=True)
class Choices:
    """The words fit several postings: the caller asks which."""

    query: str
    subjects: list[Subject]


@dataclass(frozen=True)
class NotFound:
    query: str


Resolution = Scope | Choices | NotFound
ALL = Scope()
MAX_CHOICES = 8


def _subjects(services: Services, team_id: str | None) -> list[Subject]:
    """Postings with recorded questions first (their names as candidates saw them), then loaded ones."""
    found: dict[str, Subject] = {}
    for pid, title, company in store.known_subjects(services.sessions, team_id=team_id):
        found.setdefault(pid, Subject(pid, title, company))
    for p in services.postings:
        found.setdefault(p.id, Subject(p.id, p.title, p.company))
    return list(found.values())


def _posting(s: Subject) -> Scope:
    return Scope("posting", posting_id=s.posting_id, company=s.company, label=f"{s.title} ({s.company})")


def _company(name: str) -> Scope:
    return Scope("company", company=name, label=name)


def resolve(services: Services, text: str, *, team_id: str | None = None) -> Resolution:
    """``""`` -> everything; a posting id, a company, title words -> that scope; else choices or not found."""
    query = " ".join(text.split())
    if not query or query.casefold() in {"all", "everything", "*"}:
        return ALL
    prefix, _, value = query.partition(":")
    subjects = _subjects(services, team_id)
    if prefix.casefold() == "company" and value:
        return _company(_company_name(subjects, value) or value)
    if prefix.casefold() == "posting" and value:
        match = next((s for s in subjects if s.posting_id == value), None)
        return _posting(match) if match else Scope("posting", posting_id=value, label=value)
    exact_id = next((s for s in subjects if s.posting_id == query), None)
    if exact_id is not None:
        return _posting(exact_id)
    company = _company_name(subjects, query)
    if company is not None:
        return _company(company)
    titled = [s for s in subjects if s.title.casefold() == query.casefold()]
    if len(titled) == 1:
        return _posting(titled[0])
    words = set(tokenize(query))
    if not words:
        return NotFound(query)
    matching = titled or [s for s in subjects if words <= set(tokenize(f"{s.title} {s.company}"))]
    if len(matching) == 1:
        return _posting(matching[0])
    if matching:
        return Choices(query, matching[:MAX_CHOICES])
    # A part of a company's name ("acme" for "Acme Analytics"), when it points at one company.
    companies = {s.company for s in subjects if words <= set(tokenize(s.company))}
    if len(companies) == 1:
        return _company(companies.pop())
    return NotFound(query)


def _company_name(subjects: list[Subject], text: str) -> str | None:
    wanted = text.casefold()
    return next((s.company for s in subjects if s.company.casefold() == wanted), None)


def report_for(
    services: Services,
    scope: Scope = ALL,
    *,
    team_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Report:
    rows = store.facet_records(
        services.sessions,
        team_id=team_id,
        since=since,
        until=until,
        posting_ids=[scope.posting_id] if scope.kind == "posting" and scope.posting_id else None,
        company=scope.company if scope.kind == "company" else None,
    )
    feedback = store.feedback_records(services.sessions, [r.question_id for r in rows])
    return build_report(rows, feedback, since=since, until=until, scope=scope.label)
