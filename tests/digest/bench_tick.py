"""Ad hoc cost of recording a sync and of ticks (200 subscriptions, 2100 postings), SQLite and PostgreSQL.

Run from the repo root: ``.venv/bin/python -m tests.digest.bench_tick`` (not collected by pytest).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import create_engine, text

import tests.digest.conftest  # noqa: F401  (answer-engine stand-in when that branch is absent)
from rolecall.config import Settings
from rolecall.digest.commands import handle
from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting
from tests.fakes.slack_api import FakeSlackAPI

PG = "postgresql://postgres@127.0.0.1:5432/test"


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def bench(url: str, api: FakeSlackAPI) -> str:
    clock = Clock(datetime(2025, 3, 3, 8, 0, tzinfo=UTC))
    settings = Settings(SLACK_BOT_TOKEN="x", SLACK_API_URL=api.url, database_url=url, _env_file=None)  # type: ignore[call-arg]
    svc = Services(settings, now=clock)
    old = [posting(f"old{i}", f"Role {i}", where="Austin, TX") for i in range(2000)]
    with svc.sessions() as s:
        store.record_seen(s, old, clock.at)
        s.commit()
    for i in range(200):
        spec = "subscribe TX daily 09:00" if i % 2 else "subscribe daily 09:00"
        handle(svc, team_id="T", channel_id=f"C{i}", user_id="U", user_tz="UTC", text=spec)
    clock.set("2025-03-03T08:30:00+00:00")
    new = old + [posting(f"new{i}", f"New {i}", where="Austin, TX") for i in range(100)]

    def record() -> None:
        with svc.sessions() as s:
            store.record_seen(s, new, clock.at)
            s.commit()

    opts = DeliveryOptions(pace_seconds=0)
    _, t_sync = timed(record)
    _, t_idle = timed(lambda: run_due(svc, clock.set("2025-03-03T08:59:00+00:00"), options=opts))
    rep, t_due = timed(lambda: run_due(svc, clock.set("2025-03-03T09:00:00+00:00"), options=opts))
    _, t_after = timed(lambda: run_due(svc, clock.set("2025-03-03T09:01:00+00:00"), options=opts))
    svc.close()
    return (
        f"{url.split(':')[0]}: record_seen 2100 (100 new) {t_sync * 1000:.0f} ms; "
        f"tick, none due {t_idle * 1000:.0f} ms; tick, 200 due: {rep.posted} posted in {t_due:.2f} s; "
        f"tick, all done {t_after * 1000:.0f} ms"
    )


def main() -> None:
    api = FakeSlackAPI().start()
    try:
        print(bench(f"sqlite:///{tempfile.mkdtemp()}/bench.db", api))
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG.replace("postgresql://", "postgresql+psycopg://"))
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            print(bench(f"{PG}?options=-csearch_path%3D{schema}", api))
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        api.stop()


if __name__ == "__main__":
    main()
