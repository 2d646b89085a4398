"""The declarative base every table module shares, so one ``create_all`` makes the whole schema."""

from __future__ import annotations

import re

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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
