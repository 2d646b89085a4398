"""The one way a conversational message (a DM, a mention, a thread reply) is answered: in its thread,
and if Slack refuses the post, the user hears why by DM."""

from __future__ import annotations

from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import blocks, delivery, handlers, routes


def reply(
    services: Services, client: WebClient, where: handlers.Where, raw_text: str, *, action: str
) -> None:
    text = handlers.from_slack(raw_text)

    def work() -> None:
        # "alert me about new grad roles in NYC" saves an alert (slack/routes.py); anything else is a question
        message = routes.conversation_reply(services, client, text, where)
        message = message or handlers.conversation_reply(services, text, where)
        client.chat_postMessage(channel=where.channel, thread_ts=where.thread_ts, **message.as_kwargs())

    def tell(message: blocks.Message) -> None:
        delivery.notify_user(client, where.user_id, message)

    delivery.guarded(action, tell, work)
