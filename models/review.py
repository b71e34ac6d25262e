"""Deciding papers: one verdict for many papers, and notes on decisions.

Functions here record their changes on a `models.history.Action`, which the
store finishes and commits; so every decision is logged and undoable.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import Connection, select

from models.errors import NotFoundError
from models.db import plain_rows
from models.history import UNDECIDED, Action, DecisionState, check_unchanged, state_of
from models.importing import chunks
from models.schema import ClusterPaper, Decision, Person, Verdict

VERDICT_WORDS = {Verdict.PERSON: "this person", Verdict.REJECTED: "not this name", Verdict.UNSURE: "unsure", None: "undecided"}

# Leave each paper's note as it is.
KEEP_NOTE = object()


def current_states(conn: Connection, cluster_id: int, paper_ids: Iterable[int]) -> dict[int, DecisionState]:
    """The decision on each paper; `NotFoundError` for a paper not in the cluster.

    One query per chunk answers both (membership, then the decision if any),
    read as plain driver rows: a 10,000-paper bulk decision reads them all.
    """
    wanted = list(dict.fromkeys(paper_ids))
    found: dict[int, DecisionState] = {}
    joined = (Decision.cluster_id == ClusterPaper.cluster_id) & (Decision.paper_id == ClusterPaper.paper_id)
    for part in chunks(wanted):
        query = (
            select(ClusterPaper.paper_id, Decision.verdict, Decision.person_id, Decision.note)
            .select_from(ClusterPaper)
            .outerjoin(Decision, joined)
            .where(ClusterPaper.cluster_id == cluster_id, ClusterPaper.paper_id.in_(part))
        )
        for paper_id, verdict, person_id, note in plain_rows(conn, query):
            found[paper_id] = state_of(verdict, person_id, note) if verdict else UNDECIDED
    missing = [paper_id for paper_id in wanted if paper_id not in found]
    if missing:
        raise NotFoundError(f"papers {missing[:5]} are not in cluster {cluster_id}")
    return {paper_id: found[paper_id] for paper_id in wanted}


def check_person(conn: Connection, cluster_id: int, person_id: int) -> None:
    row = conn.execute(select(Person.cluster_id, Person.removed).where(Person.id == person_id)).first()
    if row is None or row[0] != cluster_id or row[1]:
        raise NotFoundError(f"person {person_id} is not a person of cluster {cluster_id}")


def decide(
    action: Action, paper_ids: Iterable[int], verdict: Verdict | None, person_id: int | None = None, note=KEEP_NOTE,
    expected: dict[int, DecisionState] | None = None,
) -> None:
    """Set one decision on every paper given; `verdict=None` makes them undecided.

    With `expected` (the states the reviewer was looking at), papers changed
    elsewhere since raise `ConflictError` and nothing is written.
    """
    if verdict is Verdict.PERSON:
        if person_id is None:
            raise ValueError("a person decision needs the person")
        check_person(action.conn, action.cluster_id, person_id)
    current = current_states(action.conn, action.cluster_id, paper_ids)
    if expected is not None:
        check_unchanged(current, {paper_id: expected.get(paper_id, UNDECIDED) for paper_id in current}, "decide")
    target = {paper_id: _decided(state, verdict, person_id, note) for paper_id, state in current.items()}
    action.set_decisions(current, target)


def _decided(state: DecisionState, verdict: Verdict | None, person_id: int | None, note) -> DecisionState:
    if verdict is None:
        return DecisionState()
    kept_note = state.note if note is KEEP_NOTE else (note or None)
    return DecisionState(verdict, person_id if verdict is Verdict.PERSON else None, kept_note)


def annotate(action: Action, paper_ids: Iterable[int], note: str | None) -> None:
    """Put a note on the decisions of these papers (undecided papers cannot carry one)."""
    current = current_states(action.conn, action.cluster_id, paper_ids)
    target = {
        paper_id: DecisionState(state.verdict, state.person_id, note or None) if state.decided else state
        for paper_id, state in current.items()
    }
    action.set_decisions(current, target)


def decision_label(count: int, verdict: Verdict | None, person_label: str | None = None) -> str:
    noun = "paper" if count == 1 else "papers"
    what = person_label if verdict is Verdict.PERSON and person_label else VERDICT_WORDS[verdict]
    return f"{count} {noun} → {what}"
