"""A Slack message rendered for a terminal: what the local console prints.

Slack's mrkdwn becomes styled text (rich): ``*bold*``, ``_italic_``, ``~strike~`` and ``code`` keep their
meaning, ``<url|label>`` becomes the label followed by its URL, mentions become names (``<@console>`` is
"you"), and the three escaped entities are decoded. Nothing in Slack's wire syntax is printed raw.

Within one message a URL is printed once: a link to a URL already shown keeps only its label, a button
("Apply") to it is dropped, and so is a "Label: URL" line repeating it. A quote whose words another quote
of the same message already contains is not printed again. On a terminal that is not a colour one (a
pipe, a file, the tests), rich prints the same text without styles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from rich.style import Style
from rich.text import Text

from rolecall.slack import blocks

CONSOLE_USER = "console"  # the console's user id: its mention reads "you"

BOLD = Style(bold=True)
ITALIC = Style(italic=True)
STRIKE = Style(strike=True)
CODE = Style(color="cyan")
LINK = Style(color="blue", underline=True)
URL = Style(color="blue")
QUOTE = Style(color="green")
MUTED = Style(dim=True)
HEADER = Style(bold=True, underline=True)

# Slack's formatting marks only count at word edges, so snake_case ids and URLs keep their underscores.
_INLINE = re.compile(
    r"(?P<ref><[^<>\n]+>)"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?P<bold>(?<![\w*])\*(?=\S)[^*\n]+?(?<=\S)\*(?![\w*]))"
    r"|(?P<italic>(?<![\w_])_(?=\S)[^_\n]+?(?<=\S)_(?![\w_]))"
    r"|(?P<strike>(?<![\w~])~(?=\S)[^~\n]+?(?<=\S)~(?![\w~]))"
    r"|(?P<url>\bhttps?://[^\s<>]+)"
)
_URL_TAIL = ".,;:!?'\")]"  # sentence punctuation after a bare URL is not part of it
_FACT_LINE = re.compile(r"^\s*[\w][\w ]{0,30}:\s*(?P<target><[^<>|\s]+(?:\|[^<>]*)?>|https?://\S+)\s*$")
_QUOTE_MARK = re.compile(r"^\s*(?:>|&gt;)\s?")
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def unescape(text: str) -> str:
    return html.unescape(text)


@dataclass
class _Context:
    """What one message has printed so far."""

    urls: set[str] = field(default_factory=set)


def _bare_url(raw: str) -> tuple[str, str]:
    """(the URL, trailing punctuation that belongs to the sentence)."""
    url = raw.rstrip(_URL_TAIL)
    # A closing parenthesis the URL itself opened stays ("…/wiki/Foo_(bar)").
    while raw[len(url) : len(url) + 1] == ")" and url.count("(") > url.count(")"):
        url += ")"
    return url, raw[len(url) :]


def _ref(body: str, ctx: _Context, style: Style) -> Text:
    """``<…>``: a link, a user, a channel or a special mention."""
    target, _, label = body.partition("|")
    label = unescape(label)
    if target.startswith("@"):
        user = target[1:]
        return Text("you" if user == CONSOLE_USER else f"@{label or user}", style=style + BOLD)
    if target.startswith("#"):
        return Text(f"#{label or target[1:]}", style=style + BOLD)
    if target.startswith("!"):
        special = target[1:].split("^", 1)[0]
        if special.startswith("date"):
            return Text(label, style=style)
        return Text(label or f"@{special}", style=style + BOLD)
    url = unescape(target)
    return _link(url, label, ctx, style)


def _link(url: str, label: str, ctx: _Context, style: Style) -> Text:
    link = Style(link=url)
    if not label or label == url:
        ctx.urls.add(url)
        return Text(url, style=style + URL + link)
    out = Text(label, style=style + LINK + link)
    if url not in ctx.urls:
        ctx.urls.add(url)
        out.append(" (", style=style)
        out.append(url, style=style + URL + link)
        out.append(")", style=style)
    return out


def inline(mrkdwn: str, ctx: _Context, style: Style | None = None) -> Text:
    """One line of mrkdwn as styled text."""
    style = style or Style()
    out = Text()
    pos = 0
    for m in _INLINE.finditer(mrkdwn):
        if m.start() > pos:
            out.append(unescape(mrkdwn[pos : m.start()]), style=style)
        pos = m.end()
        token = m.group(0)
        kind = m.lastgroup
        if kind == "ref":
            out.append_text(_ref(token[1:-1], ctx, style))
        elif kind == "code":
            out.append(unescape(token[1:-1]), style=style + CODE)
        elif kind == "url":
            url, tail = _bare_url(token)
            out.append_text(_link(unescape(url), "", ctx, style))
            if tail:
                out.append(unescape(tail), style=style)
        else:
            mark = {"bold": BOLD, "italic": ITALIC, "strike": STRIKE}[kind or "bold"]
            out.append_text(inline(token[1:-1], ctx, style + mark))
    if pos < len(mrkdwn):
        out.append(unescape(mrkdwn[pos:]), style=style)
    return out


# -- whole messages -----------------------------------------------------------------------------------------
def _quote_words(line: str) -> str | None:
    """The quoted words of a quote line, normalised for comparison; None when it is not a quote."""
    if not _QUOTE_MARK.match(line):
        return None
    body = unescape(_QUOTE_MARK.sub("", line, count=1))
    quoted = _QUOTED.search(body)
    text = next(g for g in quoted.groups() if g) if quoted else body.split(" — ", 1)[0]
    return " ".join(re.sub(r"[^\w$%€£.,-]+", " ", text.casefold()).split()).strip(" .,")


def _repeated_quotes(lines: list[str]) -> set[int]:
    """Indexes of quote lines whose words another quote line of the message already holds."""
    words = {i: w for i, line in enumerate(lines) if (w := _quote_words(line))}
    drop: set[int] = set()
    for i, w in words.items():
        for j, other in words.items():
            if i != j and j not in drop and w in other and (w != other or j < i):
                drop.add(i)
                break
    return drop


def _target_url(target: str) -> str:
    if target.startswith("<"):
        return unescape(target[1:-1].partition("|")[0])
    return unescape(_bare_url(target)[0])


def _repeats_a_url(line: str, ctx: _Context) -> bool:
    """A "Label: URL" line (e.g. "Posting: <url>") whose URL this message already showed."""
    fact = _FACT_LINE.match(line)
    return bool(fact) and _target_url(fact.group("target")) in ctx.urls  # type: ignore[union-attr]


def _lines(mrkdwn: str, ctx: _Context, drop: set[int], offset: int) -> list[Text]:
    out: list[Text] = []
    for i, line in enumerate(mrkdwn.split("\n")):
        if offset + i in drop:
            continue
        if _repeats_a_url(line, ctx):
            continue
        if _QUOTE_MARK.match(line):
            text = Text("│ ", style=QUOTE)
            text.append_text(inline(_QUOTE_MARK.sub("", line, count=1), ctx, QUOTE))
            out.append(text)
        else:
            out.append(inline(line, ctx))
    return out


def _block_texts(block: dict[str, Any]) -> list[str]:
    """The mrkdwn lines a block holds (sections, headers, context)."""
    kind = block.get("type")
    if kind in {"section", "header"} and block.get("text"):
        return block["text"]["text"].split("\n")
    if kind == "context":
        return [e.get("text", "") for e in block.get("elements", [])]
    return []


def render(message: blocks.Message) -> Text:
    """A message as terminal text."""
    kwargs = message.as_kwargs()
    items: list[dict[str, Any]] = kwargs.get("blocks") or []
    if not items:
        items = [{"type": "section", "text": {"type": "mrkdwn", "text": message.text}}]
    all_lines = [line for b in items for line in _block_texts(b)]
    drop = _repeated_quotes(all_lines)
    ctx = _Context()
    out: list[Text] = []
    offset = 0
    for block in items:
        kind = block.get("type")
        texts = _block_texts(block)
        if kind == "header":
            out += [inline(t, ctx, HEADER) for t in texts]
        elif kind == "context":
            out += [inline(t, ctx, MUTED) for t in texts if not _repeats_a_url(t, ctx)]
        elif kind == "section":
            lines = _lines("\n".join(texts), ctx, drop, offset)
            accessory = block.get("accessory") or {}
            if lines and accessory.get("action_id") == blocks.OPEN_POSTING:
                lines[-1].append(f"  id: {accessory.get('value')}", style=MUTED)
            out += lines
        elif kind == "actions":
            out += _actions(block, ctx)
        elif kind == "divider":
            out.append(Text("─" * 20, style=MUTED))
        offset += len(texts)
    return Text("\n").join(out)


def _actions(block: dict[str, Any], ctx: _Context) -> list[Text]:
    """Link buttons ("Apply") whose URL was not shown yet; the choices of "which role do you mean?"."""
    out: list[Text] = []
    for e in block.get("elements", []):
        label = e.get("text", {}).get("text", "")
        url = e.get("url")
        if url and url not in ctx.urls:
            line = Text(f"{label}: ")
            line.append_text(_link(url, "", ctx, Style()))
            out.append(line)
        elif str(e.get("action_id", "")).startswith(blocks.CHOOSE_POSTING):
            posting_id = str(e.get("value", "")).partition("|")[2]
            line = Text(f"  • {label}")
            line.append(f"  (/roles show {posting_id})", style=MUTED)
            out.append(line)
    return out
