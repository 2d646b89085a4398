"""App Home: open roles newest first, a search box and quick filters, and the user's digests."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import delivery, handlers, routes

log = logging.getLogger(__name__)


def publish_home(services: Services, client: WebClient, *, team_id: str, user_id: str, query: str) -> None:
    try:
        digests = handlers.home_digests(services, team_id, user_id)
    except Exception as exc:
        # The digest section is a guest here: if it fails, the roles still show.
        delivery.failure_message(exc, action="build the home digests section")
        digests = None
    extra = routes.home_sections(services, client, team_id=team_id, user_id=user_id)  # alerts, insights
    view = handlers.home(services, query, digests, extra=extra)
    client.views_publish(user_id=user_id, view=view.to_dict())


def register(app: App, services: Services) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = event.get("user", "")
        try:
            publish_home(services, client, team_id=body.get("team_id", ""), user_id=user_id, query="")
        except Exception as exc:
            delivery.failure_message(exc, action="publish the App Home")

    app.event("app_home_opened")(ack=ack_now, lazy=[opened])
