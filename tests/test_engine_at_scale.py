"""The suggestion engine on big clusters: a big person grows in place, the merge heap stays small, and
an analysis no longer wanted stops. No Qt."""

from __future__ import annotations

import functools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synth import TextMaker, name_pool
from conftest import SHARED_DATA
from models.stopping import Stopped, stop_if_asked, stop_when
from models.suggest import Constraints, PaperInput, suggest
from models.suggest import grouping
from models.suggest.engine import _group_papers, group_papers


@functools.cache
def _names() -> list[str]:
    return name_pool()


def synthetic(count: int, seed: int = 6) -> list[PaperInput]:
    """Papers of the benchmark's generator: random titles, abstracts, venues and coauthors (no true persons)."""
    text, pool = TextMaker(seed), _names()
    rng = text.rng
    papers = []
    for number in range(count):
        year = text.year()
        coauthors = tuple(pool[i] for i in rng.sample(range(len(pool)), rng.randint(2, 11)))
        papers.append(PaperInput(number, text.title(), abstract=text.abstract(), venue=text.venue(year)[0], year=year,
                                 coauthors=coauthors))
    return papers


class CountedMerger(grouping.Merger):
    """Counts how often a big group was scored against every group."""

    big_scorings = 0

    def _score_against_candidates(self, gid: int, only_higher: bool) -> None:
        if gid in self.big and not only_higher:
            CountedMerger.big_scorings += 1
        super()._score_against_candidates(gid, only_higher)


@pytest.fixture
def counted(monkeypatch):
    CountedMerger.big_scorings = 0
    monkeypatch.setattr(grouping, "Merger", CountedMerger)
    return CountedMerger


def test_a_big_person_in_a_big_cluster_is_not_scored_again_after_every_paper_it_takes(counted):
    """2,000 papers, a reviewer-made person of 300 that takes in nearly all: it was scored against every group
    after each paper (507 times, 7.7 s; a person of 1,000 in 10,000 papers was not done after 11 minutes)."""
    papers = synthetic(2_000)
    started = time.perf_counter()
    suggestions = suggest(papers, Constraints.of(people=[range(300)]), "Aaron J. Chen")
    took = time.perf_counter() - started
    assert counted.big_scorings < 60  # 30 here: once each time it has grown by 5%
    assert took < 30  # 3.3 s here
    extending = [s for s in suggestions if s.person is not None]
    assert len(extending) <= 1 and all(not set(s.papers) & set(range(300)) for s in suggestions)


def test_below_two_thousand_papers_a_big_group_is_scored_after_every_merge(counted):
    """The data with true persons (at most 1,419 papers a cluster) is grouped exactly as before."""
    papers = synthetic(600)
    suggest(papers, Constraints.of(people=[range(120)]), "Aaron J. Chen")
    exact = counted.big_scorings
    assert exact > 100  # the person took in paper after paper, each time scored again
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grouping, "GROW_IN_PLACE_PAPERS", 0)
        counted.big_scorings = 0
        _group_papers.cache_clear()
        suggest(papers, Constraints.of(people=[range(120)]), "Aaron J. Chen")
        assert counted.big_scorings < exact / 5


def _groups(papers, constraints, name=None) -> list[tuple[tuple[int, ...], tuple]]:
    _usable, _rules, _features, groups = group_papers(papers, constraints, name)
    return sorted((tuple(sorted(g.members)), tuple(g.links)) for g in groups)


def test_clearing_the_merge_heap_changes_nothing(monkeypatch):
    """Dead pairs are dropped from the heap; the live ones pop in the same order, so every group and every
    link's score is the same."""
    papers = synthetic(500, seed=3)
    constraints = Constraints.of(people=[range(60)], rejected=[498, 499])
    before = _groups(papers, constraints)
    cleared = []
    original = grouping.Merger._clear_heap
    monkeypatch.setattr(grouping, "HEAP_FLOOR", 50)
    monkeypatch.setattr(grouping.Merger, "_clear_heap", lambda self: (cleared.append(len(self.heap)), original(self)))
    _group_papers.cache_clear()
    after = _groups(papers, constraints)
    assert cleared, "the heap was never cleared"
    assert after == before


def _peak_heap(monkeypatch, papers, constraints) -> int:
    """The most pairs the merge heap held while grouping."""
    peak = 0
    push = grouping.heapq.heappush

    def watched_push(heap, item):
        nonlocal peak
        push(heap, item)
        peak = max(peak, len(heap))

    _group_papers.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(grouping.heapq, "heappush", watched_push)
        group_papers(papers, constraints, "Aaron J. Chen")
    return peak


