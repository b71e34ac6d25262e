"""The clusters on the left, with their progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from models.queries import ClusterSummary, Status

COLUMNS = ("Cluster", "Papers", "Decided", "Status")
NAME, PAPERS, DECIDED, STATUS = range(len(COLUMNS))
STATUS_COLOURS = {Status.DONE: QColor(26, 127, 55), Status.IN_PROGRESS: QColor(154, 103, 0)}

Index = QModelIndex | QPersistentModelIndex


class QtClusterListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._clusters: list[ClusterSummary] = []

    def set_clusters(self, clusters: list[ClusterSummary]) -> None:
        self.beginResetModel()
        self._clusters = list(clusters)
        self.endResetModel()

    def update_cluster(self, summary: ClusterSummary) -> None:
        for row, cluster in enumerate(self._clusters):
            if cluster.id == summary.id:
                self._clusters[row] = summary
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return

    def cluster_at(self, row: int) -> ClusterSummary:
        return self._clusters[row]

    def row_of(self, cluster_id: int) -> int | None:
        return next((row for row, c in enumerate(self._clusters) if c.id == cluster_id), None)

    def clusters(self) -> list[ClusterSummary]:
        return list(self._clusters)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._clusters)

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
        if not index.isValid() or index.row() >= len(self._clusters):
            return None
        cluster = self._clusters[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (cluster.name, str(cluster.papers), str(cluster.decided), cluster.status.value)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return STATUS_COLOURS.get(cluster.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PAPERS, DECIDED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(cluster)
        return None


def _tooltip(cluster: ClusterSummary) -> str:
    lines = [f"{cluster.name}: {cluster.decided} of {cluster.papers} papers decided ({cluster.status.value})"]
    if cluster.declared_papers is not None:
        lines.append(f"The source declares {cluster.declared_papers} papers.")
    if cluster.declaration_note:
        lines.append(cluster.declaration_note[0].upper() + cluster.declaration_note[1:] + ".")
    return "\n".join(lines)


class ClusterList(QWidget):
    """The cluster table with a line of overall progress under it."""

    cluster_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self.model = QtClusterListModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (PAPERS, DECIDED, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.progress = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.progress)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._show_progress)
        self.model.dataChanged.connect(self._show_progress)

    def select_cluster(self, cluster_id: int) -> None:
        row = self.model.row_of(cluster_id)
        if row is not None and row != self.table.currentIndex().row():
            self._quiet = True  # the session is already opening it
            try:
                self.table.selectRow(row)
            finally:
                self._quiet = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self.cluster_chosen.emit(self.model.cluster_at(current.row()).id)

    def _show_progress(self, *_args: object) -> None:
        clusters = self.model.clusters()
        done = sum(c.status is Status.DONE for c in clusters)
        decided = sum(c.decided for c in clusters)
        papers = sum(c.papers for c in clusters)
        self.progress.setText(f"{done} of {len(clusters)} clusters done · {decided} of {papers} papers decided")
