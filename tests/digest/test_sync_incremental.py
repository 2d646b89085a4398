"""A sync does only the work a change needs: nothing changed -> no parse, no engine rebuild, no rows
written; one file changed -> that file parsed, one rebuild, only its posting recorded; and what it
records equals what a full record would."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from rolecall.digest.sync import sync
from rolecall.feeds.fetch import FetchPolicy
from rolecall.services import Services
from rolecall.store import digests as store
from rolecall.store.digests import SeenPosting, SeenReport
from tests.digest.helpers import Clock, json_parser, posting
from tests.feeds.server import FeedServer
from tests.knowledge.conftest import CountingParser, md

ONCE = FetchPolicy(attempts=1, backoff=0.0, timeout=2.0)


def write(root: Path, name: str, text: str, *, age_s: float = 3600) -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    when = time.time_ns() - int(age_s * 1e9)
    os.utime(path, ns=(when, when))
    return path


@pytest.fixture
def builds(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many engines were built, and over how many postings."""
    made: list[int] = []
    real = services.set_postings

    def counting(postings):  # type: ignore[no-untyped-def]
        made.append(len(postings))
        return real(postings)

    monkeypatch.setattr(services, "set_postings", counting)
    return made


def seen_rows(services: Services) -> dict[str, tuple[str, object, str]]:
    with services.sessions() as s:
        return {r.posting_id: (r.origin, r.closed_at, r.data) for r in s.scalars(select(SeenPosting))}


def test_an_unchanged_dir_costs_no_parse_no_rebuild_and_no_writes(
    services: Services, clock: Clock, builds: list[int]
) -> None:
    root = services.settings.knowledge_dir
    write(root, "a.md", md("Alpha Engineer"))
    write(root, "b.md", md("Bravo Analyst"))
    parser = CountingParser()
    services.knowledge(root).parse = parser
    first = sync(services, fetch_feeds=False)
    assert parser.take() == ["a.md", "b.md"] and builds == [2]
    assert first.seen == SeenReport(new=2, closed=0, reopened=0)
    before = seen_rows(services)
    clock.set("2025-03-03T08:10:00+00:00")
    again = sync(services, fetch_feeds=False)
    assert parser.take() == [] and builds == [2]  # nothing read, the engine kept
    assert again.seen == SeenReport(new=0, closed=0, reopened=0) and seen_rows(services) == before


def test_one_changed_file_is_read_rebuilt_once_and_recorded_alone(
    services: Services, clock: Clock, builds: list[int]
) -> None:
    root = services.settings.knowledge_dir
    write(root, "a.md", md("Alpha Engineer"))
    write(root, "b.md", md("Bravo Analyst"))
    parser = CountingParser()
    services.knowledge(root).parse = parser
    sync(services, fetch_feeds=False)
    parser.take()
    before = seen_rows(services)
    clock.set("2025-03-03T08:10:00+00:00")
    write(root, "a.md", md("Alpha Engineer", body="Now fully remote."), age_s=1200)
    write(root, "c.md", md("Charlie Designer"))
    report = sync(services, fetch_feeds=False)
    assert parser.take() == ["a.md", "c.md"] and builds == [2, 3]
    assert report.seen == SeenReport(new=1, closed=0, reopened=0)
    after = seen_rows(services)
    assert after["b"] == before["b"]  # untouched row: not even read back
    assert "fully remote" in after["a"][2] and after["c"][1] is None
    (root / "b.md").unlink()
    clock.set("2025-03-03T08:20:00+00:00")
    report = sync(services, fetch_feeds=False)
    assert report.seen == SeenReport(new=0, closed=1, reopened=0)
    assert {pid for pid, (_o, closed, _d) in seen_rows(services).items() if closed is None} == {"a", "c"}


def test_what_the_difference_records_is_what_a_full_record_would(services: Services, clock: Clock) -> None:
    """After a run of incremental syncs, recording everything again changes nothing."""
    root = services.settings.knowledge_dir
    write(root, "a.md", md("Alpha Engineer"))
    write(root, "b.md", md("Bravo Analyst"))
    write(root, "c.md", md("Charlie Designer"))
    sync(services, fetch_feeds=False)
    steps = [
        lambda: write(root, "a.md", md("Alpha Engineer", body="Hybrid in Austin."), age_s=1000),
        lambda: (root / "b.md").unlink(),
        lambda: write(root, "b.md", md("Bravo Analyst")),  # back: reopened, first_seen kept
        lambda: write(root, "d.md", md("Delta Manager")),
        lambda: write(root, "c.md", "---\ntitle: Charlie Designer\ncompany: Acme\nactive: false\n---\nx\n"),
    ]
    for minute, step in enumerate(steps, start=1):
        clock.set(f"2025-03-03T08:{minute:02d}:00+00:00")
        step()
        sync(services, fetch_feeds=False)
    before = seen_rows(services)
    assert {pid for pid, row in before.items() if row[1] is None} == {"a", "b", "d"}
    with services.sessions() as s:
        full = store.record_seen(s, list(services.postings), clock(), keep_origins=())
        s.commit()
    assert full == SeenReport(new=0, closed=0, reopened=0)
    assert seen_rows(services) == before


def test_an_unchanged_feed_payload_is_not_parsed_again(
    services: Services, tmp_path: Path, clock: Clock, feed_server: FeedServer, builds: list[int]
) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text(f"greenhouse: [acme]\nbase_urls:\n  greenhouse: {feed_server.url}/gh\n")
    services.settings = services.settings.model_copy(update={"sources_file": sources})
    path = "/gh/acme/jobs?content=true"
    feed_server.serve(path, json.dumps([posting("gh-1", "Feed Role").model_dump(mode="json")]))
    parsed: list[str] = []

    def parse(data, *, origin, fmt=None):  # type: ignore[no-untyped-def]
        parsed.append(origin)
        return json_parser(data, origin=origin, fmt=fmt)

    sync(services, parse=parse, policy=ONCE)
    sync(services, parse=parse, policy=ONCE)
    assert len(parsed) == 1 and builds == [1]
    feed_server.serve(path, json.dumps([posting("gh-2", "Another").model_dump(mode="json")]))
    report = sync(services, parse=parse, policy=ONCE)
    assert len(parsed) == 2 and builds == [1, 1]
    assert report.seen == SeenReport(new=1, closed=1, reopened=0)
