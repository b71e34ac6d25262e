"""Where an author row's papers went, for saying which person the row is: in the domain, and in the row's menu."""

from __future__ import annotations

import pytest

from models.author_row_papers import RowPapers, row_papers, row_papers_line
from models.schema import Verdict


def import_two_rows(store):
    """Ann Lee 0001 wrote p1-p4, Ann Lee 0002 wrote p5: one name cluster "Ann Lee" of five papers."""
    from models.records import AuthorMention, AuthorRowRecord, ClusterRecord, PaperRecord, ParsedSource

    def written_by(key: str, row: str) -> PaperRecord:
        return PaperRecord("dblp", key, f"Paper {key}", None, None, 2001, None, (AuthorMention(row, row), AuthorMention("Bo Chen")))

    records = [
        AuthorRowRecord("dblp", "Ann Lee 0001", "Ann Lee 0001"),
        AuthorRowRecord("dblp", "Ann Lee 0002", "Ann Lee 0002"),
        *(written_by(f"p{n}", "Ann Lee 0001") for n in range(1, 5)),
        written_by("p5", "Ann Lee 0002"),
        ClusterRecord("Ann Lee", "dblp", tuple(f"p{n}" for n in range(1, 6))),
    ]
    store.import_parsed([ParsedSource("x.xml", "test", records=records)])
    (cluster,) = store.clusters()
    contents = store.load_cluster(cluster.id)
    rows = {row.source_key: row.id for row in contents.author_rows}
    return cluster, [p.paper_id for p in contents.papers], rows


def test_a_rows_papers_are_counted_by_where_the_reviewer_put_them(store):
    cluster, ids, rows = import_two_rows(store)
    store.create_person(cluster.id, ids[:2])
    store.create_person(cluster.id, ids[2:3])
    first, second = (p.id for p in store.people(cluster.id))
    store.decide(cluster.id, [ids[4]], Verdict.UNSURE)
    contents = store.load_cluster(cluster.id)
    assert row_papers(contents, rows["Ann Lee 0001"]) == RowPapers({first: 2, second: 1}, rejected=0, unsure=0, undecided=1)
    assert row_papers(contents, rows["Ann Lee 0002"]) == RowPapers({}, rejected=0, unsure=1, undecided=0)
    labels = {p.id: p.label for p in contents.people}
    assert row_papers_line(row_papers(contents, rows["Ann Lee 0001"]), labels) == "Its 4 papers: 2 to Ann Lee, 1 to Ann Lee (2), 1 undecided"
    assert row_papers_line(row_papers(contents, rows["Ann Lee 0002"]), labels) == "Its 1 paper: 1 unsure"
    assert row_papers_line(RowPapers(), labels) == "The source does not say which papers it wrote"


@pytest.fixture
def two_rows(store):
    return store, *import_two_rows(store)


def test_the_rows_menu_says_where_its_papers_went_and_links_the_row_to_the_person_chosen(qtbot, two_rows):
    from test_main_window import open_window

    store, cluster, ids, rows = two_rows
    store.create_person(cluster.id, ids[:3])
    store.decide(cluster.id, [ids[3]], Verdict.REJECTED)
    window = open_window(qtbot, store)
    panel = window.side.rows
    row = next(panel.model.row_at(i) for i in range(panel.model.rowCount()) if panel.model.row_at(i).id == rows["Ann Lee 0001"])
    menu = panel.menu_for(row)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Its 4 papers: 3 to Ann Lee, 1 not this name", "Select its papers (4)", "Ann Lee (3 of its papers)",
                     "Mixed (several people)", "Not yet said"]
    checked = [a.text() for a in menu.actions() if a.isChecked()]
    assert checked == ["Not yet said"]
    with qtbot.waitSignal(window.session.changed, timeout=5_000):
        next(a for a in menu.actions() if a.text() == "Ann Lee (3 of its papers)").trigger()
    (person,) = store.people(cluster.id)
    assert {r.source_key: r.person_id for r in store.load_cluster(cluster.id).author_rows}["Ann Lee 0001"] == person.id
    row = next(panel.model.row_at(i) for i in range(panel.model.rowCount()) if panel.model.row_at(i).id == rows["Ann Lee 0001"])
    assert [a.text() for a in panel.menu_for(row).actions() if a.isChecked()] == ["Ann Lee (3 of its papers)"]


def test_enter_on_an_author_row_selects_the_papers_it_wrote_and_p_makes_them_a_person(qtbot, two_rows):
    from PySide6.QtCore import Qt

    from test_main_window import open_window

    store, cluster, ids, rows = two_rows
    window = open_window(qtbot, store)
    view = window.side.rows.view
    view.setFocus()
    row = next(i for i in range(view.model().rowCount()) if view.model().row_at(i).id == rows["Ann Lee 0001"])
    view.setCurrentIndex(view.model().index(row))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert sorted(window.papers.selected_paper_ids()) == sorted(ids[:4])
    qtbot.keyClick(view, Qt.Key.Key_P)  # the decision keys act from the rows too: the row's papers become a person
    (person,) = store.people(cluster.id)
    assert person.papers == 4


def test_the_rows_lines_are_as_wide_as_the_list_at_every_width_so_the_view_elides_them(qtbot, two_rows):
    """Wider, a line scrolled its end ("→ not yet said") out of sight; it stayed as wide when the window shrank."""
    from PySide6.QtCore import Qt

    from test_main_window import open_window

    store, *_ = two_rows
    window = open_window(qtbot, store)
    view = window.side.rows.view
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for width in (1200, 1600, 1100):
        window.resize(width, 800)
        qtbot.waitUntil(lambda: view.visualRect(view.model().index(0)).width() == view.viewport().width(), timeout=2_000)
