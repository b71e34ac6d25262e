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

import os
import sqlite3
import tempfile
import threading
from contextlib import closing, contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, func, insert, inspect, literal_column, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel

from models import schema  # noqa: F401  (registers the tables on SQLModel.metadata)
from models.backup import make_backup
from models.damage import damaged
from models.errors import BUSY_CODES, DatabaseBusy, DatabaseDamaged, FolderNotWritable, NamesakeError, StoreVersionError, WriteRefused
from models.paper_authors import DIGEST_COLUMNS, digests_by_paper
from models.schema import SCHEMA_VERSION, DecisionChange



def _authors_on_paper_rows(connection: Connection) -> None:
    """Version 1 -> 2: the four author columns of `paper`, worked out from the authorships."""
    for column in DIGEST_COLUMNS:
        connection.exec_driver_sql(f"ALTER TABLE paper ADD COLUMN {column} VARCHAR")
    fill_paper_authors(connection.connection.driver_connection)


def fill_paper_authors(raw: sqlite3.Connection) -> None:
    """Work out every paper's author columns from its authorships.

    One pass over the authorships in their primary key's order, written in batches: a million-paper
    database took 46 s with the backup before it.
    """
    rows = raw.execute(
        "SELECT paper_id, name, name_key, author_row_id, affiliation FROM authorship"
        " WHERE role = 'author' ORDER BY paper_id, position"
    )
    update = f"UPDATE paper SET {', '.join(f'{c} = ?' for c in DIGEST_COLUMNS)} WHERE id = ?"
    for part in _batches(((*columns, paper_id) for paper_id, columns in digests_by_paper(rows)), 5_000):
        raw.executemany(update, part)
    # Papers without authors have empty lists, not unknown ones.
    raw.execute("UPDATE paper SET author_names = '', author_keys = '' WHERE author_names IS NULL")


def _log_without_paper_key(connection: Connection) -> None:
    """Version 2 -> 3: `decision_change` without its foreign key to `paper` (see `schema.DecisionChange`).

    SQLite cannot drop a constraint: the table is made again and its rows copied (ids kept).
    """
    connection.exec_driver_sql("DROP INDEX ix_decision_change_paper_id")
    connection.exec_driver_sql("DROP INDEX ix_decision_change_action_id")
    connection.exec_driver_sql("ALTER TABLE decision_change RENAME TO decision_change_2")
    DecisionChange.__table__.create(connection)  # as this release makes it: later steps find their columns there
    copied = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(decision_change_2)")}
    columns = ", ".join(column.name for column in DecisionChange.__table__.columns if column.name in copied)
    connection.exec_driver_sql(f"INSERT INTO decision_change ({columns}) SELECT {columns} FROM decision_change_2")
    connection.exec_driver_sql("DROP TABLE decision_change_2")


def _log_keeps_old_provenance(connection: Connection) -> None:
    """Version 3 -> 4: `decision_change` keeps the decision's reviewer and time before the change, so an undo
    puts them back. Rows logged before are left empty: their undo gives the undoing reviewer and time, as it did.
    (A version-2 database has them already: step 2 -> 3 makes the table as this release does.)"""
    present = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(decision_change)")}
    for column, kind in (("old_reviewer", "VARCHAR"), ("old_decided_at", "DATETIME")):
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE decision_change ADD COLUMN {column} {kind}")


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# Numbered upgrade steps: MIGRATIONS[n](connection) takes a database from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _authors_on_paper_rows, 2: _log_without_paper_key, 3: _log_keeps_old_provenance,
}

# How long a write waits for another program's lock before it is reported (and retried).
BUSY_TIMEOUT_MS = 3_000
# How long it waits inside `brief_lock_waits` (the window's own writes): about a frame, so that another
# program holding the lock never freezes the window; the caller keeps the refused change and retries it.
BRIEF_BUSY_TIMEOUT_MS = 20

# Per thread: the busy timeout its transactions start with (`brief_lock_waits`); BUSY_TIMEOUT_MS if unset.
_lock_waits = threading.local()


@contextmanager
def brief_lock_waits() -> Iterator[None]:
    """Within the block, this thread's transactions wait at most `BRIEF_BUSY_TIMEOUT_MS` for another
    connection's write lock, then fail: `writing` raises `WriteRefused` ("database is locked").

    Thread by thread: a worker writing at the same time still waits `BUSY_TIMEOUT_MS`. In WAL mode only
    a write waits for the lock (even another program's BEGIN EXCLUSIVE lets readers read), so this
    matters to writes; it is set on every transaction because the pool hands a connection to any thread.
    """
    before = getattr(_lock_waits, "ms", BUSY_TIMEOUT_MS)
    _lock_waits.ms = BRIEF_BUSY_TIMEOUT_MS
    try:
        yield
    finally:
        _lock_waits.ms = before

