"""Every request answered once: replays and twin deliveries deduplicated, failed deliveries left
retryable, busy response URLs retried then worked around, and bad input refused cleanly, never with an
apology and a reference (issue 10, items 4-8, 10, 12, 13). Real signed requests, real server."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from rolecall.postings.model import Pay, Posting, Section
from rolecall.services import Services
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SlackClient, sign, texts

REFERENCE = re.compile(r"reference: `[0-9a-f]{10}`")


def dm(text: str, *, ts: str, user: str = "U1", channel: str = "D1") -> dict[str, object]:
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text, "ts": ts}


def settle(slack_api: FakeSlackAPI, method: str, count: int) -> list[Any]:
    """Wait for ``count`` calls, then a moment more so that a wrongly doubled one would show up too."""
    slack_api.wait_for(method, count)
    time.sleep(0.3)
    return slack_api.calls_to(method)


def command_form(text: str, *, hook: str, trigger: str = "trigger-1", response_url: str = "") -> str:
    return urlencode(
        {
            "team_id": "T0000000",
            "channel_id": "C1",
            "user_id": "U1",
            "command": "/roles",
            "text": text,
            "response_url": response_url + hook,
            "trigger_id": trigger,
        }
    )


# -- item 4: long questions ----------------------------------------------------------------------------------
def test_a_very_long_question_is_refused_politely_without_running_the_engine(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real_ask = services.engine.ask
    monkeypatch.setattr(services.engine, "ask", lambda q, **kw: asked.append(q) or real_ask(q, **kw))
    words = " ".join(f"w{i}q" for i in range(3000))  # about 14,000 characters of distinct words
    slack.event(dm(words, ts="40.1"), event_id="EvLong")
    slack.command(words, hook="long")
    [posted] = slack_api.wait_for("chat.postMessage", 1)
    [replied] = slack_api.wait_for("long", 1)
    for call in (posted, replied):
        text = texts([call])
        assert "1,000" in text and "characters" in text and not REFERENCE.search(text)
    assert asked == []


def test_long_questions_cannot_hold_every_worker(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six long questions from one user are stuck; another user's short DM is still answered."""
    release = threading.Event()
    real_ask = services.engine.ask

    def ask(question: str, **kwargs: Any) -> Any:
        if len(question) > 300:
            release.wait(20)
        return real_ask(question, **kwargs)

    monkeypatch.setattr(services.engine, "ask", ask)
    long_question = "what does the data engineer role pay " + "and also " * 40 + "?"
    try:
        for i in range(6):
            slack.event(dm(long_question, ts=f"41.{i}", user="U7", channel="D7"), event_id=f"EvHog{i}")
        slack.event(dm("what does the data engineer role pay?", ts="41.9", channel="D8"), event_id="EvShort")
        [short] = slack_api.wait_for("chat.postMessage", 1)
        assert short.args["channel"] == "D8" and "$120,000" in texts([short])
    finally:
        release.set()
    assert len(slack_api.wait_for("chat.postMessage", 7)) == 7  # the long ones were answered after


