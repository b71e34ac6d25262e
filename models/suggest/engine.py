"""The suggestion engine: groups of undecided papers that look like one person."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from models.dismissals import mostly_dismissed
from models.stopping import stop_if_asked
from models.suggest.constraints import Rules
from models.suggest.features import PaperFeatures, extract
from models.suggest.grouping import build_groups
from models.suggest.groups import Group
from models.suggest.inputs import Constraints, Level, PaperInput, Suggestion
from models.suggest.reasons import confidence, explain

_LEVEL_ORDER = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}


def usable_papers(papers: Sequence[PaperInput], constraints: Constraints) -> list[PaperInput]:
    """The papers the engine may group: every paper not rejected. Ids must be unique."""
    ids = [paper.paper_id for paper in papers]
    if len(set(ids)) != len(ids):
        raise ValueError("paper ids must be unique within a cluster")
    return [paper for paper in papers if paper.paper_id not in constraints.rejected]


def group_papers(
    papers: Sequence[PaperInput], constraints: Constraints, name: str | None = None
) -> tuple[list[PaperInput], Rules, list[PaperFeatures], list[Group]]:
    """The usable papers, the rules over them, their features, and the final groups (by index into the papers).

    `name` is the cluster's name: where it gives a first name as an initial
    only, papers that spell it out alike are joined (`joining.spelling_links`).
    The last result is kept (until `forget_groupings`), so that `suggest` and `review_order` on
    the same input extract the features and build the groups once. Nothing here is changed after it is built.
    """
    return _group_papers(tuple(papers), constraints, name)


@lru_cache(maxsize=1)  # more held old groupings: 150 MB each at 10,000 papers, and a new input after every decision
def _group_papers(
    papers: tuple[PaperInput, ...], constraints: Constraints, name: str | None
) -> tuple[list[PaperInput], Rules, list[PaperFeatures], list[Group]]:
    usable = usable_papers(papers, constraints)
    rules = Rules.build(constraints, {paper.paper_id: number for number, paper in enumerate(usable)})
    features = extract(usable, name)
    stop_if_asked()
    return usable, rules, features, build_groups(features, rules)


def forget_groupings() -> None:
    """Let go of the grouping kept for `suggest` and `review_order` on the same input (it holds every
    paper's features; see `models.suggestions.suggestions_and_order`)."""
    _group_papers.cache_clear()


def suggest(papers: Sequence[PaperInput], constraints: Constraints | None = None, name: str | None = None) -> list[Suggestion]:
    """Suggested groups of undecided papers, surest and biggest first.

    A group that extends a reviewer-made person is suggested even for one
    undecided paper (`Suggestion.person` says which); any other group needs
    two undecided papers. Rejected and unsure papers never appear; papers of one person
    are never split; papers of different people or under a cannot-link are
    never joined; no suggestion is mostly the papers of a dismissed group
    the reviewer has not since decided mostly themselves (`standing_dismissals`).
    Reasons count the papers suggested and, for a person, its decided ones: nothing else.
    """
    constraints = constraints or Constraints()
    usable, rules, features, groups = group_papers(papers, constraints, name)
    decided = set(rules.person_of)
    dismissed = standing_dismissals(constraints)
    suggestions = []
    for group in groups:
        # Unsure papers stay in the grouping (they may tie papers together) but are not the reviewer's to accept.
        shown = [m for m in group.members if usable[m].paper_id not in constraints.unsure]
        undecided = frozenset(usable[m].paper_id for m in shown if m not in decided)
        person = min(group.tags.persons, default=None)
        if not undecided or (person is None and len(undecided) < 2) or mostly_dismissed(undecided, dismissed):
            continue
        level, score = confidence(group)
        reasons = explain(group, shown, usable, features, decided, person)
        suggestions.append(Suggestion(undecided, level, score, reasons, person))
    suggestions.sort(key=_most_settled_first)
    return suggestions


def _most_settled_first(suggestion: Suggestion) -> tuple:
    """The group whose acceptance places the most papers rightly first (its papers times its confidence): by
    confidence first, Qiang Shen's ●●● 3 and 2 wireless papers came before his ●●○ 64, so the first A made the
    side group the plain "Qiang Shen", key 1 and Y, and the real one "Qiang Shen (3)". Ties: the more confident."""
    return (-round(len(suggestion.papers) * suggestion.score, 6), _LEVEL_ORDER[suggestion.level], -suggestion.score,
            sorted(map(str, suggestion.papers)))


def standing_dismissals(constraints: Constraints) -> list[frozenset]:
    """The dismissed groups that still hide suggestions: those the reviewer has not since decided mostly
    (more than half of their papers put into people or rejected) themselves.

    Once they have, what is left undecided of the group can no longer be the group turned down, and
    the reviewer's own decisions say where most of it belongs: the paper a person was made from 10 of
    a dismissed 11 showed a 0.96 fit to that person, and no suggestion of it. Unsure papers are a mark
    to look again, not a decision, so they do not count.
    """
    placed = constraints.rejected.union(*constraints.people)
    return [group for group in constraints.dismissed if 2 * len(group & placed) <= len(group)]


def suggested_groups(papers: Sequence[PaperInput], constraints: Constraints | None = None, name: str | None = None) -> list[set]:
    """The suggestions as plain sets of paper ids, for `models.evaluation`."""
    return [set(suggestion.papers) for suggestion in suggest(papers, constraints, name)]
