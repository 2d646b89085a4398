"""The loaded set of postings: read every file of a knowledge dir, report bad ones, keep the rest.

A file that cannot be read gets a ``FileReport`` with its path and the reason; nothing a file contains can
stop the others from loading. When two files give the same posting id, the first (in sorted path order)
is kept and the later one's duplicate is dropped with a warning on that file's report, so a reload never
silently swaps which version the app answers from.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rolecall.errors import PostingLoadError
from rolecall.gcpause import paused_gc
from rolecall.postings.model import Posting
from rolecall.postings.sources.detect import decode, detect_format, parse_text

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024  # far above any real posting or feed page; guards against stray dumps
SUFFIXES = {".txt", ".md", ".markdown", ".yaml", ".yml", ".json", ".html", ".htm", ".jsonld"}
PROGRESS_THRESHOLD = 25  # files; below this a bar would only flicker


@dataclass
class FileReport:
    path: str
    format: str | None = None
    postings: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class LoadResult:
    postings: list[Posting] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    def get(self, posting_id: str) -> Posting | None:
        return next((p for p in self.postings if p.id == posting_id), None)


def candidate_files(path: Path) -> list[Path]:
    """Posting files under ``path`` (recursively), sorted; hidden files and unknown suffixes skipped."""
    if path.is_file():
        return [path]
    return [path.joinpath(*parts) for parts, _entry in walk(path)]


def walk(root: Path) -> list[tuple[tuple[str, ...], os.DirEntry[str]]]:
    """``candidate_files`` as (path parts under ``root``, directory entry), sorted as paths sort.

    One ``os.scandir`` per folder instead of ``rglob`` plus a ``Path`` per file: at 100k files the
    difference is seconds. Same rules: hidden names (and everything under them) and unknown suffixes are
    skipped, symlinked folders are not followed, a symlink to a file counts, unreadable folders are
    skipped. ``entry.stat()`` gives the file's size and mtime (following a symlink), cached on the entry.
    """
    found: list[tuple[tuple[str, ...], os.DirEntry[str]]] = []

    def visit(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        # Depth first with each folder's names in order is exactly the order of sorted paths: a folder's
        # files sort at its name's place, since they all start with it ('a/z.md' after 'a', before 'a.md').
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, (*parts, name))
                    continue
                if not entry.is_file():
                    continue
            except OSError:
                continue
            dot = name.rfind(".")
            suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
            if suffix in SUFFIXES or not suffix:
                found.append(((*parts, name), entry))

    visit(str(root), ())
    return found


def read_file(path: Path, name: str) -> bytes:
    """A posting file's bytes. Raises ``PostingLoadError`` (too large) or ``OSError``."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PostingLoadError(
            name,
            f"file too large ({size / 1_048_576:.1f} MB; the limit is {MAX_FILE_BYTES // 1_048_576} MB)",
        )
    return path.read_bytes()


def parse_file(data: bytes, name: str) -> tuple[list[Posting], FileReport]:
    """A file's bytes -> its postings and report. Never raises for bad content."""
    report = FileReport(path=name)
    try:
        text = decode(data, name)
        report.format = detect_format(text, origin=name)
        postings = parse_text(text, origin=name, fmt=report.format)
    except PostingLoadError as exc:
        report.error = exc.reason
        return [], report
    except Exception as exc:  # a bug in an adapter must not take the whole load down
        log.exception("unexpected error loading %s", name)
        report.error = f"unexpected error ({type(exc).__name__}: {exc})"
        return [], report
    if not postings:
        report.warnings.append("no postings in this file")
    report.postings = len(postings)
    return postings, report


def load_file(path: Path, *, display: str | None = None) -> tuple[list[Posting], FileReport]:
    """One file -> its postings and report. Never raises for bad content."""
    name = display or str(path)
    try:
        data = read_file(path, name)
    except PostingLoadError as exc:
        return [], FileReport(path=name, error=exc.reason)
    except OSError as exc:
        return [], FileReport(path=name, error=f"cannot read file: {exc.strerror or exc}")
    return parse_file(data, name)


def collect(
    loaded: Iterable[tuple[list[Posting], FileReport]], *, seen: dict[str, str] | None = None
) -> LoadResult:
    """Files' postings (in path order) -> one result; a posting id seen before is dropped with a warning.

    ``seen`` (id -> file already holding it) carries the ids of files collected before these."""
    result = LoadResult()
    seen = {} if seen is None else seen
    for postings, report in loaded:
        kept: list[Posting] = []
        for p in postings:
            if p.id in seen:
                report.warnings.append(f"duplicate id {p.id!r} (already loaded from {seen[p.id]}); skipped")
                continue
            seen[p.id] = report.path
            kept.append(p)
        report.postings = len(kept)
        result.postings.extend(kept)
        result.files.append(report)
    return result


def load_dir(path: Path, *, progress: bool = False) -> LoadResult:
    """Load every posting file under ``path``. ``progress`` shows a bar on a terminal for long loads."""
    path = Path(path)
    if not path.exists():
        return LoadResult(files=[FileReport(path=str(path), error="no such file or directory")])
    files = candidate_files(path)
    with paused_gc():
        return collect(loaded for _file, loaded in _iterate(files, path, progress))


def display_name(file: Path, root: Path) -> str:
    """How a file is named in reports and ``Source.path``: under the root as it was given."""
    return str(file) if root.is_file() else str(root / file.relative_to(root))


def _iterate(files: list[Path], root: Path, progress: bool):  # type: ignore[no-untyped-def]
    def display(f: Path) -> str:
        return display_name(f, root)

    show = progress and len(files) >= PROGRESS_THRESHOLD and sys.stderr.isatty()
    if not show:
        for f in files:
            yield f, load_file(f, display=display(f))
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Loading postings", total=len(files))
        for f in files:
            yield f, load_file(f, display=display(f))
            bar.advance(task)


def fingerprint(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detector: (path, size, mtime_ns) of every posting file. Compare to decide a reload."""
    path = Path(path)
    if not path.exists():
        return ()
    if path.is_file():
        st = path.stat()
        return ((str(path), st.st_size, st.st_mtime_ns),)
    out: list[tuple[str, int, int]] = []
    for parts, entry in walk(path):
        try:
            st = entry.stat()
        except OSError:
            continue
        out.append(("/".join(parts), st.st_size, st.st_mtime_ns))
    return tuple(out)
