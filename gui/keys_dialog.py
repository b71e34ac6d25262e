"""The keys window (F1): the keys sheet, scrolled inside a window that fits the screen.

A message box grows to its text: the sheet made it 1,214 pixels tall, and on a
1,000-pixel screen its last rows and its OK button were off screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

# Room kept for the window manager's frame (its title bar) while it cannot be measured yet.
FRAME_ROOM = 40
# The window's widest, as a share of the screen's width: wider, its lines are long to read.
WIDEST_SHARE = 0.6


class SheetScroll(QScrollArea):
    """Scrolls by keyboard as a page does: Qt's scroll area takes ↑ ↓ and Page Up / Down, and here Home / End too."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        else:
            super().keyPressEvent(event)  # Return and Esc go on to the dialog: OK, or close


class KeysDialog(QDialog):
    """The sheet in a scroll area that has the focus; Return or Esc closes the window."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Namesake — keys")
        self.sheet_text = text
        self._sheet = QLabel(text, self)
        self._sheet.setTextFormat(Qt.TextFormat.RichText)
        self._sheet.setWordWrap(True)
        self._sheet.setContentsMargins(8, 8, 8, 8)
        self.scroll = SheetScroll(self)
        self.scroll.setWidget(self._sheet)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self._buttons.accepted.connect(self.accept)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)  # Return presses it from the sheet
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self._buttons)
        self.scroll.setFocus()
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """As wide as the sheet's lines (at most `WIDEST_SHARE` of the screen) and as tall as the sheet, but no taller
        than the screen's free height, frame included, nor placed beyond it: the sheet scrolls inside, OK in sight."""
        room = self.screen().availableGeometry()
        margins, edge = self.layout().contentsMargins(), 2 * self.scroll.frameWidth()
        across = margins.left() + margins.right() + edge + self.scroll.verticalScrollBar().sizeHint().width()
        down = margins.top() + margins.bottom() + self.layout().spacing() + self._buttons.sizeHint().height() + edge
        sheet_width = min(self._sheet_width(), int(room.width() * WIDEST_SHARE) - across)
        framed = self.frameGeometry().height() - self.geometry().height()  # 0 until the window manager frames it
        height = min(self._sheet.heightForWidth(sheet_width) + down, room.height() - (framed or FRAME_ROOM))
        self.resize(sheet_width + across, height)
        frame = self.frameGeometry()
        left = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
        top = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
        if (left, top) != (frame.left(), frame.top()):
            self.move(left, top)  # a window's place is its frame's

    def _sheet_width(self) -> int:
        """The sheet's width with no line wrapped, its margins included."""
        document = QTextDocument()
        document.setDefaultFont(self._sheet.font())
        document.setHtml(self.sheet_text)
        margins = self._sheet.contentsMargins()
        return int(document.idealWidth()) + margins.left() + margins.right()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_to_screen()  # placed by Qt over the window now, and perhaps framed
        self.scroll.verticalScrollBar().setValue(0)  # made once, shown again: from the top, the keys on the sheet
        self.scroll.setFocus()
