"""Turning failures into words a user can act on, and making sure something always reaches them.

Slack errors that are about the channel (not in it, gone, archived) become a clear sentence; anything
unexpected becomes a short apology with a reference id that is also in the log next to the traceback.
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from rolecall.slack import blocks

log = logging.getLogger(__name__)

CHANNEL_ERRORS: dict[str, str] = {
    "not_in_channel": "I'm not a member of that channel. Invite me with `/invite @Rolecall` and ask again.",
    "channel_not_found": "I can't see that channel (private or deleted?). Invite me, or DM me instead.",
    "is_archived": "That channel is archived, so I can't post there. DM me instead.",
    "restricted_action": "This workspace doesn't let me post in that channel. DM me instead.",
    "cannot_dm_bot": "I can't reply there. Try a DM with me.",
    "msg_too_long": "My answer was too long for Slack. Try a narrower question.",
}

_TOKEN = re.compile(r"xox[abposer]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")


def slack_error_code(exc: BaseException) -> str | None:
    if isinstance(exc, SlackApiError):
        code = exc.response.get("error") if exc.response is not None else None
        return str(code) if code else None
    return None


def new_reference() -> str:
    return uuid.uuid4().hex[:10]


def failure_message(exc: BaseException, *, action: str) -> blocks.Message:
    """The message for a failure; logs unexpected ones with a reference the user is given."""
    code = slack_error_code(exc)
    if code in CHANNEL_ERRORS:
        log.warning("slack refused %s: %s", action, code)
        return blocks.notice(CHANNEL_ERRORS[code])
    ref = new_reference()
    # The traceback is formatted here so it can be redacted: exception text may quote a token.
    trace = redact("".join(traceback.format_exception(exc)))
    log.error("failed to %s (ref %s): %s\n%s", action, ref, redact(repr(exc)), trace)
    return blocks.error_message(ref)


def notify_user(client: WebClient, user_id: str, message: blocks.Message) -> None:
    """Last resort when the original channel refused us: tell the user in their DM with the app."""
    try:
        client.chat_postMessage(channel=user_id, **message.as_kwargs())
    except Exception as exc:
        log.warning("could not tell user %s either: %s", user_id, slack_error_code(exc) or type(exc).__name__)


def guarded(action: str, tell: Callable[[blocks.Message], None], work: Callable[[], None]) -> None:
    """Run ``work``; on failure, tell the user what happened through ``tell`` (which may fail too)."""
    try:
        work()
    except Exception as exc:
        message = failure_message(exc, action=action)
        try:
            tell(message)
        except Exception as again:
            log.warning("could not report a failure to %s: %s", action, slack_error_code(again) or again)


def redact(text: str) -> str:
    return _TOKEN.sub("xox…redacted", text)


class RedactTokens(logging.Filter):
    """A log filter that blanks anything shaped like a Slack token, whoever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatter uses a pre-set exc_text as is, so a redacted traceback replaces the raw one.
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens())
