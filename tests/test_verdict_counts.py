"""The verdict tally under the people list (its counts kept change by change: `tests/test_follow_change.py`)."""

from __future__ import annotations

from collections import Counter

from models.history import DecisionState
from models.schema import Verdict
from models.verdict_counts import tally_line


def test_the_line_counts_each_verdict_and_the_papers_left(seeded):
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    contents.decisions = {1: DecisionState(Verdict.PERSON, 7), 2: DecisionState(Verdict.REJECTED), 3: DecisionState(Verdict.UNSURE)}
    contents.verdicts = Counter({Verdict.PERSON: 1, Verdict.REJECTED: 1, Verdict.UNSURE: 1})
    papers = contents.cluster.papers
    assert tally_line(contents) == f"1 to people · 1 not this name · 1 unsure · {papers - 3:,} undecided"
