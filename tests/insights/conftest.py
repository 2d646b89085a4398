"""The Slack app end to end for insights and alerts: real signed requests into the Bolt app (HTTP mode),
the local Slack stand-in for every Web API call, a controlled clock, on SQLite and on PostgreSQL (a fresh
schema per test)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rolecall.config import Settings
from rolecall.services import Services
from tests.digest.conftest import database_url  # noqa: F401  (SQLite, and PostgreSQL with a schema per test)
from tests.digest.helpers import Clock
from tests.fakes.slack_api import Call, FakeSlackAPI
from tests.slack.conftest import SlackClient, app_settings, make_postings, slack  # noqa: F401  (on these services)

ADMIN = "UADMIN"
MEMBER = "UMEMBER"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))  # a Monday, after the postings' dates


@pytest.fixture
def settings(tmp_path: Path, slack_api: FakeSlackAPI, database_url: str) -> Settings:  # noqa: F811
    return app_settings(slack_api, database_url, tmp_path)


@pytest.fixture
def services(settings: Settings, clock: Clock, slack_api: FakeSlackAPI) -> Iterator[Services]:
    slack_api.admins.add(ADMIN)
    svc = Services(settings, now=clock)
    svc.set_postings(make_postings())
    try:
        yield svc
    finally:
        svc.close()


def ask(app: SlackClient, text: str, *, user: str, hook: str, channel: str = "C1") -> Call:
    """A `/roles <question>` as Slack sends it; returns the answer posted to the response URL."""
    assert app.command(text, user=user, channel=channel, hook=hook).status == 200
    [reply] = app.api.wait_for(hook)
    return reply


def reply_text(call: Call) -> str:
    return json.dumps(call.args, ensure_ascii=False)


def button_value(call: Call, action_id: str) -> str:
    for block in call.args.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button in {reply_text(call)[:300]}")


def dm(text: str, *, ts: str, user: str = MEMBER, channel: str = "D1") -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text, "ts": ts}
