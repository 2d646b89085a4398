"""Personal alerts end to end: created by a signed `/roles alert` and by a DM, delivered by DM at most once
a day with only roles first seen after the alert was made, never twice (restarts, replicas), paused when
the person can't be reached; stopped and resumed from the alert itself and from App Home."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta

import pytest

from rolecall.config import Settings
from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.digest.filters import Filters
from rolecall.postings.model import EmploymentType, Location, Posting, Section, Workplace
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock
from tests.fakes.slack_api import FakeSlackAPI
from tests.insights.conftest import MEMBER, ask, dm, reply_text
from tests.slack.conftest import SlackClient

FAST = DeliveryOptions(pace_seconds=0.0)
NEXT_DAY_9AM_NY = "2026-11-24T14:00:00+00:00"  # 09:00 in New York, the fake's default user timezone


def role(
    pid: str, title: str, *, remote: bool = True, intern: bool = True, where: str = "Remote (US)"
) -> Posting:
    return Posting(
        id=pid,
        title=title,
        company="Globex",
        locations=[Location(text=where, remote=remote, city=None if remote else where.split(",")[0])],
        workplace=Workplace.REMOTE if remote else Workplace.ONSITE,
        employment_type=[EmploymentType.INTERN] if intern else [EmploymentType.FULL_TIME],
        url=f"https://jobs.example.com/{pid}",
        date_posted=date(2026, 11, 23),
        sections=[Section(heading="Role", passages=["Work on data pipelines."])],
    )


def appear(services: Services, clock: Clock, *new: Posting) -> None:
    """What a sync does when roles appear: publish them and record them as first seen now."""
    postings = [*services.postings, *new]
    services.set_postings(postings)
    with services.sessions() as s:
        store.record_seen(s, postings, clock.at)
        s.commit()


def alerts_of(services: Services, user: str = MEMBER) -> list[store.Subscription]:
    with services.sessions() as s:
        return store.list_subscriptions(s, user_id=user, kinds=(store.ALERT,))


def dms(api: FakeSlackAPI, user: str = MEMBER) -> list[dict]:
    return [c.args for c in api.calls_to("chat.postMessage") if c.args.get("channel") == user]


def test_alert_by_command_is_saved_listed_and_private(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    reply = reply_text(ask(slack, "alert remote data intern", user=MEMBER, hook="a1"))
    assert (
        "Alert `#" in reply and "remote, intern, matching “data”" in reply and "every day at 09:00" in reply
    )
    (alert,) = alerts_of(services)
    assert (alert.kind, alert.channel_id, alert.cadence, alert.timezone) == (
        "alert",
        MEMBER,
        "daily 09:00",
        "America/New_York",  # the user's Slack timezone
    )
    f = Filters.from_json(alert.filters)
    assert (f.remote, f.types, f.keywords) == (True, ("intern",), ("data",))

    listing = reply_text(ask(slack, "alerts", user=MEMBER, hook="a2"))
    assert f"`#{alert.id}` remote, intern" in listing
    assert "You have no alerts" in reply_text(ask(slack, "alerts", user="U2", hook="a3"))
    assert "remote, intern" not in reply_text(ask(slack, "subscriptions", user="U2", hook="a4"))
    # Someone else's alert can't be stopped by its id, and the digest commands don't see it.
    assert "You have no alert" in reply_text(ask(slack, f"alerts stop {alert.id}", user="U2", hook="a5"))
    assert "No digest" in reply_text(ask(slack, f"unsubscribe {alert.id}", user="U2", hook="a6"))
    assert alerts_of(services)[0].status == "active"
    weekly = reply_text(ask(slack, "alert new grad weekly fri at 08:00", user=MEMBER, hook="a7"))
    assert "every Friday at 08:00" in weekly


def test_the_same_alert_twice_is_kept_once(slack: SlackClient, services: Services) -> None:
    first = reply_text(ask(slack, "alert remote data intern daily", user=MEMBER, hook="d1"))
    assert "Alert `#" in first
    again = reply_text(ask(slack, "alert data intern remote", user=MEMBER, hook="d2"))  # other word order
    (alert,) = alerts_of(services)
    assert "already have that alert, so nothing changed" in again and f"`#{alert.id}`" in again
    reply_text(ask(slack, f"alerts stop {alert.id}", user=MEMBER, hook="d3"))
    paused = reply_text(ask(slack, "alert remote data intern", user=MEMBER, hook="d4"))
    assert f"`/roles alerts resume {alert.id}`" in paused and len(alerts_of(services)) == 1
    assert "Alert `#" in reply_text(ask(slack, "alert remote data intern", user="U2", hook="d5"))  # theirs


def test_alert_by_dm_and_questions_still_answered(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services
) -> None:
    slack.event(dm("alert me about new grad roles in NYC", ts="10.1"), event_id="EvAlert1")
    [confirm] = slack_api.wait_for("chat.postMessage", 1)
    assert confirm.args["channel"] == "D1" and "Alert `#" in confirm.args["text"]
    slack.event(dm("Tell me when a remote data internship opens!", ts="10.2"), event_id="EvAlert2")
    slack_api.wait_for("chat.postMessage", 2)
    slack.event(dm("tell me when the data engineer role closes", ts="10.3"), event_id="EvQuestion")
    calls = slack_api.wait_for("chat.postMessage", 3)
    nyc, remote = alerts_of(services)
    assert Filters.from_json(nyc.filters) == Filters(places=("new york city",), types=("new_grad",))
    assert Filters.from_json(remote.filters) == Filters(remote=True, types=("intern",), keywords=("data",))
    assert "Data Engineer" in json.dumps(calls[2].args)  # not an alert request: answered as a question
    assert len(alerts_of(services)) == 2


def test_alert_delivers_only_new_matching_roles_once(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    (alert,) = alerts_of(services)
    clock.set(clock.at + timedelta(hours=2))
    appear(
        services,
        clock,
        role("globex-data-intern", "Data Intern"),
        role("globex-staff", "Staff", intern=False),
    )

    clock.set(NEXT_DAY_9AM_NY)
    (outcome,) = run_due(services, clock.at, options=FAST).outcomes
    assert outcome.status == "posted"
    (msg,) = dms(slack_api)
    assert "1 new role for your alert" in msg["text"] or "1 new role" in json.dumps(msg["blocks"])
    actions = [e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(e["action_id"], e["value"]) for e in actions] == [
        ("alert_ask_about_role", "globex-data-intern"),
        ("alert_stop", str(alert.id)),
    ]
    # The platform intern existed before the alert: never sent, though it matches.
    assert "globex-platform-intern" not in json.dumps(msg)

    clock.set(clock.at + timedelta(minutes=5))
    assert run_due(services, clock.at, options=FAST).outcomes == []  # the same slot: nothing more
    clock.set("2026-11-25T14:00:00+00:00")
    (quiet,) = run_due(services, clock.at, options=FAST).outcomes
    assert quiet.status == "empty" and len(dms(slack_api)) == 1  # nothing new: no DM

    # A restart (a new process on the same database) sends nothing again either.
    again = Services(services.settings, now=clock)
    try:
        assert run_due(again, clock.at, options=FAST).outcomes == []
    finally:
        again.close()
    assert len(dms(slack_api)) == 1


def test_two_replicas_ticking_at_once_send_one_dm(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, settings: Settings, clock: Clock
) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    clock.set(clock.at + timedelta(hours=2))
    appear(services, clock, role("globex-data-intern", "Data Intern"))
    clock.set(NEXT_DAY_9AM_NY)
    replicas = [Services(settings, now=clock) for _ in range(2)]
    barrier = threading.Barrier(2)

    def tick(svc: Services) -> None:
        barrier.wait()
        run_due(svc, clock.at, options=FAST)

    threads = [threading.Thread(target=tick, args=(r,)) for r in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    for r in replicas:
        r.close()
    assert len(dms(slack_api)) == 1


@pytest.mark.parametrize(
    "code", ["user_not_found", "account_inactive", "cannot_dm_bot", "messages_tab_disabled"]
)
def test_an_unreachable_person_gets_the_alert_paused_not_retried(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock, code: str
) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    clock.set(clock.at + timedelta(hours=2))
    appear(services, clock, role("globex-data-intern", "Data Intern"))
    slack_api.queue("chat.postMessage", {"ok": False, "error": code})
    (outcome,) = run_due(services, clock.set(NEXT_DAY_9AM_NY), options=FAST).outcomes
    assert (outcome.status, outcome.detail) == ("paused", code)
    (alert,) = alerts_of(services)
    assert (alert.status, alert.paused_reason) == ("paused", code)
    attempts = len(slack_api.calls_to("chat.postMessage"))
    appear(services, clock, role("globex-ml-intern", "ML Intern"))
    clock.set("2026-11-25T14:00:00+00:00")
    assert run_due(services, clock.at, options=FAST).outcomes == []
    assert len(slack_api.calls_to("chat.postMessage")) == attempts  # not tried again
    listing = reply_text(ask(slack, "alerts", user=MEMBER, hook="l"))
    assert "*paused*" in listing


def test_stop_from_the_dm_and_resume_from_home(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    (alert,) = alerts_of(services)
    clock.set(clock.at + timedelta(hours=2))
    appear(services, clock, role("globex-data-intern", "Data Intern"))
    run_due(services, clock.set(NEXT_DAY_9AM_NY), options=FAST)
    (msg,) = dms(slack_api)

    # "Ask about this role" in the DM: the role's card, and the DM is now about it.
    in_dm = {"type": "message", "is_ephemeral": False}
    slack.action(
        "alert_ask_about_role", "globex-data-intern", user=MEMBER, hook=None, channel="D1", container=in_dm,
        message={"ts": "1.1", "text": msg["text"]},
    )  # fmt: skip
    [card] = [c for c in slack_api.wait_for("chat.postMessage", 2) if c.args["channel"] == "D1"]
    assert "Data Intern" in json.dumps(card.args)
    slack.event(dm("is it remote?", ts="20.1"), event_id="EvFollow")
    follow = slack_api.wait_for("chat.postMessage", 3)[-1]
    assert "Data Intern" in json.dumps(follow.args)

    slack.action("alert_stop", str(alert.id), user=MEMBER, hook="stop", channel="D1", container=in_dm)
    [stopped] = slack_api.wait_for("stop")
    assert f"Stopped alert `#{alert.id}`" in stopped.args["text"]
    assert alerts_of(services)[0].paused_reason == "stopped"

    slack.event({"type": "app_home_opened", "user": MEMBER, "tab": "home"}, event_id="EvHome1")
    [home] = slack_api.wait_for("views.publish", 1)
    assert '"action_id": "alert_resume"' in json.dumps(home.args["view"])
    slack.action(
        "alert_resume", str(alert.id), user=MEMBER, hook=None, channel=None, container={"type": "view"}
    )
    published = slack_api.wait_for("views.publish", 2)
    assert '"action_id": "alert_stop"' in json.dumps(published[-1].args["view"])
    assert alerts_of(services)[0].status == "active"

    # Resumed from now: a role that appeared while it was stopped is not sent in a burst later.
    appear(services, clock, role("globex-late-intern", "Late Intern"))
    clock.set("2026-11-25T14:00:00+00:00")
    assert [o.status for o in run_due(services, clock.at, options=FAST).outcomes] == ["empty"]


def test_home_lists_only_your_own_alerts(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    ask(slack, "alert company:Globex", user="U2", hook="b")
    slack.event({"type": "app_home_opened", "user": "U2", "tab": "home"}, event_id="EvHomeU2")
    [home] = slack_api.wait_for("views.publish", 1)
    view = json.dumps(home.args["view"])
    assert "Your alerts" in view and "at Globex" in view and "remote, intern" not in view


def test_a_running_scheduler_delivers_the_alert(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, clock: Clock
) -> None:
    from rolecall.digest.scheduler import start_scheduler

    ask(slack, "alert remote intern", user=MEMBER, hook="a")
    clock.set(clock.at + timedelta(hours=2))
    appear(services, clock, role("globex-data-intern", "Data Intern"))
    clock.set(NEXT_DAY_9AM_NY)
    scheduler = start_scheduler(
        services, tick_every=timedelta(seconds=0.2), sync_every=None, purge_every=None, options=FAST
    )
    try:
        slack_api.wait_for("chat.postMessage", count=1, timeout=30)
    finally:
        scheduler.shutdown(wait=True)
    (msg,) = dms(slack_api)
    assert "Data Intern" in msg["text"]


def test_help_mentions_alerts_and_insights(slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    text = reply_text(ask(slack, "help", user=MEMBER, hook="h"))
    assert "/roles alert &lt;filters&gt;" in text and "/roles insights" in text and "/roles list" in text
    usage = reply_text(ask(slack, "alert", user=MEMBER, hook="u"))
    assert "tell me when a remote data internship opens" in usage
