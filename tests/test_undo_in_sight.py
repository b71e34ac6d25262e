"""Undo, redo and a removal show the papers they changed and say which they are (tester 2, session 30)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from test_main_window import CTRL, SHIFT, current_row, press, verdicts
from test_reaching_by_keys import said


def test_an_undo_in_an_empty_undecided_view_shows_its_papers_and_the_view_keys_stay_on(qtbot, window, seeded):
    """Ctrl+U with every paper decided, then Ctrl+Z: the table stayed empty while the panel said "1 undecided", and
    Ctrl+J, Ctrl+0 and View → Show … were greyed out until the Show box was changed with the mouse."""
    for _ in range(6):
        press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_P)  # paper 7: a new person, every paper decided
    press(qtbot, window, Qt.Key.Key_U, CTRL)
    assert window.papers.model.rowCount() == 0
    window.controller.edit_person_fields(window.session.contents.people[0].id, label="Shengen Yan (ICT)")  # a change, table empty
    actions = window.window_actions
    assert all(actions[name].isEnabled() for name in ("show_all", "show_undecided", "show_unsure", "next_undecided", "find"))

    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the rename
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert verdicts(seeded) == dict.fromkeys(range(6), "person")
    assert window.papers.model.rowCount() == 1  # the paper the undo made undecided, in sight
    assert window.papers.current_paper().position == 6
    assert said(window).startswith("Undone: new person ") and said(window).endswith(" with 1 paper (paper 7)")
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    assert window.papers.model.rowCount() == 7


def test_an_undo_names_its_papers_and_says_the_filter_hides_them(qtbot, window, seeded):
    press(qtbot, window, Qt.Key.Key_Y)  # paper 1
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.papers.filter_edit, "quantiz")  # papers 4 and 7
    qtbot.keyClick(window.papers.filter_edit, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert verdicts(seeded) == {}
    assert said(window) == "Undone: paper 1 → Shengen Yan; hidden by the filter “quantiz”: Esc clears it"
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Undone: 2 papers → not this name (papers 4 and 7)"
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert said(window) == "Redone: 2 papers → not this name (papers 4 and 7)"


def test_undo_or_redo_with_nothing_left_says_so(qtbot, window, seeded):
    """Ctrl+Shift+Z with nothing to redo blanked the status line; an extra Ctrl+Z kept "Undone: …", as if it undid again."""
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Undone: paper 1 → Shengen Yan"
    assert not window.window_actions["undo"].isEnabled()  # the button and menu item stay greyed
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Nothing to undo in this cluster."
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert said(window) == "Redone: paper 1 → Shengen Yan"
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert said(window) == "Nothing to redo in this cluster."
    press(qtbot, window, Qt.Key.Key_Y, CTRL)
    assert said(window) == "Nothing to redo in this cluster."
    assert verdicts(seeded) == {0: "person"}


def test_remove_person_puts_the_cursor_on_the_papers_it_made_undecided(qtbot, window, seeded):
    """The cursor stayed on the paper it was on (tester 2: paper 35), not on the papers the removal made undecided."""
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_P)  # paper 2: a new person
    press(qtbot, window, Qt.Key.Key_P)  # paper 3: another
    assert current_row(window) == 3
    person = window.session.contents.people[-1]
    window.side.people.remove_requested.emit(person.id)
    assert verdicts(seeded) == {0: "rejected", 1: "person"}
    assert current_row(window) == 2
    assert window.papers.selected_paper_ids() == [window.papers.current_paper().paper_id]
