"""Importing real sources end to end: derived clusters, scopes, thin copies, folding, variants."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import SEED_PAGE, SHARED_DATA, table_contents
from models.errors import SourceError
from models.importing import ImportOptions
from models.records import AuthorMention, ClusterRecord, PaperRecord, ParsedSource
from models.store import Store

DBLP = SHARED_DATA / "dblp" / "dblp-sample.xml"
needs_data = pytest.mark.skipif(not DBLP.exists(), reason="../shared/data is not here")


@needs_data
def test_dblp_clusters_come_from_author_names_and_homonyms_share_one(store, db_path):
    (report,) = store.import_files([DBLP])
    with sqlite3.connect(db_path) as connection:
        author_keys = connection.execute(
            "SELECT count(DISTINCT name_key) FROM authorship WHERE role = 'author'"
        ).fetchone()[0]
        editor_only = connection.execute(
            "SELECT count(*) FROM cluster_paper cp JOIN name_cluster c ON c.id = cp.cluster_id "
            "WHERE NOT EXISTS (SELECT 1 FROM authorship a WHERE a.paper_id = cp.paper_id AND a.name_key = c.key AND a.role = 'author')"
        ).fetchone()[0]
    assert report.cluster_count == author_keys == len(store.clusters())
    assert report.memberships_derived > report.papers_added
    assert editor_only == 0  # an editor's name never puts a volume into its cluster
    schwarz = store.find_cluster("Michael Schwarz 0001")  # the suffix names a dblp person, not a name
    assert schwarz.name == "Michael Schwarz"
    assert [r.source_key for r in store.load_cluster(schwarz.id).author_rows] == ["Michael Schwarz 0001"]


@needs_data
def test_dblp_reimport_changes_nothing(store, db_path):
    store.import_files([DBLP])
    before = table_contents(db_path, skip=("import_log",))
    (report,) = store.import_files([DBLP])
    assert report.papers_added == 0 and report.memberships_derived == 0 and report.cluster_count == 0
    assert table_contents(db_path, skip=("import_log",)) == before


def list_of(scope: str, keys: list[str]) -> ParsedSource:
    papers = [PaperRecord("lbd", key, f"Paper {key}", None, None, 2000, None, (AuthorMention("A Gupta"),)) for key in keys]
    return ParsedSource(f"{scope}.txt", "test", records=[*papers, ClusterRecord("A Gupta", "lbd", tuple(keys), scope=scope)])


def test_a_list_of_another_scope_never_unlists_papers(store):
    store.import_parsed([list_of("train", ["p1", "p2"])])
    store.import_parsed([list_of("test", ["p3"])])
    contents = store.load_cluster(store.clusters()[0].id)
    assert [(p.source_key, p.warnings) for p in contents.papers] == [("p3", ()), ("p1", ()), ("p2", ())]
    store.import_parsed([list_of("train", ["p1"])])  # a newer list of the same scope drops p2
    contents = store.load_cluster(store.clusters()[0].id)
    assert {p.source_key: p.warnings for p in contents.papers}["p2"] == ("the newest import of this cluster no longer lists this paper",)
    assert {p.source_key: p.warnings for p in contents.papers}["p3"] == ()


def test_reimporting_an_export_takes_nothing_away(seeded, tmp_path, db_path):
    cluster = seeded.clusters()[0]
    seeded.create_person(cluster.id, [p.paper_id for p in seeded.load_cluster(cluster.id).papers[:2]])
    exported = tmp_path / "export.json"
    exported.write_text(seeded.export([cluster.id], "json")[""])
    before = table_contents(db_path, skip=("import_log",))
    (report,) = seeded.import_files([exported])
    assert report.papers_updated == 0 and report.papers_added == 0
    after = table_contents(db_path, skip=("import_log",))
    assert after["paper"] == before["paper"] and after["authorship"] == before["authorship"]


def test_a_cluster_naming_a_paper_not_in_the_file_is_a_source_error(store, db_path):
    record = ClusterRecord("Ann Lee", "test", ("nowhere",))
    before = table_contents(db_path)
    with pytest.raises(SourceError, match=r"bad.jsonl: cluster 'Ann Lee' lists papers the file does not give: \['nowhere'\]"):
        store.import_parsed([ParsedSource("bad.jsonl", "test", records=[record])])
    assert table_contents(db_path) == before


def names_source() -> ParsedSource:
    papers = [
        PaperRecord("lab", "p1", "One", None, None, 2001, None, (AuthorMention("Jürgen Müller"),)),
        PaperRecord("lab", "p2", "Two", None, None, 2002, None, (AuthorMention("Jurgen Muller"),)),
        PaperRecord("lab", "p3", "Three", None, None, 2003, None, (AuthorMention("JÜRGEN MÜLLER"),)),
    ]
    return ParsedSource("names.jsonl", "test", records=papers, clusters_from_names=True)


def test_diacritics_are_kept_unless_folding_is_asked_for(tmp_path):
    with Store(tmp_path / "kept.sqlite3") as store:
        store.import_parsed([names_source()])
        assert sorted((c.name, c.papers) for c in store.clusters()) == [("Jurgen Muller", 1), ("Jürgen Müller", 2)]
        (kept,) = [c for c in store.clusters() if c.papers == 2]
        assert store.load_cluster(kept.id).variants == [("JÜRGEN MÜLLER", 1), ("Jürgen Müller", 1)]
    with Store(tmp_path / "folded.sqlite3") as store:
        store.import_parsed([names_source()], ImportOptions(fold_diacritics=True))
        (folded,) = store.clusters()
        assert folded.papers == 3 and len(store.load_cluster(folded.id).variants) == 3


def test_the_cli_says_which_format_it_used(capsys, db_path):
    from gui.cli import main

    assert main(["--db", str(db_path), "import", str(SEED_PAGE)]) == 0
    assert "(Arrow author name cluster page)" in capsys.readouterr().out


def test_a_file_name_that_is_not_utf8_imports_and_prints(tmp_path, capsys):
    import os

    from conftest import SEED_PAGE
    from gui.cli import main

    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(odd, "wb") as handle:
        handle.write(SEED_PAGE.read_bytes())
    db = tmp_path / "db.sqlite3"
    assert main(["--db", str(db), "import", os.fsdecode(odd)]) == 0
    out = capsys.readouterr().out
    assert "caf\\xe9.txt" in out and "7 papers added" in out


def test_a_paper_given_twice_in_one_file_counts_once_and_is_said(store):
    twice = [
        PaperRecord("lab", "p1", "First version", None, None, 2001, None, (AuthorMention("Ann Lee"),)),
        PaperRecord("lab", "p1", "Second version", None, None, 2001, None, (AuthorMention("Ann Lee"),)),
    ]
    (report,) = store.import_parsed([ParsedSource("twice.jsonl", "test", records=twice, clusters_from_names=True)])
    assert report.papers_added == 1 and report.skipped == ["twice.jsonl: lab key p1 given twice: the last stands"]
    (cluster,) = store.clusters()
    assert [p.title for p in store.load_cluster(cluster.id).papers] == ["Second version"]


def a_paper(key: str, title: str, line: int) -> PaperRecord:
    return PaperRecord("lab", key, title, None, None, 2001, None, (AuthorMention("Ann Lee"),), line=line)


def two_files_giving_p1() -> list[ParsedSource]:
    first = [a_paper("p1", "As the record file gives it", 7), a_paper("p2", "Only here", 9)]
    second = [a_paper("p1", "As the works file gives it", 3)]
    return [
        ParsedSource(path, "test", records=records, clusters_from_names=True)
        for path, records in (("record.jsonl", first), ("works.jsonl", second))
    ]


def counts(report) -> tuple[int, int, int]:
    return report.papers_added, report.papers_updated, report.papers_unchanged


def test_a_paper_two_files_give_differently_is_said_and_a_reimport_finds_it_unchanged(store):
    """ORCID's record file and works file give one work differently: each overwrote the other on every
    import, and both reported it "updated" on every re-import of the unchanged folder, without a word."""
    first, second = store.import_parsed(two_files_giving_p1())
    assert (counts(first), counts(second)) == ((1, 0, 0), (1, 0, 0))  # p1 counted once, where it stands
    assert second.skipped == ["works.jsonl:3: lab key p1 is given differently by record.jsonl:7 before it: this last one stands"]
    for _ in range(2):
        first, second = store.import_parsed(two_files_giving_p1())
        assert (counts(first), counts(second)) == ((0, 0, 1), (0, 0, 1))
    (cluster,) = store.clusters()
    assert sorted(p.title for p in store.load_cluster(cluster.id).papers) == ["As the works file gives it", "Only here"]


def test_a_paper_given_again_in_a_later_batch_of_one_file_is_said_and_counted_once(store, monkeypatch):
    from models import importing

    monkeypatch.setattr(importing, "BATCH", 2)
    records = [a_paper("p1", "First", 1), a_paper("p2", "Other", 2), a_paper("p1", "Second", 3)]
    (report,) = store.import_parsed([ParsedSource("again.jsonl", "test", records=records, clusters_from_names=True)])
    assert counts(report) == (2, 0, 0)
    assert report.skipped == ["again.jsonl: lab key p1 given at lines 1 and 3: the last stands"]


def test_the_orcid_samples_imported_again_are_unchanged(store):
    folder = SHARED_DATA / "orcid"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    store.import_paths([folder])
    again = store.import_paths([folder]).reports
    assert [r.papers_added + r.papers_updated for r in again] == [0] * len(again)
    assert sum(r.papers_unchanged for r in again) == 5
