"""Per-paper features of one name cluster, weighted within that cluster.

Weights are inverse document frequencies computed over the cluster itself:
a venue or a word that half the cluster shares tells little about who wrote
a paper; one that two papers share tells a lot. Nothing is learned from
other clusters at run time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.suggest import text
from models.suggest.inputs import PaperInput
from models.suggest.names import without_lone_middle_initials

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class PaperFeatures:
    coauthors: frozenset[str]  # link keys (`text.link_key`), middle initials left out where one set is written (`coauthor_keys`)
    venue: str | None  # venue series key
    venue_terms: Vector  # unit length
    title: Vector  # unit length, title (and abstract) terms
    affiliation: Vector  # unit length; empty when unknown
    year: int | None
    # The own name as this paper spells it, where it says more than the cluster's name (`own_name_features`).
    first_name: str | None = None  # its first given name, written out: "marcos" in the cluster "M. Silva"
    spelling: str | None = None  # its `text.name_key`, when the cluster's name gives that first name as an initial


def idf(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each term over the documents."""
    counts: Counter = Counter()
    total = 0
    for document in documents:
        counts.update(set(document))
        total += 1
    return {term: math.log((1 + total) / (1 + count)) + 1.0 for term, count in counts.items()}


def unit(counts: Counter, weights: dict[str, float]) -> Vector:
    """A tf-idf vector (log term frequency, a count below one kept as is) scaled to length one."""
    vector = {
        term: (1.0 + math.log(count) if count >= 1 else count) * weights.get(term, 1.0)
        for term, count in counts.items()
    }
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {term: value / norm for term, value in vector.items()} if norm else {}


def cosine(left: Vector, right: Vector) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right.get(term, 0.0) for term, value in left.items())


# An abstract term counts half a title term, once however often it occurs,
# so that a long abstract does not drown the title.
ABSTRACT_WEIGHT = 0.5


def paper_terms(paper: PaperInput) -> Counter:
    """Title term counts, plus each other abstract term at `ABSTRACT_WEIGHT`."""
    counts = Counter(text.terms(paper.title))
    # In the abstract's order (a set's order follows the strings' hashes, which change from process to
    # process, and with it the last bits of every sum over the vector: near-ties came out otherwise).
    for term in dict.fromkeys(text.terms(paper.abstract)):
        if term not in counts:
            counts[term] = ABSTRACT_WEIGHT
    return counts


def own_name_features(own_name: str | None, by_initials: bool) -> tuple[str | None, str | None]:
    """The paper's written-out first given name, and its spelling of the own name if that is more specific.

    In a cluster named by initials (`by_initials`: "M. Silva", as LBD and S2AND
    block names), a paper that writes "Marcos Silva" says which M. it is; in a
    cluster named in full ("Lei Wang") every spelling gives the same first
    name and says nothing more, so `spelling` stays None there.
    """
    first_name = text.written_first_name(own_name)
    if first_name is None or not by_initials:
        return first_name, None
    return first_name, text.name_key(own_name)


def coauthor_keys(papers: Sequence[PaperInput]) -> list[frozenset[str]]:
    """Each paper's coauthors as link keys; "Mukesh K. Mohania" and "Mukesh Mohania" one key where the
    cluster writes no other middle initials with that name (`names.without_lone_middle_initials`)."""
    keys = [frozenset(key for name in paper.coauthors if (key := text.link_key(name))) for paper in papers]
    merged = without_lone_middle_initials(set().union(*keys))
    if not merged:
        return keys
    return [frozenset(merged.get(key, key) for key in paper_keys) for paper_keys in keys]


def extract(papers: Sequence[PaperInput], cluster_name: str | None = None) -> list[PaperFeatures]:
    """The features of every paper, weighted by the cluster's own frequencies."""
    titles = [paper_terms(paper) for paper in papers]
    venues = [text.venue_terms(paper.venue) for paper in papers]
    affiliations = [[t for a in paper.affiliations for t in text.affiliation_terms(a)] for paper in papers]
    title_idf, venue_idf, affiliation_idf = idf(titles), idf(venues), idf(affiliations)
    by_initials = cluster_name is not None and text.named_by_initials(cluster_name)
    own_names = [own_name_features(paper.own_name, by_initials) for paper in papers]
    return [
        PaperFeatures(
            coauthors=coauthors,
            venue=text.venue_key(paper.venue),
            venue_terms=unit(Counter(venue_words), venue_idf),
            title=unit(title_words, title_idf),
            affiliation=unit(Counter(affiliation_words), affiliation_idf),
            year=paper.year,
            first_name=first_name,
            spelling=spelling,
        )
        for paper, coauthors, title_words, venue_words, affiliation_words, (first_name, spelling) in zip(
            papers, coauthor_keys(papers), titles, venues, affiliations, own_names
        )
    ]
