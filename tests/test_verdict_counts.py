"""The verdict tally under the people list, kept up to date change by change: the same as counted afresh."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings

from models.history import DecisionState
from models.schema import Verdict
from models.verdict_counts import VerdictCounts
from tests.reviewer_steps import STEPS, kept_up_to_date


def _afresh(contents) -> Counter:
    return Counter(state.verdict for state in contents.decisions.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_counts_kept_up_to_date_are_the_counts_made_afresh(tmp_path_factory, steps):
    def make(contents) -> VerdictCounts:
        return VerdictCounts(contents.decisions)

    def take_in(counts: VerdictCounts, _contents, decisions: dict) -> None:
        counts.apply(decisions)

    for kept, contents in kept_up_to_date(tmp_path_factory.mktemp("verdicts"), steps, make, take_in):
        afresh = _afresh(contents)
        assert [kept.count(verdict) for verdict in Verdict] == [afresh[verdict] for verdict in Verdict]
        assert kept.decided == len(contents.decisions)


def test_the_line_counts_each_verdict_and_the_papers_left():
    counts = VerdictCounts({1: DecisionState(Verdict.PERSON, 7), 2: DecisionState(Verdict.REJECTED)})
    counts.apply({3: DecisionState(Verdict.UNSURE), 2: DecisionState(), 4: DecisionState(Verdict.PERSON, 8)})
    counts.apply({1: DecisionState(Verdict.REJECTED)})  # a paper decided again moves from one count to the other
    assert counts.line(10) == "1 to people · 1 not this name · 1 unsure · 7 undecided"
