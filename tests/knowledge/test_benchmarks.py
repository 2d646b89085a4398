"""The scale and parse-cost benchmarks run end to end at a tiny size (no timings are asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import parse_cost, scale
from benchmarks.corpus import generate, write_markdown
from rolecall.postings.catalog import load_dir


def test_synthetic_markdown_reads_back_as_the_postings_it_was_written_from(tmp_path: Path) -> None:
    postings = generate(20, seed=5)
    write_markdown(postings, tmp_path / "json", per_dir=8)
    write_markdown(postings, tmp_path / "yaml", front_matter="yaml")
    for folder in ("json", "yaml"):
        loaded = {p.id: p for p in load_dir(tmp_path / folder).postings}
        assert set(loaded) == {p.id for p in postings}
        for p in postings:
            got = loaded[p.id]
            assert (got.title, got.company, got.workplace) == (p.title, p.company, p.workplace)
            assert [loc.text for loc in got.locations] == [loc.text for loc in p.locations]
    assert len(list((tmp_path / "json").iterdir())) == 3  # 8 files a folder


def test_scale_benchmark_prints_its_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scale, "CACHE", tmp_path / "cache")
    out = tmp_path / "scale.json"
    assert scale.main(["--sizes", "40", "--baseline", "none", "--questions", "5", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "cold `rolecall ask`, stored postings" in printed and "failed" not in printed
    (result,) = json.loads(out.read_text())
    assert result["stored"]["answered"] and result["process"]["postings"] == 40
    assert result["process"]["sync_unchanged"]["parsed"] == 0
    assert result["process"]["sync_one_added"]["parsed"] == 1


def test_parse_cost_prints_per_format_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_markdown(generate(6, seed=2), tmp_path / "md")
    (tmp_path / "md" / "broken.json").write_text("{ nope")
    assert parse_cost.main([str(tmp_path / "md")]) == 0
    printed = capsys.readouterr().out
    assert "| markdown | 6 |" in printed and "| error | 1 |" in printed
