from __future__ import annotations

import json
from pathlib import Path

from rolecall.config import Settings
from rolecall.digest.deliver import DeliveryOptions, run_due
from rolecall.digest.sync import sync
from rolecall.feeds.fetch import FetchPolicy
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, json_loader, json_parser, posting, write_postings
from tests.digest.test_deliver import posts, subscribe
from tests.fakes.slack_api import FakeSlackAPI
from tests.feeds.server import FeedServer

FAST = DeliveryOptions(pace_seconds=0.0)
ONCE = FetchPolicy(attempts=1, backoff=0.0, timeout=2.0)


def do_sync(services: Services):  # type: ignore[no-untyped-def]
    return sync(services, loader=json_loader, parse=json_parser, policy=ONCE)


def open_ids(services: Services) -> set[str]:
    with services.sessions() as s:
        return {r.posting_id for r in store.open_postings(s)}


def with_sources(services: Services, tmp_path: Path, server: FeedServer) -> Services:
    sources = tmp_path / "sources.yml"
    sources.write_text(f"greenhouse: [acme]\nbase_urls:\n  greenhouse: {server.url}/gh\n")
    services.settings = services.settings.model_copy(update={"sources_file": sources})
    return services


def test_a_knowledge_file_added_while_running_is_picked_up_and_announced(
    services: Services, settings: Settings, clock: Clock, slack_api: FakeSlackAPI
) -> None:
    write_postings(settings.knowledge_dir / "a.json", [posting("a1", "Alpha", origin="a.json")])
    report = do_sync(services)
    assert report.total == 1 and [p.id for p in services.postings] == ["a1"]
    subscribe(services)
    clock.set("2025-03-03T08:40:00+00:00")
    write_postings(settings.knowledge_dir / "b.json", [posting("b1", "Bravo", origin="b.json")])
    report = do_sync(services)
    assert {p.id for p in services.postings} == {"a1", "b1"}
    assert report.seen is not None and report.seen.new == 1
    run_due(services, clock.set("2025-03-03T09:00:00+00:00"), options=FAST)
    (msg,) = posts(slack_api)
    assert "Bravo" in msg["text"] and "Alpha" not in msg["text"]


def test_a_removed_file_closes_its_roles_but_a_broken_file_does_not(
    services: Services, settings: Settings, clock: Clock
) -> None:
    a = write_postings(
        settings.knowledge_dir / "a.json", [posting("a1", origin=str(settings.knowledge_dir / "a.json"))]
    )
    b = write_postings(
        settings.knowledge_dir / "b.json", [posting("b1", origin=str(settings.knowledge_dir / "b.json"))]
    )
    do_sync(services)
    assert open_ids(services) == {"a1", "b1"}
    clock.set("2025-03-03T08:10:00+00:00")
    a.unlink()
    b.write_text("{ not json")
    report = do_sync(services)
    assert any("b.json" in e for e in report.file_errors)
    assert open_ids(services) == {"b1"}


def test_a_missing_knowledge_dir_closes_nothing(services: Services, settings: Settings, clock: Clock) -> None:
    write_postings(settings.knowledge_dir / "a.json", [posting("a1")])
    do_sync(services)
    services.settings = settings.model_copy(update={"knowledge_dir": settings.knowledge_dir / "nope"})
    report = do_sync(services)
    assert "knowledge dir not found" in report.file_errors[0]
    assert open_ids(services) == {"a1"}


def test_a_failing_feed_keeps_its_last_good_postings_and_is_reported(
    services: Services, tmp_path: Path, clock: Clock, feed_server: FeedServer
) -> None:
    with_sources(services, tmp_path, feed_server)
    path = "/gh/acme/jobs?content=true"
    feed_server.serve(
        path, json.dumps([posting("gh-1", "Feed Role", company="Acme").model_dump(mode="json")])
    )
    report = do_sync(services)
    assert [(f.key, f.ok, f.postings) for f in report.feeds] == [("greenhouse:acme", True, 1)]
    assert open_ids(services) == {"gh-1"}
    clock.set("2025-03-03T08:20:00+00:00")
    feed_server.serve(path, "upstream down", status=503)
    report = do_sync(services)
    (feed,) = report.feeds
    assert not feed.ok and feed.from_last_good and feed.postings == 1 and "HTTP 503" in (feed.error or "")
    assert "gh-1" in {p.id for p in services.postings}
    assert open_ids(services) == {"gh-1"}
    with services.sessions() as s:
        state = store.get_feed_state(s, "greenhouse:acme")
        assert state is not None and state.failures == 1 and "HTTP 503" in (state.last_error or "")
    # Garbage from the feed is a failure too: the last good payload still serves.
    feed_server.serve(path, "<html>maintenance</html>")
    report = do_sync(services)
    assert not report.feeds[0].ok and open_ids(services) == {"gh-1"}


def test_a_feed_that_never_worked_closes_nothing_and_a_role_it_drops_is_closed(
    services: Services, tmp_path: Path, clock: Clock, feed_server: FeedServer
) -> None:
    with_sources(services, tmp_path, feed_server)
    path = "/gh/acme/jobs?content=true"
    feed_server.serve(path, "down", status=500)
    report = do_sync(services)
    assert report.feeds[0].error and not report.feeds[0].ok and report.total == 0
    two = [posting("gh-1", "One").model_dump(mode="json"), posting("gh-2", "Two").model_dump(mode="json")]
    feed_server.serve(path, json.dumps(two))
    do_sync(services)
    assert open_ids(services) == {"gh-1", "gh-2"}
    feed_server.serve(path, json.dumps(two[:1]))
    clock.set("2025-03-03T08:30:00+00:00")
    report = do_sync(services)
    assert report.seen is not None and report.seen.closed == 1
    assert open_ids(services) == {"gh-1"}


def test_a_broken_sources_file_is_reported_and_closes_nothing(
    services: Services, tmp_path: Path, feed_server: FeedServer
) -> None:
    with_sources(services, tmp_path, feed_server)
    feed_server.serve("/gh/acme/jobs?content=true", json.dumps([posting("gh-1").model_dump(mode="json")]))
    do_sync(services)
    assert services.settings.sources_file is not None
    services.settings.sources_file.write_text("greenhouse: [unclosed\n")
    report = do_sync(services)
    assert "not valid YAML" in report.source_errors[0]
    assert open_ids(services) == {"gh-1"}
    assert [p.id for p in services.postings] == ["gh-1"]  # served from the last good payload
    assert report.feeds[0].from_last_good
