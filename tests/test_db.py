"""The database file: WAL, foreign keys, schema version, files that are not ours."""

from __future__ import annotations

import os
import sqlite3

import pytest

from conftest import ROOT, another_program_locks
from models.db import BRIEF_BUSY_TIMEOUT_MS, BUSY_TIMEOUT_MS, brief_lock_waits, open_engine, schema_version, writing
from models.errors import NamesakeError, StoreVersionError
from models.schema import SCHEMA_VERSION
from models.store import Store


def test_new_database_is_wal_with_foreign_keys_and_a_version(store, db_path):
    with store._engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert schema_version(store._engine) == SCHEMA_VERSION
    with sqlite3.connect(db_path) as plain:
        assert plain.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_foreign_keys_are_enforced(store):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with store._engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO person (cluster_id, label, created_at) VALUES (999, 'x', '2026-01-01')")


def test_a_database_from_a_newer_namesake_is_refused_and_left_alone(seeded, db_path):
    seeded.close()
    with sqlite3.connect(db_path) as plain:
        plain.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(StoreVersionError) as raised:
        Store(db_path)
    message = str(raised.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in message and f"up to version {SCHEMA_VERSION}" in message
    assert db_path.read_bytes() == before


def test_an_unrelated_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as plain:
        plain.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(NamesakeError, match="not a Namesake database"):
        open_engine(other)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NamesakeError, match="not a Namesake database"):
        Store(junk)
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_reopening_keeps_everything(seeded, db_path):
    cluster = seeded.clusters()[0]
    seeded.close()
    with Store(db_path) as reopened:
        assert reopened.clusters() == [cluster]


# Prepared statements (the path every decision and import row takes) ------------------


def test_a_prepared_statement_stores_what_sqlalchemy_itself_stores(store):
    """Same SQL, same converted values: a datetime is stored as the same text either way."""
    from datetime import datetime, timezone

    from sqlalchemy import bindparam, insert

    from models.db import Prepared, writing
    from models.schema import ReviewAction

    at = datetime(2026, 11, 26, 5, 55, 46, 292639, tzinfo=timezone.utc)
    prepared = Prepared(lambda: insert(ReviewAction).values(
        cluster_id=bindparam("cluster"), kind="decide", label=bindparam("label"), reviewer="r", at=bindparam("at"),
    ))
    with writing(store._engine) as conn:
        cluster_id = conn.exec_driver_sql("INSERT INTO name_cluster (key, name, source) VALUES ('k', 'K', 's')").lastrowid
        ours = prepared.inserted_id(conn, cluster=cluster_id, label="ours", at=at)
        theirs = conn.execute(insert(ReviewAction).values(cluster_id=cluster_id, kind="decide", label="theirs", reviewer="r", at=at))
        stored = dict(conn.exec_driver_sql("SELECT label, at FROM review_action").fetchall())
    assert ours != theirs.inserted_primary_key[0]
    assert stored["ours"] == stored["theirs"] == "2026-11-26 05:55:46.292639"


def test_a_prepared_statement_is_compiled_once_and_keeps_its_fixed_values(store):
    from sqlalchemy import bindparam, select

    from models.db import Prepared, reading
    from models.schema import NameCluster

    built = []

    def build():
        built.append(1)
        return select(NameCluster.name).where(NameCluster.key != bindparam("key")).order_by(NameCluster.name).limit(1)

    prepared = Prepared(build)
    with reading(store._engine) as conn:
        answers = [prepared.scalar(conn, key="nothing") for _ in range(3)]
        assert prepared.rows(conn, key="nothing") == []
    assert answers == [None, None, None] and built == [1]


def test_insert_many_writes_every_row_and_nothing_for_none(seeded):
    from sqlalchemy import func, select

    from models.db import insert_many, writing
    from models.schema import NameCluster

    with writing(seeded._engine) as conn:
        before = conn.execute(select(func.count()).select_from(NameCluster)).scalar_one()
        insert_many(conn, NameCluster.__table__, [])
        insert_many(conn, NameCluster.__table__, [{"key": f"k{n}", "name": f"K {n}", "source": "s"} for n in range(3)])
        names = conn.execute(select(NameCluster.name).where(NameCluster.key.like("k_"))).scalars().all()
        after = conn.execute(select(func.count()).select_from(NameCluster)).scalar_one()
    assert sorted(names) == ["K 0", "K 1", "K 2"] and after == before + 3


def test_a_write_a_read_only_file_refuses_is_a_write_refused_and_changes_nothing(seeded, cluster, ids, db_path):
    """SQLite refuses it in the driver, under `Prepared` (not at BEGIN): it was a bare sqlite3 error."""
    from conftest import read_only
    from models.errors import WriteRefused
    from models.schema import Verdict

    with read_only(seeded):
        with pytest.raises(WriteRefused) as raised:
            seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)
        with pytest.raises(WriteRefused):
            seeded.create_person(cluster.id, ids[1:2], "Someone")
        with pytest.raises(WriteRefused):
            seeded.import_files([ROOT / "tests" / "data" / "namesake-input-example.json"])
    assert raised.value.reason == "attempt to write a readonly database" and raised.value.code == sqlite3.SQLITE_READONLY
    assert str(raised.value) == f"{db_path}: cannot write the database (attempt to write a readonly database)"
    assert seeded.load_cluster(cluster.id).decisions == {} and len(seeded.clusters()) == 1
    seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)  # writable again: the same write works
    assert list(seeded.load_cluster(cluster.id).decisions) == ids[:1]


