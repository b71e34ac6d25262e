"""Storing Arrow pages: all or nothing, idempotent, never dropping a decision."""

from __future__ import annotations

import pytest

from conftest import SEED_PAGE, arrow_page, paper, table_contents
from models.errors import SourceError
from models.schema import Verdict


def test_seed_import_gives_one_cluster_of_seven_papers(seeded):
    (cluster,) = seeded.clusters()
    assert (cluster.name, cluster.papers, cluster.decided, cluster.status.value) == ("Shengen Yan", 7, 0, "not started")
    assert (cluster.declared_papers, cluster.declared_author_rows) == (7, 2)
    contents = seeded.load_cluster(cluster.id)
    assert [p.position for p in contents.papers] == list(range(7))
    assert contents.author_rows == []


def test_only_the_pages_own_cluster_is_created(seeded):
    assert [c.name for c in seeded.clusters()] == ["Shengen Yan"]  # coauthors are names, not clusters


def test_paper_without_the_name_in_view_is_kept_and_marked(seeded):
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    vidit = next(p for p in contents.papers if p.title.startswith("ViDiT-Q"))
    assert vidit.name_positions == ()
    assert vidit.warnings == ("name not in the visible author list (the source shows at most 8 authors)",)
    others = [p for p in contents.papers if p is not vidit]
    assert all(len(p.name_positions) == 1 and p.warnings == () for p in others)


def test_import_reports_what_it_did(store):
    (report,) = store.import_files([SEED_PAGE])
    assert (report.papers_added, report.papers_updated, report.papers_unchanged) == (7, 0, 0)
    assert report.clusters == ["Shengen Yan"]
    assert len(report.warnings) == 1 and "ViDiT-Q" in report.warnings[0]


def test_the_summary_says_one_of_a_thing_in_the_singular():
    from models.importing import FileReport

    report = FileReport("one.json", "Namesake JSON", papers_added=1, papers_updated=2, author_rows_added=1,
                        repairs=["a bare '&' escaped"], skipped=["a record without a title"])
    report.add_cluster("Ann Lee")
    assert report.summary() == (
        "one.json (Namesake JSON): 1 paper added, 2 updated, 0 unchanged; 1 author row added; clusters: Ann Lee; "
        "1 repair; 1 record skipped"
    )
    report.papers_added, report.author_rows_added, report.skipped = 1245, 0, ["a", "b"]
    assert "1,245 papers added" in report.summary() and "0 author rows added" in report.summary()
    assert report.summary().endswith("; 2 records skipped")


def test_reimporting_the_same_page_changes_nothing(seeded, db_path):
    cluster = seeded.clusters()[0]
    papers = seeded.load_cluster(cluster.id).papers
    seeded.decide(cluster.id, [papers[0].paper_id], Verdict.PERSON)
    before = table_contents(db_path, skip=("import_log",))
    (report,) = seeded.import_files([SEED_PAGE])
    assert (report.papers_added, report.papers_updated, report.papers_unchanged) == (0, 0, 7)
    assert table_contents(db_path, skip=("import_log",)) == before


def test_newer_page_adds_its_papers_and_keeps_every_decision(store, tmp_path):
    old_page = tmp_path / "old.txt"
    new_page = tmp_path / "new.txt"
    old_page.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"]), paper("B", ["Ann Lee"])]))
    new_page.write_text(arrow_page("Ann Lee", [paper("C", ["Ann Lee"]), paper("A", ["Ann Lee", "Bo Chen"])]))
    store.import_files([old_page])
    cluster = store.clusters()[0]
    by_title = {p.title: p.paper_id for p in store.load_cluster(cluster.id).papers}
    store.decide(cluster.id, [by_title["A"]], Verdict.PERSON)
    store.decide(cluster.id, [by_title["B"]], Verdict.REJECTED)

    (report,) = store.import_files([new_page])

    assert (report.papers_added, report.papers_updated, report.papers_unchanged) == (1, 1, 0)
    contents = store.load_cluster(cluster.id)
    assert [p.title for p in contents.papers] == ["C", "A", "B"]  # the newest order, then what it dropped
    a, b = (next(p for p in contents.papers if p.title == t) for t in "AB")
    assert a.authors == ("Ann Lee", "Bo Chen")
    assert contents.decisions[a.paper_id].verdict is Verdict.PERSON
    assert contents.decisions[b.paper_id].verdict is Verdict.REJECTED
    assert "no longer lists" in b.warnings[0]


