"""Insights end to end: questions asked through signed `/roles` requests are counted by facet and status,
only admins (and the people the settings name) see them, and App Home shows them to those people only."""

from __future__ import annotations

import json
from datetime import timedelta

from rolecall.services import Services
from rolecall.slack.access import REFUSAL, may_see_insights
from rolecall.store import insights as store
from tests.digest.helpers import Clock
from tests.fakes.slack_api import FakeSlackAPI
from tests.insights.conftest import ADMIN, MEMBER, ask, button_value, reply_text
from tests.slack.conftest import SlackClient

QUESTIONS = [  # (asker, question) -> the engine's facet and status for the test postings
    (MEMBER, "what is the pay for the data engineer role?"),  # pay: answered
    (MEMBER, "does the data engineer role sponsor visas?"),  # sponsorship: not stated
    ("U2", "does Acme sponsor H1B visas for the data engineer?"),  # sponsorship: not stated
    ("U3", "when does the data engineer role start?"),  # start_date: not stated
    ("U4", "is the platform intern remote?"),  # remote: answered
]


def ask_all(slack: SlackClient) -> dict[str, str]:
    """Ask every question; returns question text -> the id on its feedback buttons."""
    ids = {}
    for i, (user, text) in enumerate(QUESTIONS):
        reply = ask(slack, text, user=user, hook=f"q{i}")
        ids[text] = button_value(reply, "feedback_helpful")
    return ids


def test_insights_count_real_questions_by_facet_and_status(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    ids = ask_all(slack)
    # Two people rate the sponsorship answer; one changes their mind (the latest vote counts).
    slack.action("feedback_not_helpful", ids[QUESTIONS[1][1]], user=MEMBER, hook="f1")
    slack.action("feedback_helpful", ids[QUESTIONS[0][1]], user="U9", hook="f2")
    slack.action("feedback_helpful", ids[QUESTIONS[0][1]], user="U9", hook="f3")
    for hook in ("f1", "f2", "f3"):
        slack_api.wait_for(hook)

    rows = store.facet_records(services.sessions)
    assert sorted((r.facet, r.status) for r in rows) == [
        ("pay", "answered"),
        ("remote", "answered"),
        ("sponsorship", "not_stated"),
        ("sponsorship", "not_stated"),
        ("start_date", "not_stated"),
    ]
    assert {r.company for r in rows} == {"Acme Analytics", "Globex"}

    reply = ask(slack, "insights", user=ADMIN, hook="ins")
    text = reply_text(reply)
    assert reply.args["response_type"] == "ephemeral"
    assert "5 questions about 2 postings" in text
    assert "40% of facets asked answered" in text  # pay and remote of five facets asked
    # The top gap: sponsorship, asked twice about one posting, never stated; its example questions.
    gaps = text[text.index("Top gaps") :]
    assert gaps.index("Visa sponsorship") < gaps.index("Start date")
    assert "asked twice about Data Engineer (Acme Analytics); the posting doesn't say" in text
    assert "does the data engineer role sponsor visas?" in text and "1 rated not helpful" in text
    assert "feedback: 1 helpful, 1 not helpful" in text
    assert "Pay: 1 question, 100% answered" in text
    # Aggregates only: nobody who asked is named.
    for user, _ in QUESTIONS:
        assert user not in text


def test_insights_for_one_company_or_role(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    ask_all(slack)
    company = reply_text(ask(slack, "insights globex", user=ADMIN, hook="g"))
    assert "Insights: Globex" in company and "1 question" in company and "Remote work" in company
    assert "Sponsorship" not in company
    role = reply_text(ask(slack, "insights data engineer", user=ADMIN, hook="d"))
    assert "Data Engineer (Acme Analytics)" in role and "4 questions" in role
    unknown = reply_text(ask(slack, "insights Hooli", user=ADMIN, hook="u"))
    assert "no questions about a role or company called “Hooli”" in unknown


def test_only_admins_and_named_people_see_insights(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    ask_all(slack)
    refused = reply_text(ask(slack, "insights", user=MEMBER, hook="r1"))
    assert REFUSAL in refused and "questions about" not in refused
    assert any(c.args.get("user") == MEMBER for c in slack_api.calls_to("users.info"))

    slack_api.owners.add("UOWNER")
    assert "questions about 2 postings" in reply_text(ask(slack, "insights", user="UOWNER", hook="o"))

    services.settings = services.settings.model_copy(
        update={"insights_users": [MEMBER], "insights_usergroups": ["SRECRUIT"]}
    )
    assert "questions about 2 postings" in reply_text(ask(slack, "insights", user=MEMBER, hook="r2"))

    slack_api.usergroups["SRECRUIT"] = ["U7"]
    assert "questions about 2 postings" in reply_text(ask(slack, "insights", user="U7", hook="r3"))
    assert [c.args["usergroup"] for c in slack_api.calls_to("usergroups.users.list")] == ["SRECRUIT"]
    assert REFUSAL in reply_text(ask(slack, "insights", user="U8", hook="r4"))

    # Subscribing a channel to the gaps report is behind the same check.
    assert REFUSAL in reply_text(ask(slack, "subscribe insights", user="U8", hook="r5"))


def test_the_check_fails_closed_and_caches_briefly(
    services: Services, slack_api: FakeSlackAPI, clock: Clock
) -> None:
    from rolecall.slack.app import make_client

    client = make_client(services, "xoxb-test")
    slack_api.queue("users.info", {"ok": False, "error": "missing_scope"})
    assert may_see_insights(services, client, "T1", ADMIN) is False  # Slack could not say: no
    assert may_see_insights(services, client, "T1", ADMIN) is True
    assert may_see_insights(services, client, "T1", ADMIN) is True
    assert len(slack_api.calls_to("users.info")) == 2  # the answer is kept for a few minutes
    slack_api.admins.discard(ADMIN)
    clock.set(clock.at + timedelta(minutes=6))
    assert may_see_insights(services, client, "T1", ADMIN) is False  # a demotion takes effect
    assert len(slack_api.calls_to("users.info")) == 3


def test_home_shows_insights_to_admins_only(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    ask_all(slack)
    slack.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"}, event_id="EvHomeAdmin")
    [admin_home] = slack_api.wait_for("views.publish", 1)
    view = json.dumps(admin_home.args["view"])
    assert '"text": "Insights"' in view and "Visa sponsorship" in view and "Last 30 days" in view
    assert len(admin_home.args["view"]["blocks"]) <= 50
    slack.event({"type": "app_home_opened", "user": MEMBER, "tab": "home"}, event_id="EvHomeMember")
    member_home = slack_api.wait_for("views.publish", 2)[-1]
    view = json.dumps(member_home.args["view"])
    assert '"text": "Insights"' not in view and "Visa sponsorship" not in view
    assert "Your alerts" in view and "Open roles" in view
