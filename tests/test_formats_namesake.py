"""Namesake's own input (JSON and JSON Lines, checked against its schema) and export, read back."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from conftest import arrow_page, paper, table_contents
from models.errors import SourceError
from models.formats import namesake_export, namesake_json
from models.records import AuthorMention, AuthorRowRecord, ClusterRecord, PaperRecord, ReferenceLabel
from models.schema import Verdict
from models.sources import read_source
from models.store import Store

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "namesake-input-example.json"
EXAMPLE_LINES = DATA / "namesake-input-example.jsonl"
SCHEMA = json.loads((resources.files("resources") / "schemas" / "namesake-input.schema.json").read_text(encoding="utf-8"))


def records_of(path: Path) -> list:
    return list(read_source(path).records)


def test_the_document_example_gives_rows_papers_cluster_labels():
    parsed = read_source(EXAMPLE)
    records = list(parsed.records)
    assert parsed.format == namesake_json.FORMAT and parsed.clusters_from_names is False
    assert [type(r).__name__ for r in records] == ["AuthorRowRecord"] + ["PaperRecord"] * 3 + ["ClusterRecord"] + ["ReferenceLabel"] * 3
    row, first = records[0], records[1]
    assert row == AuthorRowRecord(
        "example-lab", "r1", "Ann Lee", ("A. Lee",), ("https://example.org/ann",), ("Example University",), "0000-0002-1825-0097"
    )
    assert first.authors == (AuthorMention("Bo Chen"), AuthorMention("Ann Lee", "r1", "author", "Example University"))
    assert first.ids == (("doi", "10.1000/1"),) and first.pub_type == "article"
    assert records[2].authors[1] == AuthorMention("Cy Diaz", role="editor")
    assert records[4] == ClusterRecord("Ann Lee", "example-lab", ("p1", "p2", "p3"), 3, 1)
    assert records[-1] == ReferenceLabel("Ann Lee", "example-lab", "p3", "ann-2")
    assert parsed.warnings == []


def test_the_lines_example_gives_the_same_papers_and_labels():
    parsed = read_source(EXAMPLE_LINES)
    lines = list(parsed.records)
    document = records_of(EXAMPLE)
    assert parsed.format == namesake_json.LINES_FORMAT and parsed.clusters_from_names is False
    assert [p.source_key for p in lines if isinstance(p, PaperRecord)] == ["p1", "p2", "p3"]
    assert [r for r in lines if isinstance(r, ReferenceLabel)] == [r for r in document if isinstance(r, ReferenceLabel)]


def against(definition: str) -> dict:
    """The schema narrowed to one of its definitions."""
    return {"$schema": SCHEMA["$schema"], "$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}


def test_the_examples_fit_the_schema_by_jsonschema_too():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(EXAMPLE.read_text()), SCHEMA)
    for line in EXAMPLE_LINES.read_text().splitlines():
        item = json.loads(line)
        jsonschema.validate(item, SCHEMA)
        jsonschema.validate(item, against({"author_row": "authorRow"}.get(item["type"], item["type"])))


@pytest.mark.parametrize(
    "paper_record",
    [
        {"key": "p", "title": "T", "authors": []},
        {"key": "p", "title": "T", "authors": ["", {"name": "A"}]},
        {"key": "p", "title": "T", "authors": [{"name": "A", "role": "chair"}]},
        {"key": "p", "title": "T", "authors": [], "year": True},
        {"key": "p", "title": "T", "authors": [], "year": 20211},
        {"key": "p", "title": "T", "authors": [], "ids": {"doi": 5}},
        {"key": "", "title": "T", "authors": []},
        {"key": "p", "authors": []},
    ],
)
def test_our_checker_agrees_with_jsonschema(paper_record):
    jsonschema = pytest.importorskip("jsonschema")
    from models.formats.schema_check import problem

    valid = jsonschema.Draft202012Validator(against("paper")).is_valid(paper_record)
    assert (problem(paper_record, "paper") is None) == valid


def write_lines(tmp_path: Path, *items: dict | str) -> Path:
    path = tmp_path / "input.jsonl"
    path.write_text("\n".join(i if isinstance(i, str) else json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return path


HEADER = {"type": "header", "format": "namesake-input", "version": 1, "source": "lab"}
PAPER = {"type": "paper", "key": "p1", "title": "T", "authors": ["Ann Lee"]}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"type": "paper", "key": "p2", "authors": []}, r"input\.jsonl:3: paper record: 'title' is missing"),
        ({"type": "paper", "key": "p2", "title": "T", "authors": [], "year": "2004"}, r":3: paper record: year should be integer or null, not a string"),
        ({"type": "paper", "key": "p2", "title": "T", "authors": [], "year": 20211}, r":3: paper record: year should be at most 2100, not 20211"),
        ({"type": "paper", "key": "p2", "title": "T", "authors": [], "year": 999}, r":3: paper record: year should be at least 1000, not 999"),
        ({"type": "paper", "key": "p2", "title": "T", "authors": [{"name": "A", "role": "chair"}]}, r":3: .*authors\[0\]\.role should be one of 'author', 'editor', not 'chair'"),
        ({"type": "paper", "key": "p2", "title": "T", "authors": [], "colour": "red"}, r":3: paper record: unknown field 'colour'"),
        ({"type": "paper", "key": "p1", "title": "T", "authors": []}, r":3: paper record: the paper key 'p1' of source 'lab' is given a second time"),
        ({"type": "cluster", "name": "Ann Lee", "papers": ["p1", "p9"]}, r":3: cluster record: cluster 'Ann Lee' lists papers not given before it in this file: \['p9'\]"),
        ({"type": "label", "cluster": "Ann Lee", "paper": "p1", "person": "x"}, r":3: label record: label names the cluster 'Ann Lee', not given before it"),
        ({"type": "author_row", "key": "r", "name": "Ann Lee", "orcid": "0000-0002-1825-0098"}, r":3: author_row record: .*check digit"),
        ({"type": "person", "name": "x"}, r":3: expected an object whose 'type' is one of"),
        ('{"type": "paper", "key": ', r"input\.jsonl:3: not valid JSON"),
        # A line cut short in a string was "Invalid control character at (column 37)": its line end, read in the string
        ('{"type": "paper", "key": "p2", "title": "Cut sh', r":3: not valid JSON: the line ends inside a string \(cut short\?\) \(column 48\)"),
        (HEADER, r":3: a header must be the first line"),
    ],
)
def test_a_bad_line_is_refused_naming_its_line_and_problem(tmp_path, bad, message):
    path = write_lines(tmp_path, HEADER, PAPER, bad)
    with pytest.raises(SourceError, match=message):
        list(read_source(path).records)


def test_a_last_line_cut_short_in_a_string_says_so(tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_text(json.dumps(HEADER) + "\n" + '{"type": "paper", "key": "p1", "title": "Cut sh', encoding="utf-8")
    with pytest.raises(SourceError, match=r":2: not valid JSON: the text ends inside a string that starts at column 41 \(cut short\?\)"):
        list(read_source(path).records)


def test_the_schema_gives_the_years_every_reader_reads():
    """The schema states the years Namesake JSON takes; they must be the other readers' (`year_of`)."""
    from models.formats.common import FIRST_YEAR, LAST_YEAR

    rule = json.loads((resources.files("resources") / "schemas" / "namesake-input.schema.json").read_text())["$defs"]["paper"]["properties"]["year"]
    assert (rule["minimum"], rule["maximum"]) == (FIRST_YEAR, LAST_YEAR)


