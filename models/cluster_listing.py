"""Every cluster with its progress, prepared for the cluster list off the GUI thread.

A dblp import makes a cluster of every author name. Over 200,000 clusters,
indexing them by id, taking each one's status and summing the totals took
~0.3 s: done on the worker that reads them, the list takes only the result.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import attrgetter

from models.counting import add_counts
from models.names import cluster_key
from models.queries import ClusterSummary, Status, status_of

# What the cluster search leaves out of names and of what is typed: punctuation, spaces, underscores.
_NOT_SEARCHED = re.compile(r"[\W_]+")


class Totals:
    """Progress over all clusters, kept as clusters change."""

    def __init__(self):
        self.clusters = self.done = self.decided = self.papers = 0
        self.unsure = 0  # of the decided papers: they keep their clusters from being done
        self.largest = 0  # papers in the biggest cluster: how wide "decided / papers" must be
        # How many clusters have each number of unsure papers (those with any): the most of one says how wide its
        # " · 2 unsure" must be, also once they are decided (kept as a maximum, it never came down again).
        self._unsure_counts: Counter[int] = Counter()

    @property
    def most_unsure(self) -> int:
        """The most unsure papers any one cluster has now."""
        return max(self._unsure_counts, default=0)  # over the distinct counts: a few, whatever the clusters

    def add(self, cluster: ClusterSummary, sign: int) -> None:
        self.clusters += sign
        self.done += sign * (cluster.status is Status.DONE)
        self.decided += sign * cluster.decided
        self.unsure += sign * cluster.unsure
        self.papers += sign * cluster.papers
        if sign > 0:
            self.largest = max(self.largest, cluster.papers)
        if cluster.unsure:
            add_counts(self._unsure_counts, (cluster.unsure,), sign)

    @classmethod
    def of(cls, clusters: list[ClusterSummary], statuses: list[Status]) -> Totals:
        """Over every cluster at once (`add` a cluster at a time took 0.4 s over 199,000)."""
        totals = cls()
        totals.clusters = len(clusters)
        totals.done = statuses.count(Status.DONE)
        totals.decided = sum(map(attrgetter("decided"), clusters))
        totals.unsure = sum(map(attrgetter("unsure"), clusters))
        totals.papers = sum(map(attrgetter("papers"), clusters))
        totals.largest = max(map(attrgetter("papers"), clusters), default=0)
        totals._unsure_counts = Counter(filter(None, map(attrgetter("unsure"), clusters)))
        return totals


@dataclass
class ClusterListing:
    """The clusters in list order, and what the list looks them up by: plain lists, read by its filter."""

    clusters: list[ClusterSummary] = field(default_factory=list)
    index_of: dict[int, int] = field(default_factory=dict)  # cluster id → index into clusters
    keys: list[str] = field(default_factory=list)  # each cluster's name as the search compares it (`search_key`)
    statuses: list[Status] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @classmethod
    def of(cls, clusters: list[ClusterSummary]) -> ClusterListing:
        clusters = list(clusters)
        # Straight from the counts: the `status` property, called 200,000 times, took 70 ms.
        counts = (map(attrgetter(count), clusters) for count in ("papers", "decided", "unsure"))
        statuses = list(map(status_of, *counts))
        return cls(
            clusters=clusters,
            index_of={cluster_id: index for index, cluster_id in enumerate(map(attrgetter("id"), clusters))},
            keys=_search_keys(map(attrgetter("key"), clusters)),
            statuses=statuses,
            totals=Totals.of(clusters, statuses),
        )


def search_key(typed: str) -> str:
    """A name, or the part of one typed to find it, as the cluster search compares them: case-folded, letters
    and digits only. LBD stores the block "J. Lee" as "j lee", and "J. Lee" found nothing; now "J. Lee", "j lee",
    "J Lee", "J.Lee" and "jlee" all find it. A cluster's key is case-folded already (`names.cluster_key`)."""
    return _NOT_SEARCHED.sub("", cluster_key(typed))


def _search_keys(keys: Iterable[str]) -> list[str]:
    """`search_key` of clusters' keys, which are case-folded already. Most hold only letters and spaces: the spaces
    go by `str.replace`, and only what is left with other characters goes through the pattern (200,000 keys:
    0.30 s by the pattern alone, 0.17 s so). A comprehension, not map(): its loop hands the interpreter to the GUI
    thread between keys."""
    return [key if key.isalnum() else _NOT_SEARCHED.sub("", key) for key in (spaced.replace(" ", "") for spaced in keys)]


def matching(keys: list[str], statuses: list[Status], needle: str, status: Status | None, among: Sequence[int] | None = None) -> list[int]:
    """The indices of the clusters whose search key holds `needle` (a `search_key`; "" holds every one) and whose
    status is `status` (None: any), ascending; only among the indices `among` when given (typing on narrows)."""
    if among is None:
        if status is None:
            return [i for i, key in enumerate(keys) if needle in key] if needle else list(range(len(keys)))
        return [i for i, (key, now) in enumerate(zip(keys, statuses)) if now is status and needle in key]
    if status is None:
        return [i for i in among if needle in keys[i]]
    return [i for i in among if statuses[i] is status and needle in keys[i]]


def next_open_index(statuses: list[Status], after: int | None) -> int | None:
    """The index of the first cluster not done after index `after`, round to the start, never `after` itself;
    from the start when `after` is None. None when every other cluster is done.

    What `queries.next_open_cluster` finds in a list of summaries, found by `list.index` over the statuses
    (in C): Ctrl+N scanned 200,000 summaries in Python, 26-35 ms of the key.
    """
    segments = [(0, len(statuses))] if after is None else [(after + 1, len(statuses)), (0, after)]
    for low, high in segments:
        found = [_index(statuses, status, low, high) for status in (Status.IN_PROGRESS, Status.NOT_STARTED)]
        found = [index for index in found if index is not None]
        if found:
            return min(found)
    return None


def first_named(keys: list[str], needle: str) -> int | None:
    """The index of the first cluster whose key holds `needle` (a name filter's text, as compared), whatever its
    status: what a name filter would find if the status filter hid nothing. None when no name holds it."""
    return next((index for index, key in enumerate(keys) if needle in key), None)


def next_open_among(statuses: list[Status], shown: Sequence[int], after: int | None) -> int | None:
    """`next_open_index` among the indices `shown` (ascending: the clusters a filtered list shows), from the
    one after `after` round to the start; `after` need not be shown. Stops at the first not done."""
    start = 0 if after is None else bisect_right(shown, after)
    for index in chain(islice(shown, start, None), islice(shown, 0, start)):
        if index != after and statuses[index] is not Status.DONE:
            return index
    return None


def _index(items: list, value: object, low: int, high: int) -> int | None:
    try:
        return items.index(value, low, high)
    except ValueError:
        return None
