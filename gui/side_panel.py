"""The right side: the author rows the source holds for this name, and the people found."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from gui.author_rows_panel import AuthorRowsPanel
from gui.live_text import LiveText
from gui.people_panel import PeopleView, QtPeopleModel
from gui.suggestions_panel import SuggestionsPanel
from models.history import Change
from models.profiles import PeopleStats
from models.queries import ClusterContents
from models.verdict_counts import tally_line


class SidePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = AuthorRowsPanel(self)
        self.people_model = QtPeopleModel(self)
        self.people = PeopleView(self.people_model, self)
        self.tally = LiveText(self, wrap=True)  # changes with every decision: see gui/live_text.py
        self.suggestions = SuggestionsPanel(self)
        self._stats: PeopleStats | None = None
        rows_box = self._group("Author rows in the source", self.rows)
        # Preferred, not Maximum: its note wraps to more lines as the panel narrows, and Maximum held the box
        # at its wide height, cutting the note off. The split below takes any extra height (stretch 1).
        rows_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.split = QSplitter(Qt.Orientation.Vertical, self)  # people above suggestions
        self.split.addWidget(self._group("People", self.people, self.tally))
        self.split.addWidget(self._group("Suggestions", self.suggestions))
        self.split.setSizes([420, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rows_box)
        layout.addWidget(self.split, 1)

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def show_contents(self, contents: ClusterContents) -> None:
        self._stats = PeopleStats(contents)
        self.rows.show_contents(contents)
        self._show_people(contents)

    def apply_change(self, change: Change, contents: ClusterContents) -> None:
        if self._stats is not None:
            self._stats.apply(change.decisions)
        if change.author_rows or change.people:
            self.rows.show_contents(contents)
        self._show_people(contents)

    def _show_people(self, contents: ClusterContents) -> None:
        stats = {person.id: self._stats.stats(person.id) for person in contents.people}
        conflicts = {person.id: self._stats.conflicts(person.id) for person in contents.people}
        self.people_model.set_people(contents.people, stats, conflicts)
        self.tally.setText(tally_line(contents))

