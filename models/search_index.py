"""Which papers contain a filter term, found from the distinct words of their text.

A filter term never holds white space (the filter splits what is typed on
white space), so it occurs in a paper's text exactly when it occurs inside
one of that text's white-space-separated words. Searching the cluster's
distinct words (a few hundred kilobytes) instead of all its text (27 MB for
20,000 papers with abstracts) finds a rare term in well under a millisecond
where a scan takes 16 ms. The answer is the same as `term in text` for every
text; where the index would be slow (a short term matches a great many
words, or the words list a great many papers) it declines, and the caller
scans, which is quick exactly then: a common term is found near the start
of most texts.

A word in many papers keeps one bit per paper, not a list of rows, so the
index of a 100,000-paper cluster stays small, and OR-ing the bit sets of the
words holding a term ("rob": robust, problem, robot) runs in C.
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import compress

# A short term matches a large part of a real vocabulary: past this many words the index gives up
# (visiting one costs ~0.5 µs), and a scan, quick exactly then, answers.
MOST_WORDS = 4_000
WORK_LIMIT = 2  # give up once the matching words list more than this many papers per paper of the cluster
DENSE_SHARE = 32  # a word in more than one text in this many keeps a bit per text, not an array of rows
MIN_DENSE = 256  # (a small cluster's words stay arrays)
STEP_ROWS = 50  # texts indexed between looks at the clock (about 1.5 ms on 20,000-paper abstracts)


class IndexBuilder:
    """Builds a WordIndex a slice at a time, so a GUI can build it between events.

    (On a thread it would compete with the GUI for the interpreter: every
    repaint of the papers table calls Python a thousand times, and each call
    waited for the builder; a 7 ms repaint took 200 ms.)

    A word's rows are an array of row numbers until the word is in more than
    one text in DENSE_SHARE; from there on one bit per text is smaller, and
    the word's rows become a bit set. A 100,000-paper cluster's index of 12.7
    million (text, word) pairs took 64 MB as arrays alone.
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self._postings: dict[str, array | bytearray] = {}
        self._dense_from = max(len(texts) // DENSE_SHARE, MIN_DENSE)
        self._next = 0
        self._parts: _Parts | None = None  # once every text is indexed: the index's pieces, made in slices too

    @property
    def done(self) -> bool:
        return self._next >= len(self.texts)

    def step(self, seconds: float) -> WordIndex | None:
        """Index texts for about `seconds`; the finished index once every text is in it."""
        deadline = time.perf_counter() + seconds
        self._index_until(deadline)
        if not self.done:
            return None
        if self._parts is None:
            self._parts = _Parts(self._postings)
        return WordIndex(self.texts, parts=self._parts) if self._parts.make_until(deadline) else None

    def postings(self) -> dict[str, array | bytearray]:
        """Every text indexed at once: word -> its rows (an array of row numbers, or a bit set, one bit a row)."""
        self._index_until(float("inf"))
        return self._postings

    def _index_until(self, deadline: float) -> None:
        texts, postings, dense_from, size = self.texts, self._postings, self._dense_from, len(self.texts)
        row = self._next
        while row < size:
            byte, bit = row >> 3, 1 << (row & 7)
            for word in set(texts[row].split()):
                rows = postings.get(word)
                if rows is None:
                    postings[word] = rows = array("i")
                if rows.__class__ is bytearray:
                    rows[byte] |= bit
                else:
                    rows.append(row)
                    if len(rows) > dense_from:
                        postings[word] = _bit_set(rows, size)
            row += 1
            if row % STEP_ROWS == 0 and time.perf_counter() >= deadline:
                break
        self._next = row


def _bit_set(rows: Iterable[int], size: int) -> bytearray:
    bits = bytearray((size + 7) // 8)
    for row in rows:
        bits[row >> 3] |= 1 << (row & 7)
    return bits


# bytes.translate table: a binary digit's character to 0 or 1
_DIGIT_FLAGS = bytes(1 if code == ord("1") else 0 for code in range(256))


def _rows_of(bits: int, size: int) -> bytes:
    """One byte a row, 1 where `bits` has the row's bit: in C all the way (bin, reverse, translate)."""
    return bin(bits)[2:].zfill(size)[::-1].encode("ascii").translate(_DIGIT_FLAGS)


class _Parts:
    """A WordIndex's pieces, made from an IndexBuilder's postings a slice at a time.

    (In one go, a real 100,000-paper vocabulary of 250,000 words took 120 ms:
    a frame and more that the reviewer would feel once.)
    """

    CHECK_EVERY = 1_000  # words between looks at the clock

    def __init__(self, postings: dict[str, array | bytearray]):
        self._items = iter(postings.items())
        self.lines: list[str] = []  # the words, each on its line, in pieces
        self.postings: list[array | int] = []  # a dense word's bit set as one int: OR-ing two of them runs in C
        self.starts = array("q")  # where each word's line starts in the vocabulary, and its end
        self._next_start = 0
        self.done = False

    def make_until(self, deadline: float) -> bool:
        """Take words until `deadline`; whether every word is in."""
        if self.done:
            return True
        words, postings, starts = [], self.postings, self.starts
        at = self._next_start
        for count, (word, rows) in enumerate(self._items, 1):
            words.append(word)
            postings.append(int.from_bytes(rows, "little") if rows.__class__ is bytearray else rows)
            starts.append(at)
            at += len(word) + 1
            if count % self.CHECK_EVERY == 0 and time.perf_counter() >= deadline:
                break
        else:
            starts.append(at)  # the end of the last line
            self.done = True
        self._next_start = at
        if words:  # joined a slice at a time too (250,000 words at once: 15 ms)
            self.lines.append("\n".join(words))
        return self.done


class WordIndex:
    def __init__(
        self, texts: Sequence[str], postings: dict[str, array | bytearray] | None = None, parts: _Parts | None = None,
    ):
        """`postings` (word -> rows) or `parts` from an IndexBuilder that worked in slices; without either, built here."""
        if parts is None:
            parts = _Parts(postings if postings is not None else IndexBuilder(texts).postings())
            parts.make_until(float("inf"))
        self.size = len(texts)
        self._postings = parts.postings
        # One string of every word, each on its line, searched with str.find (C speed); the n-th line
        # is the word of the n-th posting list, and starts at _starts[n].
        self._vocabulary = "\n".join(parts.lines)
        self._starts = parts.starts
        self._all = (1 << self.size) - 1
        self._numbers = list(range(self.size))  # compress() picks rows out of this list: no int made per row

    @property
    def words(self) -> int:
        return len(self._postings)

    def rows_with(self, term: str) -> list[int] | None:
        """Indices of the texts containing `term`, ascending; None when scanning would be quicker."""
        if not term or any(c.isspace() for c in term):
            return None
        dense, sparse = 0, []
        budget, words_left = WORK_LIMIT * self.size, MOST_WORDS
        dense_cost = self.size // DENSE_SHARE + 1  # an OR of two bit sets, in C
        find, starts, postings = self._vocabulary.find, self._starts, self._postings
        at = find(term)
        while at >= 0:
            word = bisect_right(starts, at) - 1
            rows = postings[word]
            if rows.__class__ is int:
                budget -= dense_cost
                dense |= rows
                if dense == self._all:
                    return self._numbers[:]
            else:
                budget -= len(rows)
                sparse.append(rows)
            words_left -= 1
            if budget < 0 or words_left < 0:
                return None
            at = find(term, starts[word + 1])
        if not sparse:
            return list(compress(self._numbers, _rows_of(dense, self.size))) if dense else []
        flags = bytearray(_rows_of(dense, self.size)) if dense else bytearray(self.size)
        for rows in sparse:
            for row in rows:
                flags[row] = 1
        return list(compress(self._numbers, flags))


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
                else:
                    # Every row that can match is in `found`: no need to intersect it with the candidates
                    # (they only narrow a scan), and the other terms are checked below.
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


class RowScan:
    """A filter's scan of the texts a slice at a time, in the order the rows are shown.

    The rows come out in `source` order (the view's order), so the first
    slice already holds the top of the result: a window shows that at once
    and scans the rest between events. Reading 27 MB of text for the first
    key on 20,000 papers took 6-8 ms before anything could be painted
    (memory-bound: a loop that only touches each text takes as long), and
    at 100,000 papers 30 ms.
    """

    CHUNK = 256  # rows scanned between looks at the clock

    def __init__(self, terms: Sequence[str], texts: Sequence[str], source: Sequence[int]):
        self.terms = sorted(terms, key=len, reverse=True)  # the longest term is usually the rarest
        self._texts = texts
        self._source = source
        self._at = 0  # the next place in `source` to scan

    @property
    def done(self) -> bool:
        return self._at >= len(self._source)

    def rest(self) -> list[int]:
        """The rows not scanned yet, in order."""
        return list(self._source[self._at :])

    def step(self, seconds: float, least_found: int = 0, through: int = -1) -> list[int]:
        """The rows found in the next slice, in source order.

        The slice ends once the scan is past place `through` of the source and
        either `least_found` rows are found (0: no such end) or `seconds` are up.
        """
        deadline = time.perf_counter() + seconds
        texts, source, terms = self._texts, self._source, self.terms
        term = terms[0] if len(terms) == 1 else None
        found: list[int] = []
        at, size = self._at, len(source)
        while at < size:
            part = source[at : at + self.CHUNK]
            if term is not None:
                found += [row for row in part if term in texts[row]]
            else:
                found += [row for row in part if all(t in texts[row] for t in terms)]
            at += len(part)
            if at > through and ((least_found and len(found) >= least_found) or time.perf_counter() >= deadline):
                break
        self._at = at
        return found
