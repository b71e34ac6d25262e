"""A ring in the palette's highlight colour around the pane that has the keyboard focus.

The styles mark focus on line edits, combo boxes and buttons, but not on a scrolled pane: the paper
pane had the focus (PageDown scrolled it) with nothing to show it, and a list showed it only
through a selection, which an empty list has not. Every pane a Tab reaches is ringed the same way.

A masked child widget, not a style sheet: a style sheet on the papers table made each of its
repaints go through Qt's style-sheet style (~10% slower); the ring covers only the pane's edge, so
nothing inside it is painted again for it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

RING_WIDTH = 2  # pixels: one read as the style's own frame


class FocusRing(QWidget):
    def __init__(self, pane: QAbstractScrollArea):
        super().__init__(pane)
        self.pane = pane
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        pane.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._follow_focus()
        elif kind == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    def _follow_focus(self) -> None:
        if self.pane.hasFocus():
            self._fit()
            self.show()
        else:
            self.hide()

    def _fit(self) -> None:
        edge = self.pane.rect()
        self.setGeometry(edge)
        inside = edge.adjusted(RING_WIDTH, RING_WIDTH, -RING_WIDTH, -RING_WIDTH)
        self.setMask(QRegion(edge).subtracted(QRegion(inside)))
        self.raise_()  # over the scroll bars, which the pane may have made after the ring

    def paintEvent(self, event: QPaintEvent) -> None:
        # Looked up at each paint: a palette changed while the window is open (dark, light) is followed.
        QPainter(self).fillRect(self.rect(), self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight))


def ring_tab_stops(window: QWidget) -> None:
    """Ring every scrolled pane of `window` that Tab reaches (not a combo box's popup list: a window of its own)."""
    for pane in window.findChildren(QAbstractScrollArea):
        if pane.focusPolicy() & Qt.FocusPolicy.TabFocus and pane.window() is window and not pane.findChild(FocusRing, options=Qt.FindChildOption.FindDirectChildrenOnly):
            FocusRing(pane)
