"""A damaged database file: said as damage, naming the file, by every read and write that meets it; what a
restore over it keeps, and where. Without Qt."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from conftest import SEED_PAGE, damage_tables
from models.backup import damage_offer, list_backups, make_backup, restore_backup
from models.damage import damaged, found_by_check, is_damage
from models.errors import DatabaseDamaged
from models.schema import Verdict
from models.store import Store


@pytest.fixture
def damaged_db(db_path):
    """A reviewed database with a good backup, then damaged where listing the clusters and deciding read:
    its first page is sound, so it opens. The cluster's id and its papers' ids."""
    with Store(db_path, reviewer="ann") as store:
        store.import_files([SEED_PAGE])
        cluster_id = store.clusters()[0].id
        paper_ids = [paper.paper_id for paper in store.load_cluster(cluster_id).papers]
        store.decide(cluster_id, paper_ids[:1], Verdict.PERSON)
    damage_tables(db_path, "cluster_paper", "decision")
    return cluster_id, paper_ids


def said_plainly(error: DatabaseDamaged, db_path) -> str:
    """The message, checked to name the file and to carry no SQL, parameters or SQLAlchemy link."""
    message = str(error)
    assert message.startswith(f"The database file {db_path} is damaged")
    assert "[SQL" not in message and "sqlalche.me" not in message and "parameters" not in message
    return message


def test_a_damaged_file_opens_and_every_read_and_write_that_meets_the_damage_says_so(damaged_db, db_path):
    """The open reads the first page only (its schema version): damage further in is met by the first statement
    that reads it. Each raised SQLAlchemy's text, with the SQL and a link, which the window showed as it was."""
    cluster_id, paper_ids = damaged_db
    store = Store(db_path, reviewer="ann")  # no error: the open does not read the damaged pages
    try:
        with pytest.raises(DatabaseDamaged) as listing:
            store.clusters()
        assert "database disk image is malformed" in said_plainly(listing.value, db_path)
        with pytest.raises(DatabaseDamaged) as resuming:
            store.cluster_to_resume(None)
        said_plainly(resuming.value, db_path)
        with pytest.raises(DatabaseDamaged) as loading:
            store.load_cluster(cluster_id)
        said_plainly(loading.value, db_path)
        with pytest.raises(DatabaseDamaged) as deciding:
            store.decide(cluster_id, paper_ids[1:2], Verdict.REJECTED)
        said_plainly(deciding.value, db_path)
        assert store.integrity_problems(quick=True)  # the check after start-up finds it too
    finally:
        store.close(backup=False)


def test_a_backup_of_a_damaged_file_says_it_is_damaged_and_leaves_no_copy(damaged_db, db_path):
    backups = list_backups(db_path)
    with pytest.raises(DatabaseDamaged) as refused:
        make_backup(db_path, "decisions")
    said_plainly(refused.value, db_path)
    assert list_backups(db_path) == backups
    assert not list(backups[0].path.parent.glob("*.partial*"))


def test_other_faults_are_not_damage(db_path):
    constraint = sqlite3.IntegrityError("UNIQUE constraint failed: paper.id")
    constraint.sqlite_errorcode = sqlite3.SQLITE_CONSTRAINT_UNIQUE
    missing = sqlite3.OperationalError("no such table: paper")
    missing.sqlite_errorcode = sqlite3.SQLITE_ERROR
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    malformed.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    not_a_database = sqlite3.DatabaseError("file is not a database")  # no code: told by its words
    assert not is_damage(constraint) and not is_damage(IntegrityError("INSERT", {}, constraint))
    assert not is_damage(missing) and not is_damage(OperationalError("SELECT", {}, missing))
    assert not is_damage(ValueError("database disk image is malformed"))
    assert is_damage(malformed) and is_damage(not_a_database)
    wrapped = OperationalError("SELECT name_cluster.id FROM name_cluster", (0, "unsure"), malformed)
    assert str(damaged(wrapped, db_path)) == (
        f"The database file {db_path} is damaged: SQLite cannot read part of it (database disk image is malformed)."
    )
    assert damaged(missing, db_path) is None


def test_the_checks_findings_are_said_as_damage_naming_the_file(db_path):
    found = found_by_check(db_path, ["*** in database main ***", "Page 31: btreeInitPage() returns error code 11"])
    assert str(found) == f"The database file {db_path} is damaged: SQLite's check finds Page 31: btreeInitPage() returns error code 11."
    assert found.path == db_path


def test_a_restore_over_a_damaged_file_says_where_the_damaged_file_really_is(damaged_db, db_path):
    (good,) = list_backups(db_path)
    db_path.with_name(f"{db_path.name}-wal").write_bytes(b"what a recovery tool may want")
    restored = restore_backup(good.path, db_path)
    aside = restored.kept
    assert aside.parent == db_path.parent and aside.name.startswith("review.sqlite3.damaged-")
    assert aside.with_name(f"{aside.name}-wal").read_bytes() == b"what a recovery tool may want"  # moved with it
    assert list_backups(db_path) == [good]  # not among the backups: it cannot be restored
    assert restored.said == (
        f"Restored the backup made {good.description}. The damaged database was moved aside to {aside}: not a backup, "
        "it cannot be restored, but a recovery tool may save something from it."
    )
    with Store(db_path) as store:
        assert store.clusters()[0].decided == 1


def test_a_restore_over_a_sound_file_says_which_backup_keeps_it(seeded, db_path):
    good = seeded.backup()
    seeded.close(backup=False)
    restored = restore_backup(good.path, db_path)
    kept = list_backups(db_path)[0]
    assert restored.kept == kept.path and kept.reason == "before-restore"
    assert restored.said == (
        f"Restored the backup made {good.description}. The database it replaced is kept in review.sqlite3-backups/ "
        f"as the backup made {kept.description}: File → Restore a backup… lists it."
    )


def test_the_offer_after_damage_names_the_backup_its_time_and_what_it_lacks(damaged_db, db_path):
    (good,) = list_backups(db_path)
    damage = f"The database file {db_path} is damaged: SQLite cannot read part of it (database disk image is malformed)."
    assert damage_offer(damage, good, 3, 1) == (
        f"{damage}\n\nRestore the newest good backup, made {good.description}? It does not have the 3 changes and "
        "1 import made after it. The damaged file is moved aside, beside it, as review.sqlite3.damaged-<date and time>."
    )
    assert "It does not have the changes made after it." in damage_offer(damage, good)  # the damaged log unread
    assert "Nothing was changed after it." in damage_offer(damage, good, 0, 0)
    assert "There is no backup of it" in damage_offer(damage, None)


def test_a_sound_file_that_cannot_be_kept_is_not_replaced(seeded, db_path, monkeypatch):
    """Any failure to keep the database before a restore moved it aside as damaged, and the restore went on."""
    from conftest import table_contents
    from models import backup
    from models.errors import NamesakeError

    good = seeded.backup()
    seeded.close(backup=False)
    before = table_contents(db_path)

    def full_disk(_source, _target) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_copy", full_disk)
    with pytest.raises(NamesakeError, match="No space left on device"):
        restore_backup(good.path, db_path)
    assert table_contents(db_path) == before and not list(db_path.parent.glob("*.damaged-*"))
