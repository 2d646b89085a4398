"""The local console: the Slack handlers and answers, on stdin/stdout, so Rolecall can be tried with no
Slack app at all (``rolecall chat``; ``echo "is it remote?" | rolecall chat`` works too).

Each line is a question (follow-ups keep the posting the conversation is about); lines starting with
``/roles`` run the slash command's subcommands (``/roles list remote``, ``/roles show ...``).
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterable
from typing import Any, TextIO

from rolecall.services import Services
from rolecall.slack import blocks, handlers

_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
EXIT_WORDS = frozenset({"quit", "exit", ":q"})
DIGEST_VERBS = handlers.DIGEST_WORDS | {"resume"}


def to_text(message: blocks.Message) -> str:
    """Render a message's blocks as terminal text: links as "label (url)", entities unescaped."""
    out: list[str] = []
    for block in message.as_kwargs()["blocks"]:
        out.extend(_block_lines(block))
    return "\n".join(out) if out else _unslack(message.text)


def _block_lines(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind in {"section", "header"}:
        lines = [_unslack(block["text"]["text"])] if block.get("text") else []
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == blocks.OPEN_POSTING:
            lines[-1:] = [f"{lines[-1]}  [id: {accessory.get('value')}]"] if lines else []
        return lines
    if kind == "context":
        return [_unslack(e.get("text", "")) for e in block.get("elements", [])]
    if kind == "actions":
        links = [f"{e['text']['text']}: {e['url']}" for e in block.get("elements", []) if e.get("url")]
        choices = [
            f"  - {e['text']['text']}  (/roles show {e['value'].partition('|')[2]})"
            for e in block.get("elements", [])
            if str(e.get("action_id", "")).startswith(blocks.CHOOSE_POSTING)
        ]
        return links + choices
    if kind == "divider":
        return ["—" * 20]
    return []


def _unslack(mrkdwn: str) -> str:
    def link(m: re.Match[str]) -> str:
        url, label = html.unescape(m.group(1)), m.group(2)
        return label if html.unescape(label) == url else f"{label} ({url})"

    text = _BOLD.sub(r"\1", _LINK.sub(link, mrkdwn))
    return html.unescape(text)


def run_console(services: Services, lines: Iterable[str], out: TextIO, *, prompt: bool = False) -> int:
    """Answer each line; returns how many questions were answered."""
    where = handlers.Where(channel="console", thread=f"console:{uuid.uuid4().hex[:8]}", user_id="console")
    answered = 0
    if prompt:
        out.write("Ask about open roles (Ctrl-D to quit; /roles help for commands).\nyou> ")
        out.flush()
    for raw in lines:
        line = raw.strip()
        if line.casefold() in EXIT_WORDS:
            break
        if line:
            if line.startswith("/roles") and line.split()[1:2] and line.split()[1].casefold() in DIGEST_VERBS:
                # Digests belong to a Slack channel; the console has none to post to.
                reply = handlers.Reply(
                    blocks.notice(
                        "Digests are per Slack channel: in Slack use `/roles subscribe`, or on "
                        "the command line `rolecall digest subscribe --channel C...`."
                    )
                )
            elif line.startswith("/roles"):
                reply = handlers.run_command(
                    services, line.removeprefix("/roles"), where, user_tz=lambda: None
                )
            elif line.casefold() in {"help", "?"}:
                reply = handlers.Reply(blocks.help_message(digests=False))
            else:
                reply = handlers.answer_reply(services, line, where)
            out.write(to_text(reply.message) + "\n\n")
            answered += 1
        if prompt:
            out.write("you> ")
        out.flush()
    return answered
