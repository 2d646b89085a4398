"""What each answered question asked, facet by facet, for insights: written with the question itself."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from rolecall.answer.model import Answer
from rolecall.store import insights as store
from rolecall.store.events import QuestionExtras


def facet_rows(answer: Answer, *, team_id: str, now: datetime) -> QuestionExtras | None:
    """The facets of an answer about exactly one posting, as rows to store with its question
    (``events.record_question(..., extras=...)``, one transaction); None when there is nothing to record.
    A failure to write them is the question's store's to log: it never costs anyone their answer."""
    facets = list(getattr(answer, "facets", None) or [])
    if len(answer.postings) != 1 or not facets:
        return None
    ref = answer.postings[0]
    return partial(
        store.add_facets,
        team_id=team_id,
        posting_id=ref.id,
        title=ref.title,
        company=ref.company,
        facets=[store.FacetAsked(f.name, str(f.status.value)) for f in facets],
        now=now,
    )
