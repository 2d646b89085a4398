"""Insights in Slack: `/roles insights [role or company]`, the weekly gaps reports a channel subscribes to,
and the Insights section of App Home. All of it is behind :func:`~rolecall.slack.access.may_see_insights`.

Reports are aggregates of questions and feedback; who asked is never shown (the report does not hold it).
"""

from __future__ import annotations

import re
from datetime import timedelta

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.blocks.basic_components import ConfirmObject
from slack_sdk.web import WebClient

from rolecall.errors import UsageError
from rolecall.insights import subscriptions as reports
from rolecall.insights.query import Choices, NotFound, report_for, resolve
from rolecall.insights.render import gaps_part, slack_parts, summary_line
from rolecall.services import Services
from rolecall.slack import blocks
from rolecall.slack.access import REFUSAL, may_see_insights
from rolecall.slack.handlers import Where

REPORT_STOP = "insights_report_stop"  # value: report id
REPORT_RESUME = "insights_report_resume"
HOME_WINDOW = timedelta(days=30)
MAX_HOME_REPORTS = 5
_SINCE = re.compile(
    r"(?:^|\s)(?:(?:in\s+)?(?:the\s+)?(?:last|past)\s+)?(\d{1,4})\s*(?:d|days?)$", re.IGNORECASE
)

USAGE = (
    "*Insights* (admins): what candidates ask that the postings don't answer.\n"
    "• `/roles insights [role or company] [last N days]` — questions by facet, answered vs “the posting "
    "doesn't say”, feedback, and the top gaps to fix\n"
    "• `/roles subscribe insights [role or company] [weekly <day>] [at HH:MM] [timezone]` — a weekly gaps "
    "report with a chart in this channel\n"
    "• `/roles insights reports` — the workspace's reports · `/roles insights stop <id>` · "
    "`/roles insights resume <id>`"
)


def _section(mrkdwn: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=blocks.clip(mrkdwn) or " "))


def _context(mrkdwn: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=blocks.clip(mrkdwn) or " ")])


def allowed(services: Services, client: WebClient, where: Where) -> bool:
    return may_see_insights(services, client, where.team_id, where.user_id)


def _since_words(rest: str) -> tuple[str, int | None]:
    m = _SINCE.search(rest)
    if m is None:
        return rest, None
    return rest[: m.start()].strip(), max(1, int(m.group(1)))


def report_message(
    services: Services, rest: str, where: Where, *, tz: str = "UTC", every_workspace: bool = False
) -> blocks.Message:
    """`/roles insights [role or company] [last N days]` for someone already allowed: about the questions
    asked in ``where``'s workspace, or in ``every_workspace`` (the local console, as `rolecall insights`)."""
    team_id = None if every_workspace else where.team_id
    words, days = _since_words(rest.strip())
    found = resolve(services, words, team_id=team_id)
    if isinstance(found, NotFound):
        return blocks.notice(
            f"I have no questions about a role or company called “{blocks.escape(found.query)}”. "
            "Try a company name, a posting id or title words, or `/roles insights` for everything."
        )
    if isinstance(found, Choices):
        lines = [
            f"• {blocks.escape(s.title)} ({blocks.escape(s.company)}): "
            f"`/roles insights {blocks.escape(s.posting_id)}`"
            for s in found.subjects
        ]
        return blocks.notice(f"“{blocks.escape(found.query)}” could mean several roles:\n" + "\n".join(lines))
    now = services.now()
    since = now - timedelta(days=days) if days else None
    report = report_for(services, found, team_id=team_id, since=since, until=now if since else None)
    parts = slack_parts(report, tz=tz)
    body: list[Block] = [HeaderBlock(text=blocks.plain(f"Insights: {found.label}", blocks.MAX_HEADER))]
    body += [_section(p) for p in parts]
    body.append(
        _context(
            "Aggregates only: who asked is never shown. Questions are kept "
            f"{services.settings.number('question_retention_days')} days."
        )
    )
    text = (
        f"Insights for {blocks.escape(found.label)}: {summary_line(report)}" if not report.empty else parts[0]
    )
    return blocks.Message(text=blocks.fallback_text(text), blocks=body)


def command(
    services: Services, client: WebClient, rest: str, where: Where, *, user_tz: str
) -> blocks.Message:
    """`/roles insights ...`: the report, or managing the workspace's gaps reports."""
    if not allowed(services, client, where):
        return blocks.notice(REFUSAL)
    words = rest.split()
    head = words[0].casefold() if words else ""
    if head in {"help", "?"}:
        return blocks.notice(USAGE)
    if head in {"reports", "subscriptions"} and len(words) == 1:
        return blocks.notice(_reports_text(services, where))
    if head in {"stop", "unsubscribe", "resume"} and len(words) == 2 and words[1].lstrip("#").isdecimal():
        return blocks.notice(manage(services, where, int(words[1].lstrip("#")), active=head == "resume"))
    return report_message(services, rest, where, tz=user_tz)


