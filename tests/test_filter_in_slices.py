"""A filter key on a big cluster before its word index is built: the top of the result is shown at once,
the rest comes in between events, and what needs every row waits for it."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from gui.papers_model import SCAN_IN_SLICES_FROM, YEAR, QtPapersModel, View
from gui.papers_pane import PapersPane
from models.history import Change, DecisionState
from models.queries import ClusterContents, ClusterSummary, PaperRow
from models.schema import Verdict

WORDS = ["robust", "query", "graph", "quantum", "routing", "kernel", "sensor", "quality", "mesh", "yeast"]
PAPERS = SCAN_IN_SLICES_FROM + 1_000


def _contents() -> ClusterContents:
    pick = random.Random(11)
    papers, texts = [], []
    for number in range(PAPERS):
        title = " ".join(pick.sample(WORDS, 3))
        papers.append(PaperRow(number + 1, number, "lab", f"p{number}", title, 1980 + pick.randrange(40), "VLDB", "article", "Ann Lee\nBo Chen",
                               (0,), False, "[]", ()))
        texts.append(f"{title}\nvldb\nann lee\nbo chen")
    cluster = ClusterSummary(1, "ann lee", "Ann Lee", "lab", PAPERS, 0)
    return ClusterContents(cluster, papers, {}, [], [], search_text=texts)


def _shown(model: QtPapersModel) -> list[int]:
    return [model.paper_at(row).paper_id for row in range(model.rowCount())]


def _indexed(contents: ClusterContents, text: str, sort: tuple | None = None) -> list[int]:
    """What the filter shows once the word index is built (in one go, not between events)."""
    model = QtPapersModel()
    model.set_contents(contents)
    if sort:
        model.sort(*sort)
    assert model.wait_for_word_index()
    model.set_filter(text)
    assert not model.scanning
    return _shown(model)


@pytest.fixture
def contents():
    return _contents()


@pytest.fixture
def model(contents):
    model = QtPapersModel()
    model.set_contents(contents)
    return model


def test_the_first_key_shows_the_top_of_its_result_and_the_rest_comes_between_events(qtbot, qtmodeltester, model, contents):
    qtmodeltester.check(model, force_py=True)  # and it watches the rows inserted while the scan runs
    expected = _indexed(contents, "q")
    assert model.set_filter("q")
    first = _shown(model)
    assert model.scanning and 0 < len(first) < len(expected)
    assert first == expected[: len(first)]
    with qtbot.waitSignal(model.filter_done, timeout=5_000):
        pass
    assert not model.scanning and _shown(model) == expected


def test_typing_on_while_it_scans_narrows_what_it_found_and_what_it_has_not_scanned(qtbot, model, contents):
    model.set_filter("q")
    model.set_filter("qu")
    assert model.scanning
    with qtbot.waitSignal(model.filter_done, timeout=5_000):
        pass
    assert _shown(model) == _indexed(contents, "qu")
    model.set_filter("quantum mesh")  # once done: narrowed at once, from the rows found
    assert not model.scanning and _shown(model) == _indexed(contents, "quantum mesh")


def test_other_words_while_it_scans_are_found_again_from_every_row(model, contents):
    model.set_filter("q")
    model.set_filter("yeast")
    assert not model.scanning and _shown(model) == _indexed(contents, "yeast")
    model.set_filter("")
    assert _shown(model) == [paper.paper_id for paper in contents.papers]


def test_a_sorted_view_gets_the_top_of_its_own_order_first(qtbot, model, contents):
    model.sort(YEAR, Qt.SortOrder.DescendingOrder)
    expected = _indexed(contents, "ro", sort=(YEAR, Qt.SortOrder.DescendingOrder))
    model.set_filter("ro")
    assert _shown(model) == expected[: model.rowCount()] and model.scanning
    with qtbot.waitSignal(model.filter_done, timeout=5_000):
        pass
    assert _shown(model) == expected


def test_what_needs_every_row_finds_them_first(model, contents):
    expected = _indexed(contents, "q")
    model.set_filter("q")
    last = expected[-1]
    assert model.row_of(last) == len(expected) - 1 and not model.scanning  # the row of a paper not found yet
    model.set_filter("")
    model.set_filter("q")
    decided = {last: DecisionState(Verdict.REJECTED)}
    model.apply_change(Change(1, decisions=decided), _contents())  # a decision on a paper not found yet
    assert not model.scanning and _shown(model) == expected
    model.set_filter("")
    model.set_filter("q")
    assert model.next_undecided_row(len(expected) - 2) == 0  # wraps round: the last row is decided
    model.set_filter("")
    model.set_filter("q")
    model.sort(YEAR)
    assert not model.scanning and sorted(_shown(model)) == sorted(expected)


def test_the_pane_keeps_the_current_paper_and_counts_when_the_scan_is_done(qtbot, contents):
    pane = PapersPane()
    qtbot.addWidget(pane)
    pane.model.set_contents(contents)
    expected = _indexed(contents, "q")
    current = expected[len(expected) // 2]  # far down the list: the first slice must reach it
    pane.set_current_row(pane.model.row_of(current))
    pane.start_filter()
    qtbot.keyClicks(pane.filter_edit, "q")
    assert pane.current_paper().paper_id == current
    assert pane.filter_count.text() == f"{pane.model.rowCount():,}… of {PAPERS:,}" and pane.model.scanning
    with qtbot.waitSignal(pane.model.filter_done, timeout=5_000):
        pass
    assert pane.filter_count.text() == f"{len(expected):,} of {PAPERS:,}"
    assert pane.current_paper().paper_id == current


@pytest.mark.parametrize("kind", ["undecided", "rejected", "unsure", "person:7", "person:8"])
def test_a_view_shows_the_rows_whose_decision_it_shows(model, contents, kind):
    view = View.from_key(kind)
    pick = random.Random(3)
    states = [DecisionState(Verdict.REJECTED), DecisionState(Verdict.UNSURE), DecisionState(Verdict.PERSON, 7),
              DecisionState(Verdict.PERSON, 8), DecisionState()]  # the last: a decision cleared
    decisions = {paper.paper_id: pick.choice(states) for paper in pick.sample(contents.papers, 2_000)}
    model.apply_change(Change(1, decisions=decisions), contents)
    model.set_filter("ro")
    model.set_view(view)
    expected = [paper.paper_id for paper, text in zip(contents.papers, contents.search_text)
                if "ro" in text and view.shows(decisions.get(paper.paper_id, DecisionState()))]
    assert 0 < len(expected) < PAPERS and _shown(model) == expected
