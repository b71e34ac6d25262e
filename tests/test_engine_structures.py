"""What the suggestion engine holds while it groups, and that it groups alike in every process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_suggest import clusters_and_decisions

from models.suggest import Constraints, PaperInput
from models.suggest.constraints import Rules
from models.suggest.engine import usable_papers
from models.suggest.features import extract, paper_terms
from models.suggest.grouping import Merger, build_groups, frequent_limit, frequent_words
from models.suggest.groups import Link, allowed, profile
from models.suggest.joining import coauthor_links, join_by_coauthors, seed_groups, spelling_links
from models.suggest.text import stem, terms, words

ROOT = Path(__file__).resolve().parent.parent


def _papers(count: int) -> list[PaperInput]:
    topics = ["query optimization", "protein folding", "sensor networks", "graph mining", "image retrieval"]
    return [
        PaperInput(
            number,
            f"{topics[number % 5]} study {number % 7}",
            abstract=f"we examine {topics[(number + 1) % 5]} and {topics[number % 5]} in setting {number % 11} with care",
            venue=["VLDB Journal", "Bioinformatics", "Sensor Systems"][number % 3],
            year=2000 + number % 9,
            coauthors=(f"Coauthor {number % 13}",),
            affiliations=(["Tsinghua University", "Peking University", "Fudan University", "Zhejiang University"][number % 4],),
        )
        for number in range(count)
    ]


def _rules(papers: list[PaperInput], constraints: Constraints | None = None) -> Rules:
    return Rules.build(constraints or Constraints(), {paper.paper_id: number for number, paper in enumerate(papers)})


WORDS = ["query", "protein", "learning", "graph", "yeast", "database", "network", "kernel", "sensor", "vision", "robot", "energy"]


def _chained(count: int, affiliations: bool) -> list[PaperInput]:
    """Papers chained by coauthors in a shuffled order: the paper at place k of the chain shares a name with
    the one at place k + 1 (7919 is prime: every place once). "Person N1234", not "Person 1234": four digits
    after a name are dblp's homonym suffix, and every such name would be "Person"."""
    place = [(number * 7919) % count for number in range(count)]
    return [
        PaperInput(number, f"{WORDS[number % 12]} {WORDS[number // 12 % 12]} {WORDS[number * 5 % 12]}",
                   venue=["VLDB", "Bioinformatics", "ICML"][number % 3],
                   coauthors=(f"Person N{place[number]}", f"Person N{place[number] + 1}"),
                   abstract=f"{WORDS[number % 7]} {WORDS[number % 11]} and {WORDS[number % 5]}",
                   affiliations=(["MIT", "Tsinghua University", "Stanford", "ETH Zurich"][number % 4],)
                   if affiliations and number % 3 else ())
        for number in range(count)
    ]


def test_a_group_of_one_paper_shares_the_papers_vectors_instead_of_copying_them():
    papers = _papers(30)
    features = extract(papers)
    groups = seed_groups(features, _rules(papers))
    assert len(groups) == 30
    assert all(feature.venue_terms and feature.title and feature.affiliation for feature in features)
    for number, group in enumerate(groups):
        assert group.venue is features[number].venue_terms
        assert group.title is features[number].title
        assert group.affiliation is features[number].affiliation


def test_a_group_of_several_papers_sums_their_vectors_into_its_own():
    papers = _papers(12)
    features = extract(papers)
    groups = seed_groups(features, _rules(papers))
    joined = groups[0].merged(groups[5], Link("similar", 0.5))
    assert joined.title is not features[0].title and joined.title is not features[5].title
    for word in features[0].title.keys() | features[5].title.keys():
        assert joined.title[word] == features[0].title.get(word, 0.0) + features[5].title.get(word, 0.0)
    assert features[0].title == extract(papers)[0].title  # the papers' own vectors are as they were


def test_frequent_words_count_the_papers_using_them_channel_by_channel():
    """A word is frequent past `frequent_limit` papers, counted once a paper (not by its weight) and per channel."""
    papers = [
        PaperInput(number, f"common{' rare' if number < 40 else ''} title {number}", venue="common" if number < 41 else None)
        for number in range(100)
    ]
    assert frequent_limit(100) == 40
    venue, title, affiliation = frequent_words(extract(papers))
    assert venue == {"common"}  # in 41 papers' venues
    assert "common" in title and "rare" not in title  # in 100 and in 40 titles
    assert affiliation == set()


