"""What a person of a cluster looks like so far: papers, years, coauthors, venues.

Computed from a loaded cluster in plain Python, so the people panel can
refresh it after every decision without asking the database.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from models.conflicts import is_absent, person_conflicts
from models.counting import add_counts
from models.history import verdict_of
from models.names import without_homonym_suffix
from models.queries import ClusterContents, PaperRow
from models.schema import Verdict

TOP = 3


@dataclass(frozen=True)
class PersonStats:
    papers: int
    first_year: int | None
    last_year: int | None
    per_year: tuple[tuple[int, int], ...]  # (year, papers), every year of the span
    coauthors: tuple[tuple[str, int], ...]  # the most frequent, with their paper counts
    venues: tuple[tuple[str, int], ...]
    twice: int = 0  # papers carrying the name twice (two people of the name wrote them)
    absent: int = 0  # papers not listing the name at all (where the source shows every author)

    @property
    def years(self) -> str:
        if self.first_year is None:
            return "no year"
        return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"


def person_papers(contents: ClusterContents, person_id: int) -> list[PaperRow]:
    return [
        paper
        for paper in contents.papers
        if (state := contents.decisions.get(paper.paper_id)) and state.verdict is Verdict.PERSON and state.person_id == person_id
    ]


def person_stats(contents: ClusterContents, person_id: int, top: int = TOP) -> PersonStats:
    return stats_of(person_papers(contents, person_id), top)


def stats_of(papers: list[PaperRow], top: int = TOP) -> PersonStats:
    tally = Tally(top)
    tally.add(papers)
    return tally.stats()


def _coauthors(paper: PaperRow) -> set[str]:
    """The paper's coauthors, "Guohao Dai 0001" counted as "Guohao Dai" (dblp's suffix marks a person, not a name)."""
    own = set(paper.name_positions)
    return {without_homonym_suffix(name) for position, name in enumerate(paper.authors) if position not in own}


def _rank(item: tuple[str, int]) -> tuple[int, str]:
    """Most frequent first, ties in alphabetical order so the panel does not flicker."""
    return -item[1], item[0]


class RankedCounts:
    """Counts and their `top` most frequent keys, kept as counts go up and down.

    A person of 5,000 papers has some 20,000 coauthors; ranking them all after
    every decision into it (or every undo of one) took more than a frame. So
    the best `KEPT` keys are kept in rank order, every other key ranking below
    all of them: a rise can only bring a risen key in, a fall can only send a
    fallen one out, and every key is ranked again only when too few are left.
    """

    KEPT = 64

    def __init__(self, top: int):
        self.counts: Counter = Counter()
        self._size = top
        self._kept: list = []  # the best keys, best first
        self._all = True  # whether the kept keys are every key there is

    def add(self, keys: Iterable[Hashable], sign: int = 1) -> None:
        changed = Counter(keys)
        if not changed:
            return
        counts = self.counts
        if sign > 0:
            add_counts(counts, changed)
            # A key now among the best was there before or has just risen.
            candidates = set(self._kept) | changed.keys()
            self._keep(candidates, self.KEPT if self._all else len(self._kept))
            self._all = self._all and len(candidates) <= self.KEPT
            return
        worst = _rank((self._kept[-1], counts[self._kept[-1]])) if self._kept else None
        add_counts(counts, changed, -1)
        # A fallen key stays only while it still ranks above every key that was left out.
        kept = [key for key in self._kept
                if key in counts and (self._all or key not in changed or _rank((key, counts[key])) <= worst)]
        if len(kept) < self._size and not self._all:
            self._keep(counts, self.KEPT)
            self._all = len(counts) <= self.KEPT
        else:
            self._keep(kept, len(kept))

    def top(self) -> tuple[tuple[Hashable, int], ...]:
        return tuple((key, self.counts[key]) for key in self._kept[: self._size])

    def _keep(self, keys: Iterable[Hashable], size: int) -> None:
        counts = self.counts
        self._kept = [key for key, _ in heapq.nsmallest(size, ((key, counts[key]) for key in keys), key=_rank)]


class Tally:
    """One person's papers summed up for its stats, paper by paper in and out."""

    def __init__(self, top: int = TOP):
        self.papers = 0
        self.years: Counter = Counter()
        self.coauthors = RankedCounts(top)
        self.venues = RankedCounts(top)
        self.twice = 0
        self.absent = 0

    def add(self, papers: Iterable[PaperRow], sign: int = 1) -> None:
        papers = list(papers)
        self.papers += sign * len(papers)
        add_counts(self.years, (paper.year for paper in papers if paper.year is not None), sign)
        self.coauthors.add((name for paper in papers for name in _coauthors(paper)), sign)
        self.venues.add((paper.venue for paper in papers if paper.venue), sign)
        self.twice += sign * sum(1 for paper in papers if len(paper.name_positions) > 1)
        self.absent += sign * sum(1 for paper in papers if is_absent(paper))

    def stats(self) -> PersonStats:
        years = self.years
        first, last = (min(years), max(years)) if years else (None, None)
        per_year = tuple((year, years.get(year, 0)) for year in range(first, last + 1)) if years else ()
        return PersonStats(self.papers, first, last, per_year, self.coauthors.top(), self.venues.top(), self.twice, self.absent)


