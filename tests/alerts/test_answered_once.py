"""Alerts and insights get the same serving guarantees as every other surface (issue 10 items 5, 8, 13 on
issue 12's commands and buttons): a replayed command or click is handled once, a click whose reply reached
nobody stays retryable, and bad input is refused cleanly (never an apology with a reference). Real signed
requests against the running server, the Slack stand-in for the Web API."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from rolecall.services import Services
from rolecall.store import digests as store
from tests.fakes.slack_api import FakeSlackAPI
from tests.insights.conftest import ADMIN, MEMBER, ask, dm, reply_text
from tests.slack.conftest import SlackClient, quick_retries, sign, texts  # noqa: F401
from tests.slack.test_never_lose_or_double import REFERENCE, settle

FORM = "application/x-www-form-urlencoded"


def alerts_of(services: Services, user: str = MEMBER) -> list[store.Subscription]:
    with services.sessions() as s:
        return store.list_subscriptions(s, user_id=user, kinds=(store.ALERT,))


def command_body(slack: SlackClient, text: str, *, hook: str, user: str = MEMBER) -> str:
    form = {
        "team_id": "T0000000",
        "channel_id": "C1",
        "user_id": user,
        "command": "/roles",
        "text": text,
        "response_url": slack.response_url + hook,
        "trigger_id": "trigger-once",
    }
    return urlencode(form)


def click_body(
    slack: SlackClient, action_id: str, value: str, *, hook: str, user: str = MEMBER, **extra: Any
) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": "T0000000"},
        "user": {"id": user, "team_id": "T0000000"},
        "trigger_id": "trigger-click",
        "response_url": slack.response_url + hook,
        "channel": {"id": "D1"},
        "container": {"type": "message", "is_ephemeral": False},
        "actions": [{"action_id": action_id, "value": value, "action_ts": "5.5", "type": "button"}],
        **extra,
    }
    return urlencode({"payload": json.dumps(payload)})


def replay(slack: SlackClient, body: str, times: int = 3) -> None:
    headers = sign(body)  # the same signed request, byte for byte, within Slack's five minutes
    for _ in range(times):
        assert slack.post(body, FORM, headers).status == 200


def test_a_replayed_alert_command_saves_one_alert_and_answers_once(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    replay(slack, command_body(slack, "alert remote intern", hook="once"))
    [reply] = settle(slack_api, "once", 1)
    assert "Alert `#" in reply_text(reply)
    assert len(alerts_of(services)) == 1


def test_an_alert_asked_for_by_dm_under_two_event_ids_is_saved_once(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    message = dm("alert me about remote intern roles", ts="30.1")
    slack.event(message, event_id="EvTwinA")
    slack.event(message, event_id="EvTwinB")  # the same DM delivered again under another event id
    [confirm] = settle(slack_api, "chat.postMessage", 1)
    assert "Alert `#" in confirm.args["text"]
    assert len(alerts_of(services)) == 1


def test_a_replayed_stop_click_is_handled_once(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    (alert,) = alerts_of(services)
    replay(slack, click_body(slack, "alert_stop", str(alert.id), hook="stop"))
    [stopped] = settle(slack_api, "stop", 1)
    assert f"Stopped alert `#{alert.id}`" in stopped.args["text"]
    assert alerts_of(services)[0].paused_reason == "stopped"


def test_a_stop_click_whose_reply_reached_nobody_is_handled_on_redelivery(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    (alert,) = alerts_of(services)
    body = click_body(slack, "alert_stop", str(alert.id), hook="late")
    headers = sign(body)
    slack_api.down = True  # Slack is out: the reply, the ephemeral and the DM all fail
    with caplog.at_level(logging.WARNING):
        assert slack.post(body, FORM, headers).status == 200
        deadline = time.monotonic() + 20
        while "released" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.02)
    assert "released" in caplog.text and "Traceback" not in caplog.text
    slack_api.down = False
    assert slack.post(body, FORM, headers).status == 200  # the same click again: answered this time
    [told] = settle(slack_api, "late", 1)
    assert f"alert `#{alert.id}`" in told.args["text"] and not REFERENCE.search(told.args["text"])
    assert slack.post(body, FORM, headers).status == 200  # answered now: a further replay is a duplicate
    assert len(settle(slack_api, "late", 1)) == 1


@pytest.mark.parametrize("digits", [20, 40])
def test_huge_ids_in_alert_and_report_buttons_and_commands_are_refused_cleanly(
    slack: SlackClient, slack_api: FakeSlackAPI, digits: int
) -> None:
    number = "9" * digits
    slack.action("alert_stop", number, user=MEMBER, hook="b1")
    slack.action("alert_resume", number, user=MEMBER, hook="b2")
    slack.action("insights_report_stop", number, user=ADMIN, hook="b3")
    for hook, text, user in (
        ("c1", f"alerts stop {number}", MEMBER),
        ("c2", f"alerts resume {number}", MEMBER),
        ("c3", f"insights stop {number}", ADMIN),
        ("c4", f"unsubscribe {number}", ADMIN),
        ("c5", f"resume #{number}", ADMIN),
        ("c6", "alerts stop \u00b2", MEMBER),  # a digit to str.isdigit, not to int()
        ("c7", "insights stop \u00b2", ADMIN),
        ("c8", "unsubscribe \u00b2", ADMIN),
    ):
        slack.command(text, user=user, hook=hook)
    for hook in ("b1", "b2", "b3", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"):
        [call] = slack_api.wait_for(hook, 1, timeout=10)
        assert not REFERENCE.search(texts([call])), (hook, texts([call]))


def test_unreadable_or_overlong_alert_requests_are_refused_like_any_question(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    slack.command("alert remote\x00 intern", user=MEMBER, hook="nul")
    slack.command("alert " + " ".join(f"w{i}q" for i in range(400)), user=MEMBER, hook="long")
    slack.command("insights " + "x" * 1200, user=ADMIN, hook="ilong")
    slack.event(dm("alert me about remote\ud800 intern roles", ts="31.1"), event_id="EvSurrogate")
    [nul] = slack_api.wait_for("nul", 1)
    assert "can't read that message" in texts([nul])
    for hook in ("long", "ilong"):
        [call] = slack_api.wait_for(hook, 1)
        assert "1,000" in texts([call]) and "characters" in texts([call])
    [refused] = slack_api.wait_for("chat.postMessage", 1)
    assert "can't read that message" in refused.args["text"]
    assert alerts_of(services) == []
