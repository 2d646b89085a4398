"""The app in HTTP mode, end to end: real signed requests in, real Web API calls out (to the local fake)."""

from __future__ import annotations

import json
import time

from rolecall.services import Services
from rolecall.store import events as store
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SlackClient, sign, texts


def dm(text: str, *, ts: str = "1700000100.000100", user: str = "U1", **extra: object) -> dict[str, object]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": user,
        "text": text,
        "ts": ts,
        **extra,
    }


def test_healthz(slack: SlackClient) -> None:
    resp = slack.get("/healthz")
    assert resp.status == 200
    health = json.loads(resp.body)
    assert health["status"] == "ok" and health["postings"] == 4
    assert slack.get("/nothing-here").status == 404


def test_slash_question_answered_ephemerally_via_response_url(
    slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    resp = slack.command("what is the pay for the data engineer role?", hook="q1")
    assert resp.status == 200
    [call] = slack_api.wait_for("q1")
    assert call.args["response_type"] == "ephemeral"
    assert call.args["text"].strip()
    blob = texts([call])
    assert "Data Engineer" in blob
    assert "feedback_helpful" in blob and "share_answer" in blob
    assert not slack_api.calls_to("chat.postMessage")  # a slash answer goes only to the asker


def test_share_subcommand_answers_in_channel(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.command("share what is the pay for the data engineer role?", hook="s1")
    [call] = slack_api.wait_for("s1")
    assert call.args["response_type"] == "in_channel"
    assert "U1" in texts([call])  # says who asked


def test_help_and_malformed_use_reply_with_usage(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.command("help", hook="h1")
    slack.command("show", hook="h2")
    [help_call] = slack_api.wait_for("h1")
    [bad_call] = slack_api.wait_for("h2")
    assert "/roles list" in texts([help_call])
    assert "needs a posting id" in texts([bad_call]) and "/roles list" in texts([bad_call])


def test_list_and_show(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.command("list", hook="l1")
    [listing] = slack_api.wait_for("l1")
    blob = texts([listing])
    # newest first: the intern role (Nov 10) before the data engineer (Nov 1)
    assert blob.index("Platform Engineering Intern") < blob.index("Data Engineer")
    assert "Retired Analyst" not in blob  # closed roles are not listed
    slack.command("show acme-data-engineer", hook="l2")
    [shown] = slack_api.wait_for("l2")
    shown_blob = texts([shown])
    assert "Data Engineer" in shown_blob and "$120,000" in shown_blob
    assert "https://jobs.example.com/acme/data-engineer/apply" in shown_blob  # the apply link button


def test_dm_question_and_follow_up_use_the_conversation_posting(
    slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    slack.event(dm("tell me about the data engineer job", ts="1.1"), event_id="Ev1")
    first = slack_api.wait_for("chat.postMessage", 1)
    assert first[0].args["channel"] == "D1"
    assert "Data Engineer" in texts(first)
    slack.event(dm("and what about salary?", ts="1.2"), event_id="Ev2")
    calls = slack_api.wait_for("chat.postMessage", 2)
    assert len(calls) == 2
    assert "$120,000" in texts(calls[1:])  # the follow-up was answered for the same posting


def test_duplicate_deliveries_are_answered_once(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    event = dm("tell me about the data engineer job", ts="2.1")
    for _ in range(3):  # Slack's retries reuse the event id
        assert slack.event(event, event_id="EvDup").status == 200
    # The same message delivered under another event id (message.im and app_mention twins)
    slack.event({**event, "type": "app_mention"}, event_id="EvTwin")
    slack.event(dm("tell me about the platform intern", ts="2.2"), event_id="EvNext")  # a sentinel
    calls = slack_api.wait_for("chat.postMessage", 2)
    time.sleep(0.3)  # let any wrongly duplicated answer arrive before counting
    calls = slack_api.calls_to("chat.postMessage")
    assert len(calls) == 2
    assert "Platform Engineering Intern" in texts(calls)


def test_bot_messages_and_edits_are_ignored(
    slack: SlackClient, slack_api: FakeSlackAPI, services: object
) -> None:
    slack.event(dm("data engineer?", ts="3.1", bot_id="B9"), event_id="EvBot")
    slack.event(dm("data engineer?", ts="3.2", subtype="message_changed"), event_id="EvEdit")
    slack.event(dm("data engineer?", ts="3.3", subtype="message_deleted"), event_id="EvDel")
    slack.event(dm("tell me about the platform intern", ts="3.4"), event_id="EvReal")
    calls = slack_api.wait_for("chat.postMessage", 1)
    time.sleep(0.3)
    calls = slack_api.calls_to("chat.postMessage")
    assert len(calls) == 1 and "Platform Engineering Intern" in texts(calls)


def test_mention_answers_in_thread_and_thread_follow_up(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    mention = {"type": "app_mention", "channel": "C7", "user": "U2", "ts": "5.1"}
    slack.event({**mention, "text": "<@UBOT> tell me about the data engineer job"}, event_id="EvM1")
    [first] = slack_api.wait_for("chat.postMessage", 1)
    assert first.args["channel"] == "C7" and first.args["thread_ts"] == "5.1"
    follow = {**mention, "ts": "5.2", "thread_ts": "5.1", "text": "<@UBOT> what is the salary?"}
    slack.event(follow, event_id="EvM2")
    calls = slack_api.wait_for("chat.postMessage", 2)
    assert calls[1].args["thread_ts"] == "5.1"
    assert "$120,000" in texts(calls[1:])


def test_thread_reply_without_mention_is_a_follow_up_only_in_threads_rolecall_answered(
    slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    mention = {"type": "app_mention", "channel": "C8", "user": "U2", "ts": "9.1"}
    slack.event({**mention, "text": "<@UBOT> tell me about the data engineer job"}, event_id="EvT1")
    slack_api.wait_for("chat.postMessage", 1)
    reply = {"type": "message", "channel": "C8", "channel_type": "channel", "user": "U2"}
    # the same message also arrives as `message`: the mention listener answered it, this must not
    slack.event(
        {**reply, "ts": "9.1", "text": "<@UBOT> tell me about the data engineer job"}, event_id="EvT2"
    )
    slack.event({**reply, "ts": "9.2", "thread_ts": "9.1", "text": "what is the salary?"}, event_id="EvT3")
    calls = slack_api.wait_for("chat.postMessage", 2)
    assert len(calls) == 2 and calls[1].args["thread_ts"] == "9.1"
    assert "$120,000" in texts(calls[1:])
    # chatter elsewhere in the channel is not a question: another thread, or a top-level message
    slack.event({**reply, "ts": "9.4", "thread_ts": "9.3", "text": "what is the salary?"}, event_id="EvT4")
    slack.event({**reply, "ts": "9.5", "text": "what is the salary?"}, event_id="EvT5")
    time.sleep(0.5)
    assert len(slack_api.calls_to("chat.postMessage")) == 2


def test_bad_missing_and_stale_signatures_get_401_and_do_nothing(
    slack: SlackClient, slack_api: FakeSlackAPI, services: object
) -> None:
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0000000",
            "event_id": "EvForged",
            "event": dm("data engineer?", ts="6.1"),
        }
    )
    forged = sign(body, secret="not-the-secret")
    stale = sign(body, ts=int(time.time()) - 60 * 10)
    assert slack.post(body, "application/json", forged).status == 401
    assert slack.post(body, "application/json", {}).status == 401
    assert slack.post(body, "application/json", stale).status == 401
    time.sleep(0.3)
    assert not slack_api.calls_to("chat.postMessage")
    # nothing was claimed either: the genuine delivery is still answered
    assert slack.post(body, "application/json", sign(body)).status == 200
    assert slack_api.wait_for("chat.postMessage", 1)


def test_rate_limit_is_waited_out(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack_api.queue("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429, Retry_After="1")
    slack.event(dm("tell me about the data engineer job", ts="7.1"), event_id="Ev429")
    calls = slack_api.wait_for("chat.postMessage", 2, timeout=10)
    assert len(calls) == 2
    assert calls[0].args == calls[1].args  # the same message, retried after Retry-After
    assert calls[1].at - calls[0].at >= 1.0


def test_not_in_channel_becomes_a_friendly_dm(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack_api.queue("chat.postMessage", {"ok": False, "error": "not_in_channel"})
    mention = {
        "type": "app_mention",
        "channel": "C8",
        "user": "U3",
        "ts": "8.1",
        "text": "<@UBOT> data engineer?",
    }
    slack.event(mention, event_id="EvNIC")
    calls = slack_api.wait_for("chat.postMessage", 2)
    assert calls[1].args["channel"] == "U3"
    assert "/invite" in calls[1].args["text"]


def test_hostile_posting_title_is_rendered_harmless(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.command("show evil-senior-dev", hook="evil")
    [call] = slack_api.wait_for("evil")
    raw = json.dumps(call.args)
    for dangerous in (
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U999>",
        "<https://evil.example|bank>",
        "<Dev>",
    ):
        assert dangerous not in raw
    assert "&lt;!channel&gt; | Senior &lt;Dev&gt;" in raw
    assert call.args.get("link_names") is None and call.args.get("parse") is None


def test_feedback_is_stored_with_the_question(slack: SlackClient, slack_api: FakeSlackAPI, services) -> None:  # type: ignore[no-untyped-def]
    slack.command("what is the pay for the data engineer role?", hook="f1")
    [answer] = slack_api.wait_for("f1")
    button = next(
        e
        for b in answer.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("action_id") == "feedback_not_helpful"
    )
    slack.action("feedback_not_helpful", button["value"], user="U5", hook="f2")
    [thanks] = slack_api.wait_for("f2")
    assert "Thanks" in thanks.args["text"]
    [row] = store.feedback_for(services.sessions, int(button["value"]))
    assert row.helpful is False and row.user_id == "U5"
    question = store.get_question(services.sessions, int(button["value"]))
    assert question is not None and "pay" in question.text


def test_open_posting_button_opens_a_modal(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.action("open_posting", "acme-data-engineer")
    [call] = slack_api.wait_for("views.open")
    assert call.args["trigger_id"] == "trigger-2"
    assert call.args["view"]["type"] == "modal"
    assert "Data Engineer" in json.dumps(call.args["view"])


def test_ambiguous_answer_offers_candidates_and_a_click_answers(
    slack: SlackClient, slack_api: FakeSlackAPI, services
) -> None:  # type: ignore[no-untyped-def]
    qid = store.record_question(
        services.sessions,
        text="what is the salary?",
        status="ambiguous",
        posting_ids=["acme-data-engineer", "globex-platform-intern"],
        now=services.now(),
        team_id="T0000000",
        channel="D1",
        thread="",
        user_id="U1",
    )
    slack.action(
        "choose_posting_0",
        f"{qid}|acme-data-engineer",
        container={"type": "message", "is_ephemeral": False},
        channel="D1",
        message={"ts": "9.1", "text": "Which role?"},
    )
    [call] = slack_api.wait_for("chat.postMessage", 1)
    assert call.args["channel"] == "D1"
    assert "$120,000" in texts([call])
    # the conversation is now about the chosen posting
    assert store.get_conversation_posting(services.sessions, "D1", "") == "acme-data-engineer"


def test_a_digests_ask_button_puts_the_role_in_the_dm_where_follow_ups_keep_it(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    in_channel = {"type": "message", "is_ephemeral": False}
    digest = {"ts": "10.1", "text": "3 new roles"}
    slack.action("ask_about_role", "acme-data-engineer", container=in_channel, hook="ask2", message=digest)
    [card] = slack_api.wait_for("chat.postMessage", 1)
    [opened] = slack_api.calls_to("conversations.open")
    dm_id = card.args["channel"]
    assert opened.args["users"] == "U1" and dm_id.startswith("D")  # the clicker's DM with the app
    assert "Data Engineer" in texts([card])
    [pointer] = slack_api.wait_for("ask2", 1)  # where the button was clicked: where the card went
    assert pointer.args["response_type"] == "ephemeral" and "in our DM" in texts([pointer])
    # The DM is now about the role: a follow-up typed there keeps it, as after an alert's button.
    follow = {"type": "message", "channel_type": "im", "channel": dm_id, "user": "U1", "ts": "11.1"}
    slack.event({**follow, "text": "what does it pay?"}, event_id="EvAskFollow")
    answer = slack_api.wait_for("chat.postMessage", 2)[-1]
    assert answer.args["channel"] == dm_id and "$120,000" in texts([answer])
    assert store.get_conversation_posting(services.sessions, dm_id, "") == "acme-data-engineer"


def test_ask_about_role_button_answers_the_user(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.action(
        "ask_about_role",
        "globex-platform-intern",
        container={"type": "message", "is_ephemeral": False},
        hook="ask1",
        message={"ts": "10.1", "text": "digest"},
    )
    [call] = slack_api.wait_for("ask1")
    assert call.args["response_type"] == "ephemeral" and call.args["replace_original"] is False
    assert "Platform Engineering Intern" in texts([call])


def test_app_home_lists_open_roles_and_searches(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, event_id="EvHome")
    [home] = slack_api.wait_for("views.publish", 1)
    assert home.args["user_id"] == "U1"
    view = json.dumps(home.args["view"])
    assert view.index("Platform Engineering Intern") < view.index("Data Engineer")
    assert "home_search" in view
    slack.action(
        "home_search", "intern", hook=None, channel=None, container={"type": "view", "view_id": "V1"}
    )
    calls = slack_api.wait_for("views.publish", 2)
    searched = json.dumps(calls[1].args["view"])
    assert "Platform Engineering Intern" in searched and "Data Engineer" not in searched


def test_an_unexpected_failure_gives_a_reference_that_is_logged_without_tokens(
    slack: SlackClient, slack_api: FakeSlackAPI, services, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    import logging
    import re

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded while holding xoxb-test-token-1234")

    monkeypatch.setattr(services.engine, "ask", boom)
    with caplog.at_level(logging.ERROR):
        slack.command("is the data engineer role remote?", hook="err")
        [reply] = slack_api.wait_for("err")
    ref = re.search(r"reference: `([0-9a-f]{10})`", reply.args["text"])
    assert ref is not None and "exploded" not in reply.args["text"]
    assert ref.group(1) in caplog.text and "RuntimeError" in caplog.text  # the traceback is there
    assert "xoxb-test-token-1234" not in caplog.text


def test_show_by_title_words(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.command("show platform engineering intern", hook="t1")
    [call] = slack_api.wait_for("t1")
    assert "Kubernetes tooling" in texts([call])  # the posting in full, not a list


def test_share_button_reposts_the_answer_for_the_channel(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    slack.command("what is the pay for the data engineer role?", hook="sh1")
    [answer] = slack_api.wait_for("sh1")
    share = next(
        e
        for b in answer.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("action_id") == "share_answer"
    )
    slack.action("share_answer", share["value"], user="U1", hook="sh2")
    [shared] = slack_api.wait_for("sh2")
    assert shared.args["response_type"] == "in_channel" and shared.args["delete_original"] is True
    assert "$120,000" in texts([shared]) and "share_answer" not in texts([shared])


def test_url_verification_challenge_is_answered(slack: SlackClient) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"})
    resp = slack.post(body, "application/json")
    assert resp.status == 200 and "c-123" in resp.body
    assert slack.post(body, "application/json", sign(body, secret="wrong")).status == 401


def test_an_ambiguous_slash_question_is_settled_by_a_click(
    slack: SlackClient, slack_api: FakeSlackAPI, services, postings
) -> None:  # type: ignore[no-untyped-def]
    from rolecall.postings.model import Location, Posting, Section

    twin = Posting(
        id="globex-data-engineer",
        title="Data Engineer",
        company="Globex",
        locations=[Location(text="Denver, CO", city="Denver", region="Colorado", country="US")],
        sections=[Section(heading="Compensation", passages=["The salary pay range is $90,000 - $100,000."])],
    )
    services.set_postings([*postings, twin])
    slack.command("what is the salary for the data engineer role?", hook="amb1")
    [question] = slack_api.wait_for("amb1")
    buttons = [
        e
        for b in question.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("choose_posting")
    ]
    assert {b["value"].partition("|")[2] for b in buttons} == {"acme-data-engineer", "globex-data-engineer"}
    chosen = next(b for b in buttons if b["value"].endswith("|globex-data-engineer"))
    slack.action(chosen["action_id"], chosen["value"], hook="amb2")
    [answer] = slack_api.wait_for("amb2")
    assert answer.args["replace_original"] is True  # the question's buttons give way to the answer
    assert "$90,000" in texts([answer]) and "$120,000" not in texts([answer])
