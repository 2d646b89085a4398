"""Bolt listeners, one module per surface; each has ``register(app, defer)`` and stays thin: ack at once,
then hand the work to :mod:`rolecall.slack.handlers` on an answer worker (``defer``), so Slack always gets
its ack within 3 seconds however long an answer takes, and a long question cannot hold every worker."""

from __future__ import annotations

from slack_bolt import App

from rolecall.slack.listeners import actions, alerts_insights, commands, home, mentions, messages
from rolecall.slack.listeners.deferred import Deferred


def register_all(app: App, defer: Deferred) -> None:
    for module in (commands, messages, mentions, home, actions, alerts_insights):
        module.register(app, defer)
