"""What every button listener needs: the click's parts, where its private reply goes, and registering a
listener that acks at once and leaves the work to an answer worker (``rolecall.slack.listeners.deferred``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.web import WebClient

from rolecall.slack import blocks, delivery

# A listener's arguments, as Bolt passes them: the click's body, a Web API client, the request context.
Handler = Callable[[dict[str, Any], WebClient, BoltContext], None]


def action(body: dict[str, Any]) -> dict[str, Any]:
    return (body.get("actions") or [{}])[0]


def value(body: dict[str, Any]) -> str:
    return str(action(body).get("value") or "")


def user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id", "") or (body.get("user") or {}).get("team_id", ""))


def channel(body: dict[str, Any]) -> str:
    return str((body.get("channel") or {}).get("id", ""))


def from_home(body: dict[str, Any]) -> bool:
    """True for a click in App Home (a view), whose sections are republished after a change."""
    return (body.get("container") or {}).get("type") == "view"


def target(body: dict[str, Any], client: WebClient) -> delivery.ResponseTarget:
    return delivery.ResponseTarget(client, body.get("response_url"), channel(body), user(body))


def teller(body: dict[str, Any], client: WebClient) -> Callable[[blocks.Message], None]:
    """Reply privately to whoever clicked: through the response_url when there is one, else by DM."""
    where = target(body, client)

    def tell(message: blocks.Message) -> None:
        if where.response_url:
            delivery.respond(where, message, replace_original=False)
        else:
            delivery.dm(client, where.user, message)

    return tell


def on(app: App, action_id: str | re.Pattern[str], handler: Handler | None) -> None:
    """Ack the click at once; ``handler`` hands its work to an answer worker."""

    def listener(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        if handler is not None:
            handler(body, client, context)

    app.action(action_id)(listener)
