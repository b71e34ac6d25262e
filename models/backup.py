"""Rolling backups of the review database, and restoring one.

Backups are made with SQLite's online backup API, which copies a
consistent snapshot even while the database is open and being written
(in WAL mode), then checked with `PRAGMA quick_check`: a backup that
is not good is deleted at once, so "the newest backup" is always a good
one. They live beside the database, in `<name>-backups/`.

Routine backups (on close, every so many changes) are many and alike: only
the newest `keep` are kept. One made before an import, a restore or an
upgrade is the only way to take that back whole, so each of those kinds
keeps its own newest `KEEP_BEFORE` apart: routine ones never push them out
(the "before an import" one was 4th oldest of 10 after 23 minutes).
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

from models.counting import counted
from models.damage import is_damage
from models.errors import DatabaseDamaged, NamesakeError

KEEP = 10  # routine backups: on close, and during the review
# Of each kind made before a big change ("before-import", "before-restore", "before-upgrade"), kept besides.
KEEP_BEFORE = 3
ROUTINE = frozenset({"close", "decisions"})
# Keep at most this much disk in backups (but always the newest two routine ones and the newest of each other
# kind), so a 2 GB database does not quietly take 20 GB of copies.
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
    """How many routine backups to keep of this database: `KEEP`, fewer for a big file."""
    return max(2, min(KEEP, _room_for(db_path)))


def _room_for(db_path: Path) -> int:
    """How many copies of this database the disk budget holds."""
    size = max(db_path.stat().st_size, 1) if db_path.exists() else 1
    return BACKUP_BUDGET_BYTES // size


def quick_to_back_up(db_path: Path) -> bool:
    return db_path.exists() and db_path.stat().st_size <= QUICK_BACKUP_BYTES


def make_backup(db_path: Path, reason: str, keep: int | None = None, pruned: bool = True) -> Backup:
    """Copy the database to a new, checked backup; then `prune` to `keep` routine ones (default: `keep_for`),
    unless not `pruned` (the caller prunes once what the backup is for has worked).

    A copy that fails its check copied a damaged file: `DatabaseDamaged`."""
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    made_at = datetime.now(timezone.utc)
    target = folder / f"{made_at.strftime(_STAMP)}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        _copy(db_path, partial)
        check_copy(partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, _Unsound) or is_damage(error):  # the backup API copies pages as they are, damage too
            raise DatabaseDamaged(db_path, f"The database file {db_path} is damaged: its backup copy fails SQLite's check ({error}).") from error
        raise NamesakeError(f"could not back up {db_path}: {error}") from error
    if pruned:
        prune(db_path, keep_for(db_path) if keep is None else keep)
    return Backup(target, made_at, reason)


class _Unsound(sqlite3.DatabaseError):
    """A copy that SQLite's check finds damaged."""


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader:
        copy_open_database(reader, target)
    reader.close()


def copy_open_database(reader: sqlite3.Connection, target: Path) -> None:
    """Copy the database `reader` has open to a new file `target` (SQLite's online backup): a consistent snapshot,
    also while others write it, and also of a file moved or deleted since `reader` opened it."""
    with sqlite3.connect(target) as writer:
        reader.backup(writer)
        # The copy would keep the database's WAL mode, and every later read of it (the check below
        # opens it read-only) would leave a -wal and a -shm file beside it in the backup folder.
        writer.execute("PRAGMA journal_mode = DELETE")
    writer.close()


def check_copy(path: Path) -> None:
    # quick_check reads every page and checks its structure, like integrity_check, but skips
    # matching each index against its table: minutes saved on a large copy.
    # immutable: nothing writes a backup while it is checked, and a copy an older Namesake left in
    # WAL mode then gets no -wal and -shm files made beside it.
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True) as connection:
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
    connection.close()
    if result != "ok":
        raise _Unsound(f"the copy is not sound: {result}")


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


def restore_prompt(db_path: Path) -> str:
    """What File → Restore a backup… asks above its list: what a restore replaces, and where the database goes."""
    return (  # in lines: a dialog's label does not wrap, and this one made it wider than the window
        "Put this backup in place of the database.\n"
        "Every change made since the backup (counted beside it) is replaced;\n"
        f"the database as it is now is kept first as a backup in {backup_folder(db_path).name}/,\n"
        "listed here as \"before a restore\", so the restore can itself be taken back."
    )


def restore_choice(backup: Backup, changes: int | None, imports: int = 0) -> str:
    """"2026-11-29 11:36:00 (before an import): 37 changes and 1 import since", as the restore list shows a backup
    (`changes` None: not known, the log could not be read)."""
    if changes is None:
        return backup.description
    return f"{backup.description}: {_made(changes, imports) or 'no change'} since"


def _made(changes: int, imports: int) -> str:
    """"37 changes and 1 import"; "" for none."""
    made = ([counted(changes, "change")] if changes else []) + ([counted(imports, "import")] if imports else [])
    return " and ".join(made)


