"""Which papers contain a filter term, found from the distinct words of their text.

A filter term never holds white space (the filter splits what is typed on
white space), so it occurs in a paper's text exactly when it occurs inside
one of that text's white-space-separated words. Searching the cluster's
distinct words (a few hundred kilobytes) instead of all its text (27 MB for
20,000 papers with abstracts) finds a rare term in well under a millisecond
where a scan takes 16 ms. The answer is the same as `term in text` for every
text; where the index would be slow (a short or very common term matches a
great many words) it declines, and the caller scans, which is quick exactly
then: a common term is found near the start of most texts.
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_right
from collections.abc import Sequence

SHORTEST_TERM = 3  # shorter terms match a large part of the vocabulary: scanning answers them faster
WORK_LIMIT = 2  # give up once the matching words list more than this many papers per paper of the cluster
STEP_ROWS = 50  # texts indexed between looks at the clock (about 1.5 ms on 20,000-paper abstracts)


class IndexBuilder:
    """Builds a WordIndex a slice at a time, so a GUI can build it between events.

    (On a thread it would compete with the GUI for the interpreter: every
    repaint of the papers table calls Python a thousand times, and each call
    waited for the builder; a 7 ms repaint took 200 ms.)
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self._postings: dict[str, array] = {}
        self._next = 0

    @property
    def done(self) -> bool:
        return self._next >= len(self.texts)

    def step(self, seconds: float) -> WordIndex | None:
        """Index texts for about `seconds`; the finished index once every text is in it."""
        self._index_until(time.perf_counter() + seconds)
        return WordIndex(self.texts, self._postings) if self.done else None

    def postings(self) -> dict[str, array]:
        """Every text indexed at once: word -> rows holding it."""
        self._index_until(float("inf"))
        return self._postings

    def _index_until(self, deadline: float) -> None:
        texts, postings = self.texts, self._postings
        row = self._next
        while row < len(texts):
            for word in set(texts[row].split()):
                rows = postings.get(word)
                if rows is None:
                    postings[word] = rows = array("i")
                rows.append(row)
            row += 1
            if row % STEP_ROWS == 0 and time.perf_counter() >= deadline:
                break
        self._next = row


class WordIndex:
    def __init__(self, texts: Sequence[str], postings: dict[str, array] | None = None):
        """`postings` (word -> rows) from an IndexBuilder that worked in slices; without it, built here."""
        if postings is None:
            postings = IndexBuilder(texts).postings()
        self.size = len(texts)
        self._postings = list(postings.values())
        # One string of every word, each on its line, searched with str.find (C speed); dicts keep
        # insertion order, so the n-th line is the word of the n-th posting list.
        self._vocabulary = "\n".join(postings)
        starts, at = array("q"), 0
        for word in postings:
            starts.append(at)
            at += len(word) + 1
        starts.append(at)
        self._starts = starts

    @property
    def words(self) -> int:
        return len(self._postings)

    def rows_with(self, term: str) -> list[int] | None:
        """Indices of the texts containing `term`, ascending; None when scanning would be quicker."""
        if len(term) < SHORTEST_TERM or any(c.isspace() for c in term):
            return None
        found: set[int] = set()
        budget = WORK_LIMIT * self.size
        find, starts, postings = self._vocabulary.find, self._starts, self._postings
        at = find(term)
        while at >= 0:
            word = bisect_right(starts, at) - 1
            rows = postings[word]
            budget -= len(rows)
            if budget < 0:
                return None
            found.update(rows)
            if len(found) == self.size:
                break
            at = find(term, starts[word + 1])
        return sorted(found)


def rows_matching(
    terms: Sequence[str], texts: Sequence[str], index: WordIndex | None = None, candidates: Sequence[int] | None = None
) -> list[int]:
    """Indices of the texts holding every term, ascending.

    `candidates` (ascending) are the only texts that can match, e.g. those
    that matched what was typed before the last key. The index, when there
    is one, answers the longest term it can; the other terms are checked on
    the texts it found.
    """
    rest = sorted(terms, key=len, reverse=True)  # the longest term is usually the rarest
    scan: Sequence[int] = range(len(texts)) if candidates is None else candidates
    if index is not None:
        for term in rest:
            found = index.rows_with(term)
            if found is not None:
                rest.remove(term)
                if candidates is not None and len(candidates) < len(found):
                    allowed = set(found)
                    scan = [i for i in candidates if i in allowed]
                elif candidates is not None:
                    allowed = set(candidates)
                    scan = [i for i in found if i in allowed]
                else:
                    scan = found
                break
    if not rest:
        return list(scan)
    if len(rest) == 1:
        term = rest[0]
        if isinstance(scan, range):  # every text: enumerate reads them ~10% faster than indexing
            return [i for i, text in enumerate(texts) if term in text]
        return [i for i in scan if term in texts[i]]
    return [i for i in scan if all(term in texts[i] for term in rest)]
