"""Insights tables and queries: the facets each stored question asked and how each was answered.

One row per (question, facet) for questions answered about exactly one posting. The posting's title and
company are copied in at asking time, so a posting that later closes or changes its title still counts
under the name candidates saw. Rows belong to their question (``ON DELETE CASCADE``) and go when it does:
:func:`purge_questions_before` is the retention job's one statement of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from rolecall.store.base import Base, ClippedText, FittedId
from rolecall.store.digests import POSTING_ID_SIZE, UTCDateTime
from rolecall.store.events import Conversation, Feedback, Question


class QuestionFacet(Base):
    __tablename__ = "insight_question_facets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("slack_questions.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(FittedId(64), default="", index=True)
    posting_id: Mapped[str] = mapped_column(FittedId(POSTING_ID_SIZE), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    company: Mapped[str] = mapped_column(ClippedText(300), default="", index=True)
    facet: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # answered | not_stated
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


@dataclass(frozen=True)
class FacetAsked:
    """What to record for one facet of one question."""

    facet: str
    status: str


def add_facets(
    session: Session,
    question_id: int,
    *,
    team_id: str,
    posting_id: str,
    title: str,
    company: str,
    facets: Sequence[FacetAsked],
    now: datetime,
) -> None:
    """Add one row per facet of a question, in the caller's transaction (the question's own, so an answer
    costs one commit: ``events.record_question(..., extras=...)``)."""
    session.add_all(
        QuestionFacet(
            question_id=question_id,
            team_id=team_id,
            posting_id=posting_id,
            title=title,
            company=company,
            facet=f.facet,
            status=f.status,
            created_at=now,
        )
        for f in facets
    )


@dataclass(frozen=True)
class FacetRecord:
    """A facet row joined with its question: the input of :mod:`rolecall.insights.aggregate`."""

    question_id: int
    user_id: str  # only to count a question asked again (e.g. shared) once; never leaves the aggregation
    text: str
    posting_id: str
    title: str
    company: str
    facet: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class FeedbackRecord:
    question_id: int
    user_id: str
    helpful: bool
    created_at: datetime


def facet_records(
    sessions: sessionmaker[Session],
    *,
    team_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    posting_ids: Sequence[str] | None = None,
    company: str | None = None,
) -> list[FacetRecord]:
    """Every recorded facet (with its question) in the window, optionally for some postings or a company
    (compared without case)."""
    q = (
        select(QuestionFacet, Question.text, Question.user_id)
        .join(Question, Question.id == QuestionFacet.question_id)
        .order_by(QuestionFacet.created_at, QuestionFacet.id)
    )
    if team_id is not None:
        q = q.where(QuestionFacet.team_id == team_id)
    if since is not None:
        q = q.where(QuestionFacet.created_at >= since)
    if until is not None:
        q = q.where(QuestionFacet.created_at <= until)
    if posting_ids is not None:
        q = q.where(QuestionFacet.posting_id.in_(list(posting_ids)))
    if company is not None:
        q = q.where(func.lower(QuestionFacet.company) == company.lower())
    with sessions() as session:
        return [
            FacetRecord(
                question_id=row.question_id,
                user_id=user_id or "",
                text=text or "",
                posting_id=row.posting_id,
                title=row.title,
                company=row.company,
                facet=row.facet,
                status=row.status,
                created_at=row.created_at,
            )
            for row, text, user_id in session.execute(q)
        ]


def feedback_records(sessions: sessionmaker[Session], question_ids: Sequence[int]) -> list[FeedbackRecord]:
    out: list[FeedbackRecord] = []
    ids = sorted(set(question_ids))
    with sessions() as session:
        for start in range(0, len(ids), 500):
            q = select(Feedback).where(Feedback.question_id.in_(ids[start : start + 500]))
            out += [
                FeedbackRecord(f.question_id, f.user_id, f.helpful, f.created_at) for f in session.scalars(q)
            ]
    return out


def known_subjects(
    sessions: sessionmaker[Session], *, team_id: str | None = None
) -> list[tuple[str, str, str]]:
    """Distinct (posting_id, title, company) that have recorded questions: lets a scope name a posting
    that has since closed."""
    q = select(QuestionFacet.posting_id, QuestionFacet.title, QuestionFacet.company).distinct()
    if team_id is not None:
        q = q.where(QuestionFacet.team_id == team_id)
    with sessions() as session:
        return [(pid, title, company) for pid, title, company in session.execute(q)]


@dataclass(frozen=True)
class PurgeReport:
    questions: int
    facets: int
    feedback: int
    conversations: int


def purge_questions_before(sessions: sessionmaker[Session], cutoff: datetime) -> PurgeReport:
    """Delete questions asked before ``cutoff`` with their facets and feedback, and conversation context
    not touched since. Children are deleted explicitly too, so nothing depends on the database enforcing
    the foreign keys' cascade."""
    with sessions() as session, session.begin():
        old = select(Question.id).where(Question.created_at < cutoff).scalar_subquery()
        facets = session.execute(delete(QuestionFacet).where(QuestionFacet.question_id.in_(old)))
        feedback = session.execute(delete(Feedback).where(Feedback.question_id.in_(old)))
        questions = session.execute(delete(Question).where(Question.created_at < cutoff))
        conversations = session.execute(delete(Conversation).where(Conversation.updated_at < cutoff))
        return PurgeReport(
            questions=int(questions.rowcount or 0),  # type: ignore[attr-defined]
            facets=int(facets.rowcount or 0),  # type: ignore[attr-defined]
            feedback=int(feedback.rowcount or 0),  # type: ignore[attr-defined]
            conversations=int(conversations.rowcount or 0),  # type: ignore[attr-defined]
        )
