"""``/roles``: ack at once, answer through the response_url (ephemeral unless the user shares)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import blocks, delivery, handlers, routes

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def run(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        where = handlers.Where(
            team_id=body.get("team_id", ""),
            channel=body.get("channel_id", ""),
            thread=f"user:{body.get('user_id', '')}",
            user_id=body.get("user_id", ""),
        )

        def user_tz() -> str | None:
            try:
                return client.users_info(user=where.user_id)["user"].get("tz")
            except Exception as exc:
                log.warning("users.info failed: %s", delivery.slack_error_code(exc) or type(exc).__name__)
                return None

        def work() -> None:
            text = body.get("text", "")
            # insights and alerts first (slack/routes.py); None means the core command handles it
            reply = routes.command_reply(services, client, text, where, user_tz=user_tz)
            reply = reply or handlers.run_command(services, text, where, user_tz=user_tz)
            respond(**reply.message.as_kwargs(), response_type="in_channel" if reply.public else "ephemeral")

        def tell(message: blocks.Message) -> None:
            respond(**message.as_kwargs(), response_type="ephemeral")

        delivery.guarded("answer /roles", tell, work)

    app.command("/roles")(ack=ack_now, lazy=[run])
