"""Soak: many decisions, undos and redos through the window's session and papers model, in one process.

Drives `gui.session.ReviewSession` and `gui.papers_model.QtPapersModel` the
way `gui/controller.py` does (a session call, then the model follows the
session's `changed`), offscreen, on a store seeded with one cluster. Qt's
events run every few operations, so the session's timers and background
backups run as they would in the window. At the end the log must replay to
the decisions, and the session and the model must show what the store holds.

    python tests/soak.py --decisions 100000         (or: python -m tests.soak)

prints operations, time, peak memory and how much memory grew between the
first and last tenth of the run. tests/test_soak.py runs a short one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="namesake-soak-config-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.papers_model import QtPapersModel  # noqa: E402
from gui.session import ReviewSession  # noqa: E402
from log_replay import replayed_log  # noqa: E402
from models.schema import Verdict  # noqa: E402
from models.store import Store  # noqa: E402

VERDICTS = [Verdict.PERSON, Verdict.REJECTED, Verdict.UNSURE, None]
EVENTS_EVERY = 25  # operations between two runs of Qt's event loop
SAMPLES = 100  # memory is sampled this many times over the run


@dataclass
class SoakReport:
    operations: int = 0
    decisions: int = 0
    undos: int = 0
    redos: int = 0
    refused: int = 0  # nothing to undo or redo
    failures: list[str] = field(default_factory=list)  # what the session announced as failed
    seconds: float = 0.0
    rss_mb: list[float] = field(default_factory=list)  # resident memory, sampled over the run
    peak_rss_mb: float = 0.0
    logged_actions: int = 0
    backups_made: int = 0
    backups_at_once: int = 0  # the most backups that ran at the same time

    @property
    def growth_mb(self) -> float:
        """Mean memory of the last tenth of the samples minus that of the first tenth."""
        tenth = max(1, len(self.rss_mb) // 10)
        return sum(self.rss_mb[-tenth:]) / tenth - sum(self.rss_mb[:tenth]) / tenth

    def summary(self) -> str:
        per_op = 1000 * self.seconds / max(1, self.operations)
        return (
            f"{self.operations:,} operations ({self.decisions:,} decisions, {self.undos:,} undos, {self.redos:,} redos; "
            f"{self.refused:,} with nothing to undo/redo) in {self.seconds:,.1f} s ({per_op:.2f} ms each); "
            f"peak RSS {self.peak_rss_mb:.1f} MB; RSS first tenth {self._tenth(0):.1f} MB, last tenth {self._tenth(-1):.1f} MB, "
            f"growth {self.growth_mb:+.1f} MB (by tenth: {self.tenths()}); {self.logged_actions:,} logged actions; "
            f"{self.backups_made} backups made, at most {self.backups_at_once} at once; {len(self.failures)} failures"
        )

    def tenths(self) -> str:
        """Mean memory of each tenth of the run, in MB."""
        size = max(1, len(self.rss_mb) // 10)
        means = [sum(part) / len(part) for part in (self.rss_mb[i : i + size] for i in range(0, len(self.rss_mb), size)) if part]
        return " ".join(f"{mean:.0f}" for mean in means)

    def _tenth(self, end: int) -> float:
        tenth = max(1, len(self.rss_mb) // 10)
        part = self.rss_mb[:tenth] if end == 0 else self.rss_mb[-tenth:]
        return sum(part) / len(part)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def seed_store(path: Path, papers: int) -> None:
    """One cluster ("Ann Lee") of `papers` papers, from a Namesake input file."""
    source = path.with_name("soak-input.json")
    items = [
        {"key": f"p{n}", "title": f"Paper {n} on things", "year": 1990 + n % 35, "venue": f"Venue {n % 17}",
         "authors": ["Ann Lee", f"Coauthor {n % 41}", f"Coauthor {n % 13 + 50}"]}
        for n in range(papers)
    ]
    document = {"format": "namesake-input", "version": 1, "source": "soak", "papers": items,
                "clusters": [{"name": "Ann Lee", "papers": [item["key"] for item in items]}]}
    source.write_text(json.dumps(document), encoding="utf-8")
    with Store(path, reviewer="setup") as store:
        store.import_files([source])


def run_soak(operations: int, folder: Path, seed: int = 1, papers: int = 300) -> SoakReport:
    app = QApplication.instance() or QApplication([])
    database = folder / "soak.sqlite3"
    seed_store(database, papers)
    store = Store(database, reviewer="soak")
    report = SoakReport()
    _count_backups(store, report)
    session = ReviewSession(store)
    model = QtPapersModel()
    session.cluster_loaded.connect(model.set_contents)
    session.changed.connect(lambda change: model.apply_change(change, session.contents))
    session.failed.connect(lambda title, message: report.failures.append(f"{title}: {message}"))
    session.open_cluster(store.clusters()[0].id)
    _wait_for(app, lambda: session.contents is not None)
    ids = [paper.paper_id for paper in session.contents.papers]
    try:
        _drive(app, session, ids, operations, random.Random(seed), report)
        _wait_for(app, lambda: not session.runner.busy)
        check_agreement(session, model, database)
    finally:
        session.runner.wait()
        store.close(backup=False)
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with closing(sqlite3.connect(database)) as connection:
        report.logged_actions = connection.execute("SELECT count(*) FROM review_action").fetchone()[0]
    return report


def _count_backups(store: Store, report: SoakReport) -> None:
    """Count the backups the session starts, and how many run at once (it starts them on worker threads)."""
    backup, running, lock = store.backup, [0], threading.Lock()

    def counted(*args, **kwargs):
        with lock:
            running[0] += 1
            report.backups_made += 1
            report.backups_at_once = max(report.backups_at_once, running[0])
        try:
            return backup(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    store.backup = counted


def _drive(app, session: ReviewSession, ids: list[int], operations: int, rng: random.Random, report: SoakReport) -> None:
    sample_every = max(1, operations // SAMPLES)
    started = time.perf_counter()
    for number in range(operations):
        roll = rng.random()
        if roll < 0.2:
            done, report.undos = session.undo(), report.undos + 1
        elif roll < 0.35:
            done, report.redos = session.redo(), report.redos + 1
        else:
            chosen = [rng.choice(ids)] if roll < 0.75 else rng.sample(ids, rng.randint(2, min(40, len(ids))))
            done, report.decisions = session.decide(chosen, rng.choice(VERDICTS)), report.decisions + 1
        report.refused += done is None
        report.operations += 1
        if number % EVENTS_EVERY == 0:
            app.processEvents()
        if number % sample_every == 0:
            report.rss_mb.append(rss_mb())
    report.seconds = time.perf_counter() - started


def _wait_for(app, condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the session did not finish in time")
        app.processEvents()
        time.sleep(0.005)


def check_agreement(session: ReviewSession, model: QtPapersModel, database: Path) -> None:
    """The log replays to the decision table, and the session and the table model show the same."""
    _, decided, stored = replayed_log(database)
    assert stored == decided, "the decision table differs from the replayed log"
    assert session.contents.decisions == stored, "the session's decisions differ from the store's"
    shown = {p.paper_id: model.decision(p.paper_id) for p in session.contents.papers}
    assert {paper: state for paper, state in shown.items() if state.decided} == stored, "the table model differs from the store"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=100_000, help="operations: decisions, undos and redos (default 100,000)")
    parser.add_argument("--papers", type=int, default=300, help="papers in the soak's cluster")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the database")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="namesake-soak-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        report = run_soak(args.decisions, folder, args.seed, args.papers)
    print(report.summary())
    for failure in report.failures[:10]:
        print(f"failure: {failure}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
