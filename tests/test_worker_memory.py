"""Workers that make many objects: Python's collector runs rarely meanwhile, then as before, and an
analysis keeps nothing of its engine's work once it is done."""

from __future__ import annotations

import functools
import gc
import threading

import pytest

from models.garbage import RARE_COLLECTION_THRESHOLD, rare_collections


@pytest.fixture(autouse=True)
def no_analysis_left_running():
    """An analysis an earlier window test left on its thread (gui.workers.DisposableRunner: quitting never waits
    for one) counts as a second call here and moves the collector's thresholds: these tests failed 2 runs in 4
    after the window tests. They wait for it, and for Qt's pool, to end; and count only their own thread's calls, since such a window
    may start another as pytest-qt turns the event loop at the test's start."""
    for thread in threading.enumerate():
        if thread.name in ("namesake-analysis", "namesake-imports"):
            thread.join(60)
    # So may a listing or a load an earlier window queued on Qt's pool: a full run left the thresholds raised
    # after the load here, (50000, 10, 10) for (700, 10, 10), another thread still inside `rare_collections`.
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(60_000)


def test_overlapping_rare_collections_on_two_threads_put_back_the_thresholds_from_before_the_first():
    """An import and a listing of every cluster overlap on two workers, and may end in either order."""
    import threading

    before = gc.get_threshold()
    rare = (RARE_COLLECTION_THRESHOLD, *before[1:])
    first_in, second_in, first_may_leave = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def first() -> None:  # in first, out first: the second still needs rare collections
        with rare_collections():
            first_in.set()
            first_may_leave.wait(5)
        seen.append(("first left", gc.get_threshold()))
        second_in.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(5)
    with rare_collections():
        first_may_leave.set()
        assert second_in.wait(5)
        seen.append(("second inside", gc.get_threshold()))
    thread.join(5)
    assert seen == [("first left", rare), ("second inside", rare)]
    assert gc.get_threshold() == before


def test_a_load_collects_garbage_rarely_and_puts_back_the_thresholds(seeded, monkeypatch):
    from models import queries

    load, during = queries.load_cluster, []

    def watched(conn, cluster_id):
        during.append(gc.get_threshold()[0])
        return load(conn, cluster_id)

    monkeypatch.setattr(queries, "load_cluster", watched)
    before = gc.get_threshold()
    seeded.load_cluster(seeded.clusters()[0].id)
    assert during == [max(before[0], RARE_COLLECTION_THRESHOLD)] and gc.get_threshold() == before


@pytest.mark.parametrize("stopped", [False, True])
def test_a_suggestion_analysis_collects_garbage_rarely_and_puts_back_the_thresholds(seeded, monkeypatch, stopped):
    import models.suggestions
    from gui.session import analyse
    from models.stopping import Stopped

    during = []
    suggest = models.suggestions._suggested
    this_thread = threading.get_ident()

    def watched(contents, inputs, constraints):
        if threading.get_ident() != this_thread:  # an earlier test's window, as `_this_threads_own_cache` says
            return suggest(contents, inputs, constraints)
        during.append(gc.get_threshold()[0])
        if stopped:
            raise Stopped()  # as when the reviewer decides meanwhile
        return suggest(contents, inputs, constraints)

    monkeypatch.setattr(models.suggestions, "_suggested", watched)
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    before = gc.get_threshold()
    if stopped:
        with pytest.raises(Stopped):
            analyse(contents, {})
    else:
        assert analyse(contents, {}).cluster_id == contents.cluster.id
    assert during == [max(before[0], RARE_COLLECTION_THRESHOLD)] and gc.get_threshold() == before


class _this_threads_own_cache:
    """The engine's kept grouping, as its lru_cache keeps it, counted for this thread's calls alone: pytest-qt turns
    the event loop as a test starts, and an earlier test's window may start an analysis then, which counted as a
    second grouping built here (CI on a fresh clone: (2, 1, 1) for (1, 1, 1))."""

    def __init__(self, shared):
        self._shared, self._thread = shared, threading.get_ident()
        self._own = functools.lru_cache(maxsize=shared.cache_parameters()["maxsize"])(shared.__wrapped__)
        self.cache_info = self._own.cache_info

    def __call__(self, *args):
        return (self._own if threading.get_ident() == self._thread else self._shared)(*args)

    def cache_clear(self) -> None:
        self._own.cache_clear()
        self._shared.cache_clear()


@pytest.mark.parametrize("stopped", [False, True])
def test_an_analysis_shares_its_grouping_between_suggestions_and_order_then_lets_it_go(seeded, monkeypatch, stopped):
    """Kept from one analysis to the next, old groupings (every paper's features) grew the window of a
    10,000-paper cluster by 150 MB with each of its first four analyses."""
    import models.suggestions
    from gui.session import analyse
    from models.stopping import Stopped
    from models.suggest import engine

    contents = seeded.load_cluster(seeded.clusters()[0].id)
    order = models.suggestions._review_next
    seen = []

    def ordered(contents, inputs, constraints):
        result = order(contents, inputs, constraints)
        seen.append(engine._group_papers.cache_info())  # after suggestions and order, before the analysis ends
        if stopped:
            raise Stopped()
        return result

    monkeypatch.setattr(models.suggestions, "_review_next", ordered)
    monkeypatch.setattr(engine, "_group_papers", _this_threads_own_cache(engine._group_papers))
    engine.forget_groupings()
    if stopped:
        with pytest.raises(Stopped):
            analyse(contents, {})
    else:
        assert analyse(contents, {}).suggestions is not None
    assert [(info.misses, info.hits, info.currsize) for info in seen] == [(1, 1, 1)]  # built once, used twice
    assert engine._group_papers.cache_info().currsize == 0
