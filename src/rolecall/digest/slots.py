"""The slot machinery every kind of subscription shares, once a slot is claimed: recording its outcome,
pacing posts, finding a post whose outcome was lost, and sending with Slack's answers turned into outcomes.

:func:`rolecall.digest.deliver.run_due` claims each due slot (one winner across replicas) and hands the
deliverer of the subscription's kind (``digest/kinds.py``) a :class:`Claim`: the channel digest
(``digest/deliver.py``), the weekly gaps report (``insights/report.py``) and the personal alert
(``alerts/deliver.py``) compose differently and post to different places, and do everything else through
this module, so the three cannot drift apart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rolecall.services import Services
from rolecall.store import digests as store

log = logging.getLogger(__name__)

METADATA_EVENT = "rolecall_digest"  # the message metadata every digest and alert carries: its run id
HISTORY_PAGES = 5  # conversations.history pages read looking for one run's post (200 messages each)


@dataclass(frozen=True)
class DeliveryOptions:
    lease: timedelta = timedelta(minutes=10)  # a claim older than this, still unfinished, is retried
    grace: timedelta = timedelta(hours=12)  # a slot missed by more than this is skipped (roles roll over)
    max_attempts: int = 3  # for failures Slack reported (outcome known: not posted)
    pace_seconds: float = 1.0  # between posts to one channel (Slack allows about one a second)


@dataclass
class Outcome:
    subscription_id: int
    slot: datetime
    status: str  # posted | empty | paused | failed | unknown | taken | done
    detail: str = ""
    roles: int = 0


# -- pacing --------------------------------------------------------------------------------------------------
class ChannelPacer:
    """At most one post per ``interval`` to each channel, across the threads of this process."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self, channel: str, interval: float) -> float:
        """Sleep until this channel may be posted to again; returns the delay."""
        with self._lock:
            last = self._last.get(channel)
            now = self._clock()
            delay = 0.0 if last is None else max(0.0, last + interval - now)
            self._last[channel] = now + delay
        if delay:
            self._sleep(delay)
        return delay


PACER = ChannelPacer()  # one per process: every kind's posts to a channel share its pace


# -- finding a post whose outcome was lost -------------------------------------------------------------------
Match = Callable[[dict[str, Any]], str | None]  # a history message -> the post's id when it is the one


def run_metadata(run_id: int) -> Match:
    """A message carrying this run's metadata (what digests and alerts attach to their posts): its ts."""

    def match(msg: dict[str, Any]) -> str | None:
        meta = msg.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == METADATA_EVENT and str(payload.get("run_id")) == str(run_id):
            return str(msg.get("ts"))
        return None

    return match


def find_post(
    client: WebClient,
    channel: str,
    run_id: int,
    *,
    oldest: datetime,
    latest: datetime | None = None,
    match: Match | None = None,
) -> tuple[bool, str | None]:
    """(whether the channel could be read, the id of this run's post when it is there). ``match`` says
    which message is the run's post (by default: the one carrying its metadata)."""
    match = match or run_metadata(run_id)
    window: dict[str, Any] = {"oldest": f"{oldest.timestamp():.6f}"}
    if latest is not None:
        window.update(latest=f"{latest.timestamp():.6f}", inclusive=True)
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        try:
            resp = client.conversations_history(
                channel=channel, include_all_metadata=True, limit=200, cursor=cursor, **window
            )
        except SlackApiError as exc:
            log.info("could not check %s for an earlier post (%s)", channel, exc.response.get("error"))
            return False, None
        for msg in resp.get("messages") or []:
            found = match(msg)
            if found is not None:
                return True, found
        cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
        if not (resp.get("has_more") and cursor):
            return True, None
    return False, None  # more history than we read: cannot say it is not there


# -- recording an outcome ---------------------------------------------------------------------------------
def finish(
    services: Services,
    sub_id: int,
    run_id: int,
    *,
    status: str,
    now: datetime,
    cutoff: datetime | None = None,
    **fields: object,
) -> None:
    """Record a run's outcome; move the subscription's cutoff (only forwards), pause it when ``paused``."""
    with services.sessions() as session:
        store.finish_run(session, run_id, status=status, now=now, cutoff=cutoff, **fields)  # type: ignore[arg-type]
        if cutoff is not None:
            store.advance_cutoff(session, sub_id, cutoff)
        if status == "paused":
            store.pause_subscription(session, sub_id, str(fields.get("error") or "paused"))
        session.commit()


