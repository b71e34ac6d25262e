"""The window figures of one cluster, measured in this process on the real window.

    python -m benchmarks.window DB CLUSTER [--other NAME] [--runs N] [--bulk N]

Prints one JSON object of lists of seconds (each value next to its raw
baseline, run after run) and RSS readings. The window is the real
`MainWindow` over a `ReviewSession`, offscreen, driven with `QTest`; every
timed section ends painted: a filter key or a sort with a synchronous
repaint of the whole table (every row changes), a decision with the event
loop run until nothing is pending, which is the frame a reviewer sees: Qt
repaints what changed (the decided rows, the paper shown below, the people
list, the counts), the rest of the window stays as it was.
The database is changed (decisions): give it a copy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks import raw  # noqa: E402
from benchmarks.measure import peak_rss_mb, rss_mb, seconds  # noqa: E402
from benchmarks.qt_wait import run_until  # noqa: E402

FILTER_TERM = "robust"  # typed one key at a time; "r" matches every paper, "robust" about one in five
# The first key after opening: one that changes the rows shown ("q": about 85% of the papers).
# "r" would match every paper, and a key that leaves the rows as they were repaints nothing.
FIRST_KEY = "q"
YEAR_COLUMN = 4  # gui.papers_model.YEAR (the header a reviewer clicks)


def _no_dialogs() -> None:
    """A message box would wait forever offscreen: say what it says and stop instead."""
    from PySide6.QtWidgets import QMessageBox

    def stop(_parent, title, text, *_args, **_kwargs):
        print(f"benchmarks.window: the window showed a dialog: {title}: {text}", file=sys.stderr, flush=True)
        os._exit(3)

    for kind in ("warning", "information", "question", "critical"):
        setattr(QMessageBox, kind, staticmethod(stop))


def _without_analysis() -> None:
    """Switch off the suggestion analysis the session starts after every load and change.

    It runs the suggestion engine over the whole cluster on a worker thread,
    in pure Python: on a 20,000-paper cluster it holds the GIL for far longer
    than a benchmark run, and every figure would measure the contention
    instead of its own path. Its cost is reported separately (`analysis`).
    """
    from gui.session import ReviewSession

    ReviewSession.analyse = lambda self: None


class _PaintWatch(QObject):
    """Counts the paint events the application delivers."""

    def __init__(self):
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class WindowBench:
    def __init__(self, db: Path, analysis: bool = False):
        if not analysis:
            _without_analysis()
        from gui.main_window import MainWindow
        from gui.session import ReviewSession
        from models.store import Store

        self.db = db
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        _no_dialogs()
        self.store = Store(db, reviewer="bench")
        self.load_seconds: list[float] = []
        self._time_loads()
        self.session = ReviewSession(self.store)
        self.window = MainWindow(self.session)
        self.window.show()
        # What MainWindow.start() does, less the integrity check: on a 1M database it reads the whole
        # file in the background for minutes and would disturb every figure (reported on its own).
        self.session.list_clusters()
        self.table = self.window.papers.table
        self.scratch = raw.DurableTable(db.with_name(db.stem + ".baseline.sqlite3"))

    def _time_loads(self) -> None:
        """Record how long the worker's query takes, to split the open figure (store time vs window time)."""
        load = self.store.load_cluster

        def timed(cluster_id: int):
            start = time.perf_counter()
            contents = load(cluster_id)
            self.load_seconds.append(time.perf_counter() - start)
            return contents

        self.store.load_cluster = timed

    def close(self) -> None:
        """Close what can be closed; a suggestion analysis still running is left to `os._exit`."""
        self.scratch.close()
        self.window.hide()
        if not self.session.runner.busy:
            self.store.close(backup=False)  # a backup of a 1M database on every run would swamp the cache folder

    # Steps ----------------------------------------------------------------

    def open(self, cluster_id: int) -> None:
        run_until(self.session.cluster_loaded, lambda: self.session.open_cluster(cluster_id, reload=True))

    def keystroke(self, widget, key) -> None:
        QTest.keyClick(widget, key)
        self.table.viewport().repaint()

    def settle(self, quiet: float = 0.03, limit: float = 1.0) -> None:
        """Let the window go idle, as it does between a reviewer's keys (untimed).

        Opening, filtering and deciding leave layout and paint work queued for
        the next turns of the event loop; without this, a timed step is charged
        with what the previous one left behind. Idle: nothing painted and no
        turn of the loop longer than a millisecond for `quiet` seconds.
        """
        self._run_until_quiet(quiet, limit, long_turn=0.001)

    def key_and_frame(self, widget, key, quiet: float = 0.03) -> float:
        """Seconds from the key until the last repaint it caused is done.

        The event loop runs until nothing has been painted for `quiet` seconds;
        the time counted ends with the last turn of the loop that painted
        (Qt delivers some repaints a few milliseconds later, in a second frame:
        the paper shown below a decided row, for one). The quiet tail is not counted.
        """
        start = time.perf_counter()
        QTest.keyClick(widget, key)
        return self._run_until_quiet(quiet) - start

    def _run_until_quiet(self, quiet: float, limit: float = float("inf"), long_turn: float | None = None) -> float:
        """Turn the event loop until `quiet` seconds pass without a paint (nor, with `long_turn`, a turn
        that long), or `limit` seconds in all; when the last such turn ended (`time.perf_counter`)."""
        watch = _PaintWatch()
        self.app.installEventFilter(watch)
        try:
            start = last = time.perf_counter()
            while time.perf_counter() - last < quiet and time.perf_counter() - start < limit:
                before, turn = watch.paints, time.perf_counter()
                self.app.processEvents()
                took = time.perf_counter() - turn
                if watch.paints != before or (long_turn is not None and took > long_turn):
                    last = time.perf_counter()
            return last
        finally:
            self.app.removeEventFilter(watch)

    def decided(self) -> int:
        return len(self.session.contents.decisions)

    # Figures ----------------------------------------------------------------

    def measure(self, cluster_id: int, other_id: int, runs: int, bulk: int, analysis: bool = False) -> dict:
        out: dict = {"rss_window_mb": rss_mb()}
        self._open_and_first_key(cluster_id, other_id, runs, out)
        papers = self.session.contents.papers
        out["papers"] = len(papers)
        self._filter(runs, raw.haystacks(self.session.contents), out)
        out["rss_reopened_mb"] = rss_mb()  # after `runs` opens: freed rows leave the allocator's arenas fragmented
        out["peak_rss_mb"] = peak_rss_mb()
        if analysis:  # on the cluster as loaded, nothing decided yet (decided papers are left out of it)
            out.update(time_analysis(self.session.contents, self.session.store, self.table))
        self._decisions(runs, out)
        self._bulk(runs, min(bulk, len(papers) // 2), out)
        self._sort(runs, raw.year_keys(papers), out)
        # What painting alone costs (nothing changed): the floor under every "repainted" figure.
        out["paint_table"] = [seconds(self.table.viewport().repaint) for _ in range(runs)]
        out["paint_window"] = [seconds(self.window.repaint) for _ in range(runs)]
        self._bare_decisions(3 * runs, papers, out)  # last: it hides the review window
        out["rss_end_mb"] = rss_mb()
        out["peak_rss_end_mb"] = peak_rss_mb()
        return out

    def _open_and_first_key(self, cluster_id: int, other_id: int, runs: int, out: dict) -> None:
        papers_pane = self.window.papers
        opened, baseline, first_key, first_whole, first_raw, loads = [], [], [], [], [], []
        for _ in range(runs):
            self.open(other_id)  # untimed: come from another cluster, as a reviewer does
            self.settle()
            opened.append(seconds(lambda: (self.open(cluster_id), self.window.repaint())))
            self.settle()  # what opening left queued; well before the word index starts (INDEX_DELAY_MS)
            loads.append(self.load_seconds[-1])
            papers_pane.start_filter()
            self.settle()  # the filter bar has appeared before the reviewer types into it
            if papers_pane.model.word_index_ready:
                raise RuntimeError("the word index was built before the first key: the figure would not be a scan")
            started = time.perf_counter()
            self.keystroke(papers_pane.filter_edit, FIRST_KEY)  # painted: the top of the result
            first_key.append(time.perf_counter() - started)
            while papers_pane.model.scanning:  # the rest of the scan, between events
                self.app.processEvents()
            first_whole.append(time.perf_counter() - started)
            papers_pane.close_filter()
            # After the key: the baseline's ~300 ms without events would let the word index start.
            baseline.append(seconds(lambda: raw.query_cluster(self.db, cluster_id)))
            haystacks = raw.haystacks(self.session.contents)  # untimed: the baseline scans, it does not build
            first_raw.append(seconds(lambda: raw.substring_scan(haystacks, FIRST_KEY)))
            del haystacks
            if "rss_open_mb" not in out:  # opened once, its search text built: what a reviewer's process holds
                out["rss_open_mb"] = rss_mb()
        out.update(open=opened, open_raw=baseline, open_store_load=loads, first_filter_key=first_key, first_filter_whole=first_whole,
                   first_filter_raw=first_raw)

    def _filter(self, runs: int, haystacks: list[str], out: dict) -> None:
        """Typing in the filter once the cluster has been open a moment (the first-key figure covers the moment before).

        A word index of the cluster's text is built in slices between events
        in the first second after opening (0.6 s of work for 20,000 papers);
        until then, and for clusters past its size limit, the filter scans.
        """
        pane = self.window.papers
        out["filter_indexed"] = pane.model.wait_for_word_index()
        out["rss_indexed_mb"] = rss_mb()  # the cluster open with its word index: what a reviewer's process holds a second later
        keys, scans = [], []
        for _ in range(runs):
            pane.start_filter()
            for end in range(1, len(FILTER_TERM) + 1):
                self.settle()
                keys.append(seconds(lambda: self.keystroke(pane.filter_edit, FILTER_TERM[end - 1])))
                scans.append(seconds(lambda: raw.substring_scan(haystacks, FILTER_TERM[:end])))
            out["filter_shown"] = pane.model.rowCount()
            pane.close_filter()
        out.update(filter_key=keys, filter_raw=scans)

    def _decisions(self, runs: int, out: dict) -> None:
        self.table.setFocus()
        self.window.papers.go_to_first_undecided()
        self.key_and_frame(self.table, Qt.Key.Key_N)  # untimed: the first write warms the caches
        before = self.decided()
        times, baseline = [], []
        for _ in range(runs):
            self.settle()
            times.append(self.key_and_frame(self.table, Qt.Key.Key_N))
            baseline.append(seconds(self.scratch.insert_commit))
        if self.decided() != before + runs:
            raise RuntimeError(f"{runs} keys N made {self.decided() - before} decisions")
        out.update(decision=times, decision_raw=baseline)

    def _bare_decisions(self, runs: int, papers, out: dict) -> None:
        """The same key in a bare PySide6 window over the same rows: with the baseline's commit, and without it."""
        from benchmarks.bare_decision import BareDecisionWindow

        self.window.hide()
        for key, commit in (("bare_decision", self.scratch.insert_commit), ("bare_paint", None)):
            bare = BareDecisionWindow(papers, commit, self.window.size().toTuple())
            table = bare.start()
            self.settle(0.2, 2.0)
            self.key_and_frame(table, Qt.Key.Key_N)  # untimed, as the window's first
            times, baseline = [], []
            for _ in range(runs):
                self.settle()
                times.append(self.key_and_frame(table, Qt.Key.Key_N))
                baseline.append(seconds(self.scratch.insert_commit))
            if bare.decided() != runs + 1:
                raise RuntimeError(f"{runs + 1} keys N marked {bare.decided()} rows of the bare window")
            bare.close()
            out.update({key: times, f"{key}_raw": baseline})

    def _bulk(self, runs: int, count: int, out: dict) -> None:
        model, selection_model = self.window.papers.model, self.table.selectionModel()
        first = model.rowCount() - count
        times, baseline = [], []
        for run in range(runs):
            verdict, key = ("unsure", Qt.Key.Key_U) if run % 2 else ("rejected", Qt.Key.Key_N)
            selection = QItemSelection(model.index(first, 0), model.index(first + count - 1, model.columnCount() - 1))
            selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection_model.setCurrentIndex(model.index(first, 3), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.settle()
            times.append(self.key_and_frame(self.table, key))
            baseline.append(seconds(lambda: self.scratch.executemany_commit(count, verdict)))
            last = self.session.contents.decisions.get(model.paper_at(first + count - 1).paper_id)
            if last is None or last.verdict.value != verdict:
                raise RuntimeError(f"the bulk decision on {count} rows did not land")
        out.update(bulk_rows=count, bulk=times, bulk_raw=baseline)

    def _sort(self, runs: int, keys: list, out: dict) -> None:
        """Click the Year header, as a reviewer does: each click sorts once, flipping the order.

        (`QTableView.sortByColumn` would sort twice: once through the header's
        signal, once directly.)
        """
        self.window.papers.set_current_row(0)
        header = self.table.horizontalHeader()
        where = QPoint(header.sectionViewportPosition(YEAR_COLUMN) + header.sectionSize(YEAR_COLUMN) // 2, header.height() // 2)
        times, baseline = [], []
        for _ in range(runs):
            self.settle()
            click = lambda: QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)  # noqa: E731
            times.append(seconds(lambda: (click(), self.table.viewport().repaint())))
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            baseline.append(seconds(lambda: raw.sort_by(keys, descending)))
        if header.sortIndicatorSection() != YEAR_COLUMN:
            raise RuntimeError("clicking the Year header did not sort by year")
        out.update(sort=times, sort_raw=baseline)


def time_analysis(contents, store, table) -> dict:
    """One run of what the session computes after every load and change (`gui.session.analyse`).

    On a thread, as the window runs it, with the papers table repainted every
    50 ms meanwhile: the analysis is pure Python, and what it costs the GUI
    thread is a figure of its own.
    """
    from gui.session import analyse

    before = rss_mb()  # the session has already set the interpreter's switch interval, as the window does
    took: list[float] = []
    done = threading.Event()

    def run() -> None:
        took.append(seconds(lambda: analyse(contents, store.abstracts(contents.cluster.id))))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    busy = []
    while not done.wait(0.05):
        busy.append(seconds(table.viewport().repaint))
    idle = [seconds(table.viewport().repaint) for _ in range(5)]
    return {"analysis": took, "analysis_rss_growth_mb": peak_rss_mb() - before, "repaint_suggesting": busy, "repaint_idle": idle}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.window")
    parser.add_argument("db", type=Path)
    parser.add_argument("cluster")
    parser.add_argument("--other", required=True, help="a small cluster to open between runs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bulk", type=int, default=10_000)
    parser.add_argument("--analysis", action="store_true", help="leave the background suggestion analysis on")
    parser.add_argument("--time-analysis", action="store_true", help="also time one suggestion analysis of the cluster")
    args = parser.parse_args(argv)
    bench = WindowBench(args.db, args.analysis)
    try:
        cluster, other = bench.store.find_cluster(args.cluster), bench.store.find_cluster(args.other)
        result = bench.measure(cluster.id, other.id, args.runs, args.bulk, args.time_analysis)
    finally:
        bench.close()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    os._exit(code)  # a background analysis may still run: do not wait for it
