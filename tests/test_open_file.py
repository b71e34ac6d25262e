"""A database file moved, deleted or replaced while a store has it open: found, never written again, rescued.

A tester moved (and, another time, deleted) the database with the window open: decisions went on being said
"Saved", went to the lost file's -wal under the old name, and were gone after the quit.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime

import pytest

from conftest import SEED_PAGE
from models.errors import DatabaseLost
from models.open_file import MOVED, REPLACED, rescue_copy
from models.schema import Verdict
from models.store import Store


@pytest.fixture
def opened(db_path):
    """A store holding the seed page, one paper decided (said saved), and its cluster's paper ids."""
    store = Store(db_path, reviewer="ann")
    store.import_files([SEED_PAGE])
    cluster_id = store.clusters()[0].id
    papers = [paper.paper_id for paper in store.load_cluster(cluster_id).papers]
    store.decide(cluster_id, papers[:1], Verdict.REJECTED)
    yield store, cluster_id, papers
    store.close(backup=False)


def decisions_in(path) -> dict[int, str]:
    """paper id -> verdict, read from the file at `path` alone (no -wal of another name can add to it)."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT paper_id, verdict FROM decision").fetchall()
    connection.close()
    return {paper_id: verdict.lower() for paper_id, verdict in rows}


def rescued_beside(db_path) -> list:
    return sorted(db_path.parent.glob(f"{db_path.stem}.rescued-*.sqlite3"))


def test_a_database_moved_while_open_takes_no_more_writes_and_its_rescue_holds_everything_saved(opened, db_path):
    store, cluster_id, papers = opened
    moved = db_path.with_name("moved.sqlite3")
    os.rename(db_path, moved)
    assert store.lost() == MOVED
    with pytest.raises(DatabaseLost) as refused:  # it was committed to the lost file and said "Saved"
        store.decide(cluster_id, papers[1:3], Verdict.PERSON)
    assert refused.value.reason == MOVED and refused.value.rescued is None
    copy = store.rescue()
    assert copy.parent == db_path.parent and copy.name.startswith("review.rescued-") and copy.suffix == ".sqlite3"
    assert decisions_in(copy) == {papers[0]: "rejected"}  # what was saved, from the -wal too; nothing after the loss
    with pytest.raises(DatabaseLost) as refused:
        store.decide(cluster_id, papers[1:3], Verdict.PERSON)
    assert str(copy) in refused.value.advice  # the change waiting names where to make it again
    store.close()
    assert decisions_in(copy) == {papers[0]: "rejected"}
    assert not db_path.exists()  # no new, empty database where it was
    with Store(copy) as reopened:  # the copy is a whole database of its own
        assert reopened.load_cluster(cluster_id).decisions[papers[0]].verdict is Verdict.REJECTED


def test_a_database_deleted_while_open_is_rescued_on_close_if_not_before(opened, db_path):
    store, cluster_id, papers = opened
    db_path.unlink()
    assert store.lost() == MOVED
    store.close()  # no copy was asked for while it was open: the close makes it
    [copy] = rescued_beside(db_path)
    assert decisions_in(copy) == {papers[0]: "rejected"}
    assert list(copy.parent.glob(f"{copy.name}-*")) == []  # a file of its own, no -wal or -shm beside it


def test_a_new_connection_never_makes_or_opens_another_file_at_the_old_path(opened, db_path, tmp_path):
    store, cluster_id, _papers = opened
    db_path.unlink()
    store._engine.dispose()  # every connection from now on is a new one
    with pytest.raises(DatabaseLost):
        store.load_cluster(cluster_id)
    assert not db_path.exists()  # SQLite made a new, empty database there
    other = tmp_path / "other.sqlite3"
    Store(other).close()
    shutil.copyfile(other, db_path)  # another database put in its place
    before = db_path.read_bytes()
    assert store.lost() == MOVED  # lost for good: the file open is still the one moved away
    with pytest.raises(DatabaseLost):
        store.load_cluster(cluster_id)
    assert db_path.read_bytes() == before


def test_a_file_put_in_the_databases_place_is_told_apart(opened, db_path, tmp_path):
    store, _cluster_id, _papers = opened
    os.rename(db_path, tmp_path / "away.sqlite3")
    Store(tmp_path / "new.sqlite3").close()
    os.rename(tmp_path / "new.sqlite3", db_path)
    assert store.lost() == REPLACED
    with pytest.raises(DatabaseLost):
        store.backup()  # the other file would have been kept as this database's backup


def test_a_change_written_after_the_rescue_makes_another_copy_and_the_first_is_kept(opened, db_path):
    """A write that passed its check just before the file was lost (or another program's) still lands in it."""
    store, _cluster_id, papers = opened
    late = sqlite3.connect(db_path, isolation_level=None)  # open before the loss, as another program would be
    late.execute("SELECT count(*) FROM decision").fetchone()
    db_path.unlink()
    first = store.rescue()
    assert not store.rescue_outdated() and store.rescue() == first  # nothing new: no second copy
    late.execute("UPDATE decision SET verdict = 'UNSURE' WHERE paper_id = ?", (papers[0],))
    late.close()
    assert store.rescue_outdated()
    second = store.rescue()
    assert second != first and rescued_beside(db_path) == sorted([first, second])
    assert decisions_in(first) == {papers[0]: "rejected"} and decisions_in(second) == {papers[0]: "unsure"}


def test_a_rescue_never_replaces_a_file(opened, db_path):
    store, _cluster_id, papers = opened
    when = datetime(2026, 11, 29, 11, 54, 0)
    taken = db_path.with_name("review.rescued-20261129-115400.sqlite3")
    taken.write_text("someone's file")
    keeper = sqlite3.connect(db_path)
    try:
        copy = rescue_copy(keeper, db_path, [], when)
    finally:
        keeper.close()
    assert copy == db_path.with_name("review.rescued-20261129-115400-2.sqlite3")
    assert taken.read_text() == "someone's file"
    assert decisions_in(copy) == {papers[0]: "rejected"}
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.endswith(".partial")) == []


