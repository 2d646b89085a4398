"""The local console: same handlers and answers as Slack, on stdin/stdout (``rolecall chat``)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.config import Settings
from rolecall.knowledge import load_knowledge
from rolecall.services import Services
from rolecall.slack import blocks
from rolecall.slack.console import history_path, prompt_lines, run_console
from rolecall.slack.terminal import render
from rolecall.store import digests

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


def test_console_routes_alerts_and_insights_as_slack_does(tmp_path: Path, knowledge: Path) -> None:
    """Alerts and gaps reports need Slack (a DM, a channel): one line each saying so, never answered as
    questions; insights work, over the questions asked here."""
    settings = Settings(
        knowledge_dir=knowledge, database_url=f"sqlite:///{tmp_path / 'c.db'}", _env_file=None
    )
    services = Services(settings)
    load_knowledge(services)
    lines = [
        "what does the acme data engineer role pay?",  # a question, so insights have one to count
        "/roles alert remote data intern",
        "/roles alerts",
        "tell me when a remote data internship opens",
        "/roles subscribe insights Acme",
        "/roles insights",
    ]
    replies: list[str] = []
    for line in lines:
        out = io.StringIO()
        run_console(services, [line], out)
        replies.append(out.getvalue().strip())
    question, alert, alerts, by_words, report_sub, insights = replies
    assert "120,000" in question
    for reply in (alert, alerts, by_words):
        assert (
            reply.startswith("Alerts come by Slack DM, so they need Slack") and len(reply.splitlines()) == 1
        )
    assert "need Slack" in report_sub and "rolecall insights subscribe --channel" in report_sub
    assert "Insights: all postings" in insights and "Pay" in insights and "1 question" in insights
    with services.sessions() as s:
        assert digests.list_subscriptions(s, kinds=None) == []  # nothing pretended to be saved
    services.close()


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


# -- issue 10 item 17: a console that reads like a terminal program ----------------------------------------
URL = "https://jobs.example.com/acme/data-engineer"


def _services(tmp_path: Path, knowledge: Path) -> Services:
    settings = Settings(
        knowledge_dir=knowledge, database_url=f"sqlite:///{tmp_path / 'r.db'}", _env_file=None
    )
    services = Services(settings)
    load_knowledge(services)
    return services


def _session(services: Services, *questions: str) -> str:
    out = io.StringIO()
    run_console(services, list(questions), out)
    return out.getvalue()


def test_slack_markup_is_rendered_not_printed() -> None:
    message = blocks.notice(
        "<@console> asked: *bold* and _italic_ with `code`, ~gone~ &amp; &lt;kept&gt;, "
        "<https://a.example/x|a link>, <https://a.example/x|again>, <@U12|dana> in <#C1|general> <!here>"
    )
    text = render(message)
    assert text.plain == (
        "you asked: bold and italic with code, gone & <kept>, a link (https://a.example/x), again, "
        "@dana in #general @here"
    )
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert "bold" in styles["bold"] and "italic" in styles["italic"] and "strike" in styles["gone"]
    assert "cyan" in styles["code"]


def test_snake_case_and_urls_keep_their_underscores() -> None:
    text = render(blocks.notice("id: community_intern_list at https://x.example/a_b_c_d."))
    assert text.plain == "id: community_intern_list at https://x.example/a_b_c_d."


def test_each_url_is_shown_once_per_answer(tmp_path: Path, knowledge: Path) -> None:
    services = _services(tmp_path, knowledge)
    for question in (
        "how do I apply to the Acme data engineer role?",
        "is the Acme data engineer role in Phoenix?",
    ):
        answer = _session(services, question)
        assert answer.count(URL) == 1, answer
        assert "Apply:" not in answer or "Apply at:" not in answer


def test_a_quote_inside_another_quote_is_not_repeated(tmp_path: Path, knowledge: Path) -> None:
    services = _services(tmp_path, knowledge)
    answer = _session(services, "what does the Acme data engineer role pay?")
    assert answer.count("$150,000 per year") == 1 + answer.count("Pay: ")  # the fact line, then one quote
    assert "The salary range for this role is $120,000 - $150,000 per year." in answer


def test_plurals_read_right(tmp_path: Path, knowledge: Path) -> None:
    services = _services(tmp_path, knowledge)
    out = _session(services, "/roles list", "which roles are in Phoenix?")
    assert "1 open role\n" in out and "1 role in Phoenix" in out
    assert "(s)" not in out


def test_no_raw_slack_syntax_in_any_console_reply(tmp_path: Path, knowledge: Path) -> None:
    services = _services(tmp_path, knowledge)
    out = _session(
        services,
        "what does the Acme data engineer role pay?",
        "/roles share is it in Phoenix?",
        "/roles show data engineer",
        "/roles list",
        "/roles help",
        "/roles show submarine welder",
    )
    assert "<@" not in out and "<http" not in out and "`" not in out and "&amp;" not in out
    assert not re.search(r"(?<!\w)\*\w", out)  # no *bold* marks
    assert "you asked: is it in Phoenix?" in out


def test_prompt_has_editing_and_history_across_sessions(tmp_path: Path) -> None:
    history = tmp_path / "data" / "rolecall" / "console_history"
    with create_pipe_input() as keys:
        lines = prompt_lines(history, input=keys, output=DummyOutput())
        keys.send_text("where is it?\r")
        assert next(lines) == "where is it?"
        keys.send_text("\x1b[A\r")  # Up, Enter: the last question again, not "^[[A"
        assert next(lines) == "where is it?"
        keys.send_text("what about paz\x7fy?\r")  # Backspace edits the line
        assert next(lines) == "what about pay?"
        keys.send_text("\x04")  # Ctrl-D on an empty line ends the session
        assert list(lines) == []
    with create_pipe_input() as keys:  # a new session remembers the last one's questions
        lines = prompt_lines(history, input=keys, output=DummyOutput())
        keys.send_text("\x1b[A\x1b[A\r")
        assert next(lines) == "where is it?"
        keys.send_text("half typed\x03")  # Ctrl-C ends it too
        assert list(lines) == []


def test_history_lives_in_the_users_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert history_path() == tmp_path / "xdg" / "rolecall" / "console_history"
    assert history_path().name == "console_history"


def test_an_unwritable_history_still_gives_a_prompt(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with create_pipe_input() as keys:
        lines = prompt_lines(blocker / "history", input=keys, output=DummyOutput())
        keys.send_text("still works\r")
        assert next(lines) == "still works"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_rolecall_chat_on_a_terminal(env: dict[str, str | None], tmp_path: Path) -> None:
    """The real command on a pseudo-terminal: prompt, answer, Up arrow, Ctrl-D ends on a new line."""
    import pty
    import select

    exe = shutil.which("rolecall", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the rolecall console script is not installed in this environment")
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLECALL_"))}
    child_env.update({k: v for k, v in env.items() if v is not None})
    child_env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), TERM="xterm", COLUMNS="100", LINES="30")
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [exe, "chat"], stdin=child, stdout=child, stderr=child, env=child_env, cwd=tmp_path
    )
    os.close(child)
    seen = b""

    def read_until(marker: bytes, after: int = 0) -> int:
        """Read until ``marker`` appears after offset ``after``; return the offset just past it."""
        nonlocal seen
        waited = 0.0  # a safety net against a hung child, not a timing assertion
        while seen.find(marker, after) < 0 and waited < 60:
            ready, _, _ = select.select([main], [], [], 0.5)
            waited += 0.5
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:
                    break
                seen += chunk
                if b"\x1b[6n" in chunk:  # answer the cursor position request as a terminal would
                    os.write(main, b"\x1b[1;1R")
        found = seen.find(marker, after)
        assert found >= 0, seen.decode(errors="replace")
        return found + len(marker)

    try:
        at = read_until(b"you>")
        os.write(main, b"where is the Acme data engineer role based?\r")
        at = read_until(b"you>", read_until(b"Phoenix", at))
        os.write(main, b"\x1b[A\r")  # the Up arrow recalls the question; it is not sent as ^[[A
        at = read_until(b"you>", read_until(b"Phoenix", at))
        os.write(main, b"\x04")
        read_until(b"\n", at)  # Ctrl-D leaves the shell on a fresh line
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        os.close(main)
    text = seen.decode(errors="replace")
    assert "^[[A" not in text and "<@console>" not in text
    assert (tmp_path / "xdg" / "rolecall" / "console_history").read_text().count("Acme data engineer") == 1


README_RECORDED = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # the day the README's session was recorded


def test_readme_sample_session_matches_the_console(tmp_path: Path) -> None:
    """The README's sample session is real output: replay its questions on the shipped knowledge dir."""
    readme = (REPO / "README.md").read_text()
    block = re.search(r"```console\n\$ make run\n(.*?)```", readme, re.S)
    assert block, "README has no `make run` console session"
    shipped = REPO / "knowledge"
    lines = block.group(1).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("you>"))
    questions: list[str] = []
    expected: list[str] = []
    for line in lines[start:]:
        if line.startswith("you>"):
            if line.removeprefix("you>").strip():  # the last prompt is left empty: Ctrl-D
                questions.append(line.removeprefix("you>").strip())
        else:
            expected.append(line)
    settings = Settings(
        knowledge_dir=shipped, database_url=f"sqlite:///{tmp_path / 'readme.db'}", _env_file=None
    )
    services = Services(settings, now=lambda: README_RECORDED)  # which roles are open depends on the day
    load_knowledge(services)
    out = io.StringIO()
    run_console(services, questions, out)
    assert out.getvalue().splitlines() == expected
