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

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rolecall.errors import PostingLoadError
from rolecall.gcpause import paused_gc
from rolecall.postings.model import Posting
from rolecall.postings.sources.base import collecting_warnings
from rolecall.postings.sources.detect import decode, detect_format, parse_text

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

Parts = tuple[str, ...]  # a path under the root, as its parts


def _stem_suffix(name: str) -> tuple[str, str]:
    """``Path.stem`` and ``Path.suffix`` (lower-cased) of a file name, without making a ``Path``."""
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name[:dot], name[dot:].lower()
    return name, ""


def _skip_reason(name: str) -> str | None:
    """Why a visible file is not a posting file, or None when it is one."""
    stem, suffix = _stem_suffix(name)
    if stem.casefold() in _FOLDER_DOCS:
        return "the folder's own documentation (README, LICENSE, ...), not a posting"
    if suffix and suffix not in SUFFIXES:
        known = " ".join(sorted(SUFFIXES))
        return f"unknown extension {suffix!r} (posting files: {known}, or none)"
    return None


@dataclass
class Walk:
    """What a knowledge dir holds, each list in path order."""

    files: list[tuple[Parts, os.DirEntry[str]]] = field(default_factory=list)  # posting files
    skipped: list[tuple[Parts, str]] = field(default_factory=list)  # visible files not read, and why
    defaults: list[tuple[Parts, os.DirEntry[str]]] = field(default_factory=list)  # folder, its defaults


def walk(root: Path) -> Walk:
    """The posting files under ``root`` as (path parts, directory entry), sorted as paths sort; the visible
    files that are not read (documentation, unknown extensions); and the folders' defaults files.

    One ``os.scandir`` per folder instead of ``rglob`` plus a ``Path`` per file: at 100k files the
    difference is seconds. Hidden names (and everything under them) are skipped, symlinked folders are not
    followed, a symlink to a file counts, unreadable folders are skipped. ``entry.stat()`` gives the file's
    size and mtime (following a symlink), cached on the entry.
    """
    found = Walk()

    def visit(folder: str, parts: Parts) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        # Depth first with each folder's names in order is exactly the order of sorted paths: a folder's
        # files sort at its name's place, since they all start with it ('a/z.md' after 'a', before 'a.md').
        for entry in entries:
            name = entry.name
            try:
                if name.startswith("."):
                    if name == DEFAULTS_FILE and entry.is_file():
                        found.defaults.append((parts, entry))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, (*parts, name))
                    continue
                if not entry.is_file():
                    continue
            except OSError:
                continue
            why = _skip_reason(name)
            if why is None:
                found.files.append(((*parts, name), entry))
            else:
                found.skipped.append(((*parts, name), why))

    visit(str(root), ())
    return found


def candidate_files(path: Path) -> list[Path]:
    """Posting files under ``path`` (recursively), sorted; hidden files and unknown suffixes skipped."""
    if path.is_file():
        return [path]
    return [path.joinpath(*parts) for parts, _entry in walk(path).files]


def skipped_files(path: Path) -> list[tuple[str, str]]:
    """Visible files under ``path`` that are not read, each with why (documentation, unknown extension)."""
    if path.is_file():
        return []
    return [(str(path.joinpath(*parts)), why) for parts, why in walk(path).skipped]


