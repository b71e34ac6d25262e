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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from models.db import Prepared, insert_many, insert_tuples, plain_rows, prepared_insert
from models.errors import ConflictError
from models.schema import AuthorRowLink, Decision, DismissedGroup, DecisionChange, EntityChange, Person, ReviewAction, UndoStep, Verdict

CHUNK = 500


@dataclass(frozen=True)
class DecisionState:
    verdict: Verdict | None = None
    person_id: int | None = None
    note: str | None = None

    @property
    def decided(self) -> bool:
        return self.verdict is not None


UNDECIDED = DecisionState()


def state_of(verdict: str | None, person_id: int | None, note: str | None = None) -> DecisionState:
    return DecisionState(Verdict(verdict) if verdict else None, person_id, note)


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

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.people or self.author_rows or self.clusters or self.dismissals)


class Action:
    """The changes of one reviewer action, written as they are made, logged at the end."""

    def __init__(self, conn: Connection, cluster_id: int, kind: str, reviewer: str, at: datetime, label: str = ""):
        self.conn = conn
        self.cluster_id = cluster_id
        self.kind = kind
        self.reviewer = reviewer
        self.at = at
        self.label = label
        self.decisions: dict[int, tuple[DecisionState, DecisionState]] = {}
        self.entities: list[tuple[str, str, dict | None, dict | None]] = []

    # Making changes ------------------------------------------------------

    def set_decisions(self, current: dict[int, DecisionState], target: dict[int, DecisionState]) -> None:
        """Write `target` states for the papers whose `current` state differs."""
        # `is not` first: a bulk decision's states are shared objects, and dataclass equality is slow.
        changed = {
            paper_id: state for paper_id, state in target.items()
            if current[paper_id] is not state and current[paper_id] != state
        }
        for paper_id, state in changed.items():
            first_old = self.decisions.get(paper_id, (current[paper_id], None))[0]
            self.decisions[paper_id] = (first_old, state)
        write_decisions(self.conn, self.cluster_id, changed, self.reviewer, self.at, current)

    def change_entity(self, entity: str, key: str, old: dict | None, new: dict | None) -> None:
        if old == new:
            return
        self.entities.append((entity, key, old, new))
        write_entity(self.conn, entity, key, new)

    # Logging ---------------------------------------------------------------

    @property
    def empty(self) -> bool:
        return not self.decisions and not self.entities

    def finish(self, target: int | None = None, undoable: bool = True) -> Change:
        """Log the action (if it changed anything) and return what changed."""
        decisions = {paper_id: new for paper_id, (old, new) in self.decisions.items() if old is not new and old != new}
        if not decisions and not self.entities:
            return Change(self.cluster_id)
        action_id = self._log(target, decisions)
        if undoable:  # a new action ends what could be redone
            _DROP_REDO.execute(self.conn, cluster=self.cluster_id, reviewer=self.reviewer)
            _PUSH_UNDO.execute(self.conn, action=action_id, cluster=self.cluster_id, reviewer=self.reviewer)
        entities = {entity for entity, _, _, _ in self.entities}
        return Change(
            self.cluster_id, decisions, people="person" in entities, author_rows="author_row_link" in entities,
            dismissals="dismissal" in entities, label=self.label, action_id=action_id,
        )

    def _log(self, target: int | None, decisions: dict[int, DecisionState]) -> int:
        action_id = prepared_insert(ReviewAction.__table__, LOGGED_ACTION_COLUMNS).inserted_id(
            self.conn, cluster_id=self.cluster_id, kind=self.kind, label=self.label, target_id=target,
            reviewer=self.reviewer, at=self.at,
        )
        rows = [_decision_change_row(action_id, paper_id, self.decisions[paper_id][0], new) for paper_id, new in decisions.items()]
        insert_tuples(self.conn, DecisionChange.__table__, DECISION_CHANGE_COLUMNS, rows)
        insert_many(self.conn, EntityChange.__table__, [
            {"action_id": action_id, "entity": entity, "entity_key": key, "old": _dump(old), "new": _dump(new)}
            for entity, key, old, new in self.entities
        ])
        return action_id


LOGGED_ACTION_COLUMNS = ("cluster_id", "kind", "label", "target_id", "reviewer", "at")
# A `decision_change` row as `_decision_change_row` makes it: a tuple in the table's column order.
DECISION_CHANGE_COLUMNS = (
    "action_id", "paper_id", "old_verdict", "old_person_id", "new_verdict", "new_person_id", "old_note", "new_note",
)


# The statements every decision runs besides its inserts, prepared once (see `models.db.Prepared`).
_DROP_REDO = Prepared(lambda: delete(UndoStep).where(
    UndoStep.cluster_id == bindparam("cluster"), UndoStep.reviewer == bindparam("reviewer"), UndoStep.undone.is_(True)
))
_PUSH_UNDO = Prepared(lambda: insert(UndoStep).values(
    action_id=bindparam("action"), cluster_id=bindparam("cluster"), reviewer=bindparam("reviewer"), undone=False
))
# (An UPDATE's binds may not be named after its table's columns.)
_UPDATE_DECISION = Prepared(lambda: update(Decision).where(
    Decision.cluster_id == bindparam("in_cluster"), Decision.paper_id == bindparam("in_paper")
).values(
    verdict=bindparam("to_verdict"), person_id=bindparam("to_person"), note=bindparam("to_note"), reviewer=bindparam("by"),
    decided_at=bindparam("at"),
))
_DELETE_DECISION = Prepared(lambda: delete(Decision).where(
    Decision.cluster_id == bindparam("cluster_id"), Decision.paper_id == bindparam("paper_id")
))
_UNDO_TARGET = Prepared(lambda: select(UndoStep.action_id).where(
    UndoStep.cluster_id == bindparam("cluster"), UndoStep.reviewer == bindparam("reviewer"), UndoStep.undone.is_(False)
).order_by(UndoStep.action_id.desc()).limit(1))
_REDO_TARGET = Prepared(lambda: select(UndoStep.action_id).where(
    UndoStep.cluster_id == bindparam("cluster"), UndoStep.reviewer == bindparam("reviewer"), UndoStep.undone.is_(True)
).order_by(UndoStep.action_id).limit(1))
_STEP_LABEL = Prepared(lambda: select(ReviewAction.label).where(ReviewAction.id == bindparam("action")))


