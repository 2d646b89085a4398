"""Stored knowledge files: what each file of a knowledge dir held when it was last read.

One row per (knowledge root, reader version, relative path) with the file's size, mtime and SHA-256, its
report (format, warnings, error) and its normalised postings, compressed. A process that finds a file
unchanged takes its postings from here instead of parsing it again (``rolecall.knowledge`` decides what
"unchanged" means; this module only reads and writes rows).

The reader version is part of the key, so replicas running different releases side by side (a rolling
deploy) each keep their own rows rather than overwriting each other's on every sync; a version nobody
has used for ``STALE_READER_AFTER`` is deleted by the next load of that root. Writes are upserts in
sorted path order, so replicas writing the same rows at once neither fail nor deadlock.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from rolecall.postings.model import Posting
from rolecall.store.base import Base
from rolecall.store.digests import UTCDateTime

STALE_READER_AFTER = timedelta(hours=1)  # well above the sync interval, so a live replica keeps its rows
CHUNK = 500  # rows per IN (...) list and per upsert statement
# The table's layout version is in its name: a new layout is a new table (``create_all`` makes it), and
# the old one is dropped when a process first uses the store. The rows are a cache, so nothing is lost.
LAYOUT = 1
RETIRED_TABLES = ("knowledge_files",)  # a development layout without the context column


class KnowledgeFile(Base):
    __tablename__ = f"knowledge_files_v{LAYOUT}"

    root: Mapped[str] = mapped_column(Text, primary_key=True)  # the knowledge dir, resolved
    reader: Mapped[str] = mapped_column(String(64), primary_key=True)  # rolecall.postings.reader version
    path: Mapped[str] = mapped_column(Text, primary_key=True)  # relative to root, "/"-separated
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    checked_ns: Mapped[int] = mapped_column(BigInteger)  # wall clock when size and mtime were taken
    sha256: Mapped[str] = mapped_column(String(64))
    # A fingerprint of what outside the file its reading depends on (StoredKnowledge's ``context``);
    # a different context means the stored postings do not apply, however unchanged the file is.
    context: Mapped[str] = mapped_column(String(64), default="")
    origin: Mapped[str] = mapped_column(Text)  # the path the postings were read under (Source.path)
    format: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    count: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # zlib(JSON list of postings), see encode_postings


class KnowledgeReader(Base):
    """When each reader version last loaded each root: versions nobody uses any more are deleted."""

    __tablename__ = "knowledge_readers"

    root: Mapped[str] = mapped_column(Text, primary_key=True)
    reader: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_used: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class FileStat:
    """A row without its postings: enough to decide whether the file needs reading."""

    path: str
    size: int
    mtime_ns: int
    checked_ns: int
    sha256: str


@dataclass(frozen=True)
class StoredFile:
    path: str
    size: int
    mtime_ns: int
    checked_ns: int
    sha256: str
    context: str
    origin: str
    format: str | None
    error: str | None
    warnings: list[str]
    count: int
    data: bytes

    @property
    def stat(self) -> FileStat:
        return FileStat(self.path, self.size, self.mtime_ns, self.checked_ns, self.sha256)


def drop_retired_tables(session: Session) -> None:
    """Drop the tables of earlier layouts, if any are left (idempotent, safe with replicas)."""
    for name in RETIRED_TABLES:
        session.execute(text(f'DROP TABLE IF EXISTS "{name}"'))


# -- the postings' encoding --------------------------------------------------------------------------------
@cache
def _postings_adapter() -> TypeAdapter[list[Posting]]:
    return TypeAdapter(list[Posting])


def encode_postings(postings: Sequence[Posting]) -> bytes:
    """pydantic-core's JSON, zlib-compressed: compact, and decoded in Rust. Defaults are kept: leaving
    them out saves little after compression and makes decoding slower (default factories run in Python)."""
    raw = _postings_adapter().dump_json(list(postings))
    return zlib.compress(raw, 6)


def decode_postings(data: bytes) -> list[Posting]:
    """Raises ``ValueError`` (zlib.error, pydantic's ValidationError) when the bytes are not postings."""
    try:
        raw = zlib.decompress(data)
    except zlib.error as exc:
        raise ValueError(f"not zlib data ({exc})") from exc
    return _postings_adapter().validate_json(raw)


# -- reads -------------------------------------------------------------------------------------------------
_ALL = (
    KnowledgeFile.path,
    KnowledgeFile.size,
    KnowledgeFile.mtime_ns,
    KnowledgeFile.checked_ns,
    KnowledgeFile.sha256,
    KnowledgeFile.context,
    KnowledgeFile.origin,
    KnowledgeFile.format,
    KnowledgeFile.error,
    KnowledgeFile.warnings,
    KnowledgeFile.count,
    KnowledgeFile.data,
)


def _stored(row: Any) -> StoredFile:
    try:
        warnings = json.loads(row.warnings or "[]")
    except ValueError:
        warnings = []
    return StoredFile(
        path=row.path,
        size=row.size,
        mtime_ns=row.mtime_ns,
        checked_ns=row.checked_ns,
        sha256=row.sha256,
        context=row.context or "",
        origin=row.origin,
        format=row.format,
        error=row.error,
        warnings=[str(w) for w in warnings] if isinstance(warnings, list) else [],
        count=row.count,
        data=bytes(row.data or b""),
    )


def _mine(root: str, reader: str) -> Any:
    return (KnowledgeFile.root == root) & (KnowledgeFile.reader == reader)


def all_files(session: Session, root: str, reader: str) -> Iterator[StoredFile]:
    """Every stored file of this root and reader, postings included, streamed (not all held at once)."""
    q = select(*_ALL).where(_mine(root, reader)).execution_options(yield_per=CHUNK)
    for row in session.execute(q):
        yield _stored(row)


def files(session: Session, root: str, reader: str, paths: Iterable[str]) -> dict[str, StoredFile]:
    """The stored rows of these paths (those that have one)."""
    wanted = sorted(set(paths))
    out: dict[str, StoredFile] = {}
    for start in range(0, len(wanted), CHUNK):
        q = select(*_ALL).where(_mine(root, reader), KnowledgeFile.path.in_(wanted[start : start + CHUNK]))
        for row in session.execute(q):
            out[row.path] = _stored(row)
    return out


# -- writes ------------------------------------------------------------------------------------------------
def _insert(session: Session) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database dialect {name!r}")  # pragma: no cover


def save_files(session: Session, root: str, reader: str, rows: Sequence[StoredFile]) -> None:
    """Insert or replace these rows (in path order: concurrent writers lock rows in the same order)."""
    if not rows:
        return
    insert = _insert(session)
    ordered = sorted(rows, key=lambda r: r.path)
    for start in range(0, len(ordered), CHUNK):
        values = [
            {
                "root": root,
                "reader": reader,
                "path": r.path,
                "size": r.size,
                "mtime_ns": r.mtime_ns,
                "checked_ns": r.checked_ns,
                "sha256": r.sha256,
                "context": r.context,
                "origin": r.origin,
                "format": r.format,
                "error": r.error,
                "warnings": json.dumps(r.warnings, ensure_ascii=False),
                "count": r.count,
                "data": r.data,
            }
            for r in ordered[start : start + CHUNK]
        ]
        stmt = insert(KnowledgeFile).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["root", "reader", "path"],
            set_={
                c: stmt.excluded[c]
                for c in (
                    "size",
                    "mtime_ns",
                    "checked_ns",
                    "sha256",
                    "context",
                    "origin",
                    "format",
                    "error",
                    "warnings",
                    "count",
                    "data",
                )
            },
        )
        session.execute(stmt)


