"""SQLite connections are set up for a server's write rate: WAL, ``synchronous=NORMAL`` (a commit no longer
waits for an fsync; a power loss may lose the last commits, never corrupt the file) and a busy timeout, on
every connection of the pool, not only the first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from rolecall.store.db import open_database

NORMAL = 1  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL (SQLite's default), 3 EXTRA


def test_every_sqlite_connection_is_wal_normal_sync_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'rolecall.db'}")
    try:
        # Two connections at once: both come from the pool's connect hook, not a one-off setup.
        with engine.connect() as first, engine.connect() as second:
            for conn in (first, second):
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA synchronous")).scalar() == NORMAL
                assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()
