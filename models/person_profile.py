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
from array import array
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import add, mul, sub
from sys import intern

from models.counting import add_counts
from models.suggest.names import middle_initials

Name = tuple[str, str]  # a coauthor's first and last name (`names.middle_initials`)


@dataclass(frozen=True, slots=True)
class WordVector:
    """A paper's unit tf-idf vector, kept small: its words (interned: one string per word for every
    paper) and their weights in an array. As a dict of its own strings and floats it took ~10 KB a
    paper, 134 MB for a 10,000-paper cluster whose every paper the evidence had read."""

    words: tuple[str, ...]
    weights: array  # array("d"), one weight per word

    @classmethod
    def of(cls, vector: dict[str, float]) -> WordVector:
        return cls(tuple(map(intern, vector)), array("d", vector.values()))

    def dot(self, other: dict[str, float]) -> float:
        """The dot product with a vector held as a dict (the words of a profile), in C."""
        return sum(map(mul, self.weights, map(other.get, self.words, repeat(0.0))))

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.words, self.weights))

    @property
    def norm2(self) -> float:
        return sum(map(mul, self.weights, self.weights))


@dataclass(frozen=True, slots=True)
class PaperParts:
    """What one paper adds to its person's profile."""

    coauthors: dict[str, str]  # `link_key` → the name as the paper writes it, in the paper's order
    middles: tuple[tuple[Name, str], ...]  # (first and last name, middle initials) of its coauthors written with them
    names: tuple[Name, ...]  # the first and last names of those, each once
    venue: str | None
    year: int | None
    affiliation: str | None  # casefolded
    vector: WordVector  # unit tf-idf vector of its title and abstract words
    first_name: str | None  # the own name's first given name, where the paper writes it out

    @classmethod
    def of(cls, coauthors: dict[str, str], venue: str | None, year: int | None, affiliation: str | None,
           vector: dict[str, float], first_name: str | None) -> PaperParts:
        # Interned: a coauthor of many papers is one string in all their parts, not one string each.
        coauthors = {intern(key): intern(name) for key, name in coauthors.items()}
        written = [((intern(first), intern(last)), middle) for key in coauthors if (parts := middle_initials(key)) is not None
                   for (first, last), middle in (parts,)]
        # Tuples, not frozensets: a paper has a few of each, and a tuple holds ten in 120 bytes where a set takes 700.
        names = tuple(dict.fromkeys(name for name, _middle in written))
        middles = tuple(dict.fromkeys((name, middle) for name, middle in written if middle))  # "no initials" is never asked for
        return cls(coauthors, middles, names, venue, year, affiliation and affiliation.casefold(), WordVector.of(vector),
                   first_name)


RECOUNT_FROM = 32  # papers added at once from which the words' length is summed again, not moved paper by paper


@dataclass
class Profile:
    papers: int = 0
    coauthors: Counter = field(default_factory=Counter)  # papers per coauthor `link_key`
    names: Counter = field(default_factory=Counter)  # papers per coauthor first and last name, whatever the middle initials
    middles: dict[Name, Counter] = field(default_factory=dict)  # name → papers per middle initials written with it
    venues: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    affiliations: Counter = field(default_factory=Counter)  # casefolded
    affiliated: int = 0  # papers that give an affiliation
    words: dict[str, float] = field(default_factory=dict)  # the sum of its papers' word vectors
    words_norm2: float = 0.0  # the squared length of that sum, kept as papers come and go
    first_names: Counter = field(default_factory=Counter)

    def add(self, paper: PaperParts, sign: int = 1) -> None:
        self.add_many([paper], sign)

    def remove(self, paper: PaperParts) -> None:
        self.add_many([paper], -1)

    def add_many(self, papers: Sequence[PaperParts], sign: int = 1) -> None:
        """Add (or with `sign` -1 take out) papers at once: the counts of a thousand papers are made in C.

        The sums come out as adding the papers one by one would make them (the words' length, summed
        again for many papers, up to rounding).
        """
        if not papers:
            return
        self.papers += sign * len(papers)
        add_counts(self.coauthors, chain.from_iterable(paper.coauthors for paper in papers), sign)
        add_counts(self.names, chain.from_iterable(paper.names for paper in papers), sign)
        for paper in papers:
            for name, middle in paper.middles:
                written = self.middles.get(name)
                if written is None:
                    written = self.middles[name] = Counter()
                add_counts(written, (middle,), sign)
                if not written:
                    del self.middles[name]
        add_counts(self.venues, (paper.venue for paper in papers if paper.venue), sign)
        add_counts(self.years, (paper.year for paper in papers if paper.year is not None), sign)
        affiliations = [paper.affiliation for paper in papers if paper.affiliation]
        add_counts(self.affiliations, affiliations, sign)
        self.affiliated += sign * len(affiliations)
        add_counts(self.first_names, (paper.first_name for paper in papers if paper.first_name), sign)
        self._add_words([paper.vector for paper in papers], sign)
        if self.papers == 0:  # start again from nothing rather than from what rounding left
            self.words, self.words_norm2 = {}, 0.0

    def _add_words(self, vectors: list[WordVector], sign: int) -> None:
        words, plus_or_minus = self.words, add if sign > 0 else sub
        if len(vectors) < RECOUNT_FROM:
            for vector in vectors:
                # |C ± v|² = |C|² ± 2 C·v + |v|²: the change to the length, in the time of the paper's words
                self.words_norm2 += 2 * sign * vector.dot(words) + vector.norm2
                words.update(zip(vector.words, map(plus_or_minus, map(words.get, vector.words, repeat(0.0)), vector.weights)))
        else:
            # The loop `words[word] = words.get(word, 0.0) ± weight` over every word of every paper, run
            # in C: dict.update stores each pair before it draws the next from the lazy maps, so every
            # `get` sees the totals of the pairs before it, as the loop would.
            def every_word():
                return chain.from_iterable(vector.words for vector in vectors)

            weights = chain.from_iterable(vector.weights for vector in vectors)
            words.update(zip(every_word(), map(plus_or_minus, map(words.get, every_word(), repeat(0.0)), weights)))
            self.words_norm2 = sum(map(mul, words.values(), words.values()))
        if sign < 0:  # a word none of its papers has any more leaves the sum
            for word in {word for vector in vectors for word in vector.words}:
                if abs(words[word]) <= 1e-12:
                    del words[word]

    def without(self, paper: PaperParts | None) -> ProfileView:
        """The profile read without one of its papers (None: as it is)."""
        return ProfileView(self, paper)


