"""Two processes on one database: both work at once and nothing is lost; stale writes are refused.

Each reviewer is a real process with its own `Store`, driven through a pipe:
the test says "decide", "undo", "redo" or "states", the process does it and
answers with what the store returned (or the error it raised). Semantics
(models/review.py, models/history.py):

- `decide(..., expected={paper: state})` refuses with `ConflictError` when a
  paper is no longer in the state the reviewer saw (absent = undecided), and
  writes nothing;
- undo and redo are per reviewer, and refuse to take back or put back a
  paper that someone else changed since; the refused step writes nothing
  but leaves the reviewer's undo (or redo) history.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
from contextlib import closing

import pytest

from conftest import SEED_PAGE, table_contents
from log_replay import replayed_log
from models.errors import ConflictError
from models.history import UNDECIDED, DecisionState
from models.schema import Verdict
from models.store import Store

PERSON, REJECTED, UNSURE = Verdict.PERSON, Verdict.REJECTED, Verdict.UNSURE


def reviewer_process(database: str, reviewer: str, commands, start) -> None:
    """Do what the pipe asks, one command at a time, and answer each; a burst waits for `start`."""
    store = Store(database, reviewer=reviewer)
    cluster = store.clusters()[0].id
    while True:
        command, args = commands.recv()
        if command == "stop":
            store.close(backup=False)
            return
        try:
            commands.send(("ok", _do(store, cluster, command, args, start)))
        except ConflictError as error:
            commands.send(("conflict", sorted(error.paper_ids)))
        except Exception as error:  # noqa: BLE001 - the test reports it
            commands.send(("error", f"{type(error).__name__}: {error}"))


def _do(store: Store, cluster: int, command: str, args: dict, start):
    if command == "states":
        return dict(store.load_cluster(cluster).decisions)
    if command == "papers":
        return [p.paper_id for p in store.load_cluster(cluster).papers]
    if command == "burst":
        return _burst(store, cluster, start=start, **args)
    change = {"decide": lambda: store.decide(cluster, **args), "undo": lambda: store.undo(cluster), "redo": lambda: store.redo(cluster)}[command]()
    return None if change is None else (change.action_id, dict(change.decisions))


def _burst(store: Store, cluster: int, papers: list[int], count: int, seed: int, start) -> list:
    """`count` decisions as fast as the store takes them, once `start` is set; (action id, states) of each."""
    rng = random.Random(seed)
    start.wait(30)
    done = []
    for _ in range(count):
        chosen = rng.sample(papers, rng.randint(1, 3))
        change = store.decide(cluster, chosen, rng.choice([PERSON, REJECTED, UNSURE, None]))
        if not change.empty:  # deciding what is already decided changes nothing and logs nothing
            done.append((change.action_id, dict(change.decisions)))
    return done


class Reviewer:
    """The test's handle on one reviewer process."""

    def __init__(self, context, database, name: str, start):
        self.name = name
        self._pipe, there = context.Pipe()
        self._process = context.Process(target=reviewer_process, args=(str(database), name, there, start), daemon=True)
        self._process.start()
        there.close()

    def ask(self, command: str, **args):
        self._pipe.send((command, args))
        if not self._pipe.poll(60):
            raise TimeoutError(f"{self.name} did not answer {command}")
        return self._pipe.recv()

    def send(self, command: str, **args) -> None:
        self._pipe.send((command, args))

    def answer(self):
        assert self._pipe.poll(120), f"{self.name} did not answer"
        return self._pipe.recv()

    def decide(self, papers: list[int], verdict, expected=None):
        return self.ask("decide", paper_ids=papers, verdict=verdict, expected=expected)

    def stop(self) -> None:
        self._pipe.send(("stop", {}))
        self._process.join(30)
        assert self._process.exitcode == 0


@pytest.fixture(scope="module")
def context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["models.store"])
    return context


@pytest.fixture
def start(context):
    """Set to let both reviewers' bursts go at once."""
    return context.Event()


@pytest.fixture
def two(context, db_path, start):
    with Store(db_path, reviewer="setup") as store:
        store.import_files([SEED_PAGE])
    ann, bo = Reviewer(context, db_path, "ann", start), Reviewer(context, db_path, "bo", start)
    yield ann, bo
    ann.stop()
    bo.stop()


def logged(db_path) -> tuple[set[int], dict[int, DecisionState]]:
    """The action ids in the log, and the decisions the log replays to."""
    actions, decided, current = replayed_log(db_path)
    assert current == decided
    return actions, current


