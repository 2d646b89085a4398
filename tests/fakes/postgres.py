"""The local PostgreSQL for tests: a fresh schema per test (other engineers share the server), and a test
skipped, saying why, when there is no server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
_DRIVER_URL = PG_URL.replace("postgresql://", "postgresql+psycopg://")


def pg_problem() -> str | None:
    """Why PostgreSQL can't be used here, or None when it can."""
    try:
        engine = create_engine(_DRIVER_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        return f"{type(exc).__name__}: {first}"
    return None


@contextmanager
def fresh_schema(prefix: str) -> Iterator[str]:
    """A database URL whose search path is a new schema, dropped afterwards; skips the test without a
    server."""
    problem = pg_problem()
    if problem:
        pytest.skip(f"no PostgreSQL at {PG_URL} ({problem})")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_DRIVER_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
