"""The verdict tally under the people list, kept with the decisions change by change: the same as counted afresh."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings

from models.history import DecisionState
from models.schema import Verdict
from models.store import Store
from models.verdict_counts import tally_line
from tests.reviewer_steps import STEPS, silva_cluster, take_steps


def _afresh(contents) -> Counter:
    return Counter(state.verdict for state in contents.decisions.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_counts_kept_up_to_date_are_the_counts_made_afresh(tmp_path_factory, steps):
    tmp_path = tmp_path_factory.mktemp("verdicts")
    with Store(tmp_path / "steps.sqlite3", reviewer="tester") as store:
        cluster_id = silva_cluster(store, tmp_path)
        kept = store.load_cluster(cluster_id)
        for change, contents in take_steps(store, cluster_id, steps):
            if change is not None:
                store.follow(kept, change)
            afresh = _afresh(contents)
            assert [kept.verdicts[verdict] for verdict in Verdict] == [afresh[verdict] for verdict in Verdict]
            assert tally_line(kept) == tally_line(contents)
        store.close(backup=False)


def test_the_line_counts_each_verdict_and_the_papers_left(seeded):
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    contents.decisions = {1: DecisionState(Verdict.PERSON, 7), 2: DecisionState(Verdict.REJECTED), 3: DecisionState(Verdict.UNSURE)}
    contents.verdicts = Counter({Verdict.PERSON: 1, Verdict.REJECTED: 1, Verdict.UNSURE: 1})
    papers = contents.cluster.papers
    assert tally_line(contents) == f"1 to people · 1 not this name · 1 unsure · {papers - 3} undecided"
