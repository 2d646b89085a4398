"""New roles -> a digest message (top-level text + Block Kit). Pure: time comes in as an argument.

Every string from a posting is escaped (&, <, >) so a title like ``<!channel>`` can never ping anyone or
break a link, links follow the answers' rules (``slack.blocks``), and every size stays inside Slack's limits
(50 blocks, 3000 chars a section, 150 a header).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from rolecall.postings.model import Posting, Workplace
from rolecall.slack.blocks import ASK_ABOUT_ROLE, clip, escape, link

MAX_ROLES = 12  # 12 roles = 1 header + 12 sections + 1 context + 1 divider: well under 50 blocks
ASK_ACTION_ID = ASK_ABOUT_ROLE
_TEXT_LIMIT = 3000


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def posted_ago(posted: date | None, today: date) -> str:
    if posted is None:
        return "posting date not stated"
    days = (today - posted).days
    if days <= 0:
        return "posted today"
    if days == 1:
        return "posted yesterday"
    if days < 60:
        return f"posted {days} days ago"
    return f"posted {posted:%b %-d, %Y}"


def where(posting: Posting) -> str:
    place = posting.location_summary()
    mode = {Workplace.REMOTE: "Remote", Workplace.HYBRID: "Hybrid", Workplace.ONSITE: "On-site"}.get(
        posting.workplace
    )
    if mode and mode.casefold() not in place.casefold():
        place = f"{place} · {mode}" if place else mode
    return place or "location not stated"


@dataclass(frozen=True)
class DigestMessage:
    text: str
    blocks: list[dict[str, Any]]
    posting_ids: list[str]  # the roles shown (at most MAX_ROLES)
    total: int  # the roles that were new


def role_text(posting: Posting, today: date) -> str:
    """One role as mrkdwn: its title linked, company, place, when posted. The link follows the answers'
    rule (``slack.blocks.link``): an address too long to sit in a section beside its text is left out and
    the title kept, so the section is never cut inside a link."""
    head = f"*{link(posting.url or posting.apply_url, _clip(posting.title, 200))}*"
    line = f"{escape(_clip(posting.company, 150))} · {escape(_clip(where(posting), 300))}"
    return clip(f"{head}\n{line}\n_{posted_ago(posting.date_posted, today)}_")


def _role_block(posting: Posting, today: date) -> dict[str, Any]:
    button = ButtonElement(
        text="Ask about this role", action_id=ASK_ACTION_ID, value=posting.id[:2000]
    )  # value: the posting id, which the Slack app resolves
    return SectionBlock(text=MarkdownTextObject(text=role_text(posting, today)), accessory=button).to_dict()


def compose(
    postings: list[Posting], *, now: datetime, tz: str = "UTC", heading: str | None = None
) -> DigestMessage | None:
    """The digest for these new roles, newest first; None when there is nothing to say."""
    if not postings:
        return None
    today = now.astimezone(ZoneInfo(tz)).date()
    ordered = sorted(postings, key=lambda p: (p.date_posted or date.min, p.title), reverse=True)
    shown = ordered[:MAX_ROLES]
    more = len(ordered) - len(shown)
    count = len(ordered)
    noun = "role" if count == 1 else "roles"
    header = _clip(heading or f"{count} new {noun} since the last digest", 150)
    blocks: list[dict[str, Any]] = [HeaderBlock(text=header).to_dict()]  # plain_text: never parsed
    blocks += [_role_block(p, today) for p in shown]
    if more:
        blocks.append(DividerBlock().to_dict())
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(text=f"…and {more} more. Try `/roles list` to see every open role.")
                ]
            ).to_dict()
        )
    names = ", ".join(f"{escape(p.title)} at {escape(p.company)}" for p in shown[:5])
    tail = f" and {count - min(5, len(shown))} more" if count > 5 else ""
    text = _clip(f"{count} new {noun}: {names}{tail}", _TEXT_LIMIT)
    return DigestMessage(text=text, blocks=blocks, posting_ids=[p.id for p in shown], total=count)
