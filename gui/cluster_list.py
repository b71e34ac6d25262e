"""The clusters on the left: filter by name and status, progress over all of them."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QProgressBar, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget,
)

from gui.column_header import ColumnHeader
from gui.inks import ink_colour
from gui.keys import held_modifiers
from gui.live_text import LiveText
from models.cluster_listing import ClusterListing, Totals, first_named, matching, next_open_among, next_open_index, search_key
from models.queries import ClusterSummary, Status
from models.review import papers_count

# The status is the Decided cell's colour and mark (✓ done): a Status column of its own took a narrow
# pane's room from the names, which are what a curator reads the list for.
COLUMNS = ("Cluster", "Decided")
NAME, DECIDED = range(len(COLUMNS))
DONE_MARK = "✓ "
NO_CLUSTERS = "No clusters yet: File → Import (Ctrl+O)."  # the empty list, Ctrl+N and the status line say it alike
UNSURE_WORD = " unsure"  # after a count of unsure papers, "7 / 7 · 2 unsure": "2?" read as "27" at the list's size
STATUS_INKS = {Status.DONE: "green", Status.IN_PROGRESS: "amber"}
STATUS_CHOICES = (("Every status", None), ("Not started", Status.NOT_STARTED), ("In progress", Status.IN_PROGRESS), ("Done", Status.DONE))
# "No cluster is done yet": what an empty list filtered by a status says.
STATUS_SAID = {Status.NOT_STARTED: "left to start", Status.IN_PROGRESS: "in progress", Status.DONE: "done yet"}

Index = QModelIndex | QPersistentModelIndex
# Made current alone: `selectRow` reads the keys held (see `ClusterList._select_only`).
_ONLY_THIS_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
_EXTENDING = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
RECENT_FILTERS = 32  # a name typed and erased again, letter by letter
# The Decided column takes at most this share of the list's width, the names the rest: fitted to a 20,000-paper
# cluster's "20,000 / 20,000 · 20,000 unsure", it left every name "Aa…en" in a narrow pane. The tooltip says it all.
DECIDED_SHARE = 0.4


class QtClusterListModel(QAbstractTableModel):
    """All clusters in a list; the rows shown are those passing the name and status filter."""

    # The totals over every cluster changed (`update_cluster`), whether the filter shows that cluster's row or not:
    # the footer followed `dataChanged` alone, which a hidden row never sends, and kept stale counts.
    totals_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._clusters: list[ClusterSummary] = []
        self._index_of: dict[int, int] = {}  # cluster id → index into _clusters
        # What the filter reads, one plain list each: a dblp import makes a cluster of every author name. Over
        # 100,000 clusters, rescanning the summaries made a keystroke 28-31 ms (median; Backspace 32-35 ms);
        # with these lists, narrowing and the recent filters: 11-13 ms and 9 ms (/work/scratch/s18/clf6.py).
        self._keys: list[str] = []
        self._statuses: list[Status] = []
        self._shown: list[int] = []  # indices into _clusters, ascending: a row is found by bisection
        self._recent: dict[tuple[str, Status | None], list[int]] = {}  # the last filters' rows: Backspace rescans nothing
        self._shown_current = True  # the rows shown are all that pass the filter (a status may have changed since)
        self._name_filter = ""  # as compared (`search_key`)
        self._name_typed = ""  # as typed, for what the window says of it
        self._status_filter: Status | None = None
        self._totals = Totals()
        self._listed = False  # until the first listing, an empty list says nothing of the database

    def set_clusters(self, clusters: list[ClusterSummary]) -> None:
        self.set_listing(ClusterListing.of(clusters))

    def set_listing(self, listing: ClusterListing) -> None:
        """Show every cluster; `listing` was prepared off the GUI thread."""
        self.beginResetModel()
        self._clusters, self._index_of, self._keys = listing.clusters, listing.index_of, listing.keys
        self._statuses, self._totals = listing.statuses, listing.totals
        self._listed = True
        self._recent.clear()
        self._shown = self._filtered()
        self._shown_current = True
        self.endResetModel()

    def set_filter(self, name: str, status: Status | None) -> None:
        key = search_key(name)
        # Typing on narrows what is shown: only the rows shown can still match.
        narrower = status is self._status_filter and self._name_filter in key and self._shown_current
        self.beginResetModel()
        self._name_filter, self._name_typed = key, name.strip()
        self._status_filter = status
        shown = self._recent.pop((key, status), None)
        self._shown = shown if shown is not None else self._filtered(self._shown if narrower else None)
        self._shown_current = True
        self._recent[key, status] = self._shown
        while len(self._recent) > RECENT_FILTERS:
            del self._recent[next(iter(self._recent))]  # the oldest
        self.endResetModel()

    def _filtered(self, among: list[int] | None = None) -> list[int]:
        return matching(self._keys, self._statuses, self._name_filter, self._status_filter, among)

    def why_empty(self, typed: str) -> str:
        """Why no cluster is shown, and what to do; "" while some are (or before the listing). `typed`: the name
        filter as typed (the model keeps it case-folded)."""
        if self._shown or not self._listed:
            return ""
        if not self._clusters:
            return NO_CLUSTERS
        needle, status = self._name_filter, self._status_filter
        if needle and (status is None or not self.named_anywhere()):
            return f"No cluster name contains “{typed}”: Esc in the filter clears it."
        named = f" with “{typed}” in its name" if needle else ""
        return f"No cluster{named} is {STATUS_SAID[status]}: “Every status” shows the others."

    def update_cluster(self, summary: ClusterSummary) -> None:
        if self._update(summary):
            self.totals_changed.emit()

    def update_clusters(self, summaries: list[ClusterSummary]) -> None:
        """Another program's changes: the totals told once (the column's width and the footer), not per cluster."""
        if any([self._update(summary) for summary in summaries]):  # a list: every cluster taken in, not up to the first
            self.totals_changed.emit()

    def _update(self, summary: ClusterSummary) -> bool:
        """Take in one cluster's new counts; whether any cell of it changed."""
        index = self._index_of.get(summary.id)
        if index is None:
            return False
        before = self._clusters[index]
        self._totals.add(before, -1)  # kept, not summed again: a decision updates one of 100,000 clusters
        self._totals.add(summary, 1)
        self._clusters[index] = summary
        if summary.status is not self._statuses[index]:
            self._statuses[index] = summary.status
            self._recent.clear()  # a status filter's rows kept may be wrong now,
            self._shown_current = self._status_filter is None  # and so may the rows shown
        row = self._row_at(index)
        # Only the cells whose text changed (a decision: the count; now and then the status): repainting
        # the row asked data() ~40 times, ~1 ms of every decision's frame.
        changed = [column for column in range(len(COLUMNS)) if _cell_text(before, column) != _cell_text(summary, column)]
        if row is not None and changed:
            self.dataChanged.emit(self.index(row, min(changed)), self.index(row, max(changed)))
        return bool(changed)

    def cluster_at(self, row: int) -> ClusterSummary:
        return self._clusters[self._shown[row]]

    def name_of(self, cluster_id: int) -> str | None:
        """The cluster's name, if the list has it (before the listing comes, it has none)."""
        index = self._index_of.get(cluster_id)
        return None if index is None else self._clusters[index].name

    def row_of(self, cluster_id: int) -> int | None:
        index = self._index_of.get(cluster_id)
        return None if index is None else self._row_at(index)

    def _row_at(self, index: int) -> int | None:
        """The row showing `_clusters[index]`, if one does."""
        row = bisect_left(self._shown, index)
        return row if row < len(self._shown) and self._shown[row] == index else None

    def next_open(self, after_id: int | None) -> ClusterSummary | None:
        """The next cluster not done after this one, among those the list shows (Ctrl+N): a reviewer who
        filtered the list to "wang" goes through the Wangs. Unfiltered, found in C over 200,000."""
        after = self._index_of.get(after_id)
        if self.filtered:
            index = next_open_among(self._statuses, self._shown, after)
        else:
            index = next_open_index(self._statuses, after)
        return None if index is None else self._clusters[index]

    def holds(self, cluster_id: int) -> bool:
        """Whether the database still has this cluster, as far as the list knows (before the listing: yes)."""
        return not self._clusters or cluster_id in self._index_of

    @property
    def filtered(self) -> bool:
        return bool(self._name_filter) or self._status_filter is not None

    @property
    def clusters_listed(self) -> int:
        """How many clusters the database holds (shown or not)."""
        return len(self._clusters)

    @property
    def status_filter(self) -> Status | None:
        return self._status_filter

    def named_anywhere(self) -> bool:
        """Whether a cluster's name holds the name filter's text, shown or hidden by the status filter."""
        return first_named(self._keys, self._name_filter) is not None

    @property
    def name_filter(self) -> str:
        """The part of a name the list is filtered by, as typed; "" for none (or nothing a name is compared by)."""
        return self._name_typed if self._name_filter else ""

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The role is looked up first: a cell is asked for ~9 roles when painted, and most have nothing here.
        getter = _ROLES.get(role)
        if getter is None:
            return None
        row = index.row()  # an invalid index has row -1
        if row < 0 or row >= len(self._shown):
            return None
        return getter(self._clusters[self._shown[row]], index.column())


