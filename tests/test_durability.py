"""A decision the store has returned from survives the process being killed."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

from conftest import ROOT, SEED_PAGE
from models.store import Store

VERDICTS = ["person", "rejected", "unsure"]

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from models.store import Store
    from models.schema import Verdict
    store = Store(sys.argv[1], reviewer="child")
    stop_after = int(sys.argv[2])
    cluster = store.clusters()[0]
    papers = [p.paper_id for p in store.load_cluster(cluster.id).papers]
    step = 0
    while True:
        verdict = Verdict({verdicts}[step % 3])
        store.decide(cluster.id, [papers[step % len(papers)]], verdict)
        print(step, flush=True)  # only after the commit returned
        if step == stop_after:
            os.kill(os.getpid(), signal.SIGKILL)
        step += 1
    """
).replace("{verdicts}", repr(VERDICTS))


def expected_after(steps: int, papers: list[int]) -> dict[int, str]:
    """The decisions after the child's first `steps` decisions."""
    state: dict[int, str] = {}
    for step in range(steps):
        state[papers[step % len(papers)]] = VERDICTS[step % 3]
    return state


def run_child(db_path, stop_after: int) -> tuple[int, list[str]]:
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(stop_after)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as child:
        printed = child.stdout.read().split()
        child.wait(timeout=60)
        return child.returncode, printed


def stored(db_path) -> tuple[str, int, dict[int, str]]:
    with sqlite3.connect(db_path) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        actions = connection.execute("SELECT count(*) FROM review_action").fetchone()[0]
        decisions = dict(connection.execute("SELECT paper_id, verdict FROM decision"))
    return check, actions, decisions


def test_a_decision_made_just_before_sigkill_is_in_the_database(db_path):
    with Store(db_path) as store:
        store.import_files([SEED_PAGE])
        papers = [p.paper_id for p in store.load_cluster(store.clusters()[0].id).papers]
    code, printed = run_child(db_path, stop_after=40)
    assert code == -signal.SIGKILL
    assert printed[-1] == "40"
    check, actions, decisions = stored(db_path)
    assert check == "ok"
    assert actions == 41
    assert decisions == expected_after(41, papers)


def test_a_kill_at_any_moment_keeps_every_reported_decision(db_path):
    with Store(db_path) as store:
        store.import_files([SEED_PAGE])
        papers = [p.paper_id for p in store.load_cluster(store.clusters()[0].id).papers]
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), "-1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        reported = 0
        for _line in child.stdout:
            reported += 1
            if reported == 25:
                child.send_signal(signal.SIGKILL)  # while it may be inside a commit
                break
        child.wait(timeout=60)
    check, actions, decisions = stored(db_path)
    assert check == "ok"
    assert actions >= reported
    assert decisions == expected_after(actions, papers)  # whole decisions only, none half-written
