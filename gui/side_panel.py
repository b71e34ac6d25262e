"""The right side: the author rows the source holds for this name, and the people found."""

from __future__ import annotations

from typing import Any, Callable, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QLabel, QListView, QSizePolicy, QVBoxLayout, QWidget

from models.queries import AuthorRowView, ClusterContents, PersonSummary
from models.schema import Verdict

Item = TypeVar("Item")
Index = QModelIndex | QPersistentModelIndex


class QtTextListModel(QAbstractListModel, Generic[Item]):
    """A read-only list of items shown through a text function."""

    def __init__(self, text_of: Callable[[Item], str], tooltip_of: Callable[[Item], str] | None = None, parent=None):
        super().__init__(parent)
        self._items: list[Item] = []
        self._text_of = text_of
        self._tooltip_of = tooltip_of or text_of

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip_of(item)
        return None


def _person_text(person: PersonSummary) -> str:
    noun = "paper" if person.papers == 1 else "papers"
    return f"{person.label} — {person.papers} {noun}"


def _row_text(row: AuthorRowView) -> str:
    return f"{row.name}  ({row.source} {row.source_key})"


class SidePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows_model: QtTextListModel[AuthorRowView] = QtTextListModel(_row_text, parent=self)
        self.people_model: QtTextListModel[PersonSummary] = QtTextListModel(_person_text, parent=self)
        self.rows_note = QLabel(self)
        self.rows_note.setWordWrap(True)
        self.tally = QLabel(self)
        self.tally.setWordWrap(True)
        self.rows_view = self._list(self.rows_model)
        self.people_view = self._list(self.people_model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._group("Author rows in the source", self.rows_note, self.rows_view))
        layout.addWidget(self._group("People", self.people_view, self.tally))

    def _list(self, model: QtTextListModel) -> QListView:
        view = QListView(self)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setMaximumHeight(160)
        return view

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def show_contents(self, contents: ClusterContents) -> None:
        self.rows_model.set_items(contents.author_rows)
        self.rows_view.setVisible(bool(contents.author_rows))
        self.rows_note.setText(_rows_note(contents))
        self.show_people(contents)

    def show_people(self, contents: ClusterContents) -> None:
        self.people_model.set_items(contents.people)
        self.tally.setText(_tally(contents))


def _rows_note(contents: ClusterContents) -> str:
    cluster = contents.cluster
    if contents.author_rows:
        listed = f"{len(contents.author_rows)} author rows with this name in the database."
        return listed if cluster.declared_author_rows is None else f"{listed} The source declares {cluster.declared_author_rows}."
    if cluster.declaration_note:
        return cluster.declaration_note[0].upper() + cluster.declaration_note[1:] + "."
    return "The source lists no author rows for this name."


def _tally(contents: ClusterContents) -> str:
    counts = {verdict: 0 for verdict in Verdict}
    for state in contents.decisions.values():
        counts[state.verdict] += 1
    undecided = contents.cluster.papers - len(contents.decisions)
    return (
        f"{counts[Verdict.PERSON]} this person · {counts[Verdict.REJECTED]} not this name · "
        f"{counts[Verdict.UNSURE]} unsure · {undecided} undecided"
    )
