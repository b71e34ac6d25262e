"""Which undecided paper to look at next.

The rule, kept simple on purpose:

1. Papers in a suggested group come first, group by group. Groups are ranked
   by the uncertainty riding on them: (undecided papers in the group) x
   (1 - the group's confidence score); ties go to the bigger group. A big
   group the engine is unsure of is where one decision settles the most.
2. Within a group, its most central paper comes first (deciding it tells
   whose group this is), then the others from the least to the most central
   (a wrong member hides among the least central).
3. Then every undecided paper in no group, in input order.

Centrality is the similarity of a paper to the rest of its group, by the
same venue/title/affiliation cosine the engine merges on.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.suggest.engine import group_papers
from models.suggest.features import PaperFeatures
from models.suggest.grouping import AFFILIATION_WEIGHT, TITLE_WEIGHT, VENUE_WEIGHT
from models.suggest.groups import Group, cosine
from models.suggest.inputs import Constraints, PaperId, PaperInput
from models.suggest.reasons import confidence


def centrality(paper: PaperFeatures, group: Group) -> float:
    """Weighted cosine between one paper's vectors and its group's summed vectors."""
    return (
        VENUE_WEIGHT * cosine(paper.venue_terms, group.venue)
        + TITLE_WEIGHT * cosine(paper.title, group.title)
        + AFFILIATION_WEIGHT * cosine(paper.affiliation, group.affiliation)
    )


def _group_order(members: list[int], features: Sequence[PaperFeatures], group: Group) -> list[int]:
    ranked = sorted(members, key=lambda m: (centrality(features[m], group), -m))
    return [ranked[-1]] + ranked[:-1]


def review_order(papers: Sequence[PaperInput], constraints: Constraints | None = None, name: str | None = None) -> list[PaperId]:
    """Every undecided paper (not rejected, in no reviewer-made person), next one first (`name`: the cluster's)."""
    constraints = constraints or Constraints()
    usable, rules, features, groups = group_papers(papers, constraints, name)
    decided = set(rules.person_of)
    ranked = []
    for group in groups:
        undecided = [m for m in group.members if m not in decided]
        extends_person = bool(group.tags.persons)
        if undecided and (extends_person or len(undecided) >= 2):
            _, score = confidence(group)
            ranked.append((len(undecided) * (1.0 - score), len(undecided), min(undecided), group, undecided))
    ranked.sort(key=lambda row: (-row[0], -row[1], row[2]))
    order = [m for _, _, _, group, undecided in ranked for m in _group_order(undecided, features, group)]
    placed = set(order)
    order += [m for m in range(len(usable)) if m not in decided and m not in placed]
    return [usable[m].paper_id for m in order]