def test_the_merger_indexes_each_channel_under_the_papers_own_words():
    """The postings are keyed by the words the features hold, one index per channel: no word is made anew
    for each group ("t" + word was, a quarter of a 10,000-paper analysis's memory)."""
    papers = _papers(40)
    features = extract(papers)
    rules = _rules(papers)
    merger = Merger(seed_groups(features, rules), rules, frequent_words(features), len(features))
    for channel, (postings, frequent) in enumerate(zip(merger.postings, merger.frequent_postings)):
        for gid, group in merger.alive.items():
            for word, value in profile(group)[channel].items():
                assert (postings.get(word) or frequent[word])[gid] == value
    words = {id(word) for feature in features for vector in (feature.venue_terms, feature.title, feature.affiliation) for word in vector}
    indexed = [word for postings in merger.postings + merger.frequent_postings for word in postings]
    assert indexed and all(id(word) in words for word in indexed)


def test_abstract_words_keep_the_abstracts_order():
    terms = paper_terms(PaperInput(1, "graph mining", abstract="zebra apple mining zebra kiwi"))
    assert list(terms) == ["graph", "mining", "zebra", "apple", "kiwi"]
    assert terms["mining"] == 1 and terms["zebra"] == 0.5


_IN_A_PROCESS = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from test_engine_structures import _papers
from models.suggest import review_order, suggest
from models.suggest.features import extract
papers = _papers(120)
print(json.dumps({
    "vectors": [[list(f.title.items()), list(f.venue_terms.items()), list(f.affiliation.items())] for f in extract(papers)],
    "suggestions": [[sorted(s.papers), s.score] for s in suggest(papers)],
    "order": review_order(papers),
}))
"""


def test_two_processes_group_and_order_the_papers_alike():
    """Python gives strings other hashes in every process: the engine's sums must not follow them (the
    review order of near-ties changed from one start of the window to the next)."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _IN_A_PROCESS, str(ROOT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0]["order"] and outputs[0]["suggestions"]
    assert outputs[0] == outputs[1]


def test_build_groups_still_groups_the_papers():
    papers = _papers(60)
    groups = build_groups(extract(papers), _rules(papers))
    assert sorted(member for group in groups for member in group.members) == list(range(60))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcivxl019 ÉéüIngsation-.,"), max_size=60))
def test_terms_are_the_stems_of_the_content_words_however_often_a_word_was_seen(title):
    """`terms` keeps each word's term from one call to the next: the same terms as stemming `words` afresh."""
    expected = [stem(word) for word in words(title)]
    assert terms(title) == expected
    assert terms(title) == expected  # the second time from what the first kept


def test_terms_forget_what_they_kept_past_their_limit(monkeypatch):
    from models.suggest import text

    monkeypatch.setattr(text, "_TERMS", {})
    monkeypatch.setattr(text, "_TERMS_KEPT", 3)
    for word in ("alpha", "beta", "gamma", "delta", "epsilon"):
        assert terms(f"{word} networks") == [stem(word), "network"]
        assert len(text._TERMS) <= 3 + 2


# Stage 1 joins in place: the same groups as joining them anew ---------------


def _joined_anew(groups, features, rules):
    """Stage 1 as it was before it joined in place (every join a new `Group`): the reference."""
    owner = {paper: number for number, group in enumerate(groups) for paper in group.members}
    alive = dict(enumerate(groups))
    next_id = len(groups)
    links = [("spelling", *link) for link in spelling_links(features)] + [("coauthor", *link) for link in coauthor_links(features)]
    for kind, left, right, names in links:
        a, b = owner[left], owner[right]
        if a == b or not allowed(alive[a], alive[b], rules):
            continue
        merged = alive[a].merged(alive[b], Link(kind, 1.0, names))
        del alive[a], alive[b]
        alive[next_id] = merged
        for paper in merged.members:
            owner[paper] = next_id
        next_id += 1
    return list(alive.values())


