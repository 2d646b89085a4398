"""Delivery dedupe, conversation context and feedback on a real database (SQLite, and PostgreSQL when up)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from rolecall.store import events as store
from rolecall.store.db import create_schema, make_engine, session_factory

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _postgres_or_skip() -> str:
    try:
        engine = make_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable ({type(exc).__name__})")
    return PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sessions(request: pytest.FixtureRequest, tmp_path) -> Iterator[sessionmaker[Session]]:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'events.db'}" if request.param == "sqlite" else _postgres_or_skip()
    engine = make_engine(url)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


def key() -> str:
    return f"event:{uuid.uuid4().hex}"  # unique per test run, so a shared PostgreSQL needs no cleanup


def test_a_delivery_is_claimed_once(sessions: sessionmaker[Session]) -> None:
    k = key()
    assert store.claim_delivery(sessions, [k], NOW) is True
    assert store.claim_delivery(sessions, [k], NOW) is False


def test_twin_events_share_the_message_key(sessions: sessionmaker[Session]) -> None:
    msg = f"msg:D1:{uuid.uuid4().hex}"
    assert store.claim_delivery(sessions, [key(), msg], NOW) is True
    assert store.claim_delivery(sessions, [key(), msg], NOW) is False  # another event id, same message


def test_racing_claims_have_exactly_one_winner(sessions: sessionmaker[Session]) -> None:
    k, results = key(), []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim_delivery(sessions, [k], NOW))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]


def test_old_deliveries_are_forgotten(sessions: sessionmaker[Session]) -> None:
    old, new = key(), key()
    store.claim_delivery(sessions, [old], NOW - timedelta(days=3))
    store.claim_delivery(sessions, [new], NOW)
    assert store.forget_deliveries_before(sessions, NOW - timedelta(days=1)) >= 1
    assert store.claim_delivery(sessions, [old], NOW) is True
    assert store.claim_delivery(sessions, [new], NOW) is False


def test_conversation_context_round_trips(sessions: sessionmaker[Session]) -> None:
    channel = f"D{uuid.uuid4().hex[:8]}"
    assert store.get_conversation_posting(sessions, channel, "") is None
    store.set_conversation_posting(sessions, channel, "", "p1", NOW)
    store.set_conversation_posting(sessions, channel, "", "p2", NOW)
    store.set_conversation_posting(sessions, channel, "1.1", "p3", NOW)
    assert store.get_conversation_posting(sessions, channel, "") == "p2"
    assert store.get_conversation_posting(sessions, channel, "1.1") == "p3"


def test_feedback_needs_a_known_question(sessions: sessionmaker[Session]) -> None:
    qid = store.record_question(
        sessions, text="is it remote?", status="answered", posting_ids=["p1"], now=NOW
    )
    assert store.record_feedback(sessions, question_id=qid, user_id="U1", helpful=True, now=NOW)
    assert not store.record_feedback(sessions, question_id=qid + 10_000, user_id="U1", helpful=True, now=NOW)
    [row] = store.feedback_for(sessions, qid)
    assert row.helpful is True
    question = store.get_question(sessions, qid)
    assert question is not None and question.posting_ids.split() == ["p1"]
