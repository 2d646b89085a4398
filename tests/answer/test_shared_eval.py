"""The dev question set against the real postings: the pass rate must stay at or above the floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolecall.answer import evaluate as ev
from rolecall.answer.engine import Engine

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.shared


def test_dev_set_passes_the_floor(shared_data: Path) -> None:
    catalog = pytest.importorskip("rolecall.postings.catalog", reason="needs the postings loaders")
    loaded = catalog.load_dir(shared_data / "dev" / "knowledge")
    engine = Engine(loaded.postings)
    results = list(ev.run(engine, ev.load_questions(shared_data / "dev" / "qa.jsonl")))
    overall, _ = ev.summarise(results)
    floor = float((REPO / ".ci" / "eval-floor").read_text().strip())
    failures = [f"{r.question.id}: {'; '.join(r.why)}" for r in results if not r.passed]
    assert overall.rate >= floor, f"pass rate {overall.rate:.1%} < floor {floor:.1%}\n" + "\n".join(failures)