def test_a_failed_import_changes_nothing(seeded, db_path, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(arrow_page("Bo Chen", [paper("New", ["Bo Chen"])]))
    bad = tmp_path / "bad.txt"
    bad.write_text("Author name cluster\n\nBo Chen\n\nPossible papers\n\nstray text\n")
    before = table_contents(db_path)
    with pytest.raises(SourceError, match=r"bad.txt:7: "):
        seeded.import_files([good, bad])
    assert table_contents(db_path) == before


def test_a_foreign_or_empty_file_is_refused(store, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(SourceError, match="empty.txt:1: the file is empty"):
        store.import_files([empty])
    with pytest.raises(SourceError, match="missing.txt: cannot read"):
        store.import_files([tmp_path / "missing.txt"])


def test_the_same_paper_on_two_cluster_pages_is_one_paper(store, tmp_path):
    shared = paper("Joint work", ["Ann Lee", "Bo Chen"])
    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [shared]))
    (tmp_path / "bo.txt").write_text(arrow_page("Bo Chen", [shared]))
    store.import_files([tmp_path / "ann.txt", tmp_path / "bo.txt"])
    ann, bo = store.clusters()
    assert store.load_cluster(ann.id).papers[0].paper_id == store.load_cluster(bo.id).papers[0].paper_id


