"""@mentions in channels: the answer goes in a thread under the question; replies in that thread are
follow-ups (messages.py), and the thread remembers which posting it is about."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import handlers
from rolecall.slack.listeners import conversation


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
        conversation.reply(services, client, where, event.get("text") or "", action="answer a mention")

    app.event("app_mention")(ack=ack_now, lazy=[answer])
