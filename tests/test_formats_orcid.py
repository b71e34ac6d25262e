"""ORCID API 3.0 XML: the person as an author row, works as papers, the rest counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED_DATA
from models.errors import SourceError
from models.formats import orcid_xml
from models.records import AuthorMention, AuthorRowRecord, PaperRecord
from models.sources import read_source
from models.store import Store


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is not beside the project")
    return path


def test_a_full_record_gives_the_person_then_the_work():
    parsed = read_source(shared("orcid", "record-3.0.xml"))
    row, work = parsed.records
    assert parsed.format == orcid_xml.FORMAT and parsed.clusters_from_names
    assert row == AuthorRowRecord(
        "orcid", "8888-8888-8888-8880", "credit-name", variants=("give-names family-name", "other-name-1"),
        urls=("http://url.com/",), affiliations=("employment-org",), orcid="8888-8888-8888-8880",
    )
    assert isinstance(work, PaperRecord) and work.source_key == "8888-8888-8888-8880/work/0"
    assert work.authors == (AuthorMention("credit-name", "8888-8888-8888-8880"),)
    assert "1 employment (read as affiliations), 1 funding, " in parsed.skipped[0] and "not works" in parsed.skipped[0]


def test_a_works_list_names_its_owner_from_the_owners_own_entries():
    papers = list(read_source(shared("orcid", "works-3.0.xml")).records)
    assert [p.source_key for p in papers] == [f"8888-8888-8888-8880/work/{n}" for n in (3356, 3357, 3358)]
    assert papers[0].authors == (AuthorMention("User One Credit name", "8888-8888-8888-8880"),)
    assert (papers[0].title, papers[0].year, papers[0].pub_type) == ("Work # 0", 2017, "conference-paper")
    assert ("doi", "123456") in papers[0].ids


def test_a_single_work_lists_its_contributors():
    (paper,) = read_source(shared("orcid", "work-full-3.0.xml")).records
    assert paper.source_key == "work/123"
    assert paper.authors == (AuthorMention("work:credit-name", "8888-8888-8888-8880"),)
    assert paper.abstract == "work:short-description"


def test_a_person_without_its_id_is_skipped_with_the_reason():
    parsed = read_source(shared("orcid", "person-3.0.xml"))
    assert list(parsed.records) == []
    assert parsed.skipped == [f"{parsed.path}: the ORCID person has no ORCID iD (no path attribute): no author row can be keyed by it"]


def test_every_sample_imports(tmp_path):
    files = sorted(shared("orcid").glob("*.xml"))
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        reports = store.import_files(files)
    assert [r.format for r in reports] == [orcid_xml.FORMAT] * 6
    assert sum(r.author_rows_added for r in reports) == 1


def test_a_hostile_doctype_is_refused(tmp_path):
    path = tmp_path / "evil.xml"
    lol = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE work [{lol}]>\n<work:work xmlns:work="http://www.orcid.org/ns/work">&b;</work:work>\n')
    with pytest.raises(SourceError, match="evil.xml:2: the DOCTYPE declares its own DTD"):
        read_source(path)


@pytest.mark.parametrize("written", ["20211", "19 48"])
def test_a_year_that_is_no_year_is_left_empty_with_a_note(tmp_path, written):
    """"20211" was stored as 2021 without a word; the reader notes what it leaves out, as a work without authors."""
    seed = (Path(__file__).parent / "hostile" / "seeds" / "orcid.xml").read_text(encoding="utf-8")
    path = tmp_path / "work.xml"
    path.write_text(seed.replace("<common:year>1948</common:year>", f"<common:year>{written}</common:year>"), encoding="utf-8")
    parsed = read_source(path)
    (paper,) = parsed.records
    assert paper.year is None
    assert f"work.xml:{paper.line}: work {paper.source_key}: year {written!r} is not a year (four digits, 1000 to 2100): left empty" in "\n".join(parsed.warnings)
