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
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from models.stopping import stop_if_asked
from models.suggest import text
from models.suggest.constraints import GroupTags, Rules
from models.suggest.features import PaperFeatures, Vector
from models.suggest.names import ambiguous_names

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
# For big, mixed clusters (checked on the 28 design names pooled into one
# 1,981-paper cluster): a group's profile keeps its 100 strongest terms per channel.
PROFILE_TERMS = 100
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


@dataclass(frozen=True, slots=True)
class Link:
    """Why two parts of a group were joined."""

    kind: str  # "person" (a reviewer's decision), "coauthor", "spelling" (of the own name) or "similar"
    score: float  # 1.0 for person, coauthor and spelling links, else the merge's stage-2 score (`priority`)
    names: tuple[str, ...] = ()  # the shared coauthor, or the shared spelling of the own name
    size: int = 0  # papers on the smaller side of the join: what a wrong join puts in the wrong place


@dataclass
class Group:
    members: list[int]
    member_set: set[int]
    tags: GroupTags
    venue: Vector
    title: Vector
    affiliation: Vector
    with_affiliation: int
    coauthors: frozenset[str] = frozenset()
    links: list[Link] = field(default_factory=list)
    first_names: frozenset[str] = frozenset()  # written-out first given names of the own name (`text.first_names_agree`)
    venue_norm: float = 0.0
    title_norm: float = 0.0
    affiliation_norm: float = 0.0
    # The group's profile: its summed vectors cut to their strongest terms (worked out here unless given).
    venue_top: Vector | None = None
    title_top: Vector | None = None
    affiliation_top: Vector | None = None

    def __post_init__(self) -> None:
        if self.venue_top is None:
            self.venue_top = _top(self.venue)
        if self.title_top is None:
            self.title_top = _top(self.title)
        if self.affiliation_top is None:
            self.affiliation_top = _top(self.affiliation)
        self.venue_norm = _norm(self.venue_top)
        self.title_norm = _norm(self.title_top)
        self.affiliation_norm = _norm(self.affiliation_top)

    @classmethod
    def of(cls, members: list[int], features: Sequence[PaperFeatures], rules: Rules, links: list[Link]) -> Group:
        with_affiliation = [features[p].affiliation for p in members if features[p].affiliation]
        return cls(
            members=members,
            member_set=set(members),
            tags=rules.tags(members),
            venue=_sum([features[p].venue_terms for p in members]),
            title=_sum([features[p].title for p in members]),
            affiliation=_sum(with_affiliation),
            with_affiliation=len(with_affiliation),
            coauthors=frozenset().union(*(features[p].coauthors for p in members)),
            links=links,
            first_names=frozenset(features[p].first_name for p in members if features[p].first_name),
        )

    def merged(self, other: Group, link: Link) -> Group:
        link = replace(link, size=min(len(self.members), len(other.members)))
        return Group(
            members=self.members + other.members,
            member_set=self.member_set | other.member_set,
            tags=self.tags.merged(other.tags),
            venue=_add(self.venue, other.venue),
            title=_add(self.title, other.title),
            affiliation=_add(self.affiliation, other.affiliation),
            with_affiliation=self.with_affiliation + other.with_affiliation,
            coauthors=self.coauthors | other.coauthors,
            links=self.links + other.links + [link],
            first_names=self.first_names | other.first_names,
        )


def _top(vector: Vector) -> Vector:
    if len(vector) <= PROFILE_TERMS:
        return vector
    return _strongest(vector.items())


def _strongest(items) -> Vector:
    return dict(sorted(items, key=lambda item: (-item[1], item[0]))[:PROFILE_TERMS])


