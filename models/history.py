"""The review log: every reviewer action with its changes, and undo and redo over it.

An `Action` collects what one reviewer action changed inside the caller's
transaction: decisions on papers, and entities (people, author-row links)
as JSON before and after. `finish()` logs it (`review_action`,
`decision_change`, `entity_change`, append-only) and puts it on the
cluster's undo stack. Undo writes back the old states, redo the new ones;
both are logged actions too, so the log tells the whole story and survives
restarts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Callable, Iterable

from sqlalchemy import Connection, String, bindparam, delete, func, insert, literal_column, select, update

from models import person_labels
from models.counting import listed
from models.db import Prepared, insert_many, json_ids, prepared_insert, value_reader
from models.errors import ConflictError, NamesakeError, StepRefused
from models.schema import AuthorRowLink, Decision, DismissedGroup, DecisionChange, EntityChange, Person, ReviewAction, UndoStep, Verdict

if TYPE_CHECKING:
    from models.known_states import KnownStates


class StatesChanged(NamesakeError):
    """The decision table did not hold the states a write was given as current (nothing was written)."""


@dataclass(frozen=True)
class DecisionState:
    verdict: Verdict | None = None
    person_id: int | None = None
    note: str | None = None

    @property
    def decided(self) -> bool:
        return self.verdict is not None


UNDECIDED = DecisionState()
# The kind of action a profile edit or rename is logged as: its undo says what it puts back (`_edit_put_back`).
EDIT_PERSON = "edit person"
# Papers going from one state to one new state: ((old, new), paper ids).
StateGroup = tuple[tuple[DecisionState, DecisionState], list[int]]
# A state's verdict, read in C by map(): scans of 10,000 states without a Python call each.
verdict_of = attrgetter("verdict")


def state_of(verdict: str | None, person_id: int | None, note: str | None = None) -> DecisionState:
    return DecisionState(Verdict(verdict) if verdict else None, person_id, note)


def shared_state_of() -> Callable[[str | None, int | None, str | None], DecisionState]:
    """`state_of` making one object per distinct state: the 10,000 rejections of a cluster share one.

    Shared states take less memory, and a bulk decision groups its papers
    by their states' identity, comparing values once a group.
    """
    made: dict[tuple, DecisionState] = {}

    def shared(verdict: str | None, person_id: int | None, note: str | None = None) -> DecisionState:
        key = (verdict, person_id, note)
        state = made.get(key)
        if state is None:
            state = made[key] = state_of(verdict, person_id, note) if verdict else UNDECIDED
        return state

    return shared


@dataclass(frozen=True)
class Change:
    """What one operation changed, so each view refreshes only that."""

    cluster_id: int
    decisions: dict[int, DecisionState] = field(default_factory=dict)  # paper id -> new state
    people: bool = False  # people were created, edited, merged or removed
    author_rows: bool = False  # what an author row is was changed
    dismissals: bool = False  # a suggested group was dismissed (or brought back)
    clusters: bool = False  # clusters were added or their papers changed
    label: str = ""  # what was done, for a status line
    action_id: int | None = None  # the logged action, so a window knows its own changes
    before: dict[int, DecisionState] = field(default_factory=dict)  # paper id -> its state before (the papers of `decisions`)

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.people or self.author_rows or self.clusters or self.dismissals)


def merge_decisions(decisions: dict[int, DecisionState], changes: dict[int, DecisionState]) -> None:
    """Bring a map of decided papers (undecided ones absent) up to `changes` (paper id -> new state).

    Merged and scanned in C: a bulk change of 10,000 papers without a Python step each.
    """
    decisions.update(changes)
    if None in map(verdict_of, changes.values()):
        for paper_id in [paper_id for paper_id, state in changes.items() if state.verdict is None]:
            del decisions[paper_id]


def people_moved(decisions: dict[int, DecisionState], changes: dict[int, DecisionState]) -> dict[int, int]:
    """Person id -> papers it gains (or loses, negative) when `changes` are merged into `decisions`.

    Looked at paper by paper only if a person is involved: the test runs in C
    (a bulk rejection of 10,000 papers: ~0.5 ms instead of ~4).
    """
    before = [state for state in map(decisions.get, changes) if state is not None]
    if Verdict.PERSON not in map(verdict_of, before) and Verdict.PERSON not in map(verdict_of, changes.values()):
        return {}
    moved: dict[int, int] = {}
    for paper_id, state in changes.items():
        old = decisions.get(paper_id)
        if old is not None and old.verdict is Verdict.PERSON:
            moved[old.person_id] = moved.get(old.person_id, 0) - 1
        if state.verdict is Verdict.PERSON:
            moved[state.person_id] = moved.get(state.person_id, 0) + 1
    return moved


def people_losing_papers(change: Change) -> set[int]:
    """The people the change took papers from (an undo of papers put into one, a decision moving them on).

    A group suggested to join such a person rested on papers it no longer holds: after Ctrl+Z of
    "7,356 papers → Wei J. Zhang (2)" the list still offered "2,641 papers → Wei J. Zhang (2): joins a
    person you made (7,356 papers decided, …)", and A accepted it. Scanned in C unless a person lost any.
    """
    if Verdict.PERSON not in map(verdict_of, change.before.values()):
        return set()
    return {
        old.person_id for paper_id, old in change.before.items()
        if old.verdict is Verdict.PERSON and change.decisions[paper_id].person_id != old.person_id
    }


def decided_before(change: Change) -> int:
    """How many of the change's papers had a decision before it, which it replaced (counted in C)."""
    before = change.before.values()
    return len(before) - list(map(verdict_of, before)).count(None)


