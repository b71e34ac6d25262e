"""Reaching things by keyboard: the unsure papers (Ctrl+J, a view of them), sorting by a column (Fit above all), the
keys window on a small screen, and the note dialog's words. Found by a tester at the real window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from gui.actions import ACTIONS, keys_table_html
from gui.papers_model import FIT, NUMBER, YEAR, View
from test_main_window import CTRL, SHIFT, current_row, press, verdicts


def said(window) -> str:
    return window.statusBar().currentMessage()


def decide_rows(qtbot, window, verdict_keys: dict[int, Qt.Key]) -> None:
    """Each row's decision by its key, the row made current first."""
    for row, key in verdict_keys.items():
        window.papers.set_current_row(row)
        press(qtbot, window, key)


# Ctrl+J: the next undecided paper, else the next unsure one -------------------------------------------


def test_ctrl_j_goes_to_the_unsure_paper_once_none_is_undecided_and_says_so(qtbot, window, seeded):
    """"every paper has a decision, 1 unsure: the cluster is done once it is decided", then Ctrl+J did nothing and
    said nothing: the unsure paper (paper 4) was reached only through the Show box."""
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_N)
    decide_rows(qtbot, window, {3: Qt.Key.Key_U})  # every paper decided, paper 4 unsure
    assert verdicts(seeded) == {**dict.fromkeys(range(7), "rejected"), 3: "unsure"}
    window.papers.set_current_row(5)
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert current_row(window) == 3  # round past the end, to paper 4
    assert window.papers.selected_rows() == [3]
    assert said(window) == "No undecided paper left: paper 4 is unsure"
    assert QApplication.focusWidget() is window.papers.table
    press(qtbot, window, Qt.Key.Key_Y)  # decided: the cluster is done
    window.papers.set_current_row(1)
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert current_row(window) == 1  # nowhere to go: the cursor stays (it moved one row down, saying nothing)
    assert said(window) == "No undecided or unsure paper left: the cluster is done (Ctrl+N opens the next one not done)."


def test_ctrl_j_takes_an_undecided_paper_before_any_unsure_one_and_visits_the_unsure_ones_in_turn(qtbot, window):
    decide_rows(qtbot, window, {1: Qt.Key.Key_U, 4: Qt.Key.Key_U})
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert current_row(window) == 2  # undecided, past the unsure paper 2
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_N)  # papers 1-4 (paper 2 no longer unsure); papers 6, 7 left undecided
    decide_rows(qtbot, window, {5: Qt.Key.Key_N, 6: Qt.Key.Key_N, 1: Qt.Key.Key_U})  # unsure: papers 2 and 5
    window.papers.set_current_row(2)
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert (current_row(window), said(window)) == (4, "No undecided paper left: paper 5 is unsure")
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert (current_row(window), said(window)) == (1, "No undecided paper left: paper 2 is unsure")  # round again


def test_ctrl_j_says_which_view_hides_the_undecided_papers(qtbot, window):
    """In a view without undecided papers "No undecided paper left" would be untrue: it names what hides them."""
    decide_rows(qtbot, window, {1: Qt.Key.Key_U, 2: Qt.Key.Key_N})
    press(qtbot, window, Qt.Key.Key_I, CTRL)  # the unsure papers
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert said(window) == (
        "No undecided paper shown: paper 2 is unsure (5 undecided papers hidden by the view “Unsure”: Ctrl+0 shows all papers)"
    )
    window.controller.show_view(View("rejected"))
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert said(window) == (
        "No undecided or unsure paper shown: 5 undecided papers and 1 unsure hidden by the view “Not this name”: Ctrl+0 shows all papers."
    )


