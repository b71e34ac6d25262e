"""Decisions, and undo and redo over them, as plain functions on a connection.

Every change of a decision is logged (`review_action` + `decision_change`)
and never deleted. Undo and redo are themselves logged actions that write
the old or new states back, so the log tells the whole story, and undo
works the same after a restart because its stack is in the database.
The caller owns the transaction: `models.store.Store` commits each call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import Connection, delete, insert, select, update

from models.errors import NotFoundError
from models.importing import chunks
from models.schema import ClusterPaper, Decision, DecisionChange, NameCluster, Person, ReviewAction, UndoStep, Verdict


@dataclass(frozen=True)
class DecisionState:
    verdict: Verdict | None = None
    person_id: int | None = None

    @property
    def decided(self) -> bool:
        return self.verdict is not None


UNDECIDED = DecisionState()


@dataclass(frozen=True)
class Change:
    """What one operation changed, so each view refreshes only that."""

    cluster_id: int
    decisions: dict[int, DecisionState] = field(default_factory=dict)  # paper id -> new state
    people: bool = False  # a person was created, renamed or removed
    clusters: bool = False  # clusters were added or their papers changed

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.people or self.clusters)


def current_states(conn: Connection, cluster_id: int, paper_ids: Iterable[int]) -> dict[int, DecisionState]:
    """The decision on each paper; `NotFoundError` for a paper not in the cluster."""
    wanted = list(dict.fromkeys(paper_ids))
    states: dict[int, DecisionState] = {}
    for part in chunks(wanted):
        rows = conn.execute(
            select(ClusterPaper.paper_id, Decision.verdict, Decision.person_id)
            .outerjoin(
                Decision, (Decision.cluster_id == ClusterPaper.cluster_id) & (Decision.paper_id == ClusterPaper.paper_id)
            )
            .where(ClusterPaper.cluster_id == cluster_id, ClusterPaper.paper_id.in_(part))
        )
        for paper_id, verdict, person_id in rows:
            states[paper_id] = DecisionState(Verdict(verdict) if verdict else None, person_id)
    missing = [paper_id for paper_id in wanted if paper_id not in states]
    if missing:
        raise NotFoundError(f"papers {missing[:5]} are not in cluster {cluster_id}")
    return states


def default_person(conn: Connection, cluster_id: int, at: datetime) -> tuple[int, bool]:
    """The cluster's first person, created on first use; and whether it was created."""
    person_id = conn.execute(
        select(Person.id).where(Person.cluster_id == cluster_id).order_by(Person.id).limit(1)
    ).scalar_one_or_none()
    if person_id is not None:
        return person_id, False
    label = conn.execute(select(NameCluster.name).where(NameCluster.id == cluster_id)).scalar_one_or_none()
    if label is None:
        raise NotFoundError(f"no cluster with id {cluster_id}")
    person_id = conn.execute(insert(Person).values(cluster_id=cluster_id, label=label, created_at=at)).inserted_primary_key[0]
    return person_id, True


def _check_person(conn: Connection, cluster_id: int, person_id: int) -> None:
    owner = conn.execute(select(Person.cluster_id).where(Person.id == person_id)).scalar_one_or_none()
    if owner != cluster_id:
        raise NotFoundError(f"person {person_id} is not a person of cluster {cluster_id}")


def decide(
    conn: Connection,
    cluster_id: int,
    paper_ids: Iterable[int],
    verdict: Verdict | None,
    reviewer: str,
    at: datetime,
    person_id: int | None = None,
) -> Change:
    """Set one decision on every paper given; `verdict=None` clears them."""
    current = current_states(conn, cluster_id, paper_ids)
    created = False
    if verdict is Verdict.PERSON and person_id is None:
        person_id, created = default_person(conn, cluster_id, at)
    elif verdict is Verdict.PERSON:
        _check_person(conn, cluster_id, person_id)
    target = DecisionState(verdict, person_id if verdict is Verdict.PERSON else None)
    changed = {paper_id: state for paper_id, state in current.items() if state != target}
    if not changed:
        return Change(cluster_id, people=created)
    action_id = _log_action(conn, cluster_id, "decide", None, reviewer, at)
    _record_changes(conn, action_id, {paper_id: (old, target) for paper_id, old in changed.items()})
    _write_states(conn, cluster_id, dict.fromkeys(changed, target), reviewer, at)
    conn.execute(delete(UndoStep).where(UndoStep.cluster_id == cluster_id, UndoStep.undone.is_(True)))
    conn.execute(insert(UndoStep).values(action_id=action_id, cluster_id=cluster_id, undone=False))
    return Change(cluster_id, dict.fromkeys(changed, target), people=created)


