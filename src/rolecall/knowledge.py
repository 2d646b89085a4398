"""Loading the knowledge dir into ``Services`` and reloading it when its files change.

Shared by the Slack app, the console and the digest scheduler: one ``load_knowledge`` (which reports bad
files rather than failing) and one polling watcher, so every long-running process picks up a new posting
file without a restart.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolecall.services import Services

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 30.0


@dataclass
class KnowledgeReport:
    """What a load found: how many postings, and each file that failed (path, reason)."""

    postings: int = 0
    files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Loaded {self.postings} postings from {self.files} files."]
        out += [f"  skipped {path}: {reason}" for path, reason in self.errors]
        return out


def fingerprint(directory: Path) -> str:
    """Changes when any file under ``directory`` is added, removed, resized or touched."""
    digest = hashlib.sha256()
    if directory.is_dir():
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while we walked; the next poll sees the settled state
            digest.update(f"{path.relative_to(directory)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def load_knowledge(services: Services, directory: Path | None = None) -> KnowledgeReport:
    """Load every posting file and publish them; a bad file is reported and skipped, never fatal."""
    from rolecall.postings.catalog import load_dir

    directory = directory or services.settings.knowledge_dir
    report = KnowledgeReport()
    if not directory.is_dir():
        report.errors.append((str(directory), "knowledge dir not found"))
        services.set_postings([])
        return report
    result = load_dir(directory)
    report.postings = len(result.postings)
    report.files = len(result.files)
    for f in result.files:
        if f.error:
            report.errors.append((str(f.path), f.error))
        report.warnings.extend((str(f.path), w) for w in f.warnings)
    services.set_postings(result.postings)
    return report


def watch_knowledge(
    services: Services,
    *,
    directory: Path | None = None,
    interval: float = DEFAULT_POLL_SECONDS,
    stop: threading.Event | None = None,
    on_reload: Callable[[KnowledgeReport], None] | None = None,
) -> threading.Thread:
    """Poll the dir's fingerprint in a daemon thread and reload on change; returns the started thread.

    Polling (not inotify) because it works the same on every OS and on network mounts, and a 30 s lag is
    fine for job postings. ``on_reload`` lets the digest scheduler record first-seen times afterwards.
    """
    directory = directory or services.settings.knowledge_dir
    stop = stop or threading.Event()
    last = fingerprint(directory)

    def loop() -> None:
        nonlocal last
        while not stop.wait(interval):
            try:
                current = fingerprint(directory)
                if current == last:
                    continue
                report = load_knowledge(services, directory)
                last = current
                log.info("knowledge reloaded: %s", " ".join(report.lines()))
                for path, reason in report.errors:
                    log.warning("knowledge file skipped: %s: %s", path, reason)
                if on_reload is not None:
                    on_reload(report)
            except Exception:
                # A reload that fails keeps the previous postings; the next poll tries again.
                log.exception("knowledge reload failed")

    thread = threading.Thread(target=loop, name="rolecall-knowledge-watch", daemon=True)
    thread.start()
    return thread
