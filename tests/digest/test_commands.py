from __future__ import annotations

import pytest

from rolecall.digest.commands import USAGE, handle, home_summary
from rolecall.errors import UsageError
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting


def run(
    services: Services, text: str, *, channel: str = "C1", user: str = "U1", tz: str | None = "America/Denver"
) -> str:
    return handle(services, team_id="T1", channel_id=channel, user_id=user, user_tz=tz, text=text)


def test_subscribe_defaults_weekly_monday_nine_in_the_users_timezone(services: Services) -> None:
    reply = run(services, "subscribe")
    assert "every Monday at 09:00 (America/Denver)" in reply
    assert "only roles that appear after now" in reply
    with services.sessions() as s:
        (sub,) = store.list_subscriptions(s)
    assert (sub.team_id, sub.channel_id, sub.user_id, sub.cadence, sub.timezone) == (
        "T1",
        "C1",
        "U1",
        "weekly mon 09:00",
        "America/Denver",
    )


def test_subscribe_with_filters_cadence_time_and_timezone(services: Services) -> None:
    services.set_postings([posting("a", company="Globex")])
    reply = run(services, "subscribe intern Arizona globex weekdays at 08:30 America/Phoenix")
    assert "every weekday at 08:30 (America/Phoenix)" in reply
    assert "Arizona, intern, at Globex" in reply
    with services.sessions() as s:
        (sub,) = store.list_subscriptions(s)
    assert sub.cadence == "weekdays 08:30" and sub.timezone == "America/Phoenix"


def test_subscribe_records_present_postings_as_seen(services: Services, clock: Clock) -> None:
    services.set_postings([posting("a"), posting("b")])
    run(services, "subscribe")
    with services.sessions() as s:
        rows = store.open_postings(s)
        (sub,) = store.list_subscriptions(s)
    assert {r.posting_id for r in rows} == {"a", "b"}
    assert all(r.first_seen <= sub.cutoff for r in rows)
    assert sub.cutoff == clock.at


def test_malformed_input_gets_usage_help(services: Services) -> None:
    assert run(services, "") == USAGE
    assert run(services, "frobnicate") == USAGE
    bad_time = run(services, "subscribe daily at 25:99")
    assert "Can't read the cadence" in bad_time and USAGE in bad_time
    bad_tz = run(services, "subscribe daily Mars/Olympus")
    assert "Unknown timezone" in bad_tz
    assert "not a digest id" in run(services, "unsubscribe <!channel>")
    assert "&lt;!channel&gt;" in run(services, "unsubscribe <!channel>")
    with services.sessions() as s:
        assert store.list_subscriptions(s) == []


def test_untrusted_filter_text_is_escaped_in_replies(services: Services) -> None:
    reply = run(services, "subscribe <!channel> <@U999>")
    assert "<!channel>" not in reply and "<@U999>" not in reply
    assert "&lt;!channel&gt;" in reply


def test_list_and_unsubscribe(services: Services) -> None:
    run(services, "subscribe daily", channel="C1")
    run(services, "subscribe remote", channel="C2")
    listing = run(services, "subscriptions", channel="C1")
    assert listing.index("<#C1>") < listing.index("<#C2>")
    assert "next " in listing
    # No id, one digest in this channel: that one goes.
    assert "Unsubscribed" in run(services, "unsubscribe", channel="C1")
    run(services, "subscribe weekly fri", channel="C2")
    several = run(services, "unsubscribe", channel="C2")
    assert "several digests" in several
    with services.sessions() as s:
        ids = [sub.id for sub in store.list_subscriptions(s)]
    assert "Unsubscribed" in run(services, f"unsubscribe {ids[0]}", channel="C9")
    # Another workspace cannot remove it.
    other = handle(
        services, team_id="T2", channel_id="C2", user_id="U", user_tz=None, text=f"unsubscribe {ids[1]}"
    )
    assert "No digest" in other
    with services.sessions() as s:
        assert [sub.id for sub in store.list_subscriptions(s)] == [ids[1]]


def test_resume_reactivates_a_paused_digest(services: Services) -> None:
    run(services, "subscribe")
    with services.sessions() as s:
        (sub,) = store.list_subscriptions(s)
        store.pause_subscription(s, sub.id, "not_in_channel")
        s.commit()
    assert "paused" in home_summary(services, "T1", "U1")[0]
    assert "active again" in run(services, f"resume {sub.id}")
    with services.sessions() as s:
        assert store.get_subscription(s, sub.id).status == "active"  # type: ignore[union-attr]


def test_home_summary_lists_the_users_own_first(services: Services) -> None:
    assert "No channel digests yet" in home_summary(services, "T1", "U1")[0]
    run(services, "subscribe daily", channel="C1", user="U-other")
    run(services, "subscribe weekly tue", channel="C2", user="U1")
    lines = home_summary(services, "T1", "U1")
    assert len(lines) == 2 and "<#C2>" in lines[0] and "every Tuesday" in lines[0]
    assert home_summary(services, "T-else", "U1")[0].startswith("No channel digests")


def test_parse_subscribe_separates_schedule_timezone_and_filters() -> None:
    from rolecall.digest.subscriptions import parse_subscribe

    req = parse_subscribe("remote intern weekly mon at 09:00", default_tz="America/Phoenix")
    assert req.cadence.text == "weekly mon 09:00" and req.cadence.tz == "America/Phoenix"
    assert req.filters.remote and req.filters.types == ("intern",)
    req = parse_subscribe("ci/cd new grad daily 7:45 america/new_york", default_tz="UTC")
    assert req.cadence.text == "daily 07:45" and req.cadence.tz == "America/New_York"
    assert req.filters.keywords == ("ci/cd",) and req.filters.types == ("new_grad",)
    with pytest.raises(UsageError, match="America/Atlantis"):
        parse_subscribe("daily America/Atlantis", default_tz="UTC")