def _cell_text(cluster: ClusterSummary, column: int) -> str:
    """What a cell shows; its colour follows the status, its tooltip is asked for when shown."""
    if column == NAME:
        return cluster.name
    counts = f"{cluster.decided:,} / {cluster.papers:,}"
    if cluster.unsure:
        return f"{counts} · {cluster.unsure:,}{UNSURE_WORD}"
    return DONE_MARK + counts if cluster.status is Status.DONE else counts


def _foreground(cluster: ClusterSummary, column: int) -> QColor | None:
    name = STATUS_INKS.get(cluster.status) if column == DECIDED else None
    return ink_colour(name) if name else None


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _alignment(cluster: ClusterSummary, column: int) -> int | None:
    return _RIGHT if column == DECIDED else None


def _tooltip(cluster: ClusterSummary, column: int = NAME) -> str:
    unsure = f", {cluster.unsure:,} unsure" if cluster.unsure else ""
    lines = [f"{cluster.name}: {cluster.decided:,} of {cluster.papers:,} papers decided{unsure} ({cluster.status.value})"]
    if unsure:
        lines.append("Done once no paper is unsure.")
    if cluster.declared_papers is not None:
        lines.append(f"The source declares {papers_count(cluster.declared_papers)}.")
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


UNSURE_JOIN = " · "
FILTER_PLACEHOLDER = "Filter by name"


