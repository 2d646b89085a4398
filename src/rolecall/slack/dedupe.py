"""Answering each request once: the keys that make a delivery unique, claimed in the database before any
work, and released when the answer never reached anyone so that Slack's redelivery is answered.

The keys are computed while the request is routed (no I/O); the claim, a database write, is made by the
answer worker just before it answers (:mod:`rolecall.slack.listeners.deferred`), so acknowledging Slack
never waits on the database's commit. A duplicate is acknowledged and then dropped by that claim.

* Events: their ``event_id`` (Slack's retries reuse it), and the message itself: ``msg:<channel>:<ts>``
  for DMs and mentions (one DM can arrive as ``message.im`` and ``app_mention``), ``chan:<channel>:<ts>``
  for other channel messages (a thread follow-up delivered under two event ids).
* Everything else (slash commands, button clicks): a digest of the signed request itself, timestamp and
  body. A replayed request is byte for byte the same; two real clicks differ (trigger id, action ts).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest

from rolecall.services import Services
from rolecall.store import events as store

log = logging.getLogger(__name__)

CONTEXT_KEY = "rolecall_delivery_keys"
UNKEYED_TYPES = frozenset({"url_verification", "ssl_check"})
EDITS = frozenset({"message_changed", "message_deleted"})


def event_keys(body: dict[str, Any]) -> list[str]:
    """An event delivery's keys: its event id, and the message's own (channel, ts) when it is one.

    A channel message mentioning the bot arrives as ``app_mention`` and as ``message``: the two get
    different namespaces (``msg:`` and ``chan:``) so the message listener, which ignores mentions, cannot
    swallow the question by claiming it first. Edits and deletions share the original's ts: no message key.
    """
    keys: list[str] = []
    if body.get("event_id"):
        keys.append(f"event:{body['event_id']}")
    event = body.get("event")
    if not isinstance(event, dict) or not (event.get("channel") and event.get("ts")):
        return keys
    kind, channel_type = event.get("type"), event.get("channel_type")
    if kind == "message" and event.get("subtype") in EDITS:
        return keys
    if kind == "app_mention" or (kind == "message" and channel_type in (None, "im")):
        keys.append(f"msg:{event['channel']}:{event['ts']}")
    elif kind == "message":
        keys.append(f"chan:{event['channel']}:{event['ts']}")
    return keys


def request_key(body: dict[str, Any], raw_body: str, timestamp: str | None) -> str:
    """A slash command or interaction: the same signed request replayed gives the same key. Socket Mode
    has no raw body or timestamp; its redelivered envelope carries the same payload."""
    if raw_body:
        material = f"{timestamp or ''}:{raw_body}"
    else:
        material = json.dumps(body, sort_keys=True, ensure_ascii=True)
    digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()
    return f"req:{digest}"


def keys_for(request: BoltRequest) -> list[str]:
    body = request.body
    kind = body.get("type")
    if kind in UNKEYED_TYPES:
        return []
    if kind == "event_callback":
        return event_keys(body)
    stamp = (request.headers.get("x-slack-request-timestamp") or [None])[0]
    return [request_key(body, request.raw_body, stamp)]


def middleware(services: Services) -> Callable[..., Any]:
    """Bolt middleware: note the delivery's keys in the context, for the worker's claim."""

    def note_keys(request: BoltRequest, context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = keys_for(request)
        next()

    return note_keys


def claim(services: Services, context: BoltContext | dict[str, Any]) -> bool:
    """Claim the delivery before answering it; False for a redelivery or a twin already claimed."""
    keys = context.get(CONTEXT_KEY) or []
    if keys and not store.claim_delivery(services.sessions, keys, services.now()):
        log.info("duplicate delivery ignored: %s", keys[0][:80])
        return False
    return True


def release(services: Services, context: BoltContext | dict[str, Any]) -> None:
    """The answer (and any apology) never reached the user: forget the claim so a redelivery is answered."""
    keys = context.get(CONTEXT_KEY) or []
    try:
        store.release_delivery(services.sessions, keys)
    except Exception as exc:
        log.warning("could not release delivery %s: %s", keys[:1], type(exc).__name__)
        return
    if keys:
        log.warning("nothing reached the user; released %s so a redelivery is answered", keys[0][:80])
