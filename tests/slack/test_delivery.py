"""Failures become words: channel errors explained, anything else a reference id; tokens never logged."""

from __future__ import annotations

import io
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from rolecall.slack.delivery import RedactTokens, failure_message


def slack_error(code: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="x",
        req_args={},
        data={"ok": False, "error": code},
        headers={},
        status_code=200,
    )
    return SlackApiError(code, response)


def test_channel_errors_become_clear_sentences() -> None:
    for code in ("not_in_channel", "channel_not_found", "is_archived"):
        text = failure_message(slack_error(code), action="post").text
        assert "reference" not in text and "channel" in text


def test_the_redaction_filter_blanks_tokens_in_messages_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokens())
    logger = logging.getLogger("rolecall.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("token is %s", "xoxb-123-456-abcdef")
        try:
            raise ValueError("bad app token xapp-1-A1-999-abc")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "xoxb-123-456-abcdef" not in out and "xapp-1-A1-999-abc" not in out
    assert out.count("redacted") >= 2 and "ValueError: bad app token" in out
