"""Buttons of alerts and insights: "Stop these alerts" on an alert DM, and the Stop/Resume buttons of App
Home's alerts and gaps reports (an alert's "Ask about this role" is the digests' listener, actions.py).
Acked at once, answered once on an answer worker (``rolecall.slack.listeners.deferred``), like every other
button."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from rolecall.alerts import manage
from rolecall.alerts.compose import ALERT_RESUME, ALERT_STOP
from rolecall.slack import blocks, handlers, insights
from rolecall.slack.access import REFUSAL
from rolecall.slack.listeners import clicks
from rolecall.slack.listeners.deferred import Deferred
from rolecall.slack.listeners.home import publish_home
from rolecall.store.base import row_id


def register(app: App, defer: Deferred) -> None:
    services = defer.services

    # -- stop / resume an alert (from the DM or App Home) -----------------------------------------------
    def alert_switch(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team, user = clicks.team(body), clicks.user(body)
        alert_id = row_id(clicks.value(body))
        resume = clicks.action(body).get("action_id") == ALERT_RESUME
        home = clicks.from_home(body)
        tell = clicks.teller(body, client)

        def work() -> None:
            if alert_id is None:
                tell(blocks.notice("I can't tell which alert that was. `/roles alerts` lists yours."))
                return
            if resume:
                reply = manage.resume_alert(services, team, user, alert_id)
            else:
                reply = manage.stop_alert(services, team, user, alert_id)
            if home:
                publish_home(services, client, team_id=team, user_id=user, query="")
            tell(blocks.notice(reply))

        defer("change an alert", context, tell, work)

    clicks.on(app, re.compile(f"^({ALERT_STOP}|{ALERT_RESUME})$"), alert_switch)

    # -- stop / resume a gaps report from App Home (admins) ---------------------------------------------
    def report_switch(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team, user = clicks.team(body), clicks.user(body)
        report_id = row_id(clicks.value(body))
        resume = clicks.action(body).get("action_id") == insights.REPORT_RESUME
        where = handlers.Where(team_id=team, user_id=user)
        tell = clicks.teller(body, client)

        def work() -> None:
            if not insights.allowed(services, client, where):
                tell(blocks.notice(REFUSAL))
                return
            if report_id is None:
                tell(blocks.notice("I can't tell which report that was."))
                return
            reply = insights.manage(services, where, report_id, active=resume)
            publish_home(services, client, team_id=team, user_id=user, query="")
            tell(blocks.notice(reply))

        defer("change a gaps report", context, tell, work)

    clicks.on(app, re.compile(f"^({insights.REPORT_STOP}|{insights.REPORT_RESUME})$"), report_switch)
