"""The people panel's stats kept up to date decision by decision: the same as summed afresh, and in the time
of the papers a decision moves, not of the person's papers."""

from __future__ import annotations

import random
import time
from collections import Counter

from hypothesis import HealthCheck, given, settings

from models.profiles import PeopleStats, RankedCounts, person_stats
from tests.reviewer_steps import STEPS, kept_up_to_date


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_stats_kept_up_to_date_are_the_stats_summed_afresh(tmp_path_factory, steps):
    def take_in(stats: PeopleStats, _contents, decisions: dict) -> None:
        stats.apply(decisions)

    for kept, contents in kept_up_to_date(tmp_path_factory.mktemp("stats"), steps, PeopleStats, take_in):
        afresh = PeopleStats(contents)
        for someone in contents.people:
            assert kept.stats(someone.id) == person_stats(contents, someone.id) == afresh.stats(someone.id)
            assert kept.conflicts(someone.id) == afresh.conflicts(someone.id)


def test_ranked_counts_keep_the_top_of_every_count():
    pick = random.Random(3)
    ranked, counts = RankedCounts(3), Counter()
    letters = [chr(code) for code in range(ord("a"), ord("a") + 26)] + [f"k{number}" for number in range(200)]
    for step in range(6_000):
        share = 26 if step < 3_000 else len(letters)  # past KEPT keys halfway
        keys = [pick.choice(letters[:share]) for _ in range(pick.randint(1, 6))]
        if pick.random() < 0.45:
            keys = list((Counter(keys) & counts).elements())  # no count below nothing
            counts.subtract(keys)
            ranked.add(keys, -1)
        else:
            counts.update(keys)
            ranked.add(keys)
        expected = sorted(((key, n) for key, n in counts.items() if n > 0), key=lambda item: (-item[1], item[0]))[:3]
        assert ranked.top() == tuple(expected)


def test_a_decision_into_a_big_person_costs_the_time_of_one_paper():
    """A person of 20,000 papers and 40,000 coauthors: one more paper must not sum them all again."""
    from models.profiles import Tally

    class Paper:  # what a tally reads of a paper
        def __init__(self, number: int):
            self.year = 1990 + number % 30
            self.venue = f"Venue {number % 50}"
            # "Co N1234", not "Co 1234": four digits after a name are dblp's suffix, and every such name "Co"
            self.authors = ("Own Name", f"Co N{number * 2}", f"Co N{number * 2 + 1}", "Often")
            self.name_positions = (0,)
            self.warnings = ()

    def seconds(tally: Tally) -> float:
        started = time.perf_counter()
        for number in range(100):
            tally.add([Paper(number)])
            tally.stats()
            tally.add([Paper(number)], -1)
            tally.stats()
        return time.perf_counter() - started

    papers = [Paper(number) for number in range(20_000)]
    started = time.perf_counter()
    big = Tally()
    big.add(papers)
    big.stats()
    summed = time.perf_counter() - started  # what each of the 200 steps below would cost if it summed the person again
    assert big.stats().coauthors[0] == ("Often", 20_000)
    # 200 steps in the time of 5 sums: not one sum a step (200 sums), nor one ranking of every coauthor a step
    # (44-56 sums, measured). The kept ranking runs out and ranks every coauthor again every ~30 removals
    # here, so 200 steps cost about one sum (1.0-1.2); a bound on the steps of a 20-paper person was within
    # noise of that (the steps of both, 4.5-5x against a bound of 5x).
    assert seconds(big) < 5 * summed



def test_a_cluster_far_larger_than_usual_is_said_to_be_likely_several_people():
    from models.conflicts import cluster_conflicts
    from models.queries import ClusterSummary

    def cluster(cluster_id: int, papers: int) -> ClusterSummary:
        return ClusterSummary(cluster_id, f"c{cluster_id}", f"C{cluster_id}", "dblp", papers, 0)

    usual = [cluster(i, 10 + i % 5) for i in range(100)]  # a typical cluster here: 12 papers
    big, middling, small_but_5x = cluster(1000, 300), cluster(1001, 59), cluster(1002, 149)
    everything = [*usual, big, middling, small_but_5x]
    assert cluster_conflicts(big, everything) == ["300 papers, 25 times a typical cluster here: likely several people"]
    assert cluster_conflicts(middling, everything) == []  # under 5 times the typical size
    assert cluster_conflicts(small_but_5x, everything) == []  # 12 times, but under 150 papers: not "far larger"
    assert cluster_conflicts(cluster(1, 300), [cluster(i, 200) for i in range(10)]) == []  # big clusters are usual here


