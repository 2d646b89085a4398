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


def test_check_max_failed_allows_a_share_of_failures(tmp_path: Path, fixtures: Path) -> None:
    for n in range(3):
        (tmp_path / f"hn-{n}.html").write_bytes((fixtures / "hn.html").read_bytes())
    (tmp_path / "bad.json").write_text("{nope")  # 1 of 4 files fails: 25%
    within = runner.invoke(cli, ["check", str(tmp_path), "--max-failed", "0.3", "--quiet"])
    assert within.exit_code == 0
    assert "[hn]" not in within.output  # --quiet: failures and the summary only
    assert "bad.json" in within.output and "failed share 25.00%, within" in within.output
    above = runner.invoke(cli, ["check", str(tmp_path), "--max-failed", "0.2"])
    assert above.exit_code == 1
    assert "above the allowed 20.00%" in above.output
    assert runner.invoke(cli, ["check", str(tmp_path), "--max-failed", "1.5"]).exit_code == 2  # a usage error
