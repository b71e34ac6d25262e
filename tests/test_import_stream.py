"""The batch writer on streamed records: any size, one transaction, labels kept apart."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import table_contents
from models.errors import SourceError
from models.importing import BATCH
from models.records import AuthorMention, AuthorRowRecord, ClusterRecord, PaperRecord, ParsedSource, ReferenceLabel

PAPERS = BATCH * 2 + 321  # three batches, the last one partial


def stream(fail_at: int | None = None):
    yield AuthorRowRecord("test", "ann-1", "Ann Lee", variants=("A. Lee",), orcid="0000-0002-1825-0097")
    for number in range(PAPERS):
        if number == fail_at:
            raise SourceError("big.jsonl", number + 2, "broken record")
        row = "ann-1" if number % 2 else "ann-2"
        yield PaperRecord(
            "test", f"p{number}", f"Paper {number}", "Venue", "article", 2000 + number % 20, None,
            (AuthorMention("Ann Lee", row), AuthorMention("Bo Chen", None, role="editor")),
            ids=(("doi", f"10.1/{number}"),),
        )
    yield ClusterRecord("Ann Lee", "test", tuple(f"p{n}" for n in range(PAPERS)))
    for number in range(PAPERS):
        yield ReferenceLabel("Ann Lee", "test", f"p{number}", "one" if number % 2 else "two")


def source(fail_at: int | None = None) -> ParsedSource:
    return ParsedSource("big.jsonl", "test records", records=stream(fail_at))


def test_many_batches_import_whole(store, db_path):
    (report,) = store.import_parsed([source()])
    assert (report.papers_added, report.reference_labels, report.author_rows_added) == (PAPERS, PAPERS, 2)
    (cluster,) = store.clusters()
    assert cluster.papers == PAPERS
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM authorship WHERE role = 'editor'").fetchone() == (PAPERS,)
        assert connection.execute("SELECT orcid, variants FROM author_row WHERE source_key = 'ann-1'").fetchone() == (
            "0000-0002-1825-0097", '["A. Lee"]',
        )
        assert connection.execute("SELECT name FROM author_row WHERE source_key = 'ann-2'").fetchone() == ("Ann Lee",)
        labels = dict(connection.execute("SELECT person, count(*) FROM reference_label GROUP BY person"))
    assert labels == {"one": PAPERS // 2, "two": PAPERS - PAPERS // 2}
    assert store.load_cluster(cluster.id).decisions == {}  # labels are never decisions


def test_reimport_of_a_stream_changes_nothing(store, db_path):
    store.import_parsed([source()])
    before = table_contents(db_path, skip=("import_log",))
    (report,) = store.import_parsed([source()])
    assert (report.papers_added, report.papers_updated, report.papers_unchanged) == (0, 0, PAPERS)
    assert table_contents(db_path, skip=("import_log",)) == before


def test_a_reader_failing_after_batches_were_written_leaves_nothing(seeded, db_path):
    before = table_contents(db_path)
    with pytest.raises(SourceError, match=f"big.jsonl:{BATCH * 2 + 102}: broken record"):
        seeded.import_parsed([source(fail_at=BATCH * 2 + 100)])
    assert table_contents(db_path) == before
