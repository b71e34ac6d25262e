"""The window when things go wrong: unhandled errors, damaged files, restoring backups."""

from __future__ import annotations

import shutil
import threading

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gui import crash
from gui.app import open_store
from models.backup import list_backups
from models.schema import Verdict
from models.store import Store
from test_main_window import open_window, press, verdicts


def test_an_unhandled_error_is_logged_shown_and_survived(qtbot, tmp_path, monkeypatch, seeded):
    shown = []
    monkeypatch.setattr(crash, "_show", lambda error, path: shown.append((str(error), path)))
    log = tmp_path / "logs" / "namesake.log"
    uninstall = crash.install(log)
    try:
        window = open_window(qtbot, seeded)

        def broken() -> None:
            raise ValueError("a bug in a slot")

        with qtbot.capture_exceptions() as raised:
            QTimer.singleShot(0, broken)
            qtbot.wait(50)
        for kind, error, trace in raised:  # pytest-qt caught it as Qt would have; hand it to our hook
            crash.sys.excepthook(kind, error, trace)
    finally:
        uninstall()
    assert shown == [("a bug in a slot", log)]
    text = log.read_text()
    assert "unhandled exception" in text and "ValueError: a bug in a slot" in text and "in broken" in text
    press(qtbot, window, Qt.Key.Key_Y)  # the window still works
    assert verdicts(seeded) == {0: "person"}


def test_restore_a_backup_from_the_menu(qtbot, db_path, monkeypatch):
    store = Store(db_path, reviewer="tester")
    store.import_bundled_example()
    window = open_window(qtbot, store)
    press(qtbot, window, Qt.Key.Key_Y)
    store.backup()
    press(qtbot, window, Qt.Key.Key_N)
    assert verdicts(store) == {0: "person", 1: "rejected"}
    listed, asked = [], []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (asked.append(args[2]), listed.extend(args[3]) or args[3][0], True)[1:])
    window.controller.visits.opened(12345)  # as if another cluster had been opened since
    assert window.controller.visits.can_go_back
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.window_actions["restore_backup"].trigger()
    # Each backup with what restoring it replaces: it gave the time and the reason only.
    (backup,) = [b for b in list_backups(db_path) if b.reason == "decisions"]
    assert listed[0] == f"{backup.description}: 1 change since"
    assert "Every change made since the backup (counted beside it) is replaced" in asked[0]
    assert "kept first as a backup in review.sqlite3-backups/" in asked[0]
    # Said as the dialog listed it ("2026-11-29 09:15:14 (during the review)"), not by its file name, and where the
    # database it replaced is kept.
    said = window.statusBar().currentMessage()
    kept = list_backups(db_path)[0]
    assert said == (f"Restored the backup made {backup.description}. The database it replaced is kept in review.sqlite3-backups/ "
                    f"as the backup made {kept.description}: File → Restore a backup… lists it.")
    restored = window.session.store
    assert restored is not store and verdicts(restored) == {0: "person"}
    assert not window.controller.visits.can_go_back  # the ids before the restore may name other clusters now
    assert window.papers.model.index(1, 1).data() == ""
    assert [b.reason for b in list_backups(db_path)][:1] == ["before-restore"]
    window.close()
    window.session.runner.wait()
    restored.close()


def test_what_was_made_since_each_backup_is_read_off_the_gui_thread(qtbot, seeded, monkeypatch):
    """Counted since the oldest backup (one before an import may be weeks old), 100,000 actions froze the window
    170-350 ms before the list of backups showed."""
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_Y)
    seeded.backup()
    threads, listed = [], []
    made_since = seeded.made_since
    monkeypatch.setattr(seeded, "made_since", lambda backups: threads.append(threading.current_thread()) or made_since(backups))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (listed.extend(args[3]), "", False)[1:])
    window.window_actions["restore_backup"].trigger()
    qtbot.waitUntil(lambda: bool(listed))
    assert threads and threading.main_thread() not in threads
    assert len(listed) == len(list_backups(seeded.path))
    window.session.runner.wait()


def test_a_damaged_database_offers_the_newest_backup(qtbot, db_path, monkeypatch):
    with Store(db_path) as store:
        store.import_bundled_example()
        cluster = store.clusters()[0]
        store.decide(cluster.id, [store.load_cluster(cluster.id).papers[0].paper_id], Verdict.PERSON)
    # closing made a backup; now the file is ruined
    data = bytearray(db_path.read_bytes())
    data[:16] = b"garbage garbage!"
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    asked, said = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    store = open_store(db_path, "tester", said.append)
    try:
        assert "Restore the newest good backup, made " in asked[0] and "(on close)?" in asked[0]
        assert said[0].startswith("Restored the backup made ") and f"moved aside to {db_path}.damaged-" in said[0]
        assert verdicts(store) == {0: "person"}
        assert list(db_path.parent.glob("review.sqlite3.damaged-*"))  # the ruined file is kept
    finally:
        store.close()


