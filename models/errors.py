"""The errors the domain raises on purpose, each with a message for people."""

from __future__ import annotations

import sqlite3


class NamesakeError(Exception):
    """Base of every error the domain reports to a reviewer."""


class SourceError(NamesakeError):
    """A file that cannot be imported; names the file and the line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class StoreVersionError(NamesakeError):
    """A database written by a newer Namesake, which this one must not touch."""


class NotFoundError(NamesakeError):
    """A cluster, paper or person that the store does not hold."""


class PersonNotFound(NotFoundError):
    """A person that is not one of the cluster's (removed or merged since, perhaps in another window), named
    by its label; `label` None if the database holds no such person at all (the window knows what it showed)."""

    def __init__(self, person_id: int, label: str | None, why: str):
        self.person_id = person_id
        self.label = label
        self.why = why  # what is wrong, after the person's name: "is a person of another cluster"
        super().__init__(self.named(None))

    def named(self, known_as: str | None) -> str:
        """The message, naming the person by its label, else as the window showed it (`known_as`)."""
        name = self.label or known_as
        return f"'{name}' {self.why}" if name else f"that person {self.why}"


class InvalidInput(NamesakeError):
    """A value a reviewer typed that cannot be stored (an ORCID iD with a wrong check digit...)."""


class DatabaseDamaged(NamesakeError):
    """The database file cannot be used as it is; a backup may bring it back."""

    def __init__(self, path, message: str):
        self.path = path
        super().__init__(message)


class WriteRefused(NamesakeError):
    """The disk refused a write (read-only, full, I/O error, locked by another program): nothing of it
    was written, and the same write may work later; `reason` is the database's own words, `code` SQLite's
    primary result code (`sqlite3.SQLITE_FULL`...), which says what the reviewer can do (`advice`)."""

    def __init__(self, path, reason: str, code: int | None = None):
        self.path = path
        self.reason = reason
        self.code = code
        super().__init__(f"{path}: cannot write the database ({reason})")

    @property
    def advice(self) -> str:
        """What the reviewer can do about it, chosen by the code: SQLite's words vary with the platform and
        version, and a read-only file was once told to free disk space."""
        if self.code == sqlite3.SQLITE_READONLY:
            return f"Make {self.path}, its -wal and -shm files and its folder writable (their permissions, or a disk mounted read-only)"
        if self.code in BUSY_CODES:
            return "Close the other program using the database, or let it finish"
        if self.code == sqlite3.SQLITE_FULL:
            return "Free some disk space"
        if self.code == sqlite3.SQLITE_IOERR:
            return f"Check the disk holding {self.path}: it may be full, removed (a USB disk, a network share) or failing"
        if self.code == sqlite3.SQLITE_CANTOPEN:
            return f"Make sure {self.path} and its folder are still there and writable"
        return "Free some disk space or close the other program using the database"


# SQLite's primary result codes for a database another connection is using just now: "database is locked", and
# "locking protocol" (a reader that could not begin while another program set the file's shared memory up).
# Neither says anything of the file itself: it is never called damaged for them, and the same step may work later.
BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PROTOCOL})


class DatabaseBusy(WriteRefused):
    """The database is busy in another program or window (a `BUSY_CODES` code): nothing was read or written,
    and the same step may work in a moment. Also raised by an open or a read, so not worded as a write."""

    def __init__(self, path, reason: str, code: int | None = None):
        super().__init__(path, reason, code)
        self.args = (f"{path} is busy in another program or window ({reason}); nothing was changed: try again in a moment",)


class DatabaseLost(WriteRefused):
    """The database's path no longer leads to the file the store has open (moved, deleted or replaced while open):
    nothing more is written to that file, whose last changes may live only in a -wal file under the old name.
    `rescued`: the new file holding everything it held (`models.open_file`), None until it is made."""

    def __init__(self, path, reason: str, rescued=None):
        super().__init__(path, reason)
        self.args = (f"{path}: {reason}",)  # also raised by a read that needs a new connection: not "cannot write"
        self.rescued = rescued

    @property
    def advice(self) -> str:
        if self.rescued is None:
            return "Keep Namesake open: it is copying everything saved to a new file beside the old one"
        return f"Everything saved before is in {self.rescued}: open that copy (namesake --db {self.rescued}) and make again there what was not saved"


class FolderNotWritable(NamesakeError):
    """The database's folder takes no new file: Namesake keeps its lock file (and SQLite its journal) there."""

    def __init__(self, folder, error: OSError):
        reason = error.strerror or str(error)
        super().__init__(
            f"Namesake cannot write in the folder {folder} ({reason}): it keeps a lock file and the database's "
            "journal beside the database. Copy the database to a folder you can write in, or make this one writable, "
            "then open it again."
        )


class ConflictError(NamesakeError):
    """Papers changed elsewhere since the reviewer saw them: nothing was written."""

    def __init__(self, paper_ids: list[int], message: str, by: str = ""):
        self.paper_ids = paper_ids
        self.by = by  # who changed them last, as a sentence names them ("bob", "you in another window"); "" if unknown
        self.kept = ""  # what the caller kept of the refused change for the reviewer, to say after the refusal (a note's text)
        super().__init__(message)


class StepRefused(ConflictError):
    """An undo or redo that would overwrite papers changed since it was done (or undone): nothing of it
    is written, and the step leaves the reviewer's undo (or redo) history, so the next one can go on."""

    def __init__(self, paper_ids: list[int], message: str, step: int, label: str, undoing: bool, why: str = ""):
        self.step = step  # the logged action that was not undone (or redone)
        self.label = label  # what it did, as the Undo button named it
        self.undoing = undoing
        self.why = why  # who changed its papers: "bo changed 1 of its 3 papers since"
        super().__init__(paper_ids, message)


class ExportCancelled(NamesakeError):
    """The export was stopped before it wrote anything (the window closed, or the reviewer asked)."""


class ExportNotWritten(NamesakeError):
    """The export's file or folder could not be written (no such folder, no permission, disk full): nothing was."""

    def __init__(self, path, error: OSError):
        self.path = path
        # The reason without the temporary file's name, which the reviewer never chose.
        reason = error.strerror or str(error)
        super().__init__(f"The export could not be written to {path}: {reason}. Nothing was written.")
