"""Round trips of every export format on a real, split Arnetminer cluster."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from conftest import SHARED_DATA
from models.names import display_name
from models.store import Store
from test_export import validate

LEI_WANG = SHARED_DATA / "arnetminer" / "Lei Wang.xml"
pytestmark = pytest.mark.skipif(not LEI_WANG.exists(), reason="../shared/data is not here")


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    """Lei Wang split into one person per true label, as a reviewer would do by hand."""
    path = tmp_path_factory.mktemp("roundtrip") / "review.sqlite3"
    store = Store(path, reviewer="curator")
    store.import_files([LEI_WANG])
    cluster = store.find_cluster("Lei Wang")
    contents = store.load_cluster(cluster.id)
    with sqlite3.connect(path) as connection:
        labels = dict(connection.execute("SELECT paper_id, person FROM reference_label WHERE cluster_id = ?", (cluster.id,)))
    by_label: dict[str, list[int]] = defaultdict(list)
    for paper in contents.papers:
        by_label[labels[paper.paper_id]].append(paper.paper_id)
    for paper_ids in sorted(by_label.values(), key=lambda ids: (-len(ids), ids)):
        store.create_person(cluster.id, paper_ids)
    yield store, cluster
    store.close()


def truth(store: Store, cluster) -> set[frozenset[str]]:
    """The split as sets of source keys, one set per person."""
    contents = store.load_cluster(cluster.id)
    keys = {paper.paper_id: paper.source_key for paper in contents.papers}
    people: dict[int, set[str]] = defaultdict(set)
    for paper_id, state in contents.decisions.items():
        people[state.person_id].add(keys[paper_id])
    return {frozenset(group) for group in people.values()}


def test_the_split_is_a_real_one(split):
    store, cluster = split
    groups = truth(store, cluster)
    assert len(groups) > 20 and sum(map(len, groups)) == 308
    assert store.cluster(cluster.id).status.value == "done"


def test_json_round_trip_through_a_fresh_database(split, tmp_path):
    store, cluster = split
    document = json.loads(store.export([cluster.id], "json")[""])
    validate(document)
    assert {frozenset(p["source_key"] for p in person["papers"]) for person in document["people"]} == truth(store, cluster)
    exported = tmp_path / "lei-wang.json"
    exported.write_text(json.dumps(document))
    with Store(tmp_path / "fresh.sqlite3") as fresh:
        (report,) = fresh.import_files([exported])
        assert report.papers_added == 308
        (copy,) = fresh.clusters()
        with sqlite3.connect(tmp_path / "fresh.sqlite3") as connection:
            rows = connection.execute(
                "SELECT p.source_key, l.person FROM reference_label l JOIN paper p ON p.id = l.paper_id"
            ).fetchall()
    groups: dict[str, set[str]] = defaultdict(set)
    for key, person in rows:
        groups[person].add(key)
    assert {frozenset(g) for g in groups.values()} == truth(store, cluster)
    assert copy.name == "Lei Wang"


def test_csv_round_trip(split):
    store, cluster = split
    rows = list(csv.DictReader(io.StringIO(store.export([cluster.id], "csv")[""])))
    groups: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        groups[row["person_id"]].add(row["source_key"])
    assert {frozenset(g) for g in groups.values()} == truth(store, cluster)
    assert len(rows) == 308


def test_bibtex_round_trip(split):
    store, cluster = split
    text = store.export([cluster.id], "bibtex")[""]
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert not library.failed_blocks
    contents = store.load_cluster(cluster.id)
    expected = sorted((p.title, tuple(display_name(a) for a in p.authors), str(p.year)) for p in contents.papers)
    got = sorted(
        (e.fields_dict["title"].value, tuple(e.fields_dict["author"].value), e.fields_dict["year"].value) for e in library.entries
    )
    assert got == expected
    assert text.count("% Person: ") == len(truth(store, cluster))


def test_s2and_round_trip(split, tmp_path):
    store, cluster = split
    files = store.export([cluster.id], "s2and")
    clusters = json.loads(files["clusters.json"])
    signatures = json.loads(files["signatures.json"])
    papers = json.loads(files["papers.json"])
    groups = {
        frozenset(papers[str(signatures[s]["paper_id"])]["source_key"].split(":", 1)[1] for s in c["signature_ids"])
        for c in clusters.values()
    }
    assert groups == truth(store, cluster)
    blocks = {signature["author_info"]["block"] for signature in signatures.values()}
    assert blocks == {"l wang"}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with Store(tmp_path / "s2and.sqlite3") as fresh:  # and S2AND's shape reads back as a data set
        (report,) = fresh.import_files([tmp_path])
        assert report.papers_added == 308 and report.reference_labels == 308


def test_whoiswho_round_trip(split):
    store, cluster = split
    labels = json.loads(store.export([cluster.id], "whoiswho")[""])
    assert list(labels) == ["lei_wang"]
    assert {frozenset(ids) for ids in labels["lei_wang"].values()} == truth(store, cluster)
