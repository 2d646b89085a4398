"""Issue 10 item 16: a digest needs a channel, and an identical digest is not created twice, from Slack's
``/roles subscribe`` and from ``rolecall digest subscribe`` alike (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolecall.cli import cli
from rolecall.digest.cadence import parse_cadence
from rolecall.digest.filters import parse_filters
from rolecall.digest.subscriptions import AlreadySubscribed, SubscribeRequest, subscribe
from rolecall.errors import UsageError
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.test_commands import run


def _count(services: Services) -> int:
    with services.sessions() as s:
        return len(store.list_subscriptions(s))


def test_identical_slash_subscribe_is_reported_not_doubled(services: Services) -> None:
    first = run(services, "subscribe remote intern daily at 08:30")
    assert "Digest id `#1`" in first
    again = run(services, "subscribe intern remote daily 08:30")  # same digest, words in another order
    assert "already has that digest, so nothing changed" in again and "`#1`" in again
    assert _count(services) == 1


def test_a_different_digest_in_the_same_channel_is_created(services: Services) -> None:
    run(services, "subscribe remote daily at 08:30")
    assert "Digest id `#2`" in run(services, "subscribe remote daily at 09:30")  # another time
    assert "Digest id `#3`" in run(services, "subscribe intern daily at 08:30")  # other filters
    assert "Digest id `#4`" in run(services, "subscribe remote daily at 08:30", tz="Asia/Tokyo")
    assert "Digest id `#5`" in run(services, "subscribe remote daily at 08:30", channel="C2")
    assert _count(services) == 5


def test_an_identical_paused_digest_says_how_to_resume(services: Services) -> None:
    run(services, "subscribe weekly fri")
    with services.sessions() as s:
        (sub,) = store.list_subscriptions(s)
        sub.status, sub.paused_reason = "paused", "not_in_channel"
        s.commit()
    reply = run(services, "subscribe weekly fri")
    assert "nothing changed" in reply and "`/roles resume 1`" in reply


def test_subscribe_refuses_a_blank_channel(services: Services) -> None:
    request = SubscribeRequest(parse_cadence("daily", "UTC"), parse_filters([]), "")
    for blank in ("", "   "):
        with pytest.raises(UsageError, match="needs a channel"):
            subscribe(services, team_id="T1", channel_id=blank, user_id="U1", request=request)
    subscribe(services, team_id="T1", channel_id="C9", user_id="U1", request=request)
    with pytest.raises(AlreadySubscribed) as caught:
        subscribe(services, team_id="T1", channel_id="C9", user_id="U1", request=request)
    assert caught.value.existing.channel_id == "C9"
    assert _count(services) == 1


# -- two at once --------------------------------------------------------------------------------------------
def _at_once(services: Services, monkeypatch: pytest.MonkeyPatch, *texts: str) -> list[str]:
    """Run each `/roles ...` text on its own thread, lined up so that every one has looked for an identical
    digest before any writes (the window two real requests on two replicas can fall into)."""
    barrier = threading.Barrier(len(texts), timeout=20)
    real = store.record_seen  # called between the look and the insert

    def lined_up(*args: object, **kwargs: object) -> store.SeenReport:
        barrier.wait()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "record_seen", lined_up)
    replies: list[str] = [""] * len(texts)

    def go(i: int) -> None:
        replies[i] = run(services, texts[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return replies


def test_two_identical_subscribes_at_once_create_one_digest(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    replies = _at_once(
        services, monkeypatch, "subscribe remote intern daily", "subscribe intern remote daily"
    )
    assert _count(services) == 1
    created = [r for r in replies if "Digest id `#" in r]
    told = [r for r in replies if "already has that digest, so nothing changed" in r]
    assert len(created) == 1 and len(told) == 1
    with services.sessions() as s:
        (sub,) = store.list_subscriptions(s)
    assert f"`#{sub.id}`" in told[0]  # the friendly message names the one that was made


def test_two_different_subscribes_at_once_are_both_created(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    replies = _at_once(services, monkeypatch, "subscribe remote daily", "subscribe intern daily")
    assert all("Digest id `#" in r for r in replies)
    assert _count(services) == 2


def test_an_unsubscribed_digest_can_be_made_again(services: Services) -> None:
    first = run(services, "subscribe remote daily")
    digest_id = first.split("Digest id `#", 1)[1].split("`", 1)[0]
    assert "Unsubscribed" in run(services, f"unsubscribe {digest_id}")
    assert "Digest id `#" in run(services, "subscribe remote daily")  # its signature went with it
    assert _count(services) == 1


# -- the command line -------------------------------------------------------------------------------------
@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> dict[str, str | None]:
    monkeypatch.chdir(tmp_path)
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    return {
        "ROLECALL_KNOWLEDGE_DIR": str(knowledge),
        "ROLECALL_DATABASE_URL": database_url,
        "ROLECALL_SOURCES_FILE": None,
        "SLACK_BOT_TOKEN": None,
    }


def test_cli_refuses_an_empty_channel(env: dict[str, str | None]) -> None:
    result = CliRunner().invoke(cli, ["digest", "subscribe", "--channel", ""], env=env)
    assert result.exit_code == 2
    assert "--channel is empty" in result.stderr
    listed = CliRunner().invoke(cli, ["digest", "list"], env=env)
    assert listed.stdout.strip() == "No subscriptions."


def test_cli_reports_an_identical_subscription(env: dict[str, str | None]) -> None:
    args = ["digest", "subscribe", "--channel", "C7", "--team", "T1", "--cadence", "daily 07:00"]
    first = CliRunner().invoke(cli, [*args, "--filter", "remote intern"], env=env)
    assert first.exit_code == 0 and first.stdout.startswith("#1: C7")
    again = CliRunner().invoke(cli, [*args, "--filter", "intern", "--filter", "remote"], env=env)
    assert again.exit_code == 0
    assert again.stdout.strip() == "#1 already posts that digest to C7; nothing changed."
    listed = CliRunner().invoke(cli, ["digest", "list", "--json"], env=env)
    assert [row["id"] for row in json.loads(listed.stdout)] == [1]
