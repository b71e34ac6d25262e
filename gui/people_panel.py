"""The people of the cluster: who has been found so far, and where papers go.

Each person shows its number (the key `1`–`9` that assigns to it), label,
papers, year span, most frequent coauthors and venues, and a small chart of
papers per year. Papers dragged from the table drop onto a person, or onto
"New person" to create one. The label is renamed in place (F2 or double
click). The panel only asks: the controller does the work through the
session.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel, QItemSelectionModel, QMimeData, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal,
)
from PySide6.QtGui import QAction, QColor, QFocusEvent, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QListView, QMenu, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.label_elision import elided_label
from models.person_labels import rename_refusal
from models.profiles import PersonStats
from models.queries import PersonSummary
from models.review import papers_count

PAPER_IDS_MIME = "application/x-namesake-paper-ids"
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1  # (number, PersonSummary, PersonStats) or None for "New person"
NEW_PERSON_TEXT = "＋ New person (P, or drop papers here)"
BAR_COLOUR = QColor(46, 160, 67)

Index = QModelIndex | QPersistentModelIndex


def paper_ids_mime(paper_ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(PAPER_IDS_MIME, json.dumps(paper_ids).encode())
    return data


def paper_ids_from_mime(data: QMimeData) -> list[int]:
    if not data.hasFormat(PAPER_IDS_MIME):
        return []
    return [int(paper_id) for paper_id in json.loads(bytes(data.data(PAPER_IDS_MIME)).decode())]


class QtPeopleModel(QAbstractListModel):
    papers_dropped = Signal(object, list)  # person id, or None for a new person; paper ids
    rename_requested = Signal(int, str)
    rename_refused = Signal(str)  # why (`person_labels.rename_refusal`): the editor stays open to mend the name

    def __init__(self, parent=None):
        super().__init__(parent)
        self._people: list[PersonSummary] = []
        self._stats: dict[int, PersonStats] = {}
        self._conflicts: dict[int, list[str]] = {}
        self.refused = False  # the last name typed was refused: `PeopleView.closeEditor` keeps its editor open

    def set_people(self, people: list[PersonSummary], stats: dict[int, PersonStats], conflicts: dict[int, list[str]] | None = None) -> None:
        people, stats, conflicts = list(people), dict(stats), dict(conflicts or {})
        if (people, stats, conflicts) == (self._people, self._stats, self._conflicts):
            return  # most decisions change no one's papers: nothing to repaint
        ids, ids_before = [person.id for person in people], [person.id for person in self._people]
        kept = len(ids_before)
        if ids[:kept] != ids_before:  # people removed or merged: the rows are not where they were
            self.beginResetModel()
            self._people, self._stats, self._conflicts = people, stats, conflicts
            self.endResetModel()
            return
        before = (self._people, self._stats, self._conflicts)
        if len(ids) > kept:  # new people (`P`, a group accepted) go in above "New person"
            self.beginInsertRows(QModelIndex(), kept, len(ids) - 1)
        self._people, self._stats, self._conflicts = people, stats, conflicts
        if len(ids) > kept:
            self.endInsertRows()
        # The people who were there stay in their places: repaint those that changed. A reset would
        # drop the list's selection.
        changed = [row for row, person in enumerate(people[:kept]) if _shown_of(person, *before[1:]) != _shown_of(person, stats, conflicts)
                   or before[0][row] != person]
        if changed:
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))

    def person_at(self, row: int) -> PersonSummary | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def people(self) -> list[PersonSummary]:
        return list(self._people)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._people) + 1  # the last row is "New person"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() > len(self._people):
            return None
        person = self.person_at(index.row())
        if person is None:
            return NEW_PERSON_TEXT if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return person.label
        if role == Qt.ItemDataRole.ToolTipRole:
            conflicts = self._conflicts.get(person.id, [])
            return _tooltip(person) + "".join(f"\n⚠ {conflict}" for conflict in conflicts)
        if role == PERSON_ROLE:
            return index.row() + 1, person, self._stats.get(person.id), bool(self._conflicts.get(person.id))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if index.row() < len(self._people):
            flags |= Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A rename typed in place. An empty name, or one another person holds, is refused here, before it goes to
        the session, so that the editor stays open (the store refuses it too, for a rename from elsewhere)."""
        person = self.person_at(index.row()) if index.isValid() else None
        if person is None or role != Qt.ItemDataRole.EditRole:
            return False
        label = str(value).strip()
        refused = rename_refusal(label, [(p.id, p.label) for p in self._people], person.id) if label != person.label else None
        self.refused = refused is not None
        if refused:
            self.rename_refused.emit(refused)
            return False
        if label != person.label:
            self.rename_requested.emit(person.id, label)
        return True  # the session's change notice refreshes the list

    # Drops ---------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [PAPER_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return data.hasFormat(PAPER_IDS_MIME) and parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        paper_ids = paper_ids_from_mime(data)
        if not paper_ids or not parent.isValid():
            return False
        person = self.person_at(parent.row())
        self.papers_dropped.emit(person.id if person else None, paper_ids)
        return False  # nothing is inserted here: the papers stay in the table