def test_the_typical_cluster_size_does_not_swing_with_unrelated_imports():
    """Arnetminer's 55 names said "Lei Wang: 308 papers, 8 times a typical cluster"; with dblp's sample imported
    beside them (361 names of one paper, 122 of two), 308 times: its one-paper names pulled the median to 1."""
    from models.conflicts import cluster_conflicts
    from models.queries import ClusterSummary

    def cluster(cluster_id: int, papers: int, source: str) -> ClusterSummary:
        return ClusterSummary(cluster_id, f"c{cluster_id}", f"C{cluster_id}", source, papers, 0)

    arnetminer = [cluster(i, 30 + i % 15, "arnetminer") for i in range(55)]  # typical: 37 papers
    lei_wang = cluster(100, 308, "arnetminer")
    dblp = [cluster(1000 + i, 1 if i < 360 else 2 + i % 3, "dblp") for i in range(616)]
    said = ["308 papers, 8 times a typical cluster here: likely several people"]
    assert cluster_conflicts(lei_wang, [*arnetminer, lei_wang]) == said
    assert cluster_conflicts(lei_wang, [*arnetminer, lei_wang, *dblp]) == said
    assert cluster_conflicts(lei_wang, [*arnetminer, lei_wang, *dblp[:360]]) == said  # the one-paper names alone
    # A dblp name is compared with dblp's names of two papers or more (typical: 3), not with its one-paper ones (1).
    big_dblp = cluster(2000, 300, "dblp")
    assert cluster_conflicts(big_dblp, [*arnetminer, *dblp, big_dblp]) == ["300 papers, 100 times a typical cluster here: likely several people"]
    # A source of too few clusters to say what is typical for it (one Arrow page) is compared with every source's.
    arrow = cluster(3000, 400, "arrow")
    assert cluster_conflicts(arrow, [*arnetminer, arrow]) == ["400 papers, 11 times a typical cluster here: likely several people"]


def test_a_persons_warnings_say_one_paper_in_the_singular():
    """"1 of its papers do not list the name at all" read wrong, as "1 of its papers are in" did in a fit."""
    from models.conflicts import person_conflicts
    from models.profiles import PersonStats

    def warned(count: int) -> list[str]:
        return person_conflicts(PersonStats(3, 2020, 2021, ((2020, 2), (2021, 1)), (), (), twice=count, absent=count))

    assert warned(1) == ["1 of its papers carries the name twice: two people of this name wrote them",
                         "1 of its papers does not list the name at all"]
    assert warned(2) == ["2 of its papers carry the name twice: two people of this name wrote them",
                         "2 of its papers do not list the name at all"]


def test_an_undo_of_most_of_a_persons_papers_reads_only_the_papers_left(seeded, cluster, ids, monkeypatch):
    """Undoing a bulk decision into a person (7,356 of its 7,357 papers) took each paper out of its stats,
    coauthor by coauthor: 50 ms of a 150 ms undo at the window. The few papers left are summed afresh."""
    import models.profiles as profiles
    from models.schema import Verdict

    seeded.create_person(cluster.id, ids[:1])
    (person,) = seeded.people(cluster.id)
    seeded.decide(cluster.id, ids[1:], Verdict.PERSON, person.id)
    stats = PeopleStats(seeded.load_cluster(cluster.id))
    read: list[int] = []
    real = profiles._coauthors
    monkeypatch.setattr(profiles, "_coauthors", lambda paper: read.append(paper.paper_id) or real(paper))
    stats.apply(seeded.undo(cluster.id).decisions)
    assert read == [ids[0]]  # not the papers leaving
    assert stats.stats(person.id) == person_stats(seeded.load_cluster(cluster.id), person.id)


class WatchedOwners(dict):
    """The papers' owners, counting the walks over them all (each reads every owned paper of the cluster)."""

    walks = 0

    def items(self):
        self.walks += 1
        return super().items()


def watched(stats: PeopleStats) -> WatchedOwners:
    stats._owner = WatchedOwners(stats._owner)
    return stats._owner


def test_a_person_losing_every_paper_reads_no_other_paper(seeded, cluster, ids):
    """Taking the one paper out of a one-paper person walked every owned paper of the cluster to sum
    what was left (5 ms a key at 100,000 papers, where it had been 0)."""
    from models.schema import Verdict

    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:6])
    stats = PeopleStats(seeded.load_cluster(cluster.id))
    owners = watched(stats)
    stats.apply(seeded.decide(cluster.id, ids[:1], Verdict.REJECTED).decisions)
    assert owners.walks == 0
    contents = seeded.load_cluster(cluster.id)
    for someone in contents.people:
        assert stats.stats(someone.id) == person_stats(contents, someone.id)


def test_people_left_with_few_papers_are_recounted_in_one_walk(seeded, cluster, ids):
    """Each person losing most of its papers walked every owned paper of the cluster to sum what was left
    (300 two-paper people moved at once: 476 ms, where it had been 3). Two people each lose two of their
    three papers, a third its only one: one walk."""
    from models.schema import Verdict

    for papers in (ids[0:3], ids[3:6], ids[6:7]):
        seeded.create_person(cluster.id, papers)
    stats = PeopleStats(seeded.load_cluster(cluster.id))
    owners = watched(stats)
    stats.apply(seeded.decide(cluster.id, ids[1:3] + ids[4:7], Verdict.REJECTED).decisions)
    assert owners.walks == 1
    contents = seeded.load_cluster(cluster.id)
    assert [stats.stats(someone.id).papers for someone in contents.people] == [1, 1, 0]
    for someone in contents.people:
        assert stats.stats(someone.id) == person_stats(contents, someone.id)
