"""The filter's text of each paper, made from the loaded parts after opening (no Qt)."""

from __future__ import annotations

import gc

from conftest import arrow_page, paper
from models.search_text import SearchTexts


def _parts(count: int) -> list[tuple]:
    """Titles, venues, names and abstracts, some absent, some not ASCII (casefold is not lower)."""
    return [(f"Title {n} STRASSE", None if n % 3 == 0 else f"Venue {n % 7}", f"Ann Lee\nBo Chen {n}",
             None if n % 4 == 0 else f"Abstract {n} of the Straße and ΣΊΣΥΦΟΣ") for n in range(count)]


def _expected(parts: list[tuple]) -> list[str]:
    """The text as the load made it before the texts were deferred."""
    return ["\n".join((title, venue or "", names, abstract or "")).casefold() for title, venue, names, abstract in parts]


def test_texts_made_a_slice_at_a_time_are_the_texts_made_at_once(monkeypatch):
    import models.search_text

    monkeypatch.setattr(models.search_text, "STEP_ROWS", 7)
    parts = _parts(100)
    sliced, whole = SearchTexts(), SearchTexts()
    for part in parts:
        sliced.add(*part)
        whole.add(*part)
    assert len(sliced) == 100 and not sliced.done
    slices = 0
    while not sliced.make(0.0):  # no time at all: one step of 7 texts each call
        slices += 1
    assert slices == 100 // 7
    assert sliced.done and sliced.all() == whole.all() == _expected(parts)
    assert "strasse" in whole.all()[1] and "σίσυφοσ" in whole.all()[1]


def test_a_made_text_lets_its_abstract_go():
    abstract = "".join(["an abstract nobody else holds ", str(id(object()))])
    texts = SearchTexts()
    texts.add("Title", None, "Ann Lee", abstract)
    held = len(gc.get_referrers(abstract))
    texts.make()
    assert len(gc.get_referrers(abstract)) == held - 1  # the parts no longer hold it
    assert texts.all() == [f"title\n\nann lee\n{abstract}"]


def test_texts_made_already_are_done():
    texts = SearchTexts.of(["one", "two"])
    assert texts.done and len(texts) == 2 and texts.all() == ["one", "two"]
    empty = SearchTexts()
    assert empty.done and empty.make(0.0) and empty.all() == []


def test_a_loaded_cluster_leaves_its_texts_to_be_made_and_makes_them_when_asked(store, tmp_path):
    page = tmp_path / "ann-lee.txt"
    papers = [paper(f"Paper {n} on Graphs", ["Ann Lee", "Bo Chen"], abstract=None if n == 2 else f"Straße {n}")
              for n in range(5)]
    page.write_text(arrow_page("Ann Lee", papers), encoding="utf-8")
    store.import_files([page])
    contents = store.load_cluster(store.find_cluster("Ann Lee").id)
    assert not contents.search.done  # the load leaves them to whoever shows the cluster
    texts = contents.search_text
    assert contents.search.done and len(texts) == len(contents.papers) == 5
    for row, text in zip(contents.papers, texts):
        assert text.startswith(row.title.casefold() + "\n") and "ann lee\nbo chen" in text
    assert "strasse 0" in texts[0] and texts[2].endswith("bo chen\n")  # no abstract: an empty last part
