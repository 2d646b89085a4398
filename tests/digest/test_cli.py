"""The digest CLI end to end with the real catalog and adapters: sync, subscribe, list, preview, run-due."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.digest.cadence import next_slot, parse_cadence
from tests.conftest import REPO
from tests.fakes.slack_api import FakeSlackAPI
from tests.feeds.conftest import FIXTURES
from tests.feeds.server import FeedServer

NEW_ROLE = """---
title: Robotics Software Intern, Summer 2027
company: Harrow Labs
locations: [Tempe, AZ]
workplace: onsite
employment_type: INTERN
url: https://harrow.example/jobs/42
date_posted: 2026-11-20
---

# About the role

Write Python for warehouse robots.
"""


@pytest.fixture
def env(tmp_path: Path, slack_api: FakeSlackAPI, feed_server: FeedServer) -> dict[str, str]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    feed_server.serve(
        "/gh/quillworks/jobs?content=true", (FIXTURES / "greenhouse-quillworks.json").read_bytes()
    )
    sources = tmp_path / "sources.yml"
    sources.write_text(f"greenhouse: [quillworks]\nbase_urls:\n  greenhouse: {feed_server.url}/gh\n")
    return {
        "ROLECALL_KNOWLEDGE_DIR": str(knowledge),
        "ROLECALL_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "ROLECALL_SOURCES_FILE": str(sources),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": slack_api.url,
    }


def rc(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_sync_is_stable_and_reports_feeds(env: dict[str, str]) -> None:
    first = rc(env, "sync")
    assert "feed greenhouse:quillworks: ok, 2 postings" in first
    last = first.splitlines()[-1].split()  # "N postings live; M new, 0 closed"
    live, new = int(last[0]), int(last[3])
    assert live >= 15 and 0 < new <= live  # a role its source marks closed is live but never "new"
    # Ids are stable across loads: a second sync finds nothing new.
    assert f"{live} postings live; 0 new, 0 closed" in rc(env, "sync")


def test_subscribe_then_a_new_file_is_previewed_and_posted_once(
    env: dict[str, str], slack_api: FakeSlackAPI
) -> None:
    rc(env, "sync")
    out = rc(
        env, "digest", "subscribe", "--channel", "C1", "--team", "T1", "--cadence", "daily 09:00",
        "--tz", "America/Phoenix", "--filter", "intern AZ",
    )  # fmt: skip
    assert "only roles that appear after now" in out
    assert "C1" in rc(env, "digest", "list") and "intern" in rc(env, "digest", "list")
    slot = next_slot(parse_cadence("daily 09:00", "America/Phoenix"), datetime.now(UTC))
    at = (slot + timedelta(minutes=1)).isoformat()
    assert "nothing would be posted" in rc(env, "digest", "preview", "--channel", "C1", "--now", at)
    Path(env["ROLECALL_KNOWLEDGE_DIR"], "harrow.md").write_text(NEW_ROLE)
    assert "1 new" in rc(env, "sync")
    assert "Robotics Software Intern" in rc(env, "digest", "preview", "--channel", "C1", "--now", at)
    assert slack_api.calls_to("chat.postMessage") == []  # preview never posts
    assert rc(env, "digest", "run-due", "--now", at).strip().endswith("posted 1")
    assert rc(env, "digest", "run-due", "--now", at).strip().endswith("posted 0")
    (call,) = slack_api.calls_to("chat.postMessage")
    assert "Robotics Software Intern, Summer 2027 at Harrow Labs" in call.args["text"]
    assert "#1 is active again" in rc(env, "digest", "resume", "1")
    assert "Unsubscribed #1" in rc(env, "digest", "unsubscribe", "1")
    assert "No subscriptions" in rc(env, "digest", "list")


def test_bad_input_is_a_clear_error(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["digest", "run-due", "--now", "yesterday"], env=env)
    assert result.exit_code != 0 and "ISO-8601" in result.output
    result = CliRunner().invoke(
        cli, ["digest", "subscribe", "--channel", "C1", "--tz", "Mars/Olympus"], env=env
    )
    assert result.exit_code == 2 and "Unknown timezone" in result.output
    result = CliRunner().invoke(cli, ["digest", "unsubscribe", "99"], env=env)
    assert result.exit_code == 1 and "no subscription #99" in result.output


def test_sync_with_a_failing_feed_exits_nonzero_and_keeps_its_roles(
    env: dict[str, str], feed_server: FeedServer
) -> None:
    rc(env, "sync")
    feed_server.serve("/gh/quillworks/jobs?content=true", "bad gateway", status=502)
    result = CliRunner().invoke(cli, ["sync"], env=env)
    assert result.exit_code == 1
    assert "feed greenhouse:quillworks: FAILED" in result.output and "(last good payload)" in result.output
    assert "0 new, 0 closed" in result.output
    feeds = rc(env, "digest", "feeds")
    assert "greenhouse:quillworks" in feeds and "failures 1" in feeds and "HTTP 502" in feeds
