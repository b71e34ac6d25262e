"""OpenAlex: works and authors from API responses and snapshot JSON Lines; the rest skipped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import SHARED_DATA, table_contents
from models.errors import SourceError
from models.formats import openalex
from models.records import AuthorRowRecord, PaperRecord
from models.sources import read_source
from models.store import Store


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is not beside the project")
    return path


def work(number: int, authors: list[tuple[str, str]], **extra) -> dict:
    return {
        "id": f"https://openalex.org/W{number}",
        "doi": f"https://doi.org/10.1000/{number}",
        "title": f"Work {number}",
        "publication_year": 2020,
        "type": "article",
        "authorships": [
            {"author": {"id": f"https://openalex.org/{key}", "display_name": name}, "institutions": [], "raw_author_name": name}
            for key, name in authors
        ],
        **extra,
    }


def test_the_example_work_gives_its_author_rows_then_the_paper():
    parsed = read_source(shared("openalex", "workJsonResponse.json"))
    records = list(parsed.records)
    assert parsed.format == openalex.FORMAT and parsed.clusters_from_names
    rows, paper = records[:-1], records[-1]
    assert len(rows) == 9 and all(isinstance(r, AuthorRowRecord) for r in rows)
    assert isinstance(paper, PaperRecord)
    assert (paper.source, paper.source_key, paper.year, paper.venue, paper.pub_type) == ("openalex", "W2741809807", 2018, "PeerJ", "article")
    assert paper.title.startswith("The state of OA")
    assert paper.ids[:2] == (("openalex", "W2741809807"), ("doi", "10.7717/peerj.4375"))
    assert ("pmid", "29456894") in paper.ids
    first = paper.authors[0]
    assert (first.name, first.author_row_key, first.affiliation) == ("Heather Piwowar", "A1969205032", "Our Research")
    assert rows[0] == AuthorRowRecord(
        "openalex", "A1969205032", "Heather A. Piwowar", urls=("https://openalex.org/A1969205032",),
        affiliations=("Our Research",), orcid="0000-0003-1613-5981",
    )
    # The example's inverted index is cut short: the gaps show.
    assert paper.abstract == "Despite growing interest in … in … in … in … in"


def test_an_author_object_is_an_author_row():
    (row,) = read_source(shared("openalex", "authorJsonResponse.json")).records
    assert (row.source_key, row.name, row.orcid, row.affiliations) == (
        "A1969205032", "Heather A. Piwowar", "0000-0003-1613-5981", ("Our Research",),
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [("institutionJsonResponse.json", "an institution"), ("venueJsonResponse.json", "a venue"), ("conceptJsonResponse.json", "a concept")],
)
def test_other_entities_are_skipped_with_the_reason(name, what):
    parsed = read_source(shared("openalex", name))
    assert list(parsed.records) == []
    (reason,) = parsed.skipped
    assert f"is {what}: Namesake imports works (papers) and authors (author rows)" in reason and name in reason


def test_a_page_of_results(tmp_path):
    page = {"meta": {"count": 2}, "results": [work(1, [("A1", "Ann Lee")]), work(2, [("A1", "Ann Lee"), ("A2", "Bo Chen")])]}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page))
    records = list(read_source(path).records)
    assert [type(r).__name__ for r in records] == ["AuthorRowRecord", "PaperRecord", "AuthorRowRecord", "AuthorRowRecord", "PaperRecord"]
    assert records[-1].links == ("https://openalex.org/W2", "https://doi.org/10.1000/2")


def test_snapshot_json_lines_stream_and_errors_name_the_line(tmp_path):
    path = tmp_path / "part_000"
    lines = [json.dumps(work(n, [("A1", "Ann Lee")])) for n in range(1, 4)]
    path.write_text("\n".join(lines) + "\n")
    parsed = read_source(path)
    assert parsed.format == openalex.LINES_FORMAT
    assert [r.source_key for r in parsed.records if isinstance(r, PaperRecord)] == ["W1", "W2", "W3"]
    path.write_text("\n".join([lines[0], lines[1][:40], lines[2]]) + "\n")
    with pytest.raises(SourceError, match=r"part_000:2: not valid JSON"):
        list(read_source(path).records)


def test_a_bad_orcid_is_left_out_with_a_note(tmp_path):
    item = work(5, [("A9", "Ann Lee")])
    item["authorships"][0]["author"]["orcid"] = "https://orcid.org/0000-0002-1825-0098"
    path = tmp_path / "w.json"
    path.write_text(json.dumps(item))
    parsed = read_source(path)
    row = next(iter(parsed.records))
    assert row.orcid is None and "check digit" in parsed.warnings[0]


@pytest.mark.parametrize("written", ["2O21", 20211, "20211", 999])
def test_a_year_that_is_no_year_is_refused_naming_the_work(tmp_path, written):
    """"2O21" was left empty without a word and 20211 stored as is; a field OpenAlex types is refused
    when it does not fit, as a title that is a list is."""
    path = tmp_path / "w.json"
    path.write_text(json.dumps(work(7, [("A1", "Ann Lee")], publication_year=written)))
    with pytest.raises(SourceError, match=rf"w\.json:1: W7: year '{written}' is not a year \(four digits, 1000 to 2100\)"):
        list(read_source(path).records)


@pytest.mark.parametrize(("year", "date", "read"), [(2021, None, 2021), (None, "2019-05-01", 2019), (0, "2019-05-01", 2019), (None, None, None)])
def test_a_year_or_else_the_date_gives_the_year(tmp_path, year, date, read):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(work(7, [("A1", "Ann Lee")], publication_year=year, publication_date=date)))
    (paper,) = [r for r in read_source(path).records if isinstance(r, PaperRecord)]
    assert paper.year == read


def test_every_example_imports_and_again_changes_nothing(tmp_path):
    files = sorted(shared("openalex").glob("*.json"))
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        reports = store.import_files(files)
        assert sum(r.papers_added for r in reports) == 1
        assert sum(r.author_rows_added for r in reports) == 9  # the author object's row is one of the work's
        assert sum(len(r.skipped) for r in reports) == 3
        before = table_contents(database, skip=("import_log",))
        store.import_files(files)
        assert table_contents(database, skip=("import_log",)) == before
    with sqlite3.connect(database) as connection:
        ids = json.loads(connection.execute("SELECT ids FROM paper").fetchone()[0])
    assert ["doi", "10.7717/peerj.4375"] in ids