def test_the_merge_heap_stays_small_while_a_big_group_takes_in_paper_after_paper(monkeypatch):
    """Each time the person takes in a paper, its pairs with every group are pushed (here scored again
    after every merge, as below 2,000 papers); the pairs of the groups that are gone are dropped."""
    papers = synthetic(1_200, seed=4)
    constraints = Constraints.of(people=[range(200)])
    monkeypatch.setattr(grouping, "GROW_IN_PLACE_PAPERS", 10**9)
    monkeypatch.setattr(grouping, "HEAP_FLOOR", 10**9)
    never_cleared = _peak_heap(monkeypatch, papers, constraints)
    monkeypatch.setattr(grouping, "HEAP_FLOOR", 20_000)
    cleared = _peak_heap(monkeypatch, papers, constraints)
    assert cleared < 30_000 < 60_000 < never_cleared  # 20,387 and 81,643 here


# Grown in place, every decision still holds --------------------------------------------------------------------

@st.composite
def big_groups_and_decisions(draw):
    """A person of 45-60 papers (big: more than 40) among the benchmark's random papers, which it takes in
    one after another (grown in place in every seed tried), with decisions of every kind."""
    count = draw(st.integers(min_value=70, max_value=110))
    papers = synthetic(count, seed=draw(st.integers(0, 10**6)))
    person = list(range(draw(st.integers(45, 60))))
    others = list(range(len(person), count))
    second = draw(st.lists(st.sampled_from(others), max_size=4, unique=True))
    rejected = draw(st.lists(st.sampled_from(others), max_size=6, unique=True))
    cannot = draw(st.lists(st.tuples(st.sampled_from(person), st.sampled_from(others)), max_size=8))
    dismissed = draw(st.lists(st.lists(st.sampled_from(others), min_size=2, max_size=5, unique=True), max_size=3))
    people = [person] + ([second] if second else [])
    return papers, Constraints.of(people=people, cannot_link=cannot, rejected=rejected, dismissed=dismissed)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(big_groups_and_decisions())
def test_a_group_grown_in_place_never_breaks_a_decision(case):
    papers, constraints = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grouping, "GROW_IN_PLACE_PAPERS", 0)
        suggestions = suggest(papers, constraints)
    person_of = {p: k for k, person in enumerate(constraints.people) for p in person}
    # Worked out here, not by the engine: a dismissed group stands until more than half of it is placed.
    placed = constraints.rejected.union(*constraints.people)
    standing = [group for group in constraints.dismissed if 2 * len(group & placed) <= len(group)]
    seen: set = set()
    for suggestion in suggestions:
        members = set(suggestion.papers)
        assert not members & constraints.rejected and not members & set(person_of) and not members & seen
        seen |= members
        whole = members | (set(constraints.people[suggestion.person]) if suggestion.person is not None else set())
        assert len({person_of[p] for p in whole if p in person_of}) <= 1, "two people joined"
        for pair in constraints.cannot_link:
            if not pair & constraints.rejected:
                assert not pair <= whole, "a cannot-link was joined"
        assert all(2 * len(members & group) <= len(members) for group in standing), "mostly a dismissed group"


def test_grown_groups_are_used_in_the_property_test(monkeypatch):
    """The property above would say nothing if no group grew in place: one example where they do."""
    grown = []
    original = grouping.Merger._grow
    monkeypatch.setattr(grouping.Merger, "_grow", lambda self, *args: (grown.append(args[0]), original(self, *args)))
    monkeypatch.setattr(grouping, "GROW_IN_PLACE_PAPERS", 0)
    suggest(synthetic(80, seed=11), Constraints.of(people=[range(50)], cannot_link=[(0, 79)]))
    assert len(grown) > 10


# Stopping -----------------------------------------------------------------------------------------------------


def test_an_analysis_stops_when_asked_and_leaves_nothing_half_made():
    papers = synthetic(400, seed=5)
    constraints = Constraints.of(people=[range(50)])
    checks = []

    def outdated() -> bool:
        checks.append(1)
        return len(checks) > 20  # after a few merges

    with stop_when(outdated), pytest.raises(Stopped):
        suggest(papers, constraints, "Aaron J. Chen")
    assert len(checks) == 21
    stop_if_asked()  # outside the block nothing stops
    # Nothing of the stopped run was kept: the same input gives what a fresh start gives.
    after_stop = suggest(papers, constraints, "Aaron J. Chen")
    _group_papers.cache_clear()
    assert after_stop == suggest(papers, constraints, "Aaron J. Chen")


@pytest.mark.skipif(not (SHARED_DATA / "arnetminer").is_dir(), reason="shared data not present")
def test_a_check_that_never_fires_changes_nothing():
    from models.suggest.datasets import read_arnetminer

    cluster = read_arnetminer(SHARED_DATA / "arnetminer" / "Bing Liu.xml")
    plain = suggest(cluster.papers)
    _group_papers.cache_clear()
    with stop_when(lambda: False):
        watched = suggest(cluster.papers)
    assert watched == plain
