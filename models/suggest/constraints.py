"""A reviewer's decisions as hard rules over groups of papers.

Papers are numbered 0..n-1 (their place in the engine's input, rejected
papers already left out). `Rules` answers one question: may two groups
become one? It never may when that would

- put papers of two different reviewer-made people together,
- put together two papers a reviewer said are different people.

A dismissed group is no rule here: the engine groups as if it had not been
dismissed, and `engine.suggest` leaves out what is mostly its papers. As a
rule it was worked around: the group came back less a few papers, or with a
few others pulled in.

Papers of one reviewer-made person start in one group, so they are never
separated. Where the decisions contradict each other the firmer one wins:
a rejection over everything, a person over a cannot-link inside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from models.suggest.inputs import Constraints, PaperId


@dataclass
class Rules:
    person_of: dict[int, int] = field(default_factory=dict)  # paper -> index in Constraints.people
    partners: dict[int, set[int]] = field(default_factory=dict)  # cannot-link partners of a paper

    @classmethod
    def build(cls, constraints: Constraints, index: Mapping[PaperId, int]) -> Rules:
        rules = cls()
        for number, person in enumerate(constraints.people):
            for paper in person:
                if paper in index:
                    rules.person_of.setdefault(index[paper], number)
        for pair in constraints.cannot_link:
            members = sorted({index[p] for p in pair if p in index})
            if len(members) == 2 and not rules._same_person(*members):
                rules.partners.setdefault(members[0], set()).add(members[1])
                rules.partners.setdefault(members[1], set()).add(members[0])
        return rules

    def _same_person(self, left: int, right: int) -> bool:
        person = self.person_of.get(left)
        return person is not None and person == self.person_of.get(right)

    def tags(self, members: list[int]) -> GroupTags:
        """What a group of papers carries for the merge checks."""
        persons = {self.person_of[p] for p in members if p in self.person_of}
        blocked = set().union(*(self.partners.get(p, ()) for p in members))
        return GroupTags(frozenset(persons), frozenset(blocked))

    def allowed(self, left: GroupTags, right: GroupTags, right_members: set[int]) -> bool:
        """Whether two groups may merge. Cannot-links go both ways, so one side's blocked papers suffice."""
        if left.persons and right.persons and left.persons != right.persons:
            return False
        if len(left.blocked) <= len(right_members):
            clash = any(paper in right_members for paper in left.blocked)
        else:
            clash = any(paper in left.blocked for paper in right_members)
        return not clash


@dataclass(frozen=True)
class GroupTags:
    persons: frozenset[int]  # at most one element in any group the engine builds
    blocked: frozenset[int]  # papers this group must never hold

    def merged(self, other: GroupTags) -> GroupTags:
        return GroupTags(self.persons | other.persons, self.blocked | other.blocked)
