"""Suggested groups: papers that look like one person, with how sure and why.

`A` accepts the current group (as a new person, or into the person it
extends), `D` dismisses it for good; the context menu accepts into any
person. Choosing a group selects its papers in the table, so the reviewer
sees what they accept.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QMenu, QPushButton, QVBoxLayout, QWidget

from gui.inks import ink_colour
from gui.keys import held_modifiers
from models.queries import PersonSummary
from models.review import counted, papers_count

if TYPE_CHECKING:  # the engine loads with the first analysis, not at start-up
    from models.suggestions import GroupSuggestion

LEVEL_INKS = {"high": "green", "medium": "amber", "low": "grey"}
LEVEL_MARKS = {"high": "●●●", "medium": "●●○", "low": "●○○"}

Index = QModelIndex | QPersistentModelIndex


class _GroupList(QListView):
    """The groups' list. Taking the focus makes its first group current (Qt does so for Tab), which is no
    choice of the reviewer's: `quiet` is set meanwhile, so passing through by Tab selects nothing in the table."""

    choose = Signal()  # Enter or Space, or a click on the current group: its papers, selected in the table

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.quiet = False
        self._pressed_current = False  # the click began on the current group: no row change chooses it
        self.clicked.connect(self._clicked)

    def keyPressEvent(self, event) -> None:
        """Enter or Space choose the current group: Tab makes the first one current without choosing it, and with
        one group no arrow moves, so its papers could not be brought up by keyboard before A accepted them."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and not held_modifiers(event):
            self.choose.emit()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        """A click on the group already current (made so by Tab, or kept after a change) changed no row, and
        selected none of its papers."""
        current = self.currentIndex()
        self._pressed_current = current.isValid() and self.indexAt(event.position().toPoint()) == current
        super().mousePressEvent(event)

    def _clicked(self, _index: QModelIndex) -> None:
        if self._pressed_current:  # otherwise the press made it current, and that chose it
            self.choose.emit()

    def focusInEvent(self, event) -> None:
        with self.quietly():
            super().focusInEvent(event)

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """The current row changes meanwhile without choosing a group (Tab's first row, a row kept after a change)."""
        self.quiet = True
        try:
            yield
        finally:
            self.quiet = False


class QtSuggestionsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._suggestions: list[GroupSuggestion] = []
        self._labels: dict[int, str] = {}

    def set_suggestions(self, suggestions: list[GroupSuggestion], people: list[PersonSummary]) -> None:
        self.beginResetModel()
        self._suggestions = list(suggestions)
        self._labels = {person.id: person.label for person in people}
        self.endResetModel()

    @property
    def suggestions(self) -> list[GroupSuggestion]:
        return list(self._suggestions)

    def suggestion_at(self, row: int) -> GroupSuggestion | None:
        return self._suggestions[row] if 0 <= row < len(self._suggestions) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._suggestions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        suggestion = self.suggestion_at(index.row()) if index.isValid() else None
        if suggestion is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(suggestion)
        if role == Qt.ItemDataRole.ForegroundRole:
            return ink_colour(LEVEL_INKS[suggestion.level]) if suggestion.level in LEVEL_INKS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{suggestion.level} confidence ({suggestion.score:.2f})\n" + "\n".join(suggestion.reasons)
        return None

    def heading(self, suggestion: GroupSuggestion) -> str:
        """A group's first line: "●●● 7 papers → a new person"."""
        target = self._labels.get(suggestion.person_id, "a new person") if suggestion.person_id else "a new person"
        return f"{LEVEL_MARKS[suggestion.level]} {papers_count(len(suggestion.paper_ids))} → {target}"

    def _text(self, suggestion: GroupSuggestion) -> str:
        return "\n".join([self.heading(suggestion), *(f"   {reason}" for reason in suggestion.reasons[:3])])


def no_suggestion_text(undecided: int) -> str:
    """Why the list is empty. It said "every group the engine sees is decided or dismissed" on a fresh one-paper
    cluster, where nothing was decided or dismissed."""
    if undecided == 0:
        return "No suggestion: every paper is decided."
    if undecided == 1:
        return "No suggestion: one paper is undecided, and a suggestion is a group of papers."
    return (
        f"No suggestion: none of the {undecided:,} undecided papers share enough (coauthors, a venue, title words) "
        "to be offered together, or their groups were dismissed."
    )


class SuggestionsPanel(QWidget):
    chosen = Signal(object)  # GroupSuggestion: show its papers
    accept_requested = Signal(object, object)  # GroupSuggestion, person id or None (new person / its own)
    dismiss_requested = Signal(object)
    compute_requested = Signal()  # for a cluster too big to analyse unasked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = QtSuggestionsModel(self)
        self.heading = QLabel("Suggestions appear when the cluster is loaded.", self)
        self.heading.setWordWrap(True)
        self.compute = QPushButton("Compute suggestions", self)
        self.compute.setVisible(False)
        self.compute.clicked.connect(self._compute)
        # While a big cluster is analysed (half a minute for 20,000 papers), the heading counts the seconds:
        # a still "Computing…" for that long read as stuck.
        self._computing_since: float | None = None  # when the analysis the list waits for was asked
        self._after_change = False  # the list waits for the analysis of a change, not of a load
        self._offering = False  # a big cluster is analysed only when asked: a change asks for nothing
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.view = _GroupList(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        # Laid out a hundred groups at a time, between events: measuring every wrapped group at once took
        # 150-280 ms at each change of the 20,000-paper cluster's 2,029 groups, 15-40 ms now
        # (/work/scratch/s30/me/sugg_reset.py).
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.choose.connect(lambda: self._current_changed(self.view.currentIndex(), QModelIndex()))
        self._people: list[PersonSummary] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.compute)
        layout.addWidget(self.view, 1)

    def show_computing(self) -> None:
        """A cluster just shown, its suggestions not computed yet: none of another cluster's (or of the same
        cluster before others changed it) stay in the list, where A accepted them into this one."""
        self.compute.setVisible(False)
        self.model.set_suggestions([], [])
        self._start_computing(after_change=False)

    def show_waiting(self, papers: int) -> None:
        """A cluster too big to analyse unasked: offer to, saying what it costs."""
        self._stop_computing()
        self._offering = True
        self.model.set_suggestions([], [])
        self.heading.setText(
            f"{papers:,} papers: suggestions for a cluster this big take minutes, so they are computed only when you ask."
        )
        self.compute.setVisible(True)
        self.compute.setEnabled(True)

    def show_failed(self, why: str) -> None:
        self._stop_computing()
        self.model.set_suggestions([], [])
        self.heading.setText(f"Suggestions could not be computed: {why}")

    @property
    def computing(self) -> bool:
        """Whether the list waits for the analysis of the cluster as it is now (after a change it may still
        hold the groups the change left standing)."""
        return self._computing_since is not None

    def _compute(self) -> None:
        self.compute.setEnabled(False)
        self.model.set_suggestions([], [])
        self._start_computing(after_change=False)
        self.compute_requested.emit()

    def _start_computing(self, after_change: bool) -> None:
        self._offering = False
        self._after_change = after_change
        self._computing_since = time.monotonic()
        self._tick()
        self._ticker.start()

    def _stop_computing(self) -> None:
        self._computing_since = None
        self._offering = False
        self._ticker.stop()

    def _tick(self) -> None:
        if self._computing_since is None:
            self._ticker.stop()
            return
        self.heading.setText(self._awaiting_text(f"{time.monotonic() - self._computing_since:.0f} s so far"))

    def _awaiting_text(self, so_far: str) -> str:
        if not self._after_change:
            return f"Computing suggestions in the background ({so_far}); keep working meanwhile…"
        left = self.model.suggestions
        if not left:
            return f"Updating the suggestions after your change ({so_far})…"
        waiting = sum(len(suggestion.paper_ids) for suggestion in left)
        return f"{counted(len(left), 'group')}, {papers_count(waiting)}; updating after your change ({so_far}). A accepts, D dismisses."

    def show_suggestions(
        self, suggestions: list[GroupSuggestion], people: list[PersonSummary], seconds: float, undecided: int, behind: bool = False,
    ) -> None:
        """Show a fresh list, the analysis of the cluster as it is now; keep the same group current if it is
        still suggested. Only such a list may say there is no suggestion, and why (`undecided`: papers left).
        `behind`: the analysis of the cluster before the reviewer's latest changes, less the groups they outdated
        (a big cluster's, let finish while they came): the heading says the next one is coming."""
        self._stop_computing()
        self.compute.setVisible(False)
        current = self.current()
        self._people = people
        self.model.set_suggestions(suggestions, people)
        groups = [suggestion.paper_ids for suggestion in suggestions]
        if current is not None and current.paper_ids in groups:
            self._keep_current(groups.index(current.paper_ids))
        if behind:
            self._start_computing(after_change=True)
            return
        waiting = sum(len(s.paper_ids) for s in suggestions)
        self.heading.setText(
            f"{counted(len(suggestions), 'group')}, {papers_count(waiting)} "
            f"(found in {seconds:.1f} s). A accepts, D dismisses."
            if suggestions else no_suggestion_text(undecided)
        )

    def forget(self, outdated: Callable[[GroupSuggestion], bool]) -> None:
        """A change to the cluster: the list is not its analysis any more, so the heading says the next one
        is coming, also when the change took no group off (an undo that brought 9,669 papers back left "No
        suggestion" standing for the 20 s of the next analysis). The groups the change made out of date go
        at once, not when the next analysis comes: A on one of them put back into a person a paper just
        rejected. The cursor stays on the same row, so after A or D it is on the group that followed."""
        if self._offering:
            return  # a big cluster not analysed yet: nothing is computed until the reviewer asks
        kept = [suggestion for suggestion in self.model.suggestions if not outdated(suggestion)]
        if len(kept) != self.model.rowCount():
            row = self.view.currentIndex().row()
            self.model.set_suggestions(kept, self._people)
            if row >= 0 and kept:
                self._keep_current(min(row, len(kept) - 1))
        self._start_computing(after_change=True)

    def current(self) -> GroupSuggestion | None:
        index = self.view.currentIndex()
        return self.model.suggestion_at(index.row()) if index.isValid() else None

    def current_heading(self) -> str | None:
        """The group A or D takes (`current_or_first`) as its first line reads ("●●● 7 papers → a new person");
        None if there is none."""
        suggestion = self.current_or_first()
        return self.model.heading(suggestion) if suggestion is not None else None

    def current_or_first(self) -> GroupSuggestion | None:
        return self.current() or self.model.suggestion_at(0)

    def _keep_current(self, row: int) -> None:
        """Make this row current again after the list changed, choosing nothing: the table's selection is the
        reviewer's. It became the group's papers whenever a fresh list came, seconds after a decision, so the
        next key decided papers the reviewer never chose."""
        with self.view.quietly():
            self.view.setCurrentIndex(self.model.index(row))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The reviewer moved to a group (a key or a click in the list): its papers are selected in the table."""
        suggestion = self.model.suggestion_at(current.row()) if current.isValid() else None
        if suggestion is not None and not self.view.quiet:
            self.chosen.emit(suggestion)

    def _context_menu(self, position) -> None:
        suggestion = self.model.suggestion_at(self.view.indexAt(position).row())
        if suggestion is None:
            return
        menu = QMenu(self)
        menu.addAction("Accept (A)", lambda: self.accept_requested.emit(suggestion, None))
        into = menu.addMenu("Accept into")
        for person in self._people:
            into.addAction(person.label, lambda p=person.id: self.accept_requested.emit(suggestion, p))
        into.setEnabled(bool(self._people))
        menu.addAction("Dismiss (D)", lambda: self.dismiss_requested.emit(suggestion))
        menu.exec(self.view.viewport().mapToGlobal(position))
