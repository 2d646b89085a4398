from __future__ import annotations

import importlib.util
import sys
import types
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from rolecall.config import Settings
from rolecall.services import Services
from tests.digest.helpers import Clock
from tests.fakes.slack_api import FakeSlackAPI
from tests.feeds.server import FeedServer

# Services.set_postings builds the answer engine, which another branch provides. Until it is merged,
# stand in a minimal one so digest tests exercise sync/set_postings; the real engine replaces it.
if importlib.util.find_spec("rolecall.answer.engine") is None:  # pragma: no cover - pre-merge only
    _mod = types.ModuleType("rolecall.answer.engine")

    class Engine:
        def __init__(self, postings: list) -> None:
            self.postings = postings

    _mod.Engine = Engine  # type: ignore[attr-defined]
    sys.modules["rolecall.answer.engine"] = _mod


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 3, 8, 0, tzinfo=UTC))


PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def pg_problem() -> str | None:
    """Why PostgreSQL can't be used here, or None when it can."""
    try:
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        return f"{type(exc).__name__}: {first}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every digest test runs on SQLite and on a real PostgreSQL (skipped, saying why, without one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rolecall.db'}"
        return
    problem = pg_problem()
    if problem:
        pytest.skip(f"no PostgreSQL at {PG_URL} ({problem})")
    schema = f"digest_test_{uuid.uuid4().hex[:12]}"  # a schema per test: concurrent runs never collide
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
def settings(tmp_path: Path, slack_api: FakeSlackAPI, database_url: str) -> Settings:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    return Settings(  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_API_URL=slack_api.url,
        database_url=database_url,
        knowledge_dir=knowledge,
        _env_file=None,
    )


@pytest.fixture
def services(settings: Settings, clock: Clock) -> Iterator[Services]:
    svc = Services(settings, now=clock)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    try:
        yield server
    finally:
        server.stop()
