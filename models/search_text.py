"""What the filter searches in each paper: title, venue, authors and abstract, as one case-folded text.

The texts are made from the parts the load read, after the cluster is shown:
joining and folding 100,000 papers' text took ~190 ms of a 1.2 s load, and
nothing but the filter reads them. A window makes them a slice at a time
between events; whatever asks for them first (a filter key, an export of
the texts, a test) makes the rest at once.
"""

from __future__ import annotations

import time
from itertools import islice, repeat

STEP_ROWS = 2_000  # texts made between looks at the clock (~4 ms of abstracts)

Parts = tuple[str, str, str, str]  # title, venue, author names (one a line), abstract; "" where absent


class SearchTexts:
    """Each paper's search text, in the cluster's paper order, made from its parts when first needed."""

    def __init__(self) -> None:
        self._parts: list[Parts | None] = []  # a paper's parts, until its text is made (then None: the abstract is freed)
        self._texts: list[str] = []  # made so far, from the first paper on

    @classmethod
    def of(cls, texts: list[str]) -> SearchTexts:
        """Texts already made (tests)."""
        made = cls()
        made._texts = list(texts)
        made._parts = [None] * len(made._texts)
        return made

    def add(self, title: str, venue: str | None, names: str, abstract: str | None) -> None:
        # The names' line breaks serve as the text's own separators.
        self._parts.append((title, venue or "", names, abstract or ""))

    def __len__(self) -> int:
        return len(self._parts)

    @property
    def done(self) -> bool:
        return len(self._texts) == len(self._parts)

    def make(self, seconds: float | None = None) -> bool:
        """Make texts for about `seconds` (None: every one left); whether all are made."""
        parts, texts = self._parts, self._texts
        deadline = None if seconds is None else time.perf_counter() + seconds
        while len(texts) < len(parts):
            start = len(texts)
            stop = min(len(parts), start + STEP_ROWS)
            # Joined and folded in C, a slice at a time; the slice's parts are let go at once, so the
            # abstracts and their folded copies are not held twice (100,000 abstracts: ~120 MB).
            texts.extend(map(str.casefold, map("\n".join, islice(parts, start, stop))))
            parts[start:stop] = repeat(None, stop - start)
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.done

    def all(self) -> list[str]:
        """Every text, made now where not made yet."""
        self.make()
        return self._texts
