"""Suggestion engine: which papers of a name cluster look like one person, and why.

Plain Python over plain data (no Qt, no database): give it the cluster's
papers as `PaperInput`s and, optionally, the reviewer's `Constraints` and
the cluster's name (how each paper spells it is evidence where the name is
given by initials, "A. Gupta"); `suggest` returns `Suggestion`s (groups of undecided papers with a
confidence level and reasons), and `review_order` says which undecided
paper to look at next. `own_name_variants` tells which author names on a
cluster's papers are spellings of the cluster's own name, to leave out of
the coauthors.
"""

from models.suggest.engine import suggest, suggested_groups
from models.suggest.inputs import Constraints, Level, PaperInput, Suggestion
from models.suggest.names import own_name_variants
from models.suggest.review_order import review_order

__all__ = [
    "Constraints",
    "Level",
    "PaperInput",
    "Suggestion",
    "own_name_variants",
    "review_order",
    "suggest",
    "suggested_groups",
]
