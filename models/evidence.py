"""Why a paper fits a person: shared coauthors, venues, years, affiliation, words.

`EvidenceIndex` is built once per loaded cluster (off the GUI thread: it
weighs every word of every title and abstract) and keeps a profile per
person (`person_profile`), which a decision changes by the papers it moves. `fits(paper)`
gives each person a combined score with the reasons behind it; the score
is an explanation for the reviewer, not a decision.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from models.institutions import Institutions
from models.queries import ClusterContents, PaperRow
from models.review import counted, of_its_papers
from models.schema import Verdict
from models.stopping import stop_if_asked
from models.person_profile import PaperParts, Profile, ProfileLess
from models.suggest.text import first_names_agree, link_key, named_by_initials, written_first_name
from models.suggestions import coauthors_and_own_name

_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")
_STOP = frozenset("the and for with from that this using based are its via into over under new towards study analysis approach method".split())


# The least score the Fit column shows (it shows two decimals).
SHOWN_FIT = 0.005
# The detail pane lists this many of a paper's best fits (and its own person's, wherever it ranks).
SHOWN_FITS = 3
# The least word similarity the reasons name, and so the least that adds to a score: below it, a few
# common words gave "0.12: nothing in common yet" in the pane and a fit in the Fit column.
SIMILAR_WORDS = 0.1
# A group of a person's papers joined by shared coauthors vouches for itself from this many papers, and this share
# of its person's (`EvidenceIndex._fit`): a block another person's papers make in an accepted group is mostly smaller.
VOUCHES_FROM = 5
VOUCHING_SHARE = 0.15


@dataclass(frozen=True)
class Fit:
    person_id: int
    label: str
    score: float  # 0 to 1
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ShownFits:
    """What the detail pane lists of a paper's fits (`EvidenceIndex.shown_fits`)."""

    fits: list[Fit]  # best first, the paper's own person last if it ranks lower
    people: int  # how many people were weighed (those with other papers to weigh it against)
    own_person_id: int | None  # the person the paper is decided for, if any
    best: int  # how many of `fits` are the best ones; one more is its own person's, ranked lower


@dataclass(frozen=True)
class Reusable:
    """What an index of the same loaded cluster can take over from the last one: the words' weights and
    each paper's parts, which depend on the papers alone (a decision changes neither)."""

    cluster_id: int
    papers: frozenset[int]
    idf: dict[str, float]
    parts: dict[int, PaperParts]


