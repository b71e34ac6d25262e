"""The papers table's keys that move the current paper: a decision acts on the paper they move to (or the papers
they select), never on a selection left behind out of sight. Found by a tester on a cluster of 10,000 papers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from test_main_window import CTRL, SHIFT, click_row, current_row, press, verdicts


def rows_selected(window) -> list[int]:
    return window.papers.selected_rows()


@pytest.mark.parametrize("key, start, reached", [
    (Qt.Key.Key_End, 2, 6),
    (Qt.Key.Key_Home, 4, 0),
    (Qt.Key.Key_Down, 2, 3),
    (Qt.Key.Key_Up, 4, 3),
    (Qt.Key.Key_PageDown, 2, 6),
])
def test_ctrl_with_a_moving_key_selects_the_paper_it_moves_to_and_a_decision_acts_on_it(qtbot, window, seeded, key, start, reached):
    """Ctrl+End moved the current paper (the paper pane showed paper 10000) and left the selection on paper 3632,
    out of sight: N then rejected 3632."""
    window.papers.set_current_row(start)
    press(qtbot, window, key, CTRL)
    assert (current_row(window), rows_selected(window)) == (reached, [reached])
    press(qtbot, window, Qt.Key.Key_N)
    assert verdicts(seeded) == {reached: "rejected"}


@pytest.mark.parametrize("key, modifiers, start, selected", [
    (Qt.Key.Key_End, SHIFT | CTRL, 2, [2, 3, 4, 5, 6]),
    (Qt.Key.Key_Home, SHIFT | CTRL, 3, [0, 1, 2, 3]),
    (Qt.Key.Key_End, SHIFT, 4, [4, 5, 6]),
    (Qt.Key.Key_Home, SHIFT, 1, [0, 1]),
])
def test_shift_home_and_end_select_to_the_first_or_last_paper(qtbot, window, seeded, key, modifiers, start, selected):
    """Shift+Ctrl+End moved the cursor to the last paper and selected nothing more; Shift+End did nothing."""
    window.papers.set_current_row(start)
    press(qtbot, window, key, modifiers)
    assert rows_selected(window) == selected
    assert current_row(window) == selected[-1 if key == Qt.Key.Key_End else 0]
    press(qtbot, window, Qt.Key.Key_U)
    assert verdicts(seeded) == dict.fromkeys(selected, "unsure")


def test_shift_extends_from_the_paper_a_decision_moved_on_to(qtbot, window, seeded):
    """Qt extends from the row its own keys last moved to: after ↓ Y, Shift+↓ selected the paper just decided too."""
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Y)  # row 1 decided; row 2 current
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    assert rows_selected(window) == [2, 3]
    press(qtbot, window, Qt.Key.Key_J)  # the window moves the cursor (J, Ctrl+J, a filter...): Shift goes on from there
    press(qtbot, window, Qt.Key.Key_End, SHIFT | CTRL)
    assert rows_selected(window) == [4, 5, 6]
    press(qtbot, window, Qt.Key.Key_N)
    assert verdicts(seeded) == {1: "person", 4: "rejected", 5: "rejected", 6: "rejected"}


def test_end_and_home_go_to_the_last_and_first_paper(qtbot, window):
    """Rows, not cells: End went to the row's last column, Authors, and the paper stayed where it was."""
    press(qtbot, window, Qt.Key.Key_End)
    assert (current_row(window), rows_selected(window)) == (6, [6])
    press(qtbot, window, Qt.Key.Key_Home)
    assert (current_row(window), rows_selected(window)) == (0, [0])


def test_a_filter_that_matched_nothing_gives_the_current_paper_back_when_it_matches_again(qtbot, window):
    """Paper 45 current, "learninggraph" (no paper) corrected to "learning graph": paper 1 was current, not 45."""
    pane = window.papers
    pane.set_current_row(3)
    title = pane.current_paper().title
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(pane.filter_edit, "diffusionx")
    assert pane.model.rowCount() == 0
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Backspace)
    assert pane.model.rowCount() > 1 and current_row(window) != 0
    assert pane.current_paper().title == title
    assert rows_selected(window) == [current_row(window)]


def test_a_filter_that_left_the_current_paper_out_gives_it_back_while_the_reviewer_stays_put(qtbot, window):
    pane = window.papers
    pane.set_current_row(3)
    title = pane.current_paper().title
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(pane.filter_edit, "quantized")  # not paper 3's title ("Quantization"): another paper current
    assert pane.model.rowCount() >= 1 and pane.current_paper().title != title
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Escape)
    assert pane.current_paper().title == title


