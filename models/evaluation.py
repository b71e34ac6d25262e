"""How good a set of suggested groups is, measured against true labels.

Pure functions over plain data: predicted groups are collections of paper
ids, the truth is a mapping paper id -> true person (any hashable label).

Conventions (the same for every measure here):

- Every labelled paper is scored. A labelled paper that no group holds counts
  as a group of its own, for the pair and B-cubed scores alike.
- A group of one paper is treated exactly like a paper in no group: the
  reviewer spends one action on it either way (see `reviewer_actions`).
- A group id that has no label is an error (`ValueError`), and so is a paper
  in two groups: the scores would be meaningless.
- Pairwise precision with no predicted pair is 1.0 (no pair was claimed, so
  none was wrong); recall with no true pair is 1.0. F1 is 0.0 when precision
  and recall are both 0.
- A single paper scores 1.0 everywhere and costs one action (lower bound one).
- An empty cluster (no labelled paper) has no score: `evaluate_cluster`
  raises `ValueError`; leave such clusters out of a macro average.

Macro averages are plain means over names of the per-name figures (a macro F1
is the mean of the names' F1, not the F1 of the mean precision and recall).
Actions per paper are given both ways: the macro mean of each name's
actions/papers, and pooled (all actions over all papers, so big names weigh
more). The project's reference figures for actions (0.503 all-in-one, 0.426
coauthor components, lower bound 0.227 on Arnetminer) are the pooled ones.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, fields
from statistics import fmean

from models.names import without_homonym_suffix

Groups = Iterable[Collection[Hashable]]
Labels = Mapping[Hashable, Hashable]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> Scores:
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)


def full_partition(groups: Groups, labels: Labels) -> list[frozenset]:
    """The groups over the labelled papers, with every ungrouped paper alone."""
    seen: set = set()
    partition = []
    for group in groups:
        members = frozenset(group)
        if not members:
            continue
        unknown = members.difference(labels)
        if unknown:
            raise ValueError(f"papers without a label: {sorted(map(str, unknown))[:5]}")
        if not seen.isdisjoint(members):
            raise ValueError(f"papers in two groups: {sorted(map(str, seen & members))[:5]}")
        seen |= members
        partition.append(members)
    partition += [frozenset([paper]) for paper in labels if paper not in seen]
    return partition


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def pairwise_scores(groups: Groups, labels: Labels) -> Scores:
    """Precision/recall over unordered pairs of papers: same group vs same person."""
    partition = full_partition(groups, labels)
    predicted = sum(_pairs(len(group)) for group in partition)
    true = sum(_pairs(count) for count in Counter(labels.values()).values())
    correct = sum(
        _pairs(count) for group in partition for count in Counter(labels[p] for p in group).values()
    )
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    return Scores.of(precision, recall)


def bcubed_scores(groups: Groups, labels: Labels) -> Scores:
    """B-cubed: per paper, the share of its group that is its person, and of its person in its group.

    Precision = mean over papers of |group ∩ person| / |group|,
    recall = mean over papers of |group ∩ person| / |person|.
    """
    if not labels:
        raise ValueError("no labelled paper")
    person_sizes = Counter(labels.values())
    precision = recall = 0.0
    for group in full_partition(groups, labels):
        for person, overlap in Counter(labels[p] for p in group).items():
            # `overlap` papers each score overlap/|group| and overlap/|person|.
            precision += overlap * overlap / len(group)
            recall += overlap * overlap / person_sizes[person]
    return Scores.of(precision / len(labels), recall / len(labels))


def reviewer_actions(groups: Groups, labels: Labels) -> int:
    """The actions a reviewer needs to turn the suggestion into the truth.

    The simulation: each suggested group of two or more papers costs one
    action (accept it as its majority true person; if two persons tie, either
    one), plus one action per paper in it of another person (moving it out
    and deciding it). Each paper in no group, or alone in a group, costs one
    action (deciding it by hand). A perfect suggestion therefore costs one
    action per true person: see `actions_lower_bound`.
    """
    actions = 0
    for group in full_partition(groups, labels):
        majority = Counter(labels[p] for p in group).most_common(1)[0][1]
        actions += 1 + len(group) - majority
    return actions


def actions_lower_bound(labels: Labels) -> int:
    """The fewest actions any suggestion can need: one per true person."""
    return len(set(labels.values()))


@dataclass(frozen=True, slots=True)
class ClusterEvaluation:
    papers: int
    persons: int
    groups: int  # predicted groups of two or more papers
    pairwise: Scores
    bcubed: Scores
    actions: int

    @property
    def actions_per_paper(self) -> float:
        return self.actions / self.papers

    @property
    def lower_bound_per_paper(self) -> float:
        return self.persons / self.papers


def evaluate_cluster(groups: Groups, labels: Labels) -> ClusterEvaluation:
    """Every measure for one name cluster. Raises ValueError for an empty cluster."""
    if not labels:
        raise ValueError("an empty cluster has no score")
    groups = list(groups)
    return ClusterEvaluation(
        papers=len(labels),
        persons=actions_lower_bound(labels),
        groups=sum(1 for group in full_partition(groups, labels) if len(group) > 1),
        pairwise=pairwise_scores(groups, labels),
        bcubed=bcubed_scores(groups, labels),
        actions=reviewer_actions(groups, labels),
    )


@dataclass(frozen=True, slots=True)
class MacroSummary:
    names: int
    papers: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    actions_per_paper: float  # macro: mean over names of actions / papers
    lower_bound_per_paper: float  # macro: mean over names of persons / papers
    pooled_actions_per_paper: float  # all actions / all papers
    pooled_lower_bound_per_paper: float  # all persons / all papers

    @property
    def actions_over_bound(self) -> float:
        """Macro actions per paper over the macro lower bound."""
        return self.actions_per_paper / self.lower_bound_per_paper

    @property
    def pooled_actions_over_bound(self) -> float:
        """Pooled actions over the pooled lower bound (all actions / all persons)."""
        return self.pooled_actions_per_paper / self.pooled_lower_bound_per_paper

    def as_dict(self) -> dict[str, float]:
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return values | {
            "actions_over_bound": self.actions_over_bound,
            "pooled_actions_over_bound": self.pooled_actions_over_bound,
        }


def macro_average(evaluations: Iterable[ClusterEvaluation]) -> MacroSummary:
    """Plain means over names of each per-name figure."""
    rows = list(evaluations)
    if not rows:
        raise ValueError("nothing to average")
    papers = sum(row.papers for row in rows)
    return MacroSummary(
        names=len(rows),
        papers=papers,
        pairwise_precision=fmean(row.pairwise.precision for row in rows),
        pairwise_recall=fmean(row.pairwise.recall for row in rows),
        pairwise_f1=fmean(row.pairwise.f1 for row in rows),
        bcubed_precision=fmean(row.bcubed.precision for row in rows),
        bcubed_recall=fmean(row.bcubed.recall for row in rows),
        bcubed_f1=fmean(row.bcubed.f1 for row in rows),
        actions_per_paper=fmean(row.actions_per_paper for row in rows),
        lower_bound_per_paper=fmean(row.lower_bound_per_paper for row in rows),
        pooled_actions_per_paper=sum(row.actions for row in rows) / papers,
        pooled_lower_bound_per_paper=sum(row.persons for row in rows) / papers,
    )


# Baselines -----------------------------------------------------------------


def all_in_one(papers: Iterable[Hashable]) -> list[set]:
    """Baseline: the whole cluster is one person."""
    members = set(papers)
    return [members] if members else []


def each_alone(papers: Iterable[Hashable]) -> list[set]:
    """Baseline: every paper is its own person (the reviewer decides each by hand)."""
    return [{paper} for paper in papers]


def coauthor_key(name: str) -> str:
    """A coauthor name compared loosely: accents, case, dots, spacing and dblp's "0001" suffix ignored."""
    if name.isascii():  # no accents to take off (ASCII is its own NFKD form): most names, and a char-by-char loop less
        plain = name
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return without_homonym_suffix(" ".join(plain.casefold().replace(".", " ").split()))


def coauthor_components(coauthors: Mapping[Hashable, Iterable[str]], own_name: str | None = None) -> list[set]:
    """Baseline: papers joined whenever they share a coauthor (transitively).

    `coauthors` maps each paper to its author names other than the cluster's;
    `own_name`, if given, is dropped too. Names are compared by `coauthor_key`.
    """
    ignored = coauthor_key(own_name) if own_name else None
    parent = {paper: paper for paper in coauthors}

    def root(paper: Hashable) -> Hashable:
        while parent[paper] != paper:
            parent[paper] = parent[parent[paper]]
            paper = parent[paper]
        return paper

    first_paper: dict[str, Hashable] = {}
    for paper, names in coauthors.items():
        for key in {coauthor_key(name) for name in names} - {ignored, ""}:
            other = first_paper.setdefault(key, paper)
            parent[root(paper)] = root(other)
    components: dict[Hashable, set] = defaultdict(set)
    for paper in coauthors:
        components[root(paper)].add(paper)
    return list(components.values())
