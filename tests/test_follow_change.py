"""What a window keeps loaded follows each change the store makes: the same as loading the cluster afresh,
without counting the cluster's decisions again."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from models.store import Store
from models.verdict_counts import tally_line
from tests.reviewer_steps import STEPS, silva_cluster, take_steps


def _shown(contents) -> tuple:
    return contents.cluster, contents.decisions, contents.verdicts, contents.people, contents.author_rows, contents.dismissed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_contents_followed_change_by_change_are_the_contents_loaded_afresh(tmp_path_factory, steps):
    tmp_path = tmp_path_factory.mktemp("follow")
    with Store(tmp_path / "steps.sqlite3", reviewer="tester") as store:
        cluster_id = silva_cluster(store, tmp_path)
        kept = store.load_cluster(cluster_id)
        for change, afresh in take_steps(store, cluster_id, steps):
            if change is not None:
                store.follow(kept, change)
            assert _shown(kept) == _shown(afresh)
            assert tally_line(kept) == tally_line(afresh)  # the verdict counts, as the people list shows them
        store.close(backup=False)


def test_people_listed_without_counts_are_the_people_with_no_papers(tmp_path):
    with Store(tmp_path / "people.sqlite3", reviewer="tester") as store:
        cluster_id = silva_cluster(store, tmp_path)
        ids = [paper.paper_id for paper in store.load_cluster(cluster_id).papers]
        store.create_person(cluster_id, ids[:3])
        store.create_person(cluster_id, ids[3:4])
        counted, uncounted = store.people(cluster_id), store.people(cluster_id, counted=False)
        assert [p.papers for p in counted] == [3, 1]
        assert [p.papers for p in uncounted] == [0, 0]
        assert [(p.id, p.label, p.display_name) for p in uncounted] == [(p.id, p.label, p.display_name) for p in counted]
        store.close(backup=False)