class EvidenceIndex:
    def __init__(self, contents: ClusterContents, abstracts: dict[int, str] | None = None, reuse: Reusable | None = None):
        self._name = contents.cluster.name
        # Only a cluster named by initials ("M. Silva") learns anything from how a paper writes the first name.
        self._initials_name = named_by_initials(self._name)
        self._abstracts = abstracts or {}
        self._papers = {paper.paper_id: paper for paper in contents.papers}
        self._labels = {person.id: person.label for person in contents.people}
        self._cluster_id = contents.cluster.id
        self._paper_ids = frozenset(self._papers)  # what a later index checks before it takes anything over
        if reuse is not None and (reuse.cluster_id != self._cluster_id or reuse.papers != self._paper_ids):
            reuse = None  # another cluster, or other papers: nothing carries over
        self._idf = reuse.idf if reuse else _idf([_words(paper, self._abstracts) for paper in contents.papers])
        # Worked out once per paper; taken over as it is (`reusable` made the copy for this index).
        self._parts: dict[int, PaperParts] = reuse.parts if reuse else {}
        self._profiles: dict[int, Profile] = {person.id: Profile() for person in contents.people}
        self._person_of: dict[int, int] = {}  # paper id → the person it is in
        self._came_with: CameWith | None = None  # worked out when first asked, after each update
        self._institutions: Institutions | None = None  # the papers' affiliations filed, when first asked
        self.update(contents, contents.decisions)

    def update(self, contents: ClusterContents, changed: dict) -> None:
        """Take in new decisions (paper id → state) and the current people: each changed paper leaves
        its person's profile and joins its new one, in the time of that paper alone (a thousand papers
        at once are counted together, `Profile.add_many`)."""
        self._labels = {person.id: person.label for person in contents.people}
        self._came_with = None
        for person in contents.people:
            self._profiles.setdefault(person.id, Profile())
        leaving: dict[int, list[PaperParts]] = {}
        joining: dict[int, list[PaperParts]] = {}
        for paper_id, state in changed.items():
            stop_if_asked()  # on the analysis thread, a paper's parts may be worked out here (~0.1 ms each)
            if (person_id := self._person_of.pop(paper_id, None)) is not None and person_id in self._profiles:
                leaving.setdefault(person_id, []).append(self._paper_parts(self._papers[paper_id]))
            if state.verdict is Verdict.PERSON and state.person_id in self._profiles:
                self._person_of[paper_id] = state.person_id
                joining.setdefault(state.person_id, []).append(self._paper_parts(self._papers[paper_id]))
        for person_id, parts in leaving.items():
            if person_id not in self._labels:
                continue  # the person is gone (an undone "new person"): its profile goes below, uncounted
            if len(parts) == self._profiles[person_id].papers:
                self._profiles[person_id] = Profile()  # every paper left: nothing to take out one by one
            else:
                self._profiles[person_id].add_many(parts, -1)
        for person_id, parts in joining.items():
            self._profiles[person_id].add_many(parts)
        removed = [p for p in self._profiles if p not in self._labels]  # its papers left it above
        for person_id in removed:
            del self._profiles[person_id]
        if removed:  # a walk over every decided paper: only when a person went
            self._person_of = {paper: person for paper, person in self._person_of.items() if person in self._profiles}

    def reusable(self) -> Reusable:
        """For the next analysis of this loaded cluster, which takes it over (call it on the thread that
        uses this index: the parts are copied as they are now, for that analysis alone)."""
        return Reusable(self._cluster_id, self._paper_ids, self._idf, dict(self._parts))

    def prepare(self) -> None:
        """Work out every paper's parts now (on the analysis thread), not when a decision needs them on
        the GUI thread: a first person made of 1,000 papers waited half a second for them."""
        for paper in self._papers.values():
            stop_if_asked()  # a paper's parts take ~0.1 ms: an outdated analysis stops within one
            self._paper_parts(paper)
        self._filed_institutions()  # the affiliations filed too, off the GUI thread (all 1,161 of Arnetminer: 50 ms)

    def fits(self, paper: PaperRow) -> list[Fit]:
        """How well the paper fits each person (its own person's other papers only), best first."""
        found = [self._fit(paper, person_id) for person_id in self._labels]  # the people in the cluster's order
        return sorted((fit for fit in found if fit is not None), key=lambda fit: -fit.score)

    def shown_fits(self, paper: PaperRow, most: int = SHOWN_FITS) -> ShownFits:
        """The fits the detail pane lists: the best `most`, and the paper's own person's wherever it ranks. In a
        cluster of more people than that, ties at 0.00 kept the people panel's order, and a paper's own person
        (the 4th) was never listed, though the pane said it weighed each person."""
        fits = self.fits(paper)
        own = self._person_of.get(paper.paper_id)
        shown = fits[:most] + [fit for fit in fits[most:] if fit.person_id == own]
        return ShownFits(shown, len(fits), own, min(most, len(fits)))

    def best_fit(self, paper: PaperRow) -> Fit | None:
        """The person the paper fits best, if anything speaks for one: a best score that shows as 0.00 is a
        tie of nothings that the cluster's first person "won" (the Fit column said "0.00 Lei Wang")."""
        fits = self.fits(paper)
        return fits[0] if fits and fits[0].score >= SHOWN_FIT else None

    def own_fit(self, paper: PaperRow) -> Fit | None:
        """How well a paper decided for a person fits that person's other papers; None if it is in no person, or
        its person has no other paper. A weak one in a big accepted group is the paper to look at again."""
        person_id = self._person_of.get(paper.paper_id)
        return self._fit(paper, person_id) if person_id is not None else None

    # Scoring ----------------------------------------------------------------------

    def _fit(self, paper: PaperRow, person_id: int) -> Fit | None:
        own = self._paper_parts(paper)
        in_person = self._person_of.get(paper.paper_id) == person_id
        whole = self._fit_to(paper, own, person_id, self._profiles[person_id].without(own if in_person else None), [])
        group = self._group_it_came_with(paper.paper_id) if in_person else None
        if group is None:
            return whole
        # A block of another person's papers that an accepted group took in fit through each other: 3 papers
        # with Fuyan Zhang scored 0.51 in a Jie Tang, "shares coauthors Fuyan Zhang (2)", and 0.00 once moved out.
        outside = self._fit_to(paper, own, person_id, ProfileLess(self._profiles[person_id], group.profile),
                               [f"against its person's papers outside the {counted(group.papers, 'paper')} it shares coauthors with{group.named}"])
        if self._vouches(group, person_id) and (outside is None or whole.score > outside.score):
            # A group this big is a body of the person's work more often than a block taken in by mistake: weighed
            # only against the papers outside it, right papers showed 0.00 (Thomas Meyer's paper 26, sharing Richard
            # Booth with 6 others, read 0.00 decided and 0.59 unsure), so it gets the better of the two fits.
            return whole
        if outside is not None and whole.score > outside.score:
            # The same paper unsure was weighed with its group: say so, or the two views seem to contradict.
            outside = replace(outside, reasons=outside.reasons + (f"{whole.score:.2f} with them",))
        return outside

    def _vouches(self, group: CoauthorGroup, person_id: int) -> bool:
        return group.papers >= max(VOUCHES_FROM, VOUCHING_SHARE * self._profiles[person_id].papers)

    def _fit_to(self, paper: PaperRow, own: PaperParts, person_id: int, profile, reasons: list[str]) -> Fit | None:
        parts = []
        if profile.papers <= 0:
            return None
        coauthors = [(name, count) for key, name in own.coauthors.items() if (count := profile.coauthor_papers(key))]
        if coauthors:
            shown = ", ".join(f"{name} ({count})" for name, count in coauthors[:3])
            reasons.append(f"shares coauthors {shown}" + (f" and {len(coauthors) - 3} more" if len(coauthors) > 3 else ""))
        parts.append(0.85 * (1 - 0.4 ** len(coauthors)))
        if paper.venue and (count := profile.venue_papers(paper.venue)):
            reasons.append(f"{of_its_papers(count, 'is', 'are')} in {paper.venue}")
            parts.append(0.35)
        if own.affiliation and profile.affiliation_papers(own.affiliation):
            reasons.append(f"same affiliation: {paper.affiliation}")
            parts.append(0.4)
        elif own.affiliation and (affiliated := profile.affiliated_papers()) and not self._institution_among(own.affiliation, profile):
            # Said, not scored: people move. Only what spoke for a person was ever said ("0.00: 2004 is within its
            # years"), beside "Rockwell Collins" against a person whose papers all gave UMass Amherst. Not said where
            # they name its institution otherwise: "none Sch. of Telecommun. Eng., Beijing Univ. of Posts &
            # Telecommun., …" was said against papers giving "Beijing University of Posts and Telecommunications".
            reasons.append(f"{of_its_papers(affiliated, 'gives', 'give')} an affiliation, {'not' if affiliated == 1 else 'none'} {paper.affiliation}")
        first_names = profile.first_names()
        agrees = self._first_name_agrees(own.first_name, first_names)
        if agrees is not None:
            most = sorted(first_names.items(), key=lambda item: (-item[1], item[0]))[:3]
            written = ", ".join(f"{name.capitalize()} ({count})" for name, count in most)
            if agrees:
                reasons.append(f"writes the first name as its papers do: {written}")
                parts.append(0.5)
            else:
                reasons.append(f"writes the first name {own.first_name.capitalize()}; this person's papers write {written}")
        similarity = profile.similarity(own.vector)
        if similarity >= SIMILAR_WORDS:
            reasons.append(f"similar words in titles and abstracts ({similarity:.2f})")
            parts.append(0.6 * min(similarity * 2, 1.0))
        score = 1 - math.prod(1 - part for part in parts)
        distance, said = _year_distance(paper.year, profile.year_span())
        if said:
            reasons.append(said)
        score *= 0.6 + 0.4 * math.exp(-distance / 8)
        if agrees is False:  # "Marcos" and "Mario": the suggestion engine never joins them either
            score *= 0.2
        return Fit(person_id, self._labels.get(person_id, "?"), round(score, 3), tuple(reasons) or ("nothing in common yet",))

    def _institution_among(self, affiliation: str, profile) -> bool:
        """Whether any of the profile's papers names the institution the (casefolded) affiliation names."""
        return any(profile.affiliation_papers(other) > 0 for other in self._filed_institutions().same_as(affiliation))

    def _filed_institutions(self) -> Institutions:
        if self._institutions is None:
            self._institutions = Institutions(paper.affiliation.casefold() for paper in self._papers.values() if paper.affiliation)
        return self._institutions

    def _group_it_came_with(self, paper_id: int) -> CoauthorGroup | None:
        """The papers of its person linked to it by shared coauthors (itself too), if they are at least two and at
        most half the person's papers: a paper of the person's main body is judged against its other papers."""
        if self._came_with is None:
            self._came_with = CameWith(self._person_of, self._paper_parts_of)
        return self._came_with.group_of(paper_id, self._profiles)

    def _paper_parts_of(self, paper_id: int) -> PaperParts:
        return self._paper_parts(self._papers[paper_id])

    def _paper_parts(self, paper: PaperRow) -> PaperParts:
        """What the paper adds to a profile: its coauthors (by `link_key`, as the paper writes them), how
        it writes the own name's first name, its venue, year, affiliation and words."""
        parts = self._parts.get(paper.paper_id)
        if parts is None:
            names, spelling = coauthors_and_own_name(paper, self._name)
            coauthors: dict[str, str] = {}
            for name in names:
                if key := link_key(name):
                    coauthors.setdefault(key, name)
            vector = _tfidf(_words(paper, self._abstracts), self._idf)
            parts = PaperParts.of(coauthors, paper.venue, paper.year, paper.affiliation, vector, written_first_name(spelling))
            self._parts[paper.paper_id] = parts
        return parts

    def _first_name_agrees(self, first_name: str | None, written: Counter) -> bool | None:
        """Whether the paper writes the own first name as the person's papers do; None when that says nothing."""
        if first_name is None or not written:
            return None
        agrees = first_names_agree(frozenset({first_name}), frozenset(written))
        return None if agrees and not self._initials_name else agrees  # in "Lei Wang" every paper writes "lei"


