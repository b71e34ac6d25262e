"""The rule of a dismissed group, in a module of its own: the suggestion engine applies it to the groups it
makes, and the window (`models.outdated`) to the groups it shows, without loading the engine at start-up."""

from __future__ import annotations

from collections.abc import Collection, Iterable


def mostly_dismissed(papers: Collection[int], dismissed: Iterable[frozenset]) -> bool:
    """Whether more than half of these papers lie in one dismissed group.

    A reviewer dismisses a group as wrong as a whole, which says nothing of
    where it is wrong: a group made mostly of its papers (20 of a dismissed
    24) is the same suggestion again. One made mostly of other papers is a new
    one, and papers of the dismissed group may come back in it.
    """
    return any(2 * len(group.intersection(papers)) > len(papers) for group in dismissed)