def test_a_database_whose_folder_went_is_rescued_elsewhere(tmp_path):
    folder = tmp_path / "project"
    store = Store(folder / "review.sqlite3", reviewer="ann")
    store.import_files([SEED_PAGE])
    cluster_id = store.clusters()[0].id
    paper = store.load_cluster(cluster_id).papers[0].paper_id
    store.decide(cluster_id, [paper], Verdict.UNSURE)
    shutil.rmtree(folder)  # the file, its -wal and -shm, the folder itself
    (tmp_path / "home").mkdir()
    try:
        assert store.lost() == MOVED
        copy = store.rescue(elsewhere=[tmp_path / "home"])
    finally:
        store.close(backup=False)
    assert copy.parent == tmp_path / "home" and decisions_in(copy) == {paper: "unsure"}


def test_a_rescue_that_no_folder_takes_says_where_it_tried(db_path, tmp_path):
    from models.errors import NamesakeError

    Store(db_path).close()
    gone = tmp_path / "gone" / "review.sqlite3"
    keeper = sqlite3.connect(db_path)
    try:
        with pytest.raises(NamesakeError, match=f"could not copy {gone} to a new file \\({gone.parent}: .*; {tmp_path / 'none'}: "):
            rescue_copy(keeper, gone, [tmp_path / "none"])
    finally:
        keeper.close()


def test_opening_where_a_lost_databases_journal_lies_is_refused_and_names_its_rescue(opened, db_path):
    """The window opened again on the old path made a new, empty database, and SQLite deleted the -wal."""
    from models.errors import NamesakeError

    store, _cluster_id, _papers = opened
    db_path.unlink()
    copy = store.rescue()
    wal = db_path.with_name("review.sqlite3-wal")
    journal = wal.read_bytes()
    with pytest.raises(NamesakeError, match="review.sqlite3-wal is: the newest changes") as refused:
        Store(db_path)
    assert f"Namesake rescued it to {copy}: open that file" in str(refused.value)
    assert not db_path.exists() and wal.read_bytes() == journal
