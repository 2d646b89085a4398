"""The local console: the Slack handlers and answers, on a terminal, so Rolecall can be tried with no Slack
app at all (``rolecall chat``; ``echo "is it remote?" | rolecall chat`` works too).

Each line is a question (follow-ups keep the posting the conversation is about); lines starting with
``/roles`` run the slash command's subcommands (``/roles list remote``, ``/roles show ...``,
``/roles insights``), routed exactly as in Slack (``slack/routes.py``, then the core handlers). What needs
Slack — alerts come by DM, digests and gaps reports post in a channel — says so in one line. Answers are
the Slack messages, rendered for a terminal (rolecall.slack.terminal).

On a terminal, input comes from prompt_toolkit: line editing, the arrow keys, Ctrl-R search and a history
kept across sessions in the user's data dir (platformdirs). prompt_toolkit rather than the standard
library's readline because it behaves the same on Linux, macOS (whose Python ships libedit) and Windows
(which has no readline), and because it can be driven from a pipe in tests. Ctrl-D or Ctrl-C ends the
session cleanly, on a new line.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console

from rolecall.services import Services
from rolecall.slack import blocks, handlers, routes
from rolecall.slack.terminal import CONSOLE_USER, render

EXIT_WORDS = frozenset({"quit", "exit", ":q"})
DIGEST_VERBS = handlers.DIGEST_WORDS | {"resume"}
PROMPT = "you> "
# Digests belong to a Slack channel; the console has none to post to.
DIGESTS_NEED_SLACK = (
    "Digests are posted in a Slack channel, so they need Slack: there, `/roles subscribe`; here, "
    "`rolecall digest subscribe --channel C…`."
)
BANNER = "Ask about open roles (Ctrl-D to quit; /roles help for commands)."


def history_path() -> Path:
    """Where the console keeps its history: the user's data dir (e.g. ~/.local/share/rolecall)."""
    from platformdirs import user_data_path

    return user_data_path("rolecall", appauthor=False) / "console_history"


def prompt_lines(
    history: Path | None = None, *, input: Any = None, output: Any = None, prompt: str = PROMPT
) -> Iterator[str]:
    """Lines typed at an editable prompt, until Ctrl-D or Ctrl-C. ``history`` is the history file (None:
    kept in memory only); ``input``/``output`` are prompt_toolkit's, for tests."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory

    store: History = InMemoryHistory()
    if history is not None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            history.touch(exist_ok=True)
            store = FileHistory(str(history))
        except OSError:
            pass  # a read-only home still gets a working console, without history across sessions
    session: PromptSession[str] = PromptSession(history=store, input=input, output=output)
    while True:
        try:
            yield session.prompt(prompt)
        except (EOFError, KeyboardInterrupt):
            return


def _reply(services: Services, line: str, where: handlers.Where) -> blocks.Message:
    """A line, routed as Slack routes a slash command or a DM (``slack/routes.py``, then the core
    handlers), with no Web API client: what needs Slack says so in one line."""
    if line.startswith("/roles"):
        text = line.removeprefix("/roles")
        # insights and alerts first, as in Slack; None means the core command handles it
        routed = routes.command_reply(services, None, text, where, user_tz=lambda: None)
        if routed is not None:
            return routed.message
        if text.split()[:1] and text.split()[0].casefold() in DIGEST_VERBS:
            return blocks.notice(DIGESTS_NEED_SLACK)
        return handlers.run_command(services, text, where, user_tz=lambda: None).message
    if line.casefold() in {"help", "?"}:
        return blocks.help_message(digests=False)
    routed_message = routes.conversation_reply(services, None, line, where)  # "tell me when ... opens"
    return routed_message or handlers.answer_reply(services, line, where).message


def run_console(services: Services, lines: Iterable[str], out: TextIO, *, banner: bool = False) -> int:
    """Answer each line; returns how many were answered. Ctrl-C while answering ends the session too."""
    where = handlers.Where(channel="console", thread=f"console:{uuid.uuid4().hex[:8]}", user_id=CONSOLE_USER)
    console = Console(file=out, highlight=False, emoji=False, markup=False)
    if banner:
        console.print(BANNER, style="dim")
    answered = 0
    try:
        for raw in lines:
            line = raw.strip()
            if line.casefold() in EXIT_WORDS:
                break
            if not line:
                continue
            console.print(render(_reply(services, line, where)), soft_wrap=True)
            console.print()
            answered += 1
    except KeyboardInterrupt:
        console.print()
    return answered
