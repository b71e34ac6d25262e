"""A group of papers as the engine grows it: its members, its summed vectors and its profile.

`Group.merged` makes a new group of two; `grown` makes it in the containers of
the bigger one (stage 2's big groups). Both give the same sums to the last bit:
the shorter vector is added into the longer one, in its order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from models.suggest import text
from models.suggest.constraints import GroupTags, Rules
from models.suggest.features import PaperFeatures, Vector

# For big, mixed clusters (checked on the 28 design names pooled into one
# 1,981-paper cluster): a group's profile keeps its 100 strongest terms per channel.
PROFILE_TERMS = 100


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
    coauthors: frozenset[str] | set[str] = frozenset()  # a set where the group grew in place (`grown`)
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
        self.venue_norm = norm(self.venue_top)
        self.title_norm = norm(self.title_top)
        self.affiliation_norm = norm(self.affiliation_top)

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


def grown(first: Group, second: Group, link: Link, big: Group) -> Group:
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
    coauthors = union_into(big.coauthors, small.coauthors)  # only its size counts (`score_from_dots`)
    vectors, tops = [], []
    for channel, (left, right) in enumerate(zip(_vectors(first), _vectors(second))):
        own = _vectors(big)[channel]
        was_cut = len(own) > PROFILE_TERMS
        total = added_into_longer(left, left is own, right, right is own)
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


def norm(vector: Vector) -> float:
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
    return added_into_longer(left, False, right, False)


def dot(left: Vector, right: Vector) -> float:
    # Along the shorter vector, in its own order: the terms both hold, as a set, came in the order of
    # the strings' hashes, which differ from process to process, and so did the sum's last bits (the
    # review order of near-ties changed from one start of the window to the next).
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right[term] for term, value in left.items() if term in right)


def cosine(left: Vector, right: Vector) -> float:
    """Cosine similarity of two sparse vectors of any length."""
    norms = norm(left) * norm(right)
    return dot(left, right) / norms if norms else 0.0


def allowed(left: Group, right: Group, rules: Rules) -> bool:
    """Whether two groups may become one: the reviewer's rules, and the own name's first names agree."""
    return rules.allowed(left.tags, right.tags, right.member_set) and text.first_names_agree(left.first_names, right.first_names)


def added_into_longer(left: Vector, left_owned: bool, right: Vector, right_owned: bool) -> Vector:
    """`left` + `right`, added into the longer vector itself where it may be changed (`*_owned`), else into a copy of it."""
    if len(left) < len(right):
        left, right, left_owned = right, left, right_owned
    total = left if left_owned else dict(left)
    for term, value in right.items():
        total[term] = total.get(term, 0.0) + value
    return total


def union_into(base: set | frozenset, other: set | frozenset) -> set:
    """The union, in `base` itself if it is a group's own set (a paper's coauthors are a frozenset)."""
    total = base if isinstance(base, set) else set(base)
    total |= other
    return total


def profile(group: Group) -> tuple[Vector, Vector, Vector]:
    """The group's profile, channel by channel (the index of each is its place in a pair's dot products).

    The channels are kept apart rather than as one vector of prefixed words
    ("t" + word): those were a new string for every word of every group, a
    quarter of a 10,000-paper analysis's memory.
    """
    return group.venue_top, group.title_top, group.affiliation_top
