"""Delivery dedupe, conversation context and feedback on a real database (SQLite, and PostgreSQL when up)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from rolecall.store import events as store
from rolecall.store.db import create_schema, make_engine, session_factory

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sessions(request: pytest.FixtureRequest, tmp_path) -> Iterator[sessionmaker[Session]]:  # type: ignore[no-untyped-def]
    # PostgreSQL: a fresh schema per test (the pg_url fixture), skipped saying why when there is none.
    url = (
        f"sqlite:///{tmp_path / 'events.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
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


def test_ids_longer_than_their_columns_are_stored_as_stable_digests(sessions: sessionmaker[Session]) -> None:
    """Slack's ids are short, but a request can carry any string: it must never become a database error."""
    event = "event:" + "E" * 256
    assert store.claim_delivery(sessions, [event, f"msg:{'C' * 300}:1.2"], NOW) is True
    assert store.claim_delivery(sessions, [event], NOW) is False  # the same long key, the same digest
    assert store.release_delivery(sessions, [event]) == 1
    assert store.claim_delivery(sessions, [event], NOW) is True
    channel = "C" * 300
    store.set_conversation_posting(sessions, channel, "1.2", "acme-data-engineer", NOW)
    assert store.get_conversation_posting(sessions, channel, "1.2") == "acme-data-engineer"
    assert store.get_conversation_posting(sessions, "C" * 299, "1.2") is None
    qid = store.record_question(
        sessions, text="pay?", status="answered", posting_ids=[], now=NOW, channel=channel, user_id="U\x00"
    )
    assert store.record_feedback(sessions, question_id=qid, user_id="U" * 100, helpful=True, now=NOW)


def test_concurrent_answers_in_one_conversation_both_record_their_subject(
    sessions: sessionmaker[Session],
) -> None:
    channel, barrier, errors = f"C{uuid.uuid4().hex[:8]}", threading.Barrier(6), []

    def answer(posting: str) -> None:
        barrier.wait()
        try:
            store.set_conversation_posting(sessions, channel, "user:U1", posting, NOW)
        except Exception as exc:  # pragma: no cover - the failure this test is about
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(f"p{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.get_conversation_posting(sessions, channel, "user:U1") in {f"p{i}" for i in range(6)}


@pytest.mark.parametrize("size", [32, 64, 200])
def test_an_id_is_fitted_to_its_column_stably_and_once(size: int) -> None:
    from rolecall.store.base import fit

    short, long_ = "C0123ABCD", "C" + "9" * 299
    assert fit(short, size) == short
    fitted = fit(long_, size)
    assert fitted.startswith("h:") and len(fitted) <= size
    assert fit(long_, size) == fitted and fit(fitted, size) == fitted  # stable, and a fitted id fits again
    assert fit("C1\x00", size) != "C1\x00" and fit("C1\x00", size) != fit("C1", size)
