"""The window when things go wrong: unhandled errors, damaged files, restoring backups."""

from __future__ import annotations

import shutil

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
    listed = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: (listed.extend(args[3]) or args[3][0], True))
    window.controller.visits.opened(12345)  # as if another cluster had been opened since
    assert window.controller.visits.can_go_back
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.window_actions["restore_backup"].trigger()
    # Said as the dialog listed it ("2026-11-29 09:15:14 (during the review)"), not by its file name.
    assert listed[0].endswith("(during the review)")
    said = window.statusBar().currentMessage()
    assert said == f"Restored the backup made {listed[0]}; the replaced database was kept as a backup."
    restored = window.session.store
    assert restored is not store and verdicts(restored) == {0: "person"}
    assert not window.controller.visits.can_go_back  # the ids before the restore may name other clusters now
    assert window.papers.model.index(1, 1).data() == ""
    assert [b.reason for b in list_backups(db_path)][:1] == ["before-restore"]
    window.close()
    window.session.runner.wait()
    restored.close()


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
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    store = open_store(db_path, "tester")
    try:
        assert "Restore the newest good backup" in asked[0]
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
    store = Store(copy)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    monkeypatch.setattr(store, "integrity_problems", lambda quick=True: ["*** in database main ***", "Page 5: btreeInitPage() returns error code 11"])
    window = open_window(qtbot, store)
    window.session.runner.wait()
    qtbot.waitUntil(lambda: bool(warned))
    assert "Page 5" in warned[0] and "Restore a backup" in warned[0]
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
    ))
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
