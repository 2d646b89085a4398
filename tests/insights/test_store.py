"""The store: a database made before subscription kinds gets the new column on start, its digests intact;
facets go with their question."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from rolecall.config import Settings
from rolecall.services import Services
from rolecall.store import digests as store
from rolecall.store import events
from rolecall.store import insights as facets

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def test_an_older_database_gains_the_kind_column_and_keeps_its_digests(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    with old.begin() as conn:  # the table as it was before kinds
        conn.exec_driver_sql(
            "CREATE TABLE digest_subscriptions (id INTEGER PRIMARY KEY, team_id VARCHAR(32), "
            "channel_id VARCHAR(32), user_id VARCHAR(32), cadence VARCHAR(64), timezone VARCHAR(64), "
            "filters TEXT, filter_text TEXT, status VARCHAR(16), paused_reason VARCHAR(64), "
            "created_at DATETIME, cutoff DATETIME)"
        )
        conn.execute(
            text(
                "INSERT INTO digest_subscriptions VALUES (1, 'T1', 'C1', 'U1', 'daily 09:00', 'UTC', "
                "'{}', '', 'active', NULL, '2026-11-01 00:00:00', '2026-11-01 00:00:00')"
            )
        )
    old.dispose()
    services = Services(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    try:
        assert "kind" in {c["name"] for c in inspect(services.db).get_columns("digest_subscriptions")}
        with services.sessions() as s:
            (sub,) = store.list_subscriptions(s)
            assert (sub.id, sub.kind) == (1, "roles")
    finally:
        services.close()
    again = Services(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    again.close()  # a second start finds nothing to add


def test_facets_go_with_their_question(tmp_path: Path) -> None:
    services = Services(Settings(database_url=f"sqlite:///{tmp_path / 'f.db'}", _env_file=None))  # type: ignore[call-arg]
    try:
        qid = events.record_question(
            services.sessions, text="pay?", status="not_stated", posting_ids=["p"], now=T0
        )
        facets.record_facets(
            services.sessions,
            question_id=qid,
            team_id="T1",
            posting_id="p",
            title="Dev",
            company="Acme",
            facets=[facets.FacetAsked("pay", "not_stated")],
            now=T0,
        )
        assert len(facets.facet_records(services.sessions, team_id="T1", company="acme")) == 1
        assert facets.facet_records(services.sessions, team_id="T2") == []
        report = facets.purge_questions_before(services.sessions, datetime(2026, 12, 1, tzinfo=UTC))
        assert (report.questions, report.facets) == (1, 1)
        assert facets.facet_records(services.sessions) == []
    finally:
        services.close()