def test_a_record_without_any_source_is_refused(tmp_path):
    path = write_lines(tmp_path, PAPER)
    with pytest.raises(SourceError, match=r"input\.jsonl:1: paper record: no 'source'"):
        list(read_source(path).records)


def test_lines_without_clusters_take_clusters_from_names(tmp_path):
    parsed = read_source(write_lines(tmp_path, HEADER, PAPER, {**PAPER, "key": "p2", "source": "other"}))
    papers = list(parsed.records)
    assert parsed.clusters_from_names is True
    assert [(p.source, p.source_key) for p in papers] == [("lab", "p1"), ("other", "p2")]


def test_a_bad_document_record_names_its_section_and_index(tmp_path):
    document = json.loads(EXAMPLE.read_text())
    document["papers"][1]["year"] = "soon"
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    with pytest.raises(SourceError, match=r"doc\.json: papers\[1\] \(\"p2\"\): year should be integer or null, not a string"):
        records_of(path)


def test_a_document_without_its_source_is_refused(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"format": "namesake-input", "version": 1, "papers": []}))
    with pytest.raises(SourceError, match=r"doc\.json: the document: 'source' is missing"):
        read_source(path)


def test_a_declared_count_that_differs_is_a_warning(tmp_path):
    document = json.loads(EXAMPLE.read_text())
    document["clusters"][0]["declared_papers"] = 5
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    parsed = read_source(path)
    list(parsed.records)
    assert parsed.warnings == [f"{path}: clusters[0] (\"Ann Lee\"): cluster 'Ann Lee' declares 5 papers but lists 3"]


