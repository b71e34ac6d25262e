"""A database a command made, then had refused: taken away again, so the refusal changes nothing.

`namesake --db new.sqlite3 import missing.xml` said the file could not be read and exited 1, and
left a new, empty database (160 KB, its lock file, and the folders made for it) where there had
been none. An import is all or nothing, so a refused one leaves the disk as it found it.

Only what this run made is removed: never a database that was there before, nor a file beside it
that was (a lock file, a stray -wal), nor a folder with anything in it; and nothing while another
program has the database open, or if the database holds anything.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

from models.backup import InUse, backup_folder
from models.errors import NamesakeError
from models.schema import ImportLog, Paper

# What SQLite and Namesake keep beside a database, by what is added to its name.
BESIDE = ("-wal", "-shm", "-journal", ".lock")


@contextmanager
def taken_back_if_refused(path: str | Path) -> Iterator[None]:
    """Run the block (which opens and closes the database at `path`); if it raises, remove what it made."""
    made = MadeHere(Path(path))
    try:
        yield
    except BaseException:
        made.take_back()
        raise


class MadeHere:
    """What is at a database's place now, to tell later what a run made there."""

    def __init__(self, path: Path):
        self.path = path
        self._files = [path, *(path.with_name(path.name + ending) for ending in BESIDE)]
        self._there_before = {file for file in [*self._files, backup_folder(path)] if os.path.lexists(file)}
        self._new_folders = _missing_folders(path)

    def take_back(self) -> None:
        """Remove the database this run made, the files beside it and the folders made for it."""
        if self.path not in self._there_before:
            self._remove_files()
        for folder in self._new_folders:
            self._remove_if_empty(folder)

    def _remove_files(self) -> None:
        """The database and what is beside it, unless another program has it open or it holds papers or an
        import (nothing of a refused run can have written them: someone else did)."""
        try:
            lock = InUse(self.path, exclusive=True)
        except (NamesakeError, OSError):
            return  # open elsewhere (it is theirs now), or its folder was never made
        try:
            if self.path.exists() and not _holds_nothing(self.path):
                return
            for file in self._files:
                if file not in self._there_before:
                    file.unlink(missing_ok=True)
            self._remove_if_empty(backup_folder(self.path))
        finally:
            lock.release()

    def _remove_if_empty(self, folder: Path) -> None:
        if folder not in self._there_before:
            try:
                folder.rmdir()  # only an empty folder: never what someone put in it meanwhile
            except OSError:
                pass


def _missing_folders(path: Path) -> list[Path]:
    """The folders above `path` that are not there yet, deepest first (the order they can be removed in)."""
    missing = []
    for folder in path.absolute().parents:
        if os.path.lexists(folder):
            break
        missing.append(folder)
    return missing


def _holds_nothing(path: Path) -> bool:
    """No paper and no import in the database (False if it cannot be read: then it is left alone)."""
    query = f"SELECT EXISTS (SELECT 1 FROM {Paper.__tablename__}) OR EXISTS (SELECT 1 FROM {ImportLog.__tablename__})"
    try:
        with closing(sqlite3.connect(path)) as connection:
            return not connection.execute(query).fetchone()[0]
    except sqlite3.Error:
        return False
