"""The papers table: a Qt model over a cluster's rows held in plain lists.

`_rows` holds every paper of the cluster in source order; `_visible` holds
indices into it, filtered and sorted. Filtering scans a list of lowercase
strings in Python (about 2 ms for 20,000 papers) instead of asking `data()`
through a QSortFilterProxyModel (about 220 ms).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_, not_
from typing import TYPE_CHECKING, Any, Callable, Iterable

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon

from gui.icons import verdict_icon
from gui.people_panel import PAPER_IDS_MIME, paper_ids_mime
from models.queries import UNLISTED, ClusterContents, PaperRow
from models.history import UNDECIDED, Change, DecisionState, verdict_of
from models.schema import Verdict
from models.search_index import IndexBuilder, RowScan, WordIndex, rows_matching

if TYPE_CHECKING:  # the evidence module (and its word lists) loads with the first analysis
    from models.evidence import Fit

GROUP_AFTER_PEOPLE = 1 << 40  # a rank past any person's place in the panel (`_group_rank_of`)
AUTHORS_ROLE = Qt.ItemDataRole.UserRole + 1  # (authors, positions of the cluster's name)
PAPER_ID_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("#", "Decision", "Fit", "⚠", "Title", "Year", "Venue", "Authors")
NUMBER, DECISION, FIT, WARNING, TITLE, YEAR, VENUE, AUTHORS = range(len(COLUMNS))
NO_FIT = 2.0  # a Fit sort key past every score (0 to 1, or its negative): after the papers with a fit
# Clusters whose words the filter indexes. Below: a scan is already quick. Above: the index would
# take seconds of idle moments to build and ~1 MB per 1,000 papers with abstracts (a real vocabulary;
# 0.15 MB with the benchmark's), and a 200,000-paper cluster's text alone is 270 MB.
INDEXED_PAPERS = (2_000, 200_000)
BULK_ROWS = 500  # more decisions than this in one change: every row is repainted (see `apply_change`)
# Rows walked to find the next undecided one while the list of them is not known (after a bulk
# decision), before that list is built: walking 10,000 just-decided rows takes ~4 ms, building the
# list of a 100,000-paper cluster ~45 ms.
SCAN_ROWS = 20_000
ONE_BY_ONE = 8  # rows looked up by scanning before a lookup table is built
INDEX_DELAY_MS = 300  # after opening, before the first slice
INDEX_SLICE_SECONDS = 0.004  # the longest a keystroke waits for a slice to end
REVIEW_NEXT = -2  # a sort "column" of its own: the engine's review-next order
# A filter key that must scan (the word index is not built yet) over this many rows or more shows
# the top of its result first and scans the rest between events (`RowScan`).
SCAN_IN_SLICES_FROM = 5_000
FIRST_ROWS = 200  # rows found before the first paint: more than a screen holds
FIRST_SLICE_SECONDS = 0.002  # the longest the first paint waits for them (fewer are shown meanwhile)
SCAN_SLICE_SECONDS = 0.004  # each later slice: the longest a keystroke waits for one to end
# Rows found by later slices are added to the table at most this often (and when the scan ends): each
# addition repaints the table (~6 ms), four times in the 45 ms a 100,000-paper scan took.
SCAN_SHOW_SECONDS = 0.1

VERDICT_TEXT = {Verdict.REJECTED: "not this name", Verdict.UNSURE: "unsure"}
NOTE_MARK = " ✎"  # ends the Decision cell of a paper whose decision has a note
# Starts the Decision cell of a paper whose decision waits to be saved. A clock face the fonts here draw:
# "⏳" is in none of them, and showed a missing-glyph box.
PENDING_MARK = "◷ "
VERDICT_TINT = {
    Verdict.PERSON: QColor(46, 160, 67, 40),
    Verdict.REJECTED: QColor(207, 34, 46, 36),
    Verdict.UNSURE: QColor(212, 167, 44, 48),
}
WARNING_INK = QBrush(QColor(176, 112, 0))
ALIGNMENT = {
    NUMBER: int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    YEAR: int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    FIT: int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
    WARNING: int(Qt.AlignmentFlag.AlignCenter),
}

Index = QModelIndex | QPersistentModelIndex
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren | Qt.ItemFlag.ItemIsDragEnabled
)


@dataclass(frozen=True)
class View:
    """Which papers the table shows: all, one decision, or one person's."""

    kind: str = "all"  # "all" | "undecided" | "rejected" | "unsure" | "person"
    person_id: int | None = None

    @property
    def key(self) -> str:
        """A plain string for widgets that keep item data (a QComboBox cannot compare objects)."""
        return f"person:{self.person_id}" if self.kind == "person" else self.kind

    @classmethod
    def from_key(cls, key: str) -> View:
        kind, _, person = key.partition(":")
        return cls(kind, int(person)) if person else cls(kind)

    def shows(self, state: DecisionState) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "undecided":
            return not state.decided
        if self.kind == "person":
            return state.verdict is Verdict.PERSON and state.person_id == self.person_id
        return state.verdict is not None and state.verdict.value == self.kind


