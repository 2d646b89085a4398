"""The one way a conversational message (a DM, a mention, a thread reply) is answered: in its thread,
and if Slack refuses the post, the user hears why by DM."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk.web import WebClient

from rolecall.slack import blocks, delivery, handlers, routes
from rolecall.slack.listeners.deferred import Deferred


def reply(
    defer: Deferred,
    client: WebClient,
    context: Any,
    where: handlers.Where,
    raw_text: str,
    *,
    action: str,
    only_if: Callable[[], bool] | None = None,
) -> None:
    text = handlers.from_slack(raw_text)

    def work() -> None:
        # "alert me about new grad roles in NYC" saves an alert (slack/routes.py); anything else is a question
        message = routes.conversation_reply(defer.services, client, text, where)
        message = message or handlers.conversation_reply(defer.services, text, where)
        client.chat_postMessage(channel=where.channel, thread_ts=where.thread_ts, **message.as_kwargs())

    def tell(message: blocks.Message) -> None:
        delivery.dm(client, where.user_id, message)

    defer(action, context, tell, work, long=handlers.is_long(text), only_if=only_if)
