"""``rolecall ask`` / ``eval`` through the real CLI, with the loaders stubbed at the module boundary only
when they are not on this branch yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolecall.answer.engine import Engine
from rolecall.cli import answer as cli_answer
from rolecall.cli import cli

from .conftest import board


@pytest.fixture
def stub_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_answer, "load_engine", lambda knowledge: Engine(board()))


def test_ask_json_is_the_answer_model(stub_loader: None) -> None:
    out = CliRunner().invoke(
        cli, ["ask", "job id for the lumenworks backend engineer?", "--json", "--today", "2025-03-01"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["status"] == "answered"
    assert data["postings"][0]["id"] == "lumen-be" and "R-4417" in data["text"]
    assert {"status", "text", "postings", "citations"} <= data.keys()


def test_eval_json_lines_summary_and_floor(stub_loader: None, tmp_path: Path) -> None:
    qa = tmp_path / "qa.jsonl"
    first = {
        "id": "a",
        "kind": "details",
        "question": "job id for the lumenworks backend engineer?",
        "status": "answered",
        "posting": {"title": "Backend", "company": "Lumenworks"},
        "expect_all": ["R-4417"],
    }
    rows = [first, {"id": "b", "kind": "unknown", "question": "haskell jobs?", "status": "answered"}]
    qa.write_text("\n".join(json.dumps(r) for r in rows))
    out = CliRunner().invoke(cli, ["eval", str(qa), "--json", "--floor", "0.9", "--today", "2025-03-01"])
    lines = [json.loads(x) for x in out.output.strip().splitlines() if x.startswith("{")]
    assert [x["pass"] for x in lines[:2]] == [True, False]
    assert "status" in lines[1]["why"]
    assert lines[2]["summary"]["rate"] == 0.5
    assert out.exit_code == 1
    assert "below the floor" in out.output


def test_eval_reports_a_missing_question_file(stub_loader: None, tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["eval", str(tmp_path / "nope.jsonl")])
    assert out.exit_code == 2 and "nope.jsonl" in out.output