@dataclass(frozen=True)
class CoauthorGroup:
    papers: int
    profile: Profile  # the group's papers summed
    named: str  # " (Fuyan Zhang)": the coauthor most of its papers share, if one is shared by two or more


class CameWith:
    """The papers of each person joined by shared coauthors (a coauthor name written alike, `link_key`), as the
    suggestion engine's first stage joins them: a block an accepted group took in whole is one such group."""

    def __init__(self, person_of: dict[int, int], parts_of):
        self._parts_of = parts_of
        self._person_of = person_of  # the index's own: an update makes a new CameWith before it changes
        self._root: dict[int, int] = {}
        first_with: dict[tuple[int, str], int] = {}  # (person, coauthor) → the first paper seen with it
        for paper_id, person_id in person_of.items():
            stop_if_asked()
            self._root[paper_id] = paper_id
            for key in parts_of(paper_id).coauthors:
                other = first_with.setdefault((person_id, key), paper_id)
                if other != paper_id:
                    self._join(paper_id, other)
        self._members: dict[int, list[int]] = {}
        for paper_id in self._root:
            self._members.setdefault(self._find(paper_id), []).append(paper_id)
        self._groups: dict[int, CoauthorGroup | None] = {}

    def group_of(self, paper_id: int, profiles: dict[int, Profile]) -> CoauthorGroup | None:
        root = self._find(paper_id)
        if root not in self._groups:
            self._groups[root] = self._group(self._members[root], profiles)
        return self._groups[root]

    def _group(self, members: list[int], profiles: dict[int, Profile]) -> CoauthorGroup | None:
        person = profiles.get(self._person_of.get(members[0]))
        if len(members) < 2 or person is None or len(members) * 2 > person.papers:
            return None
        summed = Profile()
        parts = [self._parts_of(paper_id) for paper_id in members]
        summed.add_many(parts)
        # Ties by name: the papers come in the order they were decided, which an index built afresh does not know.
        shared = min(Counter(name for part in parts for name in part.coauthors.values()).items(),
                     key=lambda item: (-item[1], item[0]), default=None)
        named = f" ({shared[0]})" if shared and shared[1] >= 2 else ""
        return CoauthorGroup(len(members), summed, named)

    def _find(self, paper_id: int) -> int:
        root = paper_id
        while self._root[root] != root:
            root = self._root[root]
        while self._root[paper_id] != root:  # every paper on the way points at the root from now on
            self._root[paper_id], paper_id = root, self._root[paper_id]
        return root

    def _join(self, left: int, right: int) -> None:
        self._root[self._find(left)] = self._find(right)