def test_ctrl_j_names_only_the_filter_where_the_undecided_view_hides_no_undecided_paper(qtbot, window):
    """A tester: "59 undecided papers hidden by the view “Undecided” and the filter “web”: Ctrl+0 shows all papers, Esc
    clears the filter", where the view hid none of them and Ctrl+0 would not have helped."""
    window.controller.show_view(View("undecided"))
    window.papers.filter_edit.setText("no such words anywhere")
    qtbot.waitUntil(lambda: window.papers.model.rowCount() == 0 and not window.papers.model.scanning)
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert said(window) == "No undecided or unsure paper shown: 7 undecided papers hidden by the filter “no such words anywhere”: Esc clears it."
    window.controller.show_view(View("unsure"))  # it hides the undecided papers: both named
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert said(window) == (
        "No undecided or unsure paper shown: 7 undecided papers hidden by the view “Unsure” and the filter “no such words "
        "anywhere”: Ctrl+0 shows all papers, Esc clears the filter."
    )


# The unsure papers' view ---------------------------------------------------------------------------


def test_a_key_shows_the_unsure_papers_beside_ctrl_u_and_ctrl_0(qtbot, window, seeded):
    """The View menu had Show all / Show undecided but no unsure view: 6 keys through the Show box."""
    decide_rows(qtbot, window, {1: Qt.Key.Key_U, 4: Qt.Key.Key_U, 5: Qt.Key.Key_Y})
    press(qtbot, window, Qt.Key.Key_I, CTRL)
    pane = window.papers
    assert [pane.model.paper_at(row).position for row in range(pane.model.rowCount())] == [1, 4]
    assert pane.view_choice.currentText() == "Unsure"
    assert QApplication.focusWidget() is pane.table and current_row(window) == 0
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    assert pane.model.rowCount() == 7
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    shown = [a.objectName() for a in view_menu.actions()]
    assert shown[:3] == ["show_all", "show_undecided", "show_unsure"]
    assert window.window_actions["show_unsure"].shortcut().toString() == "Ctrl+I"
    assert "<b>Ctrl+I</b></td><td>Show unsure papers" in keys_table_html()


def test_no_two_actions_share_a_key():
    keys = [key.casefold() for spec in ACTIONS for key in spec.keys]
    assert len(keys) == len(set(keys)), sorted(key for key in keys if keys.count(key) > 1)


# Sorting by keyboard -------------------------------------------------------------------------------


def test_ctrl_t_sorts_by_fit_weakest_first_and_the_orders_go_back(qtbot, window, seeded):
    """The README's way to find a wrong paper in a person is to sort by Fit ascending; only a click on the header did."""
    pane, model = window.papers, window.papers.model
    decide_rows(qtbot, window, {0: Qt.Key.Key_Y, 1: Qt.Key.Key_Y, 2: Qt.Key.Key_Y})
    qtbot.waitUntil(lambda: window.session.analysis is not None and any(model.index(row, FIT).data() for row in range(7)), timeout=30_000)
    pane.set_current_row(4)
    current = pane.current_paper().paper_id
    press(qtbot, window, Qt.Key.Key_T, CTRL)
    keys = [model._fit_key(model.paper_at(row)) for row in range(model.rowCount())]
    assert keys == sorted(keys) and keys != [model._fit_key(paper) for paper in window.session.contents.papers]
    assert pane.table.horizontalHeader().sortIndicatorSection() == FIT
    assert pane.current_paper().paper_id == current  # the current paper kept, in sight
    assert pane.order_choice.currentText() == "By Fit"  # it said "Source order" over rows sorted by another column
    assert said(window).startswith("Sorted by Fit: the papers to place first")
    press(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    assert [model.paper_at(row).position for row in range(7)] == list(range(7))
    assert pane.order_choice.currentText() == "Source order"
    assert pane.order_choice.count() == 2  # "By Fit" is offered only while the rows are sorted so
    assert pane.current_paper().paper_id == current


def test_view_sort_by_lists_every_order_and_sorts_by_a_column(qtbot, window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    sort_menu = next(a.menu() for a in view_menu.actions() if a.text() == "Sort &by")
    names = [a.objectName() for a in sort_menu.actions() if a.objectName()]
    assert names[:3] == ["source_order", "review_next", "sort_fit"]
    assert {"sort_decision", "sort_year", "sort_title", "sort_venue", "sort_authors"} <= set(names)
    window.window_actions["sort_year"].trigger()
    model = window.papers.model
    years = [model.paper_at(row).year for row in range(model.rowCount())]
    assert years == sorted(years) and window.papers.table.horizontalHeader().sortIndicatorSection() == YEAR
    assert window.papers.order_choice.currentText() == "By Year"
    assert "<b>Ctrl+T</b></td><td>Sort by Fit" in keys_table_html()


def test_sorted_by_fit_before_any_fit_says_so(qtbot, window):
    window.papers.model.set_fits({})
    press(qtbot, window, Qt.Key.Key_T, CTRL)
    assert said(window).startswith("Sorted by Fit, but no paper has a fit yet")
    assert [window.papers.model.paper_at(row).position for row in range(7)] == list(range(7))
    assert window.papers.table.horizontalHeader().sortIndicatorSection() == FIT


def test_a_click_on_a_column_header_says_the_order_in_the_order_choice(qtbot, window):
    header = window.papers.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(YEAR) + 5, 5))
    assert header.sortIndicatorSection() == YEAR and window.papers.order_choice.currentText() == "By Year"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(NUMBER) + 5, 5))
    assert window.papers.order_choice.currentText() == "Source order"


