"""What the suggestion engine reads and what it returns: plain frozen data."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import Enum

PaperId = Hashable


@dataclass(frozen=True, slots=True)
class PaperInput:
    """One paper of a name cluster, as the engine sees it.

    `coauthors` are the paper's other authors: the cluster's own name is
    already removed (see `datasets.drop_own_name`). `affiliations` are the
    cluster author's affiliations on this paper, if the source gives any.
    """

    paper_id: PaperId
    title: str
    abstract: str | None = None
    venue: str | None = None
    year: int | None = None
    coauthors: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    own_name: str | None = None  # the cluster's name as this paper writes it ("Marcos Silva" in "M. Silva")


@dataclass(frozen=True, slots=True)
class Constraints:
    """A reviewer's decisions so far; the engine treats every one as hard.

    - `people`: each set holds papers a reviewer put in one person
      (must-link); papers of two different sets are in different people
      (cannot-link).
    - `cannot_link`: further pairs of papers known to be different people.
    - `rejected`: papers that are not this name's person; never suggested.
    - `dismissed`: groups a reviewer turned down as a whole; no suggestion
      is mostly (more than half) the papers of one of them, until the
      reviewer has put most of its papers into people or rejected them
      (`engine.standing_dismissals`). The grouping itself does not see
      them, so other suggestions stay as they were.
    - `unsure`: papers a reviewer marked to look at again: grouped as any
      other, but never suggested, nor counted in a suggestion's reasons.
    """

    people: tuple[frozenset, ...] = ()
    cannot_link: tuple[frozenset, ...] = ()
    rejected: frozenset = frozenset()
    dismissed: tuple[frozenset, ...] = ()
    unsure: frozenset = frozenset()

    @classmethod
    def of(
        cls,
        people: Iterable[Iterable[PaperId]] = (),
        cannot_link: Iterable[Iterable[PaperId]] = (),
        rejected: Iterable[PaperId] = (),
        dismissed: Iterable[Iterable[PaperId]] = (),
        unsure: Iterable[PaperId] = (),
    ) -> Constraints:
        return cls(
            people=tuple(frozenset(group) for group in people),
            cannot_link=tuple(frozenset(pair) for pair in cannot_link),
            rejected=frozenset(rejected),
            dismissed=tuple(frozenset(group) for group in dismissed),
            unsure=frozenset(unsure),
        )


class Level(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A group of papers the engine believes are one person.

    `papers` are undecided papers only (not unsure). `person` is the index into
    `Constraints.people` when the group extends a person the reviewer already
    made (its decided papers are not repeated in `papers`), else None.
    `score` is in [0, 1]; `level` is its coarse reading for the screen.
    """

    papers: frozenset
    level: Level
    score: float
    reasons: tuple[str, ...] = field(default=())
    person: int | None = None
