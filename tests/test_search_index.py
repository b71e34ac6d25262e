"""The filter's word index: the same rows as `term in text` for every text, without Qt."""

from __future__ import annotations

import random
import string

import pytest

from models import search_index
from models.search_index import IndexBuilder, WordIndex, rows_matching

# Words with accents, punctuation and the white space str.split() knows beyond the space.
WORDS = ["diffusion", "model", "qüantum", "o'brien", "co-author", "3d", "müller", "naïve", "x.y", "αβγ", "deep", "learning", "de"]
SEPARATORS = [" ", "\n", "\t", "\u00a0", "\u2003", "\x1f", "  "]


def random_texts(rng: random.Random, count: int) -> list[str]:
    def word() -> str:
        if rng.random() < 0.7:
            return rng.choice(WORDS)
        return "".join(rng.choice(string.ascii_lowercase + "-.'") for _ in range(rng.randint(1, 9)))

    texts = []
    for _ in range(count):
        words = [word() for _ in range(rng.randint(0, 30))]
        texts.append("".join(w + rng.choice(SEPARATORS) for w in words).casefold())
    return texts


def naive(terms: list[str], texts: list[str], candidates=None) -> list[int]:
    rows = range(len(texts)) if candidates is None else candidates
    return [i for i in rows if all(term in texts[i] for term in terms)]


def terms_from(rng: random.Random, texts: list[str]) -> list[str]:
    """Pieces of the texts as a reviewer would type them: split on white space, like the filter does."""
    text = rng.choice([t for t in texts if t.strip()])
    start = rng.randrange(len(text))
    return text[start : start + rng.randint(1, 12)].split() or ["zz"]


def test_every_term_finds_what_a_scan_finds():
    rng = random.Random(7)
    texts = random_texts(rng, 600)
    index = WordIndex(texts)
    answered = 0
    for _ in range(3000):
        terms = terms_from(rng, texts) if rng.random() < 0.9 else [rng.choice(WORDS)[: rng.randint(1, 6)], "zq"]
        candidates = None
        if rng.random() < 0.3 and len(terms[0]) > 1:
            candidates = naive([terms[0][:-1], *terms[1:]], texts)  # what matched before the last key
        assert rows_matching(terms, texts, index, candidates) == naive(terms, texts, candidates), (terms, candidates)
        answered += index.rows_with(max(terms, key=len)) is not None
    assert answered > 1000  # the index, not the scan fallback, answered most of them


def test_declines_terms_that_match_too_much(monkeypatch):
    texts = ["deep learning"] * 50 + ["diffusion model"] * 50
    index = WordIndex(texts)
    assert index.rows_with("de") == list(range(100))  # a short term is answered when few words hold it
    assert index.rows_with("dee") == list(range(50))
    assert index.rows_with("zzz") == []
    assert index.rows_with("deep learning") is None  # never asked by the filter (it splits on spaces), refused anyway
    # 300 different words hold "abc", each in one text: past the work limit the index gives up, the scan answers.
    crowded = [" ".join(f"abc{i}_{j}" for j in range(3)) for i in range(100)]
    assert WordIndex(crowded).rows_with("abc") is None
    assert rows_matching(["abc"], crowded, WordIndex(crowded)) == list(range(100))
    # A word in every text: the index stops as soon as every text is found.
    assert WordIndex(["abc x", "abc y"] * 50).rows_with("abc") == list(range(100))
    # More words holding the term than the index visits: it gives up however few rows they list.
    monkeypatch.setattr(search_index, "MOST_WORDS", 2)
    assert index.rows_with("e") is None and index.rows_with("dee") == list(range(50))
    assert rows_matching(["e"], texts, index) == list(range(100))


def test_common_words_are_kept_as_bit_sets(monkeypatch):
    """A word in more than one text in DENSE_SHARE is a bit set; terms over both kinds find what a scan finds."""
    monkeypatch.setattr(search_index, "MIN_DENSE", 8)
    rng = random.Random(5)
    texts = random_texts(rng, 2000)
    builder = IndexBuilder(texts)
    postings = builder.postings()
    kinds = {word: type(rows).__name__ for word, rows in postings.items()}
    assert kinds["model"] == "bytearray" and "array" in kinds.values()  # both kinds are there
    index = WordIndex(texts, postings)
    for term in ["model", "mod", "m", "e", "ü", "o'b", "x.y", "zzz", "q", "de", "-"] + [terms_from(rng, texts)[0] for _ in range(300)]:
        found = index.rows_with(term)
        assert found is None or found == naive([term], texts), term
        assert rows_matching([term], texts, index) == naive([term], texts), term


def test_the_real_clusters_words(tmp_path):
    from tests.conftest import SHARED_DATA

    page = SHARED_DATA / "arnetminer" / "Lei Wang.xml"
    if not page.exists():
        pytest.skip("needs ../shared/data")
    from models.store import Store

    with Store(tmp_path / "n.sqlite3", reviewer="t") as store:
        store.import_files([page])
        contents = store.load_cluster(store.find_cluster("Lei Wang").id)
    texts = contents.search_text
    index = WordIndex(texts)
    rng = random.Random(3)
    for _ in range(500):
        terms = terms_from(rng, texts)
        assert rows_matching(terms, texts, index) == naive(terms, texts), terms


def test_built_in_slices_it_is_the_same_index():
    texts = random_texts(random.Random(11), 3000)
    builder = IndexBuilder(texts)
    slices = 0
    while (built := builder.step(0.0)) is None:  # the smallest slice the builder takes: one look at the clock
        slices += 1
    assert slices > 10 and builder.done
    whole = WordIndex(texts)
    assert whole.words > 3 * search_index._Parts.CHECK_EVERY  # its words, too, were taken in several slices
    assert built._vocabulary == whole._vocabulary and built._starts == whole._starts
    for term in ["diffusion", "o'b", "müll", "x.y", "αβγ", "zzz", "learn"]:
        assert built.rows_with(term) == whole.rows_with(term) == naive([term], texts), term