def _shown_of(person: PersonSummary, stats: dict[int, PersonStats], conflicts: dict[int, list[str]]) -> tuple:
    """What a person's row shows besides its summary."""
    return stats.get(person.id), conflicts.get(person.id)


def _tooltip(person: PersonSummary) -> str:
    lines = [f"{person.label}: {papers_count(person.papers)}", f"Display name: {person.display_name}"]
    lines += [f"{name}: {value}" for name, value in (("Affiliation", person.affiliation), ("ORCID", person.orcid),
              ("Homepage", person.homepage), ("Note", person.note)) if value]
    return "\n".join(lines)


class PersonDelegate(QStyledItemDelegate):
    """Two lines of summary and a strip of bars, one per year of the person's span."""

    CHART_HEIGHT = 16

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        # Narrow: a card takes the list's width and elides its lines; 200 pixels made a narrow panel scroll sideways.
        line = option.fontMetrics.height()
        if index.data(PERSON_ROLE) is None:
            return QSize(120, line + 10)
        return QSize(120, line * 3 + self.CHART_HEIGHT + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(PERSON_ROLE)
        if value is None:
            return super().paint(painter, option, index)
        number, person, stats, conflicted = value
        style = option.widget.style() if option.widget else QStyle()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(option.palette.color(option.palette.ColorRole.HighlightedText if selected else option.palette.ColorRole.Text))
        rect = option.rect.adjusted(6, 4, -6, -4)
        line = option.fontMetrics.height()
        self._draw_heading(painter, QRect(rect.left(), rect.top(), rect.width(), line), option.font, number, person, stats, conflicted)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        metrics = QFontMetrics(small)
        for offset, text in enumerate(_detail_lines(stats), start=1):
            box = QRect(rect.left(), rect.top() + offset * line, rect.width(), line)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width()))
        chart = QRect(rect.left(), rect.top() + 3 * line + 2, rect.width(), self.CHART_HEIGHT)
        _draw_chart(painter, chart, stats)
        painter.restore()

    @staticmethod
    def _draw_heading(
        painter: QPainter, box: QRect, font: QFont, number: int, person: PersonSummary, stats: PersonStats | None, conflicted: bool
    ) -> None:
        bold = QFont(font)
        bold.setBold(True)
        key = f"{number}  " if number <= 9 else "    "
        painter.setFont(bold)
        years = f" · {stats.years}" if stats and stats.papers else ""
        head, tail = card_heading(f"{key}{'⚠ ' if conflicted else ''}{person.label}", papers_count(person.papers) + years,
                                  QFontMetrics(bold), QFontMetrics(font), box.width())
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, head)
        painter.setFont(font)
        width = QFontMetrics(bold).horizontalAdvance(head + HEADING_GAP)
        rest = QRect(box.left() + width, box.top(), max(0, box.width() - width), box.height())
        painter.drawText(rest, Qt.AlignmentFlag.AlignVCenter, tail)


HEADING_GAP = "  "  # between a card's label and its papers and years


