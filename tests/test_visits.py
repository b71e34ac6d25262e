"""Back and forward through the clusters opened, as a browser does."""

from __future__ import annotations

from models.visits import Visits


def test_back_and_forward_go_through_the_clusters_opened_and_a_new_opening_drops_what_was_ahead():
    visits = Visits()
    assert visits.back() is None and not visits.can_go_back
    for cluster_id in (1, 2, 3):
        visits.opened(cluster_id)
    assert visits.back() == 2
    visits.opened(2)  # the window loads what back chose: no new step
    assert visits.back() == 1
    assert visits.back() is None and visits.current == 1
    assert visits.forward() == 2 and visits.forward() == 3 and visits.forward() is None
    assert visits.back() == 2
    visits.opened(7)  # somewhere new from 2: 3 is no longer ahead
    assert not visits.can_go_forward
    assert visits.back() == 2 and visits.back() == 1


def test_reopening_the_same_cluster_is_not_a_step_and_clusters_gone_are_skipped():
    visits = Visits()
    for cluster_id in (1, 2, 2, 3):
        visits.opened(cluster_id)
    assert visits.back() == 2
    assert visits.back(exists=lambda cluster_id: cluster_id != 1) is None  # 1 is gone (a restored backup)
    assert visits.current == 2


def test_only_the_last_visits_are_kept():
    visits = Visits(kept=3)
    for cluster_id in range(10):
        visits.opened(cluster_id)
    assert [visits.back(), visits.back(), visits.back(), visits.back()] == [8, 7, 6, None]


def test_the_paper_a_cluster_was_left_on_is_kept_for_going_back_to_it():
    visits = Visits()
    assert visits.paper_left_in(1) is None
    visits.opened(1)
    visits.left(1, 40)
    visits.opened(2)
    visits.left(2, 7)
    visits.left(1, 41)  # left again, later: the later paper
    assert (visits.paper_left_in(1), visits.paper_left_in(2), visits.paper_left_in(3)) == (41, 7, None)
