"""The database file a store has open, known by its identity, and its rescue once the path no longer leads to it.

SQLite goes on using a file moved, deleted or replaced while it has it open, through the descriptors it holds:
each decision was said "Saved" and went to a file the reviewer could no longer reach. In WAL mode the newest
changes live in the -wal file under the old name, which SQLite does not fold into a moved or deleted file when
it closes, and which a new database opened at the old name deletes: a tester lost a whole session's decisions.

So the store records the file's identity (device and inode) when it opens it, and from then on:

- every write transaction first checks that the path still leads to that file, else raises `DatabaseLost`, a
  refused write: the session keeps the change waiting, as on a read-only file. Once lost, the file is never
  written again, also if it is put back: the reviewer was told to go on in the rescued copy, and their work
  must not end up split between two files;
- every new connection is checked too, and opened with `mode=rw`, so SQLite never makes a new, empty database
  where the old one was (nor reads the old -wal into it);
- a connection opened with the store and kept open (`OpenFile._keeper`) still reads the lost file with its -wal,
  and `rescue` copies it with SQLite's backup API to a new file.

The copy goes to a new name beside where the database was (`<name>.rescued-<stamp>.sqlite3`), never to the old
path, even when it is free: the lost file's -wal and -shm still lie under that name, used by the connections
still open, and SQLite would read them into a file put there; and a file moved on purpose would get a twin at
its old name that nobody knows differs from it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, Sequence

from sqlalchemy import Connection, Engine, event

from models.backup import check_copy, copy_open_database
from models.db import busy
from models.errors import DatabaseLost, NamesakeError

MOVED = "the database file was moved or deleted while open"
REPLACED = "another file was put in the database file's place while open"


class FileIdentity(NamedTuple):
    device: int
    inode: int


def identity_of(path: Path) -> FileIdentity | None:
    """The identity of the file `path` leads to now; None if it leads to none."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return FileIdentity(status.st_dev, status.st_ino)


def why_lost(path: Path, opened: FileIdentity) -> str | None:
    """Why `path` no longer leads to the file that was `opened`; None while it does, or when that cannot be told
    (a folder that may not be read, a network disk's hiccup: no proof that the file went)."""
    try:
        now = identity_of(path)
    except OSError:
        return None
    if now is None:
        return MOVED
    return None if now == opened else REPLACED


class OpenFile:
    """The database file a store opened at `path` (which must lead to it now): its engine's new connections and
    write transactions are checked against it (`guard`); once the path leads elsewhere, `rescue` copies it."""

    def __init__(self, path: Path):
        self.path = path
        self.identity = identity_of(path)
        self._uri = f"{path.resolve().as_uri()}?mode=rw"
        self._lock = threading.Lock()  # the keeper serves one thread at a time (a rescue runs on a worker)
        self._why: str | None = None
        self.rescued: Path | None = None
        self._rescued_version: int | None = None
        self._closed = False
        self._keeper = sqlite3.connect(self._uri, uri=True, check_same_thread=False, isolation_level=None)
        try:
            # SQLite opens the -wal and -shm files at the first read: now, while they are this file's.
            self._keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            self._keeper.close()
            if (in_use := busy(error, path)) is not None:  # "locking protocol" came raw out of the open
                raise in_use from error
            raise
        if self.identity is None or self.lost():
            self._keeper.close()
            raise DatabaseLost(path, self._why or MOVED)

    def lost(self) -> str | None:
        """Why the path no longer leads to the file open; None while it does. Lost once, lost for good. Once closed,
        not looked at again: a restore puts another file at the path, and nothing is open to lose."""
        if self._why is None and self.identity is not None and not self._closed:
            self._why = why_lost(self.path, self.identity)
        return self._why

    def refuse_if_lost(self) -> None:
        if (why := self.lost()) is not None:
            raise DatabaseLost(self.path, why, self.rescued)

    def guard(self, engine: Engine) -> None:
        """Check every new connection of `engine`, and every write transaction, against this file."""
        event.listen(engine, "do_connect", self._connect_here)
        event.listen(engine, "begin", self._before_begin, insert=True)  # before `models.db._begin` sends BEGIN

    def _connect_here(self, _dialect, _record, cargs: list, cparams: dict) -> None:
        """A new connection opens this file or none: `mode=rw` makes no new file where it was."""
        self.refuse_if_lost()
        cargs[:] = [self._uri]
        cparams["uri"] = True

    def _before_begin(self, connection: Connection) -> None:
        if connection.get_execution_options().get("write"):
            self.refuse_if_lost()  # one stat: microseconds beside a commit's fsync

    def rescue(self, elsewhere: Sequence[Path] | None = None, when: datetime | None = None) -> Path:
        """Copy the file as it is now, through the keeper, to a new file (`rescue_copy`); the copy made before if
        nothing was written to the file since. NamesakeError if no folder takes it."""
        with self._lock:
            if self._closed:  # the store was closed before (a second close, after a restore put another file there)
                raise NamesakeError(f"{self.path} is closed: nothing is left to copy it from")
            version = self._data_version()
            if self.rescued is None or version != self._rescued_version:
                self.rescued = rescue_copy(self._keeper, self.path, elsewhere, when)
                self._rescued_version = version  # read before the copy: a write during it makes the next one
            return self.rescued

    def rescue_outdated(self) -> bool:
        """Whether there is no rescued copy yet, or the file holds a change the copy lacks (a write that passed its
        check just before the file was lost, or another program's)."""
        with self._lock:
            return not self._closed and (self.rescued is None or self._data_version() != self._rescued_version)

    def _data_version(self) -> int:
        # Changes whenever another connection commits to the file, in this process or another.
        return self._keeper.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._keeper.close()
            self._closed = True


