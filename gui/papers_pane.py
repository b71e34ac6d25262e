"""The centre of the window: the filter bar over the papers table."""

from __future__ import annotations

from typing import Collection, NamedTuple

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.column_header import ColumnHeader
from gui.column_widths import fitted_widths
from gui.icons import icon
from gui.paper_cells import PaperCellDelegate, cell_margin, cells_in
from gui.papers_model import (
    ALL, AUTHORS, COLUMNS, DECISION, FIT, NOTE_MARK, NUMBER, REVIEW_NEXT, TITLE, VENUE, WARNING, YEAR, QtPapersModel, View,
)
from models.queries import PaperRow


# The columns' widths in a pane with room for them; Authors takes what is left (it stretches).
PREFERRED_WIDTHS = {NUMBER: 40, DECISION: 120, FIT: 112, WARNING: 26, TITLE: 250, YEAR: 48, VENUE: 105, AUTHORS: 120}
# How far each gives way in a narrow pane, elided: Title most, then Venue, Fit, Decision and Authors.
LEAST_WIDTHS = {DECISION: 96, FIT: 64, TITLE: 130, VENUE: 60, AUTHORS: 80}
# Between a number and the Decision column's icon, beyond the cell's own margins.
NUMBER_GAP = 4
# The Decision column widens for the cluster's longest person label up to this, taken from Authors (which
# stretches): at 120 px "2 Ajay Gupta (2)" read "2 Ajay Gupta…", which could be either of two people.
DECISION_MOST = 230
# The order box's choice of the engine's order, and its tooltip while that order is not waited for.
REVIEW_NEXT_TEXT = "Review next"
REVIEW_NEXT_TIP = "Review next: the paper whose decision settles the most comes first"
# The orders the order choice always offers; a column's sort is added while the rows are sorted by it ("By Fit").
ORDERS = (("Source order", NUMBER), (REVIEW_NEXT_TEXT, REVIEW_NEXT))
# The keys that move the current paper (Qt's cursor keys).
MOVING_KEYS = frozenset({
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
})


class Place(NamedTuple):
    """Where the reviewer is in the papers table, to come back to after the rows are read again."""

    paper_id: int | None  # the current paper
    selected: list[int]  # the papers selected, when they are to stay so
    scrolled: tuple[int, int]  # the scroll bars' values, down and across


