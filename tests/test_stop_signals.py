"""SIGTERM, SIGINT and SIGHUP close the window as File → Quit does: the backup on close is made."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.app import run_window
from gui.stop_signals import StopOnSignals
from models.backup import list_backups
from models.store import Store
from test_app_start import in_the_loop, ran, the_window
from test_main_window import open_window, press, verdicts


def signal_soon(number: int) -> None:
    """Send `number` to this process from another thread, while the main thread waits in Qt's event loop."""
    threading.Timer(0.2, os.kill, (os.getpid(), number)).start()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_closes_the_window_and_the_close_backs_up(qtbot, tmp_path, number):
    from conftest import SEED_PAGE

    db = tmp_path / "signalled.sqlite3"
    with Store(db) as store:
        store.import_files([SEED_PAGE])
    before = signal.getsignal(number)
    seen: dict = {}

    def decide_then_signal() -> None:
        window = the_window(qtbot)
        qtbot.waitUntil(lambda: window.session.contents is not None, timeout=10_000)
        window.papers.table.setFocus()
        qtbot.keyClick(window.papers.table, Qt.Key.Key_N)
        window.closed.connect(lambda _layout: seen.setdefault("closed", True))
        signal_soon(number)

    in_the_loop(decide_then_signal)
    assert ran(run_window(db)) == 128 + number  # what a shell expects of a program a signal ended
    assert seen == {"closed": True}  # closed as a reviewer closes it, not cut off
    backups = list_backups(db)
    assert [backup.reason for backup in backups] == ["close"]
    with Store(backups[0].path) as copy:
        contents = copy.load_cluster(copy.clusters()[0].id)
        assert [decision.verdict.value for decision in contents.decisions.values()] == ["rejected"]
    assert signal.getsignal(number) is before  # put back once the event loop is over


def test_with_changes_not_saved_the_first_signal_asks_and_a_second_quits(qtbot, seeded, monkeypatch):
    from sqlalchemy import event

    window = open_window(qtbot, seeded)

    def refuse_writes(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(seeded._engine, "connect", refuse_writes)
    seeded._engine.dispose()
    press(qtbot, window, Qt.Key.Key_Y)
    assert window.session.pending
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.No)
    app = QApplication.instance()
    exits: list[int] = []
    stopper = StopOnSignals(app)
    monkeypatch.setattr(stopper, "app", _AppThatRecordsExit(app, exits))
    try:
        signal_soon(signal.SIGTERM)
        qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
        assert asked[0].startswith(f"1 change is not saved yet in {seeded.path} (attempt to write a readonly database).")
        assert window.isVisible() and exits == []  # the reviewer said no: the work goes on
        signal_soon(signal.SIGTERM)
        qtbot.waitUntil(lambda: bool(exits), timeout=5_000)
        assert exits == [128 + signal.SIGTERM] and len(asked) == 1  # the second signal does not ask again
    finally:
        stopper.uninstall()
        event.remove(seeded._engine, "connect", refuse_writes)
        seeded._engine.dispose()
        window.session.retry_pending()
        window.close()


def test_changes_saved_while_the_quit_question_is_open_are_not_called_lost(qtbot, seeded, db_path, monkeypatch):
    """SIGTERM while another program locks the database asks about the pending change; the lock goes, the retry
    saves it while the question is open, and the question says so (it kept saying they would be lost)."""
    from conftest import another_program_locks

    window = open_window(qtbot, seeded)
    asked: list[str] = []

    def answer_once_saved(box: QMessageBox) -> QMessageBox.StandardButton:
        asked.append(box.text())
        holder.rollback()  # the other program lets go while the question is open
        qtbot.waitUntil(lambda: not window.session.pending, timeout=10_000)  # the retry timer saves it
        asked.append(box.text())
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", answer_once_saved)
    stopper = StopOnSignals(QApplication.instance())
    monkeypatch.setattr(stopper, "app", _AppThatRecordsExit(QApplication.instance(), []))
    try:
        with another_program_locks(db_path) as holder:
            press(qtbot, window, Qt.Key.Key_Y)
            assert window.session.pending
            signal_soon(signal.SIGTERM)
            qtbot.waitUntil(lambda: len(asked) == 2, timeout=15_000)
    finally:
        stopper.uninstall()
    assert asked[0] == (
        f"1 change is not saved yet in {db_path} (database is locked).\n"
        "Close the other program using the database, or let it finish. Namesake then saves it within seconds, also while this question is open.\n"
        "If you quit now, it is lost. Quit anyway?"
    )
    assert asked[1] == "Every waiting change is saved now: nothing is lost if you quit. Quit?"
    assert window.isVisible()  # the reviewer said no
    assert verdicts(seeded) == {0: "person"}
    window.close()


class _AppThatRecordsExit:
    """The test's application, except that `exit` is recorded: the tests' event loop must go on."""

    def __init__(self, app: QApplication, exits: list[int]):
        self._app, self._exits = app, exits

    def __getattr__(self, name: str):
        return getattr(self._app, name)

    def exit(self, code: int) -> None:
        self._exits.append(code)
