from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feeds.server import FeedServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    try:
        yield server
    finally:
        server.stop()
