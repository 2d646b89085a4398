"""Pure Block Kit builders: data in, Slack message or view out. No I/O, no clock.

Every untrusted string (posting text, the user's question, the engine's answer, which quotes postings) goes
through :func:`escape` before it reaches an mrkdwn field, so ``<!channel>`` or ``<https://evil|click>`` in a
posting shows as text and can never ping a channel or disguise a link. Plain-text fields (buttons,
headers, modal titles) are not parsed by Slack, so they are only clipped to their length limits.
Slack's limits are enforced here: at most 50 blocks, 3000 characters per section, a top-level ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    LinkButtonElement,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.blocks.basic_components import ConfirmObject, DispatchActionConfig
from slack_sdk.models.views import View

from rolecall.answer.model import Answer, Status
from rolecall.postings.model import Posting

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_BUTTON = 75
MAX_HEADER = 150
MAX_TEXT = 3000  # top-level fallback text: notifications only need the gist
MAX_LIST = 15
MAX_CANDIDATES = 10
MAX_BUTTON_URL = 3000  # Slack refuses a button whose url is longer; slack-sdk raises before sending
MAX_LINK_URL = 1000  # an mrkdwn link longer than this would crowd its 3,000-character section out

# action_ids the listeners route on; kept here so builders and listeners cannot drift apart.
OPEN_POSTING = "open_posting"
APPLY_LINK = "apply_link"
FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_NOT_HELPFUL = "feedback_not_helpful"
CHOOSE_POSTING = "choose_posting"  # suffixed _0, _1... because ids must be unique within a block
SHARE_ANSWER = "share_answer"
ASK_ABOUT_ROLE = "ask_about_role"  # the digest's button; value is a posting id
DIGEST_UNSUBSCRIBE = "digest_unsubscribe"
DIGEST_RESUME = "digest_resume"
MAX_HOME_DIGESTS = 10
HOME_SEARCH = "home_search"
HOME_FILTER = "home_filter"  # suffixed like CHOOSE_POSTING

HOME_FILTERS: tuple[tuple[str, str], ...] = (
    ("All open roles", ""),
    ("Remote", "remote"),
    ("Internships", "intern"),
    ("New grad", "new grad"),
    ("Full time", "full time"),
)


@dataclass
class Message:
    """A Slack message body: the top-level ``text`` (always set) and its blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        blocks = self.blocks[:MAX_BLOCKS]
        return {"text": self.text, "blocks": [b.to_dict() for b in blocks]}


# -- escaping and limits ------------------------------------------------------------------------------------
def escape(text: str) -> str:
    """Slack's three control characters; after this no ``<...>`` sequence from the input survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")


def clip(mrkdwn: str, limit: int = MAX_SECTION) -> str:
    """Shorten already-escaped text without cutting an ``&amp;`` entity in half."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    cut = _PARTIAL_ENTITY.sub("", mrkdwn[: limit - 1])
    return cut + "…"


def plain(text: str, limit: int) -> str:
    """Plain-text fields (headers, buttons): one line, escaped too (Slack decodes the entities there)."""
    return clip(escape(" ".join(text.split())), limit)


