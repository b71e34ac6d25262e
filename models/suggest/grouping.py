"""Growing groups of papers: coauthor links first, then merging by similarity.

Stage 0: each reviewer-made person starts as one group; every other paper
starts alone.

Stage 1 (backbone): papers that share a coauthor join one group. A specific
name ("Qi Tian") is enough. A name that many people may carry joins two
papers only when they also share a second coauthor or the same venue series:
one whose surname 8 or more different coauthor names of this cluster carry
and whose first given name 5 or more carry ("wei wang" among many Wangs and
Weis; "kongqiao wang" is specific), and a name of initials ("q tian") unless at
least half the cluster's coauthor names are initials only (a source that
abbreviates everyone, where "a whinston" is as specific as names get).
In a cluster named by initials ("A. Gupta", a block of LBD or S2AND), papers
that spell the own name alike in full ("Anoop Gupta") are joined the same
way, before the coauthors, with the spelling in the role of a shared name.

The own name's first given names (stage 1 and 2): papers that write it with
first names that disagree ("Marcos Silva", "Mario Silva") are never joined;
an initial ("M. Silva") or a shortening ("Th." of "Thomas") agrees with both.

Stage 2 (merging): best-first agglomerative clustering of the groups. The
similarity of two groups compares their summed tf-idf paper vectors
(centroid linkage), each group's vector cut to its 100 strongest terms: the
cosines of venue words (weight 0.5), title and abstract words (1.0) and
affiliation words (0.5), averaged over the channels both groups know and
scaled to the venue + title total of 1.5. It is divided by
1 + 0.1 * ln(papers of the larger group) + 0.3 * ln(1 + distinct coauthors
of the group with fewer): a big, broad group should not swallow everything
near it, and two groups that each have many coauthors yet share none (else
stage 1 would have joined them) are less likely one person.

A merge's score adds the share prior of the bigger group (`share_prior`):
0.06 * ln(s / (1 - s)) for a group holding the share s of the cluster's
papers, at most +0.05. Before any evidence, a paper is likelier one of a
person who already holds much of the cluster: so a cluster of many people,
where every group is small, merges only on strong evidence (a group of 1% of
the papers needs 0.28 more), and a cluster dominated by one person gathers
its stray papers on weak evidence. A positive prior is divided by (papers
of the smaller group) ** 0.25: a stray paper of another person costs the
reviewer no more inside the big group than alone, a whole other person of
k papers costs k - 1, so the bigger the incoming group the less weak
evidence should pull it in. The best-scoring allowed pair merges
first, the merged group is scored afresh, and merging stops when no pair
reaches `MERGE_THRESHOLD`. Candidate pairs come from an inverted index of the
groups' terms, leaving out terms that more than max(40, 2·√n) papers use
(their share of a score is still counted once a pair is a candidate); a
group of more papers than that is a candidate of every group, since its
overlap with a small one may lie in such frequent terms only.

Every merge must pass `constraints.Rules.allowed`.

Stage 1 is `models.suggest.joining`; a group and its vectors, `models.suggest.groups`.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from models.stopping import stop_if_asked
from models.suggest.constraints import Rules
from models.suggest.features import PaperFeatures
from models.suggest.groups import Group, Link, allowed, dot, grown, profile
from models.suggest.joining import join_by_coauthors, seed_groups

# Chosen on the design data (the 28 design Arnetminer names, alphabetical
# order, even places, and LBD's dblp "A. Gupta"): channel weights, damping,
# the base threshold and the share prior.
VENUE_WEIGHT = 0.5
TITLE_WEIGHT = 1.0
AFFILIATION_WEIGHT = 0.5
SIZE_DAMPING = 0.1
MERGE_THRESHOLD = 0.075
# The share prior (see `share_prior`): a group of half the papers needs the
# base threshold, one of 1% needs 0.28 more, one of 70% or more 0.05 less.
SHARE_PRIOR_WEIGHT = 0.06
SHARE_BONUS_CAP = 0.05
# A positive share prior is divided by (papers of the smaller group) ** this
# (0.15 to 0.3 do equally well on the design data).
SHARE_BONUS_SMALL_POWER = 0.25
COAUTHOR_DAMPING = 0.3
# In a cluster of this many papers or more, scoring a group against all the others costs tens of
# milliseconds, and a big group (more papers than `frequent_limit`) is a candidate of every group, so
# it is scored against all of them each time it grows: a reviewer-made person of 1,000 papers that
# took in one paper after another had a 10,000-paper cluster's suggestions unfinished after 11 minutes.
# There a big group grows in place, keeping its pairs, until it holds `GROW_IN_PLACE_SHARE` more
# papers than when it was last scored; a pair scored before it grew is scored again when it comes up
# and merges only if it is then still the best (`Merger.run`). Every data set with true persons here
# has smaller clusters, so their groups are as before; grown in place in all of them, the 55
# Arnetminer names came out within 0.002 of every figure.
GROW_IN_PLACE_PAPERS = 2_000
GROW_IN_PLACE_SHARE = 0.05
# The merge heap is cleared of pairs whose groups are gone once it is this many times what was
# left after the last clearing (and past `HEAP_FLOOR` entries).
HEAP_GROWTH = 2
HEAP_FLOOR = 100_000


# Stage 2 ---------------------------------------------------------------------


def merge_score(left: Group, right: Group) -> float:
    """The stage-2 similarity of two groups, before the share prior (see the module's docstring)."""
    dots = [
        dot(left.venue_top, right.venue_top),
        dot(left.title_top, right.title_top),
        dot(left.affiliation_top, right.affiliation_top),
    ]
    return score_from_dots(dots, left, right)


def frequent_limit(papers: int) -> int:
    """max(40, 2·√n): words used by more papers are left out of candidate search."""
    return max(40, int(2 * math.sqrt(papers)))


Channels = tuple[set[str], set[str], set[str]]  # venue, title and affiliation words, in `profile` order


def frequent_words(features: Sequence[PaperFeatures]) -> Channels:
    """Of each channel, the words used by more than `frequent_limit` papers: left out of candidate search."""
    limit = frequent_limit(len(features))
    counts: tuple[Counter, Counter, Counter] = (Counter(), Counter(), Counter())
    for feature in features:
        counts[0].update(feature.venue_terms.keys())  # the words once each (a dict would add its weights)
        counts[1].update(feature.title.keys())
        counts[2].update(feature.affiliation.keys())
    venue, title, affiliation = ({word for word, count in channel.items() if count > limit} for channel in counts)
    return venue, title, affiliation


def score_from_dots(dots: list[float], left: Group, right: Group) -> float:
    """`merge_score` from the three channel dot products of the profiles.

    The channels' cosines are averaged over the channels both groups know
    (weighted, scaled to the venue + title total): a channel that one side
    leaves empty says nothing either way, so a source with affiliations only
    is judged on them alone.
    """
    venue = dots[0] / (left.venue_norm * right.venue_norm) if dots[0] else 0.0
    title = dots[1] / (left.title_norm * right.title_norm) if dots[1] else 0.0
    affiliation = dots[2] / (left.affiliation_norm * right.affiliation_norm) if dots[2] else 0.0
    raw = VENUE_WEIGHT * venue + TITLE_WEIGHT * title + AFFILIATION_WEIGHT * affiliation
    if not raw:
        return 0.0
    known = (
        VENUE_WEIGHT * bool(left.venue_norm and right.venue_norm)
        + TITLE_WEIGHT * bool(left.title_norm and right.title_norm)
        + AFFILIATION_WEIGHT * bool(left.affiliation_norm and right.affiliation_norm)
    )
    raw *= (VENUE_WEIGHT + TITLE_WEIGHT) / known
    damping = (
        1.0
        + SIZE_DAMPING * math.log(max(len(left.members), len(right.members)))
        + COAUTHOR_DAMPING * math.log1p(min(len(left.coauthors), len(right.coauthors)))
    )
    return raw / damping


def share_prior(size: int, papers: int) -> float:
    """What a group's share of the cluster adds to the score of a merge into it.

    SHARE_PRIOR_WEIGHT * ln(s / (1 - s)), s = size / papers, at most
    SHARE_BONUS_CAP: before any evidence, a paper is more likely one of a
    person who already holds much of the cluster than one of a person who
    holds little. So a cluster of many people (every group small) merges
    only on strong evidence, and one dominated by a single person gathers
    its stray papers on weak evidence.
    """
    share = min(size / papers, 1.0 - 0.5 / papers)
    return min(SHARE_PRIOR_WEIGHT * math.log(share / (1.0 - share)), SHARE_BONUS_CAP)


def priority(similarity: float, left: Group, right: Group, papers: int) -> float:
    """The stage-2 score of a merge: similarity plus the share prior of the bigger group (0 without similarity).

    A positive prior is divided by (papers of the smaller group) ** `SHARE_BONUS_SMALL_POWER`.
    """
    if similarity <= 0.0:
        return 0.0
    prior = share_prior(max(len(left.members), len(right.members)), papers)
    if prior > 0.0:
        prior /= min(len(left.members), len(right.members)) ** SHARE_BONUS_SMALL_POWER
    return similarity + prior


class Merger:
    """Stage 2: best-first agglomeration over candidate pairs, with a lazy heap.

    Candidates of a group are the groups that share a profile word with it,
    frequent words left out, and every big group (more papers than
    `frequent_limit`; every group, for a big one); their scores are
    accumulated along the word postings (a sparse product), then the
    frequent words' share is added.
    """

    def __init__(self, groups: list[Group], rules: Rules, skip: Channels, papers: int):
        self.rules = rules
        self.papers = papers
        self.skip = skip
        self.alive: dict[int, Group] = {}
        # Per channel, the candidate words: word → group → weight; and the frequent words, the same way.
        self.postings: tuple[dict[str, dict[int, float]], ...] = tuple(defaultdict(dict) for _ in skip)
        self.frequent_postings: tuple[dict[str, dict[int, float]], ...] = tuple(defaultdict(dict) for _ in skip)
        # (-score, group, other group, (their versions when scored)): the best pair pops first.
        self.heap: list[tuple[float, int, int, tuple[int, int]]] = []
        self.heap_limit = HEAP_FLOOR  # see `_clear_heap`
        self.next_id = 0
        self.big_size = frequent_limit(papers)
        self.big: set[int] = set()  # groups of more than big_size papers
        self.scored_size: dict[int, int] = {}  # group → its papers when it was scored against every candidate
        self.version: dict[int, int] = {}  # group → how often it grew in place (absent: never)
        for group in groups:
            self._add(group, score=False)
        for gid in list(self.alive):
            stop_if_asked()
            self._score_against_candidates(gid, only_higher=True)

    def _add(self, group: Group, score: bool = True) -> int:
        gid = self.next_id
        self.next_id += 1
        self.alive[gid] = group
        if len(group.members) > self.big_size:
            self.big.add(gid)
        self._index_profile(gid, group)
        self.scored_size[gid] = len(group.members)
        if score:
            self._score_against_candidates(gid, only_higher=False)
        return gid

    def _index_profile(self, gid: int, group: Group) -> None:
        for skip, postings, frequent, words in zip(self.skip, self.postings, self.frequent_postings, profile(group)):
            for word, value in words.items():
                (frequent if word in skip else postings)[word][gid] = value

    def _unindex_profile(self, gid: int) -> None:
        """Take the group out of the postings; before `alive` lets go of it (its profile says where it is)."""
        for skip, postings, frequent, words in zip(self.skip, self.postings, self.frequent_postings, profile(self.alive[gid])):
            for word in words:
                del (frequent if word in skip else postings)[word][gid]

    def _remove(self, gid: int) -> Group:
        self._unindex_profile(gid)
        self.big.discard(gid)
        self.scored_size.pop(gid)
        self.version.pop(gid, None)
        return self.alive.pop(gid)

    def _versions(self, gid: int, other: int) -> tuple[int, int]:
        return self.version.get(gid, 0), self.version.get(other, 0)

    def _score_against_candidates(self, gid: int, only_higher: bool) -> None:
        group = self.alive[gid]
        dots: dict[int, list[float]] = {}
        frequent = []
        for channel, (skip, postings, words) in enumerate(zip(self.skip, self.postings, profile(group))):
            for word, value in words.items():
                if word in skip:
                    frequent.append((word, channel, value))
                    continue
                for other, other_value in postings[word].items():
                    if other == gid or (only_higher and other < gid):
                        continue
                    acc = dots.get(other)
                    if acc is None:
                        acc = dots[other] = [0.0, 0.0, 0.0]
                    acc[channel] += value * other_value
        for other in self.alive if gid in self.big else self.big:
            if other != gid and not (only_higher and other < gid) and other not in dots:
                dots[other] = [0.0, 0.0, 0.0]
        self._add_frequent_words(dots, frequent)
        for other_id, acc in dots.items():
            other = self.alive[other_id]
            score = priority(score_from_dots(acc, group, other), group, other, self.papers)
            if score >= MERGE_THRESHOLD and allowed(group, other, self.rules):
                heapq.heappush(self.heap, (-score, gid, other_id, self._versions(gid, other_id)))

    def _score_pair(self, gid: int, other_id: int) -> None:
        """Score one pair again (a group of it grew in place since) and put it back if it still may merge."""
        group, other = self.alive[gid], self.alive[other_id]
        score = priority(merge_score(group, other), group, other, self.papers)
        if score >= MERGE_THRESHOLD and allowed(group, other, self.rules):
            heapq.heappush(self.heap, (-score, gid, other_id, self._versions(gid, other_id)))

    def _add_frequent_words(self, dots: dict[int, list[float]], frequent: list[tuple[str, int, float]]) -> None:
        """Add the frequent words' share to the candidates' dot products.

        Either each candidate looks up each frequent word, or each frequent
        word's postings are walked for the candidates among them, whichever
        is fewer steps: a big group is a candidate of every group, and
        looking up its frequent words in all of them after every paper it
        took in made a cluster with a big reviewer-made person take minutes.
        Both add a candidate's words in the group's profile order, so the
        sums are the same to the last bit.
        """
        if not frequent or not dots:
            return
        walk = sum(len(self.frequent_postings[channel][word]) for word, channel, _value in frequent)
        if walk < len(dots) * len(frequent):
            for word, channel, value in frequent:
                for other_id, other_value in self.frequent_postings[channel][word].items():
                    acc = dots.get(other_id)
                    if acc is not None:
                        acc[channel] += value * other_value
            return
        for other_id, acc in dots.items():
            other_profile = profile(self.alive[other_id])
            for word, channel, value in frequent:
                other_value = other_profile[channel].get(word)
                if other_value:
                    acc[channel] += value * other_value

    def run(self) -> list[Group]:
        while self.heap:
            negative, a, b, versions = heapq.heappop(self.heap)
            if a not in self.alive or b not in self.alive:
                continue
            stop_if_asked()
            if versions != self._versions(a, b):
                self._score_pair(a, b)  # scored before a group grew: merge only if it is still the best
                continue
            first, second, link = self.alive[a], self.alive[b], Link("similar", -negative)
            grower = self._grows_in_place(a, b, len(first.members) + len(second.members))
            if grower is None:
                self._remove(a)
                self._remove(b)
                self._add(first.merged(second, link))
            else:
                self._grow(grower, b if grower == a else a, first, second, link)
            if len(self.heap) > self.heap_limit:
                self._clear_heap()
        return list(self.alive.values())

    def _grows_in_place(self, a: int, b: int, size: int) -> int | None:
        """The big group of a merge that may grow in place, keeping its pairs (`GROW_IN_PLACE_PAPERS`)."""
        if self.papers < GROW_IN_PLACE_PAPERS:
            return None
        bigger = a if len(self.alive[a].members) >= len(self.alive[b].members) else b
        if bigger not in self.big or size > self.scored_size[bigger] * (1 + GROW_IN_PLACE_SHARE):
            return None
        return bigger

    def _grow(self, gid: int, taken: int, first: Group, second: Group, link: Link) -> None:
        """`gid` (`first` or `second`) takes in `taken`, the other: its pairs stay, now outdated (`version`)."""
        self._remove(taken)
        self._unindex_profile(gid)  # before it changes: its profile says where it is indexed
        self.alive[gid] = merged = grown(first, second, link, self.alive[gid])
        self._index_profile(gid, merged)
        self.version[gid] = self.version.get(gid, 0) + 1

    def _clear_heap(self) -> None:
        """Drop the pairs of groups that are gone.

        A merged group's pairs stay in the heap until popped, and a big group
        is paired with every group each time it grows: with a reviewer-made
        person of 1,000 papers in a 10,000-paper cluster, the heap grew by
        7,500 dead pairs a merge (the process held 2.1 GB after 11 minutes). The pairs left are
        popped in the same order as before (the heap's order is their sort order).
        """
        alive = self.alive
        self.heap = [entry for entry in self.heap if entry[1] in alive and entry[2] in alive]
        heapq.heapify(self.heap)
        self.heap_limit = max(HEAP_FLOOR, HEAP_GROWTH * len(self.heap))


def build_groups(features: Sequence[PaperFeatures], rules: Rules) -> list[Group]:
    """Both stages: the final groups over all papers (singletons included)."""
    groups = join_by_coauthors(seed_groups(features, rules), features, rules)
    return Merger(groups, rules, frequent_words(features), len(features)).run()