class PapersTable(QTableView):
    # A digit key whose action is off (no person of that number yet) reaches the table: said, not lost.
    number_without_person = Signal(int)
    # The focus came to the table (Enter from the filter, a click, Tab, a key that works on the papers).
    entered = Signal()

    def __init__(self, model: QtPapersModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHorizontalHeader(ColumnHeader(self))
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab goes on to the next pane (people, suggestions...), not the next cell
        self.setAlternatingRowColors(False)
        self.setShowGrid(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setItemDelegate(PaperCellDelegate(model, self))
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring on 20,000 rows
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(AUTHORS, QHeaderView.ResizeMode.Stretch)
        self._fitting = False
        self._sized_by_hand: set[int] = set()  # a column the reviewer dragged keeps its width
        header.sectionResized.connect(self._note_hand_sizing)
        self._number_digits = 0  # of the largest number the # column was sized for
        self._decision_width = PREFERRED_WIDTHS[DECISION]  # room for the longest person label (`fit_decision_column`)
        model.modelReset.connect(self._fit_number_column)  # also every filter key: refit only for another cluster's numbers
        self._fit_columns()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Shrink the wide columns toward their least widths when the pane is narrow (`gui.column_widths`)."""
        preferred = {column: self.columnWidth(column) if column in self._sized_by_hand else width
                     for column, width in {**PREFERRED_WIDTHS, NUMBER: self._number_width(), DECISION: self._decision_width}.items()}
        least = {column: width for column, width in LEAST_WIDTHS.items() if column not in self._sized_by_hand}
        widths = fitted_widths(preferred, least, self.viewport().width())
        self._fitting = True
        try:
            for column, width in widths.items():
                if column != AUTHORS and self.columnWidth(column) != width:
                    self.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def _fit_number_column(self) -> None:
        if len(str(max(self.model().total, 1))) != self._number_digits:
            self._fit_columns()

    def _number_width(self) -> int:
        """Room for the cluster's largest number: at 40 px, paper 10000 read "10…"."""
        largest = str(max(self.model().total, 1))
        self._number_digits = len(largest)
        return max(PREFERRED_WIDTHS[NUMBER], self.fontMetrics().horizontalAdvance(largest) + 2 * cell_margin(self) + NUMBER_GAP)

    def fit_decision_column(self, names: list[str] | None) -> None:
        """Room in the Decision column for the longest of `names` (as the column names people: "2 Lei Wang (2)"),
        between its usual width and `DECISION_MOST`; None: no paper is decided, and the column is as narrow as its
        header (its 120-230 empty pixels were taken from Title and Authors). Refit only when that changes."""
        if names is None:
            width = self.horizontalHeader().sectionSizeHint(DECISION)
        else:
            icon = self.iconSize().width() if self.iconSize().isValid() else self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            metrics = self.fontMetrics()
            text = max((metrics.horizontalAdvance(name + NOTE_MARK) for name in names), default=0)
            width = min(DECISION_MOST, max(PREFERRED_WIDTHS[DECISION], icon + 4 * cell_margin(self) + text))
        if width != self._decision_width:
            self._decision_width = width
            self._fit_columns()

    def _note_hand_sizing(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != AUTHORS:
            self._sized_by_hand.add(column)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.entered.emit()

    def keyboardSearch(self, search: str) -> None:
        """Letters are decisions here, not a jump to the row starting with that letter."""
        if len(search) == 1 and search in "123456789":
            self.number_without_person.emit(int(search))

    def selectionCommand(self, index: QModelIndex, event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        """A key that moves the current paper selects it, with Ctrl too; with Shift it extends the selection to it.
        Qt's extended selection moves the current row on Ctrl+↑↓/Home/End/PgUp/PgDn and leaves the selection where
        it was (Shift+Ctrl+End included): the paper pane showed the paper moved to, and the next decision key acted
        on the selected one, thousands of rows away."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in MOVING_KEYS:
            extend = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            flag = QItemSelectionModel.SelectionFlag.SelectCurrent if extend else QItemSelectionModel.SelectionFlag.ClearAndSelect
            return flag | QItemSelectionModel.SelectionFlag.Rows
        return super().selectionCommand(index, event)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Home and End go to the first and last paper, as Ctrl+Home and Ctrl+End do, in the column the cursor is
        in: a table of rows, where Qt's went to the row's first or last cell, and Shift+End selected nothing more."""
        if action not in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            return super().moveCursor(action, modifiers)
        moved = super().moveCursor(action, modifiers | Qt.KeyboardModifier.ControlModifier)
        column = self.currentIndex().column()
        return moved.siblingAtColumn(column) if moved.isValid() and column >= 0 else moved

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Bring the row into view, leaving the columns where the reviewer scrolled them. The current cell is a
        row's title, and in a pane too narrow for every column, showing it whole scrolled the number and the
        decision out of view at each move."""
        across = self.horizontalScrollBar().value()
        super().scrollTo(index, hint)
        self.horizontalScrollBar().setValue(across)

    def viewportEvent(self, event: QEvent) -> bool:
        """The current paper stays in sight when the rows' room shrinks under it: put at the bottom of the rows
        as a cluster opened, it went out of sight once the heading above took its second line and the header its
        height (after a restart rows 17-35 showed, current 36; Alt+Left back, current 9,643 under 9,624-9,642)."""
        if event.type() != QEvent.Type.Resize:
            return super().viewportEvent(event)
        current = self.currentIndex()
        was_in_sight = current.isValid() and self._in_sight(current, event.oldSize().height())
        handled = super().viewportEvent(event)
        if was_in_sight and not self._in_sight(current, event.size().height()):
            self.scrollTo(current)
        return handled

    def _in_sight(self, index: QModelIndex, height: int) -> bool:
        """Whether the row of `index` shows whole in rows `height` pixels high, as they are scrolled now."""
        row = self.visualRect(index)
        return row.isValid() and row.top() >= 0 and row.bottom() < height

    def paintEvent(self, event: QPaintEvent) -> None:
        # The cells a repaint covers go to the delegate in one call, not one call a cell
        # (`PaperCellDelegate.paint_cells`). Another delegate class, and a right-to-left layout
        # (columns placed from the right), are painted by Qt, cell by cell.
        delegate = self.itemDelegate()
        if type(delegate) is not PaperCellDelegate or self.isRightToLeft():
            super().paintEvent(event)
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        cells = cells_in(self, event.region(), option.state.value)
        painter = QPainter(self.viewport())
        try:
            delegate.paint_cells(painter, option, cells)
        finally:
            painter.end()  # nothing else is drawn: no grid, spans or drop indicator here (drag only)


class PapersPane(QWidget):
    current_paper_changed = Signal(object)  # PaperRow or None
    selection_changed = Signal()
    said = Signal(str)  # a line for the status bar: why the review-next order chosen has not come

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = QtPapersModel(self)
        self.table = PapersTable(self.model, self)
        self.view_choice = QComboBox(self)
        self.view_choice.setToolTip("Which papers the table shows")
        self.group_box = QCheckBox("Group by person", self)
        self.order_choice = QComboBox(self)
        for text, column in ORDERS:
            self.order_choice.addItem(text, column)
        self.order_choice.setToolTip(REVIEW_NEXT_TIP)
        self.order_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # room for `set_order_note`
        self._order_why = ""  # why the review-next order has not come, said when it is chosen meanwhile
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter papers by title, venue, authors, abstract")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_count = QLabel(self)
        self.filter_count.setMinimumWidth(self.fontMetrics().horizontalAdvance("000000 of 000000"))
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setContentsMargins(4, 2, 4, 2)
        # Wrapped, not one line: one line held the whole window at least as wide as the heading and the view's
        # controls (1,177 px on the example; more with the name's spellings), wider than many screens.
        self.heading.setWordWrap(True)
        # The paper the window made current in review-next order before that order had come (the rows were
        # still in source order); None once the order came or where the reviewer chose the paper.
        self._placed_before_order: int | None = None
        # The paper a filter key left out (none of its rows shows it), and the paper it put current instead (None:
        # no row at all): while the reviewer stays on that one, the next filter key gives the left out one back.
        # Going into the table or deciding that paper is a move of the reviewer's own (`_went_on_from_filter`).
        self._left_out_by_filter: tuple[int, int | None] | None = None
        self._filter_bar = self._build_filter_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._heading_bar())
        layout.addWidget(self._filter_bar)
        layout.addWidget(self.table)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self.table.setFocus)
        self.table.entered.connect(self._went_on_from_filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.model.modelReset.connect(self._announce_current)
        self.model.filter_done.connect(self._show_filter_count)
        self.view_choice.activated.connect(lambda _: self._view_changed())
        self.order_choice.activated.connect(lambda _: self.set_order(self.order_choice.currentData()))
        # Clicking a column header sorts by it: the order choice then says so ("By Fit"), no longer "Review next".
        self.table.horizontalHeader().sectionClicked.connect(self._show_order)
        # A click on a header sorts the rows, the current paper with them, out of sight: the next key acted on a
        # paper the table did not show. Once the rows are sorted (the click's sort runs after this signal's slots).
        self.table.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: QTimer.singleShot(0, lambda: self.table.scrollTo(self.table.currentIndex())))
        self.group_box.toggled.connect(lambda _: self._view_changed())
        self.set_people([])

    def _heading_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(QLabel("Show:", self))
        bar.addWidget(self.view_choice)
        bar.addWidget(self.group_box)
        bar.addWidget(self.order_choice)
        return bar

    # Views ---------------------------------------------------------------

    def open_in_source_order_if_by_fit(self) -> None:
        """A cluster opens with no fits yet (they come with its analysis): sorted by Fit, its rows stood in source
        order under the Fit column's sort arrow, and stayed so once the fits came. It opens in source order."""
        if self.model.sort_column == FIT:
            self.table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
            self._show_order(NUMBER)

    def set_order(self, column: int) -> None:
        """Source order, the engine's review-next order, or a column's (ascending, as a click on its header sorts);
        keeps the current paper in view."""
        current = self.current_paper()
        self._show_order(column)
        if column == REVIEW_NEXT:
            self.table.horizontalHeader().setSortIndicatorShown(False)
            self.model.sort(REVIEW_NEXT)
            self.go_to_first_undecided()
            if self._order_why and not self.model.review_order_known:
                self.said.emit(self._order_why)  # the rows stay in source order meanwhile
            return
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        row = self.model.row_of(current.paper_id) if current else None
        if row is not None:
            self.set_current_row(row)

    def set_order_note(self, note: str, why: str) -> bool:
        """While the engine's order has not come, the order box says so after "Review next" (`note`), and choosing
        it says `why` in the status line; "" for both once it has come. In a cluster too big to analyse unasked the
        box read "Review next" over rows in source order, and nothing said why. Whether the note changed."""
        self._order_why = why
        index = self.order_choice.findData(REVIEW_NEXT)
        text = f"{REVIEW_NEXT_TEXT}: {note}" if note else REVIEW_NEXT_TEXT
        if self.order_choice.itemText(index) == text:
            return False
        self.order_choice.setItemText(index, text)
        self.order_choice.setToolTip(why or REVIEW_NEXT_TIP)
        return True

    def _show_order(self, column: int) -> None:
        """The order choice says the order: "Source order", "Review next", or a column's ("By Fit"), an item of its
        own while the rows are sorted so (it said "Source order" over rows sorted by another column)."""
        choice = self.order_choice
        if column not in (NUMBER, REVIEW_NEXT):
            if choice.count() == len(ORDERS):
                choice.addItem("")
            choice.setItemText(len(ORDERS), f"By {COLUMNS[column]}")
            choice.setItemData(len(ORDERS), column)
        elif choice.count() > len(ORDERS):
            choice.removeItem(len(ORDERS))
        choice.setCurrentIndex(choice.findData(column))

    def set_review_order(self, paper_ids: list[int]) -> None:
        """The engine's order has come (after opening, after each change). Sorted by it, the rows move under
        the cursor: the current paper stays current, selected and in sight, so the keys act on the row the
        reviewer sees; unless the window chose it only while the order was not known and the reviewer is still
        on it alone: then the order's first undecided paper becomes current, as opening promises."""
        placed, self._placed_before_order = self._placed_before_order, None
        self.model.set_review_order(paper_ids)
        if self.model.sort_column != REVIEW_NEXT:
            return  # nothing moved
        if placed is not None and self._only_current_selected(placed):
            self.go_to_first_undecided()
        else:
            self.table.scrollTo(self.table.currentIndex())

    def reviewers_paper(self) -> int | None:
        """The current paper's id, to come back to; None if none, or if the window made it current only while the
        review-next order had not come and the reviewer is still on it alone: the order's first undecided paper
        is where the reviewer starts once it comes, then as now."""
        current = self.current_paper()
        if current is None or (self._placed_before_order is not None and self._only_current_selected(self._placed_before_order)):
            return None
        return current.paper_id

    def _only_current_selected(self, paper_id: int) -> bool:
        """Whether `paper_id` is the current paper and the only one selected (not moved from, nor added to)."""
        current = self.current_paper()
        return current is not None and current.paper_id == paper_id and self.selected_rows() == [self.table.currentIndex().row()]

    def set_people(self, people: list) -> None:
        """Offer a view per person; keep the current view if its person is still there."""
        current = self.model.view
        self.view_choice.clear()
        for text, view in [("All papers", ALL), ("Undecided", View("undecided")), ("Not this name", View("rejected")), ("Unsure", View("unsure"))]:
            self.view_choice.addItem(text, view.key)
        for person in people:
            self.view_choice.addItem(f"Person: {person.label}", View("person", person.id).key)
        self.fit_decision_column()
        found = self.view_choice.findData(current.key)
        self.view_choice.setCurrentIndex(max(found, 0))
        if found < 0 and current != ALL:
            self.show_view(ALL)

    def fit_decision_column(self) -> None:
        """The Decision column as wide as what it shows: narrow while no paper is decided."""
        self.table.fit_decision_column(self.model.person_names() if self.model.shows_decisions() else None)

    def show_view(self, view: View) -> None:
        found = self.view_choice.findData(view.key)
        self.view_choice.setCurrentIndex(max(found, 0))
        self._view_changed()

    def _view_changed(self) -> None:
        current = self.current_paper()
        key = self.view_choice.currentData()
        self.model.set_view(View.from_key(key) if key else ALL, self.group_box.isChecked())
        row = self.model.row_of(current.paper_id) if current else None
        self.set_current_row(row if row is not None else 0)

    def select_papers(self, paper_ids: list[int]) -> int:
        """Select these papers among the rows shown; returns how many are shown."""
        rows = self._rows_of(paper_ids)
        self._select_rows(rows)
        if rows:
            self.table.selectionModel().setCurrentIndex(self.model.index(rows[0], TITLE), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(rows[0], TITLE))
        return len(rows)

    def _rows_of(self, paper_ids: list[int]) -> list[int]:
        """The rows showing these papers, in order."""
        return sorted(row for row in map(self.model.row_of, paper_ids) if row is not None)

    def _select_rows(self, rows: list[int]) -> None:
        """Select these rows, and only these; the current row and the view stay where they are."""
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _build_filter_bar(self) -> QWidget:
        bar = QWidget(self)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.filter_count)
        bar.setVisible(False)
        return bar

    # Filter --------------------------------------------------------------

    def start_filter(self) -> None:
        self._filter_bar.setVisible(True)
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def close_filter(self) -> None:
        self.filter_edit.clear()
        self._filter_bar.setVisible(False)
        self.table.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and self._filter_bar.isVisible():
            self.close_filter()
            return
        super().keyPressEvent(event)

    def _filter_changed(self, text: str) -> None:
        kept = self._paper_the_filter_keeps()
        changed = self.model.set_filter(text, keep_paper=kept)
        self._show_filter_count()
        if not changed:
            return
        # Among the rows shown so far: a filter still scanning has already passed the current paper's row.
        row = self.model.shown_row_of(kept) if kept is not None else None
        self.set_current_row(row if row is not None else 0, select=True)
        placed = self.current_paper()
        self._left_out_by_filter = (kept, placed.paper_id if placed else None) if row is None and kept is not None else None

    def _paper_the_filter_keeps(self) -> int | None:
        """The current paper; or the one a filter key left out, while the reviewer is still where that key put
        them: "learninggraph" (no paper) corrected to "learning graph" made the first row current, not paper 45."""
        current = self.current_paper()
        current_id = current.paper_id if current else None
        left_out = self._left_out_by_filter
        return left_out[0] if left_out is not None and left_out[1] == current_id else current_id

    def filter_applied(self) -> None:
        """Say the filter's count again: new contents were filtered by the words in the box."""
        self._show_filter_count()

    def _went_on_from_filter(self) -> None:
        """The reviewer went on from where a filter key put them: into the table (Enter, a click), or deciding the
        paper shown there. That paper is now theirs, and closing the filter keeps it: after Enter and P on paper 58,
        the one "arithmetic" showed, Esc made paper 30 current again, the one before the filter, while the status
        line still spoke of paper 58."""
        self._left_out_by_filter = None

    def decided(self, paper_ids: Collection[int]) -> None:
        """A change of this window decided these papers; deciding the paper a filter key put current is a move."""
        left_out = self._left_out_by_filter
        if left_out is not None and left_out[1] in paper_ids:
            self._went_on_from_filter()

    def _show_filter_count(self) -> None:
        shown, scanning = self.model.rowCount(), self.model.scanning
        text = f"{shown:,}{'…' if scanning else ''} of {self.model.total:,}" if self.filter_edit.text().strip() else ""
        self.filter_count.setText(text)

    def hidden_by(self, view_hides: bool = True) -> str:
        """What keeps papers out of the table and the key that shows them ("the view “Unsure”: Ctrl+0 shows all
        papers"); "" when every paper is shown. `view_hides` False: the view lets the papers meant through, and only
        the filter is named (Ctrl+J blamed "Undecided" and the filter for undecided papers the filter alone hid)."""
        typed = self.filter_edit.text().strip()
        view = f"the view “{self.view_choice.currentText()}”" if self.model.view != ALL and view_hides else ""
        filtered = f"the filter “{typed}”" if typed else ""
        if view and filtered:
            return f"{view} and {filtered}: Ctrl+0 shows all papers, Esc clears the filter"
        if view:
            return f"{view}: Ctrl+0 shows all papers"
        return f"{filtered}: Esc clears it" if filtered else ""

    def why_no_paper(self) -> str:
        """Why the table shows no paper, and the key that brings them back; "" while it shows some (or a
        filter is still looking). "Select a paper" was all the detail pane said, with nothing to select."""
        model = self.model
        if model.rowCount() or model.scanning or not model.total:
            return ""
        typed = self.filter_edit.text().strip()
        view = "" if model.view == ALL else f" in the view “{self.view_choice.currentText()}”"
        if not typed:
            return f"No paper{view}: Ctrl+0 shows all papers."
        return f"No paper{view} matches “{typed}”: Esc clears the filter" + (", Ctrl+0 shows all papers." if view else ".")

    # Rows ----------------------------------------------------------------

    def current_paper(self) -> PaperRow | None:
        index = self.table.currentIndex()
        return self.model.paper_at(index.row()) if index.isValid() else None

    def selected_rows(self) -> list[int]:
        """Selected rows in order, read from the selection's ranges.

        `selectedRows()` would ask `flags()` of every cell of every row.
        """
        rows: set[int] = set()
        for selected in self.table.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def selected_paper_ids(self) -> list[int]:
        rows = self.selected_rows()
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return self.model.paper_ids_of_rows(rows)

    def set_current_row(self, row: int | None, select: bool = True) -> None:
        if row is None or not 0 <= row < self.model.rowCount():
            self._announce_current()
            return
        index = self.model.index(row, TITLE)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        if not select:
            flags = QItemSelectionModel.SelectionFlag.NoUpdate
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def place(self, with_selection: bool) -> Place:
        """Where the reviewer is now; the selection too if `with_selection`."""
        current = self.current_paper()
        selected = self.selected_paper_ids() if with_selection else []
        scrolled = (self.table.verticalScrollBar().value(), self.table.horizontalScrollBar().value())
        return Place(current.paper_id if current else None, selected, scrolled)

    def return_to(self, place: Place) -> None:
        """The current paper, the selection and the scroll of `place`, as far as the rows still show them; the
        first row current if they no longer show that paper."""
        row = self.model.row_of(place.paper_id) if place.paper_id is not None else None
        if row is not None:
            self.table.verticalScrollBar().setValue(place.scrolled[0])
            self.table.horizontalScrollBar().setValue(place.scrolled[1])
        several = len(place.selected) > 1
        if several:
            self._select_rows(self._rows_of(place.selected))
        # In sight, should rows have come or gone above it.
        self.set_current_row(row if row is not None else 0, select=not several)

    def move_current(self, step: int) -> None:
        row = self.table.currentIndex().row()
        self.set_current_row(max(0, min(self.model.rowCount() - 1, row + step)))

    def go_to_next_undecided(self, after_row: int | None = None) -> None:
        if after_row is None:
            after_row = self.table.currentIndex().row()
        row = self.model.next_undecided_row(after_row)
        self.set_current_row(row if row is not None else min(after_row + 1, self.model.rowCount() - 1))

    def go_to_next_to_review(self) -> str | None:
        """Ctrl+J: the next undecided paper; with none shown, the next unsure one (unsure means "come back to this").
        Which it went to, "undecided" or "unsure"; None for neither, the cursor left where it is (it moved one row on)."""
        after = self.table.currentIndex().row()
        row, found = self.model.next_undecided_row(after), "undecided"
        if row is None:
            row, found = self.model.next_unsure_row(after), "unsure"
        if row is None:
            return None
        self.set_current_row(row)
        return found

    def go_to_first_undecided(self) -> None:
        self.go_to_next_undecided(after_row=-1 if self.model.rowCount() else 0)
        current = self.current_paper()
        awaiting_order = self.model.sort_column == REVIEW_NEXT and not self.model.review_order_known
        self._placed_before_order = current.paper_id if awaiting_order and current is not None else None

    def go_to_paper(self, paper_id: int) -> bool:
        """Make this paper current, the reviewer's own place (review-next order, once it comes, leaves it
        current); False if no row shows it."""
        row = self.model.row_of(paper_id)
        if row is None:
            return False
        self.set_current_row(row)
        self._placed_before_order = None
        return True

    def last_selected_row(self) -> int:
        ranges = self.table.selectionModel().selection()  # the ranges, not a list of 10,000 rows
        return max((selected.bottom() for selected in ranges), default=self.table.currentIndex().row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_paper_changed.emit(self.model.paper_at(current.row()) if current.isValid() else None)

    def _announce_current(self) -> None:
        self.current_paper_changed.emit(self.current_paper())
