"""Turning failures into words a user can act on, and making sure something always reaches them.

Slack errors that are about the channel (not in it, gone, archived) become a clear sentence; anything
unexpected becomes a short apology with a reference id that is also in the log next to the traceback.
Slack being unreachable is one log line, not a traceback: the user cannot be told either, so the caller
releases the delivery's claim and Slack's redelivery gets answered instead.

Replies to slash commands and clicks go through the request's ``response_url``: retried after a 429's
``Retry-After`` (when it is short), a 5xx or a dropped connection, then sent another way (an ephemeral
message, or a DM), and logged, so a busy or failing ``response_url`` never silently loses the answer.
"""

from __future__ import annotations

import http.client
import logging
import random
import re
import socket
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.error import URLError

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import WebClient
from slack_sdk.webhook import WebhookClient

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


def is_unreachable(exc: BaseException) -> bool:
    """Slack could not be reached at all (refused, reset, timed out, DNS): nothing was delivered."""
    network = URLError | ConnectionError | TimeoutError | socket.gaierror | http.client.HTTPException
    return isinstance(exc, network | Undelivered)


class Undelivered(Exception):
    """Every way of reaching the user failed."""


def new_reference() -> str:
    return uuid.uuid4().hex[:10]


def failure_message(exc: BaseException, *, action: str) -> blocks.Message:
    """The message for a failure; logs unexpected ones with a reference the user is given."""
    code = slack_error_code(exc)
    if code in CHANNEL_ERRORS:
        log.warning("slack refused %s: %s", action, code)
        return blocks.notice(CHANNEL_ERRORS[code])
    if is_unreachable(exc):
        log.warning("could not %s: Slack unreachable (%s)", action, redact(_one_line(exc)))
        return blocks.notice("Sorry, I couldn't reach Slack to answer that. Please ask again in a minute.")
    ref = new_reference()
    # The traceback is formatted here so it can be redacted: exception text may quote a token.
    trace = redact("".join(traceback.format_exception(exc)))
    log.error("failed to %s (ref %s): %s\n%s", action, ref, redact(repr(exc)), trace)
    return blocks.error_message(ref)


def dm(client: WebClient, user_id: str, message: blocks.Message) -> None:
    """Tell the user in their DM with the app; raises when that fails too."""
    if not user_id:
        raise Undelivered("no user to send a DM to")
    client.chat_postMessage(channel=user_id, **message.as_kwargs())


def dm_channel(client: WebClient, user_id: str, clicked_in: str = "") -> str:
    """The user's DM with the app: ``clicked_in`` when the click came from it (a DM's id starts with D, and
    the app's message was there), else ``conversations.open``. Its id is the channel the user's next DM
    arrives from, so a conversation keyed on it continues there."""
    if clicked_in.startswith("D"):
        return clicked_in
    if not user_id:
        raise Undelivered("no user to open a DM with")
    return str(client.conversations_open(users=user_id)["channel"]["id"])


def notify_user(client: WebClient, user_id: str, message: blocks.Message) -> None:
    """Best effort: a DM whose failure is only logged (the main reply already went out)."""
    try:
        dm(client, user_id, message)
    except Exception as exc:
        log.warning("could not tell user %s either: %s", user_id, slack_error_code(exc) or type(exc).__name__)


def guarded(action: str, tell: Callable[[blocks.Message], None], work: Callable[[], None]) -> bool:
    """Run ``work``; on failure, tell the user what happened through ``tell`` (which may fail too).

    True when something reached the user: the answer, or word of why there is none."""
    try:
        work()
        return True
    except Undelivered as exc:
        # Every route to the user was tried already; an apology would take the same roads.
        log.warning("could not %s: %s", action, exc)
        return False
    except Exception as exc:
        message = failure_message(exc, action=action)
    try:
        tell(message)
        return True
    except Exception as again:
        reason = slack_error_code(again) or redact(_one_line(again))
        log.warning("could not report a failure to %s: %s", action, reason)
        return False


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]


