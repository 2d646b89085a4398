"""@mentions in channels: the answer goes in a thread under the question; replies in that thread are
follow-ups (messages.py), and the thread remembers which posting it is about."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import blocks, delivery, handlers


def register(app: App, services: Services) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def answer(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or not event.get("user"):
            return
        where = handlers.Where(
            team_id=body.get("team_id", ""),
            channel=event["channel"],
            thread=event.get("thread_ts") or event["ts"],
            user_id=event["user"],
        )
        text = handlers.from_slack(event.get("text") or "")

        def work() -> None:
            message = handlers.conversation_reply(services, text, where)
            client.chat_postMessage(channel=where.channel, thread_ts=where.thread_ts, **message.as_kwargs())

        def tell(message: blocks.Message) -> None:
            delivery.notify_user(client, where.user_id, message)

        delivery.guarded("answer a mention", tell, work)

    app.event("app_mention")(ack=ack_now, lazy=[answer])
