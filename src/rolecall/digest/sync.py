"""One sync: the knowledge dir + every feed -> the live posting set, with first-seen / closed recorded.

Run on a schedule by the scheduler (so a new knowledge file is picked up while the app runs) and by
``rolecall sync``. A feed that fails keeps its last good postings (its payload is kept in the database)
and is reported; neither a failing feed nor a file that no longer parses closes anything.

A sync does only the work the change needs: knowledge files are read incrementally
(``Services.knowledge``: unchanged files are not opened), a feed payload equal to the last one is not
parsed again, the engine is rebuilt only when the posting set changed (``Services.publish``), and only the
postings that changed since this process last recorded are written to ``digest_seen_postings``.
"""

from __future__ import annotations

import hashlib
import logging
import operator
import threading
import weakref
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


def _default_loader(services: Services) -> Loader:
    """The services' incremental reader of the dir (only changed files are read), logging its progress."""
    from rolecall.knowledge import LogProgress

    return lambda directory: services.knowledge(directory).load(
        progress=LogProgress(status=services.set_status)
    )


@dataclass
class _Memory:
    """What this process's last sync saw, so the next one can do only the work a change needs."""

    feeds: dict[str, tuple[str, Any, list[Posting]]] = field(
        default_factory=dict
    )  # key -> (sha, parser, postings)
    inputs: list[Posting] | None = None  # knowledge + feed postings as last loaded, before merging
    live: list[Posting] | None = None  # what they merged into
    recorded: dict[str, Posting] | None = None  # the live set last recorded, by id ...
    recorded_live: list[Posting] | None = None  # ... and as the list it was
    keep: frozenset[str] = frozenset()


_MEMORY: weakref.WeakKeyDictionary[Services, _Memory] = weakref.WeakKeyDictionary()
_MEMORY_LOCK = threading.Lock()


def _memory(services: Services) -> _Memory:
    with _MEMORY_LOCK:
        found = _MEMORY.get(services)
        if found is None:
            found = _MEMORY[services] = _Memory()
        return found


def _parse_feed(services: Services, feed: Feed, parse: Parser, text: str) -> list[Posting]:
    """A payload equal to the last one parsed for this feed gives the same posting objects back."""
    memory = _memory(services)
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    last = memory.feeds.get(feed.key)
    if last is not None and last[0] == sha and last[1] is parse:
        return last[2]
    postings = parse(text, origin=feed.url, fmt=feed.fmt)
    memory.feeds[feed.key] = (sha, parse, postings)
    return postings


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
            postings = _parse_feed(services, feed, parse, text)
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
        postings = _parse_feed(services, feed, parse, payload)
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
    postings = _load_knowledge(
        services.settings.knowledge_dir, loader or _default_loader(services), report, keep
    )
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
    memory = _memory(services)
    if memory.inputs is not None and _same_objects(postings, memory.inputs) and memory.live is not None:
        live = memory.live  # the same posting objects as last time: nothing to merge, publish or record
    else:
        unique: dict[str, Posting] = {}
        for p in postings:
            unique.setdefault(p.id, p)
        live = list(unique.values())
    memory.inputs, memory.live = postings, live
    report.total = len(live)
    services.publish(live)  # a new engine only when the posting set changed
    if not record:
        return report
    if live is memory.recorded_live and frozenset(keep) == memory.keep and _ALL_FILES not in keep:
        report.seen = SeenReport(new=0, closed=0, reopened=0)
        return report
    with services.sessions() as session:
        if _ALL_FILES in keep:
            feed_urls = {f.url for f in report.feeds}
            keep.update(r.origin for r in store.open_postings(session) if r.origin not in feed_urls)
        report.seen = _record(session, memory, live, now, origins, frozenset(keep))
        session.commit()
    memory.recorded = {p.id: p for p in live}
    memory.recorded_live = live
    memory.keep = frozenset(keep)
    return report


def _same_objects(a: list[Posting], b: list[Posting]) -> bool:
    return len(a) == len(b) and all(map(operator.is_, a, b))


def _record(
    session: Any,
    memory: _Memory,
    live: list[Posting],
    now: Any,
    origins: dict[str, str],
    keep: frozenset[str],
) -> SeenReport:
    """Everything at a process's first sync (or when what must be kept open changed); else the difference."""
    before = memory.recorded
    if before is None or keep != memory.keep:
        return store.record_seen(session, live, now, origins=origins, keep_origins=keep)
    live_ids = {p.id for p in live}
    changed = [p for p in live if before.get(p.id) is not p]
    gone = [pid for pid in before if pid not in live_ids]
    if not changed and not gone:
        return SeenReport(new=0, closed=0, reopened=0)
    return store.record_changes(session, changed, gone, now, origins=origins, keep_origins=keep)
