"""The declarative base every table module shares, so one ``create_all`` makes the whole schema."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import MetaData, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Explicit constraint names keep migrations and PostgreSQL error messages readable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


MAX_ROW_ID = 2**31 - 1  # ids are SQL INTEGER columns: a bigger number names no row on any database
_ROW_ID = re.compile(r"^[0-9]{1,10}$")


def is_row_id(number: int) -> bool:
    """Whether ``number`` can name a row at all (PostgreSQL refuses to compare an INTEGER with a bigger
    one; SQLite cannot bind it): lookups answer "no such row" for the rest instead of failing."""
    return 0 < number <= MAX_ROW_ID


def row_id(value: str) -> int | None:
    """A database id from text (a button value, a command's argument), or None when it cannot be one."""
    if not _ROW_ID.match(value):
        return None
    number = int(value)
    return number if is_row_id(number) else None


# -- ids from outside, in columns of a fixed size ----------------------------------------------------------
DIGEST_BYTES = 20  # "h:" + 40 hex digits where the column has room; fewer where it has not


def fit(value: str, size: int) -> str:
    """``value`` as stored in a column of ``size`` characters: unchanged when it fits and is storable text,
    else a stable digest of it ("h:" + hex digits, at most ``size`` characters). Slack's ids are short, but
    a request may carry any string: a 300-character channel id or a NUL must not become a database error
    (PostgreSQL refuses an over-long value; SQLite would keep it, so both behave the same here). The same
    input always gives the same stored value, and a stored value fits again unchanged."""
    if len(value) <= size and "\x00" not in value and _encodable(value):
        return value
    raw = value.encode("utf-8", "surrogatepass")
    digest_bytes = min(DIGEST_BYTES, (size - 2) // 2)
    return "h:" + hashlib.blake2b(raw, digest_size=digest_bytes).hexdigest()


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Sized(TypeDecorator[str]):
    """A ``String(size)`` column whose every bound value — written, or compared with it in a query — goes
    through :meth:`shape`, so what is looked up is shaped the same way as what was stored."""

    impl = String
    cache_ok = True

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size

    def shape(self, value: str) -> str:
        raise NotImplementedError

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.shape(value)


class FittedId(_Sized):
    """An id that comes from outside (a Slack team, channel or user id, a message ts, a posting id, a
    delivery key): one that does not fit is stored as its digest (:func:`fit`), and a lookup by the
    original id still finds the row. Reading gives the stored value back (the digest for an oversized id),
    so compare ids in SQL, not in Python."""

    cache_ok = True  # SQLAlchemy reads it from each class itself

    def shape(self, value: str) -> str:
        return fit(value, self.size)


class ClippedText(_Sized):
    """Display text (a company name): longer text is cut to fit, so it still reads as itself."""

    cache_ok = True

    def shape(self, value: str) -> str:
        return value.replace("\x00", "")[: self.size]