def safe_url(url: str | None) -> str | None:
    """Only http(s) and mailto links; characters that would end Slack's ``<url|label>`` are encoded."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "mailto"} or (parts.scheme != "mailto" and not parts.netloc):
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def link(url: str | None, label: str) -> str:
    """An mrkdwn link with an escaped label, or just the escaped label when the URL is unusable (or too
    long to fit a section beside its text: the answer matters more than the link)."""
    target = safe_url(url)
    if target is None or len(escape(target)) > MAX_LINK_URL:
        return escape(label)
    label = escape(label).replace("|", "¦")
    return f"<{escape(target)}|{label}>"


def source_line(url: str) -> str:
    """ "Source: <url>", the address itself as the label; a very long one shown as its site only."""
    target = safe_url(url)
    if target is not None and len(escape(target)) > MAX_LINK_URL:
        return f"Source: {escape(urlsplit(target).netloc or 'the posting')} (its address is too long to show)"
    return f"Source: {link(url, url)}"


def _section(mrkdwn: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(mrkdwn) or " "))


def _context(mrkdwn: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(mrkdwn, 3000) or " ")])


def _button(label: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=plain(label, MAX_BUTTON), action_id=action_id, value=value[:2000], style=style)


def fallback_text(mrkdwn: str) -> str:
    return clip(mrkdwn, MAX_TEXT) or " "


# -- postings -----------------------------------------------------------------------------------------------
def _card(line: str, posting_id: str) -> SectionBlock:
    """One role as a section: its (escaped) line, and a button that opens the full posting."""
    return SectionBlock(
        text=MarkdownTextObject(text=clip(line)), accessory=_button("View", OPEN_POSTING, posting_id)
    )


def posting_line(p: Posting) -> str:
    """One escaped mrkdwn line: linked title, company, where, when posted."""
    bits = [escape(p.company)]
    where = p.location_summary()
    if where:
        bits.append(escape(where))
    if p.workplace.value != "unknown":
        bits.append(p.workplace.value)
    if p.date_posted:
        bits.append(f"posted {p.date_posted.isoformat()}")
    if not p.active:
        bits.append("closed")
    return f"*{link(p.url, p.title)}* — " + " · ".join(bits)


def _apply_button(p: Posting) -> LinkButtonElement | None:
    """The posting's apply link (else its page) as a button; none when neither fits Slack's url limit."""
    for candidate in (p.apply_url, p.url):
        url = safe_url(candidate)
        if url is not None and len(url) <= MAX_BUTTON_URL:
            return LinkButtonElement(text="Apply", url=url, action_id=APPLY_LINK)
    return None


def posting_actions(p: Posting) -> ActionsBlock:
    elements: list[Any] = [_button("View posting", OPEN_POSTING, p.id)]
    apply = _apply_button(p)
    if apply is not None:
        elements.append(apply)
    return ActionsBlock(elements=elements)


def posting_facts(p: Posting) -> str:
    rows = [f"*Company:* {escape(p.company)}"]
    if p.location_summary():
        rows.append(f"*Location:* {escape(p.location_summary())}")
    if p.workplace.value != "unknown":
        remote_from = f" (from {escape(', '.join(p.remote_regions))})" if p.remote_regions else ""
        rows.append(f"*Workplace:* {p.workplace.value}{remote_from}")
    if p.employment_type:
        rows.append("*Type:* " + ", ".join(t.value.replace("_", " ").lower() for t in p.employment_type))
    if p.pay and p.pay.text:
        rows.append(f"*Pay:* {escape(p.pay.text)}")
    if p.date_posted:
        rows.append(f"*Posted:* {p.date_posted.isoformat()}")
    if p.valid_through:
        rows.append(f"*Apply by:* {p.valid_through.isoformat()}")
    if p.apply_instructions:
        rows.append(f"*How to apply:* {escape(p.apply_instructions)}")
    if not p.active:
        rows.append("*Status:* this role is closed")
    return "\n".join(rows)


def posting_body(p: Posting, *, budget: int) -> list[Block]:
    """The posting's sections, one block each (a long one split), at most ``budget`` blocks."""
    blocks: list[Block] = []
    for s in p.sections:
        if len(blocks) >= budget:
            break
        head = f"*{escape(s.heading)}*\n" if s.heading else ""
        chunk = head
        for passage in s.passages:
            line = f"• {escape(passage)}\n"
            if len(chunk) + len(line) > MAX_SECTION - 10 and chunk.strip():
                blocks.append(_section(chunk.rstrip()))
                chunk = ""
                if len(blocks) >= budget:
                    break
            chunk += line
        if chunk.strip() and len(blocks) < budget:
            blocks.append(_section(chunk.rstrip()))
    return blocks


def posting_message(p: Posting) -> Message:
    """``/roles show``: the whole posting as a message."""
    blocks: list[Block] = [
        HeaderBlock(text=plain(p.title, MAX_HEADER)),
        _section(posting_facts(p)),
        posting_actions(p),
        DividerBlock(),
    ]
    blocks += posting_body(p, budget=MAX_BLOCKS - len(blocks) - 1)
    if p.url:
        blocks.append(_context(source_line(p.url)))
    return Message(text=fallback_text(f"{escape(p.title)} — {escape(p.company)}"), blocks=blocks)


def posting_modal(p: Posting) -> View:
    blocks: list[Block] = [HeaderBlock(text=plain(p.title, MAX_HEADER)), _section(posting_facts(p))]
    apply = _apply_button(p)
    if apply is not None:
        blocks.append(ActionsBlock(elements=[apply]))
    blocks.append(DividerBlock())
    blocks += posting_body(p, budget=MAX_BLOCKS - len(blocks) - 1)
    if p.url:
        blocks.append(_context(source_line(p.url)))
    return View(type="modal", title=plain("Role details", 24), close="Close", blocks=blocks[:MAX_BLOCKS])


def posting_summary(p: Posting, *, passages: int = 4) -> Message:
    """A short card for "Ask about this role": the facts and the posting's first few lines."""
    first = [escape(text) for _, text in p.passages()[:passages]]
    blocks: list[Block] = [_section(f"*{link(p.url, p.title)}*\n{posting_facts(p)}")]
    if first:
        blocks.append(_section("\n".join(f"> {line}" for line in first)))
    blocks.append(posting_actions(p))
    blocks.append(_context("Ask me anything about this role: reply here or send me a DM."))
    return Message(text=fallback_text(f"{escape(p.title)} — {escape(p.company)}"), blocks=blocks)


