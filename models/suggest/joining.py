"""Stage 1 of the engine: papers that share a coauthor (or, in a cluster named by initials, spell the
own name alike) join one group, as the rules allow (see `models.suggest.grouping`)."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence

from models.stopping import stop_if_asked
from models.suggest.constraints import Rules
from models.suggest.features import PaperFeatures
from models.suggest.groups import Group, Link, added_into_longer, allowed, union_into
from models.suggest.names import ambiguous_names


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
    into the longer one, as `Group.merged` does, so the sums come out the same
    to the last bit and in the same order.
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
            kept.vectors[channel] = added_into_longer(self.vectors[channel], self.owned[channel], right.vectors[channel], right.owned[channel])
            kept.owned[channel] = True
        kept.with_affiliation = self.with_affiliation + right.with_affiliation
        bigger, smaller = (kept.coauthors, taken.coauthors) if len(kept.coauthors) >= len(taken.coauthors) else (taken.coauthors, kept.coauthors)
        kept.coauthors = union_into(bigger, smaller)
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
