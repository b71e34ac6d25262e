"""The papers table paints its cells itself: as Qt's own item painting would, without asking `data()`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QImage, QRegion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from gui.author_line import lay_out_names
from gui.paper_cells import HAS_FOCUS, SELECTED, PaperCellDelegate, cell_margin, cells_in, elided
from gui.papers_model import AUTHORS, DECISION, FIT, NUMBER, TITLE, VENUE, YEAR, QtPapersModel
from gui.papers_pane import PapersTable
from models.schema import Verdict

LONG_NAMES = tuple(f"Author Number{i} Surname" for i in range(10))


def _table(qtbot, store, cluster, ids) -> PapersTable:
    """The example's papers with every kind of decision, the third (a person's) selected and current, the view focused."""
    store.decide(cluster.id, ids[:1], Verdict.REJECTED)
    store.decide(cluster.id, ids[1:2], Verdict.UNSURE)
    store.create_person(cluster.id, ids[2:4], label="Shengen Yan")
    model = QtPapersModel()
    model.set_contents(store.load_cluster(cluster.id))
    table = PapersTable(model)
    qtbot.addWidget(table)
    table.resize(1000, 260)
    table.show()
    qtbot.waitExposed(table)
    table.setCurrentIndex(model.index(2, 4))
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    return table


def _painted(table: PapersTable) -> QImage:
    return table.viewport().grab().toImage()


def _differing_pixels(first: QImage, second: QImage) -> int:
    assert first.size() == second.size()
    return sum(first.pixel(x, y) != second.pixel(x, y) for y in range(first.height()) for x in range(first.width()))


def test_cells_paint_as_qts_own_item_painting_does(qtbot, seeded, cluster, ids):
    """Tints, selection, icons, the warning sign, right-aligned numbers, elided titles, the focus frame; also in another font."""
    table = _table(qtbot, seeded, cluster, ids)
    table.setColumnHidden(AUTHORS, True)  # Qt's painting would show the names as plain text: compared below
    # Qt cuts a text at its right; a person's label is cut in its name's middle (tests/test_label_elision.py).
    table.setColumnWidth(DECISION, 220)
    table.setColumnWidth(FIT, 220)
    ours = table.itemDelegate()
    for font_size in (None, 13):
        if font_size:
            font = QFont(table.font())
            font.setPointSize(font_size)
            table.setFont(font)  # the kept layouts were made in the old font
        table.setItemDelegate(ours)
        painted = _painted(table)
        table.setItemDelegate(QStyledItemDelegate(table))
        by_qt = _painted(table)
        assert painted != QImage() and not painted.isNull()
        # The same here, pixel for pixel; a few pixels spare for another machine's rounding (the warning sign is ~60).
        assert _differing_pixels(painted, by_qt) <= 12, font_size
    table.setItemDelegate(ours)


def test_painting_the_table_asks_the_model_nothing_through_data(qtbot, monkeypatch, seeded, cluster, ids):
    """A cell is one call into Python; Qt's item painting made seven `data()` calls a cell."""
    data_calls, looks = [], []
    real_data, real_look = QtPapersModel.data, QtPapersModel.look
    monkeypatch.setattr(QtPapersModel, "data", lambda self, *args: data_calls.append(args) or real_data(self, *args))
    monkeypatch.setattr(QtPapersModel, "look", lambda self, *args: looks.append(args) or real_look(self, *args))
    table = _table(qtbot, seeded, cluster, ids)
    data_calls.clear()
    looks.clear()
    table.viewport().repaint()
    assert len(looks) == table.model().rowCount() * table.model().columnCount()
    assert data_calls == []


def test_each_shown_cell_says_what_data_says(seeded, cluster, ids):
    seeded.decide(cluster.id, ids[:1], Verdict.UNSURE)
    model = QtPapersModel()
    model.set_contents(seeded.load_cluster(cluster.id))
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text, tint, icon = model.look(row, column)
            index = model.index(row, column)
            assert text == index.data(), (row, column)
            assert (tint is None) == (row != 0) and (icon is not None) == (row == 0 and column == DECISION)
    assert model.authors_at(0) == (model.paper_at(0).authors, model.paper_at(0).name_positions)