def test_both_forms_import_into_the_store_idempotently(tmp_path):
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        (report,) = store.import_files([EXAMPLE])
        assert (report.papers_added, report.author_rows_added, report.reference_labels) == (3, 1, 3)
        before = table_contents(database, skip=("import_log",))
        (again,) = store.import_files([EXAMPLE_LINES])
        assert again.papers_added == 0
        (cluster,) = store.clusters()
        assert (cluster.name, cluster.papers, cluster.declared_papers) == ("Ann Lee", 3, 3)
        store.import_files([EXAMPLE])
        assert table_contents(database, skip=("import_log",)) == before


def test_many_lines_stream(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(HEADER) + "\n")
        for n in range(5_000):
            out.write(json.dumps({"type": "paper", "key": f"p{n}", "title": f"T{n}", "authors": ["Ann Lee", "Bo Chen"]}) + "\n")
        out.write(json.dumps({"type": "cluster", "name": "Ann Lee", "papers": [f"p{n}" for n in range(5_000)]}) + "\n")
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        (report,) = store.import_files([path])
        assert report.papers_added == 5_000 and store.clusters()[0].papers == 5_000


# The export, read back ---------------------------------------------------------


@pytest.fixture
def exported(tmp_path) -> Path:
    """An Arrow cluster reviewed (two people, one rejected, one undecided) and exported as JSON."""
    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [paper(t, ["Ann Lee", "Bo Chen"]) for t in ("A", "B", "C", "D", "E")]))
    with Store(tmp_path / "review.sqlite3", reviewer="rev") as store:
        store.import_files([page])
        cluster = store.clusters()[0]
        ids = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        store.create_person(cluster.id, ids[:2])
        store.create_person(cluster.id, ids[2:3])
        store.decide(cluster.id, ids[3:4], Verdict.REJECTED)
        (text,) = store.export([cluster.id], "json").values()
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_export_reads_back_as_papers_cluster_and_labels(exported):
    parsed = read_source(exported)
    records = list(parsed.records)
    assert parsed.format == namesake_export.FORMAT
    papers = [r for r in records if isinstance(r, PaperRecord)]
    (cluster,) = [r for r in records if isinstance(r, ClusterRecord)]
    labels = [r for r in records if isinstance(r, ReferenceLabel)]
    assert sorted(p.title for p in papers) == ["A", "B", "C", "D", "E"]
    assert all(p.source == "arrow" for p in papers) and papers[0].authors == (AuthorMention("Ann Lee"), AuthorMention("Bo Chen"))
    assert (cluster.name, cluster.source, len(cluster.paper_keys), cluster.declared_papers) == ("Ann Lee", "arrow", 5, 5)
    assert len(labels) == 3 and len({l.person for l in labels}) == 2  # rejected and undecided papers get no label


def test_an_export_imports_into_a_fresh_store(exported, tmp_path):
    database = tmp_path / "fresh.sqlite3"
    with Store(database, reviewer="t") as store:
        (report,) = store.import_files([exported])
        assert (report.papers_added, report.reference_labels) == (5, 3)
        (cluster,) = store.clusters()
        assert (cluster.name, cluster.papers) == ("Ann Lee", 5)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM decision").fetchone() == (0,)


def test_a_collection_export_reads_every_cluster(exported, tmp_path):
    single = json.loads(exported.read_text())
    other = json.loads(exported.read_text())
    other["cluster"]["name"] = "Bo Chen"
    path = tmp_path / "collection.json"
    path.write_text(json.dumps({"format": "namesake-export", "version": 1, "exported_at": single["exported_at"], "clusters": [single, other]}))
    records = records_of(path)
    assert [c.name for c in records if isinstance(c, ClusterRecord)] == ["Ann Lee", "Bo Chen"]
    assert sum(isinstance(r, PaperRecord) for r in records) == 5  # each paper once
