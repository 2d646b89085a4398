"""``/roles``: ack at once, answer through the response_url (ephemeral unless the user shares)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from rolecall.slack import blocks, delivery, handlers, routes
from rolecall.slack.listeners.deferred import Deferred

log = logging.getLogger(__name__)


def register(app: App, defer: Deferred) -> None:
    services = defer.services

    def roles(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        text = body.get("text") or ""
        where = handlers.Where(
            team_id=body.get("team_id", ""),
            channel=body.get("channel_id", ""),
            thread=f"user:{body.get('user_id', '')}",
            user_id=body.get("user_id", ""),
        )
        target = delivery.ResponseTarget(client, body.get("response_url"), where.channel, where.user_id)

        def user_tz() -> str | None:
            try:
                return client.users_info(user=where.user_id)["user"].get("tz")
            except Exception as exc:
                log.warning("users.info failed: %s", delivery.slack_error_code(exc) or type(exc).__name__)
                return None

        def work() -> None:
            # insights and alerts first (slack/routes.py); None means the core command handles it
            reply = routes.command_reply(services, client, text, where, user_tz=user_tz)
            reply = reply or handlers.run_command(services, text, where, user_tz=user_tz)
            delivery.respond(target, reply.message, public=reply.public)

        def tell(message: blocks.Message) -> None:
            delivery.respond(target, message)

        defer("answer /roles", context, tell, work, long=handlers.is_long(text))

    app.command("/roles")(roles)