def verdicts_moved(decisions: dict[int, DecisionState], changes: dict[int, DecisionState]) -> Counter:
    """Verdict -> papers it gains (or loses, negative) when `changes` are merged into `decisions`
    (counted in C; undecided is not counted)."""
    moved = Counter(map(verdict_of, changes.values()))
    moved.subtract(map(verdict_of, filter(None, map(decisions.get, changes))))
    del moved[None]
    return moved


class Action:
    """The changes of one reviewer action, written as they are made, logged at the end."""

    def __init__(
        self, conn: Connection, cluster_id: int, kind: str, reviewer: str, at: datetime, label: str = "",
        known: KnownStates | None = None,
    ):
        self.conn = conn
        self.known = known  # the cluster's states as the store knows them, checked valid for this transaction
        self.cluster_id = cluster_id
        self.kind = kind
        self.reviewer = reviewer
        self.at = at
        # Who and when a verdict this action writes is said to be by: its own reviewer and time, but a
        # redo's are the redone action's (it is that verdict again, as the exports give it).
        self.decided_by, self.decided_at = reviewer, at
        self.label = label
        self._first: dict[int, DecisionState] = {}  # paper id -> its state before this action
        self._last: dict[int, DecisionState] = {}  # paper id -> its state now
        # Paper id -> (reviewer, time) of its decision before this action, as stored, for the papers
        # decided before it (one tuple shared by the papers of one verdict): the log keeps them, so
        # that an undo puts back the verdict's own. Not read for an undo or redo, which is never undone
        # itself (its log rows keep them empty): 8 ms of undoing 10,000 decided papers.
        self.keeps_provenance = True
        self._provenance: dict[int, tuple[str, str]] = {}
        # The (old, new) groups written so far, while no paper has been written twice (then None):
        # what the log needs, without grouping 10,000 papers a second time.
        self._groups: list[StateGroup] | None = []
        self._texts: dict[int, tuple[list[int], str]] = {}  # id of a list of paper ids -> (it, as JSON)
        self.entities: list[tuple[str, str, dict | None, dict | None]] = []

    # Making changes ------------------------------------------------------

    def known_states(self, paper_ids: Iterable[int]) -> dict[int, DecisionState] | None:
        """The papers' states as the store knows them, with this action's own changes; None if not all are known."""
        states = self.known.states_of(paper_ids) if self.known is not None else None
        if states is not None and self._last:
            for paper_id in states.keys() & self._last.keys():
                states[paper_id] = self._last[paper_id]
        return states

    def set_decisions(self, current: dict[int, DecisionState], target: dict[int, DecisionState]) -> None:
        """Write `target` states for the papers whose `current` state differs."""
        self.set_groups(_by_states((current[paper_id], new, paper_id) for paper_id, new in target.items()), current)

    def set_groups(self, groups: list[StateGroup], current: dict[int, DecisionState]) -> None:
        """Write the new state of each group of papers ((old, new), paper ids) where it differs from the old.

        `current`: every paper's state before (for the log). Groups of equal
        states are written as one; compared once a group, not once a paper.
        """
        if len(groups) > 1 and _repeats_states(groups):  # equal states in distinct objects: group paper by paper
            new_of = {paper_id: new for (_old, new), paper_ids in groups for paper_id in paper_ids}
            groups = _by_states((state, new_of[paper_id], paper_id) for paper_id, state in current.items() if paper_id in new_of)
        groups = [(states, paper_ids) for states, paper_ids in groups if _differ(*states)]
        if not groups:
            return
        changed: dict[int, DecisionState] = {}
        for (_old, new), paper_ids in groups:
            changed.update(dict.fromkeys(paper_ids, new))
        self._remember_provenance(groups)
        first = self._first
        if self._last:
            if not changed.keys().isdisjoint(self._last):
                self._groups = None  # a paper changed twice: the log groups by first and last state
            new_ones = changed.keys() - first.keys()
            first.update(zip(new_ones, map(current.__getitem__, new_ones)))
        else:
            first.update(zip(changed, map(current.__getitem__, changed)))
        self._last.update(changed)
        if self._groups is not None:
            self._groups.extend(groups)
        write_groups(self.conn, self.cluster_id, groups, self.decided_by, self.decided_at, self._ids_json)

    def _remember_provenance(self, groups: list[StateGroup]) -> None:
        """Read who decided the papers this action is the first to overwrite, and when, before it does.

        Only papers decided before are read (a bulk decision of undecided papers reads nothing); the
        known states (`models.known_states`) hold no reviewer or time, so this reads the table either way.
        Read as the papers of each (reviewer, time), a JSON array each: the 10,000 papers of one bulk
        decision come as one row, not 10,000 (a bulk decision over them: 8-9 ms more instead of ~60).
        """
        if not self.keeps_provenance:
            return
        for (old, _new), paper_ids in groups:
            if not old.decided:
                continue
            if self._first:  # a paper this action wrote before was read then, or was undecided
                paper_ids = [paper_id for paper_id in paper_ids if paper_id not in self._first]
            if paper_ids:
                for reviewer, at, papers in _PROVENANCE_OF.rows(self.conn, cluster=self.cluster_id, ids=self._ids_json(paper_ids)):
                    self._provenance.update(dict.fromkeys(json.loads(papers), (reviewer, at)))

    def _ids_json(self, paper_ids: list[int]) -> str:
        """The papers as a JSON array, made once for the decisions and the log (10,000 ids: ~1.3 ms)."""
        found = self._texts.get(id(paper_ids))
        if found is None:  # the list is kept with its text, so its id cannot be another list's
            found = self._texts[id(paper_ids)] = (paper_ids, json.dumps(paper_ids))
        return found[1]

    def change_entity(self, entity: str, key: str, old: dict | None, new: dict | None) -> None:
        if old == new:
            return
        self.entities.append((entity, key, old, new))
        write_entity(self.conn, entity, key, new)

    # Logging ---------------------------------------------------------------

    @property
    def empty(self) -> bool:
        return not self._last and not self.entities

    def finish(self, target: int | None = None, undoable: bool = True) -> Change:
        """Log the action (if it changed anything) and return what changed."""
        if self._groups is not None:  # every paper written once, each with a new state
            decisions, groups, before = dict(self._last), self._groups, dict(self._first)
        else:  # some written twice: a paper put back as it was is no change
            first = self._first
            decisions = {paper_id: new for paper_id, new in self._last.items() if _differ(first[paper_id], new)}
            groups = _by_states((first[paper_id], new, paper_id) for paper_id, new in decisions.items())
            before = {paper_id: first[paper_id] for paper_id in decisions}
        if not decisions and not self.entities:
            return Change(self.cluster_id)
        action_id = self._log(target, groups)
        if undoable:  # a new action ends what could be redone
            _DROP_REDO.execute(self.conn, cluster=self.cluster_id, reviewer=self.reviewer)
            _PUSH_UNDO.execute(self.conn, action=action_id, cluster=self.cluster_id, reviewer=self.reviewer)
        entities = {entity for entity, _, _, _ in self.entities}
        return Change(
            self.cluster_id, decisions, people="person" in entities, author_rows="author_row_link" in entities,
            dismissals="dismissal" in entities, label=self.label, action_id=action_id,
            before=before,
        )

    def _log(self, target: int | None, groups: list[StateGroup]) -> int:
        action_id = prepared_insert(ReviewAction.__table__, LOGGED_ACTION_COLUMNS).inserted_id(
            self.conn, cluster_id=self.cluster_id, kind=self.kind, label=self.label, target_id=target,
            reviewer=self.reviewer, at=self.at,
        )
        for (old, new), paper_ids in groups:
            states = {
                "action": action_id, "old_verdict": _text(old.verdict), "old_person": old.person_id, "old_note": old.note,
                "new_verdict": _text(new.verdict), "new_person": new.person_id, "new_note": new.note,
            }
            if old.decided and self.keeps_provenance:
                self._log_with_provenance(paper_ids, states)
            else:
                _write(_LOG_DECISION, _LOG_DECISIONS, self.conn, paper_ids, self._ids_json, old_by=None, old_at=None, **states)
        insert_many(self.conn, EntityChange.__table__, [
            {"action_id": action_id, "entity": entity, "entity_key": key, "old": _dump(old), "new": _dump(new)}
            for entity, key, old, new in self.entities
        ])
        return action_id

    def _log_with_provenance(self, paper_ids: list[int], states: dict) -> None:
        """Log papers that were decided before, each with its old reviewer and time: one statement for
        the many of one verdict (`SET_WRITE`), and one row a paper for the rest, all in one executemany
        (papers decided one by one have as many times as papers).
        """
        small = []
        for (by, at), papers in self._by_provenance(paper_ids):
            if len(papers) >= SET_WRITE:
                _LOG_DECISIONS.execute(self.conn, ids=self._ids_json(papers), old_by=by, old_at=at, **states)
            else:
                small.extend({**states, "paper": paper_id, "old_by": by, "old_at": at} for paper_id in papers)
        if small:
            _LOG_DECISION.run_many(self.conn, small)

    def _by_provenance(self, paper_ids: list[int]) -> list[tuple[tuple[str, str], list[int]]]:
        """The papers by the (reviewer, time) they had before this action; looked at in C when they share one."""
        found = list(map(self._provenance.get, paper_ids, repeat(_NO_PROVENANCE)))
        if found.count(found[0]) == len(found):  # one bulk decision's: compared by identity first
            return [(found[0], paper_ids)]
        by: dict[tuple[str, str], list[int]] = {}
        for paper_id, provenance in zip(paper_ids, found):
            by.setdefault(provenance, []).append(paper_id)
        return list(by.items())