def kept_unsure(text: str, metrics: QFontMetrics, room: int) -> str:
    """The Decided cell's `text` in `room` pixels: when cut, both counts of "decided / papers" and the count of
    unsure papers stay whole, the spaces around the "/" and then the word "unsure" going first ("44/105 · 2 uns…");
    narrower, the unsure count stays whole and the counts before it are cut at their right. Cut in the middle,
    "39 / 39… unsure" hid the unsure count, the one that says why the cluster is not done; cut at the right first,
    "44… · 2 unsure" hid how many papers the cluster has (the tooltip says it all)."""
    if metrics.horizontalAdvance(text) <= room or UNSURE_JOIN not in text:
        return text
    counts, unsure = text.split(UNSURE_JOIN, 1)
    compact = counts.replace(" / ", "/") + UNSURE_JOIN
    if metrics.horizontalAdvance(compact + unsure) <= room:
        return compact + unsure
    number, _, word = unsure.partition(" ")
    cut_word = metrics.elidedText(word, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(f"{compact}{number} "))
    if len(cut_word) >= len("un…"):
        return f"{compact}{number} {cut_word}"
    tail = UNSURE_JOIN + unsure
    left = room - metrics.horizontalAdvance(tail)
    if left < metrics.horizontalAdvance(counts[:1] + "…"):
        return metrics.elidedText(unsure, Qt.TextElideMode.ElideRight, room)  # the unsure count alone, if even that
    return metrics.elidedText(counts, Qt.TextElideMode.ElideRight, left) + tail