def test_the_check_reports_a_sound_database(qtbot, seeded, monkeypatch):
    window = open_window(qtbot, seeded)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    window.window_actions["check_database"].trigger()
    window.session.runner.wait()
    qtbot.waitUntil(lambda: bool(told))
    assert told == [f"The database file {seeded.path} is sound: no damage found."]  # it named no file


def test_a_damaged_database_found_after_start_is_reported(qtbot, tmp_path, monkeypatch):
    from conftest import ROOT

    copy = tmp_path / "damaged.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "namesake-schema-1.sqlite3", copy)
    store = Store(copy)  # upgraded: its backup before the upgrade is the newest good one
    (before_upgrade,) = list_backups(copy)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(store, "integrity_problems", lambda quick=True: ["*** in database main ***", "Page 5: btreeInitPage() returns error code 11"])
    window = open_window(qtbot, store)
    window.session.runner.wait()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked[0].startswith(f"The database check found damage. The database file {copy} is damaged: SQLite's check finds Page 5")
    assert f"Restore the newest good backup, made {before_upgrade.description}?" in asked[0]
    assert window.banner.isVisible() and "File → Restore a backup…" in window.banner.text()  # answered No: it stays said
    window.close()
    store.close(backup=False)


def test_restoring_a_backup_of_an_older_version_works_off_the_gui_thread(qtbot, db_path, monkeypatch):
    """Restoring copies (and here upgrades) on a worker thread; the window waits behind a modal note."""
    import sqlite3
    import threading

    from conftest import ROOT
    from PySide6.QtWidgets import QProgressDialog

    import gui.main_window
    import models.db

    old = db_path.parent / "from-release-1.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "namesake-schema-1.sqlite3", old)
    store = Store(db_path, reviewer="tester")
    store.import_bundled_example()
    window = open_window(qtbot, store)
    threads, notes = [], []
    real_open_engine = models.db.open_engine
    monkeypatch.setattr(models.db, "open_engine", lambda path: threads.append(("upgrade", threading.current_thread())) or real_open_engine(path))
    real_restore = gui.main_window.restore_backup
    restoring, looked = threading.Event(), threading.Event()

    def look_at_the_note() -> None:
        """On the GUI thread, while the worker waits: widgets must not be touched from the worker
        (reading them there crashed this test now and then with a segmentation fault)."""
        if restoring.is_set() and not looked.is_set():
            notes.extend(dialog.labelText() for dialog in window.findChildren(QProgressDialog) if dialog.isVisible())
            looked.set()

    monkeypatch.setattr(gui.main_window, "restore_backup", lambda *args: (
        threads.append(("restore", threading.current_thread())),
        restoring.set(),
        looked.wait(10),
        real_restore(*args),
    )[-1])
    watch = QTimer()
    watch.timeout.connect(look_at_the_note)
    watch.start(5)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.restore(old)
    watch.stop()
    assert looked.is_set()
    assert [kind for kind, _ in threads] == ["restore", "upgrade"]
    assert all(thread is not threading.main_thread() for _, thread in threads)
    assert notes == ["Restoring the backup from-release-1.sqlite3…"]
    assert not any(dialog.isVisible() for dialog in window.findChildren(QProgressDialog))
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (models.db.SCHEMA_VERSION,)
    assert window.session.store is not store and window.papers.model.rowCount() > 0
    assert "Restored the backup from-release-1.sqlite3" in window.statusBar().currentMessage()
    window.close()
    window.session.runner.wait()
    window.session.store.close()


def test_a_restore_that_fails_says_why_and_reopens_the_database(qtbot, db_path, monkeypatch):
    store = Store(db_path, reviewer="tester")
    store.import_bundled_example()
    window = open_window(qtbot, store)
    press(qtbot, window, Qt.Key.Key_Y)
    not_a_backup = db_path.parent / "notes.txt"
    not_a_backup.write_text("not a database")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.restore(not_a_backup)
    assert "notes.txt was not restored" in warned[0]
    assert verdicts(window.session.store) == {0: "person"}  # the database as it was
    window.close()
    window.session.runner.wait()
    window.session.store.close()


def reviewed_then_damaged(db_path, *tables: str) -> None:
    """A database with one decision and its backup on close, then damaged where `tables` start (`damage_tables`)."""
    from conftest import damage_tables

    with Store(db_path, reviewer="ann") as store:
        store.import_bundled_example()
        cluster = store.clusters()[0]
        store.decide(cluster.id, [store.load_cluster(cluster.id).papers[0].paper_id], Verdict.PERSON)
    damage_tables(db_path, *tables)


def no_raw_sql(text: str) -> bool:
    return "[SQL" not in text and "sqlalche.me" not in text and "(sqlite3." not in text