# -- replying through response_url ---------------------------------------------------------------------------
MAX_RETRY_AFTER = 10.0  # seconds: a longer wait holds a worker; the fallback is quicker for the user
RETRY_BACKOFF = 0.5  # seconds before retrying a 5xx or a dropped connection, doubling
SLEEP: Callable[[float], None] = time.sleep  # tests replace it with a recording clock


class ResponseRetry(RetryHandler):
    """Retries a ``response_url`` post: after ``Retry-After`` for a 429 (when short), with backoff for a
    5xx or a dropped connection."""

    def __init__(self, max_retry_count: int = 2, backoff: float | None = None) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.backoff = RETRY_BACKOFF if backoff is None else backoff

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None:
            return error is not None and is_unreachable(error)
        if response.status_code == 429:
            wait = _retry_after(response)
            return wait is not None and wait <= MAX_RETRY_AFTER
        return response.status_code >= 500

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        wait = _retry_after(response) if response is not None and response.status_code == 429 else None
        if wait is None:
            wait = self.backoff * (2**state.current_attempt) + random.random() * self.backoff
        SLEEP(wait)
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> float | None:
    for name, values in response.headers.items():
        if name.lower() == "retry-after":
            value = values[0] if isinstance(values, list | tuple) else values
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                return None  # an HTTP date: not worth parsing for a reply that is minutes old
    return 1.0


@dataclass
class ResponseTarget:
    """Where a slash command's or a click's reply goes: its response_url, else the channel and user."""

    client: WebClient
    response_url: str | None
    channel: str
    user: str


def respond(
    target: ResponseTarget,
    message: blocks.Message,
    *,
    public: bool = False,
    replace_original: bool | None = None,
    delete_original: bool | None = None,
) -> str:
    """Send ``message`` the best way that works; returns how ("response_url", "chat.postEphemeral"...).

    Raises :class:`Undelivered` when nothing got through."""
    failures: list[str] = []
    if target.response_url:
        outcome = _post_response_url(
            target.response_url,
            message,
            response_type="in_channel" if public else "ephemeral",
            replace_original=replace_original,
            delete_original=delete_original,
        )
        if outcome is None:
            return "response_url"
        failures.append(f"response_url {outcome}")
    routes: list[tuple[str, Callable[[], Any]]] = []
    if public and target.channel:
        routes.append(
            (
                "chat.postMessage",
                lambda: target.client.chat_postMessage(channel=target.channel, **message.as_kwargs()),
            )
        )
    if target.channel and target.user:
        routes.append(
            (
                "chat.postEphemeral",
                lambda: target.client.chat_postEphemeral(
                    channel=target.channel, user=target.user, **message.as_kwargs()
                ),
            )
        )
    if target.user:
        routes.append(
            ("a DM", lambda: target.client.chat_postMessage(channel=target.user, **message.as_kwargs()))
        )
    for route, send in routes:
        try:
            send()
        except Exception as exc:
            failures.append(f"{route} {slack_error_code(exc) or redact(_one_line(exc))}")
            continue
        log.warning("reply sent by %s instead: %s", route, "; ".join(failures))
        return route
    log.warning("reply lost: %s", "; ".join(failures) or "no response_url, channel or user")
    raise Undelivered("; ".join(failures))


def _post_response_url(url: str, message: blocks.Message, **options: Any) -> str | None:
    """None when Slack took it; else what went wrong, in a few words."""
    client = WebhookClient(url, timeout=10, retry_handlers=[ResponseRetry()])
    try:
        resp = client.send(**message.as_kwargs(), **{k: v for k, v in options.items() if v is not None})
    except Exception as exc:
        return redact(_one_line(exc))
    if resp.status_code == 200:
        return None
    return f"HTTP {resp.status_code} {redact(str(resp.body or ''))[:60]}".strip()


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
