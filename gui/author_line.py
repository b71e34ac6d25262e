"""Draws a paper's author list on one line, the cluster's name in bold.

Laying out a list of up to a dozen names (measuring each, finding where the
cluster's name falls, eliding the tail) cost about 0.1 ms a cell, 2 ms of
every repaint of the papers table. The layout depends only on the names, the
cell width and the font, so it is computed once and kept, each piece as a
`QStaticText` (its glyphs placed once); a repaint only draws the pieces.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText

PADDING = 4  # pixels left and right of the names
KEPT_LAYOUTS = 1024  # author lists kept: several screens; forgotten all at once when full


class Piece(NamedTuple):
    x: int  # from the left of the text area
    text: str
    bold: bool


class AuthorLine:
    """The author lists of a table's cells, laid out once per list, width and font."""

    def __init__(self):
        self._layouts: dict[tuple, tuple[tuple[QPointF, QStaticText, bool], ...]] = {}
        self._font: QFont | None = None  # the font the kept layouts were made in
        self._fonts: tuple[QFont, QFont] = (QFont(), QFont())  # its plain and bold
        self._top_offset = 0.0  # from the middle of a cell up to the top of a line of text

    def draw(self, painter: QPainter, cell: QRect, value: tuple, font: QFont, ink: QColor) -> None:
        """Draws `value` (the names, the positions of the cluster's name) in `cell`."""
        plain, bold = self._fonts_for(font)
        rect = cell.adjusted(PADDING, 0, -PADDING, 0)
        pieces = self._layout(value, rect.width(), plain, bold)
        if not pieces:
            return
        origin = QPointF(rect.left(), rect.top() + rect.height() / 2 - self._top_offset)
        painter.save()
        painter.setPen(ink)
        painter.setClipRect(rect)
        current = None
        for at, text, is_bold in pieces:
            if is_bold is not current:
                painter.setFont(bold if is_bold else plain)
                current = is_bold
            painter.drawStaticText(origin + at, text)
        painter.restore()

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont]:
        if font != self._font:  # comparing fonts is ~10x cheaper than their key()
            bold = QFont(font)
            bold.setBold(True)
            self._font = QFont(font)
            self._fonts = self._font, bold
            self._top_offset = QFontMetrics(font).height() / 2
            self._layouts.clear()
        return self._fonts

    def _layout(self, value: tuple, width: int, plain: QFont, bold: QFont) -> tuple:
        key = (value, width)
        pieces = self._layouts.get(key)
        if pieces is None:
            if len(self._layouts) >= KEPT_LAYOUTS:
                self._layouts.clear()
            authors, positions = value
            pieces = self._layouts[key] = tuple(
                (QPointF(piece.x, 0), static_text(piece.text, bold if piece.bold else plain), piece.bold)
                for piece in lay_out_names(authors, set(positions), width, plain, bold)
            )
        return pieces


def static_text(text: str, font: QFont) -> QStaticText:
    """`text` laid out once in `font`, as plain text (never rich text guessed from a title's "<")."""
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(font=font)
    return static


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
