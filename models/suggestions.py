"""From a loaded cluster to the suggestion engine, and back into the reviewer's terms.

The engine (`models.suggest`) works on plain inputs and constraints; this
module builds them from what the reviewer sees — every decision is a hard
constraint — and turns its groups back into paper ids and person ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from models.names import without_homonym_suffix
from models.queries import ClusterContents, PaperRow
from models.schema import Verdict
from models.suggest import Constraints, PaperInput, review_order, suggest
from models.suggest.datasets import split_own_name
from models.suggest.engine import forget_groupings
from models.suggest.text import name_key, named_by_initials, written_first_name


# Why a group that would be a new person is offered into a person the reviewer made that holds no paper now: after
# Ctrl+A Backspace with three such people, "31 papers → a new person" would have made a fourth. Each such person takes
# one group, in the people panel's order (the engine knows people only by their papers).
INTO_EMPTY_PERSON = "a person you made that has no papers now: into it, not a new person"


@dataclass(frozen=True)
class GroupSuggestion:
    paper_ids: tuple[int, ...]  # undecided papers, in source order
    level: str  # "high" | "medium" | "low"
    score: float
    reasons: tuple[str, ...]
    person_id: int | None  # the person it would extend, else a new person


def coauthors_and_own_name(paper: PaperRow, cluster_name: str) -> tuple[list[str], str | None]:
    """The paper's coauthors, and the cluster's name as the paper spells it: the author at the name's
    place, else a spelling of it in the list ("Marcos Silva" in "M. Silva"), which is then no coauthor.
    A coauthor is named without dblp's suffix: the evidence and the suggestions list "Guohao Dai", not
    "Guohao Dai 0001" (their keys drop it anyway, `coauthor_key`)."""
    others = [a for i, a in enumerate(paper.authors) if i not in paper.name_positions]
    coauthors, spelling = split_own_name(others, cluster_name)
    if paper.name_positions:
        spelling = paper.authors[paper.name_positions[0]]
    return [without_homonym_suffix(name) for name in coauthors], spelling


def name_in_full(contents: ClusterContents, paper_ids: Iterable[int]) -> str | None:
    """How most of these papers write the cluster's name in full, where the cluster is named by initials.

    "Anoop Gupta" for papers of the LBD block "A. Gupta" of which more than
    half spell it so: a better name for the person made of them than "A. Gupta".
    None in a cluster named in full, or when no one spelling holds the majority.
    """
    if not named_by_initials(contents.cluster.name):
        return None
    wanted = set(paper_ids)
    spellings = (paper.authors[paper.name_positions[0]] for paper in contents.papers if paper.paper_id in wanted and paper.name_positions)
    by_key: dict[str, Counter] = {}  # name key → how the papers write it
    for spelling in spellings:
        if written_first_name(spelling):
            by_key.setdefault(name_key(spelling), Counter())[spelling] += 1
    best = max(by_key.values(), key=lambda spellings: (spellings.total(), spellings.most_common(1)[0][0]), default=None)
    if best is None or 2 * best.total() <= len(wanted):
        return None
    return best.most_common(1)[0][0]


def engine_input(paper: PaperRow, cluster_name: str, abstract: str | None = None) -> PaperInput:
    coauthors, spelling = coauthors_and_own_name(paper, cluster_name)
    return PaperInput(
        paper_id=paper.paper_id,
        title=paper.title,
        abstract=abstract,
        venue=paper.venue,
        year=paper.year,
        coauthors=tuple(coauthors),
        affiliations=(paper.affiliation,) if paper.affiliation else (),
        own_name=spelling,
    )


def engine_inputs(contents: ClusterContents, abstracts: dict[int, str] | None = None) -> list[PaperInput]:
    """The engine's view of each paper; `abstracts` (paper id → text) from `Store.abstracts`."""
    abstracts = abstracts or {}
    return [engine_input(paper, contents.cluster.name, abstracts.get(paper.paper_id)) for paper in contents.papers]


def people_groups(contents: ClusterContents) -> tuple[list[int], list[list[int]]]:
    """The person ids in panel order and, for each, the papers the reviewer put there."""
    person_ids = [person.id for person in contents.people]
    groups: dict[int, list[int]] = {person_id: [] for person_id in person_ids}
    for paper_id, state in contents.decisions.items():
        if state.verdict is Verdict.PERSON and state.person_id in groups:
            groups[state.person_id].append(paper_id)
    return person_ids, [groups[person_id] for person_id in person_ids]


def constraints_of(contents: ClusterContents) -> Constraints:
    """Every decision is a constraint: people must stay whole and apart; rejected papers out; unsure ones
    grouped but not suggested (a mark to look again, not a paper to group)."""
    _person_ids, groups = people_groups(contents)
    rejected = [paper_id for paper_id, state in contents.decisions.items() if state.verdict is Verdict.REJECTED]
    unsure = [paper_id for paper_id, state in contents.decisions.items() if state.verdict is Verdict.UNSURE]
    return Constraints.of(people=[g for g in groups if g], rejected=rejected, dismissed=contents.dismissed, unsure=unsure)


def suggestions_for(contents: ClusterContents, abstracts: dict[int, str] | None = None) -> list[GroupSuggestion]:
    """Groups of undecided papers that look like one person, surest first. Runs off the GUI thread."""
    return _suggested(contents, engine_inputs(contents, abstracts), constraints_of(contents))


def suggestions_and_order(contents: ClusterContents, abstracts: dict[int, str] | None = None) -> tuple[list[GroupSuggestion], list[int]]:
    """`suggestions_for` and the review-next order, from one reading of the papers and one grouping of
    them, which is let go after: it holds every paper's features (kept from one analysis to the next,
    a 10,000-paper cluster's window grew 150 MB with each of the first four), and the next analysis
    has other decisions, so other inputs."""
    inputs, constraints = engine_inputs(contents, abstracts), constraints_of(contents)
    try:
        return _suggested(contents, inputs, constraints), _review_next(contents, inputs, constraints)
    finally:  # also when stopped
        forget_groupings()


def _suggested(contents: ClusterContents, inputs: list[PaperInput], constraints: Constraints) -> list[GroupSuggestion]:
    person_ids, groups = people_groups(contents)
    with_papers = [person_id for person_id, group in zip(person_ids, groups) if group]
    spare = iter([person for person, group in zip(contents.people, groups) if not group])
    order = {paper.paper_id: paper.position for paper in contents.papers}
    found = []
    for suggestion in suggest(inputs, constraints, contents.cluster.name):
        papers = sorted(suggestion.papers, key=order.__getitem__)
        person_id, reasons = with_papers[suggestion.person] if suggestion.person is not None else None, suggestion.reasons
        if person_id is None and (empty := next(spare, None)) is not None:
            person_id, reasons = empty.id, (INTO_EMPTY_PERSON, *reasons)
        found.append(GroupSuggestion(tuple(papers), suggestion.level.value, suggestion.score, reasons, person_id))
    return found


def _review_next(contents: ClusterContents, inputs: list[PaperInput], constraints: Constraints) -> list[int]:
    """Undecided papers, the one whose decision settles most first; then the rest in source order."""
    ranked = review_order(inputs, constraints, contents.cluster.name)
    seen = set(ranked)
    return ranked + [paper.paper_id for paper in contents.papers if paper.paper_id not in seen]
