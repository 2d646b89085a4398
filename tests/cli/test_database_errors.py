"""Issue 10 item 14: every bad database URL gives one line naming ROLECALL_DATABASE_URL and the reason,
exit code 2, from every command that touches the database, never a SQLAlchemy traceback."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.errors import DatabaseError
from rolecall.store.db import check_database, open_database
from tests.fakes.postgres import PG_URL, fresh_schema, pg_problem

POSTING = "---\ntitle: Data Engineer\ncompany: Acme\n---\nBuild pipelines in Python.\n"

# Every command that opens the database. Socket Mode tokens make run/serve get as far as the database.
COMMANDS: list[list[str]] = [
    ["digest", "list"],
    ["digest", "subscribe", "--channel", "C1", "--team", "T1"],
    ["digest", "preview", "--channel", "C1"],
    ["digest", "run-due"],
    ["digest", "feeds"],
    ["digest", "unsubscribe", "1"],
    ["digest", "resume", "1"],
    ["digest", "scheduler"],
    ["sync"],
    ["chat"],
    ["run"],
    ["serve"],
]


def _file_in_a_file(tmp: Path) -> str:
    blocker = tmp / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    return f"sqlite:///{blocker / 'rolecall.db'}"


def _not_a_database(tmp: Path) -> str:
    junk = tmp / "junk.db"
    junk.write_bytes(b"this is not an SQLite file, just text " * 200)
    return f"sqlite:///{junk}"


# (URL maker, words the reason must contain)
BAD_URLS: dict[str, tuple[Callable[[Path], str], str]] = {
    "unknown dialect": (lambda tmp: "foo://user@host/db", "unknown database kind 'foo'"),
    "unparsable": (lambda tmp: "not a url at all", "not a database URL"),
    "empty": (lambda tmp: "", "empty"),
    "missing folder": (lambda tmp: f"sqlite:///{tmp / 'no' / 'such' / 'x.db'}", "does not exist"),
    "folder is a file": (_file_in_a_file, "is not a folder"),
    "not a database": (_not_a_database, "cannot create Rolecall's tables"),
    "refused postgresql": (lambda tmp: "postgresql://postgres@127.0.0.1:1/test", "Connection refused"),
    "driver not installed": (lambda tmp: "mysql://user@localhost/db", "driver"),
}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "role.md").write_text(POSTING)
    return {
        "ROLECALL_KNOWLEDGE_DIR": str(knowledge),
        "ROLECALL_SOURCES_FILE": None,
        "SLACK_BOT_TOKEN": "xoxb-db-test",
        "SLACK_APP_TOKEN": "xapp-db-test",
        "SLACK_SIGNING_SECRET": None,
        "SLACK_CLIENT_ID": None,
        "SLACK_CLIENT_SECRET": None,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",  # never reached: the database check comes first
    }


def _assert_one_clear_line(result, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.output, result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "ROLECALL_DATABASE_URL" in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output and "sqlalchemy" not in result.output.lower()
    assert "Background on this error" not in result.output


@pytest.mark.parametrize("case", list(BAD_URLS))
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_bad_database_url_is_one_line_and_exit_2(
    case: str, command: list[str], env: dict[str, str | None], tmp_path: Path
) -> None:
    make_url, reason = BAD_URLS[case]
    env["ROLECALL_DATABASE_URL"] = make_url(tmp_path)
    result = CliRunner().invoke(cli, command, env=env, input="is it remote?\n")
    _assert_one_clear_line(result, reason)


def test_the_database_option_is_checked_the_same_way(env: dict[str, str | None], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["digest", "list", "--database-url", "foo://x"], env=env)
    _assert_one_clear_line(result, "unknown database kind")


def test_a_password_in_the_url_is_never_shown(env: dict[str, str | None]) -> None:
    env["ROLECALL_DATABASE_URL"] = "postgresql://rolecall:s3cret-pw@127.0.0.1:1/rolecall"
    result = CliRunner().invoke(cli, ["digest", "list"], env=env)
    _assert_one_clear_line(result, "Connection refused")
    assert "s3cret-pw" not in result.output


def test_the_checks_write_nothing(tmp_path: Path) -> None:
    target = tmp_path / "fresh.db"
    check_database(f"sqlite:///{target}")
    assert not target.exists()  # SQLite is checked on disk, not by creating the file
    engine = open_database(f"sqlite:///{target}")
    engine.dispose()
    assert target.exists()


def test_a_database_failure_after_start_up_is_one_line_too(
    env: dict[str, str | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env["ROLECALL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'ok.db'}"

    def gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT ...", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr("rolecall.store.digests.list_subscriptions", gone)
    result = CliRunner().invoke(cli, ["digest", "list"], env=env)
    _assert_one_clear_line(result, "server closed the connection unexpectedly")


# -- real PostgreSQL --------------------------------------------------------------------------------------
@pytest.fixture
def pg_schema() -> Iterator[str]:
    with fresh_schema("cli_test") as url:
        yield url


@pytest.mark.postgres
def test_postgresql_missing_database_is_named(env: dict[str, str | None]) -> None:
    if pg_problem():
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    env["ROLECALL_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/no_such_db_{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(cli, ["sync"], env=env)
    _assert_one_clear_line(result, "does not exist")


@pytest.mark.postgres
def test_postgresql_that_works_is_used(env: dict[str, str | None], pg_schema: str) -> None:
    env["ROLECALL_DATABASE_URL"] = pg_schema
    result = CliRunner().invoke(cli, ["sync"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 posting live" in result.stdout


def test_database_error_is_a_config_error() -> None:
    with pytest.raises(DatabaseError, match="ROLECALL_DATABASE_URL: unknown database kind"):
        open_database("foo://x")
