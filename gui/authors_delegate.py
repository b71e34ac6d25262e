"""Paints a paper's author list on one line, the cluster's name in bold.

Laying out a list of up to a dozen names (measuring each, finding where the
cluster's name falls, eliding the tail) cost about 0.1 ms a cell, 2 ms of
every repaint of the papers table. The layout depends only on the names, the
cell width and the font, so it is computed once and kept; a repaint only
draws the pieces.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from gui.papers_model import AUTHORS_ROLE

PADDING = 4  # pixels left and right of the text, as the default delegate leaves
KEPT_LAYOUTS = 4096  # far more rows than a screen shows; forgotten all at once when full


class Piece(NamedTuple):
    x: int  # from the left of the text area
    text: str
    bold: bool


class AuthorsDelegate(QStyledItemDelegate):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._layouts: dict[tuple, tuple[Piece, ...]] = {}
        self._font_key = ""
        self._fonts: tuple[QFont, QFont] | None = None
        self._baseline_offset = 0.0  # from the middle of a cell down to the plain font's baseline

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(AUTHORS_ROLE)
        if not value:
            return super().paint(painter, option, index)
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        widget = view_option.widget
        style = widget.style() if widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
        plain, bold = self._fonts_for(option.font)
        rect = option.rect.adjusted(PADDING, 0, -PADDING, 0)
        pieces = self._layout(value, rect.width(), plain, bold)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = view_option.palette.ColorRole.HighlightedText if selected else view_option.palette.ColorRole.Text
        baseline = rect.top() + rect.height() / 2 + self._baseline_offset
        painter.save()
        painter.setPen(view_option.palette.color(role))
        painter.setClipRect(rect)
        current = None
        for piece in pieces:
            if piece.bold is not current:
                painter.setFont(bold if piece.bold else plain)
                current = piece.bold
            painter.drawText(QPointF(rect.left() + piece.x, baseline), piece.text)
        painter.restore()

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont]:
        key = font.key()
        if key != self._font_key or self._fonts is None:
            bold = QFont(font)
            bold.setBold(True)
            self._font_key, self._fonts = key, (QFont(font), bold)
            metrics = QFontMetrics(font)
            self._baseline_offset = (metrics.ascent() - metrics.descent()) / 2
            self._layouts.clear()
        return self._fonts

    def _layout(self, value: tuple, width: int, plain: QFont, bold: QFont) -> tuple[Piece, ...]:
        key = (value, width)
        pieces = self._layouts.get(key)
        if pieces is None:
            if len(self._layouts) >= KEPT_LAYOUTS:
                self._layouts.clear()
            authors, positions = value
            pieces = self._layouts[key] = lay_out_names(authors, set(positions), width, plain, bold)
        return pieces


def lay_out_names(authors: tuple[str, ...], bold_at: set[int], width: int, plain: QFont, bold: QFont) -> tuple[Piece, ...]:
    """Where each name goes on a line `width` wide; the last visible one elided if it does not fit."""
    metrics = {False: QFontMetrics(plain), True: QFontMetrics(bold)}
    last = len(authors) - 1
    runs = [(name if i == last else f"{name}, ", i in bold_at) for i, name in enumerate(authors)]
    runs = _around_name(runs, min(bold_at, default=0), width, metrics)
    pieces, x = [], 0
    for text, is_bold in runs:
        advance = metrics[is_bold].horizontalAdvance(text)
        if x + advance > width:
            elided = metrics[is_bold].elidedText(text + "…", Qt.TextElideMode.ElideRight, width - x)
            if elided:
                pieces.append(Piece(x, elided, is_bold))
            break
        pieces.append(Piece(x, text, is_bold))
        x += advance
    return tuple(pieces)


def _around_name(runs: list[tuple[str, bool]], name_at: int, width: int, metrics: dict) -> list[tuple[str, bool]]:
    """If the list is too long to show whole, start just before the cluster's name, or at it."""
    widths = [metrics[is_bold].horizontalAdvance(text) for text, is_bold in runs]
    if sum(widths) <= width or name_at == 0:
        return runs
    ellipsis = [("…, ", False)]
    if sum(widths[name_at - 1 : name_at + 1]) + 20 <= width:
        return ellipsis + runs[name_at - 1 :]
    return ellipsis + runs[name_at:]
