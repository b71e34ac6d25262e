"""The SQLite engine: pragmas, the schema version, and write transactions.

Everything SQLite-specific lives here, so that the rest of `models/` speaks
portable SQLAlchemy and can later run on a shared PostgreSQL database.

- WAL lets a reader (a second window, a backup) work while a reviewer
  writes; `synchronous=FULL` makes a commit survive power loss, not only a
  crash, because a reviewer's decision is shown as saved after commit.
- Write transactions start with BEGIN IMMEDIATE, taking the write lock up
  front, so two processes never deadlock upgrading a read lock.
- The schema version is `PRAGMA user_version`. A database from a newer
  Namesake is refused before anything writes to it; an older one is backed
  up, then upgraded by numbered steps inside one transaction.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, insert, inspect
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from models import schema  # noqa: F401  (registers the tables on SQLModel.metadata)
from models.backup import make_backup
from models.errors import DatabaseDamaged, NamesakeError, StoreVersionError
from models.schema import SCHEMA_VERSION

# Numbered upgrade steps: MIGRATIONS[n](connection) takes a database from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}

# How long a write waits for another program's lock before it is reported (and retried).
BUSY_TIMEOUT_MS = 3_000


def open_engine(path: str | Path) -> Engine:
    """An engine on the database at `path`, created or checked and ready."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        # The driver's own transaction handling is off: we emit BEGIN ourselves.
        connect_args={"check_same_thread": False, "isolation_level": None, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    try:
        _prepare_schema(engine, path)
    except DatabaseError as error:
        engine.dispose()
        raise DatabaseDamaged(path, f"{path}: not a Namesake database, or a damaged one ({error.orig})") from error
    except NamesakeError:
        engine.dispose()
        raise
    return engine


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _begin(connection: Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on error."""
    with engine.connect().execution_options(write=True) as connection:
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One consistent snapshot to read from."""
    with engine.connect() as connection:
        with connection.begin():
            yield connection


# An import touches every index page of the big tables: a 256 MB page cache for
# its connection (SQLite's default is 2 MB) roughly halves the time its inserts take.
IMPORT_CACHE_KIB = 262_144


@contextmanager
def import_cache(connection: Connection) -> Iterator[None]:
    """A big page cache on this connection for the length of an import, then the default again."""
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


def insert_many(connection: Connection, table, rows: list[dict]) -> None:
    """Insert dict rows (all with the same keys) through the driver's executemany.

    The INSERT is compiled by SQLAlchemy for the connection's dialect; only its
    per-row parameter processing is skipped, which is most of the cost of
    writing a million authorships.
    """
    if rows:
        execute_many(connection, insert(table).values({name: bindparam(name) for name in rows[0]}), rows)


def execute_many(connection: Connection, statement, rows: list[dict]) -> None:
    """Run an INSERT or UPDATE with `bindparam`s once per dict row, through the driver's executemany.

    Compiled once by SQLAlchemy for the connection's dialect (portable SQL);
    values the statement holds itself (`Decision.cluster_id == 7`) are taken
    from it, the others from each row, each converted by its own type (a
    datetime to its stored text) as SQLAlchemy would.
    """
    if not rows:
        return
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    fixed = compiled.construct_params(rows[0])  # the first row fills the per-row names; only the others are used
    names = list(compiled.positiontup) if compiled.positional else list(fixed)
    per_row = rows[0].keys()
    convert = [compiled.binds[name].type.bind_processor(dialect) for name in names]
    held = {name: (c(fixed[name]) if c else fixed[name]) for name, c in zip(names, convert) if name not in per_row}
    if not held and not any(convert):
        values = [tuple(row[name] for name in names) for row in rows]
    else:
        getters = [(name, c, name in held) for name, c in zip(names, convert)]
        values = [
            tuple(held[n] if from_statement else (c(row[n]) if c else row[n]) for n, c, from_statement in getters)
            for row in rows
        ]
    if not compiled.positional:
        values = [dict(zip(names, value)) for value in values]
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(str(compiled), values)
    finally:
        cursor.close()


def plain_rows(connection: Connection, statement) -> list[tuple]:
    """The statement's rows as plain tuples straight from the driver.

    The SQL is still compiled by SQLAlchemy for the connection's dialect, so
    it stays portable; only the per-row wrapping is skipped, which is most of
    the cost when a 20,000-paper cluster brings 150,000 author rows.
    """
    return list(streamed_rows(connection, statement))


def streamed_rows(connection: Connection, statement) -> Iterator[tuple]:
    """Like `plain_rows`, one row at a time: big texts are let go as soon as they are used."""
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    parameters = compiled.construct_params()
    if compiled.positional:
        parameters = tuple(parameters[name] for name in compiled.positiontup)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        yield from cursor
    finally:
        cursor.close()


def schema_version(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA user_version").scalar_one()


def _prepare_schema(engine: Engine, path: Path) -> None:
    version = schema_version(engine)
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"{path} was written by a newer Namesake (schema version {version}); "
            f"this one reads up to version {SCHEMA_VERSION}. Nothing was changed: update Namesake to open it."
        )
    if version == 0:
        _create_schema(engine, path)
    elif version < SCHEMA_VERSION:
        make_backup(path, "before-upgrade")
        _migrate(engine, version)


def _create_schema(engine: Engine, path: Path) -> None:
    tables = inspect(engine).get_table_names()
    if tables:
        raise NamesakeError(f"{path}: not a Namesake database (it has tables {', '.join(tables[:5])} and no version)")
    with writing(engine) as connection:
        SQLModel.metadata.create_all(connection)
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate(engine: Engine, version: int) -> None:
    """Every step from `version` up, and the new version number, in one transaction."""
    with writing(engine) as connection:
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](connection)
            version += 1
        connection.exec_driver_sql(f"PRAGMA user_version = {version}")


def integrity_problems(engine: Engine, quick: bool = True) -> list[str]:
    """What SQLite's own check finds wrong with the file; empty when it is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql(f"PRAGMA {pragma}")]
    except DatabaseError as error:  # so damaged that the check itself cannot run
        return [str(error.orig)]
    return [] if rows == ["ok"] else rows
