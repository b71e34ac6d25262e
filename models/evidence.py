"""Why a paper fits a person: shared coauthors, venues, years, affiliation, words.

`EvidenceIndex` is built once per loaded cluster (off the GUI thread: it
weighs every word of every title and abstract) and keeps a profile per
person, rebuilt only for the people a decision touched. `fits(paper)`
gives each person a combined score with the reasons behind it; the score
is an explanation for the reviewer, not a decision.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from models.queries import ClusterContents, PaperRow
from models.schema import Verdict
from models.suggest.names import middle_initials
from models.suggest.text import first_names_agree, link_key, named_by_initials, written_first_name
from models.suggestions import coauthors_and_own_name

_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")
_STOP = frozenset("the and for with from that this using based are its via into over under new towards study analysis approach method".split())


@dataclass(frozen=True)
class Fit:
    person_id: int
    label: str
    score: float  # 0 to 1
    reasons: tuple[str, ...]


@dataclass
class _Profile:
    papers: int
    coauthors: Counter  # papers per coauthor, by `link_key`
    # Papers per first and last name whatever the middle initials, and the middle initials written
    # ("" for none): "Mukesh K. Mohania" and "Mukesh Mohania" are one coauthor, as for the suggestions.
    names: Counter
    middles: dict[tuple[str, str], set[str]]
    venues: Counter
    years: list[int]
    affiliations: Counter
    words: dict[str, float]  # normalised tf-idf centroid
    first_names: Counter  # how its papers write the own name's first given name, where they write it out


class EvidenceIndex:
    def __init__(self, contents: ClusterContents, abstracts: dict[int, str] | None = None):
        self._name = contents.cluster.name
        # Only a cluster named by initials ("M. Silva") learns anything from how a paper writes the first name.
        self._initials_name = named_by_initials(self._name)
        self._abstracts = abstracts or {}
        self._papers = {paper.paper_id: paper for paper in contents.papers}
        self._labels = {person.id: person.label for person in contents.people}
        self._members: dict[int, set[int]] = {person.id: set() for person in contents.people}
        for paper_id, state in contents.decisions.items():
            if state.verdict is Verdict.PERSON and state.person_id in self._members:
                self._members[state.person_id].add(paper_id)
        self._idf = _idf([_words(paper, self._abstracts) for paper in contents.papers])
        self._vectors: dict[int, dict[str, float]] = {}
        self._own_names: dict[int, tuple[dict[str, str], str | None]] = {}  # paper → coauthors (key → as written), first name
        self._profiles: dict[int, _Profile] = {}

    def update(self, contents: ClusterContents, changed: dict) -> None:
        """Take in new decisions (paper id → state) and the current people."""
        self._labels = {person.id: person.label for person in contents.people}
        for person in contents.people:
            self._members.setdefault(person.id, set())
        for person_id in [p for p in self._members if p not in self._labels]:
            del self._members[person_id]
            self._profiles.pop(person_id, None)
        for paper_id, state in changed.items():
            for person_id, members in self._members.items():
                if paper_id in members:
                    members.discard(paper_id)
                    self._profiles.pop(person_id, None)
            if state.verdict is Verdict.PERSON and state.person_id in self._members:
                self._members[state.person_id].add(paper_id)
                self._profiles.pop(state.person_id, None)

    def fits(self, paper: PaperRow) -> list[Fit]:
        """How well the paper fits each person (its own person's other papers only), best first."""
        found = [self._fit(paper, person_id) for person_id in self._members]
        return sorted((fit for fit in found if fit is not None), key=lambda fit: -fit.score)

    def best_fit(self, paper: PaperRow) -> Fit | None:
        fits = self.fits(paper)
        return fits[0] if fits else None

    # Scoring ----------------------------------------------------------------------

    def _fit(self, paper: PaperRow, person_id: int) -> Fit | None:
        profile = self._profile(person_id, excluding=paper.paper_id)
        if profile is None:
            return None
        reasons, parts = [], []
        coauthors = [(name, count) for key, name in self._coauthors(paper).items() if (count := _papers_with(key, profile))]
        if coauthors:
            shown = ", ".join(f"{name} ({count})" for name, count in coauthors[:3])
            reasons.append(f"shares coauthors {shown}" + (f" and {len(coauthors) - 3} more" if len(coauthors) > 3 else ""))
        parts.append(0.85 * (1 - 0.4 ** len(coauthors)))
        if paper.venue and profile.venues.get(paper.venue):
            reasons.append(f"{profile.venues[paper.venue]} of its papers are in {paper.venue}")
            parts.append(0.35)
        if paper.affiliation and profile.affiliations.get(paper.affiliation.casefold()):
            reasons.append(f"same affiliation: {paper.affiliation}")
            parts.append(0.4)
        first_name = self._own(paper)[1]
        agrees = self._first_name_agrees(first_name, profile)
        if agrees is not None:
            written = ", ".join(f"{name.capitalize()} ({count})" for name, count in profile.first_names.most_common(3))
            if agrees:
                reasons.append(f"writes the first name as its papers do: {written}")
                parts.append(0.5)
            else:
                reasons.append(f"first name {first_name.capitalize()} is not its papers': {written}")
        similarity = _cosine(self._vector(paper), profile.words)
        if similarity >= 0.1:
            reasons.append(f"similar words in titles and abstracts ({similarity:.2f})")
        parts.append(0.6 * min(similarity * 2, 1.0))
        score = 1 - math.prod(1 - part for part in parts)
        distance, said = _year_distance(paper.year, profile.years)
        if said:
            reasons.append(said)
        score *= 0.6 + 0.4 * math.exp(-distance / 8)
        if agrees is False:  # "Marcos" and "Mario": the suggestion engine never joins them either
            score *= 0.2
        return Fit(person_id, self._labels.get(person_id, "?"), round(score, 3), tuple(reasons) or ("nothing in common yet",))

    def _coauthors(self, paper: PaperRow) -> dict[str, str]:
        """The paper's coauthors in its order: `link_key` → the name as the paper writes it."""
        return self._own(paper)[0]

    def _own(self, paper: PaperRow) -> tuple[dict[str, str], str | None]:
        """The paper's coauthors and how it writes the own name's first name, worked out once per paper."""
        if paper.paper_id not in self._own_names:
            names, spelling = coauthors_and_own_name(paper, self._name)
            coauthors: dict[str, str] = {}
            for name in names:
                if key := link_key(name):
                    coauthors.setdefault(key, name)
            self._own_names[paper.paper_id] = coauthors, written_first_name(spelling)
        return self._own_names[paper.paper_id]

    def _first_name_agrees(self, first_name: str | None, profile: _Profile) -> bool | None:
        """Whether the paper writes the own first name as the person's papers do; None when that says nothing."""
        if first_name is None or not profile.first_names:
            return None
        agrees = first_names_agree(frozenset({first_name}), frozenset(profile.first_names))
        return None if agrees and not self._initials_name else agrees  # in "Lei Wang" every paper writes "lei"

    def _vector(self, paper: PaperRow) -> dict[str, float]:
        if paper.paper_id not in self._vectors:
            self._vectors[paper.paper_id] = _tfidf(_words(paper, self._abstracts), self._idf)
        return self._vectors[paper.paper_id]

    def _profile(self, person_id: int, excluding: int) -> _Profile | None:
        members = self._members.get(person_id, set())
        if excluding in members:  # judge a paper against the person's other papers
            return self._build(members - {excluding})
        if person_id not in self._profiles:
            self._profiles[person_id] = self._build(members)
        return self._profiles[person_id]

    def _build(self, members: set[int]) -> _Profile | None:
        if not members:
            return None
        papers = [self._papers[paper_id] for paper_id in members]
        centroid: Counter = Counter()
        for paper in papers:
            centroid.update(self._vector(paper))
        keys = [self._coauthors(paper) for paper in papers]
        split = [[parts for key in paper_keys if (parts := middle_initials(key))] for paper_keys in keys]
        middles: dict[tuple[str, str], set[str]] = {}
        for name, middle in (parts for paper_parts in split for parts in paper_parts):
            middles.setdefault(name, set()).add(middle)
        return _Profile(
            papers=len(papers),
            coauthors=Counter(key for paper_keys in keys for key in paper_keys),
            names=Counter(name for paper_parts in split for name in {name for name, _middle in paper_parts}),
            middles=middles,
            venues=Counter(paper.venue for paper in papers if paper.venue),
            years=sorted(paper.year for paper in papers if paper.year is not None),
            affiliations=Counter(paper.affiliation.casefold() for paper in papers if paper.affiliation),
            words=_normalised(centroid),
            first_names=Counter(name for paper in papers if (name := self._own(paper)[1])),
        )


def _words(paper: PaperRow, abstracts: dict[int, str]) -> list[str]:
    text = f"{paper.title} {abstracts.get(paper.paper_id, '')}".casefold()
    return [word for word in _WORD.findall(text) if word not in _STOP]


def _idf(documents_words: list[list[str]]) -> dict[str, float]:
    documents = Counter(word for words in documents_words for word in set(words))
    total = max(len(documents_words), 1)
    return {word: math.log((1 + total) / (1 + count)) + 1 for word, count in documents.items()}


def _tfidf(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    return _normalised(Counter({word: count * idf.get(word, 1.0) for word, count in Counter(words).items()}))


def _normalised(vector: Counter | dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {word: value / norm for word, value in vector.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(word, 0.0) for word, value in a.items())


def _year_distance(year: int | None, years: list[int]) -> tuple[float, str]:
    if year is None or not years:
        return 0.0, ""
    first, last = years[0], years[-1]
    if first <= year <= last:
        return 0.0, f"{year} is within its years {first}–{last}" if first != last else ""
    distance = first - year if year < first else year - last
    side = "before its first paper" if year < first else "after its last paper"
    return float(distance), f"{year} is {distance} year{'s' if distance != 1 else ''} {side} ({first if year < first else last})"


def _papers_with(key: str, profile: _Profile) -> int:
    """How many of the person's papers have this coauthor (a `link_key`).

    "Mukesh Mohania" and "Mukesh K. Mohania" are one coauthor where the
    person's papers write no other middle initials with that name; where
    they write two ("John A. Smith", "John B. Smith"), only the same
    spelling counts.
    """
    parts = middle_initials(key)
    if parts is None:
        return profile.coauthors.get(key, 0)
    name, middle = parts
    written = profile.middles.get(name, set()) - {""}
    if len(written) > 1 or (middle and written and middle not in written):
        return profile.coauthors.get(key, 0)
    return profile.names.get(name, 0)

