"""A person's papers summed up for the evidence: coauthors, venues, years, affiliations, words.

Every part of a `Profile` is a sum over its papers, so a paper goes in or
out in the time of that one paper (`add`, `remove`), and a paper is judged
against its person's *other* papers by reading the sums without it
(`without`), not by summing the person again: a person of 5,000 papers was
summed anew on every move onto one of its papers, 150-230 ms on the GUI
thread.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from models.suggest.names import middle_initials

Name = tuple[str, str]  # a coauthor's first and last name (`names.middle_initials`)


@dataclass(frozen=True, slots=True)
class PaperParts:
    """What one paper adds to its person's profile."""

    coauthors: dict[str, str]  # `link_key` → the name as the paper writes it, in the paper's order
    middles: frozenset[tuple[Name, str]]  # (first and last name, middle initials or "") of its coauthors
    names: frozenset[Name]  # the first and last names of those
    venue: str | None
    year: int | None
    affiliation: str | None  # casefolded
    vector: dict[str, float]  # unit tf-idf vector of its title and abstract words
    first_name: str | None  # the own name's first given name, where the paper writes it out

    @classmethod
    def of(cls, coauthors: dict[str, str], venue: str | None, year: int | None, affiliation: str | None,
           vector: dict[str, float], first_name: str | None) -> PaperParts:
        middles = frozenset(parts for key in coauthors if (parts := middle_initials(key)) is not None)
        names = frozenset(name for name, _middle in middles)
        return cls(coauthors, middles, names, venue, year, affiliation and affiliation.casefold(), vector, first_name)


def _count(counter: Counter, keys: Iterable[Hashable], sign: int) -> None:
    """Add `sign` to each key's count; a count that reaches 0 leaves the counter (its keys are what is there)."""
    for key in keys:
        total = counter[key] + sign
        if total:
            counter[key] = total
        else:
            del counter[key]


def _dot(small: dict[str, float], large: dict[str, float]) -> float:
    return sum(value * large.get(word, 0.0) for word, value in small.items())


@dataclass
class Profile:
    papers: int = 0
    coauthors: Counter = field(default_factory=Counter)  # papers per coauthor `link_key`
    names: Counter = field(default_factory=Counter)  # papers per coauthor first and last name, whatever the middle initials
    middles: dict[Name, Counter] = field(default_factory=dict)  # name → papers per middle initials ("" for none)
    venues: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    affiliations: Counter = field(default_factory=Counter)  # casefolded
    words: dict[str, float] = field(default_factory=dict)  # the sum of its papers' word vectors
    words_norm2: float = 0.0  # the squared length of that sum, kept as papers come and go
    first_names: Counter = field(default_factory=Counter)

    def add(self, paper: PaperParts, sign: int = 1) -> None:
        self.papers += sign
        _count(self.coauthors, paper.coauthors, sign)
        _count(self.names, paper.names, sign)
        for name, middle in paper.middles:
            written = self.middles.setdefault(name, Counter())
            _count(written, (middle,), sign)
            if not written:
                del self.middles[name]
        _count(self.venues, [paper.venue] if paper.venue else [], sign)
        _count(self.years, [paper.year] if paper.year is not None else [], sign)
        _count(self.affiliations, [paper.affiliation] if paper.affiliation else [], sign)
        _count(self.first_names, [paper.first_name] if paper.first_name else [], sign)
        self._add_words(paper.vector, sign)

    def remove(self, paper: PaperParts) -> None:
        self.add(paper, -1)

    def _add_words(self, vector: dict[str, float], sign: int) -> None:
        if self.papers == 0:  # start again from nothing rather than from what rounding left
            self.words, self.words_norm2 = {}, 0.0
            return
        # |C ± v|² = |C|² ± 2 C·v + |v|²
        self.words_norm2 += 2 * sign * _dot(vector, self.words) + sum(value * value for value in vector.values())
        for word, value in vector.items():
            total = self.words.get(word, 0.0) + sign * value
            if abs(total) > 1e-12:
                self.words[word] = total
            else:
                self.words.pop(word, None)

    def without(self, paper: PaperParts | None) -> ProfileView:
        """The profile read without one of its papers (None: as it is)."""
        return ProfileView(self, paper)


@dataclass(frozen=True, slots=True)
class ProfileView:
    """A profile's sums less one paper, read without changing the profile."""

    profile: Profile
    less: PaperParts | None

    @property
    def papers(self) -> int:
        return self.profile.papers - (self.less is not None)

    def venue_papers(self, venue: str) -> int:
        return self.profile.venues.get(venue, 0) - (self.less is not None and self.less.venue == venue)

    def affiliation_papers(self, affiliation: str) -> int:
        return self.profile.affiliations.get(affiliation, 0) - (self.less is not None and self.less.affiliation == affiliation)

    def first_names(self) -> Counter:
        names = Counter(self.profile.first_names)
        if self.less is not None and self.less.first_name:
            _count(names, [self.less.first_name], -1)
        return names

    def year_span(self) -> tuple[int, int] | None:
        less = self.less.year if self.less is not None else None
        years = [year for year, count in self.profile.years.items() if count - (year == less) > 0]
        return (min(years), max(years)) if years else None

    def coauthor_papers(self, key: str) -> int:
        """How many of the papers have this coauthor (a `link_key`).

        "Mukesh Mohania" and "Mukesh K. Mohania" are one coauthor where the
        papers write no other middle initials with that name; where they
        write two ("John A. Smith", "John B. Smith"), only the same spelling counts.
        """
        as_written = self._less(self.profile.coauthors, key, self.less is not None and key in self.less.coauthors)
        parts = middle_initials(key)
        if parts is None:
            return as_written
        name, middle = parts
        counts = self.profile.middles.get(name, {})
        written = {m for m, count in counts.items() if m and count - (self.less is not None and (name, m) in self.less.middles) > 0}
        if len(written) > 1 or (middle and written and middle not in written):
            return as_written
        return self._less(self.profile.names, name, self.less is not None and name in self.less.names)

    @staticmethod
    def _less(counter: Counter, key: Hashable, own: bool) -> int:
        return counter.get(key, 0) - own

    def similarity(self, vector: dict[str, float]) -> float:
        """The cosine of a unit vector with the sum of the papers' vectors."""
        dot = _dot(vector, self.profile.words)
        norm2 = self.profile.words_norm2
        if self.less is not None:
            own = self.less.vector
            own_dot = _dot(own, self.profile.words)
            dot -= _dot(vector, own)
            norm2 += -2 * own_dot + sum(value * value for value in own.values())
        return dot / math.sqrt(norm2) if norm2 > 1e-12 and dot > 0 else 0.0