def posting_list(postings: Sequence[Posting], *, query: str, total: int | None = None) -> Message:
    total = len(postings) if total is None else total
    shown = list(postings[:MAX_LIST])
    what = f" matching “{escape(query)}”" if query else ""
    if not shown:
        text = f"No open roles{what}. Try fewer filters, or `/roles list` for everything."
        return Message(text=text, blocks=[_section(text)])
    head = f"*{total} open role{'s' if total != 1 else ''}{what}*"
    blocks: list[Block] = [_section(head)]
    for p in shown:
        blocks.append(_card(posting_line(p), p.id))
    if total > len(shown):
        blocks.append(_context(f"…and {total - len(shown)} more. Add a filter to narrow the list."))
    return Message(text=fallback_text(f"{total} open roles{what}"), blocks=blocks)


# -- answers ------------------------------------------------------------------------------------------------
def _without_bullets(text: str) -> str:
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(("•", "- "))]
    return "\n".join(kept).strip() or text


def answer_message(
    answer: Answer,
    *,
    question: str,
    question_id: int | None,
    postings: dict[str, Posting],
    shareable: bool = False,
    asked_by: str | None = None,
) -> Message:
    """An engine ``Answer`` as a message: the text, its quotes, the posting's buttons, feedback.

    ``postings`` maps ids to the loaded postings so buttons can offer apply links the answer refers to.
    """
    blocks: list[Block] = []
    if asked_by:
        blocks.append(_context(f"<@{escape(asked_by)}> asked: _{escape(question)}_"))
    refs = answer.postings
    listed = len(refs) > 1 and answer.status != Status.AMBIGUOUS
    # A list of roles is shown as cards with buttons below; the engine's own bullet lines would repeat it.
    shown = _without_bullets(answer.text) if listed else answer.text
    blocks.append(_section(escape(shown)))

    # The engine's text often quotes the posting already; repeat only what it did not say.
    quotes = [c for c in answer.citations if c.quote.strip() not in answer.text][:3]
    if quotes:
        titles = {ref.id: ref.title for ref in answer.postings}
        lines = []
        for c in quotes:
            source = titles.get(c.posting_id, "")
            where = f" — _{escape(source)}{', ' + escape(c.section) if c.section else ''}_" if source else ""
            lines.append(f"> {escape(c.quote)}{where}")
        blocks.append(_section("\n".join(lines)))

    if answer.status == Status.AMBIGUOUS and refs and question_id is not None:
        blocks.append(_section("*Which role do you mean?*"))
        candidates = refs[:MAX_CANDIDATES]
        for start in range(0, len(candidates), 5):
            blocks.append(
                ActionsBlock(
                    elements=[
                        _button(f"{r.title} — {r.company}", f"{CHOOSE_POSTING}_{i}", f"{question_id}|{r.id}")
                        for i, r in enumerate(candidates[start : start + 5], start)
                    ]
                )
            )
    elif len(refs) == 1 and refs[0].id in postings:
        blocks.append(posting_actions(postings[refs[0].id]))
    elif listed:
        for r in refs[:MAX_LIST]:
            p = postings.get(r.id)
            line = posting_line(p) if p else f"*{link(r.url, r.title)}* — {escape(r.company)}"
            blocks.append(_card(line, r.id))

    if question_id is not None and answer.status != Status.AMBIGUOUS:
        elements: list[Any] = [
            _button("Helpful", FEEDBACK_HELPFUL, str(question_id)),
            _button("Not helpful", FEEDBACK_NOT_HELPFUL, str(question_id)),
        ]
        if shareable:
            elements.append(_button("Share in channel", SHARE_ANSWER, str(question_id)))
        blocks.append(ActionsBlock(elements=elements))
    return Message(text=fallback_text(escape(answer.text)), blocks=blocks[:MAX_BLOCKS])


# -- help, notices, errors ----------------------------------------------------------------------------------
HELP_LINES = (
    "`/roles <question>` — ask about open roles, e.g. `/roles is the data engineer role remote?`",
    "`/roles list [filters]` — open roles; filters like `remote`, `intern`, `new grad`, a place or company",
    "`/roles show <id or title words>` — one posting in full",
    "`/roles share <question>` — answer where everyone in the channel can see it",
    "`/roles help` — this message",
)
DIGEST_HELP_LINES = (
    "`/roles subscribe [filters] [daily|weekdays|weekly <day>] [at HH:MM] [timezone]` — digests of new roles",
    "`/roles subscriptions` — this channel's digests · `/roles unsubscribe [id]` — stop one",
)


