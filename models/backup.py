"""Rolling backups of the review database, and restoring one.

Backups are made with SQLite's online backup API, which copies a
consistent snapshot even while the database is open and being written
(in WAL mode), then checked with `PRAGMA integrity_check`: a backup that
is not good is deleted at once, so "the newest backup" is always a good
one. They live beside the database, in `<name>-backups/`, and only the
newest `keep` are kept.
"""

from __future__ import annotations

import os
import re

try:
    import fcntl
except ImportError:  # Windows: no advisory locks of this kind
    fcntl = None
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from models.errors import NamesakeError

KEEP = 10
# Keep at most this much disk in backups (but always at least two), so a 2 GB
# database does not quietly take 20 GB of copies.
BACKUP_BUDGET_BYTES = 4 * 1024**3
# Up to this size a backup takes well under a second: it is fine to make one while closing.
QUICK_BACKUP_BYTES = 200 * 1024**2
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str  # "close", "decisions", "before-upgrade", "before-restore"...

    @property
    def description(self) -> str:
        """When, in local time, and why, as a reviewer choosing one to restore reads it."""
        why = _REASONS.get(self.reason, self.reason)
        return f"{self.made_at.astimezone().strftime('%Y-%m-%d %H:%M:%S')} ({why})"


# A backup's reason, as its file name keeps it, in words.
_REASONS = {
    "close": "on close",
    "decisions": "during the review",
    "before-import": "before an import",
    "before-restore": "before a restore",
    "before-upgrade": "before an upgrade",
}


def backup_folder(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}-backups")


def keep_for(db_path: Path) -> int:
    """How many backups to keep of this database: `KEEP`, fewer for a big file."""
    size = max(db_path.stat().st_size, 1) if db_path.exists() else 1
    return max(2, min(KEEP, BACKUP_BUDGET_BYTES // size))


def quick_to_back_up(db_path: Path) -> bool:
    return db_path.exists() and db_path.stat().st_size <= QUICK_BACKUP_BYTES


def make_backup(db_path: Path, reason: str, keep: int | None = None) -> Backup:
    """Copy the database to a new, checked backup; drop the oldest beyond `keep` (default: `keep_for`)."""
    keep = keep_for(db_path) if keep is None else keep
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    made_at = datetime.now(timezone.utc)
    target = folder / f"{made_at.strftime(_STAMP)}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        _copy(db_path, partial)
        _check(partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise NamesakeError(f"could not back up {db_path}: {error}") from error
    prune(db_path, keep)
    return Backup(target, made_at, reason)


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer)
        # The copy would keep the database's WAL mode, and every later read of it (the check below
        # opens it read-only) would leave a -wal and a -shm file beside it in the backup folder.
        writer.execute("PRAGMA journal_mode = DELETE")
    writer.close()
    reader.close()


def _check(path: Path) -> None:
    # quick_check reads every page and checks its structure, like integrity_check, but skips
    # matching each index against its table: minutes saved on a large copy.
    # immutable: nothing writes a backup while it is checked, and a copy an older Namesake left in
    # WAL mode then gets no -wal and -shm files made beside it.
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True) as connection:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
    connection.close()
    if result != "ok":
        raise sqlite3.DatabaseError(f"the copy is not sound: {result}")


def list_backups(db_path: Path) -> list[Backup]:
    """The backups of this database, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [backup for path in folder.iterdir() if (backup := backup_at(path)) is not None]
    return sorted(found, key=lambda backup: backup.made_at, reverse=True)


def backup_at(path: Path) -> Backup | None:
    """The backup this file is, read from its name; None for a file Namesake did not name as a backup."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    made_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=timezone.utc)
    return Backup(path, made_at, match["reason"])


def described_backup(path: Path) -> str:
    """"the backup made 2026-11-29 09:15:14 (before an import)", as the restore dialog lists it: its file
    name ("20261129T091514567233Z-before-import.sqlite3") tells a reviewer nothing. Another file: by its name."""
    backup = backup_at(path)
    return f"the backup made {backup.description}" if backup else f"the backup {path.name}"


def prune(db_path: Path, keep: int) -> None:
    for old in list_backups(db_path)[keep:]:
        old.path.unlink(missing_ok=True)
    # Copies made before their journal mode was set (see `_copy`) left -wal and -shm files behind.
    for pattern in ("*.partial-wal", "*.partial-shm"):
        for leftover in backup_folder(db_path).glob(pattern):
            leftover.unlink(missing_ok=True)


class InUse:
    """A lock file beside the database: shared by every open store, exclusive for a restore.

    Replacing the file under another process would lose what it writes next
    (its WAL is deleted with the old file), so a restore first makes sure
    nobody else has the database open. Where the platform has no `fcntl`,
    there is no lock and the reviewer's word has to do.
    """

    def __init__(self, db_path: Path, exclusive: bool = False):
        self._handle = open(db_path.with_name(f"{db_path.name}.lock"), "a")
        if fcntl is None:
            return
        try:
            fcntl.flock(self._handle, (fcntl.LOCK_EX | fcntl.LOCK_NB) if exclusive else fcntl.LOCK_SH)
        except BlockingIOError as error:
            self._handle.close()
            raise NamesakeError(
                f"{db_path} is open in another Namesake window or program: close it there first"
            ) from error

    def release(self) -> None:
        if not self._handle.closed:
            self._handle.close()  # closing drops the lock


def restore_backup(backup: Path, db_path: Path) -> Backup | None:
    """Put a backup in place of the database, which nobody may have open.

    The database being replaced is kept first as a "before-restore" backup
    when it can still be read, so a restore can itself be undone.
    """
    lock = InUse(db_path, exclusive=True)
    try:
        return _restore(backup, db_path)
    finally:
        lock.release()


def _restore(backup: Path, db_path: Path) -> Backup | None:
    _check(backup)
    kept = None
    if db_path.exists():
        try:
            kept = make_backup(db_path, "before-restore", keep=keep_for(db_path) + 1)
        except NamesakeError:
            kept = None  # the damaged file: it is replaced below, and moved aside
            shutil.move(db_path, db_path.with_name(f"{db_path.name}.damaged-{datetime.now().strftime('%Y%m%d%H%M%S')}"))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    partial = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup, partial)
    os.replace(partial, db_path)
    return kept
