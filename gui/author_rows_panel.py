"""The source's author rows of this name, and what a reviewer said each one is.

Also the rows the cluster's papers link the name to that the source files
under another spelling. Each row shows on a second line what the source says
of its person (ORCID iD, affiliations, other spellings), the evidence a
reviewer links it on. Selecting a row selects the papers the source says it
wrote (dblp and OpenAlex tell; an Arrow page does not). The context menu
links the row to a person, or marks it mixed (several people behind one
source record).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QLabel, QListView, QMenu, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget,
)

from models.author_row_papers import row_papers, row_papers_line
from models.queries import AuthorRowView, ClusterContents, PersonSummary
from models.review import counted, papers_count

Index = QModelIndex | QPersistentModelIndex
LINE_PARTS = Qt.ItemDataRole.UserRole  # (who, the rest of the first line, the evidence line): drawn each elided apart
TEXT_MARGIN = 4  # pixels left and right of a line's text


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
        if role == LINE_PARTS:
            return self._who(row), self._tail(row), evidence_line(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row_tooltip(row, self._what(row))
        return None

    def _line(self, row: AuthorRowView) -> str:
        return f"{self._who(row)}{self._tail(row)}\n{evidence_line(row)}"

    def _tail(self, row: AuthorRowView) -> str:
        return f" — {papers_count(self._papers.get(row.id, 0))} → {self._what(row)}"

    def _who(self, row: AuthorRowView) -> str:
        """The row's name where it differs from the cluster's ("Wei Wang 0001", "W. Wang"); else what tells
        it apart from the others, its source key: thirty lines of "Aaron J. Chen" said nothing and pushed
        each line's count and person out of the narrow panel. An ORCID record's key is its iD, which the
        second line shows in full: the first shows the name."""
        if row.spelt_otherwise:
            return f"{row.name} (spelt otherwise)"
        if row.name.casefold() != self._cluster_name.casefold() or row.source_key == row.orcid:
            return row.name
        return row.source_key.rstrip("/").rsplit("/", 1)[-1] or row.name  # an OpenAlex URL: its id

    def _what(self, row: AuthorRowView) -> str:
        if row.mixed:
            return "mixed (several people)"
        return self._labels.get(row.person_id, "not yet said")


def evidence_line(row: AuthorRowView) -> str:
    """What the source says of the row's person, the ORCID iD first: it is cut last."""
    parts = [f"ORCID {row.orcid}"] if row.orcid else []
    parts += row.affiliations
    if row.variants:
        parts.append("also " + "; ".join(row.variants))
    return " · ".join(parts) or "no ORCID iD or affiliation in the source"


def row_tooltip(row: AuthorRowView, what: str) -> str:
    lines = [f"{row.name}: {row.source} author record {row.source_key}"]
    if row.spelt_otherwise:
        lines.append("Filed under this spelling; the cluster's papers link their author to it.")
    lines += [f"ORCID iD: {row.orcid}"] if row.orcid else []
    lines += [f"Affiliation: {affiliation}" for affiliation in row.affiliations]
    lines += [f"Also written: {variant}" for variant in row.variants]
    lines += [f"URL: {url}" for url in row.urls]
    return "\n".join([*lines, f"A reviewer says: {what}"])


def elided_lines(parts: tuple[str, str, str], metrics: QFontMetrics, width: int) -> tuple[str, str]:
    """The two lines drawn in `width`: the first elides the row's name and keeps "— 3 papers → who" whole,
    as far as it fits (it is what the reviewer looks for); the second is cut at its end, after the ORCID iD
    (its last digit is a check digit: the middle elided was "8888-8888-8888-888…")."""
    who, tail, evidence = parts
    tail = metrics.elidedText(tail, Qt.TextElideMode.ElideLeft, width)
    who = metrics.elidedText(who, Qt.TextElideMode.ElideRight, max(width - metrics.horizontalAdvance(tail), 0))
    return who + tail, metrics.elidedText(evidence, Qt.TextElideMode.ElideRight, width)


class _TwoLines(QStyledItemDelegate):
    """Each row exactly as wide as the list's viewport (never scrolled sideways), in two lines each elided
    where it loses least (`elided_lines`)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(self.parent().viewport().width(), super().sizeHint(option, index).height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the style draws the background, selection and focus; the lines are drawn below
        style = item.widget.style() if item.widget else self.parent().style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        area = option.rect.adjusted(TEXT_MARGIN, 0, -TEXT_MARGIN, 0)
        first, second = elided_lines(index.data(LINE_PARTS), item.fontMetrics, area.width())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setFont(item.font)
        painter.setPen(item.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        top, bottom = area.adjusted(0, 0, 0, -area.height() // 2), area.adjusted(0, area.height() // 2, 0, 0)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, first)
        if not selected:
            painter.setPen(item.palette.color(QPalette.ColorRole.PlaceholderText))  # the evidence, quieter
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, second)
        painter.restore()


class _RowsView(QListView):
    """Two lines a row, as wide as the list: scrolled sideways, "→ not yet said" was out of sight in a
    window of usual width, and it is what the reviewer looks for. The tooltip has it all."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformItemSizes(True)  # two lines each: the list measures one, not all
        self.setItemDelegate(_TwoLines(self))
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
        named = sum(not row.spelt_otherwise for row in contents.author_rows)
        listed = _listed(named, len(contents.author_rows) - named)
        declared = cluster.declared_author_rows
        return listed if declared is None or declared == named else f"{listed} It declares {declared}."
    if cluster.declaration_note:
        return cluster.declaration_note[0].upper() + cluster.declaration_note[1:] + "."
    return "The source lists no author rows for this name."


def _listed(named: int, spelt_otherwise: int) -> str:
    if not spelt_otherwise:
        return f"{counted(named, 'author row')} with this name in the source."
    others = f"its papers link to {spelt_otherwise:,} spelt otherwise"
    if not named:
        return f"No author row with this name in the source; {others}."
    return f"{counted(named, 'author row')} with this name in the source; {others}."