def _grown(first: Group, second: Group, link: Link, big: Group) -> Group:
    """`first.merged(second, link)`, made in the papers, sets and vectors of `big` (one of the two), which
    must not be used again.

    For a big group that grows in place (`Merger._grow`): `merged` copied every paper, set and vector
    of it and sorted its vectors anew for each group it took in, and a 100,000-paper cluster whose
    biggest group took in 33,550 others spent 309 s merging. The result is the same to the last bit:
    the shorter vector is added into the longer one as `_add` does, and a profile that was cut is cut
    again from its old terms and the terms that changed (weights only grow: a term that was not among
    the strongest still has 100 stronger ones).
    """
    small = second if big is first else first
    link = replace(link, size=min(len(first.members), len(second.members)))
    if big is first:
        big.members.extend(second.members)
        big.links.extend(second.links)
    else:
        big.members[0:0] = first.members
        big.links[0:0] = first.links
    big.links.append(link)
    big.member_set.update(small.member_set)
    coauthors = big.coauthors if isinstance(big.coauthors, set) else set(big.coauthors)
    coauthors |= small.coauthors  # only its size counts (`score_from_dots`): a set of its own, changed in place
    vectors, tops = [], []
    for channel, (left, right) in enumerate(zip(_vectors(first), _vectors(second))):
        own = _vectors(big)[channel]
        was_cut = len(own) > PROFILE_TERMS
        total = _added_into_longer(left, left is own, right, right is own)
        if total is own and was_cut:
            changed = _vectors(small)[channel]
            old = profile(big)[channel]
            tops.append(_strongest({**old, **{term: total[term] for term in changed}}.items()))
        else:
            tops.append(_top(total))
        vectors.append(total)
    return Group(
        members=big.members,
        member_set=big.member_set,
        tags=first.tags.merged(second.tags),
        venue=vectors[0],
        title=vectors[1],
        affiliation=vectors[2],
        with_affiliation=first.with_affiliation + second.with_affiliation,
        coauthors=coauthors,
        links=big.links,
        first_names=first.first_names | second.first_names,
        venue_top=tops[0],
        title_top=tops[1],
        affiliation_top=tops[2],
    )


def _vectors(group: Group) -> tuple[Vector, Vector, Vector]:
    return group.venue, group.title, group.affiliation


def _norm(vector: Vector) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


def _sum(vectors: list[Vector]) -> Vector:
    if len(vectors) == 1:
        # A group of one paper (most groups, at first) shares the paper's vector: no group's vector is
        # ever changed, and copies of them all were a sixth of a 10,000-paper analysis's memory.
        return vectors[0]
    total: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for term, value in vector.items():
            total[term] += value
    return dict(total)


def _add(left: Vector, right: Vector) -> Vector:
    if len(left) < len(right):
        left, right = right, left
    total = dict(left)
    for term, value in right.items():
        total[term] = total.get(term, 0.0) + value
    return total


def _dot(left: Vector, right: Vector) -> float:
    # Along the shorter vector, in its own order: the terms both hold, as a set, came in the order of
    # the strings' hashes, which differ from process to process, and so did the sum's last bits (the
    # review order of near-ties changed from one start of the window to the next).
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right[term] for term, value in left.items() if term in right)


def cosine(left: Vector, right: Vector) -> float:
    """Cosine similarity of two sparse vectors of any length."""
    norms = _norm(left) * _norm(right)
    return _dot(left, right) / norms if norms else 0.0


def merge_score(left: Group, right: Group) -> float:
    """The stage-2 similarity of two groups, before the share prior (see the module's docstring)."""
    dots = [
        _dot(left.venue_top, right.venue_top),
        _dot(left.title_top, right.title_top),
        _dot(left.affiliation_top, right.affiliation_top),
    ]
    return score_from_dots(dots, left, right)


def allowed(left: Group, right: Group, rules: Rules) -> bool:
    """Whether two groups may become one: the reviewer's rules, and the own name's first names agree."""
    return rules.allowed(left.tags, right.tags, right.member_set) and text.first_names_agree(left.first_names, right.first_names)


# Stage 1 ---------------------------------------------------------------------


def seed_groups(features: Sequence[PaperFeatures], rules: Rules) -> list[Group]:
    """One group per reviewer-made person (its papers), one per other paper."""
    by_person: dict[int, list[int]] = defaultdict(list)
    singles = []
    for paper in range(len(features)):
        person = rules.person_of.get(paper)
        if person is None:
            singles.append([paper])
        else:
            by_person[person].append(paper)
    seeds = [(members, [Link("person", 1.0)]) for _, members in sorted(by_person.items())]
    seeds += [(members, []) for members in singles]
    return [Group.of(members, features, rules, links) for members, links in seeds]


