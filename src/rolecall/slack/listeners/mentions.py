"""@mentions in channels: the answer goes in a thread under the question; replies in that thread are
follow-ups (messages.py), and the thread remembers which posting it is about."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from rolecall.slack import handlers
from rolecall.slack.listeners import conversation
from rolecall.slack.listeners.deferred import Deferred


def register(app: App, defer: Deferred) -> None:
    def mention(
        ack: Ack, event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        if event.get("bot_id") or not event.get("user") or not event.get("channel") or not event.get("ts"):
            return
        where = handlers.Where(
            team_id=body.get("team_id", ""),
            channel=event["channel"],
            thread=event.get("thread_ts") or event["ts"],
            user_id=event["user"],
        )
        conversation.reply(defer, client, context, where, event.get("text") or "", action="answer a mention")

    app.event("app_mention")(mention)
