"""Direct messages: every DM is a question; follow-ups use the posting the conversation is about."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import blocks, delivery, handlers

# Edits, deletions, joins and bot posts are not questions; file shares with text are.
ANSWERABLE_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def is_question(event: dict[str, Any]) -> bool:
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in ANSWERABLE_SUBTYPES
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and bool(event.get("user"))
    )


def register(app: App, services: Services) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def answer(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if not is_question(event):
            return
        where = handlers.Where(
            team_id=body.get("team_id", ""),
            channel=event["channel"],
            thread=event.get("thread_ts") or "",
            user_id=event["user"],
        )
        text = handlers.from_slack(event.get("text") or "")

        def work() -> None:
            if text.casefold() in {"", "help", "?"}:
                message = blocks.help_message(digests=handlers.digest_module() is not None)
            else:
                message = handlers.answer_reply(services, text, where).message
            client.chat_postMessage(channel=where.channel, thread_ts=where.thread_ts, **message.as_kwargs())

        def tell(message: blocks.Message) -> None:
            delivery.notify_user(client, where.user_id, message)

        delivery.guarded("answer a DM", tell, work)

    app.event("message")(ack=ack_now, lazy=[answer])
