"""Recording what each answered question asked, facet by facet, for insights."""

from __future__ import annotations

import logging

from rolecall.answer.model import Answer
from rolecall.services import Services
from rolecall.store import insights as store

log = logging.getLogger(__name__)


def record_answer(services: Services, question_id: int, answer: Answer, *, team_id: str = "") -> int:
    """Store the facets of an answer about exactly one posting; returns how many were stored.

    Never raises: insights are a by-product of answering, and must not cost anyone their answer."""
    facets = list(getattr(answer, "facets", None) or [])
    if len(answer.postings) != 1 or not facets:
        return 0
    ref = answer.postings[0]
    try:
        store.record_facets(
            services.sessions,
            question_id=question_id,
            team_id=team_id,
            posting_id=ref.id,
            title=ref.title,
            company=ref.company,
            facets=[store.FacetAsked(f.name, str(f.status.value)) for f in facets],
            now=services.now(),
        )
    except Exception:
        log.exception("could not record the facets of question %s for insights", question_id)
        return 0
    return len(facets)