ALL = View()


def opaque_tints(base: QColor) -> dict[Verdict, QBrush]:
    """The verdict tints blended over the table's base colour once, as solid brushes.

    Built once: data() is asked for them on every repaint of every visible
    cell, and a solid fill paints faster than blending a translucent one
    (about 0.6 ms of each repaint of the table).
    """
    def over(tint: QColor) -> QColor:
        alpha = tint.alphaF()
        mix = lambda top, bottom: round(top * alpha + bottom * (1 - alpha))  # noqa: E731
        return QColor(mix(tint.red(), base.red()), mix(tint.green(), base.green()), mix(tint.blue(), base.blue()))

    return {verdict: QBrush(over(tint)) for verdict, tint in VERDICT_TINT.items()}


class QtPapersModel(QAbstractTableModel):
    filter_done = Signal()  # a filter scanned in slices has found all its rows

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PaperRow] = []
        self._paper_ids: list[int] = []  # per row index, for the loops that need only the id
        self._index_of: dict[int, int] = {}  # paper id -> index into _rows (fixed while loaded)
        self._keys: dict[int, list] = {}  # sort column -> one key per row, computed once
        self._matching: list[int] | None = None  # rows the filter matched (before view and sort)
        self._visible: list[int] = []  # indices into _rows, in display order
        self._row_at: dict[int, int] | None = {}  # index into _rows -> display row; None: not built since rows moved
        self._lookups = 0  # rows looked up one by one since rows moved
        self._decisions: dict[int, DecisionState] = {}
        # Per row index, 1 while the paper is undecided: "Undecided" and the next undecided row are
        # found by C loops over it (asking the states of 100,000 rows took 25-34 ms a switch of view).
        self._undecided_at = bytearray()
        self._people: dict[int, str] = {}
        self._haystacks: list[str] = []  # lower-case text per row, built by the loader
        self._word_index: WordIndex | None = None  # the words of _haystacks, once built
        self._index_builder: IndexBuilder | None = None  # building it, a slice per idle moment
        self._index_timer = QTimer(self)
        self._index_timer.timeout.connect(self._index_some_words)
        self._filter_terms: list[str] = []
        self._scan: RowScan | None = None  # the filter's scan while it runs between events
        self._scan_found: list[int] = []  # rows it found that are not shown yet
        self._scan_shown_at = 0.0  # when rows it found were last added to the table
        self._scan_timer = QTimer(self)
        self._scan_timer.setInterval(0)
        self._scan_timer.timeout.connect(self._scan_more)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._view = ALL
        self._grouped = False
        self._person_order: dict[int, int] = {}  # person id -> place in the people panel
        self._person_names: dict[int, str] = {}  # person id -> "2 Lei Wang (2)", see `_set_people`
        self._pending: dict[int, str] = {}  # paper id -> the decision waiting to be saved, in words
        self._fits: dict[int, Fit] = {}  # paper id -> its best person (undecided, unsure), or its own (`session._fits`)
        self._ranks: dict[int, int] = {}  # paper id -> place in the review-next order
        self._order_known = False  # whether `_ranks` is this cluster's analysis's (until then: source order)
        self._undecided_rows: list[int] | None = None  # display rows still undecided, ascending; None: not known
        self._tints = opaque_tints(QGuiApplication.palette().base().color())

    # Contents ------------------------------------------------------------

    def set_contents(self, contents: ClusterContents) -> None:
        self._stop_scan()
        self.beginResetModel()
        self._rows = contents.papers
        self._paper_ids = [row.paper_id for row in self._rows]
        self._index_of = {paper_id: index for index, paper_id in enumerate(self._paper_ids)}
        self._keys = {}
        self._matching = None
        self._decisions = dict(contents.decisions)
        self._undecided_at = undecided_flags(self._paper_ids, self._decisions)
        # The fits and order of the last analysis were of another cluster (or of this one before others
        # changed it): a paper in both clusters showed a person of the other one until this one's analysis
        # came, and always in a cluster too big to analyse unasked.
        self._fits, self._ranks, self._order_known = {}, {}, False
        self._set_people(contents)
        self._view = ALL
        self._haystacks = contents.search_text
        self._index_words(contents.search_text)
        self._visible = self._filtered_sorted()
        self._index_rows()
        self.endResetModel()

    def _index_words(self, texts: list[str]) -> None:
        """Index the cluster's words in slices between events; until then (and past the limit) the filter scans.

        Slices, not a thread: a thread doing Python work slows every repaint
        of this table (a thousand calls into Python) by waiting for the
        interpreter. The first slice waits a moment, so opening paints first.
        """
        self._word_index = None
        self._index_builder = IndexBuilder(texts) if INDEXED_PAPERS[0] <= len(texts) <= INDEXED_PAPERS[1] else None
        if self._index_builder is None:
            self._index_timer.stop()
        else:
            self._index_timer.start(INDEX_DELAY_MS)

    def _index_some_words(self) -> None:
        self._index_timer.setInterval(0)  # from now on, whenever the event loop has nothing else to do
        if self._scan is not None:
            return  # a filter's scan is finding rows the reviewer waits for: it goes first
        if self._index_builder is None:
            self._index_timer.stop()
            return
        built = self._index_builder.step(INDEX_SLICE_SECONDS)
        if built is not None:
            self._word_index, self._index_builder = built, None
            self._index_timer.stop()

    @property
    def word_index_ready(self) -> bool:
        """Whether the filter answers from the word index (else it scans the text)."""
        return self._word_index is not None

    def wait_for_word_index(self) -> bool:
        """For tests and benchmarks: finish building the filter's word index now; whether there is one."""
        while self._index_builder is not None:
            self._index_some_words()
        return self._word_index is not None

    def apply_change(self, change: Change, contents: ClusterContents) -> None:
        """Repaint the rows whose decision changed (and every row if a person was renamed or removed).

        Rows stay where they are, even if they no longer fit the view: a
        reviewer who marks a paper in "Undecided" must still see the mark.
        """
        self._finish_scan()  # a decided row not found yet would be missed
        names_before = self._person_names
        self._set_people(contents)
        if len(change.decisions) > BULK_ROWS:
            # Finding 10,000 rows one by one took ~30 ms: repaint every row (the view paints only
            # those on screen) and look for the next undecided row when it is asked for.
            self._decisions.update(change.decisions)
            self._note_states(change.decisions)
            self._undecided_rows = None
            rows = [0, len(self._visible) - 1] if self._visible else []
        else:
            rows = []
            self._note_states(change.decisions)
            for paper_id, state in change.decisions.items():
                self._decisions[paper_id] = state
                row = self.row_of(paper_id)
                self._note_undecided(row, not state.decided)
                if row is not None:
                    rows.append(row)
        if self._fits:  # a changed paper's fit was of its state before (its best person, or its own): the next analysis says
            for paper_id in change.decisions:
                self._fits.pop(paper_id, None)
        self._forget_keys(DECISION, FIT)
        if change.people and self._visible and self._relabelled(names_before):
            rows = [0, len(self._visible) - 1]
        if rows:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def bring_into_view(self, paper_ids: Iterable[int]) -> None:
        """Show those of these papers the view and the filter now let through, the rows shown staying.

        For an undo, a redo or a removal, whose papers the reviewer must see as a decision's paper stays in sight: an
        undo in an empty "Undecided" view left it empty, the panel saying "2 undecided"."""
        if self._view.kind == "all" and not self._filter_terms:
            return  # every paper shown: no set of 100,000 rows to build at each undo
        self._finish_scan()
        shown = set(self._visible)
        coming = [index for index in map(self._index_of.get, paper_ids) if index is not None and index not in shown]
        if coming and self._filter_terms:
            coming = rows_matching(self._filter_terms, self._haystacks, self._word_index, sorted(coming))
        if coming and self._view.kind != "all":
            coming = self._in_view(coming)
        if not coming:
            return
        self.beginResetModel()  # rows come among the others, in the table's order: the caller puts the cursor on them
        self._visible = self._sorted(sorted(shown.union(coming)))
        self._index_rows()
        self.endResetModel()

    def _note_states(self, states: dict[int, DecisionState]) -> None:
        """Keep the per-row undecided flags up to a change's new states (papers not loaded are skipped)."""
        flags, index_of = self._undecided_at, self._index_of
        for paper_id, state in states.items():
            index = index_of.get(paper_id)
            if index is not None:
                flags[index] = state.verdict is None

    def set_fits(self, fits: dict[int, Fit]) -> None:
        self._fits = dict(fits)
        self._forget_keys(FIT)
        if self._visible:
            self.dataChanged.emit(self.index(0, FIT), self.index(len(self._visible) - 1, FIT))

    def has_fits(self) -> bool:
        """Whether any paper has a fit (they come with the cluster's analysis)."""
        return bool(self._fits)

    def set_review_order(self, paper_ids: list[int]) -> None:
        """The engine's order; shown when sorted by `REVIEW_NEXT`."""
        self._ranks = {paper_id: rank for rank, paper_id in enumerate(paper_ids)}
        self._order_known = True
        self._forget_keys(REVIEW_NEXT)
        if self._sort and self._sort[0] == REVIEW_NEXT:
            self.sort(REVIEW_NEXT)

    @property
    def review_order_known(self) -> bool:
        """Whether the loaded cluster's review-next order has come (until then that sort is source order)."""
        return self._order_known

    @property
    def sort_column(self) -> int | None:
        return self._sort[0] if self._sort else None

    def set_pending(self, pending: dict[int, str]) -> None:
        """Mark papers whose decision the disk has not taken yet (paper id → that decision in words)."""
        touched = set(self._pending) | set(pending)
        self._pending = dict(pending)
        rows = [row for row in map(self.row_of, touched) if row is not None]
        if rows:  # the whole row: its tint goes while its decision waits
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(COLUMNS) - 1))

    def _relabelled(self, names_before: dict[int, str]) -> bool:
        """Whether a person shown before is named otherwise now (relabelled or renumbered), or not at all (a new
        person changes only its own rows: repainting every row for it took ~10 ms)."""
        names = self._person_names
        return any(names.get(person_id) != name for person_id, name in names_before.items())

    def _set_people(self, contents: ClusterContents) -> None:
        self._people = {person.id: person.label for person in contents.people}
        self._person_order = {person.id: place for place, person in enumerate(contents.people)}
        # As the Decision and Fit columns name a person: its number in the people panel first, the key that
        # puts a paper there. By label alone, a narrow column cut "Lei Wang" and "Lei Wang (2)" alike.
        self._person_names = {person.id: f"{place + 1} {person.label}" for place, person in enumerate(contents.people)}

    def shows_decisions(self) -> bool:
        """Whether any paper's Decision cell says something: a verdict, or one waiting to be saved."""
        return bool(self._pending) or 0 in self._undecided_at  # a C scan of one byte a paper

    def person_names(self) -> list[str]:
        """Every person as the Decision and Fit columns name it ("2 Lei Wang (2)")."""
        return list(self._person_names.values())

    @property
    def view(self) -> View:
        return self._view

    @property
    def grouped(self) -> bool:
        return self._grouped

    def set_view(self, view: View, grouped: bool | None = None) -> None:
        """Show one kind of papers (and group rows by person); rebuilds the rows."""
        self._stop_scan()  # the rows are found again below, every one
        self.beginResetModel()
        self._view = view
        if grouped is not None:
            self._grouped = grouped
        self._visible = self._filtered_sorted()
        self._index_rows()
        self.endResetModel()

    def paper_ids_of_rows(self, rows: list[int]) -> list[int]:
        # Mapped in C: a bulk decision's 10,000 rows without a Python call each (5 -> 1 ms).
        return list(map(self._paper_ids.__getitem__, map(self._visible.__getitem__, rows)))

    @property
    def total(self) -> int:
        """Papers in the cluster, shown or filtered out."""
        return len(self._rows)

    def paper_at(self, row: int) -> PaperRow:
        return self._rows[self._visible[row]]

    def row_of(self, paper_id: int) -> int | None:
        self._finish_scan()
        return self.shown_row_of(paper_id)

    def unlisted_among(self, paper_ids: Iterable[int]) -> list[int]:
        """Those of these papers the newest import of the cluster no longer lists."""
        rows, index_of = self._rows, self._index_of
        return [p for p in paper_ids if (i := index_of.get(p)) is not None and UNLISTED in rows[i].warnings]

    def position_of(self, paper_id: int) -> int | None:
        """The paper's place in the cluster (what the # column numbers, from 0), shown or not; None if not in it."""
        index = self._index_of.get(paper_id)
        return None if index is None else self._rows[index].position

    def first_row_of(self, paper_ids: Iterable[int]) -> int | None:
        """The topmost row of these papers shown, None if none is. In C loops: `row_of` paper by paper took
        10 ms of an undo of 7,356 papers at the window."""
        self._finish_scan()
        past_the_end = len(self._visible)  # what a paper not shown counts as
        indices = map(self._index_of.get, paper_ids, repeat(-1))
        first = min(map(self._row_lookup().get, indices, repeat(past_the_end)), default=past_the_end)
        return None if first == past_the_end else first

    def shown_row_of(self, paper_id: int) -> int | None:
        """The paper's row among those shown so far (a filter may still be scanning)."""
        index = self._index_of.get(paper_id)
        return None if index is None else self._row_of_index(index)

    def _row_of_index(self, index: int) -> int | None:
        """The display row of `_rows[index]`, None if it is not shown."""
        if self._in_source_order():  # shown rows ascend: a binary search, no table (100,000 rows: 10 ms to build)
            visible = self._visible
            row = bisect_left(visible, index)
            return row if row < len(visible) and visible[row] == index else None
        if self._row_at is None and self._lookups < ONE_BY_ONE:
            # Right after a filter keystroke only the current paper is looked for: a scan of
            # the list (C speed) is cheaper than the 20,000-entry dictionary (2 ms).
            self._lookups += 1
            try:
                return self._visible.index(index)
            except ValueError:
                return None
        return self._row_lookup().get(index)

    def _in_source_order(self) -> bool:
        """Whether the shown rows are in source order (filtered or not): `_visible` ascends."""
        return not self._grouped and (
            self._sort is None or (self._sort[0] == NUMBER and self._sort[1] == Qt.SortOrder.AscendingOrder)
        )

    def _row_lookup(self) -> dict[int, int]:
        if self._row_at is None:
            self._row_at = dict(zip(self._visible, range(len(self._visible))))
        return self._row_at

    def decision(self, paper_id: int) -> DecisionState:
        return self._decisions.get(paper_id, UNDECIDED)

    def person_label(self, person_id: int | None) -> str:
        return self._people.get(person_id, "this person")

    def waiting_decision(self, paper_id: int) -> str | None:
        """The paper's decision waiting to be saved, in words ("Cheng Chang"); None if none waits (`set_pending`)."""
        return self._pending.get(paper_id)

    def next_undecided_row(self, after: int) -> int | None:
        """The first undecided row after `after`, wrapping round; None if all are decided.

        From a sorted list of the undecided rows, kept up to date as decisions
        come in: near the end of a 20,000-paper cluster, walking the rows to
        find the few left took 28 ms a keystroke.
        """
        self._finish_scan()
        rows = self._undecided_rows
        if rows is None:
            near = self._walk_to_undecided(after)
            if near is not None:
                return near
            rows = self._undecided_rows = self._rows_flagged(self._undecided_at)
        return _next_after(rows, after)

    def next_unsure_row(self, after: int) -> int | None:
        """The first unsure row after `after`, wrapping round (`after` itself last); None if no row shown is unsure.

        Asked only once no undecided row is left, so found afresh, as the undecided rows are when not kept: a flag
        per paper, then the rows shown flagged, in C loops. Looking up each unsure paper's row took 9 ms at 20,000
        papers (2,000 unsure), 35-48 ms at 100,000."""
        self._finish_scan()
        verdicts = map(verdict_of, map(self._decisions.get, self._paper_ids, repeat(UNDECIDED)))
        return _next_after(self._rows_flagged(bytes(map(is_, verdicts, repeat(Verdict.UNSURE)))), after)

    def _rows_flagged(self, flags: bytes | bytearray) -> list[int]:
        """The rows shown, ascending, whose paper is flagged (`flags`: one byte per row index)."""
        return list(compress(range(len(self._visible)), map(flags.__getitem__, self._visible)))

    def _walk_to_undecided(self, after: int) -> int | None:
        """The first undecided row among the `SCAN_ROWS` after `after` (wrapping round), None if there is none there."""
        visible, undecided = self._visible, self._undecided_at
        count = len(visible)
        for step in range(1, min(SCAN_ROWS, count) + 1):
            row = (after + step) % count
            if undecided[visible[row]]:
                return row
        return None

    def _note_undecided(self, row: int | None, undecided: bool) -> None:
        rows = self._undecided_rows
        if rows is None or row is None:
            return
        at = bisect_left(rows, row)
        present = at < len(rows) and rows[at] == row
        if undecided and not present:
            rows.insert(at, row)
        elif not undecided and present:
            del rows[at]

    # Filtering and sorting --------------------------------------------------

    def set_filter(self, text: str, keep_paper: int | None = None) -> bool:
        """Show the rows holding every word of `text`; whether the rows shown changed.

        Where it must scan many rows (the word index is not built yet), the
        rows shown first are the top of the result, as far as `keep_paper`'s
        row at least, and the rest come in between events (`filter_done`).
        """
        terms = text.casefold().split()
        if terms == self._filter_terms:
            return False
        source = self._scan_source(terms)
        self._stop_scan()
        if source is not None and len(source) >= SCAN_IN_SLICES_FROM:
            self._start_scan(terms, source, keep_paper)
            return True
        # Typing on narrows: every row "diffu" matches also matched "diff", so scan only those.
        narrows = self._matching is not None and _refines(terms, self._filter_terms)
        self._filter_terms = terms
        visible = self._filtered_sorted(self._matching if narrows else None)
        if visible == self._visible:
            # The same rows ("r" matches nearly every paper): no reset, so the view keeps its
            # selection and scroll position and repaints nothing.
            return False
        self.beginResetModel()
        self._visible = visible
        self._index_rows()
        self.endResetModel()
        return True

    @property
    def scanning(self) -> bool:
        """Whether a filter is still finding its rows between events."""
        return self._scan is not None

    def _scan_source(self, terms: list[str]) -> list[int] | None:
        """The rows a scan in slices would go through, in display order; None where it would not be used."""
        if not terms or self._word_index is not None:
            return None
        if not self._filter_terms:
            return self._visible  # every row of the view, in its order
        if _refines(terms, self._filter_terms):  # typing on: the rows found so far, then those not scanned yet
            return self._visible + self._scan_found + self._scan.rest() if self._scan is not None else self._visible
        return None

    def _start_scan(self, terms: list[str], source: list[int], keep_paper: int | None) -> None:
        scan = RowScan(terms, self._haystacks, source)
        keep = self._index_of.get(keep_paper) if keep_paper is not None else None
        through = _place(source, keep)  # the current paper's row is settled before the first paint
        found = scan.step(FIRST_SLICE_SECONDS, least_found=FIRST_ROWS, through=through)
        self._filter_terms = terms
        self._matching = None
        self.beginResetModel()
        self._visible = found
        self._index_rows()
        self.endResetModel()
        self._scan, self._scan_found, self._scan_shown_at = scan, [], time.perf_counter()
        self._scan_timer.start()
        if scan.done:
            self._scan_more()

    def _scan_more(self, seconds: float = SCAN_SLICE_SECONDS) -> None:
        scan = self._scan
        if scan is None:
            self._scan_timer.stop()
            return
        if not scan.done:
            self._scan_found += scan.step(seconds)
        found = self._scan_found
        if found and (scan.done or time.perf_counter() - self._scan_shown_at >= SCAN_SHOW_SECONDS):
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(found) - 1)
            self._visible.extend(found)
            self._index_rows()
            self.endInsertRows()
            self._scan_found, self._scan_shown_at = [], time.perf_counter()
        if scan.done:
            self._stop_scan()
            # Filter matches before view and sort, for the next key to narrow (with a view, found are fewer).
            self._matching = sorted(self._visible) if self._view.kind == "all" else None
            self.filter_done.emit()

    def _finish_scan(self) -> None:
        """Find the rest of the filter's rows now: what comes next needs all of them."""
        if self._scan is not None:
            self._scan_more(float("inf"))

    def _stop_scan(self) -> None:
        self._scan, self._scan_found = None, []
        self._scan_timer.stop()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._finish_scan()
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self._visible[index.row()] for index in persistent]
        self._visible = self._sorted(self._visible)
        self._index_rows()
        # Once per row, not per persistent index: a selected row holds one for each of its cells, and
        # looking each up spent the few scans allowed and built the 100,000-row table (69 ms a click).
        new_row = {i: self._row_of_index(i) for i in dict.fromkeys(held)}
        moved = [self.index(new_row[i], index.column()) for i, index in zip(held, persistent)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _filtered_sorted(self, candidates: list[int] | None = None) -> list[int]:
        """Rows the filter and the view let through, sorted; `candidates` narrows the scan."""
        if self._filter_terms:
            matching = rows_matching(self._filter_terms, self._haystacks, self._word_index, candidates)
            self._matching = matching
        else:
            matching = None
            self._matching = None
        if self._view.kind != "all":
            matching = self._in_view(matching)
        elif matching is None:
            matching = list(range(len(self._rows)))
        return self._sorted(matching)

    def _in_view(self, indices: list[int] | None) -> list[int]:
        """The rows among `indices` (None: every row) the view shows, picked in C.

        "Undecided" reads the per-row flags. The other views look at the
        decided papers only, and ask each distinct state (a few dozen objects,
        shared by the papers a change decided alike) once, not each of 80,000
        papers: asking each of 100,000 rows took 100 ms a switch of view.
        """
        if self._view.kind == "undecided":
            flags = self._undecided_at
            if indices is None:
                return list(compress(range(len(flags)), flags))
            return list(compress(indices, map(flags.__getitem__, indices)))
        shows = self._per_distinct_state(self._view.shows)
        shown = set(compress(self._decisions, map(shows.__getitem__, map(id, self._decisions.values()))))
        if indices is None:
            return list(compress(range(len(self._rows)), map(shown.__contains__, self._paper_ids)))
        return list(compress(indices, map(shown.__contains__, map(self._paper_ids.__getitem__, indices))))

    def _sorted(self, indices: list[int]) -> list[int]:
        if self._sort is not None and self._sort[0] != NUMBER:
            column, order = self._sort
            keys = self._column_keys(column)
            indices = sorted(indices, key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        elif self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder:
            indices = sorted(indices, reverse=True)  # source order is index order
        elif self._sort is not None:
            indices = sorted(indices)
        if self._grouped:  # a stable sort keeps the column order within each group
            ranks = self._group_ranks(indices)
            indices = [indices[k] for k in sorted(range(len(indices)), key=ranks.__getitem__)]
        return indices

    def _per_distinct_state(self, of: Callable[[DecisionState], Any]) -> dict[int, Any]:
        """`of(state)` for each distinct state object, by its id(): a few dozen objects, shared by the papers a
        change decided alike, asked once each instead of once a paper."""
        states = self._decisions.values()
        return {key: of(state) for key, state in dict(zip(map(id, states), states)).items()}

    def _group_ranks(self, indices: list[int]) -> list[int]:
        """Each row's `_group_rank_of`, asked once per distinct state, the rest in C: asking it for each of
        100,000 papers made Group by person take 320 ms."""
        rank_of = self._per_distinct_state(self._group_rank_of)
        papers = map(self._paper_ids.__getitem__, indices)
        return list(map(rank_of.get, map(id, map(self._decisions.get, papers)), repeat(self._group_rank_of(UNDECIDED))))

    def _column_keys(self, column: int) -> list:
        """One sort key per row, computed once per column (decisions and fits: once per change)."""
        if column not in self._keys:
            key = self._sort_key(column)
            self._keys[column] = [key(row) for row in self._rows]
        return self._keys[column]

    def _forget_keys(self, *columns: int) -> None:
        for column in columns:
            self._keys.pop(column, None)

    def _group_rank_of(self, state: DecisionState) -> int:
        """People in panel order, then unsure, then rejected, then undecided: one int, which sorts faster
        than a (group, place) tuple."""
        if state.verdict is Verdict.PERSON:
            return self._person_order.get(state.person_id, 0)
        return GROUP_AFTER_PEOPLE * {Verdict.UNSURE: 1, Verdict.REJECTED: 2}.get(state.verdict, 3)

    def _sort_key(self, column: int) -> Callable[[PaperRow], Any]:
        keys: dict[int, Callable[[PaperRow], Any]] = {
            # People in their panel order, as numbered (by text, "10 …" came before "2 …"), then unsure,
            # not this name, undecided.
            DECISION: lambda r: self._group_rank_of(self.decision(r.paper_id)),
            WARNING: lambda r: len(r.warnings),
            TITLE: lambda r: r.title.casefold(),
            YEAR: lambda r: (r.year is None, r.year or 0),
            VENUE: lambda r: (r.venue or "").casefold(),
            AUTHORS: lambda r: r.author_names.replace("\n", ", ").casefold(),
            FIT: self._fit_key,
            REVIEW_NEXT: lambda r: self._ranks.get(r.paper_id, len(self._ranks) + r.position),
        }
        return keys.get(column, lambda r: r.position)

    def _index_rows(self) -> None:
        self._undecided_rows = None  # rows moved: found again when next asked
        self._row_at, self._lookups = None, 0

    # Qt model interface ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == WARNING:
            return "Warnings about this paper"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # A constant, never a row lookup: selecting 100,000 rows asks this of every cell.
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [PAPER_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return paper_ids_mime(self.paper_ids_of_rows(rows))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def look(self, row: int, column: int) -> tuple[str, QBrush | None, QIcon | None]:
        """What a shown cell paints: its text, its verdict's tint, its icon (`gui.paper_cells`).

        The same answers as `data()` gives for those roles, in one call instead of one per role.
        """
        paper = self.paper_at(row)
        return self._display(paper, column), self._background(paper, column), self._decoration(paper, column)

    def authors_at(self, row: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """A shown row's authors and where the cluster's name is among them (`AUTHORS_ROLE`)."""
        return self._authors(self.paper_at(row), AUTHORS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The table paints through `look` (gui.paper_cells); this answers tooltips, tests and
        # accessibility. The role is looked up first: most roles asked for have nothing here.
        getter = self._ROLES.get(role)
        if getter is None:
            return None
        row, visible = index.row(), self._visible  # an invalid index has row -1
        if row < 0 or row >= len(visible):
            return None
        return getter(self, self._rows[visible[row]], index.column())

    def _display(self, row: PaperRow, column: int) -> Any:
        if column == NUMBER:
            return str(row.position + 1)
        if column == DECISION:
            return self._decision_text(row.paper_id)
        if column == WARNING:
            return "⚠" if row.warnings else ""
        if column == TITLE:
            return row.title
        if column == YEAR:
            return str(row.year) if row.year is not None else ""
        if column == VENUE:
            return row.venue or ""
        if column == AUTHORS:
            return row.author_names.replace("\n", ", ")
        if column == FIT:
            fit = self._fits.get(row.paper_id)
            if fit is None:
                return ""
            return f"{fit.score:.2f} {'in' if self._is_own(row.paper_id, fit) else '→'} {self._fit_person(fit)}"
        return None

    def _fit_key(self, row: PaperRow) -> tuple[int, int, float]:
        """Ascending, as the status line says it: the papers to place (undecided, unsure), best fit first (the key to
        press), those with no fit after them; then each person's papers in panel order, the weakest first (the papers
        to look at again), one fitting another person best before them, those with no fit after; then those not of
        this name. An undecided paper with no fit came last, and the people's papers were interleaved by score."""
        fit, state = self._fits.get(row.paper_id), self.decision(row.paper_id)
        if state.verdict is Verdict.PERSON:
            weakness = NO_FIT if fit is None else fit.score if fit.person_id == state.person_id else -fit.score
            return 1, self._person_order.get(state.person_id, 0), weakness
        if state.verdict is Verdict.REJECTED:
            return 2, 0, 0.0  # in the order they were in
        return 0, 0, NO_FIT if fit is None else -fit.score

    def _is_own(self, paper_id: int, fit: Fit) -> bool:
        """Whether the fit is the paper's with the person it is decided for (its fit there), not the best elsewhere."""
        state = self.decision(paper_id)
        return state.verdict is Verdict.PERSON and state.person_id == fit.person_id

    def _fit_person(self, fit: Fit) -> str:
        """The person a paper fits, as the people panel numbers them, so the key to press is in sight (a
        renamed person, "Lei Wang (NTU)", carries no number of its own); named as they are now."""
        return self._person_names.get(fit.person_id, fit.label)

    def _decision_text(self, paper_id: int) -> str:
        if paper_id in self._pending:  # the decision that waits first: the column's default width shows little more
            return PENDING_MARK + self._pending[paper_id]
        state = self.decision(paper_id)
        text = self._person_names.get(state.person_id, "this person") if state.verdict is Verdict.PERSON else VERDICT_TEXT.get(state.verdict, "")
        return text + NOTE_MARK if state.note else text

    def _tooltip(self, row: PaperRow, column: int) -> Any:
        if column == DECISION and row.paper_id in self._pending:
            return f"Not saved yet: {self._pending[row.paper_id]}. Namesake tries again every few seconds."
        if column == DECISION:
            return self._decision_tooltip(row.paper_id)
        if column == WARNING and row.warnings:
            return "\n".join(row.warnings)
        if column == FIT and row.paper_id in self._fits:
            fit = self._fits[row.paper_id]
            if self._is_own(row.paper_id, fit):
                return f"How it fits the other papers of {self._fit_person(fit)}, its person ({fit.score:.2f}):\n" + "\n".join(fit.reasons)
            place = self._person_order.get(fit.person_id)
            key = f"\nKey {place + 1} puts it there." if place is not None and place < 9 else ""
            return f"Fits {self._fit_person(fit)} best ({fit.score:.2f}):\n" + "\n".join(fit.reasons) + key
        if column in (TITLE, AUTHORS, VENUE):
            return self._display(row, column)
        return None

    def _decision_tooltip(self, paper_id: int) -> str | None:
        """The person's whole label (a narrow column cuts it) and the decision's note, if any."""
        state = self.decision(paper_id)
        person = self._person_names.get(state.person_id) if state.verdict is Verdict.PERSON else None
        said = [text for text in (person, state.note and f"Note: {state.note}") if text]
        return "\n".join(said) or None

    # A row whose decision waits to be saved shows that one alone, in words after ◷: the icon and tint of the saved
    # verdict it replaces read as a second decision ("✗ ◷ Cheng Chang" on a red row).
    def _decoration(self, row: PaperRow, column: int) -> Any:
        if column == DECISION and row.paper_id not in self._pending:
            return verdict_icon(self.decision(row.paper_id).verdict)
        return None

    def _background(self, row: PaperRow, column: int) -> Any:
        return None if row.paper_id in self._pending else self._tints.get(self.decision(row.paper_id).verdict)

    def _alignment(self, row: PaperRow, column: int) -> Any:
        return ALIGNMENT.get(column)

    def _foreground(self, row: PaperRow, column: int) -> Any:
        return WARNING_INK if column == WARNING else None

    def _authors(self, row: PaperRow, column: int) -> Any:
        return (row.authors, row.name_positions) if column == AUTHORS else None

    def _paper_id(self, row: PaperRow, column: int) -> Any:
        return row.paper_id

    _ROLES = {
        Qt.ItemDataRole.DisplayRole: _display,
        Qt.ItemDataRole.ToolTipRole: _tooltip,
        Qt.ItemDataRole.DecorationRole: _decoration,
        Qt.ItemDataRole.BackgroundRole: _background,
        Qt.ItemDataRole.TextAlignmentRole: _alignment,
        Qt.ItemDataRole.ForegroundRole: _foreground,
        AUTHORS_ROLE: _authors,
        PAPER_ID_ROLE: _paper_id,
    }


def undecided_flags(paper_ids: list[int], decisions: dict[int, DecisionState]) -> bytearray:
    """1 for each paper (in `paper_ids` order) with no verdict, 0 for the others; built in C."""
    states = map(decisions.get, paper_ids, repeat(UNDECIDED))
    return bytearray(map(not_, map(verdict_of, states)))


def _next_after(rows: list[int], after: int) -> int | None:
    """The first of `rows` (ascending) after `after`, wrapping round (`after` itself last); None if there are none."""
    if not rows:
        return None
    at = bisect_right(rows, after)
    return rows[at] if at < len(rows) else rows[0]


def _place(rows: list[int], row: int | None) -> int:
    """Where `row` is in `rows` (-1: nowhere)."""
    try:
        return rows.index(row) if row is not None else -1
    except ValueError:
        return -1


def _refines(terms: list[str], before: list[str]) -> bool:
    """Whether every row matching `terms` also matched `before` (each old term lives on in a new one)."""
    return bool(before) and all(any(old in new for new in terms) for old in before)