# Gaps reports post in a channel: the local console has none to post in.
REPORTS_NEED_SLACK = (
    "Gaps reports are posted in a Slack channel, so they need Slack: subscribe one there with "
    "`/roles subscribe insights`, or here with `rolecall insights subscribe --channel C…`."
)


def local_command(services: Services, rest: str) -> blocks.Message:
    """The local console's `/roles insights ...`: the report over every workspace's questions (whoever runs
    the console has the database, and `rolecall insights` shows the same); reports need Slack."""
    head = (rest.split() or [""])[0].casefold()
    if head in {"help", "?"}:
        return blocks.notice(USAGE)
    if head in {"reports", "subscriptions", "stop", "unsubscribe", "resume"}:
        return blocks.notice(REPORTS_NEED_SLACK)
    tz = services.settings.default_timezone
    return report_message(services, rest, Where(), tz=tz, every_workspace=True)


def subscribe(
    services: Services, client: WebClient, rest: str, where: Where, *, user_tz: str
) -> blocks.Message:
    """`/roles subscribe insights [role or company] [schedule]` in the channel that gets the report."""
    if not allowed(services, client, where):
        return blocks.notice(REFUSAL)
    try:
        sub, scope = reports.subscribe_report(
            services,
            team_id=where.team_id,
            channel_id=where.channel,
            user_id=where.user_id,
            text=rest,
            default_tz=user_tz,
        )
    except UsageError as exc:
        return blocks.notice(f"{exc.user_message}\n\n{USAGE}")
    line = reports.describe_report(services, sub, services.now())
    return blocks.notice(
        f"Subscribed <#{blocks.escape(where.channel)}> to the gaps report on {blocks.escape(scope.label)}: "
        f"{line}.\nEach report covers the questions since the one before (the first: the past week) "
        "and comes with a chart; when nobody asked anything, nothing is posted."
    )


def manage(services: Services, where: Where, report_id: int, *, active: bool) -> str:
    if not reports.set_status(services, report_id, where.team_id, active=active):
        return f"No gaps report `#{report_id}` in this workspace. `/roles insights reports` lists them."
    if active:
        return f"Gaps report `#{report_id}` is active again."
    return f"Stopped gaps report `#{report_id}`: it will post no more."


def is_report(services: Services, report_id: str, team_id: str | None) -> bool:
    """Whether `/roles unsubscribe|resume <id>` means a gaps report (the digest commands don't see them)."""
    token = report_id.strip().lstrip("#")
    return token.isdecimal() and reports.get_report(services, int(token), team_id) is not None


def _reports_text(services: Services, where: Where) -> str:
    subs = reports.list_reports(services, where.team_id)
    if not subs:
        return "No gaps reports yet. In a channel: `/roles subscribe insights [role or company]`."
    now = services.now()
    subs.sort(key=lambda s: (s.channel_id != where.channel, s.id))
    return "*Gaps reports*\n" + "\n".join(f"• {reports.describe_report(services, s, now)}" for s in subs)


def _report_button(sub_id: int, paused: bool) -> ButtonElement:
    if paused:
        return ButtonElement(text="Resume", action_id=REPORT_RESUME, value=str(sub_id), style="primary")
    return ButtonElement(
        text="Stop",
        action_id=REPORT_STOP,
        value=str(sub_id),
        style="danger",
        confirm=ConfirmObject(
            title="Stop this report?",
            text=f"Gaps report #{sub_id} will no longer post in its channel.",
            confirm="Stop it",
            deny="Keep it",
        ),
    )


def home_blocks(services: Services, client: WebClient, *, team_id: str, user_id: str) -> list[Block]:
    """App Home's Insights section: for those allowed, the last 30 days' summary and top gaps, and the
    workspace's gaps reports with Stop/Resume; nothing at all for anyone else."""
    where = Where(team_id=team_id, user_id=user_id)
    if not allowed(services, client, where):
        return []
    now = services.now()
    report = report_for(services, team_id=team_id, since=now - HOME_WINDOW, until=now)
    out: list[Block] = [DividerBlock(), HeaderBlock(text="Insights")]
    if report.empty:
        out.append(_section("No questions about postings in the last 30 days."))
    else:
        out.append(_section(f"*Last 30 days:* {summary_line(report)}"))
        out.append(_section(gaps_part(report.gaps, limit=3)))
    subs = reports.list_reports(services, team_id)
    for sub in subs[:MAX_HOME_REPORTS]:
        line = reports.describe_report(services, sub, now)
        out.append(
            SectionBlock(
                text=MarkdownTextObject(text=blocks.clip(line)),
                accessory=_report_button(sub.id, sub.status != "active"),
            )
        )
    if len(subs) > MAX_HOME_REPORTS:
        out.append(_context(f"…and {len(subs) - MAX_HOME_REPORTS} more: `/roles insights reports`."))
    out.append(
        _context(
            "`/roles insights [role or company]` for the full picture · "
            "`/roles subscribe insights` in a channel for a weekly gaps report with a chart"
        )
    )
    return out
