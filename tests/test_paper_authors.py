"""The author columns of a paper's row (models.paper_authors), without Qt."""

from __future__ import annotations

import json
import sqlite3

from models.paper_authors import NO_AUTHORS, NO_OWN_AUTHOR, OwnAuthor, digest, own_author, split


def test_a_digest_keeps_names_keys_rows_and_affiliations_in_order():
    columns = digest([("Ann Lee", "ann lee", 7, None), ("Bo Chen", "bo chen", None, "Uni B"), ("Ann Lee", "ann lee", 9, "Uni A")])
    assert columns.author_names == "Ann Lee\nBo Chen\nAnn Lee"
    assert columns.author_keys == "ann lee\nbo chen\nann lee"
    assert columns.author_rows == "7,,9"
    assert json.loads(columns.author_affiliations) == [None, "Uni B", "Uni A"]
    assert split(columns.author_names) == ("Ann Lee", "Bo Chen", "Ann Lee")


def test_no_rows_and_no_affiliations_are_stored_as_null_and_no_authors_as_empty_texts():
    assert digest([("Ann Lee", "ann lee", None, None)]) == ("Ann Lee", "ann lee", None, None)
    assert digest([]) == NO_AUTHORS == ("", "", None, None)
    assert split("") == ()


def test_a_line_break_inside_a_name_becomes_a_space_so_the_places_stay_right():
    columns = digest([("Ann\nLee", "ann\nlee", None, None), ("Bo Chen", "bo chen", None, None)])
    assert split(columns.author_names) == ("Ann Lee", "Bo Chen")
    assert own_author(columns.author_keys, None, None, "bo chen").positions == (1,)


def test_the_clusters_author_is_found_by_its_whole_key_with_its_rows_and_first_affiliation():
    columns = digest([("Li Ann Lee", "li ann lee", 1, "X"), ("Ann Lee", "ann lee", 2, None),
                      ("Bo", "bo", 3, "Y"), ("Ann Lee", "ann lee", None, "Uni A")])
    assert own_author(columns.author_keys, columns.author_rows, columns.author_affiliations, "ann lee") == OwnAuthor((1, 3), (2,), "Uni A")
    assert own_author(columns.author_keys, columns.author_rows, columns.author_affiliations, "bo") == OwnAuthor((2,), (3,), "Y")
    # "ann le" is inside "ann lee" but is no author's key
    assert own_author(columns.author_keys, columns.author_rows, columns.author_affiliations, "ann le") == NO_OWN_AUTHOR


def test_an_import_writes_the_columns_as_the_authorships_give_them(store, db_path, tmp_path):
    path = tmp_path / "lab.json"
    path.write_text(json.dumps({
        "format": "namesake-input", "version": 1, "source": "lab",
        "author_rows": [{"key": "r1", "name": "Ann Lee"}],
        "papers": [
            {"key": "p1", "title": "One", "authors": [{"name": "Cy Diaz", "role": "editor"}, "Bo Chen",
                                                       {"name": "Ann Lee", "row": "r1", "affiliation": "Uni A"}]},
            {"key": "p2", "title": "Two", "authors": []},
        ],
        "clusters": [{"name": "Ann Lee", "papers": ["p1", "p2"]}],
    }))
    store.import_files([path])
    with sqlite3.connect(db_path) as raw:
        (row_id,) = raw.execute("SELECT id FROM author_row WHERE source_key = 'r1'").fetchone()
        stored = dict((key, rest) for key, *rest in raw.execute(
            "SELECT source_key, author_names, author_keys, author_rows, author_affiliations FROM paper"))
    # the editor is not among the authors; a paper without authors has empty lists, not unknown ones
    assert stored["p1"] == ["Bo Chen\nAnn Lee", "bo chen\nann lee", f",{row_id}", '[null, "Uni A"]']
    assert stored["p2"] == ["", "", None, None]
    first, second = store.load_cluster(store.find_cluster("Ann Lee").id).papers
    assert (first.authors, first.name_positions, first.name_row_ids, first.affiliation) == (("Bo Chen", "Ann Lee"), (1,), (row_id,), "Uni A")
    assert second.authors == () and second.warnings


def test_a_newer_import_that_changes_the_authors_changes_the_columns_with_them(store, db_path, tmp_path):
    def source(authors):
        path = tmp_path / "lab.json"
        path.write_text(json.dumps({"format": "namesake-input", "version": 1, "source": "lab",
                                    "papers": [{"key": "p1", "title": "One", "authors": authors}],
                                    "clusters": [{"name": "Ann Lee", "papers": ["p1"]}]}))
        return path

    def columns():
        with sqlite3.connect(db_path) as raw:
            return raw.execute("SELECT author_names, author_keys FROM paper WHERE source_key = 'p1'").fetchone()

    store.import_files([source(["Ann Lee", "Bo Chen"])])
    assert columns() == ("Ann Lee\nBo Chen", "ann lee\nbo chen")
    store.import_files([source(["Cy Diaz", "Ann Lee"])])
    assert columns() == ("Cy Diaz\nAnn Lee", "cy diaz\nann lee")
    (paper,) = store.load_cluster(store.find_cluster("Ann Lee").id).papers
    assert (paper.authors, paper.name_positions) == (("Cy Diaz", "Ann Lee"), (1,))
