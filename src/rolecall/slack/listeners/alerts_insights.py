"""Buttons of alerts and insights: "Ask about this role" and "Stop these alerts" on an alert DM, and the
Stop/Resume buttons of App Home's alerts and gaps reports."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.web import WebClient

from rolecall.alerts import manage
from rolecall.alerts.compose import ALERT_ASK, ALERT_RESUME, ALERT_STOP
from rolecall.services import Services
from rolecall.slack import blocks, delivery, handlers, insights
from rolecall.slack.access import REFUSAL
from rolecall.slack.listeners.home import publish_home


def _action(body: dict[str, Any]) -> dict[str, Any]:
    return (body.get("actions") or [{}])[0]


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id", "") or (body.get("user") or {}).get("team_id", ""))


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"


def register(app: App, services: Services) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def tell_for(body: dict[str, Any], respond: Respond, client: WebClient):  # type: ignore[no-untyped-def]
        def tell(message: blocks.Message) -> None:
            if body.get("response_url"):
                respond(**message.as_kwargs(), response_type="ephemeral", replace_original=False)
            else:
                delivery.notify_user(client, _user(body), message)

        return tell

    # -- "Ask about this role" on an alert: the role's card in the DM, and the DM is now about it --------
    def ask_about(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        user = _user(body)
        channel = (body.get("channel") or {}).get("id") or user
        # thread "": the DM's own timeline, so the next message there ("what's the pay?") is about this role
        where = handlers.Where(team_id=_team(body), channel=channel, thread="", user_id=user)

        def work() -> None:
            message = handlers.summary_reply(services, _action(body).get("value", ""), where)
            client.chat_postMessage(channel=channel, **message.as_kwargs(), unfurl_links=False)

        delivery.guarded("summarise a role", tell_for(body, respond, client), work)

    app.action(ALERT_ASK)(ack=ack_now, lazy=[ask_about])

    # -- stop / resume an alert (from the DM or App Home) -----------------------------------------------
    def alert_switch(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        action = _action(body)
        team, user, value = _team(body), _user(body), str(action.get("value", ""))
        tell = tell_for(body, respond, client)

        def work() -> None:
            if not value.isdigit():
                tell(blocks.notice("I can't tell which alert that was. `/roles alerts` lists yours."))
                return
            if action.get("action_id") == ALERT_RESUME:
                reply = manage.resume_alert(services, team, user, int(value))
            else:
                reply = manage.stop_alert(services, team, user, int(value))
            if _from_home(body):
                publish_home(services, client, team_id=team, user_id=user, query="")
            tell(blocks.notice(reply))

        delivery.guarded("change an alert", tell, work)

    app.action(re.compile(f"^({ALERT_STOP}|{ALERT_RESUME})$"))(ack=ack_now, lazy=[alert_switch])

    # -- stop / resume a gaps report from App Home (admins) ---------------------------------------------
    def report_switch(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        action = _action(body)
        team, user, value = _team(body), _user(body), str(action.get("value", ""))
        tell = tell_for(body, respond, client)
        where = handlers.Where(team_id=team, user_id=user)

        def work() -> None:
            if not insights.allowed(services, client, where):
                tell(blocks.notice(REFUSAL))
                return
            if not value.isdigit():
                tell(blocks.notice("I can't tell which report that was."))
                return
            reply = insights.manage(
                services, where, int(value), active=action.get("action_id") == insights.REPORT_RESUME
            )
            publish_home(services, client, team_id=team, user_id=user, query="")
            tell(blocks.notice(reply))

        delivery.guarded("change a gaps report", tell, work)

    app.action(re.compile(f"^({insights.REPORT_STOP}|{insights.REPORT_RESUME})$"))(
        ack=ack_now, lazy=[report_switch]
    )
