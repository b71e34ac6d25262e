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

from typing import Iterable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QIcon, QPainter, QPalette, QPixmap, QRegion, QStaticText
from PySide6.QtWidgets import (
    QApplication, QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionFocusRect, QStyleOptionViewItem, QTableView,
)

from gui.author_line import AuthorLine, static_text
from gui.label_elision import elided_label
from gui.papers_model import ALIGNMENT, AUTHORS, DECISION, FIT, NOTE_MARK, WARNING, WARNING_INK, QtPapersModel

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
PERSON_COLUMNS = frozenset({DECISION, FIT})  # cells that name a person: cut to keep its number and suffix

Cell = tuple[int, int, QRect, int]  # row, column, rect in the viewport, QStyle state flags as an int


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
        self._shared: tuple[QBrush, QColor, QColor] | None = None  # the colours of the cells being painted

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # Qt's way, a call a cell: drag pixmaps, and the papers table when another class paints it.
        self._prepare(option)
        self._paint_cell(painter, option, index.row(), index.column(), option.rect, option.state.value)

    def paint_cells(self, painter: QPainter, option: QStyleOptionViewItem, cells: Iterable[Cell]) -> None:
        """Paints each cell as `paint` would with `option` at that cell's rect and state, in one call.

        Qt's table asks `paint` once per cell, and each call (its option made,
        wrapped, read) cost ~15 µs before anything was drawn: ~2.5 ms of every
        screenful. `PapersTable` works out the cells a repaint covers and hands
        them all over here.
        """
        self._prepare(option)
        paint_cell = self._paint_cell
        for row, column, rect, state in cells:
            paint_cell(painter, option, row, column, rect, state)

    def _prepare(self, option: QStyleOptionViewItem) -> None:
        """Takes what every cell painted with `option` shares: its font's layouts, its palette's colours."""
        font = option.font
        if font != self._font:
            self._use(font, option.widget)
        self._shared = self._colours(option.palette, option.state.value & (ACTIVE | ENABLED))

    def _paint_cell(self, painter: QPainter, option: QStyleOptionViewItem, row: int, column: int, rect: QRect, state: int) -> None:
        # Called for every cell of every repaint: each attribute read and enum test here costs.
        text, tint, icon = self._model.look(row, column)
        highlight, selected_ink, ink = self._shared
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
            self._authors.draw(painter, rect, self._model.authors_at(row), self._font, ink)
        else:
            margin = self._margin
            left = rect.left() + margin
            if icon is not None:  # the text starts where Qt's own layout puts it, two margins past the icon
                left = self._draw_icon(painter, icon, option, left, rect, bool(selected)) + 2 * margin
            self._draw_text(painter, text, column, left, rect.right() - margin, rect, ink)
        if state & HAS_FOCUS:
            self._draw_focus(painter, option, rect, state, bool(selected))

    def _use(self, font: QFont, widget) -> None:
        """Lay texts out in `font` from now on (and take the style's margin)."""
        self._font, self._metrics = QFont(font), QFontMetricsF(font)
        self._texts.clear()
        self._margin = cell_margin(widget)

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
        static, width = self._laid_out(text, room, column in PERSON_COLUMNS)
        x = left
        if ALIGN_RIGHT.get(column):
            x = right + 1 - width
        elif ALIGN_CENTRE.get(column):
            x = left + (room - width) / 2
        y = cell.top() + (cell.height() - self._metrics.height()) / 2
        painter.setPen(ink)
        painter.drawStaticText(QPointF(x, y), static)

    def _laid_out(self, text: str, room: int, names_person: bool) -> tuple[QStaticText, float]:
        key = (text, room, names_person)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= KEPT_TEXTS:
                self._texts.clear()
            metrics = self._metrics
            shown = elided(metrics, text, room, names_person)
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

    def _draw_focus(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, state: int, selected: bool) -> None:
        """The current cell's frame, drawn by the style as Qt's own item painting asks it to."""
        frame = QStyleOptionFocusRect()
        frame.rect, frame.palette, frame.direction = rect, option.palette, option.direction
        frame.state = QStyle.StateFlag(state) | QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
        role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
        frame.backgroundColor = option.palette.color(QPalette.ColorGroup.Normal, role)
        _style(option.widget).drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, option.widget)


