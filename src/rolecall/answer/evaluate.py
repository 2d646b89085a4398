"""Scoring answers against a question set, by the rules of the evaluation data's README.

A question passes when: the status equals the expected one; for a question about one posting, the answer's
first posting matches it (case-insensitive substrings of title and company); for discovery, every expected
posting is among the answer's first ten; and the ``expect_all`` / ``expect_any`` / ``expect_none``
substrings hold on the text, whitespace folded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rolecall.errors import RolecallError

DISCOVERY_WINDOW = 10


class QuestionSetError(RolecallError):
    """A question file that cannot be read or a line that is not a question."""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    status: str
    posting: dict[str, str] | None = None
    expect_all: list[str] = field(default_factory=list)
    expect_any: list[str] = field(default_factory=list)
    expect_none: list[str] = field(default_factory=list)
    expect_postings: list[dict[str, str]] = field(default_factory=list)


def load_questions(path: Path) -> list[Question]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionSetError(f"{path}: cannot read the question set ({exc.strerror or exc})") from exc
    out: list[Question] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                Question(
                    id=str(row["id"]),
                    kind=str(row.get("kind", "unknown")),
                    question=str(row["question"]),
                    status=str(row["status"]),
                    posting=row.get("posting"),
                    expect_all=list(row.get("expect_all") or []),
                    expect_any=list(row.get("expect_any") or []),
                    expect_none=list(row.get("expect_none") or []),
                    expect_postings=list(row.get("expect_postings") or []),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise QuestionSetError(f"{path}:{n}: not a question line ({exc})") from exc
    return out


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def matches(ref: dict[str, Any], want: dict[str, str]) -> bool:
    title = _fold(str(ref.get("title") or ""))
    company = _fold(str(ref.get("company") or ""))
    return _fold(want.get("title") or "") in title and _fold(want.get("company") or "") in company


def score(q: Question, answer: dict[str, Any]) -> list[str]:
    """Reasons the answer fails the question; empty when it passes."""
    why: list[str] = []
    if answer.get("status") != q.status:
        why.append(f"status {answer.get('status')!r}, expected {q.status!r}")
    postings = answer.get("postings") or []
    if q.posting:
        if not postings:
            why.append("no posting in the answer")
        elif not matches(postings[0], q.posting):
            first = postings[0]
            why.append(
                f"first posting is {first.get('title')!r} at {first.get('company')!r}, expected {q.posting}"
            )
    if q.expect_postings:
        window = postings[:DISCOVERY_WINDOW]
        missing = [w for w in q.expect_postings if not any(matches(r, w) for r in window)]
        if missing:
            why.append(
                "missing from the first 10: "
                + "; ".join(f"{m.get('title')!r} at {m.get('company')!r}" for m in missing)
            )
    text = _fold(str(answer.get("text") or ""))
    absent = [s for s in q.expect_all if _fold(s) not in text]
    if absent:
        why.append(f"text lacks {absent}")
    if q.expect_any and not any(_fold(s) in text for s in q.expect_any):
        why.append(f"text has none of {q.expect_any}")
    present = [s for s in q.expect_none if _fold(s) in text]
    if present:
        why.append(f"text contains {present}")
    return why


@dataclass
class Tally:
    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass
class Result:
    question: Question
    answer: dict[str, Any]
    why: list[str]

    @property
    def passed(self) -> bool:
        return not self.why


def summarise(results: Iterable[Result]) -> tuple[Tally, dict[str, Tally]]:
    overall = Tally()
    kinds: dict[str, Tally] = {}
    for r in results:
        t = kinds.setdefault(r.question.kind, Tally())
        for tally in (overall, t):
            tally.total += 1
            tally.passed += int(r.passed)
    return overall, kinds


def run(engine: Any, questions: list[Question], **ask: Any) -> Iterator[Result]:
    for q in questions:
        answer = engine.ask(q.question, **ask).model_dump(mode="json")
        yield Result(q, answer, score(q, answer))
