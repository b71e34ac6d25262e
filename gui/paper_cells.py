"""Paints every cell of the papers table straight from the model's rows.

Qt's own item painting asks the model for seven roles a cell (seven calls
into Python `data()`), then lays the text out twice (once to place it, once
to elide it) on every repaint. That came to ~7 ms for a screenful of 20 rows,
the floor under every keystroke that repaints the table. Here a cell is one
call into Python: the model says what the cell shows (`QtPapersModel.look`),
and its text is elided and laid out once (`QStaticText`, kept by text and
width), so a repaint only fills rectangles and draws glyphs already placed.
The authors cell draws the names, the cluster's name in bold (`AuthorLine`).

It paints what Qt's common item painting (Fusion's, the default here) paints,
pixel for pixel (`tests/test_paper_cells.py`); styles that draw selections
their own way (macOS, Windows 11) get the plain highlight fill instead.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QIcon, QPainter, QPalette, QPixmap, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionFocusRect, QStyleOptionViewItem

from gui.author_line import AuthorLine, static_text
from gui.papers_model import ALIGNMENT, AUTHORS, WARNING, WARNING_INK, QtPapersModel

KEPT_TEXTS = 2048  # laid-out texts kept: several screens; forgotten all at once when full

# Flag values as plain ints: testing a PySide flag enum goes through Python's enum module (~1 µs a test).
SELECTED = QStyle.StateFlag.State_Selected.value
ACTIVE = QStyle.StateFlag.State_Active.value
ENABLED = QStyle.StateFlag.State_Enabled.value
HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
RIGHT = Qt.AlignmentFlag.AlignRight.value
CENTRED = Qt.AlignmentFlag.AlignHCenter.value
ALIGN_RIGHT = {column: bool(flags & RIGHT) for column, flags in ALIGNMENT.items()}
ALIGN_CENTRE = {column: bool(flags & CENTRED) for column, flags in ALIGNMENT.items()}
WARNING_COLOUR = WARNING_INK.color()


class PaperCellDelegate(QStyledItemDelegate):
    def __init__(self, model: QtPapersModel, parent=None):
        super().__init__(parent)
        self._model = model
        self._authors = AuthorLine()
        self._font: QFont | None = None  # the font the kept texts were laid out in
        self._metrics: QFontMetricsF | None = None
        self._margin = 0  # the style's text margin, as Qt's own item painting leaves it
        self._texts: dict[tuple[str, int], tuple[QStaticText, float]] = {}  # (text, room) -> laid out, its width
        self._inks: dict[tuple[int, int], tuple[QBrush, QColor, QColor]] = {}  # (palette, state) -> colours
        self._pixmaps: dict[tuple, QPixmap] = {}  # (icon, mode, size, pixel ratio) -> pixmap

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # Called for every cell of every repaint: each attribute read and enum test here costs.
        row, column = index.row(), index.column()
        text, tint, icon = self._model.look(row, column)
        rect, state, font = option.rect, option.state.value, option.font
        if font != self._font:
            self._use(font, option.widget)
        highlight, selected_ink, ink = self._colours(option.palette, state & (ACTIVE | ENABLED))
        selected = state & SELECTED
        if selected:
            painter.fillRect(rect, highlight)
            ink = selected_ink
        else:
            if tint is not None:
                painter.fillRect(rect, tint)
            if column == WARNING:
                ink = WARNING_COLOUR
        if column == AUTHORS:
            self._authors.draw(painter, rect, self._model.authors_at(row), font, ink)
        else:
            margin = self._margin
            left = rect.left() + margin
            if icon is not None:  # the text starts where Qt's own layout puts it, two margins past the icon
                left = self._draw_icon(painter, icon, option, left, rect, bool(selected)) + 2 * margin
            self._draw_text(painter, text, column, left, rect.right() - margin, rect, ink)
        if state & HAS_FOCUS:
            self._draw_focus(painter, option, bool(selected))

    def _use(self, font: QFont, widget) -> None:
        """Lay texts out in `font` from now on (and take the style's margin)."""
        self._font, self._metrics = QFont(font), QFontMetricsF(font)
        self._texts.clear()
        self._margin = _style(widget).pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1

    def _colours(self, palette: QPalette, state: int) -> tuple[QBrush, QColor, QColor]:
        """The selection's fill and ink, and the plain ink, of `palette` (asking a palette costs ~2 µs)."""
        key = (palette.cacheKey(), state)
        found = self._inks.get(key)
        if found is None:
            if len(self._inks) > 16:
                self._inks.clear()
            group = (
                QPalette.ColorGroup.Disabled if not state & ENABLED
                else QPalette.ColorGroup.Active if state & ACTIVE else QPalette.ColorGroup.Inactive
            )
            found = self._inks[key] = (
                palette.brush(group, QPalette.ColorRole.Highlight),
                palette.color(group, QPalette.ColorRole.HighlightedText),
                palette.color(group, QPalette.ColorRole.Text),
            )
        return found

    def _draw_text(self, painter: QPainter, text: str, column: int, left: int, right: int, cell: QRect, ink: QColor) -> None:
        room = right - left + 1
        if not text or room <= 0:
            return
        static, width = self._laid_out(text, room)
        x = left
        if ALIGN_RIGHT.get(column):
            x = right + 1 - width
        elif ALIGN_CENTRE.get(column):
            x = left + (room - width) / 2
        y = cell.top() + (cell.height() - self._metrics.height()) / 2
        painter.setPen(ink)
        painter.drawStaticText(QPointF(x, y), static)

    def _laid_out(self, text: str, room: int) -> tuple[QStaticText, float]:
        key = (text, room)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= KEPT_TEXTS:
                self._texts.clear()
            metrics = self._metrics
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) if metrics.horizontalAdvance(text) > room else text
            found = self._texts[key] = (static_text(shown, self._font), metrics.horizontalAdvance(shown))
        return found

    def _draw_icon(self, painter: QPainter, icon: QIcon, option: QStyleOptionViewItem, left: int, rect: QRect, selected: bool) -> int:
        """Draws the icon at the left of the cell, centred in its height; where it ends."""
        size = option.decorationSize
        ratio = painter.device().devicePixelRatioF()
        mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal  # as Qt's own painting tints it
        key = (icon.cacheKey(), mode, size.width(), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = self._pixmaps[key] = icon.pixmap(QSize(size), ratio, mode)
        painter.drawPixmap(left, rect.top() + (rect.height() - size.height()) // 2, pixmap)
        return left + size.width()

    def _draw_focus(self, painter: QPainter, option: QStyleOptionViewItem, selected: bool) -> None:
        """The current cell's frame, drawn by the style as Qt's own item painting asks it to."""
        frame = QStyleOptionFocusRect()
        frame.rect, frame.palette, frame.direction = option.rect, option.palette, option.direction
        frame.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
        role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
        frame.backgroundColor = option.palette.color(QPalette.ColorGroup.Normal, role)
        _style(option.widget).drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, option.widget)


def _style(widget) -> QStyle:
    return widget.style() if widget else QApplication.style()
