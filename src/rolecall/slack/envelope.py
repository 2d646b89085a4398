"""The shape of what Slack sends, checked after the signature and before Bolt or a listener reads it.

Only the fields Rolecall (and Bolt's routing) read are declared; anything else passes through. A signed
request that does not fit is something Slack never sends (a bug elsewhere, or a test): it is
acknowledged, so Slack does not retry it, and ignored with one warning, instead of failing deep inside a
listener with an HTTP 500.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

Text = str | None


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Event(_Open):
    type: str
    channel: Text = None
    user: Text = None
    ts: Text = None
    thread_ts: Text = None
    text: Text = None
    channel_type: Text = None
    subtype: Text = None
    bot_id: Text = None
    tab: Text = None


class EventCallback(_Open):
    event: Event
    event_id: Text = None
    team_id: Text = None


class Ref(_Open):
    id: str


class Action(_Open):
    action_id: str
    block_id: Text = None
    value: Text = None


class BlockActions(_Open):
    actions: list[Action] = Field(min_length=1)
    user: Ref
    team: Ref | None = None
    channel: Ref | None = None
    container: dict[str, Any] | None = None
    message: dict[str, Any] | None = None
    response_url: Text = None
    trigger_id: Text = None


class Command(_Open):
    command: str
    text: Text = None
    user_id: Text = None
    channel_id: Text = None
    team_id: Text = None
    response_url: Text = None


_SHAPES: dict[str, TypeAdapter[Any]] = {
    "event_callback": TypeAdapter(EventCallback),
    "block_actions": TypeAdapter(BlockActions),
}
_COMMAND = TypeAdapter(Command)


def problem(body: object) -> str | None:
    """Why a parsed, signed body is not something Slack sends (a short, bounded reason), or None."""
    if not isinstance(body, dict):
        return f"the body is a JSON {type(body).__name__}, not an object"
    kind = body.get("type")
    if kind is not None and not isinstance(kind, str):
        return "its type is not a string"
    adapter = _SHAPES.get(kind) if isinstance(kind, str) else None
    if adapter is None and kind is None and "command" in body:
        adapter = _COMMAND
    if adapter is None:
        return None
    try:
        adapter.validate_python(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"{kind or 'command'}: {where}: {first['msg'][:80]}{more}"
    return None
