"""The store decides from the states it knows, and reads them again whenever the log shows a write it did not make.

Without Qt. `models.known_states` says why: a bulk decision no longer reads
10,000 states back; these tests hold it to giving the same database as
reading them would, and to never trusting states another program changed.
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone

import pytest

from conftest import SEED_PAGE, table_contents
from log_replay import replayed_log
from models import review
from models.errors import ConflictError
from models.history import UNDECIDED, DecisionState
from models.known_states import KnownStates
from models.schema import Verdict
from models.store import Store

PERSON, REJECTED, UNSURE = Verdict.PERSON, Verdict.REJECTED, Verdict.UNSURE


def ticking_clock():
    """The same times in two stores doing the same steps, so their databases compare equal."""
    now = [datetime(2026, 11, 27, tzinfo=timezone.utc)]

    def clock() -> datetime:
        now[0] += timedelta(seconds=1)
        return now[0]

    return clock


def forbid_reading_states(monkeypatch) -> None:
    def read(*_args, **_kwargs):
        raise AssertionError("the store read the states it knew")

    monkeypatch.setattr(review, "current_states", read)


def old_states_logged(db_path, paper_id: int) -> list[str | None]:
    with closing(sqlite3.connect(db_path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT old_verdict FROM decision_change WHERE paper_id = ? ORDER BY id", (paper_id,)
        )]


def test_known_states_answer_only_for_papers_known_to_be_in_the_cluster():
    decided = DecisionState(REJECTED)
    known = KnownStates(7, through_action=3, papers=[1, 2, 3], decisions={2: decided})
    assert known.states_of([3, 2, 3]) == {3: UNDECIDED, 2: decided}
    assert list(known.states_of([3, 2, 3])) == [3, 2]  # the order given, once each
    assert known.states_of([1, 99]) is None  # 99: added since, or not the cluster's
    assert known.valid(7, 3) and not known.valid(7, 4) and not known.valid(8, 3)


def test_a_bulk_decision_after_loading_reads_no_states_and_logs_the_old_ones(seeded, cluster, ids, db_path, monkeypatch):
    seeded.decide(cluster.id, ids[:3], UNSURE)
    seeded.load_cluster(cluster.id)
    forbid_reading_states(monkeypatch)
    change = seeded.decide(cluster.id, ids, REJECTED)
    again = seeded.decide(cluster.id, ids[:5], PERSON)  # known states follow the store's own changes
    assert set(change.decisions) == set(ids) and set(again.decisions) == set(ids[:5])
    assert old_states_logged(db_path, ids[0]) == [None, "unsure", "rejected"]
    assert old_states_logged(db_path, ids[-1]) == [None]
    _, replayed, stored = replayed_log(db_path)
    assert replayed == stored and stored[ids[0]].verdict is PERSON and stored[ids[-1]].verdict is REJECTED


def test_a_bulk_decision_from_known_states_logs_who_decided_its_papers_before_and_undo_gives_them_back(db_path, monkeypatch):
    """The known states hold no reviewer or time: those of the papers decided before are read all the same,
    logged, and put back by the undo."""
    clock = ticking_clock()
    with Store(db_path, reviewer="ann", clock=clock) as store:
        store.import_files([SEED_PAGE])
        cluster_id = store.clusters()[0].id
        ids = [p.paper_id for p in store.load_cluster(cluster_id).papers]
        store.decide(cluster_id, ids[:2], UNSURE)
        store.decide(cluster_id, ids[2:3], PERSON)
        store.load_cluster(cluster_id)
        forbid_reading_states(monkeypatch)
        before = provenance(db_path)
        store.reviewer = "bo"
        store.decide(cluster_id, ids, REJECTED)
        with closing(sqlite3.connect(db_path)) as connection:
            logged = {paper_id: (by, at) for paper_id, by, at in connection.execute(
                "SELECT paper_id, old_reviewer, old_decided_at FROM decision_change"
                " WHERE action_id = (SELECT max(id) FROM review_action)"
            )}
        assert logged == {**dict.fromkeys(ids, (None, None)), **before} and set(before) == set(ids[:3])
        store.undo(cluster_id)
        assert provenance(db_path) == before


def provenance(db_path) -> dict[int, tuple[str, str]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return {paper_id: (by, at) for paper_id, by, at in connection.execute("SELECT paper_id, reviewer, decided_at FROM decision")}


def test_a_decision_by_another_program_since_loading_is_read_not_overwritten_blindly(seeded, cluster, ids, db_path):
    seeded.load_cluster(cluster.id)  # knows every paper undecided
    with Store(db_path, reviewer="other window") as other:
        other.decide(cluster.id, [ids[0]], REJECTED)
        other.decide(cluster.id, [ids[1]], UNSURE)
        other.decide(cluster.id, [ids[1]], None)
    seeded.decide(cluster.id, ids[:2], PERSON)  # no expected states: decides over them, from what the table holds
    assert old_states_logged(db_path, ids[0]) == [None, "rejected"]
    assert old_states_logged(db_path, ids[1]) == [None, "unsure", None]
    _, replayed, stored = replayed_log(db_path)
    assert replayed == stored and {stored[ids[0]].verdict, stored[ids[1]].verdict} == {PERSON}


def test_expected_states_still_meet_a_change_made_elsewhere(seeded, cluster, ids, db_path):
    shown = seeded.load_cluster(cluster.id).decisions
    with Store(db_path, reviewer="other window") as other:
        other.decide(cluster.id, [ids[0]], REJECTED)
    with pytest.raises(ConflictError):
        seeded.decide(cluster.id, ids[:2], UNSURE, expected=shown)
    _, _, stored = replayed_log(db_path)
    assert stored == {ids[0]: DecisionState(REJECTED)}


@pytest.mark.parametrize("unlogged", ["DELETE FROM decision WHERE paper_id = ?",
                                      "INSERT INTO decision VALUES (?, ?, 'unsure', NULL, NULL, 'sqlite3', '2026-01-01')"])
def test_a_write_the_log_does_not_show_makes_the_store_read_the_states_and_still_decide(seeded, cluster, ids, db_path, unlogged):
    """Only a program that bypasses Namesake can do this; the decision must land all the same."""
    if unlogged.startswith("DELETE"):
        seeded.decide(cluster.id, [ids[0]], REJECTED)
        arguments = (ids[0],)
    else:
        arguments = (cluster.id, ids[0])
    seeded.load_cluster(cluster.id)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute(unlogged, arguments)
    change = seeded.decide(cluster.id, ids[:2], PERSON)
    assert set(change.decisions) == set(ids[:2])
    _, _, stored = replayed_log(db_path)
    assert stored[ids[0]].verdict is PERSON and stored[ids[1]].verdict is PERSON
    assert old_states_logged(db_path, ids[0])[-1] == (None if unlogged.startswith("DELETE") else "unsure")


def random_steps(store: Store, cluster_id: int, ids: list[int], seed: int, load_first: bool) -> None:
    """Decisions, notes, people, undo and redo, chosen by `seed`; with or without loading (and so knowing) first."""
    rng = random.Random(seed)
    if load_first:
        store.load_cluster(cluster_id)
    for _ in range(60):
        step = rng.random()
        papers = rng.sample(ids, rng.randint(1, len(ids)))
        people = store.people(cluster_id)
        if step < 0.35:
            store.decide(cluster_id, papers, rng.choice([REJECTED, UNSURE, None]))
        elif step < 0.5:
            store.decide(cluster_id, papers, PERSON, rng.choice(people).id if people and rng.random() < 0.7 else None)
        elif step < 0.55:
            store.create_person(cluster_id, papers[:3])
        elif step < 0.6 and len(people) > 1:
            store.merge_people(cluster_id, people[0].id, people[1].id)
        elif step < 0.65 and people:
            store.remove_person(cluster_id, rng.choice(people).id)
        elif step < 0.7:
            store.annotate(cluster_id, papers, rng.choice(["checked", None]))
        elif step < 0.85:
            store.undo(cluster_id)
        else:
            store.redo(cluster_id)
        if not load_first:
            store._known = None  # noqa: SLF001 - the other store must read every time


@pytest.mark.parametrize("seed", range(4))
def test_knowing_the_states_gives_the_same_database_as_reading_them(tmp_path, seed):
    databases = []
    for knowing in (True, False):
        path = tmp_path / f"{knowing}.sqlite3"
        with Store(path, reviewer="tester", clock=ticking_clock()) as store:
            store.import_files([SEED_PAGE])
            cluster_id = store.clusters()[0].id
            ids = [p.paper_id for p in store.load_cluster(cluster_id).papers]
            store._known = None  # noqa: SLF001 - each side starts as its steps say
            random_steps(store, cluster_id, ids, seed, load_first=knowing)
        databases.append(table_contents(path, skip=("import_log",)))
        _, replayed, stored = replayed_log(path)
        assert replayed == stored
    assert databases[0] == databases[1]
