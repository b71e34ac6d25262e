"""What the review log replays to, read straight from a database file with sqlite3."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from models.history import DecisionState
from models.schema import Verdict


def replayed_log(database: Path) -> tuple[set[int], dict[int, DecisionState], dict[int, DecisionState]]:
    """(logged action ids, the decided states the log replays to, the decision table)."""
    with closing(sqlite3.connect(database)) as connection:
        actions = {action for (action,) in connection.execute("SELECT id FROM review_action")}
        replay: dict[int, DecisionState] = {}
        for paper, verdict, person, note in connection.execute(
            "SELECT paper_id, new_verdict, new_person_id, new_note FROM decision_change ORDER BY action_id, id"
        ):
            replay[paper] = DecisionState(Verdict(verdict) if verdict else None, person, note)
        stored = {
            paper: DecisionState(Verdict(verdict), person, note)
            for paper, verdict, person, note in connection.execute("SELECT paper_id, verdict, person_id, note FROM decision")
        }
    return actions, {paper: state for paper, state in replay.items() if state.decided}, stored