class DecidedDelegate(QStyledItemDelegate):
    """The Decided column's cells, cut to keep their unsure count (`kept_unsure`)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        option.text = kept_unsure(option.text, option.fontMetrics, option.rect.width() - 2 * margin)


class ClusterTable(QTableView):
    """The clusters; with none to show, a line in their place says why (a blank list said nothing).

    A click opens one, the current row's too; Shift or Ctrl with it only extends the choice (for export). The
    keys only move (Enter opens, Esc goes back): when ↓ opened what it reached, the opened cluster took the
    focus to its papers, and the second of the names found was out of reach. A change of the current row
    opens nothing: a row the arrows reached, or the first one made current on taking the focus, was current
    already when clicked, and the click opened nothing."""

    open_requested = Signal()
    row_clicked = Signal(int)  # a plain click on this row: its cluster to open
    left = Signal()
    resized = Signal()  # the rows' width changed: the Decided column's share of it with it

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = ""
        self._click_extends = False  # Shift or Ctrl held on the click: more rows chosen, none opened
        self.clicked.connect(self._clicked)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def say_why_empty(self, text: str) -> None:
        if text != self.empty_text:
            self.empty_text = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.empty_text and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(ink_colour("muted"))
            flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8), flags, self.empty_text)
            painter.end()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not held_modifiers(event):
            self.open_requested.emit()
        elif event.matches(QKeySequence.StandardKey.Cancel):
            self.left.emit()
        else:
            super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        # `clicked` carries no modifiers; it is emitted from within the release.
        self._click_extends = bool(event.modifiers() & _EXTENDING)
        super().mouseReleaseEvent(event)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and not self._click_extends:
            self.row_clicked.emit(index.row())

    def focusInEvent(self, event) -> None:
        """Reached by the keyboard, it shows where it is: the open cluster, else the first shown (made current
        without opening it); Shift+Tab into it had shown no current row. Not by a click: scrolled to the open
        cluster before the press came, the list put another row under the mouse, and that one opened."""
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            return
        if not self.currentIndex().isValid() and self.model().rowCount():
            self.selectionModel().setCurrentIndex(self.model().index(0, NAME), _ONLY_THIS_ROW)
        self.scrollTo(self.currentIndex())


class ClusterList(QWidget):
    """The cluster table, its filters, and progress over every cluster."""

    cluster_chosen = Signal(int)
    said = Signal(str)  # a line for the status bar: the status filter set aside for a name asked for
    finished_finding = Signal()  # Enter, or Esc on an empty filter: the reviewer goes back to the papers

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._open_id: int | None = None  # the cluster the window shows
        self.model = QtClusterListModel(self)
        self.name_filter = NameFilter(self)
        # Short: beside the status choice at 1,280 pixels "Filter clusters by name" read "Filter clusters by na…".
        self.name_filter.setPlaceholderText(FILTER_PLACEHOLDER)
        self.name_filter.setToolTip("Filter the clusters by name (Ctrl+L); Enter opens the first one shown")
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
        self.model.modelReset.connect(self._show_progress)
        self.model.modelReset.connect(self._mark_open)  # a new listing keeps the open cluster marked
        # What the Decided column is fitted to: the digits of papers and unsure, and the rows' width.
        self._decided_widest: tuple[int, int, int] = (0, 0, 0)
        self.model.modelReset.connect(self._fit_decided_column)
        self.table.resized.connect(self._fit_decided_column)
        self.model.modelReset.connect(self._say_why_empty)
        self.model.totals_changed.connect(self._fit_decided_column)  # a first unsure paper needs the "· 1 unsure", also hidden
        self.model.totals_changed.connect(self._show_progress)  # also a cluster the filter hides
        self.name_filter.textChanged.connect(lambda _: self._filter_changed())
        self.status_filter.activated.connect(lambda _: self._filter_changed())
        self.name_filter.returnPressed.connect(self._open_shown)
        self.name_filter.down_pressed.connect(self._enter_list)
        self.name_filter.left.connect(self.finished_finding)
        self.table.open_requested.connect(lambda: self._open_row(self.table.currentIndex().row()))
        self.table.row_clicked.connect(self._choose)
        self.table.left.connect(self._leave_list)

    def _build_table(self) -> ClusterTable:
        table = ClusterTable(self)
        table.setHorizontalHeader(ColumnHeader(table))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several, for export
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)  # Tab leaves the list, as from the papers
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a name cut short keeps its surname: "Klaus…hkämper"
        table.setItemDelegateForColumn(DECIDED, DecidedDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: ResizeToContents would read every row of a
        # 100,000-cluster list again each time one cluster's progress changes.
        # Only as wide as their widest text, so the name keeps the rest of a narrow pane.
        header.setSectionResizeMode(DECIDED, QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(DECIDED, _text_width(table, _decided_texts(0)))
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        return table

    def _fit_decided_column(self, *_args: object) -> None:
        """As wide as the biggest cluster's "decided / papers" needs, no wider: a width for 20,000-paper
        clusters took the names of a list of 300-paper ones a third of a narrow pane. It narrows again when the
        most unsure papers of a cluster are decided, and never takes more than `DECIDED_SHARE` of the rows' width
        (a longer count is elided; its tooltip says it whole)."""
        totals = self.model.totals
        room = self.table.viewport().width()
        widest = (len(str(totals.largest)), len(str(totals.most_unsure)) if totals.most_unsure else 0, room)
        if widest != self._decided_widest:
            self._decided_widest = widest
            wanted = _text_width(self.table, _decided_texts(totals.largest, totals.most_unsure))
            least = _text_width(self.table, _decided_texts(0))  # its header, and a small count
            self.table.setColumnWidth(DECIDED, max(least, min(wanted, int(room * DECIDED_SHARE))))

    def chosen_clusters(self) -> list[ClusterSummary]:
        # From the selection's ranges: `selectedRows()` made an index of each of 200,000 rows (5 s).
        rows: set[int] = set()
        for chosen in self.table.selectionModel().selection():
            rows.update(range(chosen.top(), chosen.bottom() + 1))
        return [self.model.cluster_at(row) for row in sorted(rows)]

    def select_cluster(self, cluster_id: int) -> None:
        """Mark the cluster the window shows (without opening it again)."""
        self._open_id = cluster_id
        row = self.model.row_of(cluster_id)
        if row is None:  # hidden by the filter: no other row may look open (Alt+Left to a hidden one left the last marked)
            self.table.selectionModel().clear()
            return
        if row != self.table.currentIndex().row():
            self._select_only(row)
        self.table.scrollTo(self.model.index(row, NAME))  # also after the filter changed: it was left out of sight

    def _select_only(self, row: int) -> None:
        """This row alone, made current. `selectRow` reads the keys held: with Ctrl still down from
        Ctrl+N it added the next cluster to the last one, and an export of the chosen took both."""
        self.table.selectionModel().setCurrentIndex(self.model.index(row, NAME), _ONLY_THIS_ROW)

    def _mark_open(self) -> None:
        if self._open_id is not None:
            self.select_cluster(self._open_id)

    def show_listing(self) -> None:
        """Say the clusters are being listed (200,000 take seconds); the list's totals replace it."""
        self.progress.setText("Listing the clusters…")

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
        """Enter in the name filter. A name the status filter hides is asked for by name: the filter then shows
        every status, and says it, rather than leaving an empty list (it said nothing)."""
        row = self._row_to_open()
        if row is None and self.model.status_filter is not None and self.model.named_anywhere():
            hidden_by = status_label(self.model.status_filter)
            self.status_filter.setCurrentIndex(0)  # "Every status"
            self._filter_changed()
            row = self._row_to_open()
            self.said.emit(f"Showing every status: the status filter '{hidden_by}' hid \"{self.name_filter.text()}\".")
        if row is None:
            QApplication.beep()  # the empty list says why in its place
            return
        self._open_row(row)

    def _open_row(self, row: int) -> None:
        """Open the cluster of this row (Enter), unless it is open already; then back to the papers."""
        if row < 0:
            return
        self._select_only(row)
        self._choose(row)
        self.finished_finding.emit()

    def _choose(self, row: int) -> None:
        cluster_id = self.model.cluster_at(row).id
        if cluster_id != self._open_id:  # the open one is not loaded again
            self.cluster_chosen.emit(cluster_id)

    def _enter_list(self) -> None:
        """↓ from the name filter: onto the open cluster, else the first shown, without opening it."""
        row = self._row_to_open()
        if row is None:
            return
        self._select_only(row)
        self.table.setFocus()

    def _leave_list(self) -> None:
        """Esc in the list: the open cluster marked again, and back to the papers; with the open cluster hidden by
        the filter, no other row is left marked (one looked open: a tester's "Lei Wang" with another open)."""
        if self._open_id is not None and self.model.row_of(self._open_id) is not None:
            self.select_cluster(self._open_id)
        else:
            self.table.selectionModel().clear()
        self.finished_finding.emit()

    def _filter_changed(self) -> None:
        # The reset clears the selection; `_mark_open` marks the open cluster again if it is still shown.
        status = self.status_filter.currentData()
        self.model.set_filter(self.name_filter.text(), Status(status) if status else None)

    def _say_why_empty(self) -> None:
        self.table.say_why_empty(self.model.why_empty(self.name_filter.text().strip()))

    def _show_progress(self, *_args: object) -> None:
        totals = self.model.totals
        self.progress_bar.setRange(0, max(totals.papers, 1))
        self.progress_bar.setValue(totals.decided)
        unsure = f", {totals.unsure:,} unsure" if totals.unsure else ""
        self.progress.setText(
            f"{totals.done:,} of {totals.clusters:,} clusters done · {totals.decided:,} of {totals.papers:,} papers decided{unsure}"
        )