def tell_owner(client: WebClient, sub: store.Subscription, text: str, *, what: str) -> None:
    """DM whoever made the subscription (why it paused, say); only logged when nobody did or it fails."""
    if not sub.user_id:  # made from the command line without --user: nobody to tell but the log
        log.warning("%s %s: %s", what, sub.id, text)
        return
    try:
        client.chat_postMessage(channel=sub.user_id, text=text, unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        log.warning("could not tell %s about %s %s: %s", sub.user_id, what, sub.id, exc.response.get("error"))


class Composed(Protocol):
    """A composed message: a digest's or an alert's."""

    @property
    def text(self) -> str: ...

    @property
    def blocks(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Claim:
    """A slot this process holds (claimed, or taken over from a holder that died): what its deliverer
    needs, and the shared steps of delivering it."""

    services: Services
    client: WebClient
    sub: store.Subscription
    run_id: int
    slot: datetime
    now: datetime
    options: DeliveryOptions
    taken_over: bool

    def done(
        self,
        status: str,
        detail: str = "",
        roles: int = 0,
        *,
        cutoff: datetime | None = None,
        **fields: object,
    ) -> Outcome:
        """Record the run's outcome (:func:`finish`) and say it."""
        finish(self.services, self.sub.id, self.run_id, status=status, now=self.now, cutoff=cutoff, **fields)
        return Outcome(self.sub.id, self.slot, status, detail, roles)

    def empty(self, detail: str) -> Outcome:
        """Nothing to send: recorded, and the cutoff moves to now."""
        return self.done("empty", detail, cutoff=self.now)

    def posted(
        self, ref: str | None, detail: str, roles: int = 0, posting_ids: Sequence[str] = ()
    ) -> Outcome:
        """Sent (now, or by the holder that died: ``ref`` found in the channel); the cutoff moves to now."""
        return self.done(
            "posted", detail, roles, cutoff=self.now, message_ts=ref, posting_ids=list(posting_ids)
        )

    def already_posted(self, channel: str, match: Match | None = None) -> str | None:
        """For a slot taken over: the id of this run's post when the earlier holder made it after all."""
        return find_post(self.client, channel, self.run_id, oldest=self.slot, match=match)[1]

    def metadata(self) -> dict[str, Any]:
        """What the post carries, so a taken-over slot can find it (:func:`run_metadata`)."""
        payload = {"run_id": self.run_id, "subscription_id": self.sub.id, "slot": self.slot.isoformat()}
        return {"event_type": METADATA_EVENT, "event_payload": payload}

    def pace(self, channel: str) -> None:
        """Wait until ``channel`` may be posted to again (:data:`PACER`)."""
        PACER.wait(channel, self.options.pace_seconds)

    def post_message(self, channel: str, message: Composed) -> Any:
        """``chat.postMessage`` of a composed message (paced), unfurls off, with this run's metadata."""
        self.pace(channel)
        return self.client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata=self.metadata(),
        )

    def send(
        self,
        post: Callable[[], Any],
        *,
        what: str,
        pause_on: frozenset[str],
        on_pause: Callable[[str], None],
        not_sent: dict[type[Exception], str] | None = None,
    ) -> Any:
        """Run ``post`` (the one call to Slack that delivers the slot) and return its response; or, when it
        failed, record the outcome and return the :class:`Outcome`:

        * Slack answered an error in ``pause_on`` (the channel or person is gone): paused, and
          ``on_pause(code)`` tells someone; any other error Slack answered: failed (nothing was posted, so a
          later tick retries, up to ``max_attempts``);
        * an error in ``not_sent`` (refused before anything was shared; its detail is the value): failed,
          retried the same way;
        * anything else (the network): unknown; the claim's lease decides when to look again.
        """
        try:
            return post()
        except SlackApiError as exc:
            code = str(exc.response.get("error") or exc.response.status_code)
            if code in pause_on:
                outcome = self.done("paused", code, error=code)
                on_pause(code)
                return outcome
            return self.done("failed", code, error=code)
        except Exception as exc:
            refused = [detail for kind, detail in (not_sent or {}).items() if isinstance(exc, kind)]
            if refused:
                return self.done("failed", refused[0], error=str(exc)[:200])
            log.warning(
                "%s %s slot %s: outcome unknown (%s)",
                what,
                self.sub.id,
                self.slot.isoformat(),
                type(exc).__name__,
            )
            return Outcome(self.sub.id, self.slot, "unknown", type(exc).__name__)
