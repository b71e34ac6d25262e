"""S2AND data sets: blocks become clusters, true clusters become reference labels."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED_DATA, arrow_page, paper, table_contents
from models.errors import SourceError
from models.formats import s2and
from models.records import ClusterRecord, PaperRecord, ReferenceLabel
from models.sources import read_source
from models.store import Store


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is not beside the project")
    return path


def split(records) -> tuple[list[PaperRecord], list[ClusterRecord], list[ReferenceLabel]]:
    records = list(records)
    return (
        [r for r in records if isinstance(r, PaperRecord)],
        [r for r in records if isinstance(r, ClusterRecord)],
        [r for r in records if isinstance(r, ReferenceLabel)],
    )


def test_dummy_has_two_blocks_and_three_true_persons():
    parsed = read_source(shared("s2and", "dummy"))
    papers, clusters, labels = split(parsed.records)
    assert parsed.format == s2and.FORMAT and not parsed.clusters_from_names
    assert len(papers) == 7
    assert {c.name: len(c.paper_keys) for c in clusters} == {"a sattary": 3, "a konovalov": 4}
    assert len(labels) == 5 and len({l.person for l in labels}) == 3
    sattar = next(p for p in papers if p.source_key == "dummy:53235312")
    assert sattar.title == "Teach graphics using excel in place of a graphing calculator" and sattar.year == 2006
    assert [(a.name, a.affiliation) for a in sattar.authors] == [("Torben Lorenzen", None), ("Abdul Sattar", "Bridgewater State University")]
    assert "4 of 9 signatures have no true person" in parsed.warnings[0]
    assert "cluster_seeds.json" in parsed.skipped[0]


def test_qian_without_papers_json_still_imports_every_signature():
    parsed = read_source(shared("s2and", "qian"))
    papers, clusters, labels = split(parsed.records)
    assert (len(papers), len(clusters), len(labels)) == (6_542, 606, 6_542)
    assert len({l.person for l in labels}) == 1_188
    first = papers[0]
    assert (first.source_key, first.title, first.year) == ("qian:53235312", "[S2AND paper 53235312]", None)
    assert [(a.name, a.affiliation) for a in first.authors] == [("Abdul Sattar", "Bridgewater State University")]
    assert any("no papers.json" in w and "6,542 papers" in w for w in parsed.warnings)


def test_a_file_of_the_data_set_reads_the_whole_folder():
    folder = shared("s2and", "dummy")
    for name in ("signatures.json", "papers.json", "clusters.json", "cluster_seeds.json"):
        parsed = read_source(folder / name)
        assert parsed.format == s2and.FORMAT and parsed.path == str(folder)
        assert len(split(parsed.records)[0]) == 7


def test_both_data_sets_import_and_again_change_nothing(tmp_path):
    dummy, qian = shared("s2and", "dummy"), shared("s2and", "qian")
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        reports = store.import_files([dummy, qian])
        assert [(r.format, r.papers_added, r.reference_labels) for r in reports] == [
            (s2and.FORMAT, 7, 5), (s2and.FORMAT, 6_542, 6_542),
        ]
        # Clusters are names across the store: the block "a konovalov" is in both data sets.
        clusters = {c.name: c for c in store.clusters()}
        assert len(clusters) == 607 and clusters["a konovalov"].papers > 4
        before = table_contents(database, skip=("import_log",))
        store.import_files([dummy, qian])
        assert table_contents(database, skip=("import_log",)) == before
    with sqlite3.connect(database) as connection:
        persons = connection.execute("SELECT count(DISTINCT person) FROM reference_label WHERE source = 's2and'").fetchone()
    assert persons == (1_188,)  # dummy's person ids "1".."3" are among qian's


def write_set(folder: Path, signatures: dict, papers: dict | None = None, clusters: dict | None = None, prefix: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{prefix}signatures.json").write_text(json.dumps(signatures))
    if papers is not None:
        (folder / f"{prefix}papers.json").write_text(json.dumps(papers))
    if clusters is not None:
        (folder / f"{prefix}clusters.json").write_text(json.dumps(clusters))
    return folder


def signature(paper_id: int, block: str, first: str, last: str, position: int = 0) -> dict:
    info = {"first": first, "middle": None, "last": last, "suffix": None, "position": position, "block": block, "affiliations": []}
    return {"paper_id": paper_id, "author_info": info}


def test_prefixed_files_name_the_data_set_and_conflicting_truth_is_reported(tmp_path):
    signatures = {"s1": signature(10, "b chen", "Bo", "Chen"), "s2": signature(10, "b chen", "Bai", "Chen", 1)}
    truth = {"p1": {"signature_ids": ["s1"]}, "p2": {"signature_ids": ["s2", "s9"]}}
    folder = write_set(tmp_path / "x", signatures, clusters=truth, prefix="medline_")
    parsed = read_source(folder)
    papers, clusters, labels = split(parsed.records)
    assert [p.source_key for p in papers] == ["medline:10"]
    assert [a.name for a in papers[0].authors] == ["Bo Chen", "Bai Chen"]
    assert [(l.cluster_name, l.person) for l in labels] == [("b chen", "p1")]
    assert any("signatures of two true persons" in w for w in parsed.warnings)
    assert any("names signature s9, which is not in the file" in w for w in parsed.warnings)


def test_a_signature_without_its_block_is_refused(tmp_path):
    bad = signature(1, "", "Bo", "Chen")
    folder = write_set(tmp_path / "bad", {"s1": bad})
    with pytest.raises(SourceError, match="signature s1 .record 1. lacks paper_id, author_info or its block"):
        list(read_source(folder).records)


def test_a_year_that_is_no_year_is_refused_naming_the_paper(tmp_path):
    """As a signature's position of the wrong shape is: the reader takes a data set whole or not at all."""
    signatures = {"s1": signature(10, "b chen", "Bo", "Chen"), "s2": signature(11, "b chen", "Bo", "Chen")}
    papers = {
        "10": {"title": "A", "year": None, "authors": [{"position": 0, "author_name": "Bo Chen"}]},
        "11": {"title": "B", "year": "nineteen", "authors": [{"position": 0, "author_name": "Bo Chen"}]},
    }
    folder = write_set(tmp_path / "x", signatures, papers)
    with pytest.raises(SourceError, match=r"papers\.json: paper 11: year 'nineteen' is not a year"):
        list(read_source(folder).records)
    papers["11"]["year"] = 20211  # was stored as is
    write_set(folder, signatures, papers)
    with pytest.raises(SourceError, match=r"papers\.json: paper 11: year '20211' is not a year \(four digits, 1000 to 2100\)"):
        list(read_source(folder).records)
    papers["11"]["year"] = "1999"
    write_set(folder, signatures, papers)
    assert [p.year for p in split(read_source(folder).records)[0]] == [None, 1999]  # a missing year is no wrong one


