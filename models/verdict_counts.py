"""The verdict tally a reviewer sees under the people list."""

from __future__ import annotations

from models.queries import ClusterContents
from models.schema import Verdict


def tally_line(contents: ClusterContents) -> str:
    """How many papers of the cluster carry each verdict, and how many none.

    Read from the counts kept with the decisions (`Store.follow`): counting
    every decided paper again took 5-11 ms a key late in the review of a
    100,000-paper cluster (an enum hashes in Python).
    """
    counts = contents.verdicts
    undecided = contents.cluster.papers - len(contents.decisions)
    return (
        f"{counts[Verdict.PERSON]:,} to people · {counts[Verdict.REJECTED]:,} not this name · "
        f"{counts[Verdict.UNSURE]:,} unsure · {undecided:,} undecided"
    )