def save_stats(session: Session, root: str, reader: str, stats: Sequence[FileStat]) -> None:
    """Same content, new size/mtime (a touched or copied file): only the stat columns change."""
    for s in sorted(stats, key=lambda s: s.path):
        session.execute(
            update(KnowledgeFile)
            .where(_mine(root, reader), KnowledgeFile.path == s.path, KnowledgeFile.sha256 == s.sha256)
            .values(size=s.size, mtime_ns=s.mtime_ns, checked_ns=s.checked_ns)
        )


def forget_files(session: Session, root: str, reader: str, paths: Iterable[str]) -> int:
    gone = sorted(set(paths))
    removed = 0
    for start in range(0, len(gone), CHUNK):
        result = session.execute(
            delete(KnowledgeFile).where(
                _mine(root, reader), KnowledgeFile.path.in_(gone[start : start + CHUNK])
            )
        )
        removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return removed


def touch_reader(session: Session, root: str, reader: str, now: datetime) -> int:
    """Record that this reader version loaded ``root`` now; delete versions unused since long before.

    Returns how many stale rows were deleted."""
    insert = _insert(session)
    stmt = insert(KnowledgeReader).values(root=root, reader=reader, last_used=now)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["root", "reader"], set_={"last_used": stmt.excluded.last_used}
        )
    )
    stale = list(
        session.scalars(
            select(KnowledgeReader.reader).where(
                KnowledgeReader.root == root,
                KnowledgeReader.reader != reader,
                KnowledgeReader.last_used < now - STALE_READER_AFTER,
            )
        )
    )
    if not stale:
        return 0
    result = session.execute(
        delete(KnowledgeFile).where(KnowledgeFile.root == root, KnowledgeFile.reader.in_(stale))
    )
    session.execute(
        delete(KnowledgeReader).where(KnowledgeReader.root == root, KnowledgeReader.reader.in_(stale))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def count_files(session: Session, root: str, reader: str) -> int:
    return int(
        session.scalar(select(func.count()).select_from(KnowledgeFile).where(_mine(root, reader))) or 0
    )


__all__ = [
    "FileStat",
    "KnowledgeFile",
    "KnowledgeReader",
    "StoredFile",
    "all_files",
    "count_files",
    "decode_postings",
    "drop_retired_tables",
    "encode_postings",
    "files",
    "forget_files",
    "save_files",
    "save_stats",
    "touch_reader",
]
