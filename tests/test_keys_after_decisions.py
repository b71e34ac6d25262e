"""Letters after a decision: C notes the papers just decided, and a menu closed unchosen gives the keys back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from gui.note_edit import NoteDialog
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
    assert window.statusBar().currentMessage() == "Saved: note on 1 paper"


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
