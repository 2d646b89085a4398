"""A throwaway stand-in for ``rolecall.answer.engine.Engine``, used only while the real one is not merged.

It is deliberately naive (word overlap with titles) but honours the contract the Slack app relies on:
``ask`` returns an ``Answer`` naming the posting(s) it is about, uses ``context.posting_id`` for
follow-ups, says AMBIGUOUS when several titles match equally; ``find`` filters; ``get`` looks up by id.
"""

from __future__ import annotations

import re
from datetime import date

from rolecall.answer.model import Answer, Citation, Context, PostingRef, Status
from rolecall.postings.model import Posting

_WORD = re.compile(r"[a-z0-9]+")
_STOP = set(
    [
        "the",
        "a",
        "an",
        "and",
        "me",
        "tell",
        "is",
        "are",
        "what",
        "about",
        "role",
        "job",
        "for",
        "in",
        "at",
        "of",
        "where",
        "does",
        "it",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP}


def _ref(p: Posting) -> PostingRef:
    return PostingRef(id=p.id, title=p.title, company=p.company, url=p.url, location=p.location_summary())


class Engine:
    def __init__(self, postings: list[Posting]) -> None:
        self.postings = postings
        self._by_id = {p.id: p for p in postings}

    def get(self, posting_id: str) -> Posting | None:
        return self._by_id.get(posting_id)

    def find(self, query: str, *, limit: int = 20, today: date | None = None) -> list[Posting]:
        want = _words(query)
        hits = [
            p
            for p in self.postings
            if want <= _words(f"{p.title} {p.company} {p.location_summary()} {p.workplace}")
        ]
        return hits[:limit]

    def ask(self, question: str, *, context: Context | None = None, today: date | None = None) -> Answer:
        asked = _words(question)
        scored = sorted(((len(asked & _words(p.title)), p) for p in self.postings), key=lambda t: -t[0])
        best = [p for score, p in scored if score and score == scored[0][0]]
        if len(best) > 1:
            return Answer(
                status=Status.AMBIGUOUS, text="Several roles match.", postings=[_ref(p) for p in best]
            )
        subject = (
            best[0] if best else self.get(context.posting_id) if context and context.posting_id else None
        )
        if subject is None:
            return Answer(status=Status.NO_MATCH, text="I couldn't find a role matching that.")
        for heading, passage in subject.passages():
            if asked & _words(passage):
                return Answer(
                    status=Status.ANSWERED,
                    text=f"{subject.title} at {subject.company}: {passage}",
                    postings=[_ref(subject)],
                    citations=[Citation(posting_id=subject.id, quote=passage, section=heading)],
                )
        return Answer(
            status=Status.NOT_STATED,
            text=f"The {subject.title} posting doesn't say.",
            postings=[_ref(subject)],
        )
