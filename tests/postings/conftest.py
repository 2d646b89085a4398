from __future__ import annotations

from pathlib import Path

import pytest

from rolecall.postings.model import Posting
from rolecall.postings.sources import parse_payload

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> list[Posting]:
    path = FIXTURES / name
    return parse_payload(path.read_bytes(), origin=str(path))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
