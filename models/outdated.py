"""Which suggested groups the reviewer's changes have made out of date.

A group rests on the decisions the analysis was given. Once a paper of it is decided (or its decision
cleared), once the person it would join is gone or lost papers, or once it is mostly a group dismissed
since, it is out of date: `A` on it put back into a person a paper just rejected, or accepted a group on
the evidence of papers its person no longer held. The window takes such groups off the list at a change,
and off an analysis that ran to its end while changes came (a big cluster's takes tens of seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from models.dismissals import mostly_dismissed
from models.history import Change, people_losing_papers

if TYPE_CHECKING:  # the engine loads with the first analysis, not at start-up
    from models.suggestions import GroupSuggestion


@dataclass
class ChangesSince:
    """The changes made to a cluster since an analysis took its copy of it, summed up: what that analysis
    does not know when it comes."""

    dismissed_then: list[frozenset[int]]  # the groups dismissed when the copy was taken
    papers: set[int] = field(default_factory=set)  # whose decision changed since
    people_losing: set[int] = field(default_factory=set)  # people a change took papers from

    def add(self, change: Change) -> None:
        self.papers.update(change.decisions)
        self.people_losing |= people_losing_papers(change)

    def dismissed_since(self, dismissed_now: Iterable[frozenset[int]]) -> list[frozenset[int]]:
        then = set(self.dismissed_then)
        return [group for group in dismissed_now if group not in then]


def outdated_by(
    papers: Collection[int], people_standing: Collection[int], dismissed: Iterable[frozenset[int]] = ()
) -> Callable[[GroupSuggestion], bool]:
    """Whether a group is out of date: it holds one of `papers` (decided or cleared since it was made), it
    would join a person not among `people_standing` (gone, or lost papers since), or more than half its
    papers lie in one of `dismissed` (groups dismissed since: the engine's own rule for a dismissed group,
    `mostly_dismissed`)."""
    changed = papers if isinstance(papers, Set) else set(papers)  # a change's `decisions.keys()` is one already
    groups = list(dismissed)

    def outdated(suggestion: GroupSuggestion) -> bool:
        held = suggestion.paper_ids
        if not changed.isdisjoint(held):
            return True
        if suggestion.person_id is not None and suggestion.person_id not in people_standing:
            return True
        return mostly_dismissed(held, groups)

    return outdated


def people_standing(person_ids: Iterable[int], losing: Collection[int]) -> set[int]:
    """The people a group may still join: those of the cluster now that lost no papers since."""
    return set(person_ids) - set(losing)


def still_standing(suggestions: list[GroupSuggestion], outdated: Callable[[GroupSuggestion], bool]) -> list[GroupSuggestion]:
    return [suggestion for suggestion in suggestions if not outdated(suggestion)]