# A paper the decision table did not hold though its state said decided: logged without reviewer or time.
_NO_PROVENANCE = (None, None)
LOGGED_ACTION_COLUMNS = ("cluster_id", "kind", "label", "target_id", "reviewer", "at")


# Papers with the same old and new state are written with one statement from this many on, their ids
# in a JSON array (SQLite's json_each): a bulk decision's 10,000 papers in one or two statements
# instead of 10,000 each, which halves SQLite's part (decision updates 43 -> 22 ms, log rows 95 ->
# 49 ms) and builds no row per paper in Python. Below it, a statement per paper: for one paper the
# JSON way costs ~55 µs more.
SET_WRITE = 16


def _write(
    one: Prepared, many: Prepared, conn: Connection, paper_ids: list[int], ids_json: Callable[[list[int]], str] = json.dumps,
    **values,
) -> int:
    """Run `one` for each paper (bound as "paper"), or `many` once for them all (bound as "ids"); rows changed."""
    if len(paper_ids) < SET_WRITE:
        return one.run_many(conn, [{**values, "paper": paper_id} for paper_id in paper_ids])
    return many.execute(conn, ids=ids_json(paper_ids), **values)


def _per_id(*columns):
    """`columns` selected once for each id of the "ids" bind (a JSON array, its id as "value"), in the array's order."""
    return select(*columns).select_from(func.json_each(bindparam("ids"))).order_by(literal_column("key"))