def _decision_change_row(action_id: int, paper_id: int, old: DecisionState, new: DecisionState) -> tuple:
    return (
        action_id, paper_id, old.verdict.value if old.verdict else None, old.person_id,
        new.verdict.value if new.verdict else None, new.person_id, old.note, new.note,
    )


def _dump(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


# Writing states ----------------------------------------------------------------


def write_decisions(
    conn: Connection, cluster_id: int, states: dict[int, DecisionState], reviewer: str, at: datetime,
    current: dict[int, DecisionState],
) -> None:
    """Write new states: update decided papers, insert newly decided ones, delete cleared ones.

    Updating in place (rather than delete and insert) touches each index
    once, which is most of what a 10,000-paper bulk decision costs to commit.
    """
    fresh, kept, cleared = [], [], []
    for paper_id, state in states.items():
        if state.verdict is None:
            cleared.append({"cluster_id": cluster_id, "paper_id": paper_id})
        elif current.get(paper_id, UNDECIDED).decided:
            kept.append({
                "in_cluster": cluster_id, "in_paper": paper_id, "to_verdict": state.verdict.value, "to_person": state.person_id,
                "to_note": state.note, "by": reviewer, "at": at,
            })
        else:
            fresh.append({
                "cluster_id": cluster_id, "paper_id": paper_id, "verdict": state.verdict.value, "person_id": state.person_id,
                "note": state.note, "reviewer": reviewer, "decided_at": at,
            })
    _DELETE_DECISION.run_many(conn, cleared)
    insert_many(conn, Decision.__table__, fresh)
    _UPDATE_DECISION.run_many(conn, kept)


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


def undo(conn: Connection, cluster_id: int, reviewer: str, at: datetime) -> Change | None:
    """Take back the cluster's newest action still in force; None if there is none."""
    step = undo_target(conn, cluster_id, reviewer)
    return None if step is None else _replay(conn, cluster_id, step, reviewer, at, undoing=True)


def redo(conn: Connection, cluster_id: int, reviewer: str, at: datetime) -> Change | None:
    """Put back the cluster's most recently undone action; None if there is none."""
    step = redo_target(conn, cluster_id, reviewer)
    return None if step is None else _replay(conn, cluster_id, step, reviewer, at, undoing=False)


def _replay(conn: Connection, cluster_id: int, step: int, reviewer: str, at: datetime, undoing: bool) -> Change:
    label = conn.execute(select(ReviewAction.label).where(ReviewAction.id == step)).scalar_one()
    action = Action(conn, cluster_id, "undo" if undoing else "redo", reviewer, at, label)
    entities = conn.execute(
        select(EntityChange.entity, EntityChange.entity_key, EntityChange.old, EntityChange.new)
        .where(EntityChange.action_id == step)
        .order_by(EntityChange.id)
    ).all()
    for entity, key, old, new in reversed(entities) if undoing else entities:
        before, after = (_load(new), _load(old)) if undoing else (_load(old), _load(new))
        action.change_entity(entity, key, before, after)
    wanted = _decision_states(conn, step, undoing)
    current = current_states_of(conn, cluster_id, wanted)
    check_unchanged(current, _decision_states(conn, step, not undoing), "undo" if undoing else "redo")
    action.set_decisions(current, wanted)
    change = action.finish(target=step, undoable=False)
    conn.execute(update(UndoStep).where(UndoStep.action_id == step).values(undone=undoing))
    return change


def check_unchanged(current: dict[int, DecisionState], expected: dict[int, DecisionState], what: str) -> None:
    """`ConflictError` if a paper is no longer in the state this reviewer last saw."""
    changed = [paper_id for paper_id, state in expected.items() if current.get(paper_id, UNDECIDED) != state]
    if changed:
        raise ConflictError(
            changed, f"cannot {what}: {len(changed)} paper(s) were changed since, by another reviewer or window"
        )


def _decision_states(conn: Connection, step: int, old: bool) -> dict[int, DecisionState]:
    columns = (
        (DecisionChange.old_verdict, DecisionChange.old_person_id, DecisionChange.old_note)
        if old
        else (DecisionChange.new_verdict, DecisionChange.new_person_id, DecisionChange.new_note)
    )
    rows = conn.execute(select(DecisionChange.paper_id, *columns).where(DecisionChange.action_id == step))
    return {paper_id: state_of(verdict, person_id, note) for paper_id, verdict, person_id, note in rows}


def current_states_of(conn: Connection, cluster_id: int, paper_ids: Iterable[int]) -> dict[int, DecisionState]:
    """The decision on each paper, undecided where there is none (membership not checked)."""
    wanted = list(dict.fromkeys(paper_ids))
    states = dict.fromkeys(wanted, UNDECIDED)
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        rows = plain_rows(
            conn,
            select(Decision.paper_id, Decision.verdict, Decision.person_id, Decision.note).where(
                Decision.cluster_id == cluster_id, Decision.paper_id.in_(part)
            ),
        )
        for paper_id, verdict, person_id, note in rows:
            states[paper_id] = state_of(verdict, person_id, note)
    return states