def _one_coauthor(middle: str, written: set[str]) -> bool:
    """Whether a coauthor name written with the middle initials `middle` ("" for none) is one coauthor with its
    name written otherwise, the papers counted writing the initials `written` with that name: only where they write
    no other ("Mukesh K. Mohania" is "Mukesh Mohania"; beside "John A. Smith", "John B. Smith" is not)."""
    return not (len(written) > 1 or (middle and written and middle not in written))


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

    def affiliated_papers(self) -> int:
        return self.profile.affiliated - (self.less is not None and bool(self.less.affiliation))

    def first_names(self) -> Counter:
        names = Counter(self.profile.first_names)
        if self.less is not None and self.less.first_name:
            add_counts(names, [self.less.first_name], -1)
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
        if not _one_coauthor(middle, written):
            return as_written
        return self._less(self.profile.names, name, self.less is not None and name in self.less.names)

    @staticmethod
    def _less(counter: Counter, key: Hashable, own: bool) -> int:
        return counter.get(key, 0) - own

    def similarity(self, vector: WordVector) -> float:
        """The cosine of a unit vector with the sum of the papers' vectors."""
        dot = vector.dot(self.profile.words)
        norm2 = self.profile.words_norm2
        if self.less is not None:
            own = self.less.vector
            own_dot = own.dot(self.profile.words)
            dot -= vector.dot(own.as_dict())
            norm2 += -2 * own_dot + own.norm2
        return dot / math.sqrt(norm2) if norm2 > 1e-12 and dot > 0 else 0.0


@dataclass(frozen=True, slots=True)
class ProfileLess:
    """A profile's sums less a group of its papers (summed in `less`), read without changing either: a paper
    judged against its person's papers outside the group it came with (`models.evidence`)."""

    profile: Profile
    less: Profile

    @property
    def papers(self) -> int:
        return self.profile.papers - self.less.papers

    def venue_papers(self, venue: str) -> int:
        return self.profile.venues.get(venue, 0) - self.less.venues.get(venue, 0)

    def affiliation_papers(self, affiliation: str) -> int:
        return self.profile.affiliations.get(affiliation, 0) - self.less.affiliations.get(affiliation, 0)

    def affiliated_papers(self) -> int:
        return self.profile.affiliated - self.less.affiliated

    def first_names(self) -> Counter:
        names = Counter(self.profile.first_names)
        add_counts(names, self.less.first_names, -1)
        return names

    def year_span(self) -> tuple[int, int] | None:
        years = [year for year, count in self.profile.years.items() if count - self.less.years.get(year, 0) > 0]
        return (min(years), max(years)) if years else None

    def coauthor_papers(self, key: str) -> int:
        """As `ProfileView.coauthor_papers`: one coauthor with and without its middle initials where the
        papers left write no other initials with that name."""
        as_written = self.profile.coauthors.get(key, 0) - self.less.coauthors.get(key, 0)
        parts = middle_initials(key)
        if parts is None:
            return as_written
        name, middle = parts
        counts, less = self.profile.middles.get(name, {}), self.less.middles.get(name, {})
        written = {m for m, count in counts.items() if m and count - less.get(m, 0) > 0}
        if not _one_coauthor(middle, written):
            return as_written
        return self.profile.names.get(name, 0) - self.less.names.get(name, 0)

    def similarity(self, vector: WordVector) -> float:
        """The cosine of a unit vector with the sum of the papers' vectors outside the group:
        |P - G|² = |P|² - 2 P·G + |G|², in the time of the group's words."""
        words, less = self.profile.words, self.less.words
        dot = vector.dot(words) - vector.dot(less)
        overlap = sum(map(mul, less.values(), map(words.get, less, repeat(0.0))))
        norm2 = self.profile.words_norm2 - 2 * overlap + self.less.words_norm2
        return dot / math.sqrt(norm2) if norm2 > 1e-12 and dot > 0 else 0.0
