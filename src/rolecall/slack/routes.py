"""The `/roles` subcommands, DM phrasings and Home sections of insights and alerts, routed ahead of the
core handlers. Each function returns None when the input is not theirs, and the core handles it as before.

The local console (``rolecall chat``) routes through here too, with no Web API client (``client=None``):
insights are shown over every workspace's questions (whoever runs the console has the database), and what
cannot work without Slack — an alert comes by DM, a gaps report posts in a channel — says so in one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock
from slack_sdk.web import WebClient

from rolecall.alerts.parse import alert_words
from rolecall.services import Services
from rolecall.slack import alerts, blocks, delivery, handlers, insights
from rolecall.slack.access import REFUSAL

log = logging.getLogger(__name__)

ALERTS_NEED_SLACK = (
    "Alerts come by Slack DM, so they need Slack: there, `/roles alert remote data intern` or DM me "
    "“tell me when a remote data internship opens”."
)
EXTRA_HELP = (
    "`/roles alert <filters>` — new matching roles by DM (at most daily) · `/roles alerts` — yours",
    "`/roles insights [role or company]` — what candidates ask that postings don't say (admins)",
)


def command_reply(
    services: Services,
    client: WebClient | None,
    raw_text: str,
    where: handlers.Where,
    *,
    user_tz: Callable[[], str | None],
) -> handlers.Reply | None:
    text = handlers.from_slack(raw_text)
    if handlers.refusal(services, text) is not None:
        return None  # unreadable or too long: the core refuses it politely, whatever its first word
    word, _, rest = text.partition(" ")
    verb, rest = word.casefold(), rest.strip()

    def tz() -> str:
        return user_tz() or services.settings.default_timezone

    if verb in {"alert", "alerts"}:
        if client is None:
            return handlers.Reply(blocks.notice(ALERTS_NEED_SLACK))
        return handlers.Reply(alerts.command(services, verb, rest, where, user_tz=tz()))
    if verb == "insights":
        if client is None:
            return handlers.Reply(insights.local_command(services, rest))
        return handlers.Reply(insights.command(services, client, rest, where, user_tz=tz()))
    if verb == "subscribe" and rest.split()[:1] and rest.split()[0].casefold() in {"insights", "insight"}:
        if client is None:
            return handlers.Reply(blocks.notice(insights.REPORTS_NEED_SLACK))
        return handlers.Reply(
            insights.subscribe(services, client, rest.partition(" ")[2], where, user_tz=tz())
        )
    team = None if client is None else where.team_id  # the console: any workspace's report
    if verb in {"unsubscribe", "resume"} and insights.is_report(services, rest, team):
        # The digest commands only see digests; a gaps report id is managed here, behind the admin check.
        if client is None:
            return handlers.Reply(blocks.notice(insights.REPORTS_NEED_SLACK))
        if not insights.allowed(services, client, where):
            return handlers.Reply(blocks.notice(REFUSAL))
        report_id = int(rest.strip().lstrip("#"))
        return handlers.Reply(
            blocks.notice(insights.manage(services, where, report_id, active=verb == "resume"))
        )
    if verb in {"", "help", "-h", "--help", "?"}:
        base = blocks.help_message(digests=handlers.digest_module() is not None)
        extra = "\n".join(blocks.escape(line) for line in EXTRA_HELP)
        return handlers.Reply(blocks.Message(text=base.text, blocks=[*base.blocks, _section(extra)]))
    return None


def _section(mrkdwn: str) -> Block:
    return SectionBlock(text=MarkdownTextObject(text=blocks.clip(mrkdwn)))


def conversation_reply(
    services: Services, client: WebClient | None, text: str, where: handlers.Where
) -> blocks.Message | None:
    """A DM or mention asking for an alert ("alert me about new grad roles in NYC"); None otherwise.
    ``text`` is what the user typed (already out of Slack's wire form)."""
    if handlers.refusal(services, text) is not None or alert_words(text) is None:
        return None
    if client is None:
        return blocks.notice(ALERTS_NEED_SLACK)

    def tz() -> str:
        try:
            return (
                client.users_info(user=where.user_id)["user"].get("tz") or services.settings.default_timezone
            )
        except Exception as exc:
            log.warning("users.info failed: %s", delivery.slack_error_code(exc) or type(exc).__name__)
            return services.settings.default_timezone

    return alerts.conversation_reply(services, text, where, user_tz=tz())


def home_sections(services: Services, client: WebClient, *, team_id: str, user_id: str) -> list[Block]:
    """Your alerts (everyone), then Insights (those allowed). A section that fails is left out, logged."""
    out: list[Block] = []
    for name, build in (
        ("alerts", lambda: alerts.home_blocks(services, team_id=team_id, user_id=user_id)),
        ("insights", lambda: insights.home_blocks(services, client, team_id=team_id, user_id=user_id)),
    ):
        try:
            out += build()
        except Exception as exc:
            delivery.failure_message(exc, action=f"build the home {name} section")
    return out
