"""Delivering a claimed gaps-report slot: the report's words and its chart, uploaded together.

The digest tick has already claimed the slot (one winner across replicas). The report goes out as one
``files_upload_v2`` call: the chart PNG, with the report's mrkdwn as the file's initial comment, so the
channel sees one message with the picture in it. An upload carries no message metadata, so the file's
name carries the run id instead: a slot taken over after its holder died looks for that name in the
channel's recent history before uploading again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackRequestError

from rolecall.digest import slots
from rolecall.digest.compose import escape
from rolecall.digest.deliver import CHANNEL_GONE
from rolecall.insights.aggregate import Report
from rolecall.insights.chart import facet_chart
from rolecall.insights.query import report_for
from rolecall.insights.render import period, slack_parts
from rolecall.insights.subscriptions import scope_of
from rolecall.store import digests as store

MAX_COMMENT = 3900


def file_name(run_id: int) -> str:
    return f"rolecall-gaps-run-{run_id}.png"


def comment(report: Report, tz: str) -> str:
    text = "\n\n".join(slack_parts(report, tz=tz, heading="Weekly posting gaps report"))
    text += "\n\n_Aggregates only: who asked is never shown._"
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 1].rsplit("\n", 1)[0] + "\n…"


def chart_for(report: Report, tz: str) -> bytes:
    return facet_chart(report.facets, title=f"Questions per facet, {period(report, tz)}")


def _named(name: str) -> slots.Match:
    """A message sharing the file called ``name``: that file's id."""

    def match(msg: dict[str, Any]) -> str | None:
        for f in msg.get("files") or []:
            if f.get("name") == name:
                return str(f.get("id"))
        return None

    return match


def find_upload(
    client: WebClient, sub: store.Subscription, run_id: int, *, oldest: datetime, latest: datetime
) -> tuple[bool, str | None]:
    """A report run's upload, by its file name, in the channel's history (for an orphaned claim)."""
    return slots.find_post(
        client, sub.channel_id, run_id, oldest=oldest, latest=latest, match=_named(file_name(run_id))
    )


def deliver_report(claim: slots.Claim) -> slots.Outcome:
    sub, now = claim.sub, claim.now
    report = report_for(
        claim.services, scope_of(claim.services, sub), team_id=sub.team_id, since=sub.cutoff, until=now
    )
    if report.empty:
        return claim.empty("no questions in the period")
    name = file_name(claim.run_id)
    if claim.taken_over:
        found = claim.already_posted(sub.channel_id, match=_named(name))
        if found is not None:
            return claim.posted(found, "found the earlier upload")
    text = comment(report, sub.timezone)
    png = chart_for(report, sub.timezone)
    claim.pace(sub.channel_id)
    resp = claim.send(
        lambda: claim.client.files_upload_v2(
            channel=sub.channel_id,
            file=png,
            filename=name,
            title=f"Questions per facet, {period(report, sub.timezone)}",
            alt_txt="Bar chart: questions per facet, answered vs the posting doesn't say",
            initial_comment=text,
        ),
        what="gaps report",
        pause_on=CHANNEL_GONE,
        on_pause=lambda code: _tell_subscriber(claim.client, sub, code),
        # The bytes were refused before the upload was completed: nothing was shared, so retry later.
        not_sent={SlackRequestError: "upload refused"},
    )
    if isinstance(resp, slots.Outcome):
        return resp
    file_id = str((resp.get("file") or {}).get("id") or "")
    return claim.posted(file_id or None, file_id, report.questions)


def _tell_subscriber(client: WebClient, sub: store.Subscription, code: str) -> None:
    text = (
        f"I paused the gaps report #{sub.id} for <#{escape(sub.channel_id)}>: I can't post there ({code}). "
        f"Invite me back with `/invite @Rolecall`, then run `/roles insights resume {sub.id}`."
    )
    slots.tell_owner(client, sub, text, what="gaps report")
