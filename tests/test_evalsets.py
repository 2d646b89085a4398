"""The hand-written question sets in evalsets/ (written from reading the postings, never from the engine's
output) must pass at or above the floors kept in .ci/: they measure how the engine generalises beyond the
dev questions it was tuned on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rolecall.answer import evaluate as ev
from rolecall.answer.engine import Engine
from rolecall.postings.catalog import load_dir

REPO = Path(__file__).resolve().parents[1]
# The day evalsets/knowledge.jsonl was written: pinned so its answers don't shift as the sample postings'
# closing dates pass (CI passes the same day to `rolecall eval --today`).
KNOWLEDGE_DAY = date(2026, 11, 23)


def _check(questions: Path, knowledge: Path, floor_file: Path, today: date | None = None) -> None:
    loaded = load_dir(knowledge)
    assert not [f for f in loaded.files if f.error], "the knowledge dir must load cleanly"
    results = list(ev.run(Engine(loaded.postings), ev.load_questions(questions), today=today))
    overall, _ = ev.summarise(results)
    floor = float(floor_file.read_text().strip())
    failures = [f"{r.question.id}: {'; '.join(r.why)}" for r in results if not r.passed]
    assert overall.rate >= floor, f"pass rate {overall.rate:.1%} < floor {floor:.1%}\n" + "\n".join(failures)


@pytest.mark.parametrize("name", ["knowledge", "fresh2-knowledge"])
def test_questions_about_the_shipped_knowledge_pass_the_floor(name: str) -> None:
    _check(
        REPO / "evalsets" / f"{name}.jsonl",
        REPO / "knowledge",
        REPO / ".ci" / f"eval-floor-{name}",
        KNOWLEDGE_DAY,
    )


@pytest.mark.shared
def test_held_out_questions_about_the_dev_postings_pass_the_floor(shared_data: Path) -> None:
    _check(
        REPO / "evalsets" / "dev-extra.jsonl",
        shared_data / "dev" / "knowledge",
        REPO / ".ci" / "eval-floor-extra",
    )


@pytest.mark.shared
@pytest.mark.parametrize("name", ["fresh", "fresh2"])
def test_fresh_questions_about_the_dev_postings_pass_the_floor(shared_data: Path, name: str) -> None:
    _check(
        REPO / "evalsets" / f"{name}.jsonl",
        shared_data / "dev" / "knowledge",
        REPO / ".ci" / f"eval-floor-{name}",
    )
