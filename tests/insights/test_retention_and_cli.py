"""Questions are purged after ROLECALL_QUESTION_RETENTION_DAYS by the scheduler's job; `rolecall insights`
reports the same counts on the command line, as JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import timedelta

from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.digest import scheduler as sched
from rolecall.services import Services
from rolecall.store import events
from rolecall.store import insights as store
from tests.digest.helpers import Clock
from tests.fakes.slack_api import FakeSlackAPI
from tests.insights.conftest import ADMIN, MEMBER, ask, button_value, reply_text
from tests.insights.test_slack_insights import QUESTIONS, ask_all
from tests.slack.conftest import SlackClient


def test_the_scheduled_purge_removes_questions_past_their_retention(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    start = clock.at
    old_ids = ask_all(slack)
    slack.action("feedback_not_helpful", old_ids[QUESTIONS[1][1]], user=MEMBER, hook="f")
    slack_api.wait_for("f")
    clock.set(start + timedelta(days=60))
    recent = ask(slack, "what is the salary for the platform intern?", user="U6", hook="late")
    recent_id = int(button_value(recent, "feedback_helpful"))
    clock.set(start + timedelta(days=91))  # the default retention is 90 days

    scheduler = sched.start_scheduler(
        services,
        tick_every=timedelta(hours=1),
        sync_every=None,
        purge_every=timedelta(seconds=0.2),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(store.facet_records(services.sessions)) > 1:
            time.sleep(0.05)
    finally:
        scheduler.shutdown(wait=True)

    rows = store.facet_records(services.sessions)
    assert [(r.question_id, r.facet, r.status) for r in rows] == [(recent_id, "pay", "not_stated")]
    for qid in old_ids.values():
        assert events.get_question(services.sessions, int(qid)) is None
        assert events.feedback_for(services.sessions, int(qid)) == []
    assert events.get_question(services.sessions, recent_id) is not None
    text = reply_text(ask(slack, "insights", user=ADMIN, hook="after"))
    assert "1 question" in text and "Data Engineer" not in text


def test_retention_is_configurable(services: Services, slack: SlackClient, clock: Clock) -> None:
    from rolecall.insights.retention import purge

    ask_all(slack)
    services.settings = services.settings.model_copy(update={"question_retention_days": 7})
    assert purge(services, clock.at + timedelta(days=6)).questions == 0
    report = purge(services, clock.at + timedelta(days=8))
    assert (report.questions, report.facets) == (len(QUESTIONS), len(QUESTIONS))


def test_the_cli_reports_the_same_counts(slack: SlackClient, services: Services, database_url: str) -> None:
    ask_all(slack)
    runner = CliRunner()
    result = runner.invoke(cli, ["insights", "--json", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["questions"], data["answered"], data["not_stated"]) == (5, 2, 3)
    assert {f["facet"]: (f["answered"], f["not_stated"]) for f in data["facets"]} == {
        "sponsorship": (0, 2),
        "start_date": (0, 1),
        "pay": (1, 0),
        "remote": (1, 0),
    }
    top = data["gaps"][0]
    assert (top["facet"], top["posting_id"], top["not_stated"]) == ("sponsorship", "acme-data-engineer", 2)
    assert "UMEMBER" not in result.output and "user" not in result.output

    result = runner.invoke(cli, ["insights", "--csv", "--company", "Globex", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["group"], r["facet"], r["answered"]) for r in rows] == [
        ("posting", "remote", "1"),
        ("company", "remote", "1"),
    ]

    result = runner.invoke(cli, ["insights", "--posting", "data engineer", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert "Visa sponsorship" in result.output and "4 questions" in result.output

    result = runner.invoke(cli, ["insights", "--posting", "nothing-like-it", "--database-url", database_url])
    assert result.exit_code == 2 and "no questions about a posting" in result.output
