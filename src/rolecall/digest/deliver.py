"""Send every due digest exactly once: claim the slot, compose, post, record the outcome.

Safety comes from the database, not from the process: the claim is an INSERT on a unique
(subscription, slot) key, so of several replicas ticking at once exactly one wins. A claim carries a
lease: if its holder dies between claim and post, another tick takes it over once the lease has run out
(a conditional UPDATE, again won by one process). Before re-posting a taken-over slot we look in the
channel for a message carrying this run's metadata, so a post whose outcome was lost is not repeated.

A holder that died and was not followed by a tick within the grace period leaves an orphaned claim on a
slot nobody will run again. Before the subscription's next slot is sent, each orphan is resolved the same
way: found where its kind posts (``digest/kinds.py``: the channel, the person's DM, the channel's
uploads), it counts as posted (its roles are not announced twice); known not posted, its roles roll into
this digest.

What happens once a slot is held — recording the outcome, pacing, looking for a lost post, sending — is
:mod:`rolecall.digest.slots`, shared with the other kinds.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from rolecall.digest import slots
from rolecall.digest.cadence import latest_slot
from rolecall.digest.compose import compose, escape
from rolecall.digest.filters import matches
from rolecall.digest.kinds import announces_postings, kind_deliverer, kind_finder
from rolecall.digest.slots import DeliveryOptions, Outcome  # the tick's options and outcomes
from rolecall.digest.subscriptions import cadence_of, filters_of
from rolecall.errors import ConfigError
from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.store import digests as store

log = logging.getLogger(__name__)

CHANNEL_GONE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


@dataclass
class DueReport:
    now: datetime
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def posted(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "posted")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def oauth_enabled(services: Services) -> bool:
    s = services.settings
    return bool(s.slack_client_id and s.slack_client_secret)


def token_for_team(services: Services, team_id: str | None, installations: Any = None) -> str:
    """The bot token that may post in ``team_id``: its OAuth installation's when Rolecall is installed
    through OAuth, else the single-workspace ``SLACK_BOT_TOKEN``."""
    s = services.settings
    if team_id and oauth_enabled(services):
        if installations is None:
            from rolecall.store.events import oauth_stores

            installations, _ = oauth_stores(services.db, s.slack_client_id or "")
        bot = installations.find_bot(enterprise_id=None, team_id=team_id)
        if bot is not None and bot.bot_token:
            return str(bot.bot_token)
    if s.slack_bot_token is None:
        where = f" and workspace {team_id} has no OAuth installation" if oauth_enabled(services) else ""
        raise ConfigError(f"SLACK_BOT_TOKEN is not set{where}: digests cannot be posted.")
    return s.slack_bot_token.get_secret_value()


def make_client(services: Services, team_id: str | None = None, *, installations: Any = None) -> WebClient:
    token = token_for_team(services, team_id, installations)
    client = WebClient(token=token, base_url=services.settings.slack_api_url)
    # 429: wait Retry-After and try again (twice); a connection error before the request was sent: retry.
    client.retry_handlers = [ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(max_retry_count=2)]
    return client


class TeamClients:
    """One Web API client per workspace for a tick, built on first use (OAuth: each team's own token)."""

    def __init__(self, services: Services, fixed: WebClient | None = None) -> None:
        self._services = services
        self._fixed = fixed
        self._clients: dict[str, WebClient] = {}
        self._installations: Any = None
        if fixed is None and not oauth_enabled(services):
            # Single workspace: a missing token is a configuration error, reported before anything is claimed.
            self._fixed = make_client(services)
        elif fixed is None:
            from rolecall.store.events import oauth_stores

            self._installations, _ = oauth_stores(services.db, services.settings.slack_client_id or "")

    def for_team(self, team_id: str) -> WebClient:
        if self._fixed is not None:
            return self._fixed
        if team_id not in self._clients:
            self._clients[team_id] = make_client(self._services, team_id, installations=self._installations)
        return self._clients[team_id]


def new_postings_for(services: Services, sub: store.Subscription, until: datetime) -> list[Posting]:
    """Open roles first seen after the subscription's cutoff (up to ``until``) that pass its filters."""
    filters = filters_of(sub)
    today = until.date()
    with services.sessions() as session:
        rows = store.open_postings_seen_between(session, sub.cutoff, until)
    found: list[Posting] = []
    for row in rows:
        try:
            posting = Posting.model_validate_json(row.data)
        except ValidationError as exc:
            log.warning("stored posting %s no longer loads: %s", row.posting_id, exc)
            continue
        if not posting.is_closed(today) and matches(filters, posting):
            found.append(posting)
    return found


def run_due(
    services: Services,
    now: datetime | None = None,
    *,
    options: DeliveryOptions | None = None,
    client: WebClient | None = None,
) -> DueReport:
    """Run every slot due at ``now``: what the scheduler's tick and ``rolecall digest run-due`` do."""
    now = now or services.now()
    options = options or DeliveryOptions()
    clients = TeamClients(services, client)
    worker = worker_id()
    report = DueReport(now=now)
    with services.sessions() as session:
        subs = store.list_subscriptions(session, status="active", kinds=None)  # digests, reports, alerts
        due = [(sub, slot) for sub in subs if (slot := _due_slot(sub, now, options)) is not None]
        # One query for the usual case, every due slot already done: the tick stays cheap with many subs.
        finished = store.finished_slots(session, [(sub.id, slot) for sub, slot in due])
    for sub, slot in due:
        if (sub.id, slot) in finished:
            continue
        try:
            team_client = clients.for_team(sub.team_id)
        except ConfigError as exc:
            # Nothing claimed: once the workspace is (re)installed, the next tick sends it.
            log.warning("digest %s not sent: %s", sub.id, exc)
            report.outcomes.append(Outcome(sub.id, slot, "failed", str(exc)))
            continue
        if _resolve_orphans(services, team_client, sub, slot, now, options, worker):
            with services.sessions() as session:
                fresh = store.get_subscription(session, sub.id, kinds=None)  # its cutoff may have moved
            if fresh is None or fresh.status != "active":
                continue
            sub = fresh
        outcome = _run_one(services, team_client, sub, slot, now, options, worker)
        if outcome is not None:
            report.outcomes.append(outcome)
    return report


def _due_slot(sub: store.Subscription, now: datetime, options: DeliveryOptions) -> datetime | None:
    slot = latest_slot(cadence_of(sub), now)
    if slot is None or slot < sub.created_at:
        return None
    if now - slot > options.grace:
        # Missed while down for too long: skip it; its roles stay new and go in the next digest.
        return None
    return slot


def _run_one(
    services: Services,
    client: WebClient,
    sub: store.Subscription,
    slot: datetime,
    now: datetime,
    options: DeliveryOptions,
    worker: str,
) -> Outcome | None:
    lease_until = now + options.lease
    with services.sessions() as session:
        run = store.get_run(session, sub.id, slot)
        session.commit()  # end the read before writing: SQLite cannot upgrade a stale read snapshot
        if run is None:
            run = store.try_claim(session, sub, slot, now, lease_until, worker)
            if run is None:
                return Outcome(sub.id, slot, "taken", "another process claimed this slot")
            taken_over = False
        elif run.status in store.FINAL_STATUSES:
            return None
        elif run.status == "failed" and run.attempts >= options.max_attempts:
            return None  # given up on (logged when it failed); its roles roll into the next digest
        elif store.try_take_over(session, run.id, now, lease_until, worker, options.max_attempts):
            taken_over = True
        else:
            return Outcome(sub.id, slot, "taken", f"claim held ({run.status})")
        run_id = run.id
    deliver = kind_deliverer(sub.kind) or _deliver  # gaps reports and alerts share the claim above
    return deliver(slots.Claim(services, client, sub, run_id, slot, now, options, taken_over))


CLOCK_SKEW = timedelta(minutes=1)  # between our clock and the ts Slack gave the post


def _find_in_channel(
    client: WebClient, sub: store.Subscription, run_id: int, *, oldest: datetime, latest: datetime
) -> tuple[bool, str | None]:
    """A channel digest's post: in its channel, carrying the run's metadata."""
    return slots.find_post(client, sub.channel_id, run_id, oldest=oldest, latest=latest)


def _resolve_orphans(
    services: Services,
    client: WebClient,
    sub: store.Subscription,
    slot: datetime,
    now: datetime,
    options: DeliveryOptions,
    worker: str,
) -> bool:
    """Settle this subscription's earlier slots still claimed by a holder that died; True when any was."""
    with services.sessions() as session:
        orphans = [
            (run.id, run.claimed_at, run.lease_until, run.slot)
            for run in store.runs_for(session, sub.id)
            if run.status == "claimed" and run.slot < slot and run.lease_until < now
        ]
    resolved = False
    for run_id, claimed_at, lease_until, old_slot in orphans:
        with services.sessions() as session:
            if not store.try_take_over(
                session, run_id, now, now + options.lease, worker, options.max_attempts
            ):
                continue  # another process is settling it
        resolved = True
        # Each kind posts somewhere of its own (a channel, the person's DM, a channel's uploads).
        find = kind_finder(sub.kind) or _find_in_channel
        checked, ts = find(
            client, sub, run_id, oldest=claimed_at - CLOCK_SKEW, latest=lease_until + CLOCK_SKEW
        )
        if ts is not None:
            # It did post: those roles were announced, up to the time it composed them (its claim).
            found = new_postings_for(services, sub, claimed_at) if announces_postings(sub.kind) else []
            ids = [p.id for p in found]
            slots.finish(
                services,
                sub.id,
                run_id,
                status="posted",
                now=now,
                cutoff=claimed_at,
                message_ts=ts,
                posting_ids=ids,
            )
            log.info("digest %s slot %s: orphaned claim found posted (%s)", sub.id, old_slot.isoformat(), ts)
            continue
        why = "never posted" if checked else "the channel's history could not be read"
        slots.finish(services, sub.id, run_id, status="failed", now=now, error=f"orphaned claim: {why}")
        log.warning(
            "digest %s slot %s: orphaned claim, %s; its roles go in the next digest",
            sub.id,
            old_slot.isoformat(),
            why,
        )
    return resolved


def _deliver(claim: slots.Claim) -> Outcome:
    """A channel digest: the roles new since the cutoff, in its channel."""
    sub = claim.sub
    postings = new_postings_for(claim.services, sub, claim.now)
    ids = [p.id for p in postings]
    if claim.taken_over and postings:
        ts = claim.already_posted(sub.channel_id)
        if ts is not None:
            return claim.posted(ts, "found the earlier post", len(ids), ids)
    message = compose(postings, now=claim.now, tz=sub.timezone)
    if message is None:
        return claim.empty("nothing new")
    resp = claim.send(
        lambda: claim.post_message(sub.channel_id, message),
        what="digest",
        pause_on=CHANNEL_GONE,
        on_pause=lambda code: _tell_subscriber(claim.client, sub, code),
    )
    if isinstance(resp, Outcome):
        return resp
    ts = str(resp.get("ts"))
    return claim.posted(ts, ts, len(ids), ids)


_REASONS = {
    "not_in_channel": "I'm not a member of that channel any more",
    "channel_not_found": "that channel no longer exists (or I can't see it)",
    "is_archived": "that channel has been archived",
}


def _tell_subscriber(client: WebClient, sub: store.Subscription, code: str) -> None:
    reason = _REASONS.get(code, code)
    text = (
        f"I paused your roles digest #{sub.id} for <#{escape(sub.channel_id)}>: {reason}. "
        f"Invite me back with `/invite @Rolecall`, then run `/roles resume {sub.id}` there."
    )
    slots.tell_owner(client, sub, text, what="digest")
