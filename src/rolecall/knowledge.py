"""Loading the knowledge dir into ``Services`` and reloading it when its files change.

Shared by the Slack app, the console and the digest scheduler: one ``load_knowledge`` (which reports bad
files rather than failing) and one polling watcher, so every long-running process picks up a new posting
file without a restart.
"""

from __future__ import annotations

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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # not posting files (unknown extension)

    def lines(self) -> list[str]:
        postings = f"{self.postings} posting{'s' if self.postings != 1 else ''}"
        out = [f"Loaded {postings} from {self.files} file{'s' if self.files != 1 else ''}."]
        out += [f"  skipped {path}: {reason}" for path, reason in self.errors + self.skipped]
        return out


def fingerprint(directory: Path) -> object:
    """The catalog's change detector (path, size, mtime of every posting file): equal means unchanged."""
    from rolecall.postings.catalog import fingerprint as catalog_fingerprint

    return catalog_fingerprint(directory)


def load_knowledge(services: Services, directory: Path | None = None) -> KnowledgeReport:
    """Load every posting file and publish them; a bad file is reported and skipped, never fatal."""
    from rolecall.postings.catalog import load_dir

    directory = directory or services.settings.knowledge_dir
    result = load_dir(directory)  # a missing dir comes back as one failed "file", not an exception
    report = KnowledgeReport(postings=len(result.postings), files=sum(1 for f in result.files if f.ok))
    for f in result.files:
        if f.error:
            report.errors.append((str(f.path), f.error))
        report.warnings.extend((str(f.path), w) for w in f.warnings)
    report.skipped = list(getattr(result, "skipped", []))
    services.set_postings(result.postings)
    return report


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
    receives whatever it returned.
    """
    directory = directory or services.settings.knowledge_dir
    stop = stop or threading.Event()
    do_reload = reload or (lambda: load_knowledge(services, directory))
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