def test_only_a_refusal_of_the_disk_counts_as_one():
    from models.db import refusal

    with sqlite3.connect(":memory:") as plain:
        with pytest.raises(sqlite3.OperationalError) as mistake:
            plain.execute("SELECT * FROM no_such_table")
    assert refusal(mistake.value, "r.sqlite3") is None  # a fault in the SQL stays a fault, never retried


@pytest.mark.parametrize("code, words, advice", [
    (sqlite3.SQLITE_READONLY, "attempt to write a readonly database", "Make /data/r.sqlite3, its -wal and -shm files and its folder writable"),
    (sqlite3.SQLITE_READONLY_DBMOVED, "attempt to write a readonly database", "Make /data/r.sqlite3, its -wal and -shm files and its folder writable"),
    (sqlite3.SQLITE_BUSY, "database is locked", "Close the other program using the database"),
    (sqlite3.SQLITE_LOCKED, "database table is locked", "Close the other program using the database"),
    (sqlite3.SQLITE_PROTOCOL, "locking protocol", "Close the other program using the database"),
    (sqlite3.SQLITE_FULL, "database or disk is full", "Free some disk space"),
    (sqlite3.SQLITE_IOERR_WRITE, "disk I/O error", "Check the disk holding /data/r.sqlite3"),
    (sqlite3.SQLITE_CANTOPEN, "unable to open database file", "Make sure /data/r.sqlite3 and its folder are still there"),
])
def test_a_refused_write_carries_its_primary_code_which_chooses_the_advice(code, words, advice):
    """The advice went by SQLite's words; it goes by the code, whatever the words (they vary by platform)."""
    from models.db import refusal

    error = sqlite3.OperationalError(words)
    error.sqlite_errorcode = code  # as the driver sets it
    refused = refusal(error, "/data/r.sqlite3")
    assert refused.code == code & 0xFF and refused.reason == words
    assert refused.advice.startswith(advice)
    reworded = sqlite3.OperationalError("some other words")
    reworded.sqlite_errorcode = code
    assert refusal(reworded, "/data/r.sqlite3").advice == refused.advice  # the words do not matter


