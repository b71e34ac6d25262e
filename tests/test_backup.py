"""Backups, restoring them, schema upgrades, and damaged files."""

from __future__ import annotations

import shutil
import sqlite3
from itertools import groupby
from operator import itemgetter

import pytest

from conftest import ROOT, table_contents
from models import db
from models.backup import KEEP, KEEP_BEFORE, described_backup, list_backups, make_backup, restore_backup
from models.errors import DatabaseDamaged
from models.schema import SCHEMA_VERSION, Verdict
from models.store import BACKUP_EVERY, Store

FIXTURE = ROOT / "tests" / "fixtures" / f"namesake-schema-{SCHEMA_VERSION}.sqlite3"


def test_a_backup_is_a_checked_copy_and_only_the_newest_are_kept(seeded, db_path):
    for _ in range(4):
        make_backup(db_path, "decisions", keep=3)
    backups = list_backups(db_path)
    assert len(backups) == 3 and all(b.reason == "decisions" for b in backups)
    # Each backup is one self-contained file: no -wal or -shm left beside it by the copy or its check.
    assert sorted(path.name for path in backups[0].path.parent.iterdir()) == sorted(b.path.name for b in backups)
    with sqlite3.connect(backups[0].path) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT count(*) FROM paper").fetchone() == (7,)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_next_backup_clears_what_older_copies_left_beside_them(seeded, db_path):
    folder = make_backup(db_path, "decisions", keep=3).path.parent
    for name in ("20260101T000000000000Z-close.partial-wal", "20260101T000000000000Z-close.partial-shm"):
        (folder / name).write_bytes(b"")
    make_backup(db_path, "decisions", keep=3)
    assert all(path.suffix == ".sqlite3" for path in folder.iterdir())


def test_closing_backs_up_only_after_changes(db_path):
    with Store(db_path) as store:
        store.import_bundled_example()
    assert list_backups(db_path) == []  # imports are all-or-nothing; no decision yet
    with Store(db_path) as store:
        cluster = store.clusters()[0]
        store.decide(cluster.id, [store.load_cluster(cluster.id).papers[0].paper_id], Verdict.PERSON)
    assert [b.reason for b in list_backups(db_path)] == ["close"]


def test_a_backup_is_due_every_so_many_changes(seeded):
    cluster = seeded.clusters()[0]
    paper_id = seeded.load_cluster(cluster.id).papers[0].paper_id
    for step in range(BACKUP_EVERY):
        seeded.decide(cluster.id, [paper_id], Verdict.UNSURE if step % 2 else Verdict.REJECTED)
    assert seeded.backup_due
    seeded.backup()
    assert not seeded.backup_due and len(seeded.backups()) == 1


def test_restore_brings_back_the_backup_and_keeps_what_it_replaced(db_path):
    store = Store(db_path)
    store.import_bundled_example()
    cluster = store.clusters()[0]
    first = store.load_cluster(cluster.id).papers[0].paper_id
    store.decide(cluster.id, [first], Verdict.PERSON)
    good = store.backup()
    before = table_contents(db_path)
    store.decide(cluster.id, [first], Verdict.REJECTED)
    store.close(backup=False)
    restored = restore_backup(good.path, db_path)
    assert table_contents(db_path) == before
    assert restored.kept == list_backups(db_path)[0].path and list_backups(db_path)[0].reason == "before-restore"
    with Store(db_path) as reopened:
        assert reopened.load_cluster(cluster.id).decisions[first].verdict is Verdict.PERSON


