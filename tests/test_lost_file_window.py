"""The window on a database file moved or deleted while open (`models.open_file`, `ReviewSession.look_at_the_file`).

A tester moved the open database (`mv`), then decided with Y, N and P: each was said "Saved", went to the lost
file's -wal under the old name, and was gone after the quit; deleting the file lost everything, without a word.
"""

from __future__ import annotations

import os
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.safety_texts import pending_question
from models.store import Store
from test_main_window import current_row, open_window, press, verdicts


def decided_in(path) -> dict[int, str]:
    """Decisions by source position in the database at `path`."""
    with Store(path) as copy:
        return verdicts(copy)


def copied(qtbot, window):
    """The rescued copy, once the session has made it (on a worker thread)."""
    qtbot.waitUntil(lambda: window.session.lost_file is not None and window.session.lost_file.copy is not None, timeout=10_000)
    return window.session.lost_file.copy


def test_a_database_moved_while_open_stops_saying_saved_and_everything_saved_is_rescued(qtbot, seeded, monkeypatch):
    window = open_window(qtbot, seeded)
    db_path = seeded.path
    press(qtbot, window, Qt.Key.Key_Y)
    assert window.statusBar().currentMessage().startswith("Saved: ")
    os.rename(db_path, db_path.with_name("moved.sqlite3"))
    press(qtbot, window, Qt.Key.Key_N)  # the tester's "Saved: paper 2 → not this name", written to the lost file
    assert window.statusBar().currentMessage().startswith("Not saved: the database file was moved or deleted")
    assert len(window.session.pending) == 1 and window.papers.model.index(1, 1).data() == "◷ not this name"
    assert current_row(window) == 2  # the reviewer goes on as after any change kept waiting
    copy = copied(qtbot, window)
    assert copy.parent == db_path.parent and copy.name.startswith("review.rescued-")
    assert decided_in(copy) == {0: "person"}  # everything said saved, nothing after the loss
    banner = window.banner.text()
    assert window.banner.isVisible() and banner.startswith(f"⚠ {db_path}: the database file was moved or deleted while open.")
    assert f"Everything saved is in the copy {copy}: quit, then open that file to go on" in banner
    assert banner.endswith("1 change made since waits, not saved, and is lost when you quit.")
    assert window.windowTitle() == "Namesake — Shengen Yan (not saving)"
    press(qtbot, window, Qt.Key.Key_U)
    window.session.retry_pending()  # as the retry timer does: never written to the lost file
    assert len(window.session.pending) == 2 and decided_in(copy) == {0: "person"}
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
    window.close()
    assert asked == [pending_question(window.session.pending, db_path, lost=True)]
    assert f"Everything saved before is in {copy}: open that copy" in asked[0] and "2 changes are not saved in" in asked[0]
    window.session.runner.wait()
    seeded.close()
    assert decided_in(copy) == {0: "person"} and not db_path.exists()  # no second copy: nothing changed since
    assert [p.name for p in db_path.parent.glob("review.rescued-*.sqlite3")] == [copy.name]


def test_a_database_deleted_while_open_is_found_by_the_watch_and_rescued_before_any_key(qtbot, seeded):
    window = open_window(qtbot, seeded)
    db_path = seeded.path
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Y)
    db_path.unlink()  # the tester's rm: on quit only -wal, -shm and .lock were left
    window.session.look_for_changes_elsewhere()  # as the watch does every 2 s
    assert window.banner.isVisible() and "Namesake is copying everything saved to a new file beside it" in window.banner.text()
    copy = copied(qtbot, window)
    assert decided_in(copy) == {0: "rejected", 1: "person"}
    assert str(copy) in window.banner.text() and str(db_path) in window.banner.text()
    window.close()  # nothing waits: it closes without a question
    assert not window.isVisible()
    window.session.runner.wait()
    seeded.close()
    assert decided_in(copy) == {0: "rejected", 1: "person"}


def test_a_loss_first_found_at_quit_keeps_the_window_open_to_say_where_the_copy_is(qtbot, seeded):
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_N)
    os.rename(seeded.path, seeded.path.with_name("moved.sqlite3"))
    window.close()  # File → Quit, or the first SIGTERM
    assert window.isVisible() and window.session.lost_file is not None
    copy = copied(qtbot, window)
    assert decided_in(copy) == {0: "rejected"} and str(copy) in window.banner.text()
    window.close()  # read: now it closes
    assert not window.isVisible()
    window.session.runner.wait()
    seeded.close()


def test_a_copy_that_failed_is_said_and_made_at_the_next_look(qtbot, seeded, monkeypatch):
    from models.errors import NamesakeError

    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_N)
    real_rescue = Store.rescue

    def disk_full(_store, elsewhere=None):
        raise NamesakeError("could not copy it to a new file (database or disk is full)")

    monkeypatch.setattr(Store, "rescue", disk_full)
    seeded.path.unlink()
    window.session.look_for_changes_elsewhere()
    qtbot.waitUntil(lambda: bool(window.session.lost_file.failure), timeout=10_000)
    assert "Copying it to a new file failed (could not copy it to a new file (database or disk is full)): do not quit" in window.banner.text()
    said = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: said.append(args[2]) or QMessageBox.StandardButton.No)
    window.close()
    assert window.isVisible() and "copying it to a new file failed" in said[0]
    monkeypatch.setattr(Store, "rescue", real_rescue)
    window.session.look_for_changes_elsewhere()  # the watch, 2 s later
    assert decided_in(copied(qtbot, window)) == {0: "rejected"}
    assert "Copying it to a new file failed" not in window.banner.text()
    window.close()
    window.session.runner.wait()
    seeded.close()


def test_the_quit_question_names_the_file_says_what_to_do_and_counts_in_words():
    """It read "1 change(s) could not be saved yet (attempt to write a readonly database). If you quit now they
    are lost. Quit anyway?": no file, nothing to do; chmod 644 on the database alone left the -shm read-only."""
    from pathlib import Path
    from types import SimpleNamespace

    from models.errors import WriteRefused

    db_path = Path("/data/d.sqlite3")
    refused = WriteRefused(db_path, "attempt to write a readonly database", sqlite3.SQLITE_READONLY)
    waiting = SimpleNamespace(error=refused.reason, advice=refused.advice)
    one = pending_question([waiting], db_path, why_now=f"you may not write the database file {db_path}-shm")
    assert one == (
        "1 change is not saved yet in /data/d.sqlite3 (attempt to write a readonly database).\n"
        "Make /data/d.sqlite3, its -wal and -shm files and its folder writable (their permissions, or a disk mounted "
        "read-only); now you may not write the database file /data/d.sqlite3-shm. Namesake then saves it within seconds, "
        "also while this question is open.\n"
        "If you quit now, it is lost. Quit anyway?"
    )
    two = pending_question([waiting, SimpleNamespace(error="waiting for the one before", advice="")], db_path)
    assert two.startswith("2 changes are not saved yet in /data/d.sqlite3 (attempt to write a readonly database).\n")
    assert "Namesake then saves them within seconds" in two and two.endswith("If you quit now, they are lost. Quit anyway?")
