"""The benchmark runs end to end at a tiny size and prints its table (no timings are asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.corpus import generate, questions
from benchmarks.run import main, overlap


def test_corpus_is_seeded_and_varied() -> None:
    a, b = generate(60, seed=3), generate(60, seed=3)
    assert [p.model_dump() for p in a] == [p.model_dump() for p in b]
    assert [p.title for p in generate(60, seed=4)] != [p.title for p in a]
    assert len({p.company for p in a}) > 1 and len({p.workplace for p in a}) > 1
    assert all(p.sections and p.locations and p.pay for p in a)
    qs = questions(a, 40)
    assert len(qs) == 40 and len(set(qs)) > 30


def test_overlap_counts_shared_results() -> None:
    assert overlap([[1, 2], [3]], [[2, 1], [4]]) == pytest.approx(0.5)
    assert overlap([[]], [[]]) == 1.0


def test_benchmark_prints_a_table_at_a_tiny_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_json = tmp_path / "bench.json"
    assert main(["--sizes", "200", "--questions", "12", "--json", str(out_json)]) == 0
    printed = capsys.readouterr().out
    assert "| postings | measure | ours | baseline (rank-bm25) | baseline / ours |" in printed
    assert "| 200 | tokenize corpus" in printed
    assert "retrieval p50 / p99, same 12 queries" in printed
    assert "Targets at 200 postings" in printed
    (result,) = json.loads(out_json.read_text())
    assert "error" not in result["ours"] and "error" not in result["baseline"]
    assert result["ours"]["latency"]["n"] == 12
    # Same formula, same tokens: the top 10s agree.
    assert result["overlap_same_scoring"] == pytest.approx(1.0)
    assert result["ours_start"]["n"] == 200 == result["baseline_start"]["n"]