# SQLite's primary result codes for a write the disk or another program refused: the same write may work
# later (space freed, the file made writable, the other program done). Any other error is a fault of its own.
REFUSED_WRITE_CODES = frozenset({
    sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, *BUSY_CODES,
})


def refusal(error: BaseException, path) -> WriteRefused | None:
    """`error` as a `WriteRefused` of the database at `path` if it is a refused write, with the database's own
    words ("attempt to write a readonly database") and its primary code; else None.

    Statements run through SQLAlchemy raise its OperationalError around the driver's; those run through
    `Prepared` raise the driver's own: both are looked at.
    """
    driver_error = error.orig if isinstance(error, OperationalError) else error
    if not isinstance(driver_error, sqlite3.OperationalError):
        return None
    code = getattr(driver_error, "sqlite_errorcode", None)
    if code is None or code & 0xFF not in REFUSED_WRITE_CODES:  # extended codes keep the primary in the low byte
        return None
    refused = DatabaseBusy if code & 0xFF in BUSY_CODES else WriteRefused
    return refused(path, str(driver_error).splitlines()[0], code & 0xFF)


def busy(error: BaseException, path) -> DatabaseBusy | None:
    """`error` as a `DatabaseBusy` of the database at `path` if another connection is using it just now; else None."""
    refused = refusal(error, path)
    return refused if isinstance(refused, DatabaseBusy) else None


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
        if (refused := refusal(error, path)) is not None:  # a file or folder it may not write is not a damaged one
            if isinstance(refused, DatabaseBusy):  # nor one another program is setting up ("locking protocol")
                raise refused from error
            if (refused_here := _folder_refusal(path.parent)) is not None:
                # SQLite cannot make the -wal beside the file, and says only "attempt to write a readonly database"
                raise FolderNotWritable(path.parent, refused_here) from error
            raise refused from error
        raise DatabaseDamaged(path, f"{path}: not a Namesake database, or a damaged one ({error.orig})") from error
    except NamesakeError:
        engine.dispose()
        raise
    return engine


def _folder_refusal(folder: Path) -> OSError | None:
    """What `folder` says to a new file in it (permission denied, a read-only disk); None if it takes one."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as error:
        return error


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _record.info[_BUSY_TIMEOUT_SET] = BUSY_TIMEOUT_MS
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


# Where a pooled connection remembers the busy timeout last set on it (its record's `info`, kept across checkouts).
_BUSY_TIMEOUT_SET = "namesake_busy_timeout_ms"


def _begin(connection: Connection) -> None:
    _wait_as_this_thread_does(connection)
    mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def _wait_as_this_thread_does(connection: Connection) -> None:
    """The busy timeout of `brief_lock_waits`, or the usual one; a PRAGMA only when it differs from the last."""
    wanted = getattr(_lock_waits, "ms", BUSY_TIMEOUT_MS)
    if connection.info.get(_BUSY_TIMEOUT_SET) != wanted:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {wanted}")
        connection.info[_BUSY_TIMEOUT_SET] = wanted


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on error.

    A write the disk refuses, at any statement or at the commit, is raised as `WriteRefused`, whichever
    way the statement ran: the caller keeps it to try again, or says so in plain words. A damaged file
    is raised as `DatabaseDamaged` (`models.damage`): no retry helps it.
    """
    try:
        with engine.connect().execution_options(write=True) as connection:
            with connection.begin():
                yield connection
    except (DatabaseError, sqlite3.DatabaseError) as error:
        if (damage := damaged(error, engine.url.database)) is not None:
            raise damage from error
        refused = refusal(error, engine.url.database)
        if refused is None:
            raise
        if refused.code == sqlite3.SQLITE_READONLY:
            # SQLite keeps a file it opened read-only so, even once it is made writable: the next write
            # opens new connections, or a waiting change could never be saved.
            engine.dispose()
        raise refused from error


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One consistent snapshot to read from; a damaged file met on the way is raised as `DatabaseDamaged`.

    Damage shows only in the pages a statement reads: the file opened without a word, and the first
    listing of the clusters said "(sqlite3.DatabaseError) database disk image is malformed [SQL: …]".
    """
    try:
        with engine.connect() as connection:
            with connection.begin():
                yield connection
    except (DatabaseError, sqlite3.DatabaseError) as error:
        if (damage := damaged(error, engine.url.database)) is not None:
            raise damage from error
        if (in_use := busy(error, engine.url.database)) is not None:  # "locking protocol" read as damage: never
            raise in_use from error
        raise


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


# SQLite allows 32,766 bound parameters; stay well below it per statement.
CHUNK = 500


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    """`items` in batches of `size`, for statements with one parameter per item."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_tuples(connection: Connection, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Like `insert_many`, rows given as tuples of `columns` (no dict per row: an import writes millions)."""
    if rows:
        prepared_insert(table, columns).run_tuples(connection, columns, rows)


