"""The evaluation measures against hand-computed cases, and the project's reference baselines."""

from __future__ import annotations

import pytest

from conftest import SHARED_DATA
from models.evaluation import (
    actions_lower_bound,
    all_in_one,
    bcubed_scores,
    coauthor_components,
    each_alone,
    evaluate_cluster,
    macro_average,
    pairwise_scores,
    reviewer_actions,
)

# Five papers: a, b, c are person X; d, e are person Y.
LABELS = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
# The engine guessed {a, b, d} and {c, e}.
GROUPS = [{"a", "b", "d"}, {"c", "e"}]


def test_pairwise_by_hand():
    # True pairs: X has ab, ac, bc; Y has de -> 4.
    # Predicted pairs: {a,b,d} has ab, ad, bd; {c,e} has ce -> 4.
    # Correct predicted pairs: ab only -> 1. P = 1/4, R = 1/4, F1 = 1/4.
    scores = pairwise_scores(GROUPS, LABELS)
    assert scores.precision == pytest.approx(1 / 4)
    assert scores.recall == pytest.approx(1 / 4)
    assert scores.f1 == pytest.approx(1 / 4)


def test_bcubed_by_hand():
    # paper: group, same person in group -> precision, recall
    # a: {a,b,d}, {a,b} -> 2/3, 2/3 (X has 3 papers)
    # b: {a,b,d}, {a,b} -> 2/3, 2/3
    # d: {a,b,d}, {d}   -> 1/3, 1/2 (Y has 2 papers)
    # c: {c,e},   {c}   -> 1/2, 1/3
    # e: {c,e},   {e}   -> 1/2, 1/2
    # P = (2/3 + 2/3 + 1/3 + 1/2 + 1/2) / 5 = (8/3) / 5 = 8/15
    # R = (2/3 + 2/3 + 1/2 + 1/3 + 1/2) / 5 = (8/3) / 5 = 8/15, so F1 = 8/15
    scores = bcubed_scores(GROUPS, LABELS)
    assert scores.precision == pytest.approx(8 / 15)
    assert scores.recall == pytest.approx(8 / 15)
    assert scores.f1 == pytest.approx(8 / 15)


def test_actions_by_hand():
    # {a,b,d}: accept as X (1) + move d (1) = 2; {c,e}: a 1-1 tie, accept as either (1) + move the other (1) = 2.
    assert reviewer_actions(GROUPS, LABELS) == 4
    assert actions_lower_bound(LABELS) == 2  # two persons


def test_simulation_worked_example():
    # Ten papers: person A = 1..5, B = 6..8, C = 9, D = 10.
    labels = {1: "A", 2: "A", 3: "A", 4: "A", 5: "A", 6: "B", 7: "B", 8: "B", 9: "C", 10: "D"}
    groups = [
        {1, 2, 3, 4, 6},  # accept as A (1) + move paper 6 (1)               = 2
        {5},  # a group of one: the same as no group, decided by hand   = 1
        {7, 8, 9},  # accept as B (1) + move paper 9 (1)                      = 2
    ]  # paper 10 is in no group: decided by hand                         = 1
    assert reviewer_actions(groups, labels) == 6
    evaluation = evaluate_cluster(groups, labels)
    assert evaluation.actions_per_paper == pytest.approx(6 / 10)
    assert evaluation.lower_bound_per_paper == pytest.approx(4 / 10)  # one action per person
    assert evaluation.groups == 2  # groups of two or more papers


def test_a_perfect_suggestion_costs_the_lower_bound():
    labels = {1: "A", 2: "A", 3: "B", 4: "C"}
    perfect = [{1, 2}, {3}]  # paper 4 in no group, paper 3 alone: one action each
    assert reviewer_actions(perfect, labels) == actions_lower_bound(labels) == 3


def test_ungrouped_papers_count_as_alone():
    labels = {"a": "X", "b": "X", "c": "Y"}
    # {a,b} plus c alone: the one predicted pair is right, the one true pair is found.
    assert pairwise_scores([{"a", "b"}], labels).f1 == 1.0
    assert bcubed_scores([{"a", "b"}], labels).f1 == 1.0
    assert reviewer_actions([{"a", "b"}], labels) == 2