def rescue_copy(source: sqlite3.Connection, db_path: Path, elsewhere: Sequence[Path] | None = None, when: datetime | None = None) -> Path:
    """Copy the database `source` has open to a new, checked file `<name>.rescued-<stamp>.sqlite3` beside
    `db_path`, else in the first folder of `elsewhere` (default: the home folder) that takes it; its path.
    An existing file is never replaced. NamesakeError, naming each folder tried, if none takes it."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folders = [db_path.parent, *(elsewhere if elsewhere is not None else [Path.home()])]
    refused = []
    for folder in folders:
        try:
            return _rescue_into(source, folder, f"{db_path.stem}.rescued-{stamp}")
        except (OSError, sqlite3.Error) as error:
            refused.append(f"{folder}: {error}")
    raise NamesakeError(f"could not copy {db_path} to a new file ({'; '.join(refused)})")


def _rescue_into(source: sqlite3.Connection, folder: Path, name: str) -> Path:
    partial = folder / f".{name}.{secrets.token_hex(4)}.partial"  # SQLite makes it, with a new database's mode
    try:
        copy_open_database(source, partial)
        check_copy(partial)
        return _claim(partial, folder, name)
    finally:
        partial.unlink(missing_ok=True)


def _claim(partial: Path, folder: Path, name: str) -> Path:
    """Give `partial` the first free name of `name.sqlite3`, `name-2.sqlite3`...; a hard link fails on a name
    taken, so no file is ever replaced, not even one made meanwhile."""
    for number in range(1, 100):
        target = folder / (f"{name}.sqlite3" if number == 1 else f"{name}-{number}.sqlite3")
        try:
            os.link(partial, target)
        except FileExistsError:
            continue
        except OSError:  # a disk without hard links (FAT, some network shares): the name is looked at, then taken
            if target.exists():
                continue
            os.rename(partial, target)
        return target
    raise FileExistsError(f"{folder / name}.sqlite3 and 98 more names are taken")


def orphaned_journal(db_path: Path) -> str | None:
    """Why a database must not be made at `db_path`: there is none, but its -wal file is there and not empty, the
    newest changes of a database that was moved or deleted while open. SQLite deletes such a file as it makes a
    new database (a tester's session was lost so). None if there is no such file."""
    wal = db_path.with_name(f"{db_path.name}-wal")
    try:
        if db_path.exists() or wal.stat().st_size == 0:
            return None
    except OSError:
        return None
    rescued = max(db_path.parent.glob(f"{db_path.stem}.rescued-*.sqlite3"), key=_modified, default=None)
    where = f" Namesake rescued it to {rescued}: open that file." if rescued else ""
    return (
        f"{db_path} is not there, but its journal {wal.name} is: the newest changes of a database that was moved or "
        f"deleted while open, which a new database here would delete.{where} To make a new database here all the same, "
        f"first move {wal.name} and {db_path.name}-shm to another folder."
    )


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
