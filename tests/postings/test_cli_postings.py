from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rolecall.cli import cli

runner = CliRunner()


def test_check_reports_each_file_and_fails_on_a_bad_one(tmp_path: Path, fixtures: Path) -> None:
    (tmp_path / "hn.html").write_bytes((fixtures / "hn.html").read_bytes())
    (tmp_path / "bad.json").write_text("{nope")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "[hn]  1 posting" in result.output
    assert "bad.json" in result.output and "invalid JSON" in result.output


def test_check_json_shape(tmp_path: Path, fixtures: Path) -> None:
    (tmp_path / "lever.json").write_bytes((fixtures / "lever.json").read_bytes())
    result = runner.invoke(cli, ["check", str(tmp_path), "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["files"] == [
        {
            "path": str(tmp_path / "lever.json"),
            "format": "lever",
            "postings": 2,
            "error": None,
            "warnings": [],
        }
    ]
    first = payload["postings"][0]
    for key in ("id", "title", "company", "locations", "workplace", "employment_type", "job_id", "url"):
        assert key in first
    assert first["eligibility"]["sponsorship"] in ("offered", "not_offered", "not_stated")


def test_show_text_json_and_unknown(fixtures: Path) -> None:
    result = runner.invoke(
        cli, ["show", "greenhouse-111", "--knowledge", str(fixtures / "greenhouse-content.json")]
    )
    assert result.exit_code == 0 and "Account Executive — Acme Widgets" in result.output
    result = runner.invoke(cli, ["show", "lever-abc-2", "--knowledge", str(fixtures), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "Engineer"
    result = runner.invoke(cli, ["show", "abc", "--knowledge", str(fixtures)])
    assert result.exit_code == 1 and "lever-abc-1" in result.output