def test_a_folder_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    """The lock file cannot be made beside the database (the tests run as root: `open` refuses it here)."""
    import models.backup
    from models.errors import FolderNotWritable

    def refuse(path, *_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(models.backup, "open", refuse, raising=False)
    with pytest.raises(FolderNotWritable, match=f"cannot write in the folder {tmp_path} \\(Permission denied\\)"):
        Store(tmp_path / "r.sqlite3")


# One program as the window was: it opens the store, loses its lock on the -shm file (its file chooser opened and
# closed the file: POSIX drops every lock of a process on a file it closes), writes, and meanwhile another program
# lists the clusters. It ends with os._exit: the other program set the -shm file up again under it, and closing
# the store would read its mapping of the file, cut short (a bus error: the window that vanished).
_WRITER_WHILE_ANOTHER_READS = """
import json, os, subprocess, sys
from models.db import writing
from models.errors import WriteRefused
from models.store import Store

db_path = sys.argv[1]
store = Store(db_path)
store.clusters()
open(db_path + "-shm", "rb").close()
said = {}
try:
    with writing(store._engine) as connection:
        connection.exec_driver_sql("UPDATE paper SET title = title")
        other = subprocess.run([sys.executable, "-c", sys.argv[2], "--db", db_path, "clusters"], capture_output=True, text=True)
        said["other"] = [other.returncode, other.stderr]
except WriteRefused as error:
    said["writer"] = [type(error).__name__, str(error), error.code, error.advice]
print(json.dumps(said), flush=True)
os._exit(0)
"""


def test_locking_protocol_is_said_as_busy_never_as_damage(seeded, db_path):
    """Tester 1: during a window's import, `namesake clusters` said "not a Namesake database, or a damaged one
    (locking protocol)", a second window offered to restore a backup over the healthy file, and the import failed
    with SQLAlchemy's raw text. SQLITE_PROTOCOL says the file is busy, never that it is damaged."""
    import json
    import subprocess
    import sys

    seeded.close()
    cli = "import sys; from gui.cli import main; sys.exit(main(sys.argv[1:]))"
    ran = subprocess.run(
        [sys.executable, "-c", _WRITER_WHILE_ANOTHER_READS, str(db_path), cli], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )
    said = json.loads(ran.stdout)
    busy = f"{db_path} is busy in another program or window (locking protocol); nothing was changed: try again in a moment"
    assert said["other"] == [1, f"namesake: error: {busy}\n"]
    # The writer's commit may go through or meet SQLITE_PROTOCOL too, by timing; refused, it says so in the same words.
    refused = ["DatabaseBusy", busy, sqlite3.SQLITE_PROTOCOL, "Close the other program using the database, or let it finish"]
    assert said.get("writer", refused) == refused


def test_a_brief_lock_wait_gives_up_at_once_and_only_within_its_block(seeded, db_path):
    """The window's writes (`brief_lock_waits`) must not wait the full busy timeout for another program's lock."""
    import time

    from models.errors import WriteRefused

    with another_program_locks(db_path):
        started = time.monotonic()
        with pytest.raises(WriteRefused, match="database is locked") as raised, brief_lock_waits(), writing(seeded._engine):
            pass
        assert raised.value.code == sqlite3.SQLITE_BUSY
        assert time.monotonic() - started < 0.5  # BUSY_TIMEOUT_MS (3 s) without the block
    with brief_lock_waits(), writing(seeded._engine) as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BRIEF_BUSY_TIMEOUT_MS
    with writing(seeded._engine) as connection:  # the same pooled connection, outside the block: the usual wait again
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def _as_a_user(code: str) -> str:
    """What the Python `code` prints, run with this user's rights: here, or as root in a process whose rights are
    dropped with `setpriv` (root writes any file whatever its mode, so chmod proves nothing as root)."""
    import io
    import os
    import shutil
    import subprocess
    import sys
    from contextlib import redirect_stdout

    if os.geteuid() != 0:
        with redirect_stdout(io.StringIO()) as printed:
            exec(code, {})
        return printed.getvalue().strip()
    if shutil.which("setpriv") is None:
        pytest.skip("run as root without setpriv: root writes any file whatever its mode, so chmod proves nothing")
    command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", sys.executable, "-c", code]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()


def _why_read_only_as_a_user(path) -> str | None:
    return _as_a_user(f"from models.db import why_read_only; print(why_read_only({str(path)!r}) or '')") or None


def test_a_database_its_user_may_not_write_is_said_read_only_before_any_write(seeded, db_path):
    """SQLite opens such a file read-only without a word; the reviewer learned it only at the first decision."""
    assert _why_read_only_as_a_user(db_path) is None
    db_path.chmod(0o444)
    try:
        assert _why_read_only_as_a_user(db_path) == f"you may not write the database file {db_path}"
    finally:
        db_path.chmod(0o644)
    shared_memory = db_path.with_name(f"{db_path.name}-shm")  # made with the file's mode: it stays 444 after a chmod 644
    shared_memory.chmod(0o444)
    try:
        assert _why_read_only_as_a_user(db_path) == f"you may not write the database file {shared_memory}"
    finally:
        shared_memory.chmod(0o644)
    db_path.parent.chmod(0o555)  # the folder, where SQLite keeps the journal beside the file
    try:
        assert _why_read_only_as_a_user(db_path) == f"you may not write in the database's folder {db_path.parent}"
    finally:
        db_path.parent.chmod(0o755)
    assert seeded.why_read_only() is None  # the store asks the same for its own file


def test_a_write_refused_on_a_read_only_file_works_once_the_file_is_made_writable(seeded, db_path):
    """SQLite keeps a file it opened read-only so: at the real window, a decision made on a chmod 444 file
    stayed pending after chmod 644, retried for ever. The refusal now lets the connections go."""
    db_path.chmod(0o444)
    code = f"""
import os
from models.errors import WriteRefused
from models.schema import Verdict
from models.store import Store
store = Store({str(db_path)!r}, reviewer="ann")
cluster = store.clusters()[0]
first = store.load_cluster(cluster.id).papers[0].paper_id
try:
    store.decide(cluster.id, [first], Verdict.REJECTED)
except WriteRefused as refused:
    print(refused.code)
os.chmod({str(db_path)!r}, 0o644)
print(store.decide(cluster.id, [first], Verdict.REJECTED).decisions[first].verdict.value)
store.close(backup=False)
"""
    try:
        assert _as_a_user(code).split() == [str(sqlite3.SQLITE_READONLY), "rejected"]
    finally:
        db_path.chmod(0o644)


def test_a_folder_it_may_not_write_is_named_with_what_to_do_also_when_the_lock_file_is_there(store, db_path):
    """chmod 555 on the folder, the database and its lock file already in it: SQLite cannot make the -wal beside
    the file and says only "attempt to write a readonly database", which the window showed, naming no folder."""
    store.close()
    db_path.parent.chmod(0o555)
    try:
        said = _as_a_user(f"""
from models.store import Store
try:
    Store({str(db_path)!r}).close()
except Exception as error:
    print(type(error).__name__, error)
""")
    finally:
        db_path.parent.chmod(0o755)
    assert said.startswith(f"FolderNotWritable Namesake cannot write in the folder {db_path.parent} (Permission denied): ")
    assert said.endswith("Copy the database to a folder you can write in, or make this one writable, then open it again.")