# -- item 5: replays of commands and clicks ------------------------------------------------------------------
def test_a_replayed_slash_command_is_answered_once(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    body = command_form("list", hook="replay", response_url=slack.response_url)
    headers = sign(body)
    for _ in range(3):  # the same signed request, byte for byte, within the 5 minutes
        assert slack.post(body, "application/x-www-form-urlencoded", headers).status == 200
    # a new command with the same words is a new request (another trigger id) and is answered
    again = command_form("list", hook="replay", trigger="trigger-9", response_url=slack.response_url)
    slack.post(again, "application/x-www-form-urlencoded")
    assert len(settle(slack_api, "replay", 2)) == 2


def test_a_replayed_button_click_is_handled_once(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    from rolecall.store import events as store

    qid = store.record_question(
        services.sessions, text="pay?", status="answered", posting_ids=[], now=services.now()
    )
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "team": {"id": "T0000000"},
        "trigger_id": "trigger-click",
        "response_url": slack.response_url + "click",
        "container": {"type": "message", "is_ephemeral": True},
        "actions": [{"action_id": "feedback_helpful", "value": str(qid), "action_ts": "1.2"}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = sign(body)
    for _ in range(3):
        assert slack.post(body, "application/x-www-form-urlencoded", headers).status == 200
    assert len(settle(slack_api, "click", 1)) == 1
    assert len(store.feedback_for(services.sessions, qid)) == 1


# -- item 6: one thread follow-up, two event ids -------------------------------------------------------------
def test_a_thread_follow_up_delivered_under_two_event_ids_is_answered_once(
    slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    mention = {"type": "app_mention", "channel": "C9", "user": "U2", "ts": "42.1"}
    slack.event({**mention, "text": "<@UBOT> tell me about the data engineer job"}, event_id="EvF1")
    slack_api.wait_for("chat.postMessage", 1)
    follow = {
        "type": "message",
        "channel": "C9",
        "channel_type": "channel",
        "user": "U2",
        "ts": "42.2",
        "thread_ts": "42.1",
        "text": "what is the salary?",
    }
    slack.event(follow, event_id="EvF2")
    slack.event(follow, event_id="EvF3")  # the same message under another event id
    calls = settle(slack_api, "chat.postMessage", 2)
    assert len(calls) == 2 and "$120,000" in texts(calls[1:])


# -- item 7: response_url busy or failing --------------------------------------------------------------------
def test_a_rate_limited_response_url_is_retried_after_retry_after(
    slack: SlackClient, slack_api: FakeSlackAPI, quick_retries: list[float]
) -> None:
    slack_api.fail("busy", 429, retry_after=3)
    slack.command("list", hook="busy")
    calls = settle(slack_api, "busy", 2)
    assert len(calls) == 2 and calls[1].args == calls[0].args
    assert quick_retries == [3.0]  # waited exactly what Slack asked
    assert not slack_api.calls_to("chat.postEphemeral")


@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (429, 120)])
def test_a_failing_response_url_falls_back_to_an_ephemeral_message_and_says_so(
    slack: SlackClient,
    slack_api: FakeSlackAPI,
    caplog: pytest.LogCaptureFixture,
    status: int,
    retry_after: int | None,
) -> None:
    slack_api.fail("down", status, times=3, retry_after=retry_after)
    with caplog.at_level(logging.WARNING):
        slack.command("what does the data engineer role pay?", hook="down")
        [ephemeral] = slack_api.wait_for("chat.postEphemeral", 1)
    assert ephemeral.args["channel"] == "C1" and ephemeral.args["user"] == "U1"
    assert "$120,000" in texts([ephemeral])
    # A 500 is retried twice; a 429 asking for two minutes is not waited for.
    assert len(slack_api.calls_to("down")) == (3 if status == 500 else 1)
    assert any("instead" in r.getMessage() and str(status) in r.getMessage() for r in caplog.records)


def test_when_ephemeral_fails_too_the_answer_comes_by_dm(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack_api.fail("gone", 500, times=3)
    slack_api.queue("chat.postEphemeral", {"ok": False, "error": "channel_not_found"})
    slack.command("what does the data engineer role pay?", hook="gone")
    [direct] = slack_api.wait_for("chat.postMessage", 1)
    assert direct.args["channel"] == "U1" and "$120,000" in texts([direct])


# -- item 8: Slack unreachable: the delivery stays retryable -------------------------------------------------
def test_a_dm_that_could_not_be_delivered_is_answered_on_redelivery(
    slack: SlackClient, slack_api: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    event = dm("what does the data engineer role pay?", ts="43.1")
    slack_api.down = True
    with caplog.at_level(logging.WARNING):
        assert slack.event(event, event_id="EvOut").status == 200
        deadline = time.monotonic() + 10
        while "released" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.02)
    assert slack_api.dropped >= 2  # the answer, then the DM telling why, both failed
    assert "Traceback" not in caplog.text and "unreachable" in caplog.text
    slack_api.down = False
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    body = json.dumps({"type": "event_callback", "team_id": "T0000000", "event_id": "EvOut", "event": event})
    assert slack.post(body, "application/json", {**sign(body), **retry}).status == 200
    calls = settle(slack_api, "chat.postMessage", 1)
    assert len(calls) == 1 and "$120,000" in texts(calls)
    # Now delivered, a further redelivery is a duplicate again.
    slack.post(body, "application/json", {**sign(body), **retry})
    assert len(settle(slack_api, "chat.postMessage", 1)) == 1


# -- item 10: posting URLs longer than Slack allows in a button ----------------------------------------------
LONG_URL = "https://jobs.example.com/apply?" + "&".join(f"utm_field{i}=value{i}" for i in range(200))


@pytest.fixture
def long_url_posting(services: Services, postings: list[Posting]) -> Posting:
    assert len(LONG_URL) > 3000
    posting = Posting(
        id="tracked-sre",
        title="Site Reliability Engineer",
        company="Umbrella Tracking",
        url=LONG_URL,
        apply_url=LONG_URL + "&step=apply",
        pay=Pay(min=150000, max=170000, currency="USD", unit="YEAR", text="$150,000 - $170,000 a year"),
        sections=[Section(heading="Pay", passages=["The pay range is $150,000 - $170,000 a year."])],
    )
    services.set_postings([*postings, posting])
    return posting


def test_a_posting_with_a_very_long_url_still_shows_everywhere(
    slack: SlackClient, slack_api: FakeSlackAPI, long_url_posting: Posting
) -> None:
    slack.command("show tracked-sre", hook="u1")
    slack.command("what does the site reliability engineer role pay?", hook="u2")
    slack.command("list umbrella", hook="u3")
    slack.action("open_posting", "tracked-sre")
    slack.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvHomeUrl")
    replies = [slack_api.wait_for(hook, 1)[0] for hook in ("u1", "u2", "u3")]
    [modal] = slack_api.wait_for("views.open", 1)
    [home] = slack_api.wait_for("views.publish", 1)
    for call in [*replies, modal, home]:
        blob = texts([call])
        assert "Site Reliability Engineer" in blob and not REFERENCE.search(blob)
        for url in re.findall(r'"url": "([^"]+)"', blob):
            assert len(url) <= 3000
    assert "$150,000" in texts(replies[:2])


# -- item 12: the true count ---------------------------------------------------------------------------------
def test_roles_list_says_how_many_roles_match_in_all(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    services.set_postings(
        [
            Posting(id=f"analyst-{i}", title=f"Analyst {i}", company=f"Company {i}", sections=[])
            for i in range(200)
        ]
    )
    slack.command("list analyst", hook="count")
    [call] = slack_api.wait_for("count", 1)
    blob = texts([call])
    assert "200 open roles" in blob and "185 more" in blob


# -- item 13: characters that are not text, numbers that are not ids -----------------------------------------
@pytest.mark.parametrize(
    "bad", ["pay\x00?", "pay \ud83d?", "pay\udc00"], ids=["NUL", "high surrogate", "low"]
)
def test_unreadable_characters_get_a_clean_refusal(
    slack: SlackClient, slack_api: FakeSlackAPI, bad: str
) -> None:
    slack.event(dm(bad, ts="44.1"), event_id="EvBad")  # JSON can carry a lone surrogate ("\ud83d")
    [posted] = slack_api.wait_for("chat.postMessage", 1)
    assert "can't read that message" in texts([posted]) and not REFERENCE.search(texts([posted]))


def test_a_nul_in_a_slash_command_gets_a_clean_refusal(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.post(
        command_form("pay\x00?", hook="nul", response_url=slack.response_url),
        "application/x-www-form-urlencoded",
    )
    [replied] = slack_api.wait_for("nul", 1)
    assert "can't read that message" in texts([replied]) and not REFERENCE.search(texts([replied]))


@pytest.mark.parametrize("digits", [20, 40])
def test_huge_numbers_in_button_values_are_refused_cleanly(
    slack: SlackClient, slack_api: FakeSlackAPI, digits: int
) -> None:
    number = "9" * digits
    slack.action("feedback_helpful", number, hook="n1")
    slack.action("share_answer", number, hook="n2")
    slack.action("choose_posting_0", f"{number}|acme-data-engineer", hook="n3")
    slack.action("digest_unsubscribe", number, hook=None)
    for hook in ("n1", "n2", "n3"):
        [call] = slack_api.wait_for(hook, 1)
        assert not REFERENCE.search(texts([call])), hook
    [dm_call] = slack_api.wait_for("chat.postMessage", 1)
    assert "can't be changed" in texts([dm_call])
