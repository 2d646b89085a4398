"""Delivering a claimed alert slot: the new matching roles, by DM, once.

The digest tick has claimed the slot (one winner across replicas and restarts); which roles are new comes
from the same cutoff and seen-postings table as channel digests, so a role is never sent twice and only
roles first seen after the alert was made are sent at all. The DM carries the run's metadata; a slot taken
over after its holder died looks for it in the DM before posting again.

A person who left the workspace, was deactivated, or cannot be messaged gets the alert paused with the
reason (shown to them on App Home if they come back), not retried at every tick.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rolecall.alerts.compose import compose_alert
from rolecall.digest import deliver as digest
from rolecall.digest.filters import Filters
from rolecall.services import Services
from rolecall.store import digests as store

log = logging.getLogger(__name__)

# Slack's answers meaning "this person cannot be messaged": pause, don't retry.
UNREACHABLE = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "user_disabled",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
    }
)


def _dm_channel(client: WebClient, user_id: str) -> str | None:
    try:
        return str(client.conversations_open(users=user_id)["channel"]["id"])
    except SlackApiError as exc:
        log.info(
            "could not open the DM with %s to look for an earlier alert: %s",
            user_id,
            exc.response.get("error"),
        )
        return None


def find_dm(
    client: WebClient, sub: store.Subscription, run_id: int, *, oldest: datetime, latest: datetime
) -> tuple[bool, str | None]:
    """An alert run's DM, by its metadata, in the person's DM with the app (for an orphaned claim)."""
    dm = _dm_channel(client, sub.user_id)
    if dm is None:
        return False, None
    return digest._find_post(client, dm, run_id, oldest=oldest, latest=latest)


def deliver_alert(
    services: Services,
    client: WebClient,
    sub: store.Subscription,
    run_id: int,
    slot: datetime,
    now: datetime,
    options: Any,
    taken_over: bool,
) -> digest.Outcome:
    postings = digest.new_postings_for(services, sub, now)
    ids = [p.id for p in postings]
    describe = Filters.from_json(sub.filters).describe()
    message = compose_alert(postings, alert_id=sub.id, describe=describe, now=now, tz=sub.timezone)
    if message is None:
        digest._finish(services, sub.id, run_id, status="empty", now=now, cutoff=now)
        return digest.Outcome(sub.id, slot, "empty", "nothing new")
    if taken_over:
        dm = _dm_channel(client, sub.user_id)
        ts = digest._already_posted(client, dm, run_id, slot) if dm else None
        if ts is not None:
            digest._finish(
                services, sub.id, run_id, status="posted", now=now, cutoff=now, message_ts=ts, posting_ids=ids
            )
            return digest.Outcome(sub.id, slot, "posted", "found the earlier DM", len(ids))
    digest._PACER.wait(sub.user_id, options.pace_seconds)
    try:
        resp = client.chat_postMessage(
            channel=sub.user_id,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": digest.METADATA_EVENT,
                "event_payload": {"run_id": run_id, "subscription_id": sub.id, "slot": slot.isoformat()},
            },
        )
    except SlackApiError as exc:
        code = str(exc.response.get("error") or exc.response.status_code)
        if code in UNREACHABLE:
            digest._finish(services, sub.id, run_id, status="paused", now=now, error=code)
            log.info("alert %s paused: %s", sub.id, code)
            return digest.Outcome(sub.id, slot, "paused", code)
        digest._finish(services, sub.id, run_id, status="failed", now=now, error=code)
        return digest.Outcome(sub.id, slot, "failed", code)
    except Exception as exc:  # network: the outcome is unknown; the lease decides when to look again
        log.warning("alert %s slot %s: outcome unknown (%s)", sub.id, slot.isoformat(), type(exc).__name__)
        return digest.Outcome(sub.id, slot, "unknown", type(exc).__name__)
    digest._finish(
        services,
        sub.id,
        run_id,
        status="posted",
        now=now,
        cutoff=now,
        message_ts=str(resp.get("ts")),
        posting_ids=ids,
    )
    return digest.Outcome(sub.id, slot, "posted", str(resp.get("ts")), len(ids))