def test_a_backup_is_described_by_when_and_why_not_by_its_file_name(tmp_path):
    from datetime import datetime, timezone

    path = tmp_path / "20261129T091514567233Z-before-import.sqlite3"
    local = datetime(2026, 11, 29, 9, 15, 14, tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert described_backup(path) == f"the backup made {local} (before an import)"
    assert described_backup(tmp_path / "from-release-1.sqlite3") == "the backup from-release-1.sqlite3"


def test_the_fixture_from_this_release_opens_with_everything_in_it(tmp_path):
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    with Store(copy, reviewer="fixture") as store:
        (cluster,) = store.clusters()
        contents = store.load_cluster(cluster.id)
        assert (cluster.name, cluster.papers, cluster.decided) == ("Shengen Yan", 7, 6)
        assert [(p.label, p.papers, p.affiliation) for p in contents.people] == [
            ("Shengen Yan", 3, "SenseTime Research"), ("Shengen Yan (2)", 1, None),
        ]
        assert sorted(s.note for s in contents.decisions.values() if s.note) == ["another Shengen Yan"]
        assert store.undo_redo_labels(cluster.id)[0] == "edit person"


def test_a_version_1_database_gets_its_papers_author_columns_on_upgrade(tmp_path):
    """Schema 2 keeps each paper's authors on its row (models.paper_authors): the upgrade of the
    release-1 fixture works them out from the authorships, as an import of this release writes them."""
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "namesake-schema-1.sqlite3", copy)
    columns = "SELECT source_key, author_names, author_keys, author_rows, author_affiliations FROM paper ORDER BY source_key"
    with Store(copy, reviewer="fixture") as store:
        (cluster,) = store.clusters()
        upgraded = store.load_cluster(cluster.id)
    with sqlite3.connect(copy) as old, sqlite3.connect(FIXTURE) as new:
        assert old.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert old.execute(columns).fetchall() == new.execute(columns).fetchall()
        assert old.execute("SELECT count(*) FROM paper WHERE author_names IS NULL").fetchone() == (0,)
        authorships = old.execute("SELECT paper_id, name FROM authorship WHERE role = 'author' ORDER BY paper_id, position").fetchall()
    current = tmp_path / "current.sqlite3"
    shutil.copyfile(FIXTURE, current)
    with Store(current, reviewer="fixture") as store:
        written = store.load_cluster(store.clusters()[0].id)
    assert upgraded.papers == written.papers and len(upgraded.papers) == 7
    by_paper = {paper_id: tuple(name for _, name in rows) for paper_id, rows in groupby(authorships, key=itemgetter(0))}
    assert {paper.paper_id: paper.authors for paper in upgraded.papers} == by_paper
    assert (list_backups(copy)[0].reason) == "before-upgrade"