def _as_stored(name: str) -> object:
    """A bind of a time as the decision table stores it (its text, copied from there): nothing converts it."""
    return bindparam(name, type_=String())


def _typed(name: str, column) -> object:
    """A bind converted as `column`'s values are (a datetime to its stored text)."""
    return bindparam(name, type_=column.type)


_DC = DecisionChange.__table__.c
_D = Decision.__table__.c
_LOG_DECISION = Prepared(lambda: insert(DecisionChange).values(
    action_id=bindparam("action"), paper_id=bindparam("paper"), old_verdict=bindparam("old_verdict"),
    old_person_id=bindparam("old_person"), old_note=bindparam("old_note"), new_verdict=bindparam("new_verdict"),
    new_person_id=bindparam("new_person"), new_note=bindparam("new_note"), old_reviewer=bindparam("old_by"),
    old_decided_at=_as_stored("old_at"),
))
_LOG_DECISIONS = Prepared(lambda: insert(DecisionChange).from_select(
    [
        "action_id", "paper_id", "old_verdict", "old_person_id", "old_note", "new_verdict", "new_person_id", "new_note",
        "old_reviewer", "old_decided_at",
    ],
    _per_id(
        _typed("action", _DC.action_id), literal_column("value"), _typed("old_verdict", _DC.old_verdict),
        _typed("old_person", _DC.old_person_id), _typed("old_note", _DC.old_note), _typed("new_verdict", _DC.new_verdict),
        _typed("new_person", _DC.new_person_id), _typed("new_note", _DC.new_note), _typed("old_by", _DC.old_reviewer),
        _as_stored("old_at"),
    ),
))


# The statements every decision runs besides its inserts, prepared once (see `models.db.Prepared`).
_DROP_REDO = Prepared(lambda: delete(UndoStep).where(
    UndoStep.cluster_id == bindparam("cluster"), UndoStep.reviewer == bindparam("reviewer"), UndoStep.undone.is_(True)
))
_PUSH_UNDO = Prepared(lambda: insert(UndoStep).values(
    action_id=bindparam("action"), cluster_id=bindparam("cluster"), reviewer=bindparam("reviewer"), undone=False
))
# (An UPDATE's binds may not be named after its table's columns.)
_DECISION_VALUES = dict(
    verdict=bindparam("to_verdict"), person_id=bindparam("to_person"), note=bindparam("to_note"), reviewer=bindparam("by"),
    decided_at=bindparam("at"),
)
_UPDATE_DECISION = Prepared(lambda: update(Decision).where(
    Decision.cluster_id == bindparam("in_cluster"), Decision.paper_id == bindparam("paper")
).values(**_DECISION_VALUES))
_DELETE_DECISION = Prepared(lambda: delete(Decision).where(
    Decision.cluster_id == bindparam("in_cluster"), Decision.paper_id == bindparam("paper")
))
_INSERT_DECISION = Prepared(lambda: insert(Decision).values(
    cluster_id=bindparam("in_cluster"), paper_id=bindparam("paper"), **_DECISION_VALUES
))
_DELETE_DECISIONS = Prepared(lambda: delete(Decision).where(
    Decision.cluster_id == bindparam("in_cluster"), Decision.paper_id.in_(json_ids())
))
_INSERT_DECISIONS = Prepared(lambda: insert(Decision).from_select(
    ["cluster_id", "paper_id", "verdict", "person_id", "note", "reviewer", "decided_at"],
    _per_id(
        _typed("in_cluster", _D.cluster_id), literal_column("value"), _typed("to_verdict", _D.verdict),
        _typed("to_person", _D.person_id), _typed("to_note", _D.note), _typed("by", _D.reviewer), _typed("at", _D.decided_at),
    ),
))
_UNDO_TARGET = Prepared(lambda: select(UndoStep.action_id).where(
    UndoStep.cluster_id == bindparam("cluster"), UndoStep.reviewer == bindparam("reviewer"), UndoStep.undone.is_(False)
).order_by(UndoStep.action_id.desc()).limit(1))
_REDO_TARGET = Prepared(lambda: select(UndoStep.action_id).where(
    UndoStep.cluster_id == bindparam("cluster"), UndoStep.reviewer == bindparam("reviewer"), UndoStep.undone.is_(True)
).order_by(UndoStep.action_id).limit(1))
_STEP_LABEL = Prepared(lambda: select(ReviewAction.label).where(ReviewAction.id == bindparam("action")))
_STEP = Prepared(lambda: select(ReviewAction.label, ReviewAction.reviewer, ReviewAction.at, ReviewAction.kind).where(
    ReviewAction.id == bindparam("action")
))
_PROVENANCE_OF = Prepared(lambda: _provenance_of(func.json_each(bindparam("ids")).table_valued("value")))


def _provenance_of(ids):
    """The papers of `ids` (a JSON array, read from it first: 5.5 ms for 10,000, not 7.5 as an IN list) decided in
    the cluster, as a JSON array for each reviewer and time."""
    return select(Decision.reviewer, Decision.decided_at, func.json_group_array(Decision.paper_id)).select_from(ids).join(
        Decision, (Decision.cluster_id == bindparam("cluster")) & (Decision.paper_id == ids.c.value)
    ).group_by(Decision.reviewer, Decision.decided_at)


