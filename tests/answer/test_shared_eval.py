"""The shared question sets against their real postings: each pass rate must stay at or above its floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolecall.answer import evaluate as ev
from rolecall.answer.engine import Engine

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.shared


@pytest.mark.parametrize(("name", "floor_file"), [("dev", "eval-floor"), ("dev2", "eval-floor-dev2")])
def test_shared_set_passes_the_floor(shared_data: Path, name: str, floor_file: str) -> None:
    catalog = pytest.importorskip("rolecall.postings.catalog", reason="needs the postings loaders")
    if not (shared_data / name / "qa.jsonl").exists():
        pytest.skip(f"../shared/data/{name} is not present")
    loaded = catalog.load_dir(shared_data / name / "knowledge")
    engine = Engine(loaded.postings)
    results = list(ev.run(engine, ev.load_questions(shared_data / name / "qa.jsonl")))
    overall, _ = ev.summarise(results)
    floor = float((REPO / ".ci" / floor_file).read_text().strip())
    failures = [f"{r.question.id}: {'; '.join(r.why)}" for r in results if not r.passed]
    assert overall.rate >= floor, f"pass rate {overall.rate:.1%} < floor {floor:.1%}\n" + "\n".join(failures)
