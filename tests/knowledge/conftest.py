"""Stored knowledge on SQLite and on a real PostgreSQL (a fresh schema per test; skipped, saying why,
when no server is reachable)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from rolecall.postings.catalog import FileReport, parse_file
from rolecall.postings.model import Posting
from rolecall.store.db import create_schema, make_engine, session_factory
from tests.digest.conftest import PG_URL, pg_problem


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rolecall.db'}"
        return
    problem = pg_problem()
    if problem:
        pytest.skip(f"no PostgreSQL at {PG_URL} ({problem})")
    schema = f"knowledge_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    db = make_engine(database_url)
    create_schema(db)
    try:
        yield session_factory(db)
    finally:
        db.dispose()


class CountingParser:
    """The real parser, counting which files it was asked to read."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(
        self, data: bytes, name: str, defaults: dict[str, Any] | None = None
    ) -> tuple[list[Posting], FileReport]:
        self.calls.append(Path(name).name)
        return parse_file(data, name, defaults)

    def take(self) -> list[str]:
        calls, self.calls = sorted(self.calls), []
        return calls


@pytest.fixture
def parser() -> CountingParser:
    return CountingParser()


def md(title: str, company: str = "Acme Widgets", body: str = "A fine job in Austin.") -> str:
    return f"---\ntitle: {title}\ncompany: {company}\nlocations: [Austin, TX]\n---\n{body}\n"