# An undo's verdicts are the ones it puts back, by whom and when they were given (the log's old reviewer
# and time); the undo itself is logged with its own. Where a step changed only a note, the verdict's
# reviewer and time were left as they were and stay so. Rows logged before schema 4 have none: left.
_PUT_BACK_PROVENANCE = Prepared(lambda: update(Decision).where(
    Decision.cluster_id == bindparam("cluster"), Decision.paper_id == DecisionChange.paper_id,
    DecisionChange.action_id == bindparam("step"), DecisionChange.old_reviewer.is_not(None),
    DecisionChange.old_verdict.is_distinct_from(DecisionChange.new_verdict)
    | DecisionChange.old_person_id.is_distinct_from(DecisionChange.new_person_id),
).values(reviewer=DecisionChange.old_reviewer, decided_at=DecisionChange.old_decided_at))


_STATE_BINDS = {"verdict": "to_verdict", "person_id": "to_person", "note": "to_note"}
_UPDATES_OF: dict[tuple[tuple[str, ...], bool], Prepared] = {}


def _update_decisions(changing: tuple[str, ...], one_paper: bool = False) -> Prepared:
    """The UPDATE of the state columns in `changing`, with who and when if the verdict changes, for
    the papers of the "ids" bind (a JSON array), or with `one_paper` for the paper bound as "paper".

    Setting only what changes keeps SQLite from rewriting the person index of
    10,000 papers whose person stays as it was (rejected -> unsure: 14 -> 7 ms).
    A note leaves the decision's reviewer and time as they were: they are the
    verdict's, as the exports give them (decided_by, decided_at); a note written
    later had put its own time there. The log keeps when, and by whom, the note was written.
    """
    found = _UPDATES_OF.get((changing, one_paper))
    if found is None:
        values = {column: bindparam(_STATE_BINDS[column]) for column in changing}
        if _changes_verdict(changing):
            values.update(reviewer=bindparam("by"), decided_at=bindparam("at"))
        papers = Decision.paper_id == bindparam("paper") if one_paper else Decision.paper_id.in_(json_ids())
        found = _UPDATES_OF[changing, one_paper] = Prepared(lambda: update(Decision).where(
            Decision.cluster_id == bindparam("in_cluster"), papers
        ).values(**values))
    return found


def _changes_verdict(changing: tuple[str, ...]) -> bool:
    """Whether a change of these state columns is a new verdict (a person is one), not only a note."""
    return changing != ("note",)


def _changing(old: DecisionState, new: DecisionState) -> tuple[str, ...]:
    return tuple(
        column for column, before, after in (
            ("verdict", old.verdict, new.verdict), ("person_id", old.person_id, new.person_id), ("note", old.note, new.note),
        ) if before != after
    )


def _text(verdict: Verdict | None) -> str | None:
    return verdict.value if verdict else None


def _differ(old: DecisionState, new: DecisionState) -> bool:
    return old is not new and old != new


def _repeats_states(groups: list[StateGroup]) -> bool:
    """Whether two groups have equal (old, new) states."""
    values = {(old.verdict, old.person_id, old.note, new.verdict, new.person_id, new.note) for (old, new), _ in groups}
    return len(values) < len(groups)


def _by_states(changes: Iterable[tuple[DecisionState, DecisionState, int]]) -> list[StateGroup]:
    """(old, new, paper id) grouped by equal (old, new) states, papers in the order given.

    The states of a bulk decision are a few shared objects: a paper costs
    one lookup by the objects' identities; their values are compared only
    when a new pair of objects turns up.
    """
    by_objects: dict[tuple[int, int], list[int]] = {}  # the states outlive this call, so their ids stay theirs
    groups: dict[tuple, StateGroup] = {}
    for old, new, paper_id in changes:
        papers = by_objects.get((id(old), id(new)))
        if papers is None:
            values = (old.verdict, old.person_id, old.note, new.verdict, new.person_id, new.note)
            group = groups.get(values)
            if group is None:
                group = groups[values] = ((old, new), [])
            papers = by_objects[id(old), id(new)] = group[1]
        papers.append(paper_id)
    return list(groups.values())


