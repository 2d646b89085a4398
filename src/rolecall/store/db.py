"""Engine and session factory: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rolecall.store.base import Base

log = logging.getLogger(__name__)


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we install; the bare scheme would ask for psycopg2.
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets the scheduler and the listeners read while another process writes.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def create_schema(engine: Engine) -> None:
    import rolecall.store.tables  # noqa: F401  (registers every table on Base.metadata)

    Base.metadata.create_all(engine)
    add_missing_columns(engine)


def add_missing_columns(engine: Engine) -> list[str]:
    """Columns added to an existing table since the database was made, added with their server default.

    ``create_all`` makes missing tables but never alters existing ones, so a database from an earlier
    version would lack a new column. Only additive changes are handled (a column that is nullable or has a
    server default); anything else needs a real migration. Returns "table.column" for each one added.
    """
    added: list[str] = []
    inspector = inspect(engine)
    existing_tables = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing_tables:
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if not column.nullable and column.server_default is None:
                raise RuntimeError(
                    f"{table.name}.{column.name} is new and has no default: it needs a migration"
                )
            ddl = column.type.compile(dialect=engine.dialect)
            default = ""
            if column.server_default is not None:
                value = str(column.server_default.arg).replace("'", "''")  # type: ignore[attr-defined]
                default = f" DEFAULT '{value}'"
            null = "" if column.nullable else " NOT NULL"
            statement = f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {ddl}{default}{null}'
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(statement)
            except DBAPIError:
                # Another replica added it between our look and our ALTER: fine if it is there now.
                if column.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                    raise
                continue
            log.info("added column %s.%s", table.name, column.name)
            added.append(f"{table.name}.{column.name}")
    return added


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
