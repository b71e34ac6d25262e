"""Letters after a decision: C notes the papers just decided, and a menu closed unchosen gives the keys back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from gui.note_edit import NoteDialog
from models.schema import Verdict
from test_main_window import SHIFT, open_window, press


def noting(monkeypatch, note: str, prompts: list[str]) -> None:
    """The note dialog, shown by C, answered with `note` and its prompt kept."""
    def typed(dialog: NoteDialog) -> bool:
        prompts.append(dialog.findChild(QLabel).text())
        dialog.edit.setPlainText(note)
        return True

    monkeypatch.setattr(NoteDialog, "exec", typed)


def test_c_right_after_a_decision_that_moved_on_notes_the_paper_just_decided(qtbot, seeded, cluster, monkeypatch):
    """P then C: the cursor had moved to the next undecided paper, C was refused, and the note's letters decided."""
    window = open_window(qtbot, seeded)
    prompts: list[str] = []
    noting(monkeypatch, "checked against DBLP", prompts)
    decided = window.papers.current_paper()
    press(qtbot, window, Qt.Key.Key_P)
    assert window.papers.current_paper().paper_id != decided.paper_id  # moved on
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == [f"Note on paper {decided.position + 1}, just decided:"]
    contents = seeded.load_cluster(cluster.id)
    assert contents.decisions[decided.paper_id].note == "checked against DBLP"
    assert window.papers.current_paper().paper_id not in contents.decisions  # the paper the cursor is on: untouched
    assert window.statusBar().currentMessage() == f"Saved: note on 1 paper (paper {decided.position + 1})"


def test_c_after_the_decision_that_finishes_the_cluster_notes_the_paper_just_decided(qtbot, seeded, cluster, ids, monkeypatch):
    """N on the last undecided paper: the cursor moved on to a paper decided before, and C put the note on that one,
    "Note on 1 decided paper:" and "Saved: note on 1 paper" naming neither."""
    seeded.decide(cluster.id, ids[1:], Verdict.REJECTED)
    window = open_window(qtbot, seeded)
    prompts: list[str] = []
    noting(monkeypatch, "not him: other field", prompts)
    last = window.papers.current_paper()
    assert last.paper_id == ids[0]
    press(qtbot, window, Qt.Key.Key_N)
    moved_to = window.papers.current_paper()
    assert moved_to.paper_id != last.paper_id  # on a paper decided before
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == [f"Note on paper {last.position + 1}, just decided:"]
    notes = {paper_id: state.note for paper_id, state in seeded.load_cluster(cluster.id).decisions.items()}
    assert notes[last.paper_id] == "not him: other field"
    assert notes[moved_to.paper_id] is None
    assert window.statusBar().currentMessage() == f"Saved: note on 1 paper (paper {last.position + 1})"


def test_c_on_selected_decided_papers_names_them(qtbot, seeded, cluster, ids, monkeypatch):
    seeded.decide(cluster.id, ids[:2], Verdict.UNSURE)
    window = open_window(qtbot, seeded)
    prompts: list[str] = []
    noting(monkeypatch, "ask the author", prompts)
    window.papers.set_current_row(window.papers.model.row_of(ids[0]))
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == ["Note on papers 1 and 2:"]
    assert window.statusBar().currentMessage() == "Saved: note on 2 papers (papers 1 and 2)"


def test_just_decided_ends_with_the_next_key_that_moves(qtbot, seeded, cluster, monkeypatch):
    window = open_window(qtbot, seeded)
    prompts: list[str] = []
    noting(monkeypatch, "never saved", prompts)
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == []
    assert window.statusBar().currentMessage() == "Decide first: a note goes with a decision."
    assert not any(state.note for state in seeded.load_cluster(cluster.id).decisions.values())


def test_just_decided_ends_with_a_change_of_the_selection_that_keeps_the_current_paper(qtbot, seeded, cluster, monkeypatch):
    """The selection's notice cleared the list of the first load only (a bound method of a list replaced since)."""
    from PySide6.QtCore import QItemSelectionModel

    window = open_window(qtbot, seeded)
    prompts: list[str] = []
    noting(monkeypatch, "never saved", prompts)
    press(qtbot, window, Qt.Key.Key_P)
    table = window.papers.table
    current = table.currentIndex()
    other = table.model().index(current.row() + 1, 0)
    table.selectionModel().select(other, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert table.currentIndex() == current
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == []
    assert not any(state.note for state in seeded.load_cluster(cluster.id).decisions.values())


def test_just_decided_names_every_paper_of_a_bulk_decision_and_ends_with_an_undo(qtbot, seeded, cluster, monkeypatch):
    window = open_window(qtbot, seeded)
    prompts: list[str] = []
    noting(monkeypatch, "same lab", prompts)
    first = window.papers.current_paper()
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    second = window.papers.current_paper()
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == [f"Note on papers {first.position + 1} and {second.position + 1}, just decided:"]
    notes = {paper_id: state.note for paper_id, state in seeded.load_cluster(cluster.id).decisions.items()}
    assert notes == {first.paper_id: "same lab", second.paper_id: "same lab"}
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the note undone
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the decision undone
    window.papers.set_current_row(window.papers.table.currentIndex().row())  # as after the undo's cursor move
    press(qtbot, window, Qt.Key.Key_C)
    assert len(prompts) == 1
    assert QApplication.focusWidget() is window.papers.table


# Offscreen, a menu cannot grab the keyboard: it is given the keys here, as it takes them on a screen.
NO_GRAB = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def decide_menu(window):
    return next(action.menu() for action in window.menuBar().actions() if action.text() == "&Decide")


@NO_GRAB
def test_a_menu_closed_with_esc_gives_the_keys_back_to_the_papers(qtbot, seeded, cluster, monkeypatch):
    """A click on Decide, then Esc: the menu bar kept the keyboard, ↓ walked the menu and C chose "Clear decision"
    by its mnemonic, out of sight; the note's letters typed next then decided papers."""
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_U)  # a decision that C could clear by the menu's mnemonic
    press(qtbot, window, Qt.Key.Key_K)
    unsure = window.papers.current_paper()
    bar, menu = window.menuBar(), decide_menu(window)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
    qtbot.waitUntil(lambda: window.focusWidget() is window.papers.table, timeout=1000)  # not the menu bar
    window.activateWindow()  # offscreen, the menu closed stays the active window; on a screen the window is
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.papers.table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert not menu.isVisible()  # ↓ moved among the papers, it did not open the menu
    assert window.papers.current_paper().paper_id != unsure.paper_id
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    prompts: list[str] = []
    noting(monkeypatch, "BUPT fingerprint group", prompts)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C)  # the note key, not a mnemonic: the paper stays unsure
    assert prompts == ["Note on paper 1:"]
    decision = seeded.load_cluster(cluster.id).decisions[unsure.paper_id]
    assert (decision.verdict.value, decision.note) == ("unsure", "BUPT fingerprint group")


@NO_GRAB
def test_a_menu_chosen_from_by_keyboard_still_works(qtbot, seeded, cluster):
    """Alt+D, then ↓ to an item and Return: the menu bar keeps the keyboard while the reviewer walks it."""
    window = open_window(qtbot, seeded)
    paper = window.papers.current_paper()
    bar, menu = window.menuBar(), decide_menu(window)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_U)  # "&Unsure" by its mnemonic, while the menu is open
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert seeded.load_cluster(cluster.id).decisions[paper.paper_id].verdict.value == "unsure"
