"""The clusters on the left: filter by name and status, progress over all of them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QProgressBar, QTableView, QVBoxLayout, QWidget,
)

from gui.live_text import LiveText
from models.names import cluster_key
from models.queries import ClusterSummary, Status

COLUMNS = ("Cluster", "Decided", "Status")
NAME, DECIDED, STATUS = range(len(COLUMNS))
STATUS_COLOURS = {Status.DONE: QColor(26, 127, 55), Status.IN_PROGRESS: QColor(154, 103, 0)}
STATUS_CHOICES = (("Every status", None), ("Not started", Status.NOT_STARTED), ("In progress", Status.IN_PROGRESS), ("Done", Status.DONE))

Index = QModelIndex | QPersistentModelIndex


class Totals:
    """Progress over all clusters, kept as clusters change."""

    def __init__(self):
        self.clusters = self.done = self.decided = self.papers = 0

    def add(self, cluster: ClusterSummary, sign: int) -> None:
        self.clusters += sign
        self.done += sign * (cluster.status is Status.DONE)
        self.decided += sign * cluster.decided
        self.papers += sign * cluster.papers


class QtClusterListModel(QAbstractTableModel):
    """All clusters in a list; the rows shown are those passing the name and status filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._clusters: list[ClusterSummary] = []
        self._index_of: dict[int, int] = {}  # cluster id → index into _clusters
        self._shown: list[int] = []  # indices into _clusters
        self._row_of: dict[int, int] = {}  # index into _clusters → row shown
        self._name_filter = ""
        self._status_filter: Status | None = None
        self._totals = Totals()

    def set_clusters(self, clusters: list[ClusterSummary]) -> None:
        self.beginResetModel()
        self._clusters = list(clusters)
        self._totals = Totals()
        for cluster in self._clusters:
            self._totals.add(cluster, 1)
        self._index_of = {cluster.id: index for index, cluster in enumerate(self._clusters)}
        self._shown = self._filtered()
        self._row_of = {index: row for row, index in enumerate(self._shown)}
        self.endResetModel()

    def set_filter(self, name: str, status: Status | None) -> None:
        self.beginResetModel()
        self._name_filter = cluster_key(name)
        self._status_filter = status
        self._shown = self._filtered()
        self._row_of = {index: row for row, index in enumerate(self._shown)}
        self.endResetModel()

    def _filtered(self) -> list[int]:
        return [
            i for i, c in enumerate(self._clusters)
            if self._name_filter in c.key and (self._status_filter is None or c.status is self._status_filter)
        ]

    def update_cluster(self, summary: ClusterSummary) -> None:
        index = self._index_of.get(summary.id)
        if index is None:
            return
        before = self._clusters[index]
        self._totals.add(before, -1)  # kept, not summed again: a decision updates one of 100,000 clusters
        self._totals.add(summary, 1)
        self._clusters[index] = summary
        row = self._row_of.get(index)
        # Only the cells whose text changed (a decision: the count; now and then the status): repainting
        # the row asked data() ~40 times, ~1 ms of every decision's frame.
        changed = [column for column in range(len(COLUMNS)) if _cell_text(before, column) != _cell_text(summary, column)]
        if row is not None and changed:
            self.dataChanged.emit(self.index(row, min(changed)), self.index(row, max(changed)))

    def cluster_at(self, row: int) -> ClusterSummary:
        return self._clusters[self._shown[row]]

    def row_of(self, cluster_id: int) -> int | None:
        index = self._index_of.get(cluster_id)
        return None if index is None else self._row_of.get(index)

    def clusters(self) -> list[ClusterSummary]:
        """Every cluster, whatever the filter shows."""
        return list(self._clusters)

    @property
    def totals(self) -> Totals:
        return self._totals

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        cluster = self.cluster_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(cluster, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return STATUS_COLOURS.get(cluster.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DECIDED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(cluster)
        return None


def _cell_text(cluster: ClusterSummary, column: int) -> str:
    """What a cell shows; its colour follows the status, its tooltip is asked for when shown."""
    if column == NAME:
        return cluster.name
    return f"{cluster.decided} / {cluster.papers}" if column == DECIDED else cluster.status.value


def _tooltip(cluster: ClusterSummary) -> str:
    lines = [f"{cluster.name}: {cluster.decided} of {cluster.papers} papers decided ({cluster.status.value})"]
    if cluster.declared_papers is not None:
        lines.append(f"The source declares {cluster.declared_papers} papers.")
    if cluster.declaration_note:
        lines.append(cluster.declaration_note[0].upper() + cluster.declaration_note[1:] + ".")
    return "\n".join(lines)


class NameFilter(QLineEdit):
    """The name filter, kept by the keyboard: ↓ goes into the list; Esc clears the text, then leaves."""

    down_pressed = Signal()
    left = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.down_pressed.emit()
        elif event.matches(QKeySequence.StandardKey.Cancel):
            if self.text():
                self.clear()
            else:
                self.left.emit()
        else:
            super().keyPressEvent(event)


class ClusterList(QWidget):
    """The cluster table, its filters, and progress over every cluster."""

    cluster_chosen = Signal(int)
    finished_finding = Signal()  # Enter, or Esc on an empty filter: the reviewer goes back to the papers

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self._open_id: int | None = None  # the cluster the window shows
        self.model = QtClusterListModel(self)
        self.name_filter = NameFilter(self)
        self.name_filter.setPlaceholderText("Filter clusters by name")
        self.name_filter.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        for text, status in STATUS_CHOICES:
            self.status_filter.addItem(text, status.value if status else "")  # plain strings: Qt keeps them as they are
        self.table = self._build_table()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress = LiveText(self, wrap=True)  # changes with every decision: see gui/live_text.py
        filters = QHBoxLayout()
        filters.addWidget(self.name_filter, 1)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._show_progress)
        self.model.dataChanged.connect(self._show_progress)
        self.name_filter.textChanged.connect(lambda _: self._filter_changed())
        self.status_filter.activated.connect(lambda _: self._filter_changed())
        self.name_filter.returnPressed.connect(self._open_shown)
        self.name_filter.down_pressed.connect(self._enter_list)
        self.name_filter.left.connect(self.finished_finding)

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several, for export
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)  # Tab leaves the list, as from the papers
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: ResizeToContents would read every row of a
        # 100,000-cluster list again each time one cluster's progress changes.
        # Only as wide as their widest text, so the name keeps the rest of a narrow pane.
        metrics, padding = table.fontMetrics(), 14
        for column, texts in ((DECIDED, ("Decided", "0000 / 00000")), (STATUS, ("Status", "not started", "in progress"))):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(column, max(map(metrics.horizontalAdvance, texts)) + padding)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        return table

    def chosen_clusters(self) -> list[ClusterSummary]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.cluster_at(row) for row in rows]

    def select_cluster(self, cluster_id: int) -> None:
        """Mark the cluster the window shows (without opening it again)."""
        self._open_id = cluster_id
        row = self.model.row_of(cluster_id)
        if row is not None and row != self.table.currentIndex().row():
            self._quiet = True  # the session is already opening it
            try:
                self.table.selectRow(row)
            finally:
                self._quiet = False

    # Finding a cluster by keyboard (Ctrl+L) ---------------------------------------

    def start_finding(self) -> None:
        self.name_filter.setFocus()
        self.name_filter.selectAll()

    def _row_to_open(self) -> int | None:
        """The marked row (the open cluster, still shown), else the first row shown; None when nothing is shown."""
        current = self.table.currentIndex()
        if current.isValid():
            return current.row()
        return 0 if self.model.rowCount() else None

    def _open_shown(self) -> None:
        row = self._row_to_open()
        if row is None:
            QApplication.beep()
            return
        self.table.selectRow(row)  # opens it, unless it is the open cluster already
        self.finished_finding.emit()

    def _enter_list(self) -> None:
        row = self._row_to_open()
        if row is None:
            return
        self.table.setFocus()
        self.table.selectRow(row)

    def _filter_changed(self) -> None:
        status = self.status_filter.currentData()
        self.model.set_filter(self.name_filter.text(), Status(status) if status else None)
        self._quiet = True  # filtering shows other rows; it opens nothing by itself
        try:
            self.table.selectionModel().clear()
        finally:
            self._quiet = False
        if self._open_id is not None:
            self.select_cluster(self._open_id)  # the open cluster stays marked when it is still shown

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self.cluster_chosen.emit(self.model.cluster_at(current.row()).id)

    def _show_progress(self, *_args: object) -> None:
        totals = self.model.totals
        self.progress_bar.setRange(0, max(totals.papers, 1))
        self.progress_bar.setValue(totals.decided)
        self.progress.setText(
            f"{totals.done} of {totals.clusters} clusters done · {totals.decided} of {totals.papers} papers decided"
        )
