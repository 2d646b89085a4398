"""Alerts in Slack: `/roles alert ...`, `/roles alerts`, DMs like "tell me when a remote data internship
opens", and the "Your alerts" section of App Home. The logic is in :mod:`rolecall.alerts.manage`."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from rolecall.alerts import manage
from rolecall.alerts.compose import ALERT_RESUME, stop_button
from rolecall.alerts.parse import alert_words
from rolecall.errors import UsageError
from rolecall.services import Services
from rolecall.slack import blocks
from rolecall.slack.handlers import Where

MAX_HOME_ALERTS = 8


def command(services: Services, verb: str, rest: str, where: Where, *, user_tz: str) -> blocks.Message:
    return blocks.notice(
        manage.handle(
            services, team_id=where.team_id, user_id=where.user_id, verb=verb, rest=rest, default_tz=user_tz
        )
    )


def conversation_reply(services: Services, text: str, where: Where, *, user_tz: str) -> blocks.Message | None:
    """A DM asking for an alert -> the confirmation; None for anything else (a question)."""
    words = alert_words(text)
    if words is None:
        return None
    try:
        _, confirmation = manage.create_alert(
            services, team_id=where.team_id, user_id=where.user_id, text=words, default_tz=user_tz
        )
    except UsageError as exc:
        return blocks.notice(f"{exc.user_message}\n\n{manage.USAGE}")
    return blocks.notice(confirmation)


def home_blocks(services: Services, *, team_id: str, user_id: str) -> list[Block]:
    """App Home's "Your alerts": each alert with Stop or Resume."""
    alerts = manage.list_alerts(services, team_id, user_id)
    out: list[Block] = [DividerBlock(), HeaderBlock(text="Your alerts")]
    if not alerts:
        out.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="No alerts yet. DM me “tell me when a remote data internship opens”, "
                    "or use `/roles alert remote data intern`."
                )
            )
        )
        return out
    now = services.now()
    for a in alerts[:MAX_HOME_ALERTS]:
        paused = a.status != "active"
        button = (
            ButtonElement(text="Resume", action_id=ALERT_RESUME, value=str(a.id), style="primary")
            if paused
            else stop_button(a.id)
        )
        out.append(
            SectionBlock(
                text=MarkdownTextObject(text=blocks.clip(manage.describe_alert(a, now))), accessory=button
            )
        )
    if len(alerts) > MAX_HOME_ALERTS:
        more = len(alerts) - MAX_HOME_ALERTS
        out.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {more} more: `/roles alerts`.")]))
    return out
