"""LiveText: counts that change with every decision repaint themselves without laying the window out again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.live_text import LiveText

TALLY = "80,001 to people · 9,000 not this name · 120 unsure · 10,879 undecided"


class Events(QObject):
    """Counts one kind of event a widget gets."""

    def __init__(self, kind: QEvent.Type):
        super().__init__()
        self.kind, self.count = kind, 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        self.count += event.type() == self.kind
        return False


def shown_in_a_layout(qtbot, live: QWidget, width: int) -> QWidget:
    panel = QWidget()
    qtbot.addWidget(panel)
    layout = QVBoxLayout(panel)
    layout.addWidget(QWidget(panel), 1)  # what the text sits under (a list)
    layout.addWidget(live)
    panel.resize(width, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_new_count_of_the_same_size_repaints_the_text_and_lays_nothing_out(qtbot):
    live = LiveText(wrap=True)
    live.setText(TALLY)
    panel = shown_in_a_layout(qtbot, live, 260)
    qtbot.wait(20)
    layouts, paints = Events(QEvent.Type.LayoutRequest), Events(QEvent.Type.Paint)
    panel.installEventFilter(layouts)
    live.installEventFilter(paints)
    live.setText(TALLY.replace("80,001", "80,002").replace("10,879", "10,878"))
    qtbot.wait(20)
    assert layouts.count == 0 and paints.count >= 1
    assert live.text().startswith("80,002") and live.accessibleName() == live.text()

    # The same with QLabel, the reason for LiveText: every new text lays the panel out again.
    label = QLabel(TALLY)
    label.setWordWrap(True)
    other = shown_in_a_layout(qtbot, label, 260)
    qtbot.wait(20)
    label_layouts = Events(QEvent.Type.LayoutRequest)
    other.installEventFilter(label_layouts)
    label.setText(TALLY.replace("80,001", "80,002"))
    qtbot.wait(20)
    assert label_layouts.count >= 1


def test_a_text_needing_another_line_gets_it_and_a_narrower_panel_gives_more(qtbot):
    live = LiveText(wrap=True)
    live.setText("3 to people")
    panel = shown_in_a_layout(qtbot, live, 260)
    qtbot.wait(20)
    line = live.fontMetrics().lineSpacing()
    assert live.height() < 2 * line
    live.setText(TALLY)
    qtbot.waitUntil(lambda: live.height() >= 2 * line, timeout=1000)
    assert live.height() == live.heightForWidth(live.width())
    two_lines = live.height()
    panel.resize(120, 300)  # its cached heights were measured for the old text: measured again
    qtbot.waitUntil(lambda: live.height() > two_lines, timeout=1000)
    assert live.height() == live.heightForWidth(live.width())


def test_one_line_grows_when_the_count_needs_more_room(qtbot):
    live = LiveText()
    live.setText("9 of 10 decided")
    panel = shown_in_a_layout(qtbot, live, 400)
    qtbot.wait(20)
    layouts = Events(QEvent.Type.LayoutRequest)
    panel.installEventFilter(layouts)
    live.setText("8 of 10 decided")  # digits are as wide as each other
    qtbot.wait(20)
    assert layouts.count == 0
    live.setText("10 of 10 decided")
    qtbot.waitUntil(lambda: layouts.count >= 1, timeout=1000)
    assert live.sizeHint().width() > live.fontMetrics().horizontalAdvance("9 of 10 decided")


@pytest.mark.parametrize("wrap, direction", [(False, Qt.LayoutDirection.LeftToRight), (True, Qt.LayoutDirection.LeftToRight),
                                             (True, Qt.LayoutDirection.RightToLeft)])
def test_it_paints_exactly_what_a_label_paints(qtbot, wrap, direction):
    """Pixel for pixel, at the same size: the window looks as it did with QLabel."""
    text = TALLY if wrap else "5 of 7 decided"
    live, label = LiveText(wrap=wrap), QLabel(text)
    live.setText(text)
    label.setWordWrap(wrap)
    for widget in (live, label):
        qtbot.addWidget(widget)
        widget.setLayoutDirection(direction)
        widget.resize(180, 60)
    assert live.heightForWidth(180) == (label.heightForWidth(180) if wrap else -1)
    picture = live.grab().toImage()
    assert picture == label.grab().toImage()
    assert len({picture.pixel(x, y) for x in range(picture.width()) for y in range(picture.height())}) > 2  # text, not a blank


def test_a_narrower_panel_measures_the_new_text_not_the_old(qtbot):
    """A new text of the same height at this width may need more lines at another: the layout's
    heights cached for the old text must not be used when the panel narrows."""
    before, after = TALLY[:48], TALLY  # 2 lines each at 260 px, 3 and 4 at 100 px
    live = LiveText(wrap=True)
    live.setText(before)
    assert live.heightForWidth(260) == height_of(after, 260) and live.heightForWidth(100) < height_of(after, 100)
    panel = shown_in_a_layout(qtbot, live, 120)
    qtbot.waitUntil(lambda: live.height() == live.heightForWidth(live.width()), timeout=1000)
    narrow = live.width()
    panel.resize(260, 300)
    qtbot.waitUntil(lambda: live.width() > 200 and live.height() == live.heightForWidth(live.width()), timeout=1000)
    live.setText(after)
    panel.resize(120, 300)
    qtbot.waitUntil(lambda: live.width() == narrow, timeout=1000)
    qtbot.wait(50)
    assert live.height() == live.heightForWidth(live.width()) == height_of(after, live.width())


def height_of(text: str, width: int) -> int:
    probe = LiveText(wrap=True)
    probe.setText(text)
    return probe.heightForWidth(width)


def test_a_bigger_font_gets_more_room(qtbot):
    live = LiveText()
    live.setText("5 of 7 decided")
    panel = shown_in_a_layout(qtbot, live, 400)
    qtbot.waitUntil(lambda: live.height() >= live.sizeHint().height(), timeout=1000)
    small = live.height()
    font = live.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    live.setFont(font)
    qtbot.waitUntil(lambda: live.height() > small, timeout=1000)
    assert panel.isVisible() and live.height() >= live.fontMetrics().height()