def undo(conn: Connection, cluster_id: int, reviewer: str, at: datetime) -> Change | None:
    """Take back the cluster's newest decision still in force; None if there is none."""
    step = _undo_target(conn, cluster_id)
    if step is None:
        return None
    return _replay(conn, cluster_id, step, "undo", reviewer, at, undone=True)


def redo(conn: Connection, cluster_id: int, reviewer: str, at: datetime) -> Change | None:
    """Put back the cluster's most recently undone decision; None if there is none."""
    step = _redo_target(conn, cluster_id)
    if step is None:
        return None
    return _replay(conn, cluster_id, step, "redo", reviewer, at, undone=False)


def _undo_target(conn: Connection, cluster_id: int) -> int | None:
    query = select(UndoStep.action_id).where(UndoStep.cluster_id == cluster_id, UndoStep.undone.is_(False))
    return conn.execute(query.order_by(UndoStep.action_id.desc()).limit(1)).scalar_one_or_none()


def _redo_target(conn: Connection, cluster_id: int) -> int | None:
    query = select(UndoStep.action_id).where(UndoStep.cluster_id == cluster_id, UndoStep.undone.is_(True))
    return conn.execute(query.order_by(UndoStep.action_id).limit(1)).scalar_one_or_none()


def can_undo(conn: Connection, cluster_id: int) -> bool:
    return _undo_target(conn, cluster_id) is not None


def can_redo(conn: Connection, cluster_id: int) -> bool:
    return _redo_target(conn, cluster_id) is not None


def _replay(conn: Connection, cluster_id: int, step: int, kind: str, reviewer: str, at: datetime, undone: bool) -> Change:
    """Write back the old (undo) or new (redo) states of the decide action `step`."""
    rows = conn.execute(
        select(
            DecisionChange.paper_id,
            DecisionChange.old_verdict,
            DecisionChange.old_person_id,
            DecisionChange.new_verdict,
            DecisionChange.new_person_id,
        ).where(DecisionChange.action_id == step)
    ).all()
    # Undo writes back each paper's old state, redo its new one.
    restore = {row[0]: state_of(row[1], row[2]) if undone else state_of(row[3], row[4]) for row in rows}
    current = current_states(conn, cluster_id, restore)
    action_id = _log_action(conn, cluster_id, kind, step, reviewer, at)
    _record_changes(conn, action_id, {paper_id: (current[paper_id], state) for paper_id, state in restore.items()})
    _write_states(conn, cluster_id, restore, reviewer, at)
    conn.execute(update(UndoStep).where(UndoStep.action_id == step).values(undone=undone))
    return Change(cluster_id, restore)


def state_of(verdict: str | None, person_id: int | None) -> DecisionState:
    return DecisionState(Verdict(verdict) if verdict else None, person_id)


def _log_action(conn: Connection, cluster_id: int, kind: str, target: int | None, reviewer: str, at: datetime) -> int:
    values = {"cluster_id": cluster_id, "kind": kind, "target_id": target, "reviewer": reviewer, "at": at}
    return conn.execute(insert(ReviewAction).values(**values)).inserted_primary_key[0]


def _record_changes(conn: Connection, action_id: int, changes: dict[int, tuple[DecisionState, DecisionState]]) -> None:
    rows = [
        {
            "action_id": action_id,
            "paper_id": paper_id,
            "old_verdict": old.verdict.value if old.verdict else None,
            "old_person_id": old.person_id,
            "new_verdict": new.verdict.value if new.verdict else None,
            "new_person_id": new.person_id,
        }
        for paper_id, (old, new) in changes.items()
    ]
    for part in chunks(rows):
        conn.execute(insert(DecisionChange), list(part))


def _write_states(conn: Connection, cluster_id: int, states: dict[int, DecisionState], reviewer: str, at: datetime) -> None:
    for part in chunks(list(states)):
        conn.execute(delete(Decision).where(Decision.cluster_id == cluster_id, Decision.paper_id.in_(part)))
    rows = [
        {
            "cluster_id": cluster_id,
            "paper_id": paper_id,
            "verdict": state.verdict.value,
            "person_id": state.person_id,
            "reviewer": reviewer,
            "decided_at": at,
        }
        for paper_id, state in states.items()
        if state.verdict is not None
    ]
    for part in chunks(rows):
        conn.execute(insert(Decision), list(part))
