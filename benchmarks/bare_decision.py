"""What one decision costs in a bare PySide6 window: the floor under the decision figure.

The decision figure's target is a ratio to a raw INSERT + COMMIT, and its
value ends with the frame painted. This window does the least a decision's
frame can show: a `QTableView` over plain lists of the same cluster's rows
(no delegate, no selection colours of its own, nothing but strings), and
below it a label with the title of the paper the cursor is on. Key N runs the
baseline's own INSERT + COMMIT, marks the row and moves the cursor down, the
label following. It is timed exactly as the review window's decision is
(`WindowBench.key_and_frame`), in the same process, after it: whatever PySide6
and the painting take here, no code of Namesake can take less.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QSplitter, QTableView, QWidget

COLUMNS = ("Decision", "Title", "Year", "Venue", "Authors")
TITLE_WIDTH = 520


class _Rows(QAbstractTableModel):
    """The cluster's rows as plain lists of strings: one list a column."""

    def __init__(self, papers):
        super().__init__()
        self.decision = [""] * len(papers)
        self.columns = (
            self.decision,
            [p.title for p in papers],
            ["" if p.year is None else str(p.year) for p in papers],
            [p.venue or "" for p in papers],
            [p.author_names.replace("\n", ", ") for p in papers],
        )

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.decision)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][index.row()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def mark(self, row: int) -> None:
        self.decision[row] = "not this name"
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


class _Table(QTableView):
    """Key N: `commit()`, then the row marked and the cursor on the next row."""

    def __init__(self, rows: _Rows, commit, shown: QLabel):
        super().__init__()
        self.setModel(rows)
        self.rows, self.commit, self.shown = rows, commit, shown
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one line a row, as the review table's
        self.setWordWrap(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(1, TITLE_WIDTH)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() != Qt.Key.Key_N:
            super().keyPressEvent(event)
            return
        row = self.currentIndex().row()
        if self.commit is not None:
            self.commit()
        self.rows.mark(row)
        below = min(row + 1, self.rows.rowCount() - 1)
        self.setCurrentIndex(self.rows.index(below, 1))
        self.shown.setText(self.rows.columns[1][below])


class BareDecisionWindow(QMainWindow):
    """The table over the label, at the review window's size; `commit` None skips the write (paint alone)."""

    def __init__(self, papers, commit, size: tuple[int, int]):
        super().__init__()
        self.resize(*size)
        self.shown = QLabel()
        self.shown.setWordWrap(True)
        self.table = _Table(_Rows(papers), commit, self.shown)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.shown)
        self.setCentralWidget(split)

    def start(self) -> QWidget:
        """Shown, the cursor on the first row; the widget keys go to."""
        self.show()
        self.table.setFocus()
        self.table.setCurrentIndex(self.table.rows.index(0, 1))
        return self.table

    def decided(self) -> int:
        return sum(1 for verdict in self.table.rows.decision if verdict)
