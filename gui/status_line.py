"""The status bar, whose message is cut with an ellipsis where the permanent labels begin.

Qt's own status bar clips its message at the first permanent widget: on a 1,280-pixel window a long one ran up
to "Reviewer: root" and lost its end with no sign that it had one ("… Ctrl+Z now takes back 'new person Thomas
Meyer (6)' "). Here the message ends in "…" when cut, and its tooltip says it whole.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QWidget

MESSAGE_LEFT = 6  # Qt's own margins around the message
MESSAGE_GAP = 2


class QtStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.messageChanged.connect(self._tell_whole)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)

    def message_room(self) -> QRect:
        """Where the message goes: from the left margin to the first permanent widget shown."""
        shown = [widget.x() for widget in self._permanent if widget.isVisible()]
        right = min(shown) - MESSAGE_GAP if shown else self.width() - 12
        return QRect(MESSAGE_LEFT, 0, max(0, right - MESSAGE_LEFT), self.height())

    def shown_message(self) -> str:
        """The message as painted: cut at the right with "…" when it is wider than its room."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight, self.message_room().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.currentMessage():
            return super().paintEvent(event)
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for widget in self._permanent:  # their frames, as Qt's own painting draws them
            if widget.isVisible():
                frame = QStyleOption()
                frame.rect, frame.palette = widget.geometry().adjusted(-2, -1, 2, 1), self.palette()
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, widget)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_room(), Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter, self.shown_message())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tell_whole(self.currentMessage())

    def _tell_whole(self, message: str) -> None:
        self.setToolTip(message if message and self.shown_message() != message else "")