def column_fits(contents: ClusterContents, evidence: EvidenceIndex) -> dict[int, Fit]:
    """The Fit column's: an undecided or unsure paper's best person (the key to press); a paper decided for a
    person, how it fits that person's other papers (a wrong paper in an accepted group scores low there, and was
    found only by reading each one). A rejected paper has none."""
    fits = {}
    decisions = contents.decisions
    for paper in contents.papers:
        stop_if_asked()  # a fit takes ~0.1 ms: an outdated analysis stops within one, not after the cluster's
        state = decisions.get(paper.paper_id)
        if state is None or state.verdict is Verdict.UNSURE:
            fit = evidence.best_fit(paper)
        elif state.verdict is Verdict.PERSON:
            fit = evidence.own_fit(paper)
        else:
            continue
        if fit is not None:
            fits[paper.paper_id] = fit
    return fits


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


def _year_distance(year: int | None, span: tuple[int, int] | None) -> tuple[float, str]:
    if year is None or span is None:
        return 0.0, ""
    first, last = span
    if first <= year <= last:
        return 0.0, f"{year} is within its years {first}–{last}" if first != last else ""
    distance = first - year if year < first else year - last
    side = "before its first paper" if year < first else "after its last paper"
    return float(distance), f"{year} is {counted(distance, 'year')} {side} ({first if year < first else last})"
