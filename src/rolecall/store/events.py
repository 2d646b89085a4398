"""The Slack app's tables: delivered events (dedupe), conversation context, questions asked and feedback.

Slack redelivers events and gives no idempotency key, so "answered once" is a unique row claimed here
before answering; keeping it in the database (not memory) means a restart or a second replica cannot
answer the same message again. OAuth installations live in slack-sdk's own SQLAlchemy stores.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy import Engine as DBEngine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from rolecall.store.base import Base, FittedId

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore


log = logging.getLogger(__name__)

T = TypeVar("T")
KEY_SIZE = 200
ID_SIZE = 64


class ProcessedEvent(Base):
    """One row per delivery key ("event:<event_id>" or "msg:<channel>:<ts>") already handled."""

    __tablename__ = "slack_processed_events"

    key: Mapped[str] = mapped_column(FittedId(KEY_SIZE), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Conversation(Base):
    """Which posting a DM or thread is about, so "what about pay?" has a subject."""

    __tablename__ = "slack_conversations"

    channel: Mapped[str] = mapped_column(FittedId(ID_SIZE), primary_key=True)
    thread: Mapped[str] = mapped_column(FittedId(ID_SIZE), primary_key=True)  # "" for a DM's main timeline
    posting_id: Mapped[str | None] = mapped_column(FittedId(300))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Question(Base):
    """A question answered, kept so feedback, "Share" and candidate buttons can refer back to it."""

    __tablename__ = "slack_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(FittedId(ID_SIZE), default="")
    channel: Mapped[str] = mapped_column(FittedId(ID_SIZE), default="")
    thread: Mapped[str] = mapped_column(FittedId(ID_SIZE), default="")
    user_id: Mapped[str] = mapped_column(FittedId(ID_SIZE), default="")
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), default="")
    posting_ids: Mapped[str] = mapped_column(Text, default="")  # space separated, in answer order
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Feedback(Base):
    __tablename__ = "slack_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("slack_questions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(FittedId(ID_SIZE), default="")
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- dedupe -------------------------------------------------------------------------------------------------
def claim_delivery(sessions: sessionmaker[Session], keys: Iterable[str], now: datetime) -> bool:
    """Record every key at once; False when any was already there (a redelivery or a twin event).

    All keys go in one transaction, so a message seen both as ``message.im`` and ``app_mention`` (same
    channel and ts, different event ids) is claimed by whichever arrives first and only that one.
    """
    unique = sorted(set(keys))
    if not unique:
        return True
    with sessions() as session:
        try:
            with session.begin():
                existing = session.scalars(select(ProcessedEvent.key).where(ProcessedEvent.key.in_(unique)))
                if existing.first() is not None:
                    return False
                session.add_all(ProcessedEvent(key=k, created_at=now) for k in unique)
        except IntegrityError:
            # Another thread or replica inserted one of the keys between our read and our write.
            return False
    return True


def release_delivery(sessions: sessionmaker[Session], keys: Iterable[str]) -> int:
    """Forget a claim whose answer never reached anyone (Slack unreachable), so a redelivery is answered."""
    unique = sorted(set(keys))
    if not unique:
        return 0
    with sessions() as session, session.begin():
        result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.key.in_(unique)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def forget_deliveries_before(sessions: sessionmaker[Session], cutoff: datetime) -> int:
    """Slack stops retrying after minutes; rows older than a day or so are dead weight."""
    with sessions() as session, session.begin():
        result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


# -- conversation context -----------------------------------------------------------------------------------
def get_conversation_posting(sessions: sessionmaker[Session], channel: str, thread: str) -> str | None:
    with sessions() as session:
        row = session.get(Conversation, (channel, thread))
        return row.posting_id if row else None


def set_conversation_posting(
    sessions: sessionmaker[Session], channel: str, thread: str, posting_id: str | None, now: datetime
) -> None:
    _with_retry(sessions, lambda session: _remember(session, channel, thread, posting_id, now))


def _remember(session: Session, channel: str, thread: str, posting_id: str | None, now: datetime) -> None:
    row = session.get(Conversation, (channel, thread))
    if row is None:
        session.add(Conversation(channel=channel, thread=thread, posting_id=posting_id, updated_at=now))
    else:
        row.posting_id = posting_id
        row.updated_at = now


def _with_retry(sessions: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """One transaction, tried twice: two answers in one conversation at once may both insert its row;
    the loser's second try finds the row and updates it."""
    for attempt in range(2):
        try:
            with sessions() as session, session.begin():
                return work(session)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


# -- questions and feedback ---------------------------------------------------------------------------------
# More rows to write with a question, in its transaction, given its new id (insights' facets).
QuestionExtras = Callable[[Session, int], object]


def record_question(
    sessions: sessionmaker[Session],
    *,
    text: str,
    status: str,
    posting_ids: list[str],
    now: datetime,
    team_id: str = "",
    channel: str = "",
    thread: str = "",
    user_id: str = "",
    subject: str | None = None,
    extras: QuestionExtras | None = None,
) -> int:
    """Store a question answered; with ``subject``, also make it the conversation's posting, and with
    ``extras``, write those rows too: all in one transaction (one commit per answer).

    The extras are a by-product: when writing them fails, the question is stored without them and the
    failure logged, so they never cost anyone their answer."""

    def write(session: Session, more: QuestionExtras | None) -> int:
        if subject is not None:
            _remember(session, channel, thread, subject, now)
        row = Question(
            team_id=team_id,
            channel=channel,
            thread=thread,
            user_id=user_id,
            text=text,
            status=status,
            posting_ids=" ".join(posting_ids),
            created_at=now,
        )
        session.add(row)
        session.flush()
        if more is not None:
            more(session, int(row.id))
        return int(row.id)

    try:
        return _with_retry(sessions, lambda session: write(session, extras))
    except Exception:
        if extras is None:
            raise
        log.exception("could not store a question's extra rows; storing the question without them")
    return _with_retry(sessions, lambda session: write(session, None))


def get_question(sessions: sessionmaker[Session], question_id: int) -> Question | None:
    with sessions() as session:
        return session.get(Question, question_id)


def record_feedback(
    sessions: sessionmaker[Session], *, question_id: int, user_id: str, helpful: bool, now: datetime
) -> bool:
    """False when the question is unknown (an old button after the database was reset)."""
    with sessions() as session, session.begin():
        if session.get(Question, question_id) is None:
            return False
        row = Feedback(question_id=question_id, user_id=user_id, helpful=helpful, created_at=now)
        session.add(row)
    return True


def feedback_for(sessions: sessionmaker[Session], question_id: int) -> list[Feedback]:
    with sessions() as session:
        return list(session.scalars(select(Feedback).where(Feedback.question_id == question_id)))


# -- OAuth installations ------------------------------------------------------------------------------------
def oauth_stores(
    db: DBEngine, client_id: str, *, state_ttl: timedelta = timedelta(minutes=10)
) -> tuple[SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore]:
    """slack-sdk's SQLAlchemy installation and OAuth state stores on our database, tables created."""
    # Imported here: the module pulls in sqlalchemy.ext.asyncio, which only OAuth mode needs.
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=db)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=int(state_ttl.total_seconds()), engine=db)
    # Their tables sit on slack-sdk's own MetaData; checkfirst keeps this safe for concurrent replicas.
    installations.metadata.create_all(db, checkfirst=True)
    states.metadata.create_all(db, checkfirst=True)
    return installations, states