def prepared_insert(table, columns: tuple[str, ...]) -> Prepared:
    """The INSERT of these columns of `table`, each from a bind of the same name; prepared once per table and columns."""
    prepared = _INSERTS.get((table.name, columns))
    if prepared is None:
        prepared = _INSERTS[table.name, columns] = Prepared(lambda: insert(table).values({name: bindparam(name) for name in columns}))
    return prepared


def insert_many(connection: Connection, table, rows: list[dict]) -> None:
    """Insert dict rows (all with the same keys) through the driver's executemany.

    The INSERT is SQLAlchemy's for the connection's dialect, prepared once per
    table and set of columns (`Prepared`); only SQLAlchemy's per-row
    parameter processing is skipped, which is most of the cost of writing a
    million authorships.
    """
    if rows:
        prepared_insert(table, tuple(rows[0])).run_many(connection, rows)


def json_ids(bind: str = "ids"):
    """The ids in the `bind` parameter, a JSON array of numbers, as rows of one column (SQLite's `json_each`).

    Thousands of ids go in one statement as one value, where an IN list would need a bind each.
    """
    return select(literal_column("value")).select_from(func.json_each(bindparam(bind)))


class Prepared:
    """A statement built once with a `bindparam` for every value, compiled once per dialect, run through the driver.

    Building and compiling a SQLAlchemy statement costs 0.1-0.3 ms, and a
    reviewer's single decision runs a dozen small ones: that was most of a
    decision's time besides the commit itself. The SQL is still SQLAlchemy's,
    for the connection's dialect; values are converted by each bind's type
    (a datetime to its stored text) as SQLAlchemy would.
    """

    def __init__(self, build: Callable[[], object]):
        self._build = build
        self._by_dialect: dict[str, tuple[str, bool, list[str], dict, list]] = {}

    def _compiled(self, dialect) -> tuple[str, bool, list[str], dict, list]:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            compiled = self._build().compile(dialect=dialect)
            names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
            fixed = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
            convert = [_bind_processor(compiled.binds[name].type, dialect) for name in names]
            found = self._by_dialect[dialect.name] = (str(compiled), compiled.positional, names, fixed, convert)
        return found

    def _values(self, compiled, params: dict) -> tuple | dict:
        _sql, positional, names, fixed, convert = compiled
        values = [params[name] if name in params else fixed[name] for name in names]
        values = [c(v) if c else v for c, v in zip(convert, values)]
        return tuple(values) if positional else dict(zip(names, values))

    def _many_values(self, compiled, rows: list[dict]) -> list:
        """`_values` of every row, converting only the columns that need it (a bulk decision writes 20,000 rows)."""
        if not rows:
            return []
        _sql, positional, names, fixed, convert = compiled
        missing = [name for name in names if name not in rows[0]]
        if missing or not positional:
            return [self._values(compiled, row) for row in rows]
        values = list(map(itemgetter(*names), rows)) if len(names) > 1 else [(row[names[0]],) for row in rows]
        converted = [(at, c) for at, c in enumerate(convert) if c]
        if not converted:
            return values
        values = [list(value) for value in values]
        for at, c in converted:
            last_in, last_out = object(), None  # a bulk decision's rows share one time: converted once
            for value in values:
                if value[at] is not last_in:
                    last_in, last_out = value[at], c(value[at])
                value[at] = last_out
        return values

    def run(self, connection: Connection, **params) -> sqlite3.Cursor:
        """Execute once; the driver's cursor (rows, `lastrowid`)."""
        compiled = self._compiled(connection.dialect)
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute(compiled[0], self._values(compiled, params))
        return cursor

    def execute(self, connection: Connection, **params) -> int:
        """Execute once, for its effect (an INSERT, UPDATE or DELETE); the rows it changed."""
        with closing(self.run(connection, **params)) as cursor:
            return cursor.rowcount

    def rows(self, connection: Connection, **params) -> list[tuple]:
        with closing(self.run(connection, **params)) as cursor:
            return cursor.fetchall()

    def streamed(self, connection: Connection, **params) -> Iterator[tuple]:
        """The rows one at a time (`streamed_rows`), without compiling the statement again."""
        with closing(self.run(connection, **params)) as cursor:
            yield from cursor

    def scalar(self, connection: Connection, **params):
        """The first column of the first row; None if there is no row."""
        rows = self.rows(connection, **params)
        return rows[0][0] if rows else None

    def inserted_id(self, connection: Connection, **params) -> int:
        with closing(self.run(connection, **params)) as cursor:
            return cursor.lastrowid

    def run_tuples(self, connection: Connection, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Execute once per row given as a tuple of `columns`; straight to the driver when nothing needs converting."""
        compiled = self._compiled(connection.dialect)
        _sql, positional, names, _fixed, convert = compiled
        if positional and tuple(names) == tuple(columns) and not any(convert):
            cursor = connection.connection.driver_connection.cursor()
            try:
                cursor.executemany(compiled[0], rows)
            finally:
                cursor.close()
        else:
            self.run_many(connection, [dict(zip(columns, row)) for row in rows])

    def run_many(self, connection: Connection, rows: Iterable[dict]) -> int:
        """Execute once per dict row, through the driver's executemany; the rows changed in all."""
        compiled = self._compiled(connection.dialect)
        values = self._many_values(compiled, list(rows))
        if not values:
            return 0
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.executemany(compiled[0], values)
            return cursor.rowcount
        finally:
            cursor.close()


# The INSERTs of `prepared_insert`, by table and columns.
_INSERTS: dict[tuple[str, tuple[str, ...]], Prepared] = {}


def _bind_processor(type_, dialect):
    """What SQLAlchemy does to a value of this type before the driver sees it (a datetime to its text).

    Through the dialect's implementation of the type: a decorated type's own
    `bind_processor` leaves out its implementation's step.
    """
    return type_.dialect_impl(dialect).bind_processor(dialect)


def value_reader(column, connection: Connection) -> Callable[[object], object]:
    """What SQLAlchemy does to a stored value of this column as it reads it (its text to an aware UTC datetime):
    for rows read through the driver (`Prepared.rows`), where SQLAlchemy does not see them."""
    dialect = connection.dialect
    found = _READERS.get((column, dialect.name))
    if found is None:
        processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
        found = _READERS[(column, dialect.name)] = processor or (lambda value: value)
    return found


_READERS: dict = {}


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


def why_read_only(path: str | Path) -> str | None:
    """Why this process cannot write the database at `path` (its file, or its folder, where SQLite keeps the
    journal beside it); None if it can.

    SQLite opens such a file read-only without a word and refuses only the first write: a reviewer would
    learn it at their first decision. `os.access` asks the kernel with this process's rights, so a
    read-only mount counts and root, which writes any file whatever its mode, is never told it cannot.
    """
    path = Path(path)
    # SQLite makes the -shm file with the database file's mode: a file made writable after an open keeps it read-only.
    for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        if file.exists() and not os.access(file, os.W_OK):
            return f"you may not write the database file {file}"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"you may not write in the database's folder {path.parent}"
    return None


def needs_upgrade(path: str | Path) -> bool:
    """Whether the file at `path` is a Namesake database of an older schema (read only: changes nothing).

    For a caller that wants the upgrade done somewhere it may take its time (the start-up frame's
    worker thread): `open_engine` then upgrades, and later opens find nothing to do.
    """
    path = Path(path)
    if not path.is_file():
        return False
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error:
        return False  # not a database, or a damaged one: the open says so
    return 0 < version < SCHEMA_VERSION


def upgrade_file(path: str | Path, announce: Callable[[], None] = lambda: None) -> bool:
    """Upgrade the database at `path` if an older Namesake wrote it (backup first, as every open does);
    whether it did. `announce` is called first, only when there is an upgrade to make.

    For callers off the GUI thread (start-up, restoring a backup): a million papers take ~45 s.
    """
    if not needs_upgrade(path):
        return False
    announce()
    open_engine(path).dispose()
    return True


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
