"""The running app's shared parts: settings, database, the current postings and the engine over them.

Slack listeners, the scheduler and the CLI all take a ``Services``; nothing else is global. Postings are
swapped atomically (a new engine is built off to the side, then published), so a question being answered
while the knowledge dir reloads sees either the old set or the new one, never half of each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine as DBEngine
from sqlalchemy.orm import Session, sessionmaker

from rolecall.config import Settings
from rolecall.postings.model import Posting
from rolecall.store.db import open_database, session_factory

if TYPE_CHECKING:
    from rolecall.answer.engine import Engine


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

        engine = Engine(list(postings))
        with self._lock:
            self._postings = tuple(postings)
            self._engine = engine
        return engine

    def close(self) -> None:
        self.db.dispose()