class PeopleStats:
    """Each person's stats, kept up to date decision by decision.

    A change adds and takes out only the papers it moved, so a keystroke in
    a 20,000-paper cluster neither rescans every paper nor sums a big person
    again.
    """

    def __init__(self, contents: ClusterContents):
        self._papers = {paper.paper_id: paper for paper in contents.papers}
        self._owner: dict[int, int] = {}
        self._tallies: dict[int, Tally] = {}
        self._cache: dict[int, PersonStats] = {}
        self._conflicts: dict[int, list[str]] = {}
        self.apply(contents.decisions)

    def apply(self, decisions: dict) -> None:
        """Take in new decision states (paper id → DecisionState).

        The papers that matter are found with set operations and a scan in
        C: a bulk rejection of 10,000 papers touches no person (~4 -> 0.5 ms).
        """
        leaving: dict[int, list[PaperRow]] = {}
        for paper_id in self._owner.keys() & decisions.keys():
            leaving.setdefault(self._owner.pop(paper_id), []).append(self._papers[paper_id])
        self._take_out(leaving)  # before the papers joining are owned: a recount reads who owns what
        joining: dict[int, list[PaperRow]] = {}
        if Verdict.PERSON in map(verdict_of, decisions.values()):
            for paper_id, state in decisions.items():
                if state.verdict is Verdict.PERSON and paper_id in self._papers:
                    self._owner[paper_id] = state.person_id
                    joining.setdefault(state.person_id, []).append(self._papers[paper_id])
        for person_id, papers in joining.items():
            self._tallies.setdefault(person_id, Tally()).add(papers)
            self._forget(person_id)

    def _take_out(self, leaving: dict[int, list[PaperRow]]) -> None:
        """Take the papers leaving each person out of its tally; they have left `_owner` already.

        When most of a person's papers leave (an undone bulk decision: 7,356 of 7,357), the few left are
        summed afresh: taking out the many read every coauthor of each (50 ms of a 150 ms undo at the window).
        Finding the few walks every owned paper of the cluster (5 ms at 100,000), so it is done once for
        all such people, and never for a person left with no paper.
        """
        recount: set[int] = set()
        for person_id, papers in leaving.items():
            self._forget(person_id)
            tally = self._tallies[person_id]
            if len(papers) == tally.papers:
                self._tallies[person_id] = Tally()
            elif 2 * len(papers) <= tally.papers:
                tally.add(papers, -1)
            else:
                recount.add(person_id)
        if recount:
            self._recount(recount)

    def _recount(self, people: set[int]) -> None:
        """Sum the papers still owned by each of `people` afresh, in one walk over the owners."""
        kept: dict[int, list[PaperRow]] = {person_id: [] for person_id in people}
        for paper_id, owner in self._owner.items():
            if owner in kept:
                kept[owner].append(self._papers[paper_id])
        for person_id, papers in kept.items():
            self._tallies[person_id] = Tally()
            self._tallies[person_id].add(papers)

    def _forget(self, person_id: int) -> None:
        self._cache.pop(person_id, None)
        self._conflicts.pop(person_id, None)

    def stats(self, person_id: int) -> PersonStats:
        if person_id not in self._cache:
            tally = self._tallies.get(person_id)
            self._cache[person_id] = tally.stats() if tally is not None else stats_of([])
        return self._cache[person_id]

    def conflicts(self, person_id: int) -> list[str]:
        if person_id not in self._conflicts:
            self._conflicts[person_id] = person_conflicts(self.stats(person_id))
        return self._conflicts[person_id]
