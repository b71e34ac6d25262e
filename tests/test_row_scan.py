"""The filter's scan a slice at a time: the rows of a scan in one go, in the order shown."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from models.search_index import RowScan, rows_matching

WORDS = ["robust", "query", "graph", "quantum", "routing", "rob", "kernel", "sensor"]


def _texts(seed: int, count: int) -> list[str]:
    pick = random.Random(seed)
    return [" ".join(pick.sample(WORDS, pick.randint(0, 4))) for _ in range(count)]


@given(seed=st.integers(0, 1000), terms=st.lists(st.sampled_from(["q", "rob", "graph", "u", "zzz", "ro"]), min_size=1, max_size=3),
       shuffled=st.booleans(), least=st.integers(0, 50))
def test_a_scan_in_slices_finds_the_rows_of_a_scan_in_one_go_in_the_order_shown(seed, terms, shuffled, least):
    texts = _texts(seed, 700)
    source = list(range(len(texts)))
    if shuffled:  # a sorted view: the rows come out in its order
        random.Random(seed).shuffle(source)
    scan = RowScan(terms, texts, source)
    found = scan.step(10.0, least_found=least, through=100)
    # Past place 100 of the source, and then on until `least` rows are found (or to the end).
    assert len(found) >= len(rows_matching(terms, texts, None, sorted(source[:101])))
    assert len(found) >= least or scan.done
    while not scan.done:
        found += scan.step(0.0)
    matching = set(rows_matching(terms, texts))
    assert found == [row for row in source if row in matching]


def test_the_first_slice_reaches_the_row_asked_for_and_stops_once_enough_are_found():
    texts = ["query"] * 5_000
    scan = RowScan(["q"], texts, list(range(5_000)))
    first = scan.step(10.0, least_found=300, through=1_000)
    assert 1_000 < len(first) < 1_000 + 2 * RowScan.CHUNK  # past row 1,000, then stopped: 300 were found long before
    rest = scan.rest()
    assert rest == list(range(len(first), 5_000))
    assert scan.step(10.0) == rest and scan.done