def help_message(*, problem: str | None = None, digests: bool = True) -> Message:
    # Our usage text has <placeholders>, which Slack would read as links unless escaped like any text.
    lines = [escape(line) for line in HELP_LINES + (DIGEST_HELP_LINES if digests else ())]
    intro = f"{escape(problem)}\n\n" if problem else ""
    body = intro + "*Rolecall* answers questions about open roles, quoting the postings.\n" + "\n".join(lines)
    body += "\nYou can also DM me a question, or mention me in a channel and I'll answer in a thread."
    return Message(text=fallback_text(escape(problem or "How to use /roles")), blocks=[_section(body)])


def notice(mrkdwn: str) -> Message:
    """A short message from already-safe mrkdwn (our own words, with untrusted parts escaped)."""
    return Message(text=fallback_text(mrkdwn), blocks=[_section(mrkdwn)])


def error_message(reference: str) -> Message:
    return notice(
        f"Sorry, something went wrong on my side while answering. If it keeps happening, "
        f"give your admin this reference: `{escape(reference)}`."
    )


def _manage(d: DigestEntry) -> ButtonElement:
    if d.paused:
        return _button("Resume", DIGEST_RESUME, str(d.id), "primary")
    button = _button("Unsubscribe", DIGEST_UNSUBSCRIBE, str(d.id), "danger")
    button.confirm = ConfirmObject(
        title="Stop this digest?",
        text=f"Digest #{d.id} will no longer post new roles in its channel.",
        confirm="Unsubscribe",
        deny="Keep it",
    )
    return button


# -- App Home -----------------------------------------------------------------------------------------------
class DigestEntry(NamedTuple):
    """One channel digest on App Home: ``line`` is mrkdwn the digest module already escaped."""

    id: int
    line: str
    paused: bool = False


def home_view(
    postings: Sequence[Posting],
    *,
    query: str,
    total: int,
    digests: Sequence[DigestEntry] | None,
    extra: Sequence[Block] = (),
) -> View:
    """Open roles (newest first, or matching the search), quick filters, and the workspace's digests, each
    with a button to unsubscribe it (or resume it when paused). ``None`` when digests are unavailable.
    ``extra``: other sections (alerts, insights) after the digests; the roles list makes room for them."""
    blocks: list[Block] = [
        HeaderBlock(text="Open roles"),
        InputBlock(
            block_id="home_search_block",
            label="Search roles",
            dispatch_action=True,
            optional=True,
            element=PlainTextInputElement(
                action_id=HOME_SEARCH,
                placeholder="e.g. remote backend, intern Arizona, a company",
                initial_value=query[:150] or None,
                dispatch_action_config=DispatchActionConfig(trigger_actions_on=["on_enter_pressed"]),
            ),
        ),
        ActionsBlock(
            block_id="home_filters",
            elements=[
                _button(label, f"{HOME_FILTER}_{i}", value or "*", "primary" if value == query else None)
                for i, (label, value) in enumerate(HOME_FILTERS)
            ],
        ),
    ]
    digest_blocks: list[Block] = []
    if digests is not None:
        digest_blocks = [DividerBlock(), HeaderBlock(text="Digests")]
        if not digests:
            digest_blocks.append(_section("No digests yet. In a channel: `/roles subscribe`."))
        for d in digests[:MAX_HOME_DIGESTS]:
            digest_blocks.append(
                SectionBlock(text=MarkdownTextObject(text=clip(d.line)), accessory=_manage(d))
            )
        if len(digests) > MAX_HOME_DIGESTS:
            more = len(digests) - MAX_HOME_DIGESTS
            digest_blocks.append(_context(f"…and {more} more: `/roles subscriptions` lists them all."))
    extra_blocks = list(extra)[: MAX_BLOCKS - len(blocks) - len(digest_blocks) - 6]  # keep a few roles
    room = MAX_BLOCKS - len(blocks) - len(digest_blocks) - len(extra_blocks) - 2
    shown = list(postings[:room])
    what = f" matching “{escape(query)}”" if query else ""
    blocks.append(_context(f"{total} open role{'s' if total != 1 else ''}{what}, newest first"))
    if not shown:
        blocks.append(_section("Nothing matches yet. Try another search."))
    for p in shown:
        blocks.append(_card(posting_line(p), p.id))
    if total > len(shown):
        blocks.append(_context(f"…and {total - len(shown)} more; search to narrow."))
    blocks += digest_blocks + extra_blocks
    return View(type="home", blocks=blocks[:MAX_BLOCKS])
