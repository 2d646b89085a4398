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

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rolecall.alerts.compose import compose_alert
from rolecall.digest import slots
from rolecall.digest.deliver import new_postings_for
from rolecall.digest.filters import Filters
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
    return slots.find_post(client, dm, run_id, oldest=oldest, latest=latest)


def deliver_alert(claim: slots.Claim) -> slots.Outcome:
    sub = claim.sub
    postings = new_postings_for(claim.services, sub, claim.now)
    ids = [p.id for p in postings]
    describe = Filters.from_json(sub.filters).describe()
    message = compose_alert(postings, alert_id=sub.id, describe=describe, now=claim.now, tz=sub.timezone)
    if message is None:
        return claim.empty("nothing new")
    if claim.taken_over:
        dm = _dm_channel(claim.client, sub.user_id)
        ts = claim.already_posted(dm) if dm else None
        if ts is not None:
            return claim.posted(ts, "found the earlier DM", len(ids), ids)

    def paused(code: str) -> None:
        log.info("alert %s paused: %s", sub.id, code)

    resp = claim.send(
        lambda: claim.post_message(sub.user_id, message), what="alert", pause_on=UNREACHABLE, on_pause=paused
    )
    if isinstance(resp, slots.Outcome):
        return resp
    ts = str(resp.get("ts"))
    return claim.posted(ts, ts, len(ids), ids)