def test_all_in_one_by_hand():
    labels = {1: "X", 2: "X", 3: "X", 4: "Y"}
    groups = all_in_one(labels)
    # Pairs: predicted 6, true 3 (X), correct 3 -> P = 1/2, R = 1, F1 = 2/3.
    assert pairwise_scores(groups, labels).f1 == pytest.approx(2 / 3)
    # B3 precision: X papers 3/4 each, Y 1/4 -> (3 * 3/4 + 1/4) / 4 = 5/8; recall 1.
    # F1 = 2 * 5/8 / (5/8 + 1) = 10/13.
    assert bcubed_scores(groups, labels).precision == pytest.approx(5 / 8)
    assert bcubed_scores(groups, labels).f1 == pytest.approx(10 / 13)
    assert reviewer_actions(groups, labels) == 2  # accept as X, move 4


def test_each_alone_edge_cases():
    labels = {1: "X", 2: "X", 3: "Y"}
    scores = pairwise_scores(each_alone(labels), labels)
    # No predicted pair: precision 1 by convention; recall 0/1 = 0; F1 0.
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 0.0, 0.0)
    distinct = {1: "X", 2: "Y"}
    # No true pair either: recall 1 by convention, so every paper alone is perfect.
    assert pairwise_scores(each_alone(distinct), distinct).f1 == 1.0
    assert reviewer_actions(each_alone(labels), labels) == 3


def test_single_paper_and_empty_cluster():
    evaluation = evaluate_cluster([{"p"}], {"p": "X"})
    assert evaluation.pairwise.f1 == evaluation.bcubed.f1 == 1.0
    assert evaluation.actions == 1 and evaluation.lower_bound_per_paper == 1.0
    with pytest.raises(ValueError):
        evaluate_cluster([], {})


def test_bad_groups_are_errors():
    with pytest.raises(ValueError, match="two groups"):
        pairwise_scores([{"a", "b"}, {"b", "c"}], {"a": 1, "b": 1, "c": 2})
    with pytest.raises(ValueError, match="without a label"):
        bcubed_scores([{"a", "z"}], {"a": 1})


def test_macro_and_pooled_averages():
    first = evaluate_cluster(GROUPS, LABELS)  # pairwise F1 1/4, 4 actions on 5 papers, 2 persons
    second = evaluate_cluster([{1, 2}], {1: "A", 2: "A", 3: "B"})  # perfect: F1 1, 2 actions on 3 papers
    summary = macro_average([first, second])
    assert summary.pairwise_f1 == pytest.approx((1 / 4 + 1) / 2)
    assert summary.actions_per_paper == pytest.approx((4 / 5 + 2 / 3) / 2)  # macro: mean of ratios
    assert summary.pooled_actions_per_paper == pytest.approx(6 / 8)  # pooled: all actions / all papers
    assert summary.pooled_lower_bound_per_paper == pytest.approx(4 / 8)
    with pytest.raises(ValueError):
        macro_average([])


def test_coauthor_components_by_hand():
    coauthors = {
        1: ["Qi Tian", "Lei Wang"],
        2: ["qi  tian"],  # the same coauthor, case and spacing aside
        3: ["José Ruiz"],
        4: ["Jose Ruiz", "Lei Wang"],  # accents aside; Lei Wang is the cluster's own name
        5: [],
    }
    groups = coauthor_components(coauthors, own_name="Lei Wang")
    assert sorted(sorted(g) for g in groups) == [[1, 2], [3, 4], [5]]


@pytest.mark.skipif(not (SHARED_DATA / "arnetminer").is_dir(), reason="shared data not present")
def test_reference_baselines_on_arnetminer():
    """The project's reference figures (macro F1, pooled actions per paper) on the 55 names."""
    from models.suggest.datasets import read_arnetminer_folder

    clusters = read_arnetminer_folder(SHARED_DATA / "arnetminer", loose_own_name=False)
    assert len(clusters) == 55 and sum(len(c.papers) for c in clusters) == 3407

    def summary(method):
        return macro_average(evaluate_cluster(method(c), c.labels) for c in clusters)

    one = summary(lambda c: all_in_one(c.labels))
    assert (round(one.pairwise_f1, 3), round(one.bcubed_f1, 3)) == (0.475, 0.506)
    assert round(one.pooled_actions_per_paper, 3) == 0.503
    assert round(one.pooled_lower_bound_per_paper, 3) == 0.227
    components = summary(lambda c: coauthor_components({p.paper_id: p.coauthors for p in c.papers}))
    assert (round(components.pairwise_f1, 3), round(components.bcubed_f1, 3)) == (0.629, 0.750)
    assert round(components.pooled_actions_per_paper, 3) == 0.426