def test_our_own_s2and_export_reads_back(tmp_path):
    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee", "Bo Chen"]), paper("B", ["Ann Lee"]), paper("C", ["Ann Lee"])]))
    with Store(tmp_path / "review.sqlite3", reviewer="t") as store:
        store.import_files([page])
        cluster = store.clusters()[0]
        ids = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        store.create_person(cluster.id, ids[:2])
        store.create_person(cluster.id, ids[2:])
        files = store.export([cluster.id], "s2and")
    folder = tmp_path / "gold"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    papers, clusters, labels = split(read_source(folder).records)
    assert sorted(p.title for p in papers) == ["A", "B", "C"]
    assert [c.name for c in clusters] == ["a lee"]
    assert Counter(l.person for l in labels).most_common() == [(labels[0].person, 2), (labels[2].person, 1)]


def exported_positions(store: Store, cluster_name: str) -> dict[str, int | None]:
    export = store.export_cluster(store.find_cluster(cluster_name).id)
    papers = [paper for person in export["people"] for paper in person["papers"]] + export["undecided"]
    return {paper["source_key"]: paper["author_position"] for paper in papers}


def test_author_position_is_the_place_the_signature_gives(tmp_path):
    # S2AND's author_info.position is 0-based; the export's author_position counts from 1.
    # qian has no papers.json: its papers list only their signature's author, who is often not the first;
    # dummy's block "a sattary" does not spell "Abdul Sattar", but each signature says where he stands.
    qian, dummy = shared("s2and", "qian"), shared("s2and", "dummy")
    signatures = json.loads((qian / "signatures.json").read_text()).values()
    places = {f"qian:{s['paper_id']}": s["author_info"]["position"] + 1 for s in signatures if s["author_info"]["block"] == "a sattar"}
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        store.import_files([qian, dummy])
        assert exported_positions(store, "a sattar") == places and places["qian:53235312"] == 2
        assert exported_positions(store, "a sattary") == {"dummy:53235312": 2, "dummy:27077319": 2, "dummy:19901392": 2}
        cluster = store.find_cluster("a sattar")
        store.create_person(cluster.id, [p.paper_id for p in store.load_cluster(cluster.id).papers])
        gold = json.loads(store.export([cluster.id], "s2and")["signatures.json"]).values()
    # The gold labels written back keep each signature's place and its author's name.
    assert sorted(s["author_info"]["position"] + 1 for s in gold) == sorted(places.values())
    assert {s["author_info"]["last"] for s in gold} == {"Sattar"}


def test_gold_signatures_of_a_partly_held_author_list_name_their_own_authors(tmp_path):
    # Without papers.json the paper lists only its signatures' authors: Bo Chen at place 1, Ann Lee at
    # place 3. The list we hold has two names, so a place is no index into it (place 1 is Ann Lee there).
    signatures = {"s1": signature(10, "b chen", "Bo", "Chen", 1), "s2": signature(10, "a lee", "Ann", "Lee", 3)}
    folder = write_set(tmp_path / "set", signatures, clusters={"p1": {"signature_ids": ["s1"]}, "p2": {"signature_ids": ["s2"]}})
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        store.import_files([folder])
        gold = {}
        for block in ("b chen", "a lee"):
            cluster = store.find_cluster(block)
            store.create_person(cluster.id, [p.paper_id for p in store.load_cluster(cluster.id).papers])
            gold[block] = list(json.loads(store.export([cluster.id], "s2and")["signatures.json"]).values())
    named = {block: [(s["author_info"]["first"], s["author_info"]["last"], s["author_info"]["position"]) for s in found] for block, found in gold.items()}
    assert named == {"b chen": [("Bo", "Chen", 1)], "a lee": [("Ann", "Lee", 3)]}


@pytest.mark.parametrize("second_cluster", [["999"], ["0"]], ids=["a signature not in the file", "a signature named twice"])
def test_signatures_without_a_true_person_are_counted_once_each(tmp_path, second_cluster):
    dummy = shared("s2and", "dummy")
    truth = json.loads((dummy / "clusters.json").read_text())
    truth["4"] = {"cluster_id": "4", "signature_ids": second_cluster, "model_version": -1}
    signatures = json.loads((dummy / "signatures.json").read_text())
    folder = write_set(tmp_path / "dummy", signatures, json.loads((dummy / "papers.json").read_text()), truth)
    parsed = read_source(folder)
    split(parsed.records)
    assert any("4 of 9 signatures have no true person" in warning for warning in parsed.warnings)