def elided(metrics: QFontMetricsF, text: str, room: float, names_person: bool = False) -> str:
    """`text` cut short with an ellipsis to fit `room`; a note's mark at its end stays in sight.

    The Decision cell's "1 Shengen Yan ✎" at the column's default width read
    "1 Shengen Y…": the mark, the one sign of a note in the table, was cut off.
    A cell that `names_person` (Decision, Fit) keeps the person's number and suffix
    and cuts the name in its middle (`elided_label`).
    """
    if metrics.horizontalAdvance(text) <= room:
        return text
    end = NOTE_MARK if text.endswith(NOTE_MARK) else ""
    before = text[: len(text) - len(end)]
    if names_person:
        return elided_label(metrics, before, room, end)
    return metrics.elidedText(before, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(end)) + end


def _style(widget) -> QStyle:
    return widget.style() if widget else QApplication.style()


def cell_margin(widget) -> int:
    """The text margin on each side of a cell, as Qt's own item painting leaves it (the cells here and the
    width the # column needs for its numbers both take it from here)."""
    return _style(widget).pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1


def cells_in(view: QTableView, region: QRegion, state: int) -> list[Cell]:
    """The cells of `view` a repaint of `region` covers, with their rects and states, as Qt's table works them out.

    For a view without grid, spans or alternating colours (the papers table):
    `state` is the view's own (enabled, active window); a cell adds selected
    and, when it is the current one and the view has focus, has-focus.
    """
    rows, columns = view.verticalHeader(), view.horizontalHeader()
    if not rows.count() or not columns.count():
        return []
    model, root, selection = view.model(), view.rootIndex(), view.selectionModel()
    current = view.currentIndex()
    focused = (view.hasFocus() or view.viewport().hasFocus()) and current.isValid()
    focus_at = (current.row(), current.column()) if focused else None
    rows_end = rows.length() - rows.offset() - 1  # the last pixel row with cells in it
    columns_end = columns.length() - columns.offset() - 1
    cells, drawn = [], set()
    for dirty in region:
        top, bottom = dirty.top(), min(dirty.bottom(), rows_end)
        left, right = dirty.left(), min(dirty.right(), columns_end)
        if top > bottom or left > right:
            continue
        shown = _shown_sections(columns, left, right)
        for row, y, height in _shown_sections(rows, top, bottom):
            selected = _selected_columns(selection, model, root, row, shown)
            for column, x, width in shown:
                if (row, column) in drawn:
                    continue
                drawn.add((row, column))
                cell_state = state
                if selected is True or (selected and column in selected):
                    cell_state |= SELECTED
                if focus_at == (row, column):
                    cell_state |= HAS_FOCUS
                cells.append((row, column, QRect(x, y, width, height), cell_state))
    return cells


def _shown_sections(header: QHeaderView, start: int, end: int) -> list[tuple[int, int, int]]:
    """(row or column, where it starts in the viewport, its size) of the sections `header` shows
    between pixels `start` and `end`, in the order shown (a view's rows and columns are its headers' sections)."""
    first, last = header.visualIndexAt(start), header.visualIndexAt(end)
    if last < 0:
        last = header.count() - 1
    shown = []
    for visual in range(max(first, 0), last + 1):
        section = header.logicalIndex(visual)
        if not header.isSectionHidden(section):
            shown.append((section, header.sectionViewportPosition(section), header.sectionSize(section)))
    return shown


def _selected_columns(selection: QItemSelectionModel | None, model, root: QModelIndex, row: int, shown: list) -> bool | set[int]:
    """True when the whole row is selected (as the papers table selects), else the selected columns among `shown`."""
    if selection is None or not selection.rowIntersectsSelection(row, root):
        return set()
    if selection.isRowSelected(row, root):
        return True
    return {column for column, _x, _width in shown if selection.isSelected(model.index(row, column, root))}
