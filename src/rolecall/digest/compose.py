"""New roles -> a digest message (top-level text + Block Kit). Pure: time comes in as an argument.

Every string from a posting is escaped (&, <, >) so a title like ``<!channel>`` can never ping anyone or
break a link, and every size stays inside Slack's limits (50 blocks, 3000 chars a section, 150 a header).
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

MAX_ROLES = 12  # 12 roles = 1 header + 12 sections + 1 context + 1 divider: well under 50 blocks
ASK_ACTION_ID = "ask_about_role"
_SECTION_LIMIT = 3000
_TEXT_LIMIT = 3000


def escape(text: str) -> str:
    """Slack's three control characters; never ``link_names``, so this is all an untrusted string needs."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links, with the characters that would end a Slack link escaped or refused."""
    if not url or not url.startswith(("http://", "https://")) or any(c in url for c in "| \n\t"):
        return None
    return escape(url)


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


def _role_block(posting: Posting, today: date) -> dict[str, Any]:
    title = escape(_clip(posting.title, 200))
    url = safe_url(posting.url or posting.apply_url)
    head = f"*<{url}|{title}>*" if url else f"*{title}*"
    line = f"{escape(_clip(posting.company, 150))} · {escape(_clip(where(posting), 300))}"
    body = _clip(f"{head}\n{line}\n_{posted_ago(posting.date_posted, today)}_", _SECTION_LIMIT)
    button = ButtonElement(
        text="Ask about this role", action_id=ASK_ACTION_ID, value=posting.id[:2000]
    )  # value: the posting id, which the Slack app resolves
    return SectionBlock(text=MarkdownTextObject(text=body), accessory=button).to_dict()


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
