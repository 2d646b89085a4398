"""``/roles subscribe|subscriptions|unsubscribe`` and the App Home digests section go to the digest module
(``rolecall.digest.commands``), whose reply is shown as is; without that module the app says so."""

from __future__ import annotations

import json
import sys
import types
from typing import Any

import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SlackClient


@pytest.fixture
def digest_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A recording stand-in for the digest module, at the boundary between the two areas."""
    calls: list[dict[str, Any]] = []
    module = types.ModuleType("rolecall.digest.commands")

    def handle(services: object, **kwargs: Any) -> str:
        calls.append(kwargs)
        return f"Subscribed <#{kwargs['channel_id']}> (id 7)"

    def home_digests(services: object, team_id: str, user_id: str) -> list[Any]:
        calls.append({"home": (team_id, user_id)})
        return [types.SimpleNamespace(id=7, line="#jobs — weekly on Monday 09:00 (id 7)", paused=False)]

    module.handle = handle  # type: ignore[attr-defined]
    module.home_digests = home_digests  # type: ignore[attr-defined]
    module.COMMANDS = ("subscribe", "subscriptions", "unsubscribe", "resume")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rolecall.digest.commands", module)
    return calls


def test_subscribe_is_routed_with_the_users_timezone(
    slack: SlackClient, slack_api: FakeSlackAPI, digest_calls: list[dict[str, Any]]
) -> None:
    slack_api.user_tz["U4"] = "America/Phoenix"
    slack.command("subscribe remote intern weekly mon at 09:00", user="U4", channel="C9", hook="d1")
    [reply] = slack_api.wait_for("d1")
    assert "Subscribed <#C9> (id 7)" in reply.args["text"]
    assert digest_calls == [
        {
            "team_id": "T0000000",
            "channel_id": "C9",
            "user_id": "U4",
            "user_tz": "America/Phoenix",
            "text": "subscribe remote intern weekly mon at 09:00",
        }
    ]
    assert slack_api.calls_to("users.info")[0].args["user"] == "U4"


def test_list_and_unsubscribe_and_resume_are_routed(
    slack: SlackClient, slack_api: FakeSlackAPI, digest_calls: list[dict[str, Any]]
) -> None:
    for i, text in enumerate(("subscriptions", "unsubscribe 7", "resume 7")):
        slack.command(text, hook=f"r{i}")
        slack_api.wait_for(f"r{i}")
    assert [c["text"] for c in digest_calls] == ["subscriptions", "unsubscribe 7", "resume 7"]


def test_home_shows_the_digest_section(
    slack: SlackClient, slack_api: FakeSlackAPI, digest_calls: list[dict[str, Any]]
) -> None:
    slack.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvHomeDigest")
    [home] = slack_api.wait_for("views.publish", 1)
    assert "weekly on Monday" in json.dumps(home.args["view"])
    assert digest_calls == [{"home": ("T0000000", "U1")}]


def test_without_the_digest_module_the_user_is_told(
    slack: SlackClient, slack_api: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rolecall.digest.commands", None)  # import fails, as when not installed
    slack.command("subscribe daily", hook="none")
    [reply] = slack_api.wait_for("none")
    assert "digests are not available" in reply.args["text"].casefold()
    slack.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvHomeNoDigest")
    [home] = slack_api.wait_for("views.publish", 1)
    assert "Digests" not in json.dumps(home.args["view"])


def test_home_digests_can_be_unsubscribed_and_resumed_with_buttons(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Any
) -> None:
    """The real digest module: subscribe in a channel, then manage the digest from App Home."""
    from rolecall.store import digests as store

    slack.command("subscribe remote daily at 09:00 UTC", channel="C5", hook="s1")
    [reply] = slack_api.wait_for("s1")
    assert "Subscribed" in reply.args["text"]
    slack.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvHomeManage")
    [home] = slack_api.wait_for("views.publish", 1)
    buttons = [
        b["accessory"] for b in home.args["view"]["blocks"]
        if b.get("accessory", {}).get("action_id") == "digest_unsubscribe"
    ]  # fmt: skip
    assert len(buttons) == 1 and buttons[0]["confirm"]["confirm"]["text"] == "Unsubscribe"
    with services.sessions() as s:
        (sub,) = store.list_subscriptions(s, channel_id="C5")
        sub.status, sub.paused_reason = "paused", "not_in_channel"  # as delivery does when the bot is removed
        s.commit()
    slack.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvHomeManage2")
    home = slack_api.wait_for("views.publish", 2)[-1]
    assert '"action_id": "digest_resume"' in json.dumps(home.args["view"])
    slack.action("digest_resume", str(sub.id), hook=None, channel=None, container={"type": "view"})
    assert slack_api.wait_for("views.publish", 3)
    with services.sessions() as s:
        assert store.get_subscription(s, sub.id).status == "active"
    slack.action("digest_unsubscribe", str(sub.id), hook=None, channel=None, container={"type": "view"})
    published = slack_api.wait_for("views.publish", 4)
    assert len(published) == 4 and "digest_unsubscribe" not in json.dumps(published[-1].args["view"])
    with services.sessions() as s:
        assert store.list_subscriptions(s, channel_id="C5") == []
    # Each button's work ends with a DM saying what happened, sent just after the home is republished.
    notes = [c.args["text"] for c in slack_api.wait_for("chat.postMessage", 2) if c.args["channel"] == "U1"]
    assert any("active again" in n for n in notes) and any("Unsubscribed" in n for n in notes)
