"""A long status message is cut with "…" before the permanent labels, and its tooltip says it whole (tester 2, #14b)."""

from PySide6.QtWidgets import QLabel, QMainWindow

from gui.status_line import QtStatusBar

LONG = ("Not undone: 'new person Thomas Meyer (7) with 1 paper': bo changed it since (paper 31); left out of your undo "
        "history. Ctrl+Z now takes back 'new person Thomas Meyer (6) with 1 paper'.")


def _window(qtbot, width: int) -> tuple[QMainWindow, QtStatusBar, QLabel]:
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = QtStatusBar(window)
    window.setStatusBar(bar)
    reviewer = QLabel("Reviewer: root")
    bar.addPermanentWidget(reviewer)
    bar.addPermanentWidget(QLabel("31 of 31 decided"))
    window.resize(width, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, bar, reviewer


def test_a_long_message_ends_in_an_ellipsis_before_the_reviewers_name(qtbot):
    window, bar, reviewer = _window(qtbot, 900)
    bar.showMessage(LONG)
    qtbot.wait(10)
    shown = bar.shown_message()
    assert shown.endswith("…") and LONG.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= reviewer.x() - bar.message_room().left()
    assert bar.toolTip() == LONG
    assert not window.grab().isNull()  # paints


def test_a_message_that_fits_is_shown_whole_with_no_tooltip(qtbot):
    _window_, bar, _reviewer = _window(qtbot, 900)
    bar.showMessage("Saved: paper 7 → undecided")
    assert bar.shown_message() == "Saved: paper 7 → undecided" and bar.toolTip() == ""
    bar.showMessage(LONG)
    bar.clearMessage()
    assert bar.toolTip() == ""


def test_the_review_window_uses_it(qtbot, seeded):
    from gui.main_window import MainWindow
    from gui.session import ReviewSession

    window = MainWindow(ReviewSession(seeded))
    qtbot.addWidget(window)
    assert isinstance(window.statusBar(), QtStatusBar)
