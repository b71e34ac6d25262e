"""Re-imports and the keys a paper's authors are filed under: a reader that files them otherwise now updates them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from models.db import fill_paper_authors
from models.importing import ImportOptions
from models.schema import Verdict
from models.store import Store
from test_formats_dblp import write_dblp
from test_formats_s2and import signature, write_set


def author_keys(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT name, name_key FROM authorship ORDER BY paper_id, position").fetchall()


def listed(paper) -> bool:
    return not any("no longer lists this paper" in warning for warning in paper.warnings)


def file_under(database: Path, name: str, key: str) -> None:
    """What an older reader stored: the author under another key (the paper's author columns with it)."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE authorship SET name_key = ? WHERE name = ?", (key, name))
        fill_paper_authors(connection)


def test_a_reimport_files_the_own_name_under_the_block_again(tmp_path):
    # S2AND's own name is keyed by its block ("a sattary"), not by how it is spelled: a paper stored when
    # the reader keyed the spelling looked unchanged to a re-import, and its cluster did not find its name.
    folder = write_set(tmp_path / "set", {"s1": signature(10, "a sattary", "Abdul", "Sattar")}, clusters={"p": {"signature_ids": ["s1"]}})
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        store.import_files([folder])
        cluster = store.find_cluster("a sattary")
        (paper_id,) = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        store.decide(cluster.id, [paper_id], Verdict.PERSON)
    file_under(database, "Abdul Sattar", "abdul sattar")
    with Store(database, reviewer="t") as store:
        (report,) = store.import_files([folder])
        assert (report.papers_updated, report.papers_unchanged) == (1, 0)
        (paper,) = store.load_cluster(cluster.id).papers
        assert paper.name_positions == (0,)
        assert store.load_cluster(cluster.id).decisions[paper_id].verdict is Verdict.PERSON
    assert author_keys(database) == [("Abdul Sattar", "a sattary")]


def test_a_reimport_that_keys_a_name_otherwise_moves_the_paper_to_that_names_cluster(tmp_path):
    # Clusters a source's names give follow the keys: the paper joins the new key's cluster and stays,
    # unlisted and with its decision, in the old one.
    path = write_dblp(tmp_path, '<article key="journals/x/1"><author>J&ouml;rg M&uuml;ller</author><author>Ann Lee</author>'
                      "<title>A title.</title><year>2020</year></article>\n", dtd='<!ENTITY ouml "&#246;">\n<!ENTITY uuml "&#252;">\n<!ELEMENT dblp ANY>\n')
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        store.import_files([path])
        accented = store.find_cluster("Jörg Müller")
        (paper_id,) = [p.paper_id for p in store.load_cluster(accented.id).papers]
        store.decide(accented.id, [paper_id], Verdict.REJECTED)
        store.import_files([path], ImportOptions(fold_diacritics=True))
        assert author_keys(tmp_path / "db.sqlite3") == [("Jörg Müller", "jorg muller"), ("Ann Lee", "ann lee")]
        folded = store.load_cluster(store.find_cluster("jorg muller").id)
        assert [(p.paper_id, listed(p)) for p in folded.papers] == [(paper_id, True)]
        before = store.load_cluster(accented.id)
        assert [(p.paper_id, listed(p)) for p in before.papers] == [(paper_id, False)]
        assert before.decisions[paper_id].verdict is Verdict.REJECTED
        store.import_files([path])  # the key comes back: so does the paper
        assert [listed(p) for p in store.load_cluster(accented.id).papers] == [True]
        assert [listed(p) for p in store.load_cluster(folded.cluster.id).papers] == [False]