# The keys window (F1) ------------------------------------------------------------------------------


def keys_window(qtbot, window, monkeypatch):
    """F1's window, shown as `exec` shows it, without blocking the test."""
    from gui.keys_dialog import KeysDialog

    shown = []
    monkeypatch.setattr(KeysDialog, "exec", lambda dialog: shown.append(dialog) or dialog.show() or 0)
    window.activateWindow()  # as a modal window's closing gives the keys back (`MainWindow.event`)
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window, Qt.Key.Key_F1)
    (dialog,) = shown
    dialog.activateWindow()  # as exec() does
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_keys_window_fits_the_screen_and_its_ok_button_is_in_sight(qtbot, window, monkeypatch):
    """1,214 pixels tall on a 1,000-pixel screen: its last rows and OK were off screen."""
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = keys_window(qtbot, window, monkeypatch)
    room = dialog.screen().availableGeometry()
    assert room.contains(dialog.frameGeometry()), (dialog.frameGeometry(), room)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isVisible() and QRect(QPoint(0, 0), dialog.size()).contains(QRect(ok.mapTo(dialog, QPoint(0, 0)), ok.size()))
    assert dialog.windowTitle() == "Namesake — keys" and dialog.sheet_text == keys_table_html()
    scroll = dialog.scroll.verticalScrollBar()
    assert scroll.maximum() > 0  # the whole sheet is taller than the screen: it scrolls inside
    # By keyboard: the sheet has the focus, End scrolls to its last rows, Return closes it.
    assert QApplication.focusWidget() is dialog.scroll
    qtbot.keyClick(dialog.scroll, Qt.Key.Key_End)
    assert scroll.value() == scroll.maximum()
    qtbot.keyClick(dialog.scroll, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert keys_window(qtbot, window, monkeypatch) is dialog and scroll.value() == 0  # shown again from the top
    dialog.close()


def test_f1_lists_the_keys_in_its_window(qtbot, window, monkeypatch):
    dialog = keys_window(qtbot, window, monkeypatch)
    assert "<b>Ctrl+J</b></td><td>Next undecided paper; with none left, the next unsure one" in dialog.sheet_text
    assert "View → Sort by" in dialog.sheet_text
    dialog.close()


# The note dialog's words ---------------------------------------------------------------------------


def test_the_note_dialog_counts_papers_in_words(qtbot, window, monkeypatch):
    """It said "Note on 1 decided paper(s):", then "Note on 1 decided paper:", naming none: now it names them."""
    from PySide6.QtWidgets import QLabel

    from gui.note_edit import NoteDialog

    prompts = []
    monkeypatch.setattr(NoteDialog, "exec", lambda dialog: prompts.append(dialog.findChild(QLabel).text()) and False)
    press(qtbot, window, Qt.Key.Key_Y)
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_C)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_N)
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_C)
    assert prompts == ["Note on paper 1:", "Note on papers 1 and 2:"]
