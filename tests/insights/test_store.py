"""The store: a database made before subscription kinds gets the new column on start, its digests intact;
facets go with their question."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, inspect
from sqlalchemy.orm import Session

from rolecall.config import Settings
from rolecall.services import Services
from rolecall.store import digests as store
from rolecall.store import events
from rolecall.store import insights as facets
from tests.digest.conftest import database_url  # noqa: F401  (SQLite, and PostgreSQL with a schema per test)

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def test_an_older_database_gains_the_kind_column_and_keeps_its_digests(database_url: str) -> None:  # noqa: F811
    from rolecall.store.db import make_engine

    old = make_engine(database_url)
    before = MetaData()
    table = Table(  # digest_subscriptions as it was before kinds
        "digest_subscriptions",
        before,
        Column("id", Integer, primary_key=True),
        *(Column(name, String(64)) for name in ("team_id", "channel_id", "user_id", "cadence", "timezone")),
        Column("filters", Text),
        Column("filter_text", Text),
        Column("status", String(16)),
        Column("paused_reason", String(64), nullable=True),
        Column("created_at", DateTime),
        Column("cutoff", DateTime),
    )
    before.create_all(old)
    naive = T0.replace(tzinfo=None)
    with old.begin() as conn:
        conn.execute(
            table.insert().values(
                id=1, team_id="T1", channel_id="C1", user_id="U1", cadence="daily 09:00", timezone="UTC",
                filters="{}", filter_text="", status="active", created_at=naive, cutoff=naive,
            )
        )  # fmt: skip
    old.dispose()
    services = Services(Settings(database_url=database_url, _env_file=None))  # type: ignore[call-arg]
    try:
        assert "kind" in {c["name"] for c in inspect(services.db).get_columns("digest_subscriptions")}
        with services.sessions() as s:
            (sub,) = store.list_subscriptions(s)
            assert (sub.id, sub.kind) == (1, "roles")
    finally:
        services.close()
    again = Services(Settings(database_url=database_url, _env_file=None))  # type: ignore[call-arg]
    again.close()  # a second start finds nothing to add


def test_facets_go_with_their_question(tmp_path: Path) -> None:
    services = Services(Settings(database_url=f"sqlite:///{tmp_path / 'f.db'}", _env_file=None))  # type: ignore[call-arg]
    try:

        def rows(session: Session, question_id: int) -> None:
            facets.add_facets(
                session,
                question_id,
                team_id="T1",
                posting_id="p",
                title="Dev",
                company="Acme",
                facets=[facets.FacetAsked("pay", "not_stated")],
                now=T0,
            )

        events.record_question(
            services.sessions, text="pay?", status="not_stated", posting_ids=["p"], now=T0, extras=rows
        )
        assert len(facets.facet_records(services.sessions, team_id="T1", company="acme")) == 1
        assert facets.facet_records(services.sessions, team_id="T2") == []
        report = facets.purge_questions_before(services.sessions, datetime(2026, 12, 1, tzinfo=UTC))
        assert (report.questions, report.facets) == (1, 1)
        assert facets.facet_records(services.sessions) == []
    finally:
        services.close()


def test_extras_that_fail_never_cost_the_question(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    services = Services(Settings(database_url=f"sqlite:///{tmp_path / 'f.db'}", _env_file=None))  # type: ignore[call-arg]

    def broken(session: Session, question_id: int) -> None:
        raise ValueError("facet table unavailable")

    try:
        qid = events.record_question(
            services.sessions, text="pay?", status="answered", posting_ids=["p"], now=T0, extras=broken
        )
        stored = events.get_question(services.sessions, qid)
        assert stored is not None and stored.text == "pay?"
        assert facets.facet_records(services.sessions) == []
        assert "without them" in caplog.text
    finally:
        services.close()
