"""Engine and session factory: SQLite by default, PostgreSQL by URL.

:func:`open_database` is the one way in: it checks the URL, the driver and the connection first and turns
every failure into a :class:`~rolecall.errors.DatabaseError` that names the setting and the reason, so no
command shows a SQLAlchemy traceback for a mistyped or unreachable database.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rolecall.errors import DatabaseError
from rolecall.store.base import Base

log = logging.getLogger(__name__)
SETTING = "ROLECALL_DATABASE_URL"
EXAMPLES = "e.g. sqlite:///rolecall.db or postgresql://user@host:5432/rolecall"
CONNECT_TIMEOUT_SECONDS = 10  # a start-up check must not hang for the OS's two-minute TCP timeout
SQLITE_BUSY_MS = 30_000  # how long a SQLite writer waits for another process's write to finish


def _normalise(url: str) -> str:
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we install; the bare scheme would ask for psycopg2.
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def make_engine(url: str) -> Engine:
    url = _normalise(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets the scheduler and the listeners read while another process writes. In WAL mode
            # synchronous=NORMAL syncs at checkpoints, not at every commit: a commit stops waiting for an
            # fsync (every answer commits), and a power cut can lose the last commits but never corrupts
            # the file (docs/operations.md, "SQLite"). The busy timeout makes a writer wait for another
            # one instead of failing with "database is locked".
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    connect_args: dict[str, object] = {}
    if url.startswith("postgresql") and "connect_timeout" not in url:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def shown(url: str) -> str:
    """The URL as it may be printed: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable)"


def _fail(reason: str) -> DatabaseError:
    return DatabaseError(f"{SETTING}: {reason}")


def _parse(url: str) -> URL:
    if not url.strip():
        raise _fail(f"empty; set it to a database URL ({EXAMPLES})")
    try:
        parsed = make_url(_normalise(url))
    except ArgumentError as exc:
        raise _fail(f"not a database URL ({EXAMPLES})") from exc
    try:
        dialect = parsed.get_dialect()
        dialect.import_dbapi()  # the driver module itself, as create_engine would import it
    except NoSuchModuleError as exc:
        raise _fail(
            f"unknown database kind {parsed.get_backend_name()!r} in {shown(url)} "
            f"(Rolecall uses sqlite or postgresql, {EXAMPLES})"
        ) from exc
    except ImportError as exc:  # the dialect is known but its driver is not installed
        hint = " (pip install 'rolecall[postgres]')" if parsed.get_backend_name() == "postgresql" else ""
        raise _fail(
            f"the {parsed.get_backend_name()} driver {parsed.get_driver_name()!r} is not installed{hint}"
        ) from exc
    return parsed


def _sqlite_problem(parsed: URL) -> str | None:
    """Why SQLite could not create or write its file, checked without creating anything."""
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    if path.is_dir():
        return f"{path} is a folder, not a database file"
    if path.exists():
        return None if os.access(path, os.R_OK | os.W_OK) else f"{path} is not writable"
    folder = path.parent
    if not folder.exists():
        return f"cannot create {path}: the folder {folder} does not exist"
    if not folder.is_dir():
        return f"cannot create {path}: {folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot create {path}: the folder {folder} is not writable"
    return None


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    line = next((ln.strip() for ln in str(orig).splitlines() if ln.strip()), type(orig).__name__)
    return line.removeprefix("connection failed: ")


def check_database(url: str) -> None:
    """Raise DatabaseError unless ``url`` names a database Rolecall can open. Writes nothing: SQLite's
    file is checked on disk, other databases by connecting and running ``SELECT 1``."""
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        problem = _sqlite_problem(parsed)
        if problem:
            raise _fail(problem)
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise _fail(f"cannot connect to {shown(url)}: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


def describe_error(exc: SQLAlchemyError) -> str:
    """One line for a database failure after start-up (the server went away, a write was refused)."""
    return f"{SETTING}: database error: {_first_line(exc)}"


def open_database(url: str) -> Engine:
    """Check the database, then create the engine and any missing tables; DatabaseError on failure."""
    check_database(url)
    engine = make_engine(url)
    try:
        create_schema(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _fail(f"cannot create Rolecall's tables in {shown(url)}: {_first_line(exc)}") from exc
    return engine


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
