"""Killed at any moment, the store keeps every change it reported saved, and nothing half-written.

A child process works on the store: single and bulk decisions, with notes,
undo and redo mixed in, and prints each change on its standard output only
after the store call returned (so only after the commit). It is killed
with SIGKILL after a random short delay, 100 times, on a fresh database or
on the one the last child was killed on. After each kill:

- `PRAGMA integrity_check` is "ok";
- every action the child reported is in the log (`review_action`) with
  exactly the decisions it reported;
- replaying the whole log (`decision_change`, in order) gives the
  `decision` table, and the undo stack only names logged actions.

Children are forked from a server that has imported the store already, so a
kill costs milliseconds, not an interpreter start. The randomness is seeded:
NAMESAKE_CRASH_SEED replays a run; a failure prints its seed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import select
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from conftest import SEED_PAGE
from models.schema import Verdict
from models.store import Store

KILLS = 100
VERDICTS = [Verdict.PERSON, Verdict.REJECTED, Verdict.UNSURE, None]
MAX_DELAY = 0.25  # seconds a child works before it is killed


def child(database: str, seed: int, report) -> None:
    """Work on the store until killed; print each change once its call has returned."""
    os.dup2(report.fileno(), 1)
    rng = random.Random(seed)
    store = Store(database, reviewer="child")
    cluster = store.clusters()[0].id
    papers = [p.paper_id for p in store.load_cluster(cluster).papers]
    print(json.dumps({"ready": True}), flush=True)
    for step in range(1_000_000):
        change = _step(store, cluster, papers, rng, step)
        if change is not None and not change.empty:
            states = {pid: [s.verdict.value if s.verdict else None, s.person_id, s.note] for pid, s in change.decisions.items()}
            print(json.dumps({"action": change.action_id, "decisions": states}), flush=True)


def _step(store: Store, cluster: int, papers: list[int], rng: random.Random, step: int):
    roll = rng.random()
    if roll < 0.15:
        return store.undo(cluster)
    if roll < 0.25:
        return store.redo(cluster)
    chosen = [rng.choice(papers)] if roll < 0.6 else rng.sample(papers, rng.randint(2, len(papers)))
    note = rng.choice([None, f"note {step}", "ü, ✓ and 'quotes'"])
    return store.decide(cluster, chosen, rng.choice(VERDICTS), note=note)


@pytest.fixture(scope="module")
def forking():
    """A multiprocessing context whose children fork from a process that has imported the store."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["models.store", "test_crash_safety"])
    return context


@pytest.fixture(scope="module")
def fresh_database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fresh") / "template.sqlite3"
    with Store(path, reviewer="setup") as store:
        store.import_files([SEED_PAGE])
    return path


def run_and_kill(context, database: Path, seed: int, delay: float) -> tuple[list[dict], int]:
    """Start a child on `database`, kill it after `delay` seconds of work; (its reports, its exit code)."""
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=child, args=(str(database), seed, writer), daemon=True)
    process.start()
    writer.close()
    lines = _read_until_ready_then(reader, delay, process)
    process.join(timeout=30)
    reader.close()
    reports = [json.loads(line) for line in lines]
    assert reports and reports[0] == {"ready": True}, f"the child did not start (exit code {process.exitcode})"
    return reports[1:], process.exitcode


def _read_until_ready_then(reader, delay: float, process) -> list[str]:
    """Every complete line the child printed; it is killed `delay` seconds after it said it was ready."""
    data, kill_at = b"", None
    while True:
        now = time.monotonic()
        if kill_at is not None and now >= kill_at:
            process.kill()  # again, harmlessly, while the last output drains
        waiting = 30.0 if kill_at is None or now >= kill_at else kill_at - now
        ready, _, _ = select.select([reader], [], [], waiting)
        if not ready:
            continue
        chunk = os.read(reader.fileno(), 1 << 16)
        if not chunk:
            return [line.decode() for line in data.split(b"\n")[:-1]]  # a line cut by the kill is not a report
        data += chunk
        if kill_at is None and b"\n" in data:
            kill_at = time.monotonic() + delay


def check(database: Path, reported: list[dict], where: str) -> int:
    """The database after a kill: sound, every reported change in it, the decisions equal to the log's replay."""
    with closing(sqlite3.connect(database)) as connection:  # closed now: an open one could delete a later WAL
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
        logged = {action for (action,) in connection.execute("SELECT id FROM review_action")}
        changes: dict[int, dict[str, list]] = {}
        replay: dict[int, tuple] = {}
        rows = connection.execute(
            "SELECT action_id, paper_id, new_verdict, new_person_id, new_note FROM decision_change ORDER BY action_id, id"
        )
        for action, paper, verdict, person, note in rows:
            changes.setdefault(action, {})[str(paper)] = [verdict, person, note]
            replay[paper] = (verdict, person, note)
        decisions = {paper: (verdict, person, note) for paper, verdict, person, note in connection.execute(
            "SELECT paper_id, verdict, person_id, note FROM decision"
        )}
        stack = {action for (action,) in connection.execute("SELECT action_id FROM undo_step")}
    for report in reported:
        assert report["action"] in logged, f"{where}: reported action {report['action']} is not in the log"
        assert changes[report["action"]] == report["decisions"], f"{where}: action {report['action']} differs from its report"
    assert decisions == {paper: state for paper, state in replay.items() if state[0] is not None}, f"{where}: decisions differ from the replayed log"
    assert stack <= logged, where
    return len(reported)


def test_100_kills_at_random_moments_lose_nothing_reported(forking, fresh_database, tmp_path):
    seed = int(os.environ.get("NAMESAKE_CRASH_SEED", random.randrange(1 << 32)))
    rng = random.Random(seed)
    killed, checked, fresh = 0, 0, 0
    for kill in range(KILLS):
        if kill == 0 or rng.random() < 0.3:
            fresh += 1
            database = tmp_path / f"review-{fresh}.sqlite3"  # a new file: never one replaced under a connection
            shutil.copy(fresh_database, database)
        where = f"seed {seed} (NAMESAKE_CRASH_SEED={seed}), kill {kill + 1}"
        reported, code = run_and_kill(forking, database, rng.randrange(1 << 32), rng.uniform(0, MAX_DELAY))
        assert code == -9, f"{where}: the child ended with {code}, not by SIGKILL"
        killed += 1
        checked += check(database, reported, where)
    with Store(database, reviewer="after") as store:
        assert store.integrity_problems(quick=False) == []
    print(f"\ncrash safety: {killed}/{KILLS} kills, integrity ok after each, {checked} reported changes all present "
          f"({fresh} fresh databases); seed {seed}")
    assert killed == KILLS and checked > KILLS
