"""A label for counts that change with every decision, without laying the window out again each time.

`QLabel.setText` asks its layout to recompute on every change, and the
request climbs through every layout up to the window: a decision changed
three such labels (the cluster's counts in the status bar, the tally under
the people, the progress under the clusters) and spent ~1.3 ms of its frame
in layout. `LiveText` paints its text as a plain-text QLabel does, and asks
for a layout only when the text needs another size (another line, or another
width on one line), which a count going from 80,001 to 80,002 never does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

# What QLabel does with plain text: aligned left, centred vertically (see `QLabelPrivate::sizeForWidth`).
ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
TALL = 2000  # the height text may take when measured for a width


class LiveText(QWidget):
    """Plain text on one line, or word-wrapped to the width it is given (`wrap`)."""

    def __init__(self, parent: QWidget | None = None, wrap: bool = False):
        super().__init__(parent)
        self._text = ""
        self._wrap = wrap
        self._needed: QSize | None = None  # `_needed_size()` for the present text, width and font
        self._flags = ALIGNMENT | (Qt.TextFlag.TextWordWrap if wrap else Qt.AlignmentFlag(0))
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name: a drop-in for one)
        if text == self._text:
            return
        before = self._needed_size()
        self._text, self._needed = text, None
        self.setAccessibleName(text)
        if self._needed_size() != before:
            self.updateGeometry()
        self.update()

    def _needed_size(self) -> QSize:
        """What the layout must give the text: its height at the present width if wrapped, else its size."""
        if self._needed is None:
            self._needed = QSize(0, self.heightForWidth(self.width())) if self._wrap else self.sizeHint()
        return self._needed

    # Layout -----------------------------------------------------------------

    def _measure(self, width: int) -> QSize:
        """The text's size within `width` (the whole text on one line if not wrapped), margins included."""
        margins = self.contentsMargins()
        inner = max(width - margins.left() - margins.right(), 1)
        box = self.fontMetrics().boundingRect(QRect(0, 0, inner, TALL), int(self._flags), self._text)
        return QSize(box.width() + margins.left() + margins.right(), box.height() + margins.top() + margins.bottom())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self._wrap

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._measure(width).height() if self._wrap else -1

    def sizeHint(self) -> QSize:  # noqa: N802
        if not self._wrap:
            return self._measure(TALL * 8)
        # As QLabel: at most 80 average characters wide, narrower while the text stays short in lines.
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * 80
        size = self._measure(width)
        for share in (2, 4):
            narrower = self._measure(width // share)
            if narrower.height() <= 2 * metrics.lineSpacing():
                size = narrower
        return size

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        if not self._wrap:
            return self.sizeHint()
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 4, metrics.lineSpacing())

    def resizeEvent(self, event) -> None:  # noqa: N802
        """A new width may need another height: the layout's cached heights were measured for older text."""
        super().resizeEvent(event)
        self._needed = None
        if self._wrap and self._needed_size().height() != self.height():
            self.updateGeometry()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._needed = None
            self.updateGeometry()
        super().changeEvent(event)

    # Painting ---------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.contentsRect(), int(self._flags), self.palette(), self.isEnabled(), self._text, QPalette.ColorRole.WindowText
        )
