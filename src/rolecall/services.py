"""The running app's shared parts: settings, database, the current postings and the engine over them.

Slack listeners, the scheduler and the CLI all take a ``Services``; nothing else is global. Postings are
swapped atomically (a new engine is built off to the side, then published), so a question being answered
while the knowledge dir reloads sees either the old set or the new one, never half of each.

Readiness: ``ready`` is set once the knowledge dir has been loaded and its engine published, and
``status`` says what a start is doing meanwhile ("starting: knowledge: 1,200 of 10,000 files ..."), so
``/healthz`` can answer "starting" while a start that must read every file is under way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine as DBEngine
from sqlalchemy.orm import Session, sessionmaker

from rolecall.config import Settings
from rolecall.postings.model import Posting
from rolecall.store.db import open_database, session_factory

if TYPE_CHECKING:
    from rolecall.answer.engine import Engine
    from rolecall.knowledge import StoredKnowledge


def utcnow() -> datetime:
    return datetime.now(UTC)


class Services:
    def __init__(self, settings: Settings, *, now: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.now = now
        self.db: DBEngine = open_database(settings.database_url)  # DatabaseError names the setting
        self.sessions: sessionmaker[Session] = session_factory(self.db)
        self._lock = threading.Lock()
        self._postings: tuple[Posting, ...] = ()
        self._engine: Engine | None = None
        self.ready = threading.Event()
        self.status = "starting"
        self._knowledge: dict[str, StoredKnowledge] = {}

    @property
    def postings(self) -> tuple[Posting, ...]:
        return self._postings

    @property
    def engine(self) -> Engine:
        engine = self._engine
        if engine is None:
            engine = self.set_postings(self._postings)
        return engine

    def set_postings(self, postings: Sequence[Posting]) -> Engine:
        from rolecall.answer.engine import Engine
        from rolecall.gcpause import paused_gc

        with paused_gc():  # a bulk build: see paused_gc
            engine = Engine(list(postings))
        with self._lock:
            self._postings = tuple(postings)
            self._engine = engine
        return engine

    def publish(self, postings: Sequence[Posting]) -> bool:
        """``set_postings`` unless exactly these posting objects are already published (a sync or reload
        that found nothing changed): returns whether a new engine was built."""
        with self._lock:
            current, engine = self._postings, self._engine
        if (
            engine is not None
            and len(current) == len(postings)
            and all(a is b for a, b in zip(current, postings, strict=True))
        ):
            return False
        self.set_postings(postings)
        return True

    def set_status(self, status: str) -> None:
        """What a start is doing, while not yet ready (shown by ``/healthz``)."""
        if not self.ready.is_set():
            self.status = f"starting: {status}"

    def mark_ready(self) -> None:
        self.status = "ready"
        self.ready.set()

    def knowledge(self, directory: Path | None = None) -> StoredKnowledge:
        """The incremental reader of a knowledge dir (one per dir, kept for this process's later loads)."""
        from rolecall.knowledge import StoredKnowledge

        directory = Path(directory or self.settings.knowledge_dir)
        key = str(directory.resolve())
        with self._lock:
            found = self._knowledge.get(key)
            if found is None or found.directory != directory:
                found = self._knowledge[key] = StoredKnowledge(directory, self.sessions)
            return found

    def close(self) -> None:
        self.db.dispose()