def status_label(status: Status) -> str:
    """The status filter's choice, as its list words it ("Done")."""
    return next(text for text, choice in STATUS_CHOICES if choice is status)


_ROLES = {
    Qt.ItemDataRole.DisplayRole: _cell_text,
    Qt.ItemDataRole.ForegroundRole: _foreground,
    Qt.ItemDataRole.TextAlignmentRole: _alignment,
    Qt.ItemDataRole.ToolTipRole: _tooltip,
}


_ALL_ZEROS = str.maketrans("123456789", "000000000")


def _decided_texts(largest: int, most_unsure: int = 0) -> tuple[str, ...]:
    """The widest texts of the Decided column: of a done cluster, and of one with unsure papers if any is."""
    widest = f"{largest:,}".translate(_ALL_ZEROS)  # digits are as wide as each other, "0" among the widest
    texts = ("Decided", f"{DONE_MARK}{widest} / {widest}")
    if most_unsure:
        texts += (f"{widest} / {widest} · {f'{most_unsure:,}'.translate(_ALL_ZEROS)}{UNSURE_WORD}",)
    return texts


def _text_width(table: QTableView, texts: tuple[str, ...]) -> int:
    """The width of a column that shows the widest of these texts whole."""
    metrics, padding = table.fontMetrics(), 14
    return max(map(metrics.horizontalAdvance, texts)) + padding
