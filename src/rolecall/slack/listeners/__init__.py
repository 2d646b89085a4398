"""Bolt listeners, one module per surface; each has ``register(app, services)`` and stays thin:
ack at once, then hand the work to :mod:`rolecall.slack.handlers` in a lazy listener (a worker thread),
so Slack always gets its ack within 3 seconds however long an answer takes."""

from __future__ import annotations

from slack_bolt import App

from rolecall.services import Services
from rolecall.slack.listeners import actions, alerts_insights, commands, home, mentions, messages


def register_all(app: App, services: Services) -> None:
    for module in (commands, messages, mentions, home, actions, alerts_insights):
        module.register(app, services)
