from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rolecall.config import Settings
from rolecall.services import Services
from tests.digest.helpers import Clock
from tests.fakes.postgres import PG_URL, fresh_schema, pg_problem  # noqa: F401  (others import them here)
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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every digest test runs on SQLite and on a real PostgreSQL (skipped, saying why, without one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rolecall.db'}"
        return
    with fresh_schema("digest_test") as url:  # a schema per test: concurrent runs never collide
        yield url


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
