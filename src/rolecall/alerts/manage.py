"""Creating, listing, stopping and resuming a person's alerts. Plain functions returning mrkdwn; no Slack.

An alert is a subscription of kind ``alert`` whose channel is the person's DM (their user id). Creating it
records the postings present now as seen and sets its cutoff to now, exactly as a channel digest does, so
it only ever brings roles first seen after it was made. Only its owner can see, stop or resume it.
"""

from __future__ import annotations

from datetime import datetime

from rolecall.alerts.parse import parse_alert
from rolecall.digest.cadence import next_slot, parse_cadence, zone
from rolecall.digest.filters import Filters
from rolecall.digest.subscriptions import AlreadySubscribed, escape_code, subscribe
from rolecall.errors import UsageError
from rolecall.services import Services
from rolecall.store import digests as store

KINDS = (store.ALERT,)
MAX_ALERTS = 20
STOPPED = "stopped"

# Why an alert is paused, in words its owner reads on App Home and in `/roles alerts`.
PAUSE_REASONS = {
    STOPPED: "stopped by you",
    "user_not_found": "your account could not be found",
    "account_inactive": "your account is deactivated",
    "user_disabled": "your account is deactivated",
    "cannot_dm_bot": "I can't send you direct messages",
    "messages_tab_disabled": "direct messages with me are turned off",
    "channel_not_found": "I can't open a DM with you",
    "is_archived": "our DM is archived",
    "not_in_channel": "I can't open a DM with you",
}

USAGE = (
    "*Alerts: new roles by DM*\n"
    "• `/roles alert <filters> [daily|weekdays|weekly <day>] [at HH:MM] [timezone]` — save a search; new "
    "matching roles come to you by DM, at most once a day by default. Filters as for `/roles subscribe`: "
    "a place, `remote`, `intern`, `new grad`, `full time`, a company, keywords.\n"
    "  e.g. `/roles alert remote data intern` or DM me “tell me when a remote data internship opens”\n"
    "• `/roles alerts` — your alerts · `/roles alerts stop <id|all>` · `/roles alerts resume <id>`"
)


def create_alert(
    services: Services, *, team_id: str, user_id: str, text: str, default_tz: str, now: datetime | None = None
) -> tuple[store.Subscription, str]:
    """Save an alert; returns it and the confirmation (mrkdwn). Raises UsageError on bad input."""
    now = now or services.now()
    if len(list_alerts(services, team_id, user_id, active_only=True)) >= MAX_ALERTS:
        raise UsageError(f"You have {MAX_ALERTS} alerts already: stop one first (`/roles alerts`).")
    request = parse_alert(text, default_tz=default_tz, companies={p.company for p in services.postings})
    try:
        sub = subscribe(
            services,
            team_id=team_id,
            channel_id=user_id,
            user_id=user_id,
            request=request,
            now=now,
            kind=store.ALERT,
        )
    except AlreadySubscribed as exc:
        existing = exc.existing
        resume = (
            f" It is paused: `/roles alerts resume {existing.id}` turns it back on."
            if existing.status != "active"
            else ""
        )
        return (
            existing,
            f"You already have that alert, so nothing changed: {describe_alert(existing, now)}.{resume}",
        )
    what = escape_code(request.filters.describe())
    confirmation = (
        f"Alert `#{sub.id}` saved: new roles ({what}), {request.cadence.describe()}, by DM. "
        "You'll only get roles that appear from now on, each once; nothing comes when nothing is new. "
        f"Stop it any time with the button on an alert, on my Home tab, or `/roles alerts stop {sub.id}`."
    )
    return sub, confirmation


def list_alerts(
    services: Services, team_id: str, user_id: str, *, active_only: bool = False
) -> list[store.Subscription]:
    with services.sessions() as session:
        return store.list_subscriptions(
            session,
            team_id=team_id,
            user_id=user_id,
            kinds=KINDS,
            status="active" if active_only else None,
        )