def _exactly(group):
    """Everything of a group, vectors with their order and every bit of their sums."""
    vectors = [list(vector.items()) for vector in (group.venue, group.title, group.affiliation)]
    tops = [list(vector.items()) for vector in profile(group)]
    return (group.members, group.member_set, group.tags, vectors, tops, group.with_affiliation, group.coauthors,
            group.links, group.first_names, (group.venue_norm, group.title_norm, group.affiliation_norm))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clusters_and_decisions(), st.sampled_from([None, "M. Silva"]))
def test_stage_one_joins_in_place_exactly_as_joining_anew(case, name):
    papers, constraints = case
    usable = usable_papers(papers, constraints)
    rules = _rules(usable, constraints)
    features = extract(usable, name)
    expected = _joined_anew(seed_groups(features, rules), features, rules)
    found = join_by_coauthors(seed_groups(features, rules), features, rules)
    assert [_exactly(group) for group in found] == [_exactly(group) for group in expected]


def test_stage_one_joins_a_long_chain_of_coauthors_exactly_as_joining_anew():
    """1,500 papers chained by coauthors, in a shuffled order of papers (the paper at place k of the chain
    shares a name with the one at place k + 1): one group, joined now into its first, now into its second
    side. Joining anew copied the growing group at every link: quadratic, 169 s on the benchmark's
    100,000-paper cluster, whose coauthors chain 56,000 papers."""
    papers = _chained(1500, affiliations=True)
    rules = _rules(papers)
    features = extract(papers)
    (group,) = join_by_coauthors(seed_groups(features, rules), features, rules)
    (expected,) = _joined_anew(seed_groups(features, rules), features, rules)
    assert sorted(group.members) == list(range(1500)) and group.members != sorted(group.members)
    assert group.affiliation and len(group.title) > 10
    assert _exactly(group) == _exactly(expected)


# Stage 2: a big group grows in place, as merging it anew would make it ------


class _MergerAnew(Merger):
    """Stage 2 as it was before a big group grew in its own papers, sets and vectors: the reference."""

    def _grow(self, gid, taken, first, second, link):
        merged = first.merged(second, link)
        self._remove(taken)
        self._unindex_profile(gid)
        self.alive[gid] = merged
        self._index_profile(gid, merged)
        self.version[gid] = self.version.get(gid, 0) + 1


def _merged_both_ways(papers, constraints, monkeypatch, in_place_from: int):
    from models.suggest import grouping

    monkeypatch.setattr(grouping, "GROW_IN_PLACE_PAPERS", in_place_from)
    usable = usable_papers(papers, constraints)
    rules = _rules(usable, constraints)
    features = extract(usable)
    results = []
    for merger in (Merger, _MergerAnew):
        groups = join_by_coauthors(seed_groups(features, rules), features, rules)
        results.append(merger(groups, rules, frequent_words(features), len(features)).run())
    return results


def test_a_big_person_grows_in_place_exactly_as_merging_it_anew(monkeypatch):
    """A reviewer-made person of 150 in 600 papers of the benchmark's generator takes in nearly all, growing
    in place (allowed here from 0 papers; 2,000 in the window) until it is 5% bigger, then scored anew."""
    import random

    from test_engine_at_scale import synthetic

    papers = synthetic(600)
    person = random.Random(3).sample(range(600), 150)
    grown, anew = _merged_both_ways(papers, Constraints.of(people=[person]), monkeypatch, in_place_from=0)
    assert max(len(group.members) for group in grown) > 400  # it took in many groups
    assert [_exactly(group) for group in grown] == [_exactly(group) for group in anew]


def test_a_big_group_of_coauthors_grows_in_place_exactly_as_merging_it_anew(monkeypatch):
    """The chained papers (stage 1 makes them one group, last in order: the second of its pairs) beside
    papers of their own words, which it takes in."""
    papers = _chained(300, affiliations=False) + [
        PaperInput(300 + number, f"{WORDS[number % 12]} {WORDS[(number + 3) % 12]} study", venue=["VLDB", "ICML"][number % 2],
                   coauthors=(f"Other {number}",))
        for number in range(200)
    ]
    grown, anew = _merged_both_ways(papers, Constraints(), monkeypatch, in_place_from=0)
    assert max(len(group.members) for group in grown) > 300  # the chain took in others
    assert [_exactly(group) for group in grown] == [_exactly(group) for group in anew]