ARKVALE = "ArkVale: Efficient Generative LLM Inference with Recallable Key-Value Eviction"  # paper 5, alone in "arkvale"


def filtered_to_arkvale(qtbot, window) -> None:
    """Paper 2 current, then the filter "arkvale": paper 5 alone is shown, and current, the focus in the filter."""
    pane = window.papers
    pane.set_current_row(1)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(pane.filter_edit, "arkvale")
    assert pane.model.rowCount() == 1 and pane.current_paper().title == ARKVALE


def on_arkvale_in_sight(window) -> bool:
    """Paper 5 current, selected alone and shown, with every paper back in the table."""
    pane, table = window.papers, window.papers.table
    in_sight = table.viewport().rect().intersects(table.visualRect(table.currentIndex()))
    return (pane.model.rowCount(), pane.current_paper().title, rows_selected(window), in_sight) == (7, ARKVALE, [4], True)


@pytest.mark.parametrize("going_in, key, closing", [
    ("enter", Qt.Key.Key_P, "esc"),
    ("enter", Qt.Key.Key_U, "ctrl+f esc"),
    ("click", Qt.Key.Key_U, "esc"),
    ("enter", None, "esc"),
], ids=["enter-P-esc", "enter-U-ctrl+f-esc", "click-U-esc", "enter-esc"])
def test_the_paper_the_reviewer_went_on_with_in_the_filter_stays_current_when_it_closes(qtbot, window, seeded, going_in, key, closing):
    """Found by a tester: paper 30 current, "arithmetic" showed paper 58 alone; Enter, P, Esc: paper 30 was current
    again, while the status line still spoke of paper 58, and the next key decided paper 30. Going into the table and
    deciding there are moves of the reviewer's own: the rule that gives the left-out paper back held on."""
    pane = window.papers
    filtered_to_arkvale(qtbot, window)
    if going_in == "enter":
        qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Return)
    else:
        click_row(qtbot, pane.table, 0)
    if key is not None:
        press(qtbot, window, key)
    if closing == "ctrl+f esc":
        press(qtbot, window, Qt.Key.Key_F, CTRL)
        qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Escape)
    else:
        press(qtbot, window, Qt.Key.Key_Escape)
    assert on_arkvale_in_sight(window)
    assert not pane.filter_edit.isVisible() and QApplication.focusWidget() is pane.table
    press(qtbot, window, Qt.Key.Key_N)  # the next key decides the paper shown, not paper 2
    assert verdicts(seeded) == {4: "rejected"}


def test_a_paper_the_menu_decides_in_the_filter_stays_current_when_it_closes(qtbot, window, seeded):
    """A decision is a move of its own also where the focus stays in the filter: Accept suggestion from the menu."""
    if window.session.analysis is None:
        with qtbot.waitSignal(window.session.analysed, timeout=30_000):
            pass
    pane = window.papers
    filtered_to_arkvale(qtbot, window)
    window.window_actions["accept_suggestion"].trigger()  # the seed's one group: all 7 papers, paper 5 among them
    assert QApplication.focusWidget() is pane.filter_edit
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_Escape)
    assert on_arkvale_in_sight(window)
    assert set(verdicts(seeded).values()) == {"person"}


def test_a_paper_decided_in_another_view_within_the_filter_stays_current_when_both_close(qtbot, window, seeded):
    """The Show box: Ctrl+U within the filter, U, Ctrl+0, then Esc: paper 2, from before the filter, was current."""
    pane = window.papers
    filtered_to_arkvale(qtbot, window)
    qtbot.keyClick(pane.filter_edit, Qt.Key.Key_U, CTRL)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.statusBar().currentMessage() == "Saved: paper 5 → unsure"
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert on_arkvale_in_sight(window)


def test_the_status_line_names_the_one_paper_a_key_decided(qtbot, window):
    """"Saved: 1 paper → not this name" did not show that the key had decided a paper thousands of rows away."""
    window.papers.set_current_row(4)
    press(qtbot, window, Qt.Key.Key_N)
    assert window.statusBar().currentMessage() == "Saved: paper 5 → not this name"
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.statusBar().currentMessage() == "Saved: 2 papers → unsure"