def test_a_version_2_database_keeps_its_log_and_loses_only_the_logs_paper_key_on_upgrade(tmp_path):
    """Schema 3: `decision_change` has no foreign key to `paper` (a bulk decision's log rows are not
    looked up in the paper table). The upgrade makes the table again: every row and id kept, the same
    table and indexes a new database gets, and undo still reads the log."""
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "namesake-schema-2.sqlite3", copy)
    with sqlite3.connect(copy) as old:
        logged = old.execute("SELECT * FROM decision_change ORDER BY id").fetchall()
        assert ("paper",) in old.execute("SELECT \"table\" FROM pragma_foreign_key_list('decision_change')").fetchall()
    assert len(logged) >= 6
    with Store(copy, reviewer="fixture") as store:
        (cluster,) = store.clusters()
        decided = store.load_cluster(cluster.id).decisions
        store.undo(cluster.id)  # "edit person"
        store.undo(cluster.id)  # the dismissal
        store.undo(cluster.id)  # the unsure decision, read back from the copied log
        assert len(store.load_cluster(cluster.id).decisions) == len(decided) - 1
    schema = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'decision_change' ORDER BY name"
    with sqlite3.connect(copy) as upgraded, sqlite3.connect(FIXTURE) as fresh:
        assert upgraded.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (4,)
        assert upgraded.execute(schema).fetchall() == fresh.execute(schema).fetchall()
        assert upgraded.execute("SELECT \"table\" FROM pragma_foreign_key_list('decision_change')").fetchall() == [("review_action",)]
        kept = [row[: len(logged[0])] for row in upgraded.execute("SELECT * FROM decision_change ORDER BY id")]
        assert kept[: len(logged)] == logged  # (schema 4's old reviewer and time come after them)
        assert upgraded.execute("SELECT name FROM sqlite_master WHERE name LIKE 'decision_change_%'").fetchall() == []
        assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []
        assert upgraded.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_version_3_database_keeps_its_log_and_its_undo_gives_back_what_it_can_on_upgrade(tmp_path):
    """Schema 4: the log keeps each paper's reviewer and time before a change, so an undo gives a verdict back
    as it was given. The upgrade adds the two columns, empty in the rows logged before (undo reads them as
    it did); a change logged since, over a verdict given before the upgrade, is undone with that verdict's
    reviewer and time, and a redo of an action logged before gives that action's."""
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "namesake-schema-3.sqlite3", copy)
    with sqlite3.connect(copy) as old:
        logged = old.execute("SELECT * FROM decision_change ORDER BY id").fetchall()
        assert old.execute("PRAGMA user_version").fetchone() == (3,)
    with Store(copy, reviewer="fixture") as store:
        (cluster,) = store.clusters()
        unsure = next(paper_id for paper_id, state in store.load_cluster(cluster.id).decisions.items() if state.verdict is Verdict.UNSURE)
        store.reviewer = "bo"
        store.decide(cluster.id, [unsure], Verdict.REJECTED)  # over a verdict given before the upgrade
        store.undo(cluster.id)
        store.reviewer = "fixture"
        store.undo(cluster.id)  # "edit person", logged before the upgrade
        store.undo(cluster.id)  # the dismissal
        store.undo(cluster.id)  # the unsure decision
        assert unsure not in store.load_cluster(cluster.id).decisions
        store.redo(cluster.id)
    columns = "SELECT name, type FROM pragma_table_info('decision_change') ORDER BY name"
    with sqlite3.connect(copy) as upgraded, sqlite3.connect(FIXTURE) as fresh:
        assert upgraded.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (4,)
        assert upgraded.execute(columns).fetchall() == fresh.execute(columns).fetchall()
        rows = upgraded.execute("SELECT * FROM decision_change ORDER BY id").fetchall()
        assert rows[: len(logged)] == [(*row, None, None) for row in logged]
        # The fixture's unsure verdict, given at its 12:00, is back with its reviewer and time after bo's undo,
        # and again after the redo of the fixture's own decision.
        assert upgraded.execute("SELECT reviewer, decided_at FROM decision WHERE paper_id = ?", (unsure,)).fetchone() == (
            "fixture", "2026-11-26 12:00:00.000000",
        )
        assert upgraded.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert "before-upgrade" in [backup.reason for backup in list_backups(copy)]


def upgrade_to_2(connection) -> None:
    connection.exec_driver_sql("ALTER TABLE person ADD COLUMN nickname VARCHAR")


def test_an_older_schema_is_backed_up_then_upgraded_in_one_transaction(tmp_path, monkeypatch):
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, SCHEMA_VERSION, upgrade_to_2)
    with Store(copy) as store:
        assert store.clusters()[0].decided == 6
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
        assert "nickname" in [row[1] for row in connection.execute("PRAGMA table_info(person)")]
    (backup,) = list_backups(copy)
    assert backup.reason == "before-upgrade"
    with sqlite3.connect(backup.path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_a_failing_upgrade_changes_nothing(tmp_path, monkeypatch):
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    before = table_contents(copy)

    def broken(connection) -> None:
        upgrade_to_2(connection)
        raise RuntimeError("step 2 failed half way")

    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises(RuntimeError, match="half way"):
        Store(copy)
    assert table_contents(copy) == before
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_damaged_pages_are_found_by_the_check(tmp_path):
    copy = tmp_path / "damaged.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    data = bytearray(copy.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # scribble over a page in the middle
    copy.write_bytes(bytes(data))
    try:
        store = Store(copy)
    except DatabaseDamaged:
        return  # found at open: just as good
    try:
        assert store.integrity_problems(quick=False)
    finally:
        store.close(backup=False)


def test_a_damaged_header_is_reported_as_damaged(tmp_path):
    copy = tmp_path / "damaged.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    data = bytearray(copy.read_bytes())
    data[:16] = b"garbage garbage!"
    copy.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="not a Namesake database, or a damaged one"):
        Store(copy)


