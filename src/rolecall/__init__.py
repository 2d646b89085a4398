"""Rolecall: answers candidates' questions about open roles, inside Slack."""

__version__ = "0.1.0"