class FolderDefaults:
    """The ``.rolecall.yaml`` defaults that apply to a file: every folder's from ``root`` down, merged.

    ``present`` (folders, as parts under the root, known to hold a defaults file, e.g. from :func:`walk`)
    spares a stat of every other folder."""

    def __init__(self, root: Path, present: Iterable[Parts] | None = None) -> None:
        self.root = root if root.is_dir() else root.parent
        self._present = None if present is None else set(present)
        self._read: dict[Parts, dict[str, Any]] = {}
        self._merged: dict[Parts, dict[str, Any]] = {}
        self.reports: list[FileReport] = []

    def for_file(self, file: Path) -> dict[str, Any] | None:
        try:
            rel = file.parent.relative_to(self.root)
        except ValueError:
            rel = Path()
        return self.for_folder(rel.parts)

    def for_folder(self, parts: Parts) -> dict[str, Any] | None:
        """The defaults for a file in the folder ``parts`` under the root (None: none apply)."""
        merged = self._merged.get(parts)
        if merged is None:
            merged = dict(self.for_folder(parts[:-1]) or {}) if parts else {}
            merged.update(self._defaults_of(parts))
            self._merged[parts] = merged
        return merged or None

    def context(self, parts: Parts) -> str:
        """A short fingerprint of the defaults applying in folder ``parts`` ("" for none): what a stored
        reading of a file there depends on besides its bytes (``StoredKnowledge``)."""
        merged = self.for_folder(parts)
        if not merged:
            return ""
        text = json.dumps(merged, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def _defaults_of(self, parts: Parts) -> dict[str, Any]:
        if parts not in self._read:
            known = self._present is None or parts in self._present
            self._read[parts] = self._parse(self.root.joinpath(*parts, DEFAULTS_FILE)) if known else {}
        return self._read[parts]

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


def read_file(path: Path, name: str) -> bytes:
    """A posting file's bytes. Raises ``PostingLoadError`` (too large) or ``OSError``."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PostingLoadError(
            name,
            f"file too large ({size / 1_048_576:.1f} MB; the limit is {MAX_FILE_BYTES // 1_048_576} MB)",
        )
    return path.read_bytes()


def parse_file(
    data: bytes, name: str, defaults: dict[str, Any] | None = None
) -> tuple[list[Posting], FileReport]:
    """A file's bytes -> its postings and report. Never raises for bad content."""
    report = FileReport(path=name)
    try:
        text = decode(data, name)
        report.format = detect_format(text, origin=name)
        with collecting_warnings() as warnings:
            postings = parse_text(text, origin=name, fmt=report.format, defaults=defaults)
        report.warnings.extend(warnings)
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


def load_file(
    path: Path, *, display: str | None = None, defaults: dict[str, Any] | None = None
) -> tuple[list[Posting], FileReport]:
    """One file -> its postings and report. Never raises for bad content."""
    name = display or str(path)
    try:
        data = read_file(path, name)
    except PostingLoadError as exc:
        return [], FileReport(path=name, error=exc.reason)
    except OSError as exc:
        return [], FileReport(path=name, error=f"cannot read file: {exc.strerror or exc}")
    return parse_file(data, name, defaults)


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
    if path.is_file():
        files, skipped, folders = [path], [], FolderDefaults(path)
    else:
        found = walk(path)
        files = [path.joinpath(*parts) for parts, _entry in found.files]
        skipped = [(str(path.joinpath(*parts)), why) for parts, why in found.skipped]
        folders = FolderDefaults(path, present=[parts for parts, _entry in found.defaults])
    with paused_gc():
        result = collect(loaded for _file, loaded in _iterate(files, path, progress, folders))
    result.skipped = skipped
    result.files.extend(r for r in folders.reports if r.error)
    return result


def display_name(file: Path, root: Path) -> str:
    """How a file is named in reports and ``Source.path``: under the root as it was given."""
    return str(file) if root.is_file() else str(root / file.relative_to(root))


def _iterate(files: list[Path], root: Path, progress: bool, folders: FolderDefaults):  # type: ignore[no-untyped-def]
    def one(f: Path) -> tuple[list[Posting], FileReport]:
        return load_file(f, display=display_name(f, root), defaults=folders.for_file(f))

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
    """Cheap change detector: (path, size, mtime_ns) of every posting file and every folder's defaults
    file. Compare to decide a reload."""
    path = Path(path)
    if not path.exists():
        return ()
    if path.is_file():
        st = path.stat()
        return ((str(path), st.st_size, st.st_mtime_ns),)
    out: list[tuple[str, int, int]] = []
    found = walk(path)
    for parts, entry in [*found.files, *(((*p, DEFAULTS_FILE), e) for p, e in found.defaults)]:
        try:
            st = entry.stat()
        except OSError:
            continue
        out.append(("/".join(parts), st.st_size, st.st_mtime_ns))
    return tuple(out)
