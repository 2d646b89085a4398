"""The loaded set of postings: read every file of a knowledge dir, report bad ones, keep the rest.

A file that cannot be read gets a ``FileReport`` with its path and the reason; nothing a file contains can
stop the others from loading. When two files give the same posting id, the first (in sorted path order)
is kept and the later one's duplicate is dropped with a warning on that file's report, so a reload never
silently swaps which version the app answers from.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rolecall.errors import PostingLoadError
from rolecall.postings.model import Posting
from rolecall.postings.sources import parse_payload
from rolecall.postings.sources.detect import decode, detect_format

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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not read)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    def get(self, posting_id: str) -> Posting | None:
        return next((p for p in self.postings if p.id == posting_id), None)


def _is_posting_file(p: Path) -> bool:
    return p.suffix.lower() in SUFFIXES or not p.suffix


def _visible_files(path: Path) -> list[Path]:
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def candidate_files(path: Path) -> list[Path]:
    """Posting files under ``path`` (recursively), sorted; hidden files and unknown suffixes skipped."""
    if path.is_file():
        return [path]
    return [p for p in _visible_files(path) if _is_posting_file(p)]


def skipped_files(path: Path) -> list[tuple[str, str]]:
    """Visible files under ``path`` that are not read, each with the reason (an unknown extension)."""
    if path.is_file():
        return []
    known = " ".join(sorted(SUFFIXES))
    return [
        (str(path / p.relative_to(path)), f"unknown extension {p.suffix!r} (posting files: {known}, or none)")
        for p in _visible_files(path)
        if not _is_posting_file(p)
    ]


def load_file(path: Path, *, display: str | None = None) -> tuple[list[Posting], FileReport]:
    """One file -> its postings and report. Never raises for bad content."""
    name = display or str(path)
    report = FileReport(path=name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PostingLoadError(
                name,
                f"file too large ({size / 1_048_576:.1f} MB; the limit is {MAX_FILE_BYTES // 1_048_576} MB)",
            )
        data = path.read_bytes()
        text = decode(data, name)
        report.format = detect_format(text, origin=name)
        postings = parse_payload(text, origin=name, fmt=report.format)
    except PostingLoadError as exc:
        report.error = exc.reason
        return [], report
    except OSError as exc:
        report.error = f"cannot read file: {exc.strerror or exc}"
        return [], report
    except Exception as exc:  # a bug in an adapter must not take the whole load down
        log.exception("unexpected error loading %s", name)
        report.error = f"unexpected error ({type(exc).__name__}: {exc})"
        return [], report
    if not postings:
        report.warnings.append("no postings in this file")
    report.postings = len(postings)
    return postings, report


def load_dir(path: Path, *, progress: bool = False) -> LoadResult:
    """Load every posting file under ``path``. ``progress`` shows a bar on a terminal for long loads."""
    path = Path(path)
    result = LoadResult()
    if not path.exists():
        result.files.append(FileReport(path=str(path), error="no such file or directory"))
        return result
    files = candidate_files(path)
    result.skipped = skipped_files(path)
    seen: dict[str, str] = {}
    for file, (postings, report) in _iterate(files, path, progress):
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
        del file
    return result


def _iterate(files: list[Path], root: Path, progress: bool):  # type: ignore[no-untyped-def]
    def display(f: Path) -> str:
        return str(f) if root.is_file() else str(root / f.relative_to(root))

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
    out: list[tuple[str, int, int]] = []
    for f in candidate_files(path):
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)
