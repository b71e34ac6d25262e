"""A damaged database file, wherever it shows: told apart from other faults, said in one way.

SQLite finds damage only in the pages a statement reads: a file whose first
page is sound opens without a word, and the damage shows at the first read
or write that meets it (listing the clusters, loading one, a decision), or
at the full check. Each of those raises `DatabaseDamaged`, naming the file,
so the window offers the newest good backup whichever met it first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from models.errors import DatabaseDamaged

# SQLite's primary result codes for a file that is damaged ("database disk image is malformed") or is no
# database at all ("file is not a database"): no retry or other program can help, only a backup.
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# The same, as SQLite words them: for an error that lost its code on the way.
_DAMAGE_WORDS = ("database disk image is malformed", "file is not a database")


def is_damage(error: BaseException) -> bool:
    """Whether `error`, as the driver or SQLAlchemy raised it, says the file is damaged."""
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(driver_error, sqlite3.DatabaseError):
        return False
    code = getattr(driver_error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in DAMAGE_CODES  # extended codes keep the primary in the low byte
    return any(words in str(driver_error) for words in _DAMAGE_WORDS)


def damaged(error: BaseException, path: str | Path) -> DatabaseDamaged | None:
    """`error` as the `DatabaseDamaged` of the file at `path`, in words without the statement that met it
    (SQLAlchemy's text carried the SQL, its parameters and a link to its own documentation); None if it is
    another fault."""
    if not is_damage(error):
        return None
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    reason = str(driver_error).splitlines()[0]
    return DatabaseDamaged(path, f"The database file {path} is damaged: SQLite cannot read part of it ({reason}).")


def found_by_check(path: str | Path, problems: list[str]) -> DatabaseDamaged:
    """The damage SQLite's own check found (`Store.integrity_problems`), as the reads that meet it say it."""
    listed = "; ".join(problem for problem in problems[:5] if problem != "*** in database main ***")
    return DatabaseDamaged(path, f"The database file {path} is damaged: SQLite's check finds {listed}.")
