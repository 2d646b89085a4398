"""The `/roles subscribe | subscriptions | unsubscribe | resume` subcommands, as plain functions.

The Slack app calls :func:`handle` with the text after `/roles` and posts the mrkdwn it returns; the App
Home shows :func:`home_summary`. Nothing here talks to Slack.
"""

from __future__ import annotations

from dataclasses import dataclass

from rolecall.digest.subscriptions import (
    AlreadySubscribed,
    describe,
    escape_code,
    parse_subscribe,
    subscribe,
)
from rolecall.errors import UsageError
from rolecall.services import Services
from rolecall.store import digests as store

USAGE = (
    "*Digests of new roles*\n"
    "• `/roles subscribe [filters] [daily|weekdays|weekly <day>] [at HH:MM] [timezone]` — post new roles "
    "in this channel (default: weekly, Monday 09:00, your timezone). Filters: a place (`AZ`, `Arizona`), "
    "`remote`, `intern`, `new grad`, `full time`, `company:<name>`, keywords.\n"
    "  e.g. `/roles subscribe intern Arizona weekdays at 08:30 America/Phoenix`\n"
    "• `/roles subscriptions` — list this workspace's digests\n"
    "• `/roles unsubscribe [id]` — stop one (the only one in this channel when no id is given)\n"
    "• `/roles resume <id>` — restart a paused digest"
)

COMMANDS = ("subscribe", "subscriptions", "unsubscribe", "resume")


def handle(
    services: Services, *, team_id: str, channel_id: str, user_id: str, user_tz: str | None, text: str
) -> str:
    """Run one digest subcommand; returns the mrkdwn reply (usage help when the input is malformed)."""
    words = text.strip().split(maxsplit=1)
    if not words or words[0].casefold() not in COMMANDS:
        return USAGE
    command = words[0].casefold()
    rest = words[1] if len(words) > 1 else ""
    try:
        if command == "subscribe":
            return _subscribe(services, team_id, channel_id, user_id, user_tz, rest)
        if command == "subscriptions":
            return _list(services, team_id, channel_id)
        if command == "unsubscribe":
            return _unsubscribe(services, team_id, channel_id, rest)
        return _resume(services, team_id, rest)
    except UsageError as exc:
        return f"{exc.user_message}\n\n{USAGE}"


def _subscribe(
    services: Services, team_id: str, channel_id: str, user_id: str, user_tz: str | None, rest: str
) -> str:
    companies = {p.company for p in services.postings}
    tz = user_tz or services.settings.default_timezone
    request = parse_subscribe(rest, default_tz=tz, companies=companies)
    try:
        sub = subscribe(services, team_id=team_id, channel_id=channel_id, user_id=user_id, request=request)
    except AlreadySubscribed as exc:
        sub = exc.existing
        resume = f"\n`/roles resume {sub.id}` restarts it." if sub.status == "paused" else ""
        line = describe(sub, services.now())
        return f"This channel already has that digest, so nothing changed:\n• {line}{resume}"
    return (
        f"Subscribed <#{escape_code(channel_id)}> to new roles ({escape_code(request.filters.describe())}), "
        f"{request.cadence.describe()}. Digest id `#{sub.id}`.\n"
        "The first digest holds only roles that appear after now; when nothing is new, nothing is posted."
    )


def _list(services: Services, team_id: str, channel_id: str) -> str:
    now = services.now()
    with services.sessions() as session:
        subs = store.list_subscriptions(session, team_id=team_id)
    if not subs:
        return "No digests yet. Start one here with `/roles subscribe`."
    here = [s for s in subs if s.channel_id == channel_id]
    elsewhere = [s for s in subs if s.channel_id != channel_id]
    lines = ["*Digests of new roles*"] + [f"• {describe(s, now)}" for s in here + elsewhere]
    return "\n".join(lines)


def _parse_id(rest: str) -> int | None:
    token = rest.strip().lstrip("#")
    if not token:
        return None
    if not token.isdecimal():
        raise UsageError(
            f"`{escape_code(rest.strip())}` is not a digest id (a number, as `/roles subscriptions` shows)."
        )
    return int(token)


def _unsubscribe(services: Services, team_id: str, channel_id: str, rest: str) -> str:
    sub_id = _parse_id(rest)
    with services.sessions() as session:
        if sub_id is None:
            here = store.list_subscriptions(session, team_id=team_id, channel_id=channel_id)
            if not here:
                return "This channel has no digest. `/roles subscriptions` lists the others."
            if len(here) > 1:
                ids = ", ".join(f"`{s.id}`" for s in here)
                example = f"`/roles unsubscribe {here[0].id}`"
                return f"This channel has several digests ({ids}): say which, e.g. {example}."
            sub_id = here[0].id
        sub = store.get_subscription(session, sub_id, team_id=team_id)
        if sub is None:
            return f"No digest `#{sub_id}` in this workspace. `/roles subscriptions` lists them."
        channel = sub.channel_id
        store.delete_subscription(session, sub_id)
        session.commit()
    return f"Unsubscribed: digest `#{sub_id}` will no longer post in <#{escape_code(channel)}>."


def _resume(services: Services, team_id: str, rest: str) -> str:
    sub_id = _parse_id(rest)
    if sub_id is None:
        raise UsageError("Say which digest to resume, e.g. `/roles resume 3`.")
    with services.sessions() as session:
        sub = store.get_subscription(session, sub_id, team_id=team_id)
        if sub is None:
            return f"No digest `#{sub_id}` in this workspace. `/roles subscriptions` lists them."
        sub.status = "active"
        sub.paused_reason = None
        session.commit()
    return f"Digest `#{sub_id}` is active again."


@dataclass(frozen=True)
class HomeDigest:
    id: int
    line: str  # mrkdwn, escaped
    paused: bool


def home_digests(services: Services, team_id: str, user_id: str) -> list[HomeDigest]:
    """The workspace's digests for App Home, the user's own first, each manageable from there."""
    now = services.now()
    with services.sessions() as session:
        subs = store.list_subscriptions(session, team_id=team_id)
    subs.sort(key=lambda s: (s.user_id != user_id, s.id))
    return [HomeDigest(s.id, describe(s, now), s.status == "paused") for s in subs]


def home_summary(services: Services, team_id: str, user_id: str) -> list[str]:
    """Lines (mrkdwn) for App Home: the workspace's digests, the user's own first."""
    digests = home_digests(services, team_id, user_id)
    if not digests:
        return ["No channel digests yet: run `/roles subscribe` in a channel to get new roles there."]
    return [d.line for d in digests]
