"""The source's author rows of this name, and what a reviewer said each one is.

Selecting a row selects the papers the source says it wrote (dblp and
OpenAlex tell; an Arrow page does not). The context menu links the row to a
person, or marks it mixed (several people behind one source record).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QLabel, QListView, QMenu, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget,
)

from models.author_row_papers import row_papers, row_papers_line
from models.queries import AuthorRowView, ClusterContents, PersonSummary
from models.review import counted, papers_count

Index = QModelIndex | QPersistentModelIndex


class QtAuthorRowsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AuthorRowView] = []
        self._labels: dict[int, str] = {}
        self._papers: dict[int, int] = {}
        self._cluster_name = ""  # a row written as the cluster is, is told apart by its source key

    def set_rows(
        self, rows: list[AuthorRowView], people: list[PersonSummary], papers: dict[int, int], cluster_name: str = ""
    ) -> None:
        """Show these rows; the same rows again repaint only the lines whose text changed.

        Every change of people (a new person, a merge, a rename) comes here. A reset made the
        list lay out and repaint every line, and lose its selection, when mostly nothing it
        shows had changed (653 calls to `data` for a new person on the benchmark's big cluster).
        """
        labels = {person.id: person.label for person in people}
        if [row.id for row in rows] != [row.id for row in self._rows] or cluster_name != self._cluster_name:
            self.beginResetModel()
            self._cluster_name = cluster_name
            self._rows, self._labels, self._papers = list(rows), labels, papers
            self.endResetModel()
            return
        shown = [self._line(row) for row in self._rows]
        self._rows, self._labels, self._papers = list(rows), labels, papers
        changed = [at for at, row in enumerate(self._rows) if self._line(row) != shown[at]]
        if changed:
            self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))

    def row_at(self, row: int) -> AuthorRowView:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._line(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name}: {row.source} author record {row.source_key}\nA reviewer says: {self._what(row)}"
        return None

    def _line(self, row: AuthorRowView) -> str:
        return f"{self._who(row)} — {papers_count(self._papers.get(row.id, 0))} → {self._what(row)}"

    def _who(self, row: AuthorRowView) -> str:
        """The row's name where it differs from the cluster's ("Wei Wang 0001", "W. Wang"); else what tells
        it apart from the others, its source key: thirty lines of "Aaron J. Chen" said nothing and pushed
        each line's count and person out of the narrow panel."""
        if row.name.casefold() != self._cluster_name.casefold():
            return row.name
        return row.source_key.rstrip("/").rsplit("/", 1)[-1] or row.name  # an OpenAlex URL: its id

    def _what(self, row: AuthorRowView) -> str:
        if row.mixed:
            return "mixed (several people)"
        return self._labels.get(row.person_id, "not yet said")


class _ListWide(QStyledItemDelegate):
    """Each line exactly as wide as the list's viewport, so the view elides it rather than scrolling sideways."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(self.parent().viewport().width(), super().sizeHint(option, index).height())


class _RowsView(QListView):
    """One line a row, as wide as the list, the middle of a long one elided: scrolled sideways, "→ not yet
    said" was out of sight in a window of usual width, and it is what the reviewer looks for. The tooltip
    has it all."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformItemSizes(True)  # one line each: the list measures one, not all
        self.setItemDelegate(_ListWide(self))
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # the one size kept for every line (uniform sizes) is the old width


class AuthorRowsPanel(QWidget):
    row_selected = Signal(int)  # select this row's papers
    link_requested = Signal(int, object, bool)  # row id, person id or None, mixed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = QtAuthorRowsModel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.view = _RowsView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMaximumHeight(160)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.clicked.connect(lambda index: self.row_selected.emit(self.model.row_at(index.row()).id))
        self.view.activated.connect(lambda index: self.row_selected.emit(self.model.row_at(index.row()).id))  # Enter, by keyboard
        self._contents: ClusterContents | None = None  # the session's: its decisions and people stay current
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.view)

    def show_contents(self, contents: ClusterContents) -> None:
        self._contents = contents
        self.model.set_rows(contents.author_rows, contents.people, contents.papers_per_row, contents.cluster.name)
        self.view.setVisible(bool(contents.author_rows))
        self.note.setText(_rows_note(contents))

    def _context_menu(self, position) -> None:
        index = self.view.indexAt(position)
        if not index.isValid() or self._contents is None:
            return
        row = self.model.row_at(index.row())
        self.menu_for(row).exec(self.view.viewport().mapToGlobal(position))

    def menu_for(self, row: AuthorRowView) -> QMenu:
        """Select the row's papers, or say which person it is: each person with how many of the row's papers it
        holds, so the reviewer links the row on the evidence of the decisions made; what it is now checked."""
        contents = self._contents
        papers = row_papers(contents, row.id)
        labels = {person.id: person.label for person in contents.people}
        menu = QMenu(self)
        summary = menu.addAction(row_papers_line(papers, labels))
        summary.setEnabled(False)
        menu.addAction(f"Select its papers ({papers.total:,})", lambda: self.row_selected.emit(row.id)).setEnabled(papers.total > 0)
        menu.addSection("This author row is")
        for person in contents.people:
            held = papers.by_person.get(person.id, 0)
            text = f"{person.label} ({held:,} of its papers)" if held else person.label
            self._link_action(menu, text, row.person_id == person.id and not row.mixed, lambda p=person.id: self.link_requested.emit(row.id, p, False))
        self._link_action(menu, "Mixed (several people)", row.mixed, lambda: self.link_requested.emit(row.id, None, True))
        self._link_action(menu, "Not yet said", row.person_id is None and not row.mixed, lambda: self.link_requested.emit(row.id, None, False))
        return menu

    @staticmethod
    def _link_action(menu: QMenu, text: str, current: bool, link) -> None:
        action = menu.addAction(text, link)
        action.setCheckable(True)
        action.setChecked(current)


def _rows_note(contents: ClusterContents) -> str:
    cluster = contents.cluster
    if contents.author_rows:
        count = len(contents.author_rows)
        listed = f"{counted(count, 'author row')} with this name in the source."
        declared = cluster.declared_author_rows
        return listed if declared is None or declared == len(contents.author_rows) else f"{listed} It declares {declared}."
    if cluster.declaration_note:
        return cluster.declaration_note[0].upper() + cluster.declaration_note[1:] + "."
    return "The source lists no author rows for this name."