def coauthor_links(features: Sequence[PaperFeatures]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Pairs of papers to join for their coauthors, in a fixed order.

    A specific name links every paper that carries it (as a chain). An
    ambiguous one (see `names.ambiguous_names`) links two papers only if they also
    share another coauthor or their venue series.
    """
    return _name_links(_papers_by(features, lambda feature: feature.coauthors), features, extra=1)


def spelling_links(features: Sequence[PaperFeatures]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Pairs of papers to join because they spell the own name alike, where that says more than the cluster's name.

    In a cluster named by initials ("A. Gupta"), papers that write the same
    full name ("Anoop Gupta") are joined as papers sharing a coauthor are: a
    specific name joins them all; a name many people carry (judged with the
    cluster's coauthor names by `names.ambiguous_names`) joins two papers only
    if they also share a coauthor or their venue series.
    """
    papers_of = _papers_by(features, lambda feature: (feature.spelling,) if feature.spelling else ())
    if not papers_of:
        return []
    known_names = set(papers_of) | {name for feature in features for name in feature.coauthors}
    return _name_links(papers_of, features, extra=0, ambiguous=ambiguous_names(known_names))


def _papers_by(features: Sequence[PaperFeatures], names_of) -> dict[str, list[int]]:
    papers_of: dict[str, list[int]] = defaultdict(list)
    for paper, feature in enumerate(features):
        for name in names_of(feature):
            papers_of[name].append(paper)
    return papers_of


def _name_links(
    papers_of: dict[str, list[int]], features: Sequence[PaperFeatures], extra: int, ambiguous: set[str] | None = None
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Links along shared names; an ambiguous name joins two papers only if they share more than `extra`
    coauthors (for a coauthor name, itself and one more) or their venue series."""
    links = []
    if ambiguous is None:
        ambiguous = ambiguous_names(papers_of)
    for name in sorted(papers_of):
        papers = papers_of[name]
        if len(papers) < 2:
            continue
        if name not in ambiguous:
            links += [(papers[0], other, (name,)) for other in papers[1:]]
            continue
        for position, left in enumerate(papers):
            for right in papers[position + 1:]:
                shared = features[left].coauthors & features[right].coauthors
                same_venue = features[left].venue is not None and features[left].venue == features[right].venue
                if len(shared) >= extra + 1 or same_venue:
                    links.append((left, right, (name,)))
    return links


def join_by_coauthors(groups: list[Group], features: Sequence[PaperFeatures], rules: Rules) -> list[Group]:
    """Stage 1: merge groups along coauthor links that the rules allow.

    The groups are joined in place (`_Joining`) and made `Group`s once at the
    end: joining each small group into a big one made the big one anew, with
    every paper of it relabelled, and a 100,000-paper cluster whose coauthors
    chained 56,000 papers into one group spent 169 s here. The groups, their
    order and every sum are as `Group.merged` makes them.
    """
    parts = [_Joining(number, group) for number, group in enumerate(groups)]
    owner = {paper: part for part in parts for paper in part.members}
    alive: dict[int, _Joining] = {part.key: part for part in parts}
    next_id = len(groups)
    links = [("spelling", *link) for link in spelling_links(features)] + [("coauthor", *link) for link in coauthor_links(features)]
    for done, (kind, left, right, names) in enumerate(links):
        if not done % 4096:
            stop_if_asked()
        a, b = owner[left], owner[right]
        if a is b or not allowed(a, b, rules):
            continue
        kept, taken = a.join(b, Link(kind, 1.0, names, min(len(a.member_set), len(b.member_set))))
        for paper in taken.member_set:
            owner[paper] = kept
        del alive[a.key], alive[b.key]
        kept.key = next_id
        alive[next_id] = kept  # last, as `Group.merged`'s new group was
        next_id += 1
    return [part.group() for part in alive.values()]


class _Joining:
    """A group as stage 1 grows it: joined in place, the smaller into the bigger.

    Its vectors and sets start as the seed group's (a paper's own, for most)
    and are copied only when first changed. A join adds the shorter vector
    into the longer one, as `_add` does, so the sums come out the same to the
    last bit and in the same order.
    """

    __slots__ = ("key", "seed", "members", "member_set", "tags", "vectors", "owned", "with_affiliation", "coauthors", "links", "first_names")

    def __init__(self, key: int, seed: Group):
        self.key, self.seed = key, seed
        self.members, self.member_set, self.links = seed.members, seed.member_set, seed.links
        self.tags, self.first_names, self.coauthors = seed.tags, seed.first_names, seed.coauthors
        self.vectors = [seed.venue, seed.title, seed.affiliation]
        self.owned = [False, False, False]  # whether each vector is this group's own to change
        self.with_affiliation = seed.with_affiliation

    def join(self, right: _Joining, link: Link) -> tuple[_Joining, _Joining]:
        """This group (first) and `right` as one, in whichever was bigger; (kept, taken)."""
        kept, taken = (self, right) if len(self.member_set) >= len(right.member_set) else (right, self)
        kept._own()
        if kept is self:
            kept.members.extend(right.members)
            kept.links.extend(right.links)
        else:
            kept.members.extendleft(reversed(self.members))
            kept.links.extendleft(reversed(self.links))
        kept.links.append(link)
        kept.member_set.update(taken.member_set)
        kept.tags = self.tags.merged(right.tags)
        kept.first_names = self.first_names | right.first_names
        for channel in range(3):
            kept.vectors[channel] = _added_into_longer(self.vectors[channel], self.owned[channel], right.vectors[channel], right.owned[channel])
            kept.owned[channel] = True
        kept.with_affiliation = self.with_affiliation + right.with_affiliation
        bigger, smaller = (kept.coauthors, taken.coauthors) if len(kept.coauthors) >= len(taken.coauthors) else (taken.coauthors, kept.coauthors)
        kept.coauthors = _union_into(bigger, smaller)
        return kept, taken

    def _own(self) -> None:
        if self.members is self.seed.members:  # the first join: its own containers
            self.members, self.links = deque(self.members), deque(self.links)
            self.member_set = set(self.member_set)

    def group(self) -> Group:
        if self.members is self.seed.members:
            return self.seed
        venue, title, affiliation = self.vectors
        return Group(
            members=list(self.members),
            member_set=self.member_set,
            tags=self.tags,
            venue=venue,
            title=title,
            affiliation=affiliation,
            with_affiliation=self.with_affiliation,
            coauthors=frozenset(self.coauthors),
            links=list(self.links),
            first_names=self.first_names,
        )


def _added_into_longer(left: Vector, left_owned: bool, right: Vector, right_owned: bool) -> Vector:
    """`_add(left, right)`, adding into the longer vector itself where it may be changed."""
    if len(left) < len(right):
        left, right, left_owned = right, left, right_owned
    total = left if left_owned else dict(left)
    for term, value in right.items():
        total[term] = total.get(term, 0.0) + value
    return total


def _union_into(bigger: set | frozenset, smaller: set | frozenset) -> set:
    """The union, in the bigger set itself if it is a group's own (a paper's coauthors are a frozenset)."""
    total = bigger if isinstance(bigger, set) else set(bigger)
    total |= smaller
    return total


# Stage 2 ---------------------------------------------------------------------


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


def profile(group: Group) -> tuple[Vector, Vector, Vector]:
    """The group's profile, channel by channel (the index of each is its place in a pair's dot products).

    The channels are kept apart rather than as one vector of prefixed words
    ("t" + word): those were a new string for every word of every group, a
    quarter of a 10,000-paper analysis's memory.
    """
    return group.venue_top, group.title_top, group.affiliation_top


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
        self.alive[gid] = merged = _grown(first, second, link, self.alive[gid])
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
