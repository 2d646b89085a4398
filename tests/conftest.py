from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlackAPI

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    """A running local stand-in for Slack's Web API; use ``slack_api.url`` as SLACK_API_URL."""
    server = FakeSlackAPI().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip, saying why, when it is absent."""
    if not (SHARED_DATA / "dev" / "knowledge").is_dir():
        pytest.skip(f"needs the evaluation data at {SHARED_DATA} (not present on this machine)")
    return SHARED_DATA
