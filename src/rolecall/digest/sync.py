"""One sync: the knowledge dir + every feed -> the live posting set, with first-seen / closed recorded.

Run on a schedule by the scheduler (so a new knowledge file is picked up while the app runs) and by
``rolecall sync``. A feed that fails keeps its last good postings (its payload is kept in the database)
and is reported; neither a failing feed nor a file that no longer parses closes anything.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from rolecall.errors import ConfigError, RolecallError
from rolecall.feeds.fetch import FetchPolicy, make_client
from rolecall.feeds.paging import FeedCredentials, fetch_feed
from rolecall.feeds.sources import Feed, SourcesFile, load_sources
from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.store import digests as store
from rolecall.store.digests import SeenReport

log = logging.getLogger(__name__)
_SYNC_LOCK = threading.Lock()

_ALL_FILES = "\0all-files"  # marker: the knowledge dir itself is missing, so keep every file's roles
Parser = Callable[..., list[Posting]]  # parse_payload(data, *, origin, fmt)
Loader = Callable[[Path], Any]  # load_dir(path) -> LoadResult (.postings, .files)


@dataclass
class FeedReport:
    key: str
    url: str
    ok: bool
    postings: int = 0
    error: str | None = None
    from_last_good: bool = False
    never_fetched: bool = False  # offline, and no payload was ever stored: nothing to serve yet


@dataclass
class SyncReport:
    knowledge_postings: int = 0
    file_errors: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)  # "path: reason" for files not read
    source_errors: list[str] = field(default_factory=list)
    feeds: list[FeedReport] = field(default_factory=list)
    total: int = 0
    seen: SeenReport | None = None

    @property
    def failed_feeds(self) -> list[FeedReport]:
        return [f for f in self.feeds if not f.ok]


def _feed_of(state: store.FeedState) -> Feed:
    kind, _, name = state.key.partition(":")
    return Feed(kind, name, state.url)


def _default_parser() -> Parser:
    from rolecall.postings.sources import parse_payload

    return parse_payload


def _default_loader() -> Loader:
    from rolecall.postings.catalog import load_dir

    return load_dir


def _load_knowledge(directory: Path, loader: Loader, report: SyncReport, keep: set[str]) -> list[Posting]:
    if not directory.is_dir():
        report.file_errors.append(f"{directory}: knowledge dir not found")
        keep.add(_ALL_FILES)
        return []
    result = loader(directory)
    report.skipped_files.extend(f"{path}: {reason}" for path, reason in getattr(result, "skipped", []))
    for file in getattr(result, "files", []):
        if getattr(file, "error", None):
            report.file_errors.append(f"{file.path}: {file.error}")
            # A file that stopped parsing proves nothing about its roles: keep them open.
            keep.update({str(file.path), str(Path(file.path).resolve())})
    postings = list(result.postings)
    report.knowledge_postings = len(postings)
    return postings


def _sync_feed(
    services: Services,
    feed: Feed,
    parse: Parser,
    client: httpx.Client | None,
    policy: FetchPolicy,
    now: Any,
) -> tuple[list[Posting], FeedReport]:
    error: str | None = None
    if client is not None:
        try:
            body = fetch_feed(
                client, feed, policy, credentials=FeedCredentials.from_settings(services.settings)
            )
            text = body.decode("utf-8", errors="replace")
            postings = parse(text, origin=feed.url, fmt=feed.fmt)
        except RolecallError as exc:  # FeedError, PostingLoadError: the reason is in the message
            error = str(exc)
        else:
            with services.sessions() as session:
                store.save_feed_ok(session, feed.key, feed.url, text, now)
                session.commit()
            return postings, FeedReport(feed.key, feed.url, ok=True, postings=len(postings))
    with services.sessions() as session:
        if error is not None:
            store.save_feed_error(session, feed.key, feed.url, error, now)
            session.commit()
            log.warning("feed %s failed: %s (keeping its last good postings)", feed.key, error)
        state = store.get_feed_state(session, feed.key)
        payload = state.payload if state else None
    ok = error is None
    if payload is None:
        return [], FeedReport(feed.key, feed.url, ok=ok, error=error or "never fetched", never_fetched=True)
    try:
        postings = parse(payload, origin=feed.url, fmt=feed.fmt)
    except RolecallError as exc:
        return [], FeedReport(feed.key, feed.url, ok=False, error=f"{error or ''}; last good: {exc}")
    return postings, FeedReport(
        feed.key, feed.url, ok=ok, postings=len(postings), error=error, from_last_good=True
    )


def sync(
    services: Services,
    *,
    fetch_feeds: bool = True,
    parse: Parser | None = None,
    loader: Loader | None = None,
    http: httpx.Client | None = None,
    policy: FetchPolicy | None = None,
    record: bool = True,
) -> SyncReport:
    """Load knowledge + feeds, publish them with ``services.set_postings``, record seen and closed.

    ``record=False`` only publishes (the CLI uses it to know what is present before subscribing).
    One sync at a time per process: the periodic sync and the knowledge watch must not interleave.
    """
    with _SYNC_LOCK:
        return _sync(services, fetch_feeds, parse, loader, http, policy, record)


def _sync(
    services: Services,
    fetch_feeds: bool,
    parse: Parser | None,
    loader: Loader | None,
    http: httpx.Client | None,
    policy: FetchPolicy | None,
    record: bool,
) -> SyncReport:
    now = services.now()
    report = SyncReport()
    keep: set[str] = set()
    origins: dict[str, str] = {}
    postings = _load_knowledge(services.settings.knowledge_dir, loader or _default_loader(), report, keep)
    try:
        sources = load_sources(services.settings.sources_file)
    except ConfigError as exc:
        # An unreadable sources file must not drop or close every feed's roles: serve the feeds we
        # knew from their last good payloads, without fetching, and close nothing.
        report.source_errors.append(f"{exc}; serving the last good payloads")
        fetch_feeds = False
        with services.sessions() as session:
            keep.update(row.origin for row in store.open_postings(session))
            sources = SourcesFile(feeds=[_feed_of(state) for state in store.all_feed_states(session)])
    if sources.feeds:
        report.source_errors.extend(sources.errors)
        parser = parse or _default_parser()
        policy = policy or FetchPolicy()
        owned = http is None and fetch_feeds
        client = (http or make_client(policy)) if fetch_feeds else None
        try:
            for feed in sources.feeds:
                found, feed_report = _sync_feed(services, feed, parser, client, policy, now)
                report.feeds.append(feed_report)
                if not feed_report.ok and not feed_report.from_last_good:
                    keep.add(feed.url)
                for p in found:
                    origins[p.id] = feed.url
                postings.extend(found)
        finally:
            if owned and client is not None:
                client.close()
    else:
        report.source_errors.extend(sources.errors)
    unique: dict[str, Posting] = {}
    for p in postings:
        unique.setdefault(p.id, p)
    live = list(unique.values())
    report.total = len(live)
    services.set_postings(live)
    if not record:
        return report
    with services.sessions() as session:
        if _ALL_FILES in keep:
            feed_urls = {f.url for f in report.feeds}
            keep.update(r.origin for r in store.open_postings(session) if r.origin not in feed_urls)
        report.seen = store.record_seen(session, live, now, origins=origins, keep_origins=keep)
        session.commit()
    return report
