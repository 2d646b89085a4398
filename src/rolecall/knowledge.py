"""Loading the knowledge dir into ``Services`` (incrementally) and reloading it when its files change.

Shared by the Slack app, the console, the digest sync and ``rolecall ask``: one ``StoredKnowledge`` per
knowledge dir reads only what changed since it last looked, and keeps each file's normalised postings
in the database (``rolecall.store.postings``) so the next process does not parse them again either.
See docs/knowledge.md for the check order and how replicas share the stored postings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.exc import SQLAlchemyError

from rolecall.errors import PostingLoadError
from rolecall.gcpause import paused_gc
from rolecall.postings.catalog import (
    FileReport,
    FolderDefaults,
    LoadResult,
    collect,
    load_dir,
    parse_file,
    read_file,
    walk,
)
from rolecall.postings.model import Posting
from rolecall.postings.reader import reader_version
from rolecall.store import postings as stored

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from rolecall.services import Services

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 30.0
# A file whose mtime is this close to the moment its stat was taken may change again within the same
# mtime tick without its size changing ("racily clean", as git calls it): such a stat is not trusted,
# the file is hashed instead. 2 s covers the coarsest filesystems (FAT).
RACY_NS = 2_000_000_000
SAVE_EVERY = 200  # parsed files per database transaction: a start killed half-way keeps what it read
PROGRESS_THRESHOLD = 25  # files to read; below this a bar would only flicker
LOG_EVERY_SECONDS = 10.0


@dataclass
class KnowledgeReport:
    """What a load found: how many postings, and each file that failed (path, reason)."""

    postings: int = 0
    files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # not posting files (unknown extension)
    stats: LoadStats | None = None

    def lines(self) -> list[str]:
        postings = f"{self.postings} posting{'s' if self.postings != 1 else ''}"
        out = [f"Loaded {postings} from {self.files} file{'s' if self.files != 1 else ''}."]
        if self.stats is not None and self.stats.parsed != self.stats.files:
            out[0] = out[0][:-1] + f" ({self.stats.summary()})."
        out += [f"  skipped {path}: {reason}" for path, reason in self.errors + self.skipped]
        return out


@dataclass
class LoadStats:
    """How a load got each file: trusted by its stat, decoded from the database, or parsed."""

    files: int = 0
    unchanged: int = 0  # same size and mtime as this process last saw: nothing read
    from_store: int = 0  # postings decoded from the database (same stat, or same hash)
    hashed: int = 0  # read and hashed because the stat changed (or was too fresh to trust)
    parsed: int = 0
    removed: int = 0
    corrupt: int = 0  # stored rows that could not be decoded (the file was parsed instead)
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # relative paths added, changed or removed

    def summary(self) -> str:
        return (
            f"{self.parsed:,} read, {self.from_store:,} from the database, {self.unchanged:,} unchanged"
            + (f", {self.removed:,} removed" if self.removed else "")
            + f", {self.seconds:.1f} s"
        )


Parse = Callable[[bytes, str, "dict[str, Any] | None"], tuple[list[Posting], FileReport]]


class Progress(Protocol):
    """Told how far a load is: ``done`` of ``total`` files looked at, ``parsed`` of them read."""

    def __call__(self, done: int, total: int, parsed: int) -> None: ...


# -- one file as this process knows it ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Entry:
    size: int
    mtime_ns: int
    checked_ns: int
    sha256: str
    context: str
    report: FileReport  # this file's own report (format, error, warnings), before duplicate checks
    postings: list[Posting]

    def trusts(self, size: int, mtime_ns: int) -> bool:
        return _trusted(self.size, self.mtime_ns, self.checked_ns, size, mtime_ns)

    def restat(self, size: int, mtime_ns: int, checked_ns: int) -> _Entry:
        return dataclasses.replace(self, size=size, mtime_ns=mtime_ns, checked_ns=checked_ns)


def _trusted(size: int, mtime_ns: int, checked_ns: int, now_size: int, now_mtime_ns: int) -> bool:
    return size == now_size and mtime_ns == now_mtime_ns and mtime_ns < checked_ns - RACY_NS


def _same(old: _Entry | None, new: _Entry | None) -> bool:
    """The same postings as before (a new stat on unchanged content counts as the same)."""
    return old is not None and new is not None and old.postings is new.postings and old.report == new.report


def _report_copy(report: FileReport, name: str) -> FileReport:
    return FileReport(
        path=name,
        format=report.format,
        postings=report.postings,
        error=report.error,
        warnings=list(report.warnings),
    )


def _assemble(
    names: dict[str, str], entries: dict[str, _Entry], unreadable: dict[str, FileReport]
) -> LoadResult:
    """``catalog.collect`` over the files in path order, sharing each file's report when it needs no
    duplicate warning (the reports are read, never changed, by the load's users)."""
    result = LoadResult()
    postings, files = result.postings, result.files
    seen: dict[str, str] = {}
    for rel, name in names.items():
        entry = entries.get(rel)
        if entry is None:
            files.append(unreadable[rel])
            continue
        if len(entry.postings) == 1 and entry.postings[0].id not in seen and entry.report.path == name:
            seen[entry.postings[0].id] = name  # the common case, one posting a file, kept cheap
            postings.append(entry.postings[0])
            files.append(entry.report)
            continue
        ids = [p.id for p in entry.postings]
        if len(set(ids)) == len(ids) and not any(i in seen for i in ids) and entry.report.path == name:
            seen.update(dict.fromkeys(ids, name))
            result.postings.extend(entry.postings)
            result.files.append(entry.report)
            continue
        one = collect([(list(entry.postings), _report_copy(entry.report, name))], seen=seen)
        result.postings.extend(one.postings)
        result.files.extend(one.files)
    return result


def _rename(postings: list[Posting], old: str, new: str) -> None:
    """Postings stored under another name for the same file (the dir given another way): use this one."""
    if old == new:
        return
    for p in postings:
        if p.source is not None and p.source.path == old:
            p.source.path = new


class StoredKnowledge:
    """A knowledge dir read incrementally, its files' postings kept in memory and in the database.

    For each candidate file, in this order:

    1. size and mtime equal to what this process (or, at its first load, the database) recorded, and not
       racily fresh: the postings held are used; the file is not opened;
    2. otherwise the file is read and hashed: the same SHA-256 keeps the postings and records the new stat;
    3. otherwise the file is parsed, and its postings and report stored.

    A file no longer there is forgotten (its postings leave the result, so the digest sync closes them).
    ``sessions=None`` keeps everything in memory only. The database is a cache: when it fails, the load
    parses what it must and logs a warning, never fails because of it.
    """

    def __init__(
        self,
        directory: Path,
        sessions: sessionmaker[Session] | None,
        *,
        reader: str | None = None,
        parse: Parse = parse_file,
        clock_ns: Callable[[], int] = time.time_ns,
    ) -> None:
        self.directory = Path(directory)
        self.root = str(self.directory.resolve())
        self.sessions = sessions
        self.reader = reader or reader_version()
        self.parse = parse
        self.clock_ns = clock_ns
        self.last = LoadStats()
        self._entries: dict[str, _Entry] = {}
        self._unreadable: dict[str, FileReport] = {}
        self._result: LoadResult | None = None
        self._loaded = False
        self._lock = threading.Lock()
        self._db_failed = False
        self._retired = False

    # -- the database, best effort ---------------------------------------------------------------------
    def _db(self, what: str, fn: Callable[[Session], object]) -> object | None:
        if self.sessions is None or self._db_failed:
            return None
        try:
            self._retire_once()
            with self.sessions() as session:
                out = fn(session)
                session.commit()
                return out
        except SQLAlchemyError as exc:
            self._db_failed = True  # one warning, then memory only for the rest of this load
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning("stored postings: cannot %s (%s); reading files instead", what, first)
            return None

    def _retire_once(self) -> None:
        if not self._retired and self.sessions is not None:
            with self.sessions() as session:
                stored.drop_retired_tables(session)
                session.commit()
            self._retired = True

    def _stream_rows(self) -> Iterator[stored.StoredFile]:
        if self.sessions is None or self._db_failed:
            return
        try:
            self._retire_once()
            with self.sessions() as session:
                yield from stored.all_files(session, self.root, self.reader)
        except SQLAlchemyError as exc:
            self._db_failed = True
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning("stored postings: cannot read them (%s); reading files instead", first)

    # -- loading ---------------------------------------------------------------------------------------
    def load(self, progress: Progress | None = None) -> LoadResult:
        """The dir's postings now, reading only what changed. Never raises for a bad file."""
        with self._lock, paused_gc():
            self._db_failed = False
            t0 = time.perf_counter()
            result = self._load(progress)
            self.last.seconds = time.perf_counter() - t0
            return result

    def _load(self, progress: Progress | None) -> LoadResult:
        directory = self.directory
        if not directory.exists() or directory.is_file():
            # A missing dir proves nothing about its files (an unmounted volume): keep the stored rows.
            self.last = LoadStats()
            return load_dir(directory)
        walked = walk(directory)
        files = walked.files
        # A file's context: the folder defaults that apply to it. Editing a .rolecall.yaml changes how the
        # files under it read without changing their bytes, so their stored postings no longer apply.
        folders = FolderDefaults(directory, present=[parts for parts, _entry in walked.defaults])
        contexts: dict[tuple[str, ...], str] = {}
        stats = LoadStats(files=len(files))
        prefix = "" if str(directory) == "." else str(directory) + os.sep
        names: dict[str, str] = {}  # rel -> display name, in path order
        entries: dict[str, _Entry] = {}
        unreadable: dict[str, FileReport] = {}
        pending: dict[str, tuple[int, int, str]] = {}  # rel -> (size, mtime_ns, context) to decide
        known_entries = self._entries
        # The loop every sync runs over every file: kept to a stat and a few comparisons (see _trusted).
        for parts, dir_entry in files:
            rel = "/".join(parts)
            names[rel] = prefix + rel if os.sep == "/" else prefix + os.sep.join(parts)
            try:
                st = dir_entry.stat()
            except OSError as exc:
                reason = f"cannot read file: {exc.strerror or exc}"
                unreadable[rel] = FileReport(path=names[rel], error=reason)
                continue
            folder = parts[:-1]
            ctx = contexts.get(folder)
            if ctx is None:
                ctx = contexts[folder] = folders.context(folder)
            known = known_entries.get(rel)
            if (
                known is not None
                and known.size == st.st_size
                and known.mtime_ns == st.st_mtime_ns
                and known.mtime_ns < known.checked_ns - RACY_NS
                and known.context == ctx
            ):
                entries[rel] = known
            else:
                pending[rel] = (st.st_size, st.st_mtime_ns, ctx)
        stats.unchanged = len(entries)
        done = len(entries) + len(unreadable)
        total = len(files)
        if progress is not None:
            progress(done, total, 0)

        rows: dict[str, stored.StoredFile] = {}
        gone_rows: list[str] = []
        if pending and not self._loaded:
            # First load in this process: one pass over the stored rows, decoding trusted ones as they stream.
            for row in self._stream_rows():
                if row.path not in names:
                    gone_rows.append(row.path)
                    continue
                if row.path not in pending:
                    continue
                size, mtime_ns, ctx = pending[row.path]
                if row.context == ctx and _trusted(row.size, row.mtime_ns, row.checked_ns, size, mtime_ns):
                    entry = self._from_row(row, names[row.path], stats)
                    if entry is None:
                        continue  # unreadable: the file is parsed again
                    entries[row.path] = entry
                    del pending[row.path]
                    stats.from_store += 1
                    done += 1
                    if progress is not None and done % 1000 == 0:
                        progress(done, total, 0)
                    continue
                rows[row.path] = row  # kept for its hash: a touched file with the same content needs no parse
        elif pending:
            found = self._db("read them", lambda s: stored.files(s, self.root, self.reader, pending))
            rows = found if isinstance(found, dict) else {}

        to_save: list[stored.StoredFile] = []
        restats: list[stored.FileStat] = []
        for rel in sorted(pending, key=lambda r: r.split("/")):
            size, mtime_ns, ctx = pending[rel]
            name = names[rel]
            row = rows.get(rel)
            if row is not None and row.context != ctx:
                row = None  # read in another context: nothing of it applies
            defaults = folders.for_folder(tuple(rel.split("/")[:-1])) if ctx else None
            entry = self._decide(rel, name, size, mtime_ns, ctx, defaults, row, stats, to_save, restats)
            if entry is None:
                unreadable[rel] = FileReport(path=name, error="cannot read file: it vanished while loading")
            elif isinstance(entry, FileReport):
                unreadable[rel] = entry
            else:
                entries[rel] = entry
            done += 1
            if len(to_save) >= SAVE_EVERY:
                self._save(to_save, restats)
                to_save, restats = [], []
            if progress is not None:
                progress(done, total, stats.parsed)
        self._save(to_save, restats)

        previous = set(self._entries) if self._loaded else set()
        vanished = previous - set(names)
        removed = sorted(vanished | set(gone_rows))
        stats.removed = len(removed)
        if removed:
            self._db(
                "forget removed files", lambda s: stored.forget_files(s, self.root, self.reader, removed)
            )
        if not self._loaded or pending or removed:
            self._db("record the reader version", self._touch)
        if self._loaded:
            changed = {rel for rel in pending if not _same(self._entries.get(rel), entries.get(rel))}
            changed |= vanished | (set(unreadable) ^ set(self._unreadable))
        else:
            changed = set(names)
        stats.changed = sorted(changed)
        self._entries = entries
        self._unreadable = unreadable
        self.last = stats
        if not changed and self._loaded and self._result is not None:
            result = self._result  # the same files, the same postings: nothing to assemble again
        else:
            result = self._result = _assemble(names, entries, unreadable)
        self._loaded = True
        skipped = [(prefix + os.sep.join(parts), why) for parts, why in walked.skipped]
        broken_defaults = [r for r in folders.reports if r.error]
        return LoadResult(
            postings=list(result.postings), files=[*result.files, *broken_defaults], skipped=skipped
        )

    def _touch(self, session: Session) -> None:
        from rolecall.services import utcnow

        pruned = stored.touch_reader(session, self.root, self.reader, utcnow())
        if pruned:
            log.info("stored postings: removed %d rows of reader versions no longer in use", pruned)

    def _from_row(self, row: stored.StoredFile, name: str, stats: LoadStats) -> _Entry | None:
        try:
            postings = stored.decode_postings(row.data)
        except ValueError as exc:
            stats.corrupt += 1
            reason = " ".join(str(exc).split())[:200]
            log.warning("stored postings of %s are unreadable (%s); reading the file again", name, reason)
            return None
        _rename(postings, row.origin, name)
        report = FileReport(
            path=name, format=row.format, postings=len(postings), error=row.error, warnings=list(row.warnings)
        )
        return _Entry(row.size, row.mtime_ns, row.checked_ns, row.sha256, row.context, report, postings)

    def _decide(
        self,
        rel: str,
        name: str,
        size: int,
        mtime_ns: int,
        ctx: str,
        defaults: dict[str, Any] | None,
        row: stored.StoredFile | None,
        stats: LoadStats,
        to_save: list[stored.StoredFile],
        restats: list[stored.FileStat],
    ) -> _Entry | FileReport | None:
        checked_ns = self.clock_ns()
        if row is not None and _trusted(row.size, row.mtime_ns, row.checked_ns, size, mtime_ns):
            entry = self._from_row(row, name, stats)
            if entry is not None:
                stats.from_store += 1
                return entry
            row = None  # unreadable: parse the file
        try:
            data = read_file(self.directory / rel, name)
        except PostingLoadError as exc:  # too large: decided by the stat alone, nothing worth storing
            return FileReport(path=name, error=exc.reason)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return FileReport(path=name, error=f"cannot read file: {exc.strerror or exc}")
        sha = hashlib.sha256(data).hexdigest()
        stats.hashed += 1
        known = self._entries.get(rel)
        if known is not None and known.sha256 == sha and known.context == ctx:
            restats.append(stored.FileStat(rel, size, mtime_ns, checked_ns, sha))
            return known.restat(size, mtime_ns, checked_ns)
        if row is not None and row.sha256 == sha:
            entry = self._from_row(row, name, stats)
            if entry is not None:
                stats.from_store += 1
                restats.append(stored.FileStat(rel, size, mtime_ns, checked_ns, sha))
                return entry.restat(size, mtime_ns, checked_ns)
        postings, report = self.parse(data, name, defaults)
        stats.parsed += 1
        to_save.append(
            stored.StoredFile(
                path=rel,
                size=size,
                mtime_ns=mtime_ns,
                checked_ns=checked_ns,
                sha256=sha,
                context=ctx,
                origin=name,
                format=report.format,
                error=report.error,
                warnings=list(report.warnings),
                count=len(postings),
                data=stored.encode_postings(postings),
            )
        )
        return _Entry(size, mtime_ns, checked_ns, sha, ctx, report, postings)

    def _save(self, rows: list[stored.StoredFile], restats: list[stored.FileStat]) -> None:
        if rows:
            self._db("store them", lambda s: stored.save_files(s, self.root, self.reader, rows))
        if restats:
            self._db("update them", lambda s: stored.save_stats(s, self.root, self.reader, restats))


# -- progress ----------------------------------------------------------------------------------------------
class LogProgress:
    """Progress as a log line every ``every`` seconds (for a service), mirrored into ``status``."""

    def __init__(
        self,
        what: str = "knowledge",
        *,
        every: float = LOG_EVERY_SECONDS,
        status: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.every = every
        self.status = status
        self.clock = clock
        self.started = clock()
        self.next_log = self.started + every

    def __call__(self, done: int, total: int, parsed: int) -> None:
        text = f"{self.what}: {done:,} of {total:,} files ({parsed:,} parsed)"
        if self.status is not None:
            self.status(text)
        now = self.clock()
        if now >= self.next_log and done < total:
            log.info("%s, %.0f s", text, now - self.started)
            self.next_log = now + self.every


class TerminalProgress:
    """A rich progress bar on stderr, shown only when a load is still going after ``delay`` seconds (a
    parse of many files, or many stored postings to decode); a quick load never flickers one."""

    def __init__(
        self,
        what: str = "Loading postings",
        *,
        also: Progress | None = None,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.also = also
        self.clock = clock
        self.show_after = clock() + delay
        self._bar: object | None = None
        self._task: object | None = None

    def __call__(self, done: int, total: int, parsed: int) -> None:
        if self.also is not None:
            self.also(done, total, parsed)
        if self._bar is None and total - done >= PROGRESS_THRESHOLD and self.clock() >= self.show_after:
            from rich.console import Console
            from rich.progress import Progress as RichProgress

            bar = RichProgress(console=Console(stderr=True), transient=True)
            bar.start()
            self._bar, self._task = bar, bar.add_task(self.what, total=total)
        if self._bar is not None:
            self._bar.update(self._task, completed=done)  # type: ignore[attr-defined]

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]
            self._bar = None


def progress_for(services: Services | None = None) -> Progress:
    """A rich bar on a terminal, log lines otherwise; both keep ``services.status`` current."""
    status = services.set_status if services is not None else None
    logs = LogProgress(status=status)
    return TerminalProgress(also=logs) if sys.stderr.isatty() else logs


def close_progress(progress: Progress) -> None:
    if isinstance(progress, TerminalProgress):
        progress.close()


# -- the app's use of it -----------------------------------------------------------------------------------
def fingerprint(directory: Path) -> object:
    """The catalog's change detector (path, size, mtime of every posting file): equal means unchanged."""
    from rolecall.postings.catalog import fingerprint as catalog_fingerprint

    return catalog_fingerprint(directory)


def load_knowledge(
    services: Services, directory: Path | None = None, *, progress: Progress | None = None
) -> KnowledgeReport:
    """Load the posting files (only what changed) and publish them; a bad file is reported, never fatal.

    The engine is rebuilt only when the postings changed; the services are marked ready afterwards.
    """
    directory = directory or services.settings.knowledge_dir
    knowledge = services.knowledge(directory)
    own = progress is None
    progress = progress or progress_for(services)
    try:
        result = knowledge.load(progress=progress)
    finally:
        if own:
            close_progress(progress)
    report = report_of(result, knowledge.last)
    services.publish(result.postings)
    services.mark_ready()
    return report


def report_of(result: LoadResult, stats: LoadStats | None = None) -> KnowledgeReport:
    report = KnowledgeReport(
        postings=len(result.postings), files=sum(1 for f in result.files if f.ok), stats=stats
    )
    for f in result.files:
        if f.error:
            report.errors.append((str(f.path), f.error))
        report.warnings.extend((str(f.path), w) for w in f.warnings)
    report.skipped = list(result.skipped)
    return report


def load_postings(directory: Path, database_url: str | None, *, progress: bool = True) -> LoadResult:
    """A knowledge dir's postings for a one-off command (``rolecall ask``): stored ones where unchanged.

    Without a usable database (``None``, or it cannot be opened) every file is parsed, as before."""
    sessions = None
    db = None
    if database_url:
        try:
            from rolecall.store.db import create_schema, make_engine, session_factory

            db = make_engine(database_url)
            create_schema(db)
            sessions = session_factory(db)
        except (SQLAlchemyError, ImportError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning("stored postings unavailable (%s); reading every file", first)
            sessions = None
    reporter = progress_for() if progress else None
    try:
        return StoredKnowledge(directory, sessions).load(progress=reporter)
    finally:
        if reporter is not None:
            close_progress(reporter)
        if db is not None:
            db.dispose()


def watch_knowledge(
    services: Services,
    *,
    directory: Path | None = None,
    interval: float = DEFAULT_POLL_SECONDS,
    stop: threading.Event | None = None,
    reload: Callable[[], object] | None = None,
    on_reload: Callable[[object], None] | None = None,
) -> threading.Thread:
    """Poll the dir's fingerprint in a daemon thread and reload on change; returns the started thread.

    Polling (not inotify) because it works the same on every OS and on network mounts, and a 30 s lag is
    fine for job postings. ``reload`` replaces the default :func:`load_knowledge` when something else owns
    the posting set (the digest sync, which merges feeds and records first-seen times); ``on_reload``
    receives whatever it returned. Either way only the files that changed are read again.
    """
    directory = directory or services.settings.knowledge_dir
    stop = stop or threading.Event()
    do_reload = reload or (lambda: load_knowledge(services, directory, progress=LogProgress()))
    last = fingerprint(directory)

    def loop() -> None:
        nonlocal last
        while not stop.wait(interval):
            try:
                current = fingerprint(directory)
                if current == last:
                    continue
                result = do_reload()
                last = current
                if isinstance(result, KnowledgeReport):
                    log.info("knowledge reloaded: %s", " ".join(result.lines()))
                    for path, reason in result.errors:
                        log.warning("knowledge file skipped: %s: %s", path, reason)
                if on_reload is not None:
                    on_reload(result)
            except Exception:
                # A reload that fails keeps the previous postings; the next poll tries again.
                log.exception("knowledge reload failed")

    thread = threading.Thread(target=loop, name="rolecall-knowledge-watch", daemon=True)
    thread.start()
    return thread
