"""A table's column header that does not follow the rows' selection.

Qt's header asks, on every change of the selection, whether each of its
columns is selected, which walks the selection row by row:
- the papers table's header repainted itself whole on every move between
  papers (~0.5 ms a key), to highlight sections it does not highlight;
- in the cluster list of a dblp import (200,000 clusters), Ctrl+A took 4.3 s
  (16 ms with this header), and a range chosen with Shift as long.
Not highlighting is not enough: each repaint still asks every column whether it
is selected, to shape the sections beside a highlighted one (Qt's
initStyleOptionForIndex), and with 20,000 papers selected that was 160,000
index lookups, most of a second's freeze after Ctrl+A then N. So the header is
given a selection of its own, which stays empty.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QHeaderView, QWidget


class ColumnHeader(QHeaderView):
    """A horizontal header for a table that selects whole rows: no section is ever highlighted."""

    def __init__(self, parent: QWidget):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as the header QTableView makes for itself
        self.setHighlightSections(False)

    def setSelectionModel(self, rows_selection: QItemSelectionModel) -> None:
        # The table hands its header the rows' selection: keep one over the same model that nothing selects in.
        super().setSelectionModel(QItemSelectionModel(rows_selection.model(), self))

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self.highlightSections():
            super().selectionChanged(selected, deselected)