def card_heading(head: str, tail: str, bold: QFontMetrics, plain: QFontMetrics, width: int) -> tuple[str, str]:
    """A card's heading in `width` pixels: `head` (number and label, bold) elided to leave room for `tail` (papers
    and years), which a long label had pushed out of the card, itself clipped mid-word ("1 alexandre cesar muniz");
    in a card too narrow for a third of the label beside them the years go, and then the label keeps a third of the
    width and the tail is elided. The label is cut in its name's middle: its number and suffix stay."""
    # 2 pixels spare: widths measured apart round otherwise than elidedText does, which then cut the tail's last year.
    gap = bold.horizontalAdvance(HEADING_GAP) + 2
    if width - gap - plain.horizontalAdvance(tail) < min(bold.horizontalAdvance(head), width // 3):
        # Too narrow for a third of the card's label beside the years ("1 She… 5 papers · 202…" at 1,024 pixels):
        # the years go (the chart below shows them), the label and its count stay.
        tail = tail.split(" · ")[0]
    room = max(width - gap - plain.horizontalAdvance(tail), width // 3)
    shown = elided_label(bold, head, room)  # "1  Thomas …" and "2  Thomas …" read alike: "2  Thom…yer (2)"
    left = max(0, width - bold.horizontalAdvance(shown + HEADING_GAP))
    return shown, plain.elidedText(tail, Qt.TextElideMode.ElideRight, left)


def _detail_lines(stats: PersonStats | None) -> list[str]:
    if stats is None or not stats.papers:
        return ["no papers yet", ""]
    coauthors = ", ".join(f"{name} ({count})" for name, count in stats.coauthors) or "no coauthors"
    venues = ", ".join(f"{name} ({count})" for name, count in stats.venues) or "no venue"
    return [f"with {coauthors}", f"in {venues}"]


def _draw_chart(painter: QPainter, box: QRect, stats: PersonStats | None) -> None:
    if stats is None or not stats.per_year:
        return
    most = max(count for _, count in stats.per_year)
    slot = box.width() / len(stats.per_year)
    width = max(1, int(slot) - 1)
    for position, (_year, count) in enumerate(stats.per_year):
        height = max(1, round(box.height() * count / most)) if count else 0
        painter.fillRect(int(box.left() + position * slot), box.bottom() - height + 1, width, height, BAR_COLOUR)


class PeopleView(QListView):
    """The people list: drop target, in-place rename, and a context menu of person actions."""

    person_chosen = Signal(int)  # show this person's papers
    edit_requested = Signal(int)
    remove_requested = Signal(int)
    merge_requested = Signal(int, int)  # keep, merged
    new_person_requested = Signal()
    reached_by_keyboard = Signal()  # focus came by Tab: `select_person` the one the keys should act on

    def __init__(self, model: QtPeopleModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(PersonDelegate(self))
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDragDropOverwriteMode(True)  # a drop lands on a person, never between two
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setUniformItemSizes(False)
        self.customContextMenuRequested.connect(self._context_menu)
        self.activated.connect(self._activated)
        # A new or removed person makes the list lay its rows out on a timer, and paint them a frame
        # after the change's (~3 ms later, ~4 ms of painting alone): lay them out at once, so they
        # are painted in the change's own frame.
        model.rowsInserted.connect(self._lay_out_now)
        model.modelReset.connect(self._lay_out_now)

    def _lay_out_now(self, *_args) -> None:
        self.executeDelayedItemsLayout()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """A name refused on Return keeps its editor open, as typed, to mend or leave by Esc (the status line says
        why); the focus gone elsewhere closes it, the name unchanged."""
        model = self.people_model()
        if model.refused and editor.hasFocus():
            model.refused = False
            return
        model.refused = False
        super().closeEditor(editor, hint)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Reached by Tab, the list shows which person F2, Enter and the menu key act on, selected (the
        delegate paints a selection, not a focus frame): the current paper's person, if it has one (the
        controller answers `reached_by_keyboard`), else the list's current person, else the first."""
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.reached_by_keyboard.emit()
        current = self.currentIndex()
        if not current.isValid() and self.model().rowCount():
            current = self.model().index(0, 0)
        if current.isValid() and not self.selectionModel().isSelected(current):
            self.selectionModel().setCurrentIndex(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def select_person(self, person_id: int) -> None:
        """Make this person the current one, selected; nothing if the list does not hold it."""
        people = self.people_model().people()
        row = next((row for row, person in enumerate(people) if person.id == person_id), None)
        if row is not None:
            self.selectionModel().setCurrentIndex(self.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def people_model(self) -> QtPeopleModel:
        return self.model()  # type: ignore[return-value]

    def dataChanged(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] = ()) -> None:  # noqa: N802
        """Repaint the changed people where they are.

        QListView lays every row out again after any change of data, on a timer,
        and repaints the whole list a frame after the decision's. A row's size
        depends only on whether it is a person (`PersonDelegate.sizeHint`), so
        there is nothing to lay out: skip to the item view's repaint of the rows.
        """
        QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))

    def _activated(self, index: QModelIndex) -> None:
        person = self.people_model().person_at(index.row())
        if person is None:
            self.new_person_requested.emit()
        else:
            self.person_chosen.emit(person.id)

    def _context_menu(self, position) -> None:
        index = self.indexAt(position)
        person = self.people_model().person_at(index.row()) if index.isValid() else None
        if person is None:
            return
        menu = QMenu(self)
        menu.addAction("Show this person's papers", lambda: self.person_chosen.emit(person.id))
        menu.addAction("Rename (F2)", lambda: self.edit(index))
        menu.addAction("Edit profile…", lambda: self.edit_requested.emit(person.id))
        merge = menu.addMenu("Merge into")
        others = [p for p in self.people_model().people() if p.id != person.id]
        for other in others:
            merge.addAction(other.label, lambda keep=other.id: self.merge_requested.emit(keep, person.id))
        merge.setEnabled(bool(others))
        menu.addSeparator()
        remove = QAction("Remove person (papers become undecided)", menu)
        remove.triggered.connect(lambda: self.remove_requested.emit(person.id))
        menu.addAction(remove)
        menu.exec(self.viewport().mapToGlobal(position))
