"""The local console: same handlers and answers as Slack, on stdin/stdout (``rolecall chat``)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.config import Settings
from rolecall.knowledge import load_knowledge
from rolecall.services import Services
from rolecall.slack.console import run_console

REPO = Path(__file__).resolve().parents[2]

POSTING = """---
title: Data Engineer
company: Acme Analytics
locations: ["Phoenix, AZ"]
url: https://jobs.example.com/acme/data-engineer
date_posted: 2026-11-01
pay: "$120,000 - $150,000 per year"
---
# About the role
You will build data pipelines in Python and SQL.

# Location
This role is based in our Phoenix, AZ office, three days a week.

# Compensation
The salary range for this role is $120,000 - $150,000 per year.
"""


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    (directory / "acme-data-engineer.md").write_text(POSTING)
    (directory / "broken.yaml").write_text("title: [unclosed\n")
    return directory


@pytest.fixture
def env(tmp_path: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    monkeypatch.chdir(tmp_path)  # no stray .env from the checkout
    return {
        "ROLECALL_KNOWLEDGE_DIR": str(knowledge),
        "ROLECALL_DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}",
        "SLACK_BOT_TOKEN": None,
        "SLACK_APP_TOKEN": None,
        "SLACK_SIGNING_SECRET": None,
        "SLACK_CLIENT_ID": None,
        "SLACK_CLIENT_SECRET": None,
    }


def test_console_answers_and_follows_up(tmp_path: Path, knowledge: Path) -> None:
    settings = Settings(
        knowledge_dir=knowledge, database_url=f"sqlite:///{tmp_path / 'c.db'}", _env_file=None
    )
    services = Services(settings)
    report = load_knowledge(services)
    assert report.postings == 1
    assert [path for path, _ in report.errors] == [str(knowledge / "broken.yaml")]  # reported, not fatal
    out = io.StringIO()
    answered = run_console(
        services, ["Where is the Acme data engineer role based?", "", "and what does it pay?"], out
    )
    assert answered == 2
    first, second = out.getvalue().split("\n\n")[:2]
    assert "Phoenix" in first
    assert "120,000" in second  # the follow-up is about the same posting
    assert "&lt;" not in out.getvalue() and "&amp;" not in out.getvalue()  # console shows plain text


def test_console_runs_slash_subcommands(tmp_path: Path, knowledge: Path) -> None:
    settings = Settings(
        knowledge_dir=knowledge, database_url=f"sqlite:///{tmp_path / 'c.db'}", _env_file=None
    )
    services = Services(settings)
    load_knowledge(services)
    out = io.StringIO()
    run_console(services, ["/roles list", "/roles help", "/roles subscribe daily"], out)
    assert "Data Engineer" in out.getvalue() and "/roles show" in out.getvalue()
    assert "rolecall digest subscribe --channel" in out.getvalue()  # no channel to subscribe here


def test_rolecall_chat_reads_questions_on_stdin(env: dict[str, str | None], knowledge: Path) -> None:
    result = CliRunner().invoke(
        cli, ["chat"], input="how much does the Acme data engineer role pay?\n", env=env
    )
    assert result.exit_code == 0, result.output
    assert "120,000" in result.stdout
    assert "broken.yaml" in result.stderr  # the bad file is reported


def test_rolecall_run_without_tokens_is_the_console(env: dict[str, str | None]) -> None:
    result = CliRunner().invoke(cli, ["run"], input="where is the Acme data engineer job?\n", env=env)
    assert result.exit_code == 0, result.output
    assert "local console" in result.stderr
    assert "Phoenix" in result.stdout


def test_piped_into_the_installed_command(env: dict[str, str | None], tmp_path: Path) -> None:
    exe = shutil.which("rolecall", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the rolecall console script is not installed in this environment")
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    child_env.update({k: v for k, v in env.items() if v is not None})
    proc = subprocess.run(
        [exe, "chat"],
        input="Where is the Acme data engineer role based?\n",
        capture_output=True,
        text=True,
        env=child_env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Phoenix" in proc.stdout


def test_chat_on_the_shipped_knowledge_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = REPO / "knowledge"
    if not shipped.is_dir():
        pytest.skip(f"no sample postings at {shipped} yet")
    settings = Settings(knowledge_dir=shipped, database_url=f"sqlite:///{tmp_path / 'k.db'}", _env_file=None)
    services = Services(settings)
    assert load_knowledge(services).postings > 0
    title = services.postings[0].title
    out = io.StringIO()
    run_console(services, [f"where is the {title} role?"], out)
    assert out.getvalue().strip()
