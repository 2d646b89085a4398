"""Weekly gaps reports: a channel subscribes (``kind=insights`` on the digest subscriptions table), so the
digest tick delivers them with the same once-only slot claims. Plain functions, no Slack.

A report covers the questions asked since the previous report; the first covers the week before
subscribing, so a new subscription's first report already has something to say.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rolecall.digest.cadence import next_slot, parse_cadence, zone
from rolecall.digest.subscriptions import escape_code, parse_subscribe
from rolecall.errors import UsageError
from rolecall.insights.query import ALL, Choices, NotFound, Scope, resolve
from rolecall.services import Services
from rolecall.store import digests as store

FIRST_REPORT_LOOKBACK = timedelta(days=7)
KINDS = (store.INSIGHTS,)


def scope_of(services: Services, sub: store.Subscription) -> Scope:
    """The stored scope (``posting:<id>``, ``company:<name>`` or everything) as a :class:`Scope`."""
    if not sub.filter_text:
        return ALL
    found = resolve(services, sub.filter_text, team_id=sub.team_id)
    return found if isinstance(found, Scope) else ALL


def parse_request(services: Services, text: str, *, team_id: str, default_tz: str) -> tuple[Scope, str, str]:
    """`[role or company] [weekly <day>|daily|weekdays] [at HH:MM] [timezone]` -> scope, cadence, tz.

    The default is weekly, Monday 09:00. Raises UsageError for a scope that names nothing or several."""
    request = parse_subscribe(text, default_tz=default_tz)
    found = resolve(services, request.filter_text, team_id=team_id)
    if isinstance(found, NotFound):
        raise UsageError(
            f"I don't know a role or company called “{escape_code(found.query)}”. "
            "Use a company name, a posting id, or title words."
        )
    if isinstance(found, Choices):
        names = "; ".join(
            f"{escape_code(s.title)} ({escape_code(s.company)}) `{escape_code(s.posting_id)}`"
            for s in found.subjects
        )
        raise UsageError(
            f"“{escape_code(found.query)}” could mean several roles: {names}. Say which by its id."
        )
    return found, request.cadence.text, request.cadence.tz


def subscribe_report(
    services: Services,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    text: str,
    default_tz: str,
    now: datetime | None = None,
) -> tuple[store.Subscription, Scope]:
    now = now or services.now()
    scope, cadence, tz = parse_request(services, text, team_id=team_id, default_tz=default_tz)
    with services.sessions() as session:
        sub = store.add_subscription(
            session,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            cadence=cadence,
            timezone=tz,
            filters="{}",
            filter_text=scope.canonical,
            status="active",
            created_at=now,
            cutoff=now - FIRST_REPORT_LOOKBACK,
            kind=store.INSIGHTS,
        )
        session.commit()
        return sub, scope


def list_reports(services: Services, team_id: str | None = None) -> list[store.Subscription]:
    with services.sessions() as session:
        return store.list_subscriptions(session, team_id=team_id, kinds=KINDS)


def get_report(services: Services, report_id: int, team_id: str | None) -> store.Subscription | None:
    with services.sessions() as session:
        return store.get_subscription(session, report_id, kinds=KINDS, team_id=team_id)


def set_status(services: Services, report_id: int, team_id: str | None, *, active: bool) -> bool:
    """Stop (delete) or resume a report; False when there is no such report in the workspace."""
    with services.sessions() as session:
        sub = store.get_subscription(session, report_id, kinds=KINDS, team_id=team_id)
        if sub is None:
            return False
        if active:
            sub.status, sub.paused_reason = "active", None
        else:
            store.delete_subscription(session, report_id)
        session.commit()
    return True


def describe_report(services: Services, sub: store.Subscription, now: datetime) -> str:
    """One mrkdwn line: id, channel, scope, schedule, next slot or why it is paused."""
    cadence = parse_cadence(sub.cadence, sub.timezone)
    scope = scope_of(services, sub)
    line = (
        f"`#{sub.id}` <#{escape_code(sub.channel_id)}> · gaps report on {escape_code(scope.label)} · "
        f"{cadence.describe()}"
    )
    if sub.status != "active":
        return f"{line} · *paused* ({escape_code(sub.paused_reason or 'paused')})"
    nxt = next_slot(cadence, now).astimezone(zone(cadence.tz))
    return f"{line} · next {nxt:%a %b %-d, %H:%M %Z}"
