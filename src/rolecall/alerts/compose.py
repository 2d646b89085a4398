"""New roles for one alert -> a DM (top-level text + Block Kit). Pure: time comes in as an argument.

Each role shows title (linked), company, place, when posted, and two buttons: "Ask about this role" and
"Stop these alerts". Every string from a posting is escaped, and sizes stay inside Slack's limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.blocks.basic_components import ConfirmObject

from rolecall.digest.compose import escape, role_text
from rolecall.postings.model import Posting

MAX_ROLES = 10  # 1 header + 10 x (section + actions) + 2 context: well under 50 blocks
ALERT_ASK = "alert_ask_about_role"  # value: posting id
ALERT_STOP = "alert_stop"  # value: alert id
ALERT_RESUME = "alert_resume"  # value: alert id (App Home)
_TEXT_LIMIT = 3000


@dataclass(frozen=True)
class AlertMessage:
    text: str
    blocks: list[dict[str, Any]]
    posting_ids: list[str]
    total: int


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def stop_button(alert_id: int) -> ButtonElement:
    return ButtonElement(
        text="Stop these alerts",
        action_id=ALERT_STOP,
        value=str(alert_id),
        confirm=ConfirmObject(
            title="Stop this alert?",
            text="No more new roles for this alert. You can resume it from my Home tab.",
            confirm="Stop it",
            deny="Keep it",
        ),
    )


def _role_blocks(posting: Posting, alert_id: int, today: date) -> list[dict[str, Any]]:
    return [
        SectionBlock(text=MarkdownTextObject(text=role_text(posting, today))).to_dict(),
        ActionsBlock(
            elements=[
                ButtonElement(text="Ask about this role", action_id=ALERT_ASK, value=posting.id[:2000]),
                stop_button(alert_id),
            ]
        ).to_dict(),
    ]


def compose_alert(
    postings: list[Posting], *, alert_id: int, describe: str, now: datetime, tz: str = "UTC"
) -> AlertMessage | None:
    """The DM for these new roles, newest first; None when there is nothing to say.

    ``describe`` is the alert's filters in words (escaped here)."""
    if not postings:
        return None
    today = now.astimezone(ZoneInfo(tz)).date()
    ordered = sorted(postings, key=lambda p: (p.date_posted or date.min, p.title), reverse=True)
    shown = ordered[:MAX_ROLES]
    count = len(ordered)
    noun = "role" if count == 1 else "roles"
    blocks: list[dict[str, Any]] = [
        HeaderBlock(text=_clip(f"{count} new {noun} for your alert", 150)).to_dict(),
        ContextBlock(
            elements=[MarkdownTextObject(text=_clip(f"Alert #{alert_id}: {escape(describe)}", 3000))]
        ).to_dict(),
    ]
    for p in shown:
        blocks += _role_blocks(p, alert_id, today)
    if count > len(shown):
        more = f"…and {count - len(shown)} more. `/roles list` shows every open role."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]).to_dict())
    names = ", ".join(f"{escape(p.title)} at {escape(p.company)}" for p in shown[:5])
    tail = f" and {count - min(5, len(shown))} more" if count > 5 else ""
    text = _clip(f"{count} new {noun} for your alert: {names}{tail}", _TEXT_LIMIT)
    return AlertMessage(text=text, blocks=blocks, posting_ids=[p.id for p in shown], total=count)
