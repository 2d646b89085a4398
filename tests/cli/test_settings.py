"""Issue 10 item 15: ``--knowledge DIR`` on every command the README names; ``run`` says exactly which
Slack settings are missing for which mode; ``serve`` reports every missing or invalid setting in one
message before it starts anything (no scheduler, no database file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.config import Settings, missing_for, problems

POSTING = """---
title: Orbital Mechanic
company: Lumen Yards
locations: ["Tucson, AZ"]
url: https://jobs.example.com/lumen/orbital-mechanic
pay: "$90,000 - $110,000 per year"
---
# About the role
You will service satellite arms in our Tucson, AZ yard, five days a week.

# Compensation
The salary range for this role is $90,000 - $110,000 per year.
"""

NO_SLACK = {
    "SLACK_BOT_TOKEN": None,
    "SLACK_APP_TOKEN": None,
    "SLACK_SIGNING_SECRET": None,
    "SLACK_CLIENT_ID": None,
    "SLACK_CLIENT_SECRET": None,
}


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A knowledge dir that is not the default one; the working dir has no knowledge/ and no .env."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    directory = tmp_path / "other-postings"
    directory.mkdir()
    (directory / "orbital-mechanic.md").write_text(POSTING)
    return directory


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str | None]:
    return {
        **NO_SLACK,
        "ROLECALL_KNOWLEDGE_DIR": None,
        "ROLECALL_SOURCES_FILE": None,
        "ROLECALL_DEFAULT_TZ": None,
        "ROLECALL_DATABASE_URL": f"sqlite:///{tmp_path / 'settings.db'}",
    }


def invoke(env: dict[str, str | None], *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), env=env, input=input)


# -- --knowledge everywhere -------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["chat", "run"])
def test_console_commands_take_knowledge(command: str, elsewhere: Path, env: dict[str, str | None]) -> None:
    result = invoke(env, command, "--knowledge", str(elsewhere), input="where is the orbital mechanic job?\n")
    assert result.exit_code == 0, result.output
    assert "Tucson" in result.stdout


def test_check_takes_knowledge(elsewhere: Path, env: dict[str, str | None]) -> None:
    result = invoke(env, "check", "--knowledge", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert "orbital-mechanic.md" in result.stdout and "1 posting from 1 file" in result.stdout


def test_check_refuses_two_different_dirs(
    elsewhere: Path, env: dict[str, str | None], tmp_path: Path
) -> None:
    result = invoke(env, "check", str(tmp_path), "--knowledge", str(elsewhere))
    assert result.exit_code == 2 and "give one" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "what does the orbital mechanic role pay?"],
        ["show", "orbital", "mechanic"],
        ["sync"],
    ],
    ids=lambda a: a[0],
)
def test_other_commands_take_knowledge(args: list[str], elsewhere: Path, env: dict[str, str | None]) -> None:
    result = invoke(env, *args, "--knowledge", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert ("Orbital Mechanic" in result.stdout) or ("1 posting live" in result.stdout)


def test_eval_takes_knowledge(elsewhere: Path, env: dict[str, str | None], tmp_path: Path) -> None:
    qa = tmp_path / "qa.jsonl"
    question = {
        "id": "t-1",
        "kind": "pay",
        "question": "what does the orbital mechanic role pay?",
        "posting": {"title": "Orbital Mechanic", "company": "Lumen Yards"},
        "status": "answered",
        "expect_all": ["90,000"],
        "expect_any": [],
        "expect_none": [],
    }
    qa.write_text(json.dumps(question) + "\n")
    result = invoke(env, "eval", str(qa), "--knowledge", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert "1/1" in result.stdout


def test_serve_takes_knowledge(elsewhere: Path, env: dict[str, str | None]) -> None:
    without = invoke(env, "serve")
    assert "ROLECALL_KNOWLEDGE_DIR" in without.stderr  # work/ has no knowledge/ of its own
    with_dir = invoke(env, "serve", "--knowledge", str(elsewhere))
    assert with_dir.exit_code == 2
    assert "ROLECALL_KNOWLEDGE_DIR" not in with_dir.stderr  # the flag's dir exists, so only Slack is missing


# -- run: which tokens each mode needs --------------------------------------------------------------------
def test_run_with_only_a_bot_token_names_what_each_mode_needs(
    elsewhere: Path, env: dict[str, str | None]
) -> None:
    env["SLACK_BOT_TOKEN"] = "xoxb-only-this"
    result = invoke(env, "run", "--knowledge", str(elsewhere), input="where is the orbital mechanic job?\n")
    assert result.exit_code == 2
    err = result.stderr
    assert "No Slack tokens configured" not in err and "local console" in err
    assert "Socket Mode also needs SLACK_APP_TOKEN" in err
    assert "HTTP mode also needs SLACK_SIGNING_SECRET" in err
    assert "unset SLACK_BOT_TOKEN" in err
    assert "Tucson" not in result.stdout  # no console was started behind the admin's back
    assert "xoxb-only-this" not in result.output


def test_run_with_only_oauth_half_names_the_other_half(elsewhere: Path, env: dict[str, str | None]) -> None:
    env["SLACK_CLIENT_ID"] = "123.456"
    env["SLACK_SIGNING_SECRET"] = "signing"
    result = invoke(env, "run", "--knowledge", str(elsewhere))
    assert result.exit_code == 2
    assert "SLACK_CLIENT_SECRET" in result.stderr and "SLACK_APP_TOKEN" in result.stderr


def test_missing_for_each_mode() -> None:
    s = Settings(SLACK_BOT_TOKEN="xoxb-1", _env_file=None)  # type: ignore[call-arg]
    assert [name for name, _ in missing_for(s, "socket")] == ["SLACK_APP_TOKEN"]
    assert [name for name, _ in missing_for(s, "http")] == ["SLACK_SIGNING_SECRET"]
    assert s.slack_mode() is None
    assert Settings(_env_file=None).slack_mode() == "console"


# -- serve: everything validated first --------------------------------------------------------------------
def test_serve_reports_every_problem_at_once_and_starts_nothing(
    env: dict[str, str | None], tmp_path: Path
) -> None:
    db = tmp_path / "never-created.db"
    sources = tmp_path / "sources.yml"
    sources.write_text("greenhouse: [unclosed\n")
    env.update(
        ROLECALL_DATABASE_URL=f"sqlite:///{db}",
        ROLECALL_DEFAULT_TZ="Mars/Olympus_Mons",
        ROLECALL_SOURCES_FILE=str(sources),
        ROLECALL_KNOWLEDGE_DIR=str(tmp_path / "missing"),
    )
    result = invoke(env, "serve", "--http")
    assert result.exit_code == 2
    err = result.stderr
    for setting in (
        "SLACK_SIGNING_SECRET",
        "SLACK_BOT_TOKEN",
        "ROLECALL_KNOWLEDGE_DIR",
        "ROLECALL_SOURCES_FILE",
        "ROLECALL_DEFAULT_TZ",
    ):
        assert f"  {setting}: " in err, setting
    assert "6 settings" not in err and "5 settings need attention" in err
    assert "Digest scheduler started" not in err and "Loaded" not in err
    assert not db.exists()  # nothing was written before validation


def test_serve_socket_mode_checks_token_kinds(elsewhere: Path, env: dict[str, str | None]) -> None:
    env.update(SLACK_BOT_TOKEN="xapp-swapped", SLACK_APP_TOKEN="xoxb-swapped")
    result = invoke(env, "serve", "--knowledge", str(elsewhere))
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN: not a bot token (that is an app-level token)" in result.stderr
    assert "SLACK_APP_TOKEN: not an app-level token (that is a bot token)" in result.stderr
    assert "swapped" not in result.output  # secrets are named, never shown


def test_serve_with_one_problem_is_one_line(elsewhere: Path, env: dict[str, str | None]) -> None:
    env.update(SLACK_BOT_TOKEN="xoxb-1")
    result = invoke(env, "serve", "--knowledge", str(elsewhere))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: cannot start Socket Mode: SLACK_APP_TOKEN: missing "
        "(an app-level token, xapp-…, with connections:write, from Basic Information)"
    ]


def socket_settings(knowledge: Path, tmp_path: Path, **extra: str) -> Settings:
    """Everything Socket Mode needs, ``extra`` on top."""
    return Settings(  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_APP_TOKEN="xapp-1",
        knowledge_dir=knowledge,
        database_url=f"sqlite:///{tmp_path / 'ok.db'}",
        _env_file=None,
        **extra,
    )


def test_problems_are_empty_for_a_complete_setup(elsewhere: Path, tmp_path: Path) -> None:
    s = socket_settings(elsewhere, tmp_path)
    assert problems(s, "socket") == []
    assert [p.split(":")[0] for p in problems(s, "http")] == ["SLACK_SIGNING_SECRET"]


def test_the_console_ignores_what_only_serving_uses(elsewhere: Path, env: dict[str, str | None]) -> None:
    env.update(ROLECALL_DEFAULT_TZ="Mars/Olympus_Mons", ROLECALL_SOURCES_FILE=str(elsewhere / "missing.yml"))
    result = invoke(env, "chat", "--knowledge", str(elsewhere), input="where is the orbital mechanic job?\n")
    assert result.exit_code == 0, result.output
    assert "Tucson" in result.stdout


def test_each_problem_stays_on_one_line(elsewhere: Path, env: dict[str, str | None], tmp_path: Path) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("greenhouse: [unclosed\nlever: {\n")
    env.update(SLACK_BOT_TOKEN="xoxb-1", ROLECALL_SOURCES_FILE=str(sources))
    result = invoke(env, "serve", "--knowledge", str(elsewhere))
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: cannot start Socket Mode: 2 settings need attention:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["SLACK_APP_TOKEN", "ROLECALL_SOURCES_FILE"]


# -- the server's sizes and limits --------------------------------------------------------------------------
BAD_NUMBERS = {
    "ROLECALL_HTTP_THREADS": "lots",
    "ROLECALL_HTTP_BACKLOG": "0",
    "ROLECALL_HTTP_CONNECTION_LIMIT": "-5",
    "ROLECALL_HTTP_MAX_BODY": "10",
    "ROLECALL_ANSWER_WORKERS": "2.5",
    "ROLECALL_MAX_QUESTION": "1e3",
}


def test_serve_names_each_bad_server_setting_on_one_line(elsewhere: Path, env: dict[str, str | None]) -> None:
    env.update(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="signing", **BAD_NUMBERS)
    result = invoke(env, "serve", "--http", "--knowledge", str(elsewhere))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: cannot start HTTP mode: 6 settings need attention:"
    for name, value in BAD_NUMBERS.items():
        [line] = [ln for ln in lines if ln.startswith(f"  {name}: ")]
        assert f"'{value}' is not a whole number of" in line and " from " in line, line
    assert "Loaded" not in result.stderr and "Traceback" not in result.output


def test_numbers_are_checked_only_where_they_are_used(elsewhere: Path, tmp_path: Path) -> None:
    s = socket_settings(elsewhere, tmp_path, **BAD_NUMBERS)
    named = lambda mode: {p.split(":")[0] for p in problems(s, mode)}  # noqa: E731
    assert named("socket") == {"ROLECALL_ANSWER_WORKERS", "ROLECALL_MAX_QUESTION"}  # no HTTP server there
    assert named("console") == {"ROLECALL_MAX_QUESTION"}
    assert set(BAD_NUMBERS) <= named("http")
    good = Settings(ROLECALL_HTTP_MAX_BODY=" 2_000_000 ", _env_file=None)  # type: ignore[call-arg]
    assert good.number("http_max_body") == 2_000_000 and good.number("http_threads") == 8


def test_the_console_ignores_the_http_settings_but_not_the_question_cap(
    elsewhere: Path, env: dict[str, str | None]
) -> None:
    env.update(ROLECALL_HTTP_THREADS="lots", ROLECALL_ANSWER_WORKERS="none")
    ok = invoke(env, "chat", "--knowledge", str(elsewhere), input="where is the orbital mechanic job?\n")
    assert ok.exit_code == 0 and "Tucson" in ok.stdout
    env.update(ROLECALL_MAX_QUESTION="short")
    refused = invoke(env, "chat", "--knowledge", str(elsewhere), input="where is it?\n")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "error: cannot start the local console: ROLECALL_MAX_QUESTION: 'short' is not a whole number of "
        "characters from 50 to 20,000"
    )


def test_a_bad_retention_is_one_line_from_the_command_that_uses_it(
    env: dict[str, str | None],
) -> None:
    env["ROLECALL_QUESTION_RETENTION_DAYS"] = "0"
    result = invoke(env, "insights", "purge")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        "error: ROLECALL_QUESTION_RETENTION_DAYS: '0' is not a whole number of days from 1 to 36,500"
    )
    assert invoke(env, "digest", "list").exit_code == 0  # commands that do not use it are not stopped
