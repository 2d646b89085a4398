"""App Home: open roles newest first, a search box and quick filters, and the user's digests."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import delivery, handlers, routes
from rolecall.slack.listeners.deferred import Deferred

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


def register(app: App, defer: Deferred) -> None:
    services = defer.services

    def opened(
        ack: Ack, event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        if event.get("tab", "home") != "home":
            return
        user_id = event.get("user") or ""
        team_id = body.get("team_id", "")
        defer.quietly(
            "publish the App Home",
            context,
            lambda: publish_home(services, client, team_id=team_id, user_id=user_id, query=""),
        )

    app.event("app_home_opened")(opened)
