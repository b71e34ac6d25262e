"""What the sources say of a paper's author and of an author row is shown: affiliations, ORCID iDs, spellings.

On the shared sample files: OpenAlex files "Heather Piwowar"'s author as "Heather A. Piwowar", the ORCID
works list's "User One Credit name" is the record "credit-name", and S2AND gives signatures' affiliations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED_DATA
from models.history import UNDECIDED
from models.store import Store


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is not beside the project")
    return path


@pytest.fixture
def sources(store: Store) -> Store:
    orcid = shared("orcid")
    store.import_files([
        shared("openalex", "workJsonResponse.json"), orcid / "record-3.0.xml", orcid / "works-3.0.xml",
        *sorted(shared("s2and", "dummy").iterdir()),
    ])
    return store


def opened(store: Store, name: str):
    return store.load_cluster(store.find_cluster(name).id)


def test_a_row_the_papers_link_the_name_to_is_listed_though_the_source_spells_it_otherwise(sources):
    contents = opened(sources, "Heather Piwowar")
    (row,) = contents.author_rows
    assert (row.source_key, row.name, row.spelt_otherwise) == ("A1969205032", "Heather A. Piwowar", True)
    assert (row.orcid, row.affiliations, row.urls) == ("0000-0003-1613-5981", ("Our Research",), ("https://openalex.org/A1969205032",))
    assert contents.papers_per_row == {row.id: 1}
    # A change of people reads the rows again: the linked row stays.
    change = sources.create_person(contents.cluster.id, label="Heather")
    sources.follow(contents, change)
    assert [(r.source_key, r.spelt_otherwise) for r in contents.author_rows] == [("A1969205032", True)]


def test_an_orcid_works_list_shows_its_owners_record_with_what_the_record_says(sources):
    (row,) = opened(sources, "User One Credit name").author_rows
    assert (row.source_key, row.name, row.spelt_otherwise, row.orcid) == ("8888-8888-8888-8880", "credit-name", True, "8888-8888-8888-8880")
    assert (row.affiliations, row.variants, row.urls) == (("employment-org",), ("give-names family-name", "other-name-1"), ("http://url.com/",))
    (own,) = opened(sources, "credit-name").author_rows  # the record's own cluster: filed under its name
    assert (own.id, own.spelt_otherwise) == (row.id, False)


def test_the_names_affiliation_on_each_paper_is_loaded_and_found_by_the_filter(sources):
    contents = opened(sources, "a sattary")
    assert {paper.affiliation for paper in contents.papers} == {"Bridgewater State University"}
    assert all("bridgewater state university" in text for text in contents.search_text)
    jason = opened(sources, "Jason Priem")
    assert jason.papers[0].affiliation == "Impact Technology Development (United States)"
    assert "impact technology development" in jason.search_text[0]


def test_the_detail_pane_says_the_names_affiliation_on_the_paper(sources):
    from gui.detail_pane import paper_html

    paper = opened(sources, "Jason Priem").papers[0]
    assert "<b>Jason Priem's affiliation here:</b> Impact Technology Development (United States)" in paper_html(paper, UNDECIDED, "")
    bare = opened(sources, "credit-name").papers[0]  # ORCID gives no affiliation on a work
    assert "affiliation here" not in paper_html(bare, UNDECIDED, "")


def test_the_rows_pane_shows_each_rows_evidence_and_never_says_none_when_one_is_linked(qtbot, sources):
    from PySide6.QtCore import Qt

    from gui.author_rows_panel import AuthorRowsPanel

    panel = AuthorRowsPanel()
    qtbot.addWidget(panel)
    panel.show_contents(opened(sources, "Heather Piwowar"))
    assert panel.note.text() == "No author row with this name in the source; its papers link to 1 spelt otherwise."
    index = panel.model.index(0)
    assert panel.model.data(index) == (
        "Heather A. Piwowar (spelt otherwise) — 1 paper → not yet said\nORCID 0000-0003-1613-5981 · Our Research"
    )
    tooltip = panel.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "ORCID iD: 0000-0003-1613-5981\nAffiliation: Our Research\nURL: https://openalex.org/A1969205032" in tooltip
    panel.show_contents(opened(sources, "credit-name"))
    assert panel.note.text() == "1 author row with this name in the source."
    assert panel.model.data(panel.model.index(0)) == (
        "credit-name — 1 paper → not yet said\nORCID 8888-8888-8888-8880 · employment-org · also give-names family-name; other-name-1"
    )


def test_a_narrow_pane_cuts_the_rows_name_and_the_evidence_after_the_orcid_id_never_the_id(qtbot, sources):
    """At 1440x860 the pane is about 225 pixels wide; the middle elided was "8888-8888-8888-888…per → not yet said"."""
    from gui.author_rows_panel import LINE_PARTS, AuthorRowsPanel, elided_lines

    panel = AuthorRowsPanel()
    qtbot.addWidget(panel)
    panel.show_contents(opened(sources, "User One Credit name"))
    metrics = panel.view.fontMetrics()
    parts = panel.model.data(panel.model.index(0), LINE_PARTS)
    width = metrics.horizontalAdvance("ORCID 8888-8888-8888-8880 · emp")
    first, second = elided_lines(parts, metrics, width)
    assert first.endswith("… — 3 papers → not yet said") and first.startswith("credit")
    assert second.startswith("ORCID 8888-8888-8888-8880 ·") and second.endswith("…")
    assert metrics.horizontalAdvance(first) <= width and metrics.horizontalAdvance(second) <= width
