"""Python's cyclic garbage collector run less often while a worker makes many objects that live on.

At Python's pace (a collection of the youngest generation every 700 objects
made) the objects made so far are walked again and again, and each
collection of the oldest generation walks every object of the process while
holding the interpreter, so the window stands still meanwhile.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

# Objects made between collections of the youngest generation while one runs (Python's default is
# 700). Measured: an import's batches lived through thousands of collections at the default, 4.5% of
# its instructions, 1.5% at this threshold; loading a 100,000-paper cluster in the window's process
# took 1.17-1.53 s, 0.94-1.14 s at it (/work/scratch/s24/openonly.py); a suggestion analysis after a
# change, medians of four runs each, alternating (`anagc2.py`): 10,000 papers 5.03 -> 4.26 s, 20,000
# papers 9.97 -> 8.89 s.
# Cycles are still collected, so memory stays flat.
RARE_COLLECTION_THRESHOLD = 50_000


class _RareCollections:
    """How many threads want rare collections now, and the thresholds to put back when none does."""

    lock = threading.Lock()
    depth = 0
    before: tuple[int, ...] = ()


@contextmanager
def rare_collections() -> Iterator[None]:
    """Collections less often inside the block, then as before.

    For an import, a load of a cluster, a suggestion analysis, and a listing
    of 200,000 clusters on a worker (the window stood still 110-140 ms, twice).
    The thresholds are the whole process's: threads that overlap (an import
    and a listing), in any order, put back the thresholds from before the first.
    """
    with _RareCollections.lock:
        if _RareCollections.depth == 0:
            _RareCollections.before = gc.get_threshold()
            gc.set_threshold(max(_RareCollections.before[0], RARE_COLLECTION_THRESHOLD), *_RareCollections.before[1:])
        _RareCollections.depth += 1
    try:
        yield
    finally:
        with _RareCollections.lock:
            _RareCollections.depth -= 1
            if _RareCollections.depth == 0:
                gc.set_threshold(*_RareCollections.before)
