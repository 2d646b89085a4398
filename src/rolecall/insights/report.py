"""Delivering a claimed gaps-report slot: the report's words and its chart, uploaded together.

The digest tick has already claimed the slot (one winner across replicas). The report goes out as one
``files_upload_v2`` call: the chart PNG, with the report's mrkdwn as the file's initial comment, so the
channel sees one message with the picture in it. An upload carries no message metadata, so the file's
name carries the run id instead: a slot taken over after its holder died looks for that name in the
channel's recent history before uploading again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from rolecall.digest import deliver as digest
from rolecall.digest.compose import escape
from rolecall.insights.aggregate import Report
from rolecall.insights.chart import facet_chart
from rolecall.insights.query import report_for
from rolecall.insights.render import period, slack_parts
from rolecall.insights.subscriptions import scope_of
from rolecall.services import Services
from rolecall.store import digests as store

log = logging.getLogger(__name__)

MAX_COMMENT = 3900


def file_name(run_id: int) -> str:
    return f"rolecall-gaps-run-{run_id}.png"


def comment(report: Report, tz: str) -> str:
    text = "\n\n".join(slack_parts(report, tz=tz, heading="Weekly posting gaps report"))
    text += "\n\n_Aggregates only: who asked is never shown._"
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 1].rsplit("\n", 1)[0] + "\n…"


def chart_for(report: Report, tz: str) -> bytes:
    return facet_chart(report.facets, title=f"Questions per facet, {period(report, tz)}")


def _named(name: str) -> digest.Match:
    """A message sharing the file called ``name``: that file's id."""

    def match(msg: dict[str, Any]) -> str | None:
        for f in msg.get("files") or []:
            if f.get("name") == name:
                return str(f.get("id"))
        return None

    return match


def _uploaded(client: WebClient, channel: str, run_id: int, slot: datetime) -> str | None:
    """The id of a file this run already shared in the channel (its outcome was lost), if any."""
    return digest._find_post(client, channel, run_id, oldest=slot, match=_named(file_name(run_id)))[1]


def find_upload(
    client: WebClient, sub: store.Subscription, run_id: int, *, oldest: datetime, latest: datetime
) -> tuple[bool, str | None]:
    """A report run's upload, by its file name, in the channel's history (for an orphaned claim)."""
    return digest._find_post(
        client, sub.channel_id, run_id, oldest=oldest, latest=latest, match=_named(file_name(run_id))
    )


def deliver_report(
    services: Services,
    client: WebClient,
    sub: store.Subscription,
    run_id: int,
    slot: datetime,
    now: datetime,
    options: Any,
    taken_over: bool,
) -> digest.Outcome:
    report = report_for(services, scope_of(services, sub), team_id=sub.team_id, since=sub.cutoff, until=now)
    if report.empty:
        digest._finish(services, sub.id, run_id, status="empty", now=now, cutoff=now)
        return digest.Outcome(sub.id, slot, "empty", "no questions in the period")
    name = file_name(run_id)
    if taken_over:
        found = _uploaded(client, sub.channel_id, run_id, slot)
        if found is not None:
            digest._finish(services, sub.id, run_id, status="posted", now=now, cutoff=now, message_ts=found)
            return digest.Outcome(sub.id, slot, "posted", "found the earlier upload")
    text = comment(report, sub.timezone)
    png = chart_for(report, sub.timezone)
    digest._PACER.wait(sub.channel_id, options.pace_seconds)
    try:
        resp = client.files_upload_v2(
            channel=sub.channel_id,
            file=png,
            filename=name,
            title=f"Questions per facet, {period(report, sub.timezone)}",
            alt_txt="Bar chart: questions per facet, answered vs the posting doesn't say",
            initial_comment=text,
        )
    except SlackApiError as exc:
        code = str(exc.response.get("error") or exc.response.status_code)
        if code in digest.CHANNEL_GONE:
            digest._finish(services, sub.id, run_id, status="paused", now=now, error=code)
            _tell_subscriber(client, sub, code)
            return digest.Outcome(sub.id, slot, "paused", code)
        digest._finish(services, sub.id, run_id, status="failed", now=now, error=code)
        return digest.Outcome(sub.id, slot, "failed", code)
    except SlackRequestError as exc:
        # The bytes were refused before the upload was completed: nothing was shared, so retry later.
        digest._finish(services, sub.id, run_id, status="failed", now=now, error=str(exc)[:200])
        return digest.Outcome(sub.id, slot, "failed", "upload refused")
    except Exception as exc:  # network: the outcome is unknown; the lease decides when to look again
        log.warning(
            "gaps report %s slot %s: outcome unknown (%s)", sub.id, slot.isoformat(), type(exc).__name__
        )
        return digest.Outcome(sub.id, slot, "unknown", type(exc).__name__)
    file_id = str((resp.get("file") or {}).get("id") or "")
    digest._finish(services, sub.id, run_id, status="posted", now=now, cutoff=now, message_ts=file_id or None)
    return digest.Outcome(sub.id, slot, "posted", file_id, report.questions)


def _tell_subscriber(client: WebClient, sub: store.Subscription, code: str) -> None:
    if not sub.user_id:
        log.warning("gaps report %s paused: %s", sub.id, code)
        return
    text = (
        f"I paused the gaps report #{sub.id} for <#{escape(sub.channel_id)}>: I can't post there ({code}). "
        f"Invite me back with `/invite @Rolecall`, then run `/roles insights resume {sub.id}`."
    )
    try:
        client.chat_postMessage(channel=sub.user_id, text=text, unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        log.warning(
            "could not tell %s that report %s paused: %s", sub.user_id, sub.id, exc.response.get("error")
        )