def test_a_big_database_keeps_fewer_backups_and_is_not_copied_while_closing(db_path, monkeypatch):
    from models import backup

    with Store(db_path) as store:
        store.import_bundled_example()
    size = db_path.stat().st_size
    monkeypatch.setattr(backup, "BACKUP_BUDGET_BYTES", size * 3)  # room for three copies
    assert backup.keep_for(db_path) == 3
    monkeypatch.setattr(backup, "QUICK_BACKUP_BYTES", size - 1)  # "too big to copy while closing"
    store = Store(db_path)
    cluster = store.clusters()[0]
    store.decide(cluster.id, [store.load_cluster(cluster.id).papers[0].paper_id], Verdict.PERSON)
    store.close()
    assert list_backups(db_path) == []  # its backups are made during the session instead
    for _ in range(5):
        make_backup(db_path, "decisions")
    assert len(list_backups(db_path)) == 3


def test_a_restore_is_refused_while_another_store_has_the_database_open(db_path):
    from models.errors import NamesakeError

    store = Store(db_path)
    store.import_bundled_example()
    good = store.backup()
    other = Store(db_path)  # another window or program
    store.close(backup=False)
    with pytest.raises(NamesakeError, match="open in another Namesake window or program"):
        restore_backup(good.path, db_path)
    other.close(backup=False)
    restore_backup(good.path, db_path)  # nobody has it open now


def test_an_import_into_a_database_with_papers_can_be_taken_back_by_its_backup(seeded, db_path, tmp_path):
    """An import merges into clusters under review, so it is not undone paper by paper: the database as
    it was is copied first, and restoring that copy takes the whole import back."""
    from conftest import arrow_page, paper

    seeded.decide(seeded.clusters()[0].id, [seeded.load_cluster(seeded.clusters()[0].id).papers[0].paper_id], Verdict.PERSON)
    make_backup(db_path, "decisions")
    before = table_contents(db_path)
    unwanted = tmp_path / "ann.txt"
    unwanted.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee", "Shengen Yan"])]))  # into Shengen Yan too
    outcome = seeded.import_paths([unwanted])
    assert [c.name for c in seeded.clusters()] == ["Ann Lee", "Shengen Yan"]
    assert outcome.backup_before.reason == "before-import"
    assert outcome.backup_before.description.endswith(" (before an import)")  # as File → Restore a backup… lists it
    assert list_backups(db_path)[0] == outcome.backup_before and len(list_backups(db_path)) == 2
    seeded.close()
    restore_backup(outcome.backup_before.path, db_path)
    assert table_contents(db_path) == before  # the decision kept, the import gone


def test_a_refused_import_leaves_the_backups_as_they_were(seeded, db_path, tmp_path):
    from models.errors import SourceError

    for _ in range(3):
        make_backup(db_path, "decisions", keep=3)
    backups = list_backups(db_path)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"type": "paper", "title": ')
    with pytest.raises(SourceError, match="broken.jsonl"):
        seeded.import_paths([broken])
    # The copy made before it is gone again, and it pushed no older backup out (keep_for is 10 here;
    # three kept shows that nothing was pruned to make room either).
    assert list_backups(db_path) == backups


def test_an_import_that_changes_nothing_keeps_no_backup_and_pushes_none_out(seeded, db_path, tmp_path):
    """The same page again made a "before an import" backup of nothing; kept 3 at most, such backups pushed out one
    that could take back an import that changed something."""
    from conftest import SEED_PAGE, arrow_page, paper

    real = [make_backup(db_path, "before-import") for _ in range(KEEP_BEFORE)]
    before = table_contents(db_path, skip=("import_log",))
    outcome = seeded.import_paths([SEED_PAGE])
    assert not outcome.changed and outcome.backup_before is None
    assert [r.rows_written for r in outcome.reports] == [0]
    assert list_backups(db_path) == sorted(real, key=lambda b: b.made_at, reverse=True)
    assert table_contents(db_path, skip=("import_log",)) == before
    changed = tmp_path / "ann.txt"
    changed.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    outcome = seeded.import_paths([changed])
    assert outcome.changed and outcome.backup_before is not None