def test_ids_are_found_by_key_whatever_the_number_of_keys(store, tmp_path):
    """Lookups go through prepared statements of a few fixed sizes, padded: 1, 17, 1,100 keys all come back right."""
    from models.db import reading
    from models.importing import _ids_by_key
    from models.schema import Paper

    papers = [{"type": "paper", "key": f"p{n}", "title": f"Paper {n}", "authors": ["Ann Lee", f"Coauthor {n}"]} for n in range(1_100)]
    store.import_files([_jsonl(tmp_path / "many.jsonl", papers)])
    with reading(store._engine) as conn:
        stored = dict(conn.exec_driver_sql("SELECT source_key, id FROM paper WHERE source = 't'").fetchall())
        for count in (1, 17, 1_100):
            keys = [("t", f"p{n}") for n in range(0, 1_100, 1_100 // count)][:count]
            assert _ids_by_key(conn, Paper, keys + [("t", "missing"), ("other", "p1")]) == {key: stored[key[1]] for key in keys}


def test_name_keys_are_cluster_keys_remembered_within_a_bound(monkeypatch):
    from models.importing import NameKeys
    from models.names import cluster_key

    monkeypatch.setattr(NameKeys, "LIMIT", 3)
    keys = NameKeys(fold_diacritics=True)
    names = ["Jürgen  Müller 0001", "Ann LEE", "ann lee", "Émile Zola", "Wei Wang"]
    assert [keys(name) for name in names + names] == [cluster_key(name, True) for name in names + names]
    assert len(keys.keys) <= 3


def test_a_loaded_cluster_carries_each_papers_authors_as_stored(store, db_path, tmp_path):
    """Names in order, where the cluster's name stands (twice on one paper), each author's row,
    the cluster author's affiliation, and papers per author row of the name: checked against plain sqlite3."""
    import json
    import sqlite3

    source = {
        "format": "namesake-input", "version": 1, "source": "lab",
        "author_rows": [{"key": "r1", "name": "Ann Lee"}, {"key": "r2", "name": "Bo Chen"}],
        "papers": [
            {"key": "p1", "title": "One", "authors": ["Bo Chen", {"name": "Ann Lee", "row": "r1", "affiliation": "Uni A"}]},
            {"key": "p2", "title": "Two", "authors": [{"name": "Ann Lee", "affiliation": "Uni B"}, "Ann Lee",
                                                       {"name": "Cy Diaz", "role": "editor"}]},
            {"key": "p3", "title": "Three", "authors": [{"name": "Bo Chen", "row": "r2", "affiliation": "Elsewhere"},
                                                        {"name": "Ann Lee", "row": "r1"}]},
            {"key": "p4", "title": "Four", "authors": ["Dee Fox"]},
        ],
        "clusters": [{"name": "Ann Lee", "papers": ["p1", "p2", "p3", "p4"]}],
    }
    path = tmp_path / "lab.json"
    path.write_text(json.dumps(source))
    store.import_files([path])
    contents = store.load_cluster(store.find_cluster("Ann Lee").id)
    with sqlite3.connect(db_path) as raw:
        expected = {}
        for paper_id, key in raw.execute("SELECT id, source_key FROM paper"):
            rows = raw.execute(
                "SELECT a.name, a.name_key, r.source_key, a.affiliation FROM authorship a LEFT JOIN author_row r"
                " ON r.id = a.author_row_id WHERE a.paper_id = ? AND a.role = 'author' ORDER BY a.position", (paper_id,)
            ).fetchall()
            own = tuple(i for i, row in enumerate(rows) if row[1] == "ann lee")
            expected[key] = (tuple(row[0] for row in rows), own, tuple(rows[i][2] for i in own if rows[i][2]),
                             next((row[3] for row in rows if row[1] == "ann lee" and row[3]), None))
        row_keys = dict(raw.execute("SELECT id, source_key FROM author_row"))

    def loaded(contents):
        return {
            paper.source_key: (paper.authors, paper.name_positions, tuple(row_keys[row_id] for row_id in paper.name_row_ids),
                               paper.affiliation)
            for paper in contents.papers
        }

    assert loaded(contents) == expected
    assert expected["p2"][1] == (0, 1) and expected["p2"][3] == "Uni B"  # the name twice; the editor left out
    assert expected["p1"][2] == ("r1",) and expected["p3"][2] == ("r1",)  # the name's row, not Bo Chen's r2
    # Papers per author row, for the rows of the cluster's name (the panel lists no other): Bo Chen's r2 is not counted.
    assert {row_keys[row_id]: count for row_id, count in contents.papers_per_row.items()} == {"r1": 2}
    # The paper rows carry their authors (models.paper_authors); rows without them, as another
    # program might write, are read from the authorships with the same result.
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE paper SET author_names = NULL, author_keys = NULL, author_rows = NULL, author_affiliations = NULL"
                    " WHERE source_key IN ('p2', 'p3')")
    fallback = store.load_cluster(store.find_cluster("Ann Lee").id)
    assert loaded(fallback) == expected
    assert fallback.papers == contents.papers and fallback.search_text == contents.search_text


def _jsonl(path, records: list[dict]):
    """A Namesake JSON Lines file of source "t" holding these records."""
    import json

    header = {"type": "header", "format": "namesake-input", "version": 1, "source": "t"}
    path.write_text("\n".join(json.dumps(line) for line in [header, *records]) + "\n")
    return path


def _links(db_path) -> tuple[dict, dict]:
    """(paper key, position) -> (name, author row key) of every authorship; author row key -> (name, affiliations)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db_path)) as raw:
        links = {
            (paper, position): (name, row)
            for paper, position, name, row in raw.execute(
                "SELECT p.source_key, a.position, a.name, r.source_key FROM authorship a JOIN paper p ON p.id = a.paper_id"
                " LEFT JOIN author_row r ON r.id = a.author_row_id"
            )
        }
        rows = {key: (name, affiliations) for key, name, affiliations in raw.execute("SELECT source_key, name, affiliations FROM author_row")}
    return links, rows


def test_a_row_met_only_in_mentions_takes_its_first_spelling_and_a_later_record_adds_its_details(store, db_path, tmp_path, monkeypatch):
    """Batches of one record: the row r1 is made from p1's mention, found again from p2's, and
    completed by its own record two batches later; every authorship points at its own row."""
    import models.importing as importing

    monkeypatch.setattr(importing, "BATCH", 1)
    source = _jsonl(tmp_path / "rows.jsonl", [
        {"type": "paper", "key": "p1", "title": "One", "authors": [{"name": "Ann Lee", "row": "r1"}, {"name": "Bo Chen", "row": "r2"}]},
        {"type": "paper", "key": "p2", "title": "Two", "authors": [{"name": "Bo Chen", "row": "r2"}, {"name": "A. Lee", "row": "r1"},
                                                                  {"name": "Cy Diaz", "row": "r3"}, {"name": "Cy Diaz", "row": "r3"}]},
        {"type": "author_row", "key": "r1", "name": "Ann Lee", "affiliations": ["Uni A"]},
        {"type": "paper", "key": "p3", "title": "Three", "authors": ["Dee Fox", {"name": "Ann Lee", "row": "r1"}]},
    ])
    report = store.import_files([source])[0]
    links, rows = _links(db_path)
    assert links == {
        ("p1", 0): ("Ann Lee", "r1"), ("p1", 1): ("Bo Chen", "r2"),
        ("p2", 0): ("Bo Chen", "r2"), ("p2", 1): ("A. Lee", "r1"), ("p2", 2): ("Cy Diaz", "r3"), ("p2", 3): ("Cy Diaz", "r3"),
        ("p3", 0): ("Dee Fox", None), ("p3", 1): ("Ann Lee", "r1"),
    }
    assert rows == {"r1": ("Ann Lee", '["Uni A"]'), "r2": ("Bo Chen", "[]"), "r3": ("Cy Diaz", "[]")}
    assert report.author_rows_added == 3


def test_new_rows_are_found_by_key_when_sqlite_numbers_them_below_the_largest_id(store, db_path, tmp_path):
    """Past the largest possible id SQLite numbers new rows at random, not one past the last:
    the ids of the rows just inserted are then looked up by key, and every link is still right."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db_path)) as raw, raw:
        last = 2**63 - 1
        raw.execute("INSERT INTO author_row (id, source, source_key, name, name_key, variants, urls, affiliations)"
                    " VALUES (?, 'other', 'last', 'X', 'x', '[]', '[]', '[]')", (last,))
        raw.execute("INSERT INTO paper (id, source, source_key, title, links, raw_text, ids) VALUES (?, 'other', 'last', 'X', '[]', '', '[]')", (last,))
    spelling = lambda n: "Ann Lee" if n == 0 else "A. Lee"  # noqa: E731
    papers = [
        {"type": "paper", "key": f"p{n}", "title": f"Paper {n}", "authors": [{"name": spelling(n), "row": "a"}, {"name": f"Co {n}", "row": f"c{n}"}]}
        for n in range(30)
    ]
    store.import_files([_jsonl(tmp_path / "late.jsonl", papers)])
    links, rows = _links(db_path)
    assert links == {**{(f"p{n}", 0): (spelling(n), "a") for n in range(30)}, **{(f"p{n}", 1): (f"Co {n}", f"c{n}") for n in range(30)}}
    assert set(rows) == {"last", "a", *(f"c{n}" for n in range(30))}
    assert rows["a"][0] == "Ann Lee"  # one batch: the row takes its first mention's spelling


def test_the_garbage_collector_runs_less_often_during_an_import_and_as_before_after_it_even_when_it_fails(store, tmp_path, monkeypatch):
    import gc

    import models.importing as importing
    from models.garbage import RARE_COLLECTION_THRESHOLD

    seen: list[tuple[int, int, int]] = []
    write = importing._Writer.write
    monkeypatch.setattr(importing._Writer, "write", lambda self, batch: (seen.append(gc.get_threshold()), write(self, batch))[1])
    before = gc.get_threshold()
    good = _jsonl(tmp_path / "good.jsonl", [{"type": "paper", "key": "p1", "title": "One", "authors": ["Ann Lee"]}])
    store.import_files([good])
    assert seen and all(t == (RARE_COLLECTION_THRESHOLD, *before[1:]) for t in seen)
    assert gc.get_threshold() == before
    bad = _jsonl(tmp_path / "bad.jsonl", [{"type": "paper", "key": "p2", "title": "Two", "authors": ["Ann Lee"]}, {"type": "paper", "key": "p2"}])
    with pytest.raises(SourceError):
        store.import_files([bad])
    assert gc.get_threshold() == before


def test_an_imports_memory_of_its_papers_forgets_the_oldest_beyond_its_bound(monkeypatch):
    """At the bound it forgot every paper at once, the one written just before too: a record and a works file
    that give one paper, met across the bound, were both counted again (found by a review)."""
    from models.importing import ImportWrites

    monkeypatch.setattr(ImportWrites, "KEPT", 2)
    writes = ImportWrites()
    for paper_id in (1, 2):
        writes.mark(paper_id, f"written {paper_id}")
    writes.mark(1, "written 1 again")  # now the newest
    writes.mark(3, "written 3")  # over the bound: 2, the oldest, goes
    assert [writes.earlier(paper_id) for paper_id in (1, 2, 3)] == ["written 1 again", None, "written 3"]
