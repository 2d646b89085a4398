"""The loaded set of postings: read every file of a knowledge dir, report bad ones, keep the rest.

A file that cannot be read gets a ``FileReport`` with its path and the reason; nothing a file contains can
stop the others from loading. When two files give the same posting id, the first (in sorted path order)
is kept and the later one's duplicate is dropped with a warning on that file's report, so a reload never
silently swaps which version the app answers from.

A folder may hold a ``.rolecall.yaml`` whose ``defaults:`` fill what hand-written postings (Markdown,
YAML, JSON) in that folder and below leave out — typically ``company`` for a folder of one employer's
job pages. A nearer folder's file wins key by key; a broken one is reported like a bad posting file.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rolecall.errors import PostingLoadError
from rolecall.postings.model import Posting
from rolecall.postings.sources import parse_payload
from rolecall.postings.sources.base import collecting_warnings
from rolecall.postings.sources.detect import decode, detect_format

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024  # far above any real posting or feed page; guards against stray dumps
SUFFIXES = {".txt", ".md", ".markdown", ".yaml", ".yml", ".json", ".html", ".htm", ".jsonld", ".xml"}
PROGRESS_THRESHOLD = 25  # files; below this a bar would only flicker
DEFAULTS_FILE = ".rolecall.yaml"


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


# A folder of postings often carries its own documentation (a shared corpus, a git repository of postings);
# those files describe the folder and are never postings, whatever their extension.
_FOLDER_DOCS = frozenset({"readme", "license", "licence", "changelog", "contributing", "notice", "copying"})


def _is_folder_doc(p: Path) -> bool:
    return p.stem.casefold() in _FOLDER_DOCS


def _is_posting_file(p: Path) -> bool:
    return (p.suffix.lower() in SUFFIXES or not p.suffix) and not _is_folder_doc(p)


def _skip_reason(p: Path) -> str:
    if _is_folder_doc(p):
        return "the folder's own documentation (README, LICENSE, ...), not a posting"
    known = " ".join(sorted(SUFFIXES))
    return f"unknown extension {p.suffix!r} (posting files: {known}, or none)"


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
    """Visible files under ``path`` that are not read, each with why (documentation, unknown extension)."""
    if path.is_file():
        return []
    return [
        (str(path / p.relative_to(path)), _skip_reason(p))
        for p in _visible_files(path)
        if not _is_posting_file(p)
    ]


class FolderDefaults:
    """The ``.rolecall.yaml`` defaults that apply to a file: every folder's from ``root`` down, merged."""

    def __init__(self, root: Path) -> None:
        self.root = root if root.is_dir() else root.parent
        self._read: dict[Path, dict[str, Any]] = {}
        self.reports: list[FileReport] = []

    def for_file(self, file: Path) -> dict[str, Any] | None:
        try:
            rel = file.parent.relative_to(self.root)
        except ValueError:
            rel = Path()
        merged: dict[str, Any] = {}
        folder = self.root
        for part in ("", *rel.parts):
            folder = folder / part if part else folder
            merged.update(self._defaults_of(folder))
        return merged or None

    def _defaults_of(self, folder: Path) -> dict[str, Any]:
        if folder not in self._read:
            self._read[folder] = self._parse(folder / DEFAULTS_FILE)
        return self._read[folder]

    def _parse(self, path: Path) -> dict[str, Any]:
        if not path.is_file():
            return {}
        report = FileReport(path=str(path), format="defaults")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            defaults = (data or {}).get("defaults") if isinstance(data, dict) else None
            if data is not None and not isinstance(defaults, dict):
                raise ValueError("expected a mapping with a 'defaults:' mapping of posting fields")
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            report.error = f"folder defaults not used: {' '.join(str(exc).split())[:300]}"
            self.reports.append(report)
            return {}
        self.reports.append(report)
        return dict(defaults or {})


def load_file(
    path: Path, *, display: str | None = None, defaults: dict[str, Any] | None = None
) -> tuple[list[Posting], FileReport]:
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
        with collecting_warnings() as warnings:
            postings = parse_payload(text, origin=name, fmt=report.format, defaults=defaults)
        report.warnings.extend(warnings)
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
    folders = FolderDefaults(path)
    for file, (postings, report) in _iterate(files, path, progress, folders):
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
    result.files.extend(r for r in folders.reports if r.error)
    return result


def _iterate(files: list[Path], root: Path, progress: bool, folders: FolderDefaults):  # type: ignore[no-untyped-def]
    def display(f: Path) -> str:
        return str(f) if root.is_file() else str(root / f.relative_to(root))

    def one(f: Path) -> tuple[list[Posting], FileReport]:
        return load_file(f, display=display(f), defaults=folders.for_file(f))

    show = progress and len(files) >= PROGRESS_THRESHOLD and sys.stderr.isatty()
    if not show:
        for f in files:
            yield f, one(f)
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Loading postings", total=len(files))
        for f in files:
            yield f, one(f)
            bar.advance(task)


def fingerprint(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detector: (path, size, mtime_ns) of every posting file. Compare to decide a reload."""
    path = Path(path)
    if not path.exists():
        return ()
    out: list[tuple[str, int, int]] = []
    defaults = sorted(path.rglob(DEFAULTS_FILE)) if path.is_dir() else []
    for f in [*candidate_files(path), *defaults]:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)