def test_a_database_damaged_past_its_first_page_is_said_once_at_start_up_and_its_newest_backup_restored(qtbot, db_path, monkeypatch):
    """A tester's copy with pages 20, 21 and 30 overwritten opened without a word, then two raw SQL errors stacked
    ("(sqlite3.DatabaseError) database disk image is malformed [SQL: SELECT …] (Background on this error at:
    https://sqlalche.me/…)"), naming no file and offering no backup; the list said "Listing the clusters…" for good."""
    from test_app_start import in_the_loop, ran, the_window

    from gui.app import run_window

    reviewed_then_damaged(db_path, "cluster_paper", "decision")
    (good,) = list_backups(db_path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[1:3]) or QMessageBox.StandardButton.Yes)
    seen: dict = {}

    def look_and_close() -> None:
        window = the_window(qtbot)
        qtbot.waitUntil(lambda: window.session.contents is not None and window.clusters.model.rowCount() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Restored"), timeout=10_000)
        seen.update(said=window.statusBar().currentMessage(), banner=window.banner.isVisible(), decided=window.session.cluster.decided)
        window.close()

    in_the_loop(look_and_close)
    assert ran(run_window(db_path, reviewer="ann")) == 0
    (title, text), = asked  # once, whichever read met the damage first
    assert title == "Namesake — the database is damaged"
    assert f"The database file {db_path} is damaged: SQLite cannot read part of it (database disk image is malformed)." in text
    assert f"Restore the newest good backup, made {good.description}?" in text and no_raw_sql(text)
    (aside,) = db_path.parent.glob("review.sqlite3.damaged-*[0-9]")  # and its -wal beside it
    assert f"The damaged database was moved aside to {aside}" in seen["said"]
    assert seen["banner"] is False and seen["decided"] == 1  # the backup's decision, the damage gone with the file


def started_on_damage(qtbot, db_path, monkeypatch, *tables: str):
    """A window started on a reviewed database whose `tables` are then damaged, every offer of a backup answered No;
    the window, its store and the offers' texts."""
    from gui.main_window import MainWindow
    from gui.session import ReviewSession

    reviewed_then_damaged(db_path, *tables)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No)
    store = Store(db_path, reviewer="ann")
    window = MainWindow(ReviewSession(store))
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window, store, asked


def test_a_damaged_database_left_in_place_says_so_and_stops_listing(qtbot, db_path, monkeypatch):
    """Answered No: the banner keeps saying it, the list says it could not list, and no other dialog follows (the
    guard fails the test on any)."""
    window, store, asked = started_on_damage(qtbot, db_path, monkeypatch, "cluster_paper", "decision")
    qtbot.waitUntil(lambda: window.clusters.progress.text() == "The clusters could not be listed.", timeout=10_000)
    window.session.runner.wait()
    qtbot.wait(50)
    assert len(asked) == 1 and str(db_path) in asked[0] and no_raw_sql(asked[0])
    assert window.banner.isVisible() and window.banner.text().startswith(f"⚠ The database file {db_path} is damaged")
    assert not window.checker._waiting  # the check after start-up is not run: the damage is said already
    window.close()
    window.session.runner.wait()
    store.close(backup=False)


def test_a_decision_that_meets_damage_offers_the_newest_backup_and_says_what_it_lacks(qtbot, db_path, monkeypatch):
    """The log's first page damaged: the cluster lists and opens, and the decision is the first to meet it."""
    reviewed_then_damaged(db_path, "decision_change")
    (good,) = list_backups(db_path)
    store = Store(db_path, reviewer="ann")
    window = open_window(qtbot, store)
    window.session.runner.wait()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):  # the restored database's
        press(qtbot, window, Qt.Key.Key_N)
    (text,) = asked
    assert text.startswith(f"The decision was not saved. The database file {db_path} is damaged")
    assert f"made {good.description}? Nothing was changed after it." in text and no_raw_sql(text)
    restored = window.session.store
    assert restored is not store and verdicts(restored) == {0: "person"}
    assert "moved aside to" in window.statusBar().currentMessage()
    window.close()
    window.session.runner.wait()
    restored.close()


def test_the_check_after_start_up_runs_when_no_cluster_could_be_shown(qtbot, db_path, monkeypatch):
    """It waited for the first cluster to show: with none (an empty database, a load that failed) it never ran."""
    store = Store(db_path, reviewer="ann")
    monkeypatch.setattr(store, "integrity_problems", lambda quick=True: ["Page 3: btreeInitPage() returns error code 11"])
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    from gui.main_window import MainWindow
    from gui.session import ReviewSession

    window = MainWindow(ReviewSession(store))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.session.nothing_to_open, timeout=10_000):
        window.start()
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert warned[0].startswith(f"The database check found damage. The database file {db_path} is damaged: SQLite's check finds Page 3")
    assert "There is no backup of it" in warned[0]
    window.close()
    window.session.runner.wait()
    store.close(backup=False)


def test_a_review_log_too_damaged_to_read_at_open_is_said_once_the_window_listens(qtbot, db_path, monkeypatch):
    """The session reads the log's newest action as it is made, before the window is wired to it: that read raised
    out of the window's making, an unhandled error at start-up."""
    window, store, asked = started_on_damage(qtbot, db_path, monkeypatch, "review_action")
    window.session.runner.wait()
    qtbot.wait(50)
    (text,) = asked
    assert text.startswith(f"Could not read the review log. The database file {db_path} is damaged") and no_raw_sql(text)
    window.close()
    window.session.runner.wait()
    store.close(backup=False)