def damage_offer(damage: str, newest: Backup | None, changes: int | None = None, imports: int = 0) -> str:
    """What the window says of a damaged database (`damage`, the `DatabaseDamaged` message naming the file), and
    the newest good backup it offers in its place (None: there is none), with what was changed since (`changes`
    None: not known, the damaged log could not be read)."""
    if newest is None:
        return (f"{damage}\n\nThere is no backup of it. Copy the file somewhere safe before anything else: "
                "a recovery tool (sqlite3's .recover) may save part of it.")
    if changes is None:
        lost = "It does not have the changes made after it."
    elif made := _made(changes, imports):
        lost = f"It does not have the {made} made after it."
    else:
        lost = "Nothing was changed after it."
    db_name = newest.path.parent.name.removesuffix("-backups")
    return (f"{damage}\n\nRestore the newest good backup, made {newest.description}? {lost} "
            f"The damaged file is moved aside, beside it, as {db_name}.damaged-<date and time>.")


def prune(db_path: Path, keep: int) -> None:
    """Drop the backups `to_keep` leaves out, and what older copies left beside them."""
    backups = list_backups(db_path)
    kept = set(to_keep(backups, keep, _room_for(db_path)))
    for old in backups:
        if old not in kept:
            old.path.unlink(missing_ok=True)
    # Copies made before their journal mode was set (see `_copy`) left -wal and -shm files behind.
    for pattern in ("*.partial-wal", "*.partial-shm"):
        for leftover in backup_folder(db_path).glob(pattern):
            leftover.unlink(missing_ok=True)


def to_keep(backups: list[Backup], keep: int, room: int) -> list[Backup]:
    """Of `backups` (newest first), those to keep: the newest `keep` routine ones, and besides them the newest
    `KEEP_BEFORE` of each other kind. Over `room` copies (the disk budget), the oldest routine ones go first,
    then the oldest of the other kinds; the newest two routine ones and the newest of each kind always stay."""
    routine = [backup for backup in backups if backup.reason in ROUTINE][:keep]
    kinds: dict[str, list[Backup]] = {}
    for backup in backups:
        if backup.reason not in ROUTINE:
            kinds.setdefault(backup.reason, []).append(backup)
    before = [backup for group in kinds.values() for backup in group[:KEEP_BEFORE]]
    newest_of_kinds = {group[0] for group in kinds.values()}
    # What may go to make room, the first to go first: routine ones beyond two, then the other kinds', oldest first.
    spare = routine[2:][::-1] + sorted((b for b in before if b not in newest_of_kinds), key=lambda b: b.made_at)
    kept = set(routine + before) - set(spare[: max(0, len(routine) + len(before) - room)])
    return [backup for backup in backups if backup in kept]


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


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup put in place, and where the database it replaced is now (a "before-restore"
    backup; a damaged one, which no backup can be made of, moved aside beside it); None if there was none."""

    backup: Path
    kept: Path | None

    @property
    def said(self) -> str:
        """"Restored the backup made …; the database it replaced is kept as …", naming where it really is."""
        restored = f"Restored {described_backup(self.backup)}"
        if self.kept is None:
            return f"{restored}."
        kept_backup = backup_at(self.kept)
        if kept_backup is None:
            return (f"{restored}. The damaged database was moved aside to {self.kept}: not a backup, it cannot be "
                    "restored, but a recovery tool may save something from it.")
        return (f"{restored}. The database it replaced is kept in {self.kept.parent.name}/ as the backup made "
                f"{kept_backup.description}: File → Restore a backup… lists it.")


def restore_backup(backup: Path, db_path: Path) -> Restored:
    """Put a backup in place of the database, which nobody may have open.

    The database being replaced is kept first as a "before-restore" backup
    when it can still be read, so a restore can itself be undone; a damaged
    one is moved aside, with its -wal, as `<name>.damaged-<time>`.
    """
    lock = InUse(db_path, exclusive=True)
    try:
        return Restored(backup, _restore(backup, db_path))
    finally:
        lock.release()


def _restore(backup: Path, db_path: Path) -> Path | None:
    """Where the replaced database is kept now; None if there was none."""
    check_copy(backup)
    kept = None
    if db_path.exists():
        try:
            # Pruned once the backup is in place: pruning now could drop the very backup being restored.
            kept = make_backup(db_path, "before-restore", pruned=False).path
        except DatabaseDamaged:
            kept = _move_aside(db_path)  # any other failure (a full disk) restores nothing: the file is sound
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    partial = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup, partial)
    os.replace(partial, db_path)
    prune(db_path, keep_for(db_path))
    return kept


def _move_aside(db_path: Path) -> Path:
    """Move a damaged database out of the way, with its -wal (what a recovery tool needs of it); where it is now."""
    aside = db_path.with_name(f"{db_path.name}.damaged-{datetime.now().strftime('%Y%m%d%H%M%S')}")
    shutil.move(db_path, aside)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.move(wal, Path(f"{aside}-wal"))
    return aside
