"""Messages: every DM is a question, and so is a reply in a channel thread Rolecall is already answering in
(follow-ups there need no fresh @mention). Other channel chatter is never read as a question."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from rolecall.slack import handlers
from rolecall.slack.listeners import conversation
from rolecall.slack.listeners.deferred import Deferred
from rolecall.store import events as store

# Edits, deletions, joins and bot posts are not questions; file shares with text are.
ANSWERABLE_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
CHANNEL_TYPES = frozenset({"channel", "group"})


def is_from_person(event: dict[str, Any]) -> bool:
    return (
        event.get("subtype") in ANSWERABLE_SUBTYPES
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and bool(event.get("user"))
    )


def is_question(event: dict[str, Any]) -> bool:
    """A DM from a person (thread replies in channels are checked against the store, see below)."""
    return event.get("channel_type") == "im" and is_from_person(event)


def is_thread_follow_up(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A person's reply inside a channel thread, not addressed to the bot by mention: a mention arrives as
    ``app_mention`` too, and that listener answers it."""
    if event.get("channel_type") not in CHANNEL_TYPES or not event.get("thread_ts"):
        return False
    if bot_user_id and f"<@{bot_user_id}" in (event.get("text") or ""):
        return False
    return is_from_person(event)


def register(app: App, defer: Deferred) -> None:
    services = defer.services

    def message(
        ack: Ack, event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        if not (event.get("channel") and event.get("ts")):
            return
        only_if = None
        if is_question(event):
            thread = event.get("thread_ts") or ""
        elif is_thread_follow_up(event, context.bot_user_id):
            thread = event["thread_ts"]

            def only_if() -> bool:
                # Only threads where Rolecall was asked: other threads in the channel are people talking.
                return store.get_conversation_posting(services.sessions, event["channel"], thread) is not None
        else:
            return
        where = handlers.Where(
            team_id=body.get("team_id", ""), channel=event["channel"], thread=thread, user_id=event["user"]
        )
        text = event.get("text") or ""
        conversation.reply(defer, client, context, where, text, action="answer a message", only_if=only_if)

    app.event("message")(message)
