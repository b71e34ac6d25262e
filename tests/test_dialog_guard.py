"""The tests' guard against modal dialogs (`conftest.no_modal_dialogs`).

Offscreen, a message box nobody expected waits for a click that never comes:
the run hangs until CI kills it, saying nothing. With the guard, the test
fails at once with the dialog's text.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from conftest import UnexpectedDialog
from test_main_window import open_window


def test_a_message_box_fails_with_its_text():
    with pytest.raises(UnexpectedDialog, match="QMessageBox.warning .*Namesake — the disk is full"):
        QMessageBox.warning(None, "Namesake — the disk is full", "Nothing was saved.")


@pytest.mark.parametrize("call", [
    lambda: QInputDialog.getText(None, "Reviewer name", "Your name:"),
    lambda: QFileDialog.getSaveFileName(None, "Export to file", "/tmp"),
    lambda: QDialog().exec(),
])
def test_every_kind_of_modal_dialog_fails(qapp, call):
    with pytest.raises(UnexpectedDialog):
        call()


def test_a_message_box_made_then_run_fails_with_its_title_and_text(qapp):
    """As `gui.crash` shows an error that escaped."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Namesake — something went wrong", "KeyError: 42")
    with pytest.raises(UnexpectedDialog, match="QMessageBox.exec .*something went wrong \\| KeyError: 42"):
        box.exec()


def test_a_test_that_expects_a_dialog_answers_it(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert QMessageBox.question(None, "Restore", "Put the backup in place?") == QMessageBox.StandardButton.Yes


def test_a_damaged_database_found_by_the_background_check_fails_the_test(qtbot, seeded, monkeypatch):
    """The check reports from its thread through a slot: its warning, unanswered, would have hung the run."""
    window = open_window(qtbot, seeded)
    damage = "*** in database main *** Page 7: btreeInitPage() returns error code 11"
    monkeypatch.setattr(seeded, "integrity_problems", lambda quick: [damage])
    with qtbot.capture_exceptions() as raised:
        window.check_database(report_ok=False)
        qtbot.waitUntil(lambda: len(raised) > 0, timeout=10_000)
    error = raised[0][1]
    assert isinstance(error, UnexpectedDialog)
    assert "the database is damaged" in str(error) and damage in str(error)
    window.session.runner.wait()


def test_a_warning_from_a_slot_is_caught_as_a_failure(qtbot, seeded):
    window = open_window(qtbot, seeded)
    with qtbot.capture_exceptions() as raised:
        window.session.failed.emit("The decision was not saved", "disk I/O error")
    assert len(raised) == 1
    error = raised[0][1]
    assert isinstance(error, UnexpectedDialog)
    assert "The decision was not saved" in str(error) and "disk I/O error" in str(error)
    window.session.runner.wait()
