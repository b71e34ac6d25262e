"""Notes at the window: typing them in their fields, and seeing them once saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from gui.note_edit import NoteDialog
from gui.person_dialog import PersonDialog
from models.schema import Verdict
from test_main_window import CTRL, SHIFT, open_window, press

KEYPAD = Qt.KeyboardModifier.KeypadModifier


def shown(qtbot, dialog: QDialog) -> QDialog:
    """The dialog shown and active, as `exec` would show it, without waiting for a click."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # the application hears of it a little later
    return dialog


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_tab_leaves_the_decisions_note_and_shift_tab_comes_back(qtbot):
    dialog = shown(qtbot, NoteDialog("Note on 1 decided paper(s):", "", None))
    assert focused() is dialog.edit
    qtbot.keyClicks(dialog.edit, "same lab")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
    assert focused() is not dialog.edit and dialog.isAncestorOf(focused())  # on to the buttons
    assert dialog.edit.toPlainText() == "same lab"  # no tab character typed into the note
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, SHIFT)
    assert focused() is dialog.edit


@pytest.mark.parametrize("modifiers", [CTRL, CTRL | KEYPAD], ids=["Ctrl+Return", "Ctrl+Enter on the keypad"])
def test_ctrl_return_accepts_the_decisions_note(qtbot, modifiers):
    dialog = shown(qtbot, NoteDialog("Note on 1 decided paper(s):", "", None))
    qtbot.keyClicks(dialog.edit, "first line")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # plain Return: a new line, as before
    qtbot.keyClicks(dialog.edit, "second line")
    key = Qt.Key.Key_Enter if modifiers & KEYPAD else Qt.Key.Key_Return
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.edit, key, modifiers)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.note() == "first line\nsecond line"


def person_dialog(qtbot, seeded, cluster, ids) -> PersonDialog:
    seeded.create_person(cluster.id, ids[:1], label="Shengen Yan")
    (person,) = seeded.people(cluster.id)
    dialog = shown(qtbot, PersonDialog(person))
    dialog.note.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.note)
    return dialog


def test_tab_leaves_the_persons_note_and_ctrl_return_accepts_the_profile(qtbot, seeded, cluster, ids):
    dialog = person_dialog(qtbot, seeded, cluster, ids)
    qtbot.keyClicks(dialog.note, "SenseTime")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert focused() is not dialog.note and dialog.note.toPlainText() == "SenseTime"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, SHIFT)
    assert focused() is dialog.note
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    assert dialog.fields()["note"] == "SenseTime"


def test_ctrl_return_does_not_accept_a_profile_whose_ok_is_disabled(qtbot, seeded, cluster, ids):
    dialog = person_dialog(qtbot, seeded, cluster, ids)
    dialog.orcid.setText("0000-0002-1825-0098")  # a wrong check digit: OK is disabled
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def test_the_note_key_c_types_a_note_tabs_out_and_saves_it_with_ctrl_return(qtbot, seeded, monkeypatch):
    """At the window: C, the note typed, Tab out and back, Ctrl+Return; the note saved has no tab in it."""
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_K)

    def typed(dialog: NoteDialog) -> int:  # the reviewer at the modal dialog `exec` shows
        shown(qtbot, dialog)
        qtbot.keyClicks(dialog.edit, "coauthors differ")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab, SHIFT)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
        return dialog.result()

    monkeypatch.setattr(NoteDialog, "exec", typed)
    press(qtbot, window, Qt.Key.Key_C)
    cluster = seeded.clusters()[0]
    paper_id = window.papers.current_paper().paper_id
    assert seeded.load_cluster(cluster.id).decisions[paper_id].note == "coauthors differ"
    assert seeded.load_cluster(cluster.id).decisions[paper_id].verdict is Verdict.UNSURE


def test_a_saved_note_is_said_in_the_status_bar_and_shown_on_the_papers_decision_line(qtbot, seeded, monkeypatch):
    """It was only in the History tab: the Paper tab's Decision line left it out and nothing said it was saved."""
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_K)
    note = "<b>not</b> the SenseTime one & ask\nTsinghua"  # markup in a note is text, shown as typed
    monkeypatch.setattr(NoteDialog, "exec", lambda dialog: dialog.edit.setPlainText(note) or True)
    press(qtbot, window, Qt.Key.Key_C)
    assert window.statusBar().currentMessage() == "Saved: note on 1 paper (paper 1)"
    qtbot.waitUntil(lambda: "Decision: unsure · Note: <b>not</b>" in window.detail.toPlainText())
    assert "Note: <b>not</b> the SenseTime one & ask\nTsinghua" in window.detail.toPlainText()
    monkeypatch.setattr(NoteDialog, "exec", lambda dialog: dialog.edit.setPlainText("  ") or True)
    press(qtbot, window, Qt.Key.Key_C)
    assert window.statusBar().currentMessage() == "Saved: note removed from 1 paper (paper 1)"
    qtbot.waitUntil(lambda: "Note:" not in window.detail.toPlainText())
    assert "Decision: unsure" in window.detail.toPlainText()


def test_the_profile_dialog_keeps_its_width_as_fields_are_typed(qtbot):
    """Tester 2 (#14e): the Edit profile dialog widened to about 700 pixels as fields were typed: the ORCID problem
    said on one line ("'0000-0002' is not an ORCID iD (expected …)") took the dialog's width with it."""
    from PySide6.QtTest import QTest

    from models.queries import PersonSummary

    dialog = PersonDialog(PersonSummary(1, "Thomas Meyer (2)", 3, "Thomas Meyer"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    width = dialog.width()
    QTest.keyClicks(dialog.affiliation, "IBM European Networking Center, Heidelberg, Germany and University of Karlsruhe")
    QTest.keyClicks(dialog.orcid, "0000-0002")
    qtbot.wait(20)
    assert "is not an ORCID iD" in dialog.orcid_status.text()
    assert dialog.width() == width and dialog.sizeHint().width() == width