def _dump(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


# Writing states ----------------------------------------------------------------


def write_groups(
    conn: Connection, cluster_id: int, groups: list[StateGroup], reviewer: str,
    at: datetime, ids_json: Callable[[list[int]], str] = json.dumps,
) -> None:
    """Write new states: update decided papers, insert newly decided ones, delete cleared ones.

    Each group is papers going from one state to one new state, written
    together (`SET_WRITE`). Updating in place (rather than delete and
    insert) touches each index once.
    """
    for (old, new), paper_ids in groups:
        if not new.decided:
            written = _write(_DELETE_DECISION, _DELETE_DECISIONS, conn, paper_ids, ids_json, in_cluster=cluster_id)
        elif old.decided:
            changing = _changing(old, new)
            # A paper's new verdict sets every column (one statement for any change); a note only its own.
            one = _UPDATE_DECISION if _changes_verdict(changing) else _update_decisions(changing, one_paper=True)
            written = _write(
                one, _update_decisions(changing), conn, paper_ids, ids_json, in_cluster=cluster_id,
                **_decision_values(new, reviewer, at),
            )
        else:  # a paper decided already would break the table's key: an error, not a silent miss
            written = _write(
                _INSERT_DECISION, _INSERT_DECISIONS, conn, paper_ids, ids_json, in_cluster=cluster_id, **_decision_values(new, reviewer, at),
            )
        if written != len(paper_ids):  # an UPDATE or DELETE that missed a paper would lose the change without a word
            raise StatesChanged(f"{len(paper_ids) - written} of {len(paper_ids)} decisions were not where they were said to be")


def _decision_values(state: DecisionState, reviewer: str, at: datetime) -> dict:
    return {"to_verdict": state.verdict.value, "to_person": state.person_id, "to_note": state.note, "by": reviewer, "at": at}


def write_entity(conn: Connection, entity: str, key: str, values: dict | None) -> None:
    if entity == "person":
        conn.execute(update(Person).where(Person.id == int(key)).values(**(values or {})))
        return
    if entity == "dismissal":
        cluster_id, digest = key.split(":")
        where = (DismissedGroup.cluster_id == int(cluster_id)) & (DismissedGroup.digest == digest)
        conn.execute(delete(DismissedGroup).where(where))
        if values is not None:
            conn.execute(insert(DismissedGroup).values(cluster_id=int(cluster_id), digest=digest, papers=json.dumps(values["papers"])))
        return
    cluster_id, row_id = (int(part) for part in key.split(":"))
    where = (AuthorRowLink.cluster_id == cluster_id) & (AuthorRowLink.author_row_id == row_id)
    conn.execute(delete(AuthorRowLink).where(where))
    if values is not None:
        conn.execute(insert(AuthorRowLink).values(cluster_id=cluster_id, author_row_id=row_id, **values))


# Undo and redo -------------------------------------------------------------------


def undo_target(conn: Connection, cluster_id: int, reviewer: str) -> int | None:
    return _UNDO_TARGET.scalar(conn, cluster=cluster_id, reviewer=reviewer)


def redo_target(conn: Connection, cluster_id: int, reviewer: str) -> int | None:
    return _REDO_TARGET.scalar(conn, cluster=cluster_id, reviewer=reviewer)


def step_label(conn: Connection, action_id: int | None) -> str | None:
    return None if action_id is None else _STEP_LABEL.scalar(conn, action=action_id)


def undo(conn: Connection, cluster_id: int, reviewer: str, at: datetime, known: KnownStates | None = None) -> Change | None:
    """Take back the cluster's newest action still in force; None if there is none.

    `known`: the cluster's states as the caller knows them, valid now (`models.known_states`).
    """
    step = undo_target(conn, cluster_id, reviewer)
    return None if step is None else _replay(conn, cluster_id, step, reviewer, at, True, known)


def redo(conn: Connection, cluster_id: int, reviewer: str, at: datetime, known: KnownStates | None = None) -> Change | None:
    """Put back the cluster's most recently undone action; None if there is none (`known` as for `undo`)."""
    step = redo_target(conn, cluster_id, reviewer)
    return None if step is None else _replay(conn, cluster_id, step, reviewer, at, False, known)


def _replay(
    conn: Connection, cluster_id: int, step: int, reviewer: str, at: datetime, undoing: bool, known: KnownStates | None,
) -> Change:
    label, step_by, step_at, step_kind = _STEP.rows(conn, action=step)[0]
    action = Action(conn, cluster_id, "undo" if undoing else "redo", reviewer, at, label, known)
    action.keeps_provenance = False  # only an undoable action's log is read back for its old states
    if not undoing:  # the verdicts put back are the step's: its reviewer's, from when it was first done
        action.decided_by, action.decided_at = step_by, value_reader(ReviewAction.__table__.c.at, conn)(step_at)
    before, after = _logged_states(conn, step)
    wanted, expected = (before, after) if undoing else (after, before)
    current = action.known_states(wanted)
    if current is None:
        current = current_states_of(conn, cluster_id, wanted)
    try:  # checked before anything is written: a refusal writes nothing of the step
        check_unchanged(current, expected, "undo" if undoing else "redo")
    except ConflictError as error:
        raise _refusal(conn, action, step, undoing, error.paper_ids, len(wanted)) from None
    entities = _ENTITIES_OF.rows(conn, action=step)
    refused = _person_in_use(conn, action, step, undoing, entities, wanted)
    if refused is not None:
        raise refused
    for entity, key, old, new in reversed(entities) if undoing else entities:
        before, after = (_load(new), _load(old)) if undoing else (_load(old), _load(new))
        action.change_entity(entity, key, before, after)
    _relabel_returned(action)
    action.set_decisions(current, wanted)
    if undoing and any(map(verdict_of, wanted.values())):  # some paper decided again (scanned in C)
        _PUT_BACK_PROVENANCE.execute(conn, cluster=cluster_id, step=step)
    if undoing and step_kind == EDIT_PERSON:  # said as what the undo did (a refusal above names the step as the button did)
        action.label = _edit_put_back(conn, entities) or label
    change = action.finish(target=step, undoable=False)
    _MARK_UNDONE.execute(conn, action=step, undone=undoing)
    return change


def _edit_put_back(conn: Connection, entities: list) -> str | None:
    """An undone profile edit, said the way its undo went: "rename Lei Wang (NTU) back to Lei Wang (2)" (it said
    "Undone: edit person"); None for a step of other entities."""
    edits = [(key, _load(old), _load(new)) for entity, key, old, new in entities if entity == "person"]
    if len(edits) != 1:
        return None
    key, old, new = edits[0]
    return person_labels.edit_words(person_labels.label_of(conn, int(key)) or "", new or {}, old or {}, back=True)


def leave_out(conn: Connection, refused: StepRefused) -> None:
    """Take a refused step off its reviewer's undo or redo history (the log keeps it): undo goes on to
    the actions before it, redo to those undone after it, each checked in turn as this one was."""
    _LEAVE_OUT.execute(conn, action=refused.step)


def _refusal(conn: Connection, action: Action, step: int, undoing: bool, changed: list[int], papers: int) -> StepRefused:
    """The reviewer's word for an undo or redo that would overwrite papers changed since: what, by whom, what next."""
    what = "it" if papers == 1 else f"{len(changed):,} of its {papers:,} papers"
    others = _changed_by(conn, action.cluster_id, step, changed, action.reviewer)
    return _refused(action, step, undoing, changed, others, f"changed {what}", "overwrites that")


def _refused(action: Action, step: int, undoing: bool, changed: list[int], others: str, did: str, never: str) -> StepRefused:
    """A refused step said the one way: who `did` what since, what the step `never` does, what undo or redo does next."""
    verb, goes_on = ("undo", "your earlier actions") if undoing else ("redo", "the next of your undone actions")
    since = "since" if undoing else "since you undid it"
    if others:
        changes = f"{others} {did} {since}"
    else:  # a reviewer's history is theirs in every window: only an action of theirs left out before
        changes = f"you {did} {since}, in an action already left out of this history"
    message = (
        f"Cannot {verb} '{action.label}': {changes}, and {verb} never {never}. "
        f"It is left out of your {verb} history; {verb} goes on to {goes_on}."
    )
    return StepRefused(changed, message, step, action.label, undoing, changes)


def _person_in_use(
    conn: Connection, action: Action, step: int, undoing: bool, entities: list, wanted: dict[int, DecisionState],
) -> StepRefused | None:
    """The refusal of a step that would remove a person (an undone "new person", a redone removal or merge)
    while papers or author rows the step does not touch are on it, put there since; None if none are.
    Removed, the person would keep them, decided for someone no window shows or lets change; taking them
    off it would undo that reviewer's work, which undo and redo never do."""
    for entity, key, old, new in entities:
        if entity == "person" and (_load(old if undoing else new) or {}).get("removed") is True:
            papers, rows = _work_on(conn, action.cluster_id, int(key), entities, wanted)
            if papers or rows:
                did = f"gave {person_labels.label_of(conn, int(key))} {_papers_and_rows(papers, rows)}"
                others = _given_by(conn, action, step, papers, rows)
                return _refused(action, step, undoing, papers, others, did, "removes a person holding work done since")
    return None


def _work_on(
    conn: Connection, cluster_id: int, person_id: int, entities: list, wanted: dict[int, DecisionState],
) -> tuple[list[int], list[str]]:
    """The papers (ids) and author rows (entity keys) on a person that a step, its `wanted` states and
    `entities`, leaves where they are."""
    papers = [paper_id for (paper_id,) in _PAPERS_ON.rows(conn, cluster=cluster_id, person=person_id) if paper_id not in wanted]
    touched = {key for entity, key, _, _ in entities if entity == "author_row_link"}
    rows = [f"{cluster_id}:{row_id}" for (row_id,) in _ROWS_ON.rows(conn, cluster=cluster_id, person=person_id)]
    return papers, [key for key in rows if key not in touched]


def _papers_and_rows(papers: list, rows: list) -> str:
    """"2 more papers", "1 author row", "1 more paper and 3 author rows"."""
    said = [f"{len(papers):,} more paper{'' if len(papers) == 1 else 's'}"] if papers else []
    said += [f"{len(rows):,} author row{'' if len(rows) == 1 else 's'}"] if rows else []
    return " and ".join(said)


def _given_by(conn: Connection, action: Action, step: int, paper_ids: list[int], row_keys: list[str]) -> str:
    """The other reviewers who put these papers or author rows on a person after `step` ("bob", "ann and bob")."""
    names = {name for (name,) in _CHANGED_BY.rows(conn, cluster=action.cluster_id, after=step, ids=json.dumps(paper_ids))}
    names.update(name for (name,) in _LINKED_BY.rows(conn, cluster=action.cluster_id, after=step, keys=json.dumps(row_keys)))
    return listed([name for name in sorted(names) if name != action.reviewer])


def _changed_by(conn: Connection, cluster_id: int, step: int, paper_ids: list[int], reviewer: str) -> str:
    """The other reviewers who changed these papers after `step`, by name ("bob", "ann and bob"); "" if none."""
    names = [name for (name,) in _CHANGED_BY.rows(conn, cluster=cluster_id, after=step, ids=json.dumps(paper_ids))]
    return listed([name for name in names if name != reviewer])




def _relabel_returned(action: Action) -> None:
    """People this undo or redo brought back never share a label with a live person: another reviewer
    may have given theirs to a new person while it was removed (`models.person_labels`)."""
    for entity, key, old, new in list(action.entities):
        if entity == "person" and (old or {}).get("removed") and (new or {}).get("removed") is False:
            label = person_labels.label_of(action.conn, int(key))
            free = person_labels.label_on_return(action.conn, action.cluster_id, int(key), label)
            action.change_entity("person", key, {"label": label}, {"label": free})  # nothing when it kept its own


# Prepared once: built in SQLAlchemy on every undo and redo, these two made `Store.undo` take 2.0-3.5 ms, not 1.0-1.3.
_ENTITIES_OF = Prepared(lambda: select(EntityChange.entity, EntityChange.entity_key, EntityChange.old, EntityChange.new).where(
    EntityChange.action_id == bindparam("action")
).order_by(EntityChange.id))
_LEAVE_OUT = Prepared(lambda: delete(UndoStep).where(UndoStep.action_id == bindparam("action")))
_CHANGED_BY = Prepared(lambda: select(ReviewAction.reviewer).distinct().join(
    DecisionChange, DecisionChange.action_id == ReviewAction.id
).where(
    ReviewAction.cluster_id == bindparam("cluster"), ReviewAction.id > bindparam("after"), DecisionChange.paper_id.in_(json_ids())
).order_by(ReviewAction.reviewer))
_LINKED_BY = Prepared(lambda: select(ReviewAction.reviewer).distinct().join(
    EntityChange, EntityChange.action_id == ReviewAction.id
).where(
    ReviewAction.cluster_id == bindparam("cluster"), ReviewAction.id > bindparam("after"),
    EntityChange.entity == "author_row_link", EntityChange.entity_key.in_(json_ids("keys")),
))
_PAPERS_ON = Prepared(lambda: select(Decision.paper_id).where(
    Decision.cluster_id == bindparam("cluster"), Decision.person_id == bindparam("person")
).order_by(Decision.paper_id))
_ROWS_ON = Prepared(lambda: select(AuthorRowLink.author_row_id).where(
    AuthorRowLink.cluster_id == bindparam("cluster"), AuthorRowLink.person_id == bindparam("person")
))
_MARK_UNDONE = Prepared(lambda: update(UndoStep).where(UndoStep.action_id == bindparam("action")).values(undone=bindparam("undone")))


def check_unchanged(current: dict[int, DecisionState], expected: dict[int, DecisionState], what: str) -> None:
    """`ConflictError` if a paper of `current` is no longer in the state this reviewer last saw (absent or None: undecided)."""
    # Compared by identity first, then once per pair of state objects: states the store knows are the
    # very objects the window shows, a log's states are shared per value, and dataclass equality is slow.
    equal: dict[tuple[int, int], bool] = {}
    changed = []
    for paper_id, now in current.items():
        seen = expected.get(paper_id) or UNDECIDED
        if seen is now:
            continue
        same = equal.get((id(seen), id(now)))  # both states are held by the dicts: their ids stay theirs
        if same is None:
            same = equal[id(seen), id(now)] = seen == now
        if not same:
            changed.append(paper_id)
    if changed:
        raise ConflictError(
            changed, f"cannot {what}: {len(changed)} paper(s) were changed since, by another reviewer or window"
        )


def check_seen(action: Action, current: dict[int, DecisionState], expected: dict[int, DecisionState], what: str) -> None:
    """`check_unchanged` for a new change on the states its reviewer saw; its `ConflictError` says who changed the
    papers last (`last_changed_by`), so the reviewer knows whose work stands."""
    try:
        check_unchanged(current, expected, what)
    except ConflictError as error:
        error.by = last_changed_by(action.conn, action.cluster_id, error.paper_ids, action.reviewer)
        raise


def last_changed_by(conn: Connection, cluster_id: int, paper_ids: list[int], reviewer: str) -> str:
    """Who made the newest logged change to each of these papers, by name ("bob", "ann and bob"); the reviewer
    themself as "you in another window" (their other window, or a command); "" if the log has none."""
    newest = {paper_id: name for paper_id, name in _LAST_CHANGES.rows(conn, cluster=cluster_id, ids=json.dumps(paper_ids))}
    names = sorted(set(newest.values()) - {reviewer})
    return listed(names + (["you in another window"] if reviewer in newest.values() else []))


def _logged_states(conn: Connection, step: int) -> tuple[dict[int, DecisionState], dict[int, DecisionState]]:
    """The states an action's papers had before it and after it, read in one pass, equal states shared.

    Undoing a bulk decision reads 10,000 log rows: two reads of SQLAlchemy
    rows, one state object each, took 100-200 ms.
    """
    shared = shared_state_of()
    before: dict[int, DecisionState] = {}
    after: dict[int, DecisionState] = {}
    for paper_id, old_verdict, old_person, old_note, new_verdict, new_person, new_note in _LOGGED_STATES.rows(conn, action=step):
        before[paper_id] = shared(old_verdict, old_person, old_note)
        after[paper_id] = shared(new_verdict, new_person, new_note)
    return before, after


_LOGGED_STATES = Prepared(lambda: select(
    DecisionChange.paper_id, DecisionChange.old_verdict, DecisionChange.old_person_id, DecisionChange.old_note,
    DecisionChange.new_verdict, DecisionChange.new_person_id, DecisionChange.new_note,
).where(DecisionChange.action_id == bindparam("action")).order_by(DecisionChange.id))
_LAST_CHANGES = Prepared(lambda: select(DecisionChange.paper_id, ReviewAction.reviewer).join(
    ReviewAction, DecisionChange.action_id == ReviewAction.id
).where(
    ReviewAction.cluster_id == bindparam("cluster"), DecisionChange.paper_id.in_(json_ids())
).order_by(DecisionChange.id))  # oldest first: each paper's newest change is read last
_STATES_OF = Prepared(lambda: select(Decision.paper_id, Decision.verdict, Decision.person_id, Decision.note).where(
    Decision.cluster_id == bindparam("cluster"), Decision.paper_id.in_(json_ids())
))


def current_states_of(conn: Connection, cluster_id: int, paper_ids: Iterable[int]) -> dict[int, DecisionState]:
    """The decision on each paper, undecided where there is none (membership not checked).

    One prepared query with the ids as a JSON array (10,000 papers: twenty
    queries of 500 ids built each time took ~110 ms).
    """
    wanted = list(dict.fromkeys(paper_ids))
    states = dict.fromkeys(wanted, UNDECIDED)
    shared = shared_state_of()
    for paper_id, verdict, person_id, note in _STATES_OF.rows(conn, cluster=cluster_id, ids=json.dumps(wanted)):
        states[paper_id] = shared(verdict, person_id, note)
    return states
