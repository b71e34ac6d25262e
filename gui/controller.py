"""What the window's actions do, and how the panes follow the session.

The controller turns a key or a drop into one session call, then moves the
cursor; it refreshes every pane from the session's two notices
(`cluster_loaded`, `changed`). It holds no review logic of its own: that
is in `models/`, behind the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStatusBar, QTabWidget, QWidget

from gui.actions import ASSIGN_KEYS, DECIDING, MOVING, SUGGESTING, VIEWING, assign_text
from gui.cluster_list import NO_CLUSTERS, ClusterList, QtClusterListModel, status_label
from gui.detail_pane import PaperDetail
from gui.history_view import HistoryView
from gui.live_text import LiveText
from gui.note_edit import NoteDialog
from gui.papers_model import ALL, FIT, REVIEW_NEXT, View
from gui.papers_pane import PapersPane
from gui.person_dialog import PersonDialog
from gui.session import PendingChange, ReviewSession
from gui.side_panel import SidePanel
from models.errors import StepRefused
from models.history import Change, people_losing_papers
from models.outdated import outdated_by, people_standing
from models.queries import ClusterContents, ClusterSummary, PaperRow, Status
from models.review import (
    completion_note, naming_its_paper, next_to_review_note, nothing_to_save, paper_numbers, papers_count, person_meant,
    replaced_words, undone_line,
)
from models.schema import Verdict
from models.visits import Visits

RESUMED_SAID_MS = 15_000  # where a restart opened: read once the window is in sight
ORDER_SAID_MS = 10_000  # why the rows are in source order under "Review next": a line with something to do


class UndoWay(NamedTuple):
    """Undo or redo, as the status line words it."""

    which: int  # its place in `undo_redo_labels()`
    verb: str  # also its action's name, whose first shortcut the status line names
    done: str
    does: str  # what its key does to the next step


UNDO = UndoWay(0, "undo", "Undone", "takes back")
REDO = UndoWay(1, "redo", "Redone", "puts back")


@dataclass
class Panes:
    papers: PapersPane
    side: SidePanel
    clusters: ClusterList
    details: QTabWidget
    detail: PaperDetail
    history: HistoryView
    status: QStatusBar
    decided_label: LiveText


class ReviewController(QObject):
    _detail_requested = Signal()

    def __init__(self, session: ReviewSession, panes: Panes, actions: dict[str, QAction], window: QWidget):
        super().__init__(window)
        self.session = session
        self.panes = panes
        self.actions = actions
        self.window = window
        # One refresh of the detail pane per turn of the event loop, however many things asked for
        # it (a decision both changes the paper and moves the cursor on). It is a queued call, not a
        # zero timer: queued calls run before Qt's low-priority repaint request, so the next paper is
        # painted in the same frame as the decided row instead of one frame (~3 ms) later.
        self._detail_wanted = False
        self._detail_requested.connect(self._show_current_paper, Qt.ConnectionType.QueuedConnection)
        self.visits = Visits()  # the clusters opened, for Alt+Left / Alt+Right
        self._shown_cluster: int | None = None  # the cluster the papers pane shows
        self._summary: ClusterSummary | None = None  # the open cluster's counts before the latest change
        self._completion: str | None = None  # what that change said of them ("the cluster is done: ..."), if anything
        # The papers a decision by key just saved, when it moved the cursor on to an undecided paper: C notes them
        # (`note`). "Just" ends with the next key that moves the cursor or changes anything.
        self._just_decided: list[int] = []
        self._resuming: int | None = None  # the cluster shown when the last session ended, until the first one shows
        self._connect()

    def _connect(self) -> None:
        session, side, papers = self.session, self.panes.side, self.panes.papers
        session.cluster_loaded.connect(self.cluster_loaded)
        session.changed.connect(self.changed)
        side.people_model.papers_dropped.connect(self.papers_dropped)
        side.people_model.rename_requested.connect(lambda person_id, label: self.edit_person_fields(person_id, label=label))
        side.people_model.rename_refused.connect(lambda why: self._say(why, 15_000))
        side.people.person_chosen.connect(self.show_person)
        side.people.edit_requested.connect(self.edit_person)
        side.people.remove_requested.connect(self.remove_person)
        side.people.merge_requested.connect(self.merge_people)
        side.people.new_person_requested.connect(self.new_person)
        side.people.reached_by_keyboard.connect(self._select_paper_person)
        side.rows.row_selected.connect(self.select_row_papers)
        side.suggestions.chosen.connect(lambda suggestion: papers.select_papers(list(suggestion.paper_ids)))
        side.suggestions.accept_requested.connect(self.accept_suggestion)
        side.suggestions.dismiss_requested.connect(self.dismiss_suggestion)
        session.analysed.connect(self.analysed)
        session.analysis_waiting.connect(side.suggestions.show_waiting)
        session.analysis_failed.connect(side.suggestions.show_failed)
        side.suggestions.compute_requested.connect(session.analyse)
        side.suggestions.compute_requested.connect(self._show_order_state)  # after the session: it is asked now
        session.analysis_waiting.connect(lambda _papers: self._show_order_state())
        session.refreshed.connect(self.refreshed)
        session.step_refused.connect(self.show_refused)
        session.pending_changed.connect(lambda _pending: self.update_actions())  # Ctrl+Z takes a waiting change back
        session.pending_changed.connect(lambda _pending: self._refresh_detail())  # its Decision line says what waits
        side.rows.link_requested.connect(session.link_author_row)
        papers.current_paper_changed.connect(lambda _paper: self._refresh_detail())
        papers.current_paper_changed.connect(lambda _paper: self._just_decided.clear())
        papers.selection_changed.connect(lambda: self._just_decided.clear())  # the list of now: it is replaced
        papers.table.number_without_person.connect(self._say_if_no_person)
        papers.filter_edit.textChanged.connect(lambda _text: self._refresh_empty_detail())
        papers.model.filter_done.connect(self._refresh_empty_detail)
        papers.selection_changed.connect(lambda: self.update_actions(with_undo=False))
        self.panes.details.currentChanged.connect(lambda _: self._refresh_detail())

    # Deciding ----------------------------------------------------------------

    def decide(self, verdict: Verdict | None, person_id: int | None = None) -> None:
        paper_ids = self.panes.papers.selected_paper_ids()
        after = self.panes.papers.last_selected_row()
        change, waiting = self._run(lambda: self.session.decide(paper_ids, verdict, person_id))
        if waiting:  # kept to be saved later: go on working
            self._move_on(after, cleared=verdict is None)
            return
        if change is None:
            return
        if change.empty:
            self._say(self._nothing_to_save(paper_ids, verdict, person_id))
        else:
            unlisted = self._unlisted_words(paper_ids) if verdict is not None else ""
            self._say_saved(f"Saved: {self._decided(change.label, paper_ids)}{replaced_words(change, selected=len(paper_ids))}{unlisted}")
        self._move_on(after, cleared=verdict is None)
        if not change.empty and verdict is not None:
            self._just_decided = list(paper_ids)

    def _nothing_to_save(self, paper_ids: list[int], verdict: Verdict | None, person_id: int | None) -> str:
        """"Paper 2 is already Cheng Chang: nothing to save.", for a decision that changed nothing (Y on a paper already the
        first person's, U on an unsure one): it said "Saved: this person", also on a database that cannot be written."""
        meant = person_meant(verdict, person_id, self._people())
        return nothing_to_save(self._numbers_of(paper_ids), len(paper_ids), verdict, self._person_label(meant))

    def _decided(self, label: str, paper_ids: list[int]) -> str:
        """A decision's label, its paper named where it is one ("paper 5 → not this name"); the # column numbers it."""
        return naming_its_paper(label, self._numbers_of(paper_ids)) if len(paper_ids) == 1 else label

    def _unlisted_words(self, paper_ids: list[int]) -> str:
        """"; the newest import no longer lists paper 8", after a decision on such papers: a tester decided a paper
        the source had dropped, on a view that did not yet show it, and nothing said so."""
        unlisted = self.panes.papers.model.unlisted_among(paper_ids)
        if not unlisted:
            return ""
        return f"; the newest import of this cluster no longer lists {self._numbers_of(unlisted)}"

    def _numbers_of(self, paper_ids: list[int]) -> str:
        """"papers 2 and 5", as the # column numbers them, looked up in the papers model: `session.numbers_of` scans
        the cluster (4.8 ms a key at 100,000 papers)."""
        model = self.panes.papers.model
        return paper_numbers(position for position in map(model.position_of, paper_ids) if position is not None)

    def _run(self, change: Callable[[], Change | None]) -> tuple[Change | None, bool]:
        """Make a change through the session; and whether it was kept waiting (the disk refused it), which is
        said here: the reviewer goes on working, and the caller moves on as after a saved change."""
        before = len(self.session.pending)
        made = change()
        waiting = len(self.session.pending) > before
        if waiting and self.session.lost_file is not None:
            self._say("Not saved: the database file was moved or deleted (the banner says where everything saved is).")
        elif waiting:
            self._say("Not saved yet: Namesake will try again.")
        return made, waiting

    def assign(self, number: int) -> None:
        """Keys 1-9: into the n-th person of the people panel."""
        if not self._say_if_no_person(number):
            self.decide(Verdict.PERSON, self._people()[number - 1].id)

    def _say_if_no_person(self, number: int) -> bool:
        """Whether there is no n-th person, said: its key is off then, and pressing it did nothing at all."""
        if number <= len(self._people()):
            return False
        self._say(f"There is no person {number} yet: P makes one from the selected papers.")
        return True

    def new_person(self) -> None:
        paper_ids = self.panes.papers.selected_paper_ids()
        after = self.panes.papers.last_selected_row()
        change, waiting = self._run(lambda: self.session.create_person(paper_ids))
        if waiting:  # kept to be saved later: go on working, as after Y
            if paper_ids:
                self._move_on(after)
            return
        if change is not None:
            self._say_saved(f"Saved: {change.label}. Rename it with F2 in the people panel.")
            if paper_ids:
                self._move_on(after)
                self._just_decided = list(paper_ids)

    def _select_paper_person(self) -> None:
        """The people list reached by Tab selects the current paper's person: F2, Enter and the menu key then act on it."""
        paper = self.panes.papers.current_paper()
        state = self.panes.papers.model.decision(paper.paper_id if paper else -1)
        if state.verdict is Verdict.PERSON:
            self.panes.side.people.select_person(state.person_id)

    def papers_dropped(self, person_id: int | None, paper_ids: list[int]) -> None:
        change = self.session.create_person(paper_ids) if person_id is None else self.session.decide(paper_ids, Verdict.PERSON, person_id)
        if change is not None and change.empty:
            self._say(self._nothing_to_save(paper_ids, Verdict.PERSON, person_id))
        elif change is not None:
            self._say_saved(f"Saved: {self._decided(change.label, paper_ids)}")

    def note(self) -> None:
        """C: a note on the selected decided papers; right after a key decided papers and moved on, on those, whatever
        the cursor is on now (P then C refused the note, and its letters then ran as decision keys; the decision that
        finished the cluster moved on to a paper decided before, and C noted that one). The dialog and the status line
        name the papers: "Note on 1 decided paper" hid which one it was."""
        paper_ids = self.panes.papers.selected_paper_ids()
        just = self._just_decided_still()
        if just:
            decided = list(self._just_decided)
        else:
            decided = [p for p in paper_ids if self.panes.papers.model.decision(p).decided]
        if not decided:
            self._say("Decide first: a note goes with a decision.")
            return
        # A note refused as stale (another reviewer changed the paper meanwhile) comes back, as typed: it was lost.
        refused = self.session.take_refused_note(decided)
        current = refused or self.panes.papers.model.decision(decided[0]).note or ""
        # Taken before the dialog: the window may show another reviewer's change while it is open, and the
        # note is about the decision seen when it was begun.
        seen = self.session.shown_states(decided)
        numbers = self._numbers_of(decided)
        which = f"{numbers}, just decided" if just else numbers
        prompt = f"Note on {which}:" + (" your note that was not saved, offered again." if refused else "")
        dialog = NoteDialog(prompt, current, self.window)
        accepted = dialog.exec()
        dialog.deleteLater()
        if not accepted:
            return
        change, waiting = self._run(lambda: self.session.annotate(decided, dialog.note(), seen))
        if waiting or change is None:
            return
        self._say("The note is as it was: nothing to save." if change.empty else f"Saved: {change.label} ({numbers})")

    def _just_decided_still(self) -> bool:
        """Whether the papers just decided are still as that key left them, decided: a change since (an undo,
        another reviewer's) ends "just" in `changed`, this is the last look."""
        model = self.panes.papers.model
        return bool(self._just_decided) and all(model.decision(p).decided for p in self._just_decided)

    def undo(self) -> None:
        self._undo_or_redo(UNDO)

    def redo(self) -> None:
        self._undo_or_redo(REDO)

    def _undo_or_redo(self, way: UndoWay) -> None:
        """Undo or redo, if there is anything to; a refusal is said by `show_refused`, a wait by the pending banner.
        Undo takes back a change still waiting first: it is the newest, and was never written."""
        if way is UNDO and (taken := self.session.take_back_waiting()) is not None:
            self._show_taken_back(taken, "Took back the waiting change: {} (it was never saved).")
            return
        if way is REDO and (put_back := self.session.put_back_waiting()) is not None:
            taken, made = put_back
            if made:  # else its refusal was said, and the cluster shown as it is now
                self._show_taken_back(taken, "Put back the change taken back: {}.")
            return
        if not self.session.pending and self.session.undo_redo_labels()[way.which] is None:  # (a waiting change may make one)
            self._say(f"Nothing to {way.verb} in this cluster.")
            return
        change = self.session.undo() if way is UNDO else self.session.redo()
        if change is not None:
            self._show_undone(change, way.done)

    def show_refused(self, refused: StepRefused) -> None:
        """An undo or redo refused, its step left out of the history: said once, in the status line, with what
        was not undone, which papers changed and by whom, and what the key does next; the buttons follow.

        No dialog: with two reviewers on a cluster the refusal is expected, and a reviewer undoing by keyboard
        goes on with the next Ctrl+Z rather than dismiss a box first. The line stays until the next one.
        """
        way = UNDO if refused.undoing else REDO
        following = self.update_actions()[way.which]
        key = self.actions[way.verb].shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        then = f"{key} now {way.does} '{following}'." if following else f"Nothing more to {way.verb} in this cluster."
        # Short enough for the status line beside the reviewer's name at 1,500 pixels: a longer one ("…, and undo
        # never overwrites that; …") was cut before what the key does next; the README says why undo refuses.
        numbers = self.session.numbers_of(refused.paper_ids)
        which = f" ({numbers})" if numbers else ""  # none if they are in another cluster
        line = f"Not {way.done.lower()}: '{refused.label}': {refused.why}{which}; left out of your {way.verb} history. {then}"
        self.panes.status.showMessage(line)

    def _show_taken_back(self, taken: PendingChange, said: str) -> None:
        """After Ctrl+Z on a waiting change, or Ctrl+Shift+Z putting it back, put the cursor on its papers, as
        after an undo; `said` words it around the change's label."""
        self._cursor_to(taken.paper_ids)
        self._say(said.format(taken.what))

    def _show_undone(self, change: Change, done: str) -> None:
        """After undo or redo, put the cursor on the papers it changed, and say which they are and whether the table
        hides some."""
        hidden = self._cursor_to(change.decisions)
        numbers = self._numbers_of(list(change.decisions))
        self._say(undone_line(done, change.label, numbers, len(change.decisions), hidden, self.panes.papers.hidden_by()))

    def _cursor_to(self, paper_ids: Iterable[int]) -> int:
        """The cursor on the first of these papers the table shows, those the view and filter now let through brought
        in first (the papers of an undo in "Undecided"); how many of them it still hides."""
        paper_ids = list(paper_ids)
        papers = self.panes.papers
        papers.model.bring_into_view(paper_ids)
        first = papers.model.first_row_of(paper_ids)
        if first is not None:
            papers.set_current_row(first)
        if not papers.hidden_by():
            return 0
        return sum(papers.model.row_of(paper_id) is None for paper_id in paper_ids)

    def _move_on(self, after: int, cleared: bool = False) -> None:
        """After a decision by key, on to the next paper, and the papers take the focus (see `move_among_papers`)."""
        if cleared:
            self.panes.papers.set_current_row(after)
        else:
            self.panes.papers.go_to_next_undecided(after_row=after)
        self.panes.papers.table.setFocus()

    def move_among_papers(self, move: Callable[[], None]) -> None:
        """J, K and Ctrl+J move in the papers table wherever the focus is, and bring the focus to it: left in the
        people list (after a rename or merge), ↑↓ and Shift+↓ moved the people while J and the decision keys
        moved and decided the papers, so a selection extended by Shift+↓ was never the one decided."""
        move()
        self.panes.papers.table.setFocus()

    def next_to_review(self) -> None:
        """Ctrl+J: the next undecided paper, else the next unsure one, saying so; with neither, why (done, or hidden)."""
        papers = self.panes.papers
        found = papers.go_to_next_to_review()
        papers.table.setFocus()  # as J and K bring it back (`move_among_papers`)
        current = papers.current_paper()
        numbers = paper_numbers([current.position]) if current else ""
        left = self.session.contents.cluster
        said = next_to_review_note(found, numbers, left, papers.hidden_by(self._view_hides_waiting(left)))
        if said:
            self._say(said)

    def _view_hides_waiting(self, left: ClusterSummary) -> bool:
        """Whether the view keeps out some of the papers Ctrl+J looks for, undecided or unsure: "Undecided" with no
        unsure paper left, or "Unsure" with no undecided one, hides none of them."""
        kind = self.panes.papers.model.view.kind
        undecided = left.papers - left.decided
        return not ((kind == "undecided" and not left.unsure) or (kind == "unsure" and not undecided))

    def sort_by(self, column: int) -> None:
        """View → Sort by a column (Ctrl+T: Fit), as a click on its header sorts; the current paper stays in sight."""
        papers = self.panes.papers
        papers.set_order(column)
        papers.table.setFocus()
        if column != FIT:
            return
        if papers.model.has_fits():
            self._say("Sorted by Fit: the papers to place first (best fit first), then each person's papers, weakest first.")
        else:
            self._say("Sorted by Fit, but no paper has a fit yet: they come with the suggestions' analysis (Ctrl+T again then).")

    # Suggestions ---------------------------------------------------------------

    def accept_suggestion(self, suggestion=None, person_id: int | None = None) -> None:
        suggestion = suggestion or self.panes.side.suggestions.current_or_first()
        if suggestion is None:
            self._say(self._no_suggestion("accept"))
            return
        change, waiting = self._run(lambda: self.session.accept_suggestion(suggestion, person_id))
        if waiting:  # kept to be saved later: go on working, as after Y and P
            self._move_past(set(suggestion.paper_ids))
        elif change is not None:
            self._say_saved(f"Accepted: {change.label}.{self._next_group()}")  # and `changed` took the group off the list
            self._move_on_from_current()

    def _move_on_from_current(self) -> None:
        """To the next undecided paper, as after Y; the current paper if it is still undecided (a group A
        accepted need not hold it). The cursor stayed on the paper A decided, and the next key changed it."""
        papers = self.panes.papers
        row = papers.table.currentIndex().row()
        if row >= 0:
            papers.go_to_next_undecided(after_row=row - 1)

    def _move_past(self, waiting: set[int]) -> None:
        """To the next undecided paper after the current one that is not among `waiting` (shown undecided until
        they are saved): a rare path, so a walk over the rows, not the model's list of undecided rows."""
        papers, model = self.panes.papers, self.panes.papers.model
        start = max(papers.table.currentIndex().row(), 0)
        for step in range(model.rowCount()):
            row = (start + step) % model.rowCount()
            paper = model.paper_at(row)
            if paper.paper_id not in waiting and not model.decision(paper.paper_id).decided:
                papers.set_current_row(row)
                return

    def dismiss_suggestion(self, suggestion=None) -> None:
        suggestion = suggestion or self.panes.side.suggestions.current_or_first()
        if suggestion is None:
            self._say(self._no_suggestion("dismiss"))
            return
        if self.session.dismiss_suggestion(suggestion) is not None:
            self.panes.side.suggestions.forget(lambda shown: shown.paper_ids == suggestion.paper_ids)
            self._drop_group_selection(suggestion.paper_ids)
            dismissed = f"Dismissed a group of {papers_count(len(suggestion.paper_ids))}; it will not be suggested again (Ctrl+Z brings it back)."
            self._say(dismissed + self._next_group())

    def _drop_group_selection(self, group: frozenset[int]) -> None:
        """After D on a group whose papers the table selects, only the current paper stays selected: the next key
        decided the whole dismissed group ("Saved: 10 papers → not this name", a tester), as after A it does not."""
        papers = self.panes.papers
        selected = papers.selected_paper_ids()
        if len(selected) > 1 and set(selected) <= set(group):
            papers.set_current_row(papers.table.currentIndex().row())

    def _next_group(self) -> str:
        """After A or D the list's cursor is on the group that followed, which the next A or D takes: said, since the
        table does not show its papers (a tester's A took a group they had not looked at)."""
        heading = self.panes.side.suggestions.current_heading()
        return f" A or D now takes the next group: {heading}." if heading else ""

    def _no_suggestion(self, verb: str) -> str:
        if self.panes.side.suggestions.computing:
            return f"No suggestion to {verb} yet: they are being computed for this cluster."
        return f"No suggestion to {verb}."

    def analysed(self, analysis) -> None:
        contents = self.session.contents
        undecided = contents.cluster.papers - contents.cluster.decided
        self.panes.side.suggestions.show_suggestions(analysis.suggestions, contents.people, analysis.seconds, undecided, analysis.behind)
        self.panes.papers.model.set_fits(analysis.best_fits)
        self.panes.papers.set_review_order(analysis.review_order)
        self._show_order_state()
        self._refresh_detail()
        self.update_actions()

    def _show_order_state(self) -> None:
        """In a cluster too big to analyse unasked, the order box says whether the review-next order waits for the
        reviewer to ask for suggestions, or for the suggestions asked for; sorted by it, the status line says why
        the rows are in source order, once. A smaller cluster's order comes within seconds, unsaid."""
        papers, session = self.panes.papers, self.session
        if papers.model.review_order_known or not session.analysed_when_asked:
            papers.set_order_note("", "")
            return
        size = f"{session.contents.cluster.papers:,}"
        if session.waits_to_be_asked:
            why = (f"Review next waits for the suggestions, which a cluster of {size} papers gets only when asked: "
                   "“Compute suggestions” in the Suggestions panel brings them, and the rows follow.")
            if papers.set_order_note("waits for suggestions", why) and papers.model.sort_column == REVIEW_NEXT:
                self._say(why, ORDER_SAID_MS)
            return
        why = "Review next comes with the suggestions being computed (the Suggestions panel counts the seconds); the rows follow."
        papers.set_order_note("computing…", why)

    # People and author rows ----------------------------------------------------

    def show_person(self, person_id: int) -> None:
        self.panes.papers.show_view(View("person", person_id))
        self.panes.papers.table.setFocus()

    def show_view(self, view: View) -> None:
        self.panes.papers.show_view(view)
        self.panes.papers.table.setFocus()

    def edit_person(self, person_id: int) -> None:
        person = next((p for p in self.session.contents.people if p.id == person_id), None)
        if person is None:
            return
        dialog = PersonDialog(person, self.window)
        if dialog.exec():
            self.edit_person_fields(person_id, **dialog.fields())

    def edit_person_fields(self, person_id: int, **fields: str) -> None:
        """A rename (F2 in the list) or the profile dialog's fields; the status line says it (a rename said nothing)."""
        before = self._person_label(person_id)
        change = self.session.edit_person(person_id, **fields)
        if change is not None:
            self._say(f"{before} is as it was: nothing to save." if change.empty else edited_message(before, self._person_label(person_id)))

    def _people(self) -> list:
        """The open cluster's people, in the people panel's order (none before a cluster is open)."""
        return self.session.contents.people if self.session.contents else []

    def _person_label(self, person_id: int) -> str:
        return next((p.label for p in self._people() if p.id == person_id), "?")

    def merge_people(self, keep_id: int, merged_id: int) -> None:
        """Merge from the people's menu; then the kept person is selected in the list, which keeps the focus, so F2,
        Enter and the menu key act on it at once (after a merge nothing was selected, and no line said it was done)."""
        merged, kept = self._person_label(merged_id), self._person_label(keep_id)
        change = self.session.merge_people(keep_id, merged_id)
        if change is None:
            return
        people = self.panes.side.people
        people.select_person(keep_id)
        people.setFocus(Qt.FocusReason.OtherFocusReason)
        holds = next((p.papers for p in self._people() if p.id == keep_id), 0)
        self._say(merged_message(merged, kept, len(change.decisions), holds))

    def remove_person(self, person_id: int) -> None:
        label = self._person_label(person_id)
        change = self.session.remove_person(person_id)
        if change is not None:
            self._cursor_to(change.decisions)  # on the papers now undecided: it stayed on the paper it was on
            # Its papers named, as its undo names them: "its papers" did not say which the table now shows undecided.
            numbers = self._numbers_of(list(change.decisions))
            which = f"{numbers} {'is' if len(change.decisions) == 1 else 'are'}" if numbers else "its papers are"
            self._say(f"Removed {label}: {which} undecided again (Ctrl+Z brings it back)")

    def select_row_papers(self, row_id: int) -> None:
        contents = self.session.contents
        paper_ids = [p.paper_id for p in contents.papers if row_id in p.name_row_ids] if contents else []
        if not paper_ids:
            self._say("The source does not say which papers this author row wrote.")
            return
        shown = self.panes.papers.select_papers(paper_ids)
        hidden = len(paper_ids) - shown
        self._say(f"Selected {papers_count(shown)} of this author row" + (f" ({hidden} hidden by the view or filter)" if hidden else ""))

    # Clusters ------------------------------------------------------------------

    def next_cluster(self) -> None:
        current = self.session.cluster.id if self.session.cluster else None
        listed = self.panes.clusters.model
        cluster = listed.next_open(current)
        if cluster is None:
            self._say(_all_done_message(listed))
            return
        self.session.open_cluster(cluster.id)

    def back_cluster(self) -> None:
        self._revisit(self.visits.back(self.panes.clusters.model.holds), "No cluster was opened before this one.")

    def forward_cluster(self) -> None:
        self._revisit(self.visits.forward(self.panes.clusters.model.holds), "No cluster to go forward to: Alt+Left goes back first.")

    def _revisit(self, cluster_id: int | None, nothing: str) -> None:
        if cluster_id is None:
            self._say(nothing)
            return
        self.session.open_cluster(cluster_id)

    def resume_in(self, last_open: int | None) -> None:
        """The session starts in `last_open`, the cluster shown when the last one ended: said as it shows."""
        self._resuming = last_open

    def _say_where_resumed(self, cluster: ClusterSummary) -> None:
        """Where a restart opened, and why: it opened another cluster with an empty status line, and the reviewer's
        Ctrl+Shift+Z meant for the cluster they had left redid a step there."""
        resuming, self._resuming = self._resuming, None
        if resuming != cluster.id:  # a first run, or a cluster gone since: the first not done, in the title
            return
        done = cluster.status is Status.DONE
        if not done and self.panes.status.currentMessage():  # why the rows wait for review-next order: the title names the cluster
            return
        done = " (done): Ctrl+N opens the next cluster not done." if done else "."
        self._say(f"Back in {cluster.name}, where you left off{done}", RESUMED_SAID_MS)

    def forget_visits(self) -> None:
        """Another database (a restored backup): its ids may name other clusters and papers."""
        self.visits = Visits()
        self._shown_cluster = None

    # Following the session ---------------------------------------------------------

    def cluster_loaded(self, contents: ClusterContents) -> None:
        self._just_decided = []
        papers = self.panes.papers
        self._note_paper_left(contents.cluster.id)
        # However it is opened again (Alt+Left, Ctrl+N, the list, a restart), on the paper left there: it opened on the
        # first undecided one, and a curator reading down 20,000 papers from row 18 lost their place.
        back_to = self.visits.paper_left_in(contents.cluster.id)
        self.window.setWindowTitle(window_title(contents.cluster.name, bool(self.session.why_read_only), self.session.lost_file is not None))
        papers.model.set_contents(contents)
        papers.open_in_source_order_if_by_fit()
        papers.set_people(contents.people)
        papers.show_view(ALL)
        self._show_order_state()
        # Another cluster opens on its evidence: the History tab left open stayed, cluster after cluster.
        self.panes.details.setCurrentWidget(self.panes.detail)
        self.panes.side.show_contents(contents)
        self.panes.side.suggestions.show_computing()
        self.panes.clusters.select_cluster(contents.cluster.id)
        self.visits.opened(contents.cluster.id)
        self._summary, self._completion = contents.cluster, None
        if back_to is None or not papers.go_to_paper(back_to):
            papers.go_to_first_undecided()
        papers.filter_applied()  # a filter typed while the cluster opened: its count was the last cluster's ("11 of 41")
        if not papers.filter_edit.hasFocus():  # its last letters went to the table
            papers.table.setFocus()
        self._show_progress(contents)
        self.update_actions()
        self._say_where_resumed(contents.cluster)

    def _note_paper_left(self, opening: int) -> None:
        """The paper current in the cluster shown, as a cluster opens (another one, or it again): it opens on it
        when the reviewer comes back."""
        paper_id = self.panes.papers.reviewers_paper()
        if self._shown_cluster is not None and paper_id is not None:
            self.visits.left(self._shown_cluster, paper_id)
        self._shown_cluster = opening

    def refreshed(self, contents: ClusterContents, by: str, imported: bool = False) -> None:
        """Show the cluster read again (changed elsewhere, or by an import), keeping this reviewer's view and place."""
        self._just_decided = []
        papers = self.panes.papers
        # After a change refused as stale (a Ctrl+A with one paper changed elsewhere) the reviewer decides again
        # at once, and an import decides nothing: the selection stays. Not after others' changes alone: a key would
        # then overwrite them unseen.
        place = papers.place(with_selection=self.session.take_selection_stands())
        view, grouped, column = papers.model.view, papers.model.grouped, papers.model.sort_column
        papers.model.set_contents(contents)
        papers.set_people(contents.people)
        papers.model.set_view(view if view.kind != "person" or any(p.id == view.person_id for p in contents.people) else ALL, grouped)
        if column is not None:
            papers.model.sort(column)
        self._show_order_state()  # the order of the cluster before the reload is gone with it
        self.panes.side.show_contents(contents)
        self.panes.side.suggestions.show_computing()
        self.panes.clusters.model.update_cluster(contents.cluster)
        self._summary, self._completion = contents.cluster, None
        papers.return_to(place)
        self._show_progress(contents)
        self.update_actions()
        if imported:
            current = papers.reviewers_paper()
            self._say(reloaded_after_import(contents.cluster.name, by, self._numbers_of([current]) if current is not None else ""), 15_000)
        elif by:
            self._say(f"Updated with changes made elsewhere by {by}.")

    def changed(self, change: Change) -> None:
        self._just_decided = []  # any change ends "just decided"; the decision setting it sets it after this
        contents = self.session.contents
        self._completion = completion_note(self._summary, contents.cluster)
        self._summary = contents.cluster
        self.panes.papers.model.apply_change(change, contents)
        self.panes.papers.decided(change.decisions)
        if change.people:
            self.panes.papers.set_people(contents.people)
        else:  # the first decision widens the Decision column; the last one cleared narrows it
            self.panes.papers.fit_decision_column()
        self.panes.clusters.model.update_cluster(contents.cluster)
        self.panes.side.apply_change(change, contents)
        self._forget_outdated_suggestions(change, contents)
        self._refresh_detail()
        self._show_progress(contents)
        self.update_actions()

    def _forget_outdated_suggestions(self, change: Change, contents: ClusterContents) -> None:
        """Groups holding a paper the change decided, or extending a person that is gone or lost papers to it
        (their evidence counted papers it no longer holds: an undo left them, and A accepted one)."""
        standing = people_standing((person.id for person in contents.people), people_losing_papers(change))
        self.panes.side.suggestions.forget(outdated_by(change.decisions.keys(), standing))

    def _refresh_detail(self) -> None:
        """Show the current paper once the present event is handled (see `__init__`)."""
        if not self._detail_wanted:
            self._detail_wanted = True
            self._detail_requested.emit()

    def _refresh_empty_detail(self) -> None:
        """With no paper shown, each key typed in the filter changes why: the detail pane says it again."""
        if self.panes.papers.current_paper() is None:
            self._refresh_detail()

    def _show_current_paper(self) -> None:
        self._detail_wanted = False
        self.show_paper(self.panes.papers.current_paper())

    def show_paper(self, paper: PaperRow | None) -> None:
        model = self.panes.papers.model
        if self.panes.details.currentWidget() is self.panes.history:
            labels = {p.id: p.label for p in self.session.contents.people} if self.session.contents else {}
            entries = self.session.paper_history(paper.paper_id) if paper else []
            self.panes.history.show_history(paper.title if paper else None, entries, labels)
            return
        state = model.decision(paper.paper_id) if paper else model.decision(-1)
        analysis = self.session.analysis
        fits = analysis.evidence.shown_fits(paper) if analysis and paper else None
        abstract = self.session.abstract(paper.paper_id) if paper and paper.has_abstract else None
        if paper is None:
            self.panes.detail.say_why_empty(self.panes.papers.why_no_paper())
        waiting = model.waiting_decision(paper.paper_id) if paper else None
        self.panes.detail.show_paper(paper, state, model.person_label(state.person_id), fits, abstract, waiting)

    def toggle_history(self) -> None:
        """Ctrl+H: the History tab; again, back to the Paper tab (there was no key back to it)."""
        details = self.panes.details
        details.setCurrentWidget(self.panes.detail if details.currentWidget() is self.panes.history else self.panes.history)

    def _show_progress(self, contents: ClusterContents) -> None:
        cluster = contents.cluster
        self.panes.decided_label.setText(f"{cluster.decided:,} of {cluster.papers:,} decided")

    def update_actions(self, with_undo: bool = True) -> tuple[str | None, str | None]:
        """Enable what applies; `with_undo` also asks the store what undo and redo would do (their labels,
        returned; without it, (None, None))."""
        has_papers = self.session.contents is not None and self.panes.papers.model.rowCount() > 0
        for name in DECIDING + MOVING:
            self.actions[name].setEnabled(has_papers)
        for name in VIEWING:
            self.actions[name].setEnabled(self.session.contents is not None and self.panes.papers.model.total > 0)
        self._update_assigning(has_papers)
        self.actions["export"].setEnabled(self.session.contents is not None)
        self.actions["back_cluster"].setEnabled(self.visits.can_go_back)
        self.actions["forward_cluster"].setEnabled(self.visits.can_go_forward)
        has_suggestions = self.panes.side.suggestions.model.rowCount() > 0
        for name in SUGGESTING:
            self.actions[name].setEnabled(has_suggestions)
        if not with_undo:  # moving between papers changes nothing undo can do
            return None, None
        undo, redo = self.session.undo_redo_labels()
        waiting = self.session.waiting_to_take_back()
        if waiting is not None:  # Ctrl+Z takes it back first
            undo = f"{waiting.what} (not saved yet)"
        if (taken := self.session.waiting_to_put_back()) is not None:  # Ctrl+Shift+Z puts it back first
            redo = f"{taken.what} (never saved)"
        # While changes wait, an undo waits too if none can be taken back (it may have one to undo once they are saved).
        self.actions["undo"].setEnabled(undo is not None or bool(self.session.pending))
        self.actions["redo"].setEnabled(redo is not None)
        self.actions["undo"].setText(f"&Undo {undo}" if undo else "&Undo")
        self.actions["redo"].setText(f"&Redo {redo}" if redo else "&Redo")
        return undo, redo

    def _update_assigning(self, has_papers: bool) -> None:
        """Keys 1-9 name their people in the Decide menu, which lists none beyond the people there are (greyed,
        "To person 2" to "To person 9" stood under one person); such a key says there is no such person yet."""
        people = self._people()
        for number in range(1, ASSIGN_KEYS + 1):
            person = people[number - 1] if number <= len(people) else None
            action = self.actions[f"assign_{number}"]
            action.setEnabled(has_papers and person is not None)
            action.setVisible(person is not None)
            text = assign_text(number, person.label if person else None)
            if action.text() != text:  # asked at every move between papers: a menu is told only of a change
                action.setText(text)

    def _say_saved(self, what: str) -> None:
        """What was saved; and, when that change decided the cluster's last paper, where to go next (the
        reviewer of hundreds of small clusters works in a rhythm of Y, Ctrl+N), or that unsure ones keep it open."""
        self._say(f"{what} — {self._completion}" if self._completion else what)

    def _say(self, message: str, for_ms: int = 5000) -> None:
        self.panes.status.showMessage(message, for_ms)


def reloaded_after_import(cluster_name: str, by: str, current: str) -> str:
    """What the status line says of the open cluster read again after another program's import changed it: the
    papers, their numbers, warnings and the declared count may all differ from a moment ago."""
    also = f"; with changes made elsewhere by {by}" if by else ""
    place = f" You are still on {current}." if current else ""
    return f"Reloaded {cluster_name}: another program imported into it (papers, their listing or its counts changed){also}.{place}"


def window_title(cluster_name: str | None, read_only: bool, lost: bool = False) -> str:
    """"Namesake — Lei Wang", marked "(read-only)" while the database cannot be written, "(not saving)" once its
    file was moved or deleted while open (`ReviewSession.lost_file`)."""
    title = f"Namesake — {cluster_name}" if cluster_name else "Namesake"
    if lost:
        return f"{title} (not saving)"
    return f"{title} (read-only)" if read_only else title


def merged_message(merged: str, kept: str, moved: int, holds: int) -> str:
    """"Merged Lei Wang (3) into Lei Wang: 2 papers moved, Lei Wang now holds 8 papers". The moved papers alone, in
    brackets after the kept person's label, read as that person's total ("Lei Wang (8 papers)")."""
    return f"Merged {merged} into {kept}: {papers_count(moved)} moved, {kept} now holds {papers_count(holds)}"


def edited_message(before: str, after: str) -> str:
    """"Renamed Lei Wang (2) to Lei Wang (NTU)"; a profile saved under the same label says so."""
    return f"Renamed {before} to {after}" if after != before else f"Saved: the profile of {after}"


def _all_done_message(listed: QtClusterListModel) -> str:
    """What Ctrl+N says with no cluster left to open. A name left in the filter by Ctrl+L is named:
    "the filter shows" alone read as if every cluster were done, with hundreds still open. A name no
    cluster has is said as such: it read 'Every other cluster with "zzzqqq" in its name is done'."""
    name_filter = listed.name_filter
    if not listed.clusters_listed:
        return NO_CLUSTERS  # it said every other cluster was done, in an empty database
    if not listed.filtered:
        return "Every other cluster is done."
    if name_filter and not listed.named_anywhere():
        return f'No cluster name contains "{name_filter}": the list shows none (Ctrl+L, then Esc, clears it).'
    if not listed.rowCount() and listed.status_filter is not None:
        hidden = f'every cluster with "{name_filter}" in its name' if name_filter else "every cluster"
        return f"The cluster list shows none: the status filter '{status_label(listed.status_filter)}' hides {hidden}."
    if not name_filter:
        return "Every other cluster the filter shows is done; the cluster list's status filter hides the rest."
    return f'Every other cluster with "{name_filter}" in its name is done; the cluster filter hides the rest (Ctrl+L, then Esc, clears it).'
