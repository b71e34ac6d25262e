"""Which suggested groups changes made since an analysis leave standing (`models.outdated`), without Qt."""

from __future__ import annotations

from models.history import UNDECIDED, Change, DecisionState
from models.outdated import ChangesSince, outdated_by, people_standing, still_standing
from models.schema import Verdict
from models.suggestions import GroupSuggestion


def group(*paper_ids: int, person_id: int | None = None) -> GroupSuggestion:
    return GroupSuggestion(tuple(paper_ids), "high", 0.9, ("reason",), person_id)


def into(person_id: int) -> DecisionState:
    return DecisionState(Verdict.PERSON, person_id)


REJECTED = DecisionState(Verdict.REJECTED)


def test_the_changes_since_an_analysis_sum_their_papers_and_the_people_they_took_papers_from():
    since = ChangesSince(dismissed_then=[frozenset({1, 2})])
    since.add(Change(1, decisions={10: REJECTED}, before={10: UNDECIDED}))
    since.add(Change(1, decisions={11: into(7), 12: into(7)}, before={11: UNDECIDED, 12: into(8)}))  # 12 left person 8
    since.add(Change(1, decisions={11: UNDECIDED}, before={11: into(7)}))  # an undo: 11 left person 7
    since.add(Change(1, dismissals=True))
    assert since.papers == {10, 11, 12}
    assert since.people_losing == {7, 8}
    assert since.dismissed_since([frozenset({1, 2}), frozenset({3, 4, 5})]) == [frozenset({3, 4, 5})]


def test_a_group_is_out_of_date_if_it_holds_a_paper_changed_since_or_joins_a_person_that_lost_papers_or_is_gone():
    standing = people_standing([7, 8, 9], losing={8})
    assert standing == {7, 9}
    outdated = outdated_by({10}, standing)
    groups = [group(1, 10), group(2, 3), group(4, person_id=7), group(5, person_id=8), group(6, person_id=12)]
    assert still_standing(groups, outdated) == [group(2, 3), group(4, person_id=7)]


def test_a_group_made_mostly_of_a_group_dismissed_since_is_out_of_date_as_the_engine_would_leave_it_out():
    outdated = outdated_by(set(), {7}, [frozenset({1, 2, 3, 4})])
    assert outdated(group(1, 2, 3, 4))  # the group D dismissed
    assert outdated(group(1, 2, 3, 9))  # three of its four papers
    assert not outdated(group(1, 2, 8, 9))  # half of them: a group of its own
    assert not outdated(group(5, 6))


def test_a_changes_decided_papers_outdate_as_its_keys_do():
    """The controller passes a change's `decisions.keys()` for each change as it comes."""
    change = Change(1, decisions={3: REJECTED}, before={3: UNDECIDED})
    outdated = outdated_by(change.decisions.keys(), {7})
    assert still_standing([group(1, 2), group(3, 4)], outdated) == [group(1, 2)]