def test_two_processes_deciding_at_once_both_land_and_nothing_is_lost(two, start, db_path):
    ann, bo = two
    status, papers = ann.ask("papers")
    for seed, reviewer in enumerate(two):
        reviewer.send("burst", papers=papers, count=150, seed=seed)
    start.set()
    results = [reviewer.answer() for reviewer in two]
    assert [status for status, _ in results] == ["ok", "ok"], results
    actions, _ = logged(db_path)
    reported = [action for _, done in results for action, _ in done]
    assert len(set(reported)) == len(reported) > 200 and set(reported) == actions
    with closing(sqlite3.connect(db_path)) as connection:
        by = dict(connection.execute("SELECT reviewer, count(*) FROM review_action GROUP BY reviewer"))
        changes = connection.execute("SELECT action_id, paper_id, new_verdict FROM decision_change").fetchall()
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert by == {reviewer.name: len(done) for reviewer, (_, done) in zip(two, results)}
    for _, done in results:
        for action, states in done:  # each reported change is logged as it was reported
            assert {(paper, s.verdict.value if s.verdict else None) for paper, s in states.items()} == {
                (paper, verdict) for a, paper, verdict in changes if a == action
            }


def test_a_decision_on_a_paper_changed_since_by_another_process_is_refused(two, db_path):
    ann, bo = two
    _, papers = ann.ask("papers")
    first, second = papers[:2]
    _, seen = ann.ask("states")  # what Ann's window shows: nothing decided
    assert seen == {}
    assert bo.decide([first], REJECTED)[0] == "ok"
    before = table_contents(db_path)
    assert ann.decide([first, second], PERSON, expected=seen) == ("conflict", [first])
    assert table_contents(db_path) == before  # nothing written, not even the paper nobody touched
    _, seen = ann.ask("states")  # Ann's window refreshes and sees Bo's decision
    status, (_, states) = ann.decide([first, second], PERSON, expected=seen)
    assert status == "ok" and states[first].verdict is PERSON and states[second].verdict is PERSON


def test_expected_states_compare_person_and_note_too(two, db_path):
    ann, bo = two
    _, papers = ann.ask("papers")
    paper = papers[0]
    assert ann.decide([paper], UNSURE)[0] == "ok"
    _, seen = ann.ask("states")
    assert bo.ask("decide", paper_ids=[paper], verdict=UNSURE, note="Bo is not sure either")[0] == "ok"
    assert ann.decide([paper], REJECTED, expected=seen) == ("conflict", [paper])
    assert ann.decide([paper], REJECTED, expected={paper: DecisionState(UNSURE, None, "Bo is not sure either")})[0] == "ok"
    assert ann.decide([papers[1]], REJECTED, expected={papers[1]: UNDECIDED})[0] == "ok"


def test_undo_is_per_reviewer_and_refuses_a_paper_someone_else_changed_since(two, db_path):
    ann, bo = two
    _, papers = ann.ask("papers")
    p1, p2, p3 = papers[:3]
    ann.decide([p1], PERSON)
    ann.decide([p2], UNSURE)
    bo.decide([p3], REJECTED)
    status, (_, undone) = ann.ask("undo")  # Ann's newest action, not Bo's newer one
    assert status == "ok" and undone == {p2: UNDECIDED}
    bo.decide([p1], REJECTED)  # Bo changes the paper of Ann's next undo
    before = table_contents(db_path, skip=("undo_step",))
    assert ann.ask("undo") == ("conflict", [p1])
    assert table_contents(db_path, skip=("undo_step",)) == before  # only the refused step left her history
    assert ann.ask("redo")[0] == "ok"  # her redo of p2 touches nothing Bo changed
    status, (_, undone) = bo.ask("undo")  # Bo takes back his p1: Ann's state again
    assert status == "ok" and undone[p1].verdict is PERSON
    status, (_, undone) = ann.ask("undo")  # Ann's undo of the redo goes through
    assert status == "ok" and undone == {p2: UNDECIDED}
    assert ann.ask("undo") == ("ok", None)  # her p1, refused before, is no longer hers to undo
    _, current = logged(db_path)
    assert {paper: state.verdict for paper, state in current.items()} == {p1: PERSON, p3: REJECTED}


def test_redo_refuses_a_paper_someone_else_changed_since(two, db_path):
    ann, bo = two
    _, papers = ann.ask("papers")
    paper = papers[4]
    ann.decide([paper], PERSON)
    ann.ask("undo")
    bo.decide([paper], UNSURE)
    before = table_contents(db_path, skip=("undo_step",))
    assert ann.ask("redo") == ("conflict", [paper])
    assert table_contents(db_path, skip=("undo_step",)) == before
    assert ann.ask("redo") == ("ok", None)  # left her redo history: a second redo does not fail again
    _, current = logged(db_path)
    assert current[paper] == DecisionState(UNSURE)