def test_author_names_are_laid_out_around_the_clusters_name(qapp):
    plain = QFont()
    bold = QFont(plain)
    bold.setBold(True)
    wide = lay_out_names(LONG_NAMES[:3], {1}, 2000, plain, bold)
    assert [piece.text for piece in wide] == [f"{LONG_NAMES[0]}, ", f"{LONG_NAMES[1]}, ", LONG_NAMES[2]]
    assert [piece.bold for piece in wide] == [False, True, False]
    assert [piece.x for piece in wide] == sorted(piece.x for piece in wide) and wide[0].x == 0

    width = QFontMetrics(bold).horizontalAdvance(LONG_NAMES[7]) * 3
    narrow = lay_out_names(LONG_NAMES, {7}, width, plain, bold)
    assert narrow[0].text == "…, " and narrow[1].text == f"{LONG_NAMES[6]}, " and narrow[2].bold
    last = narrow[-1]
    metrics = QFontMetrics(bold if last.bold else plain)
    assert last.text.endswith("…") and last.x + metrics.horizontalAdvance(last.text) <= width


class CellByCell(PaperCellDelegate):
    """Our painting, asked by Qt's own table painting one cell at a time (the table batches only its own class)."""


def test_the_table_paints_the_cells_a_repaint_covers_in_one_call_as_qt_would_cell_by_cell(qtbot, monkeypatch, seeded, cluster, ids):
    """Whole and partial repaints, a column moved and one hidden, a lone selected cell: the same pixels either way."""
    table = _table(qtbot, seeded, cluster, ids)
    model = table.model()
    table.selectionModel().select(model.index(0, TITLE), QItemSelectionModel.SelectionFlag.Select)  # one cell, not its row
    table.horizontalHeader().moveSection(table.horizontalHeader().visualIndex(YEAR), 1)
    table.setColumnHidden(VENUE, True)
    ours, cell_by_cell = table.itemDelegate(), CellByCell(model, table)
    paint_calls = []
    real_paint = PaperCellDelegate.paint
    monkeypatch.setattr(PaperCellDelegate, "paint", lambda self, *args: paint_calls.append(args[2].row()) or real_paint(self, *args))
    row_height = table.rowHeight(0)
    partial = QRect(30, row_height + 3, 400, row_height)  # parts of two rows and of several columns
    batched = [_painted(table), table.viewport().grab(partial).toImage()]
    assert paint_calls == []
    table.setItemDelegate(cell_by_cell)
    by_cells = [_painted(table), table.viewport().grab(partial).toImage()]
    assert paint_calls  # the comparison really went through Qt's cell-by-cell painting
    table.setItemDelegate(ours)
    for one, other in zip(batched, by_cells):
        assert not one.isNull() and one.size() == other.size()
        assert _differing_pixels(one, other) == 0
    # What was painted shows the selection and the focus frame: not an empty viewport.
    assert len({batched[0].pixel(x, row_height * 2 + row_height // 2) for x in range(batched[0].width())}) > 2
    # Right to left, columns are placed from the right: Qt paints those cell by cell, with our delegate.
    table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    paint_calls.clear()
    mirrored = _painted(table)
    assert paint_calls and mirrored.size() == batched[0].size() and mirrored != batched[0]


def test_cells_in_says_which_cells_a_region_covers_with_their_states(qtbot, seeded, cluster, ids):
    table = _table(qtbot, seeded, cluster, ids)  # row 2 selected and current, the table focused
    row_height, state = table.rowHeight(0), 1
    region = QRegion(QRect(0, 0, 5, 1)).united(QRegion(QRect(0, 2 * row_height + 1, 5, 1)))  # the first column of rows 0 and 2
    cells = cells_in(table, region, state)
    assert [(row, column) for row, column, _rect, _state in cells] == [(0, 0), (2, 0)]
    assert cells[0][3] == state and cells[1][3] == state | SELECTED
    assert cells[1][2] == QRect(0, 2 * row_height, table.columnWidth(0), row_height)
    focus_cell = [cell for cell in cells_in(table, QRegion(table.viewport().rect()), state) if cell[3] & HAS_FOCUS]
    assert [(row, column) for row, column, _rect, _state in focus_cell] == [(2, 4)]
    table.clearFocus()
    qtbot.waitUntil(lambda: not table.hasFocus())
    assert not any(cell[3] & HAS_FOCUS for cell in cells_in(table, QRegion(table.viewport().rect()), state))
    below_the_last_row = table.rowViewportPosition(table.model().rowCount() - 1) + row_height
    assert below_the_last_row < table.viewport().height()
    assert cells_in(table, QRegion(QRect(0, below_the_last_row, 5, 5)), state) == []


class PaintCounter(QObject):
    def __init__(self, watched):
        super().__init__()
        self.paints = 0
        watched.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:
        self.paints += event.type() == QEvent.Type.Paint
        return False


def test_moving_between_papers_repaints_rows_not_the_column_header_which_still_sorts(qtbot, seeded, cluster, ids):
    table = _table(qtbot, seeded, cluster, ids)
    header, model = table.horizontalHeader(), table.model()
    header_paints, row_paints = PaintCounter(header.viewport()), PaintCounter(table.viewport())
    for _ in range(3):
        QTest.keyClick(table, Qt.Key.Key_Down)
        qtbot.wait(20)
    assert table.currentIndex().row() == 5 and table.selectionModel().isRowSelected(5)
    assert row_paints.paints >= 3 and header_paints.paints == 0
    # The header still sorts on a click, and shows it.
    year_centre = header.sectionViewportPosition(YEAR) + header.sectionSize(YEAR) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(year_centre, header.height() // 2))
    qtbot.waitUntil(lambda: header.sortIndicatorSection() == YEAR and header_paints.paints > 0)
    years = [model.paper_at(row).year or 0 for row in range(model.rowCount())]
    assert years == sorted(years)


def test_the_note_mark_stays_in_sight_when_the_decision_is_cut_short(qtbot, monkeypatch, seeded, cluster, ids):
    """"1 Shengen Yan ✎" read "1 Shengen Y…" at the column's default width: the one sign of a note was cut off."""
    from gui import paper_cells
    from gui.papers_pane import PREFERRED_WIDTHS

    laid_out = []
    real_static_text = paper_cells.static_text
    monkeypatch.setattr(paper_cells, "static_text", lambda text, font: laid_out.append(text) or real_static_text(text, font))
    table = _table(qtbot, seeded, cluster, ids)  # papers 3 and 4: person 1
    seeded.annotate(cluster.id, ids[2:3], "same lab")
    (person,) = seeded.people(cluster.id)
    seeded.edit_person(cluster.id, person.id, label="Shengen Yan (SenseTime)")  # too long for any font here
    table.model().set_contents(seeded.load_cluster(cluster.id))
    assert table.columnWidth(DECISION) == PREFERRED_WIDTHS[DECISION]
    laid_out.clear()
    table.viewport().repaint()
    assert table.model().look(2, DECISION)[0] == "1 Shengen Yan (SenseTime) ✎"
    shown = {text for text in laid_out if text.startswith("1 ")}  # papers 3 and 4, one with a note
    assert len(shown) == 2 and all("…" in text for text in shown), laid_out
    noted = [text for text in shown if "✎" in text]
    assert len(noted) == 1 and noted[0].endswith(") ✎"), noted  # the label cut short, not the mark


def test_a_text_cut_short_keeps_a_notes_mark_and_fits(qapp):
    metrics = QFontMetricsF(QFont())
    text = "1 Shengen Yan (SenseTime Research) ✎"
    room = metrics.horizontalAdvance("1 Shengen Yan")
    shown = elided(metrics, text, room)
    assert shown.startswith("1 ") and shown.endswith("… ✎") and metrics.horizontalAdvance(shown) <= room
    assert elided(metrics, text[:-2], room) == metrics.elidedText(text[:-2], Qt.TextElideMode.ElideRight, room)  # no note: as before
    assert elided(metrics, text, metrics.horizontalAdvance(text)) == text  # room enough: whole


def _laid_out_texts(monkeypatch) -> list[str]:
    """Every text the cells lay out to paint (cut short or whole), as they are laid out."""
    from gui import paper_cells

    laid_out: list[str] = []
    real_static_text = paper_cells.static_text
    monkeypatch.setattr(paper_cells, "static_text", lambda text, font: laid_out.append(text) or real_static_text(text, font))
    return laid_out


def _drawn_by_a_font(text: str, font: QFont) -> bool:
    """Whether each character of `text` has a glyph in the font Qt picks for it (glyph 0: the missing-glyph box)."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(0 not in run.glyphIndexes() for run in layout.glyphRuns())


def test_a_pending_decision_shows_which_decision_waits_behind_a_mark_the_fonts_draw(qtbot, monkeypatch, seeded, cluster, ids):
    """"⏳ not saved: 1 p…": the mark was a missing-glyph box and the column's default width cut off the decision."""
    from gui.papers_model import PENDING_MARK
    from gui.papers_pane import PREFERRED_WIDTHS

    laid_out = _laid_out_texts(monkeypatch)
    table = _table(qtbot, seeded, cluster, ids)
    table.model().set_pending({ids[5]: "Barry Wilkinson", ids[6]: "not this name"})
    assert table.columnWidth(DECISION) == PREFERRED_WIDTHS[DECISION]
    laid_out.clear()
    table.viewport().repaint()
    assert {"◷ Barry Wilkinson", "◷ not this name"} <= set(laid_out)  # whole, not cut short
    assert _drawn_by_a_font(PENDING_MARK, table.font())
    tip = table.model().index(5, DECISION).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Not saved yet: Barry Wilkinson. Namesake tries again every few seconds."


def test_the_number_column_is_wide_enough_for_the_clusters_largest_number(qtbot, monkeypatch, seeded, cluster, ids):
    """Paper 10000 read "10…" in a column sized for four digits."""
    from dataclasses import replace

    laid_out = _laid_out_texts(monkeypatch)
    table = _table(qtbot, seeded, cluster, ids)
    assert table.columnWidth(NUMBER) == 40  # the example's 7 papers: the preferred width
    contents = seeded.load_cluster(cluster.id)
    first = contents.papers[0]
    many = [first._replace(paper_id=10_000 + n, position=n) for n in range(10_000)]
    table.model().set_contents(replace(contents, papers=many, decisions={}, search_text=[]))
    table.scrollToBottom()
    laid_out.clear()
    table.viewport().repaint()
    assert "10000" in laid_out and "10…" not in laid_out
    table.model().set_contents(contents)  # back to a small cluster: back to the preferred width
    assert table.columnWidth(NUMBER) == 40


def test_the_decision_column_widens_for_the_clusters_person_labels(qtbot, seeded, cluster, ids):
    """"2 Ajay Gupta (2)" read "2 Ajay Gupta…" at the column's usual width, which could be either of two
    people; the column now takes room for the longest label from Authors, which stretches, up to a limit."""
    from gui.papers_pane import DECISION_MOST, PREFERRED_WIDTHS, PapersPane

    seeded.create_person(cluster.id, ids[:1], label="Shengen Yan")
    seeded.create_person(cluster.id, ids[1:2], label="Shengen Yan (2)")
    pane = PapersPane()
    qtbot.addWidget(pane)
    pane.resize(1100, 300)
    pane.show()
    qtbot.waitExposed(pane)
    table = pane.table
    narrow = table.horizontalHeader().sectionSizeHint(DECISION)
    assert table.columnWidth(DECISION) == narrow < PREFERRED_WIDTHS[DECISION]  # nothing shown: as narrow as its header
    contents = seeded.load_cluster(cluster.id)
    pane.model.set_contents(contents)
    pane.set_people(contents.people)
    assert PREFERRED_WIDTHS[DECISION] < table.columnWidth(DECISION) < DECISION_MOST
    # Whole, not cut short: the room the cell paints its text in (past the icon, `PaperCellDelegate._paint_cell`).
    room = table.columnWidth(DECISION) - table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) - 4 * cell_margin(table)
    assert QFontMetrics(table.font()).horizontalAdvance("2 Shengen Yan (2)") <= room
    assert table.model().look(1, DECISION)[0] == "2 Shengen Yan (2)"
    # A label longer than the limit is cut there: the titles keep their room.
    seeded.edit_person(cluster.id, contents.people[1].id, label="Shengen Yan of the Shanghai Artificial Intelligence Laboratory")
    contents = seeded.load_cluster(cluster.id)
    pane.model.set_contents(contents)
    pane.set_people(contents.people)
    assert table.columnWidth(DECISION) == DECISION_MOST
    # Another cluster's people, or none: no paper decided, narrow again.
    seeded.remove_person(cluster.id, contents.people[1].id)
    seeded.remove_person(cluster.id, contents.people[0].id)
    contents = seeded.load_cluster(cluster.id)
    pane.model.set_contents(contents)
    pane.set_people(contents.people)
    assert table.columnWidth(DECISION) == narrow