def test_an_empty_database_is_not_backed_up_before_its_first_import(store, db_path):
    from conftest import SEED_PAGE

    assert store.import_paths([SEED_PAGE]).backup_before is None
    assert list_backups(db_path) == []


def test_routine_backups_never_push_out_those_made_before_an_import_a_restore_or_an_upgrade(seeded, db_path):
    """Only the newest 10 were kept, of any kind: a close and every 200 changes make one, and the backup made
    before an import, the only way to take it back, was 4th oldest after 23 minutes of a tester's session."""
    before = [make_backup(db_path, reason) for reason in ("before-import", "before-restore", "before-upgrade")]
    for number in range(KEEP + 5):
        make_backup(db_path, "close" if number % 2 else "decisions")
    kept = list_backups(db_path)
    assert len([b for b in kept if b.reason in ("close", "decisions")]) == KEEP
    assert set(before) <= set(kept) and len(kept) == KEEP + 3


def test_each_kind_made_before_a_big_change_keeps_its_newest_few(seeded, db_path):
    imports = [make_backup(db_path, "before-import") for _ in range(KEEP_BEFORE + 2)]
    make_backup(db_path, "close")
    assert [b for b in list_backups(db_path) if b.reason == "before-import"] == imports[::-1][:KEEP_BEFORE]


def test_over_the_disk_budget_routine_backups_go_first_and_the_newest_of_each_kind_always_stays(tmp_path):
    from datetime import datetime, timedelta, timezone

    from models.backup import Backup, to_keep

    start = datetime(2026, 11, 29, 9, tzinfo=timezone.utc)
    made = [("decisions", 0), ("before-import", 1), ("close", 2), ("before-import", 3), ("close", 4),
            ("before-restore", 5), ("before-import", 6), ("close", 7), ("close", 8)]
    backups = [Backup(tmp_path / f"{minute}-{reason}", start + timedelta(minutes=minute), reason) for reason, minute in made][::-1]
    named = lambda kept: [f"{b.reason} {b.made_at.minute}" for b in kept]  # noqa: E731
    assert named(to_keep(backups, keep=10, room=100)) == named(backups)
    # Room for 5 of 9: the three oldest routine ones beyond the newest two go, then the oldest import's.
    assert named(to_keep(backups, keep=10, room=5)) == ["close 8", "close 7", "before-import 6", "before-restore 5", "before-import 3"]
    # Room for 2: still the newest two routine ones and the newest of each other kind.
    assert named(to_keep(backups, keep=2, room=2)) == ["close 8", "close 7", "before-import 6", "before-restore 5"]


def test_the_restore_list_counts_the_changes_and_imports_each_backup_lacks(seeded, db_path, tmp_path):
    """'Put this backup in place of the database: 2026-11-29 11:36:00 (before an import)' gave no hint that every
    decision made since would be replaced."""
    from conftest import arrow_page, paper
    from models.backup import restore_choice, restore_prompt

    cluster = seeded.clusters()[0]
    ids = [p.paper_id for p in seeded.load_cluster(cluster.id).papers]
    seeded.decide(cluster.id, ids[:1], Verdict.PERSON)
    older = seeded.backup()
    seeded.decide(cluster.id, ids[1:2], Verdict.REJECTED)
    seeded.undo(cluster.id)
    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_paths([page])
    newer = seeded.backup()
    assert seeded.made_since([newer, older]) == [(0, 0), (2, 1)]
    assert restore_choice(older, 2, 1) == f"{older.description}: 2 changes and 1 import since"
    assert restore_choice(newer, 0, 0) == f"{newer.description}: no change since"
    assert restore_choice(newer, None) == newer.description  # the log could not be read
    assert "Every change made since the backup (counted beside it) is replaced" in restore_prompt(db_path)
    assert "kept first as a backup in review.sqlite3-backups/" in restore_prompt(db_path)
