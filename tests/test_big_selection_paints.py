"""Repaints that must not walk every row of a big cluster.

Measured offscreen on the 20,000-paper cluster (`/work/scratch/s30/me/prof20k.py`, `rowcount.py`,
`sugg_reset.py`): with every paper selected, one repaint of the papers' column header asked the
model for 160,000 indexes; after each change, the suggestions list measured all 2,029 wrapped groups
before the next key was read (150-280 ms).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from conftest import shown
from gui.column_header import ColumnHeader
from gui.suggestions_panel import SuggestionsPanel
from models.suggestions import GroupSuggestion

ROWS, COLUMNS = 20_000, 8


class CountingModel(QAbstractTableModel):
    """A big table that counts how often Qt asks its size, which it does for each index it makes."""

    def __init__(self):
        super().__init__()
        self.asked = 0

    def rowCount(self, parent=QModelIndex()) -> int:
        self.asked += 1
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"{index.row()}" if role == Qt.ItemDataRole.DisplayRole else None


def test_the_column_header_repaints_without_walking_a_selection_of_every_row(qtbot):
    table = QTableView()
    table.setHorizontalHeader(ColumnHeader(table))
    model = CountingModel()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    qtbot.addWidget(table)
    table.resize(800, 400)
    table.show()
    qtbot.waitExposed(table)
    table.selectAll()
    assert table.selectionModel().isRowSelected(ROWS - 1)
    qtbot.wait(10)
    model.asked = 0
    table.horizontalHeader().viewport().repaint()
    # Qt asks each column whether it is selected, row by row: 160,000 indexes with the rows' selection.
    assert model.asked < 100
    assert not table.horizontalHeader().selectionModel().hasSelection()
    # A model set again (another cluster) gets a fresh table selection, and the header still keeps its own.
    table.setModel(CountingModel())
    assert table.horizontalHeader().selectionModel() is not table.selectionModel()
    assert table.horizontalHeader().selectionModel().model() is table.model()


def test_the_suggestions_list_lays_out_a_big_list_between_events(qtbot):
    panel = shown(qtbot, SuggestionsPanel(), 360, 600)
    groups = [GroupSuggestion((2 * i, 2 * i + 1), "medium", 0.5, ("share the venue X", "share coauthor Y"), None) for i in range(2_000)]
    asked = []
    real_data = panel.model.data
    panel.model.data = lambda index, role=Qt.ItemDataRole.DisplayRole: asked.append(index.row()) or real_data(index, role)
    panel.model.set_suggestions(groups, [])
    qtbot.wait(1)
    # At once only the first batch is measured; before, every group was, before the next key came.
    assert len(set(asked)) < 500
    # The rest follows between events: the last group can be reached and shown.
    last = panel.model.index(len(groups) - 1)
    qtbot.waitUntil(lambda: panel.view.visualRect(last).height() > 0, timeout=10_000)
    panel.view.scrollTo(last)
    panel.view.setCurrentIndex(last)
    assert panel.view.currentIndex().row() == len(groups) - 1