def describe_alert(sub: store.Subscription, now: datetime) -> str:
    """One mrkdwn line: id, filters, schedule, next delivery or why it is paused."""
    cadence = parse_cadence(sub.cadence, sub.timezone)
    what = escape_code(Filters.from_json(sub.filters).describe())
    line = f"`#{sub.id}` {what} · {cadence.describe()}"
    if sub.status != "active":
        reason = PAUSE_REASONS.get(sub.paused_reason or "", sub.paused_reason or "paused")
        return f"{line} · *paused* ({escape_code(reason)})"
    nxt = next_slot(cadence, now).astimezone(zone(cadence.tz))
    return f"{line} · next look {nxt:%a %b %-d, %H:%M %Z}"


def list_text(services: Services, team_id: str, user_id: str) -> str:
    alerts = list_alerts(services, team_id, user_id)
    if not alerts:
        return "You have no alerts.\n\n" + USAGE
    now = services.now()
    return "*Your alerts*\n" + "\n".join(f"• {describe_alert(a, now)}" for a in alerts)


def _owned(services: Services, team_id: str, user_id: str, alert_id: int) -> store.Subscription | None:
    with services.sessions() as session:
        # someone else's alert is as good as no alert
        return store.get_subscription(session, alert_id, kinds=KINDS, team_id=team_id, user_id=user_id)


def stop_alert(services: Services, team_id: str, user_id: str, alert_id: int) -> str:
    if _owned(services, team_id, user_id, alert_id) is None:
        return f"You have no alert `#{alert_id}`. `/roles alerts` lists yours."
    with services.sessions() as session:
        store.pause_subscription(session, alert_id, STOPPED)
        session.commit()
    return f"Stopped alert `#{alert_id}`. Resume it on my Home tab or with `/roles alerts resume {alert_id}`."


def stop_all(services: Services, team_id: str, user_id: str) -> str:
    active = list_alerts(services, team_id, user_id, active_only=True)
    with services.sessions() as session:
        for sub in active:
            store.pause_subscription(session, sub.id, STOPPED)
        session.commit()
    return (
        f"Stopped {len(active)} alert{'s' if len(active) != 1 else ''}."
        if active
        else "No alert was running."
    )


def resume_alert(
    services: Services, team_id: str, user_id: str, alert_id: int, now: datetime | None = None
) -> str:
    """Active again, from now: roles that appeared while it was paused are not sent in a burst."""
    now = now or services.now()
    if _owned(services, team_id, user_id, alert_id) is None:
        return f"You have no alert `#{alert_id}`. `/roles alerts` lists yours."
    with services.sessions() as session:
        sub = store.get_subscription(session, alert_id, kinds=KINDS)
        assert sub is not None
        sub.status, sub.paused_reason = "active", None
        store.advance_cutoff(session, alert_id, now)
        session.commit()
    return f"Alert `#{alert_id}` is on again: roles that appear from now on will come by DM."


def handle(services: Services, *, team_id: str, user_id: str, verb: str, rest: str, default_tz: str) -> str:
    """`/roles alert ...` and `/roles alerts [stop|resume <id>]` -> mrkdwn reply."""
    words = rest.split()
    try:
        if verb == "alert":
            if not words or words[0].casefold() in {"help", "?"}:
                return USAGE
            if words[0].casefold() in {"stop", "resume", "list"}:
                return handle(
                    services,
                    team_id=team_id,
                    user_id=user_id,
                    verb="alerts",
                    rest=rest,
                    default_tz=default_tz,
                )
            return create_alert(services, team_id=team_id, user_id=user_id, text=rest, default_tz=default_tz)[
                1
            ]
        if not words or words[0].casefold() == "list":
            return list_text(services, team_id, user_id)
        action, target = words[0].casefold(), (words[1] if len(words) > 1 else "").lstrip("#")
        if action == "stop" and target.casefold() == "all":
            return stop_all(services, team_id, user_id)
        if action in {"stop", "resume"} and target.isdecimal():
            if action == "stop":
                return stop_alert(services, team_id, user_id, int(target))
            return resume_alert(services, team_id, user_id, int(target))
        return USAGE
    except UsageError as exc:
        return f"{exc.user_message}\n\n{USAGE}"
