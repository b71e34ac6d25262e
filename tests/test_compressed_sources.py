"""Sources as their providers ship them: gzip-compressed files import as their unpacked text does."""

from __future__ import annotations

import gzip
import shutil
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SEED_PAGE, SHARED_DATA, table_contents
from models.errors import SourceError
from models.formats import compressed
from models.sources import read_source
from models.store import Store

LINES = ROOT / "tests" / "data" / "namesake-input-example.jsonl"


def gzipped(source, target):
    target.write_bytes(gzip.compress(source.read_bytes()))
    return target


def imported(tmp_path, name: str, path) -> dict:
    """What a fresh database holds after importing `path`, less what names the file it came from."""
    db = tmp_path / f"{name}.sqlite3"
    with Store(db) as store:
        (report,) = store.import_files([path])
    contents = table_contents(db, skip=("import_log",))
    return {"contents": contents, "format": report.format, "summary": report.summary().split(": ", 1)[1]}


@pytest.mark.parametrize("source", [SEED_PAGE, LINES], ids=["arrow", "namesake-json-lines"])
def test_a_gzip_file_imports_as_its_text_does(tmp_path, source):
    plain = imported(tmp_path, "plain", source)
    packed = imported(tmp_path, "packed", gzipped(source, tmp_path / (source.name + ".gz")))
    assert packed == plain


def test_dblp_as_dblp_ships_it_gzip_compressed_beside_its_dtd(tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent")
    shutil.copy(SHARED_DATA / "dblp" / "dblp.dtd", tmp_path / "dblp.dtd")
    packed = gzipped(SHARED_DATA / "dblp" / "dblp-sample.xml", tmp_path / "dblp.xml.gz")
    fractions = []
    with Store(tmp_path / "packed.sqlite3") as store:
        (report,) = store.import_files([packed], progress=lambda status: fractions.append(status.fraction))
    assert report.format == "dblp XML" and "1,245 papers added" in report.summary()
    # The progress bar follows the compressed file on disk, the only size it knows.
    assert fractions == sorted(fractions) and 0 < fractions[-1] <= 1.0
    assert imported(tmp_path, "plain", SHARED_DATA / "dblp" / "dblp-sample.xml")["contents"] == table_contents(
        tmp_path / "packed.sqlite3", skip=("import_log",))


def test_a_gzip_file_cut_short_is_refused_naming_the_line_and_changes_nothing(seeded, db_path, tmp_path):
    text = "".join(LINES.read_text() for _ in range(1)) + "".join(
        f'{{"type": "paper", "key": "x{n}", "title": "Paper {n} on things", "authors": ["Ann Lee"]}}\n' for n in range(30_000))
    packed = gzip.compress(text.encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    before = table_contents(db_path)
    with pytest.raises(SourceError, match=r"cut\.jsonl\.gz:\d+: the gzip-compressed file is damaged or cut short here") as refused:
        seeded.import_files([cut])
    line = int(str(refused.value).split("cut.jsonl.gz:")[1].split(":")[0])
    assert 1_000 < line < text.count("\n")  # where the text broke off, not the first line
    assert table_contents(db_path) == before


def lines_before_the_cut(packed: bytes) -> int:
    """The whole lines a gzip file cut short still unpacks to (zlib, not the code under test)."""
    return zlib.decompressobj(wbits=31).decompress(packed).count(b"\n")


@pytest.mark.parametrize("name", ["arnetminer/Bin Yu.xml", "dblp/dblp-sample.xml"])
def test_a_gzip_file_cut_short_is_refused_at_the_line_after_its_last_whole_one(tmp_path, name):
    """A reader that takes a document whole (Arnetminer) and one that takes a megabyte at a time (dblp):
    a cut after line 450 was reported at line 1, one after line 3,990 at line 3,681 (the pieces unpacked
    in the call that met the cut were dropped uncounted)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent")
    shutil.copy(SHARED_DATA / "dblp" / "dblp.dtd", tmp_path / "dblp.dtd")
    packed = gzip.compress((SHARED_DATA / name).read_bytes())
    cut = tmp_path / (Path(name).name + ".gz")
    cut.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(SourceError, match="the gzip-compressed file is damaged or cut short here") as refused:
        list(read_source(cut).records)
    assert refused.value.line == lines_before_the_cut(cut.read_bytes()) + 1


def test_a_gzip_file_cut_within_its_first_kilobytes_in_a_folder_is_refused_not_left_out(seeded, db_path, tmp_path):
    """Its format is known from what unpacks before the cut (the Arrow page's heading); it was left out
    as unreadable, and the folder's other source imported without it."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(LINES, folder / "more.jsonl")
    (folder / "page.txt.gz").write_bytes(gzip.compress(SEED_PAGE.read_bytes())[:400])  # ~500 bytes of text
    before = table_contents(db_path)
    with pytest.raises(SourceError, match=r"the gzip-compressed file is damaged or cut short here") as refused:
        seeded.import_paths([folder])
    assert refused.value.path == str(folder / "page.txt.gz") and refused.value.line
    assert table_contents(db_path) == before


def test_a_small_gzip_file_that_unpacks_to_too_much_for_a_whole_document_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(compressed, "WHOLE_DOCUMENT_LIMIT", 10_000)  # an Arrow page is read whole
    page = gzipped(SEED_PAGE, tmp_path / "page.txt.gz")
    assert SEED_PAGE.stat().st_size > 10_000
    with pytest.raises(SourceError, match=r"page\.txt\.gz: unpacks to more than 0 MB: too big"):
        read_source(page)


def test_gzip_is_known_by_its_bytes_not_by_its_name(tmp_path):
    plain_named_gz = tmp_path / "page.gz"
    shutil.copy(SEED_PAGE, plain_named_gz)
    packed_named_txt = gzipped(SEED_PAGE, tmp_path / "page.txt")
    assert read_source(plain_named_gz).format == read_source(packed_named_txt).format == "Arrow author name cluster page"


def test_an_openalex_snapshot_folder_imports_its_compressed_parts_from_its_date_folders(tmp_path):
    """The snapshot's layout: works/manifest, works/updated_date=…/part_000.gz, gzip-compressed JSON Lines."""
    import json

    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent")
    work = json.loads((SHARED_DATA / "openalex" / "workJsonResponse.json").read_text())
    works = tmp_path / "openalex" / "data" / "works"
    for day, number in (("2024-01-01", 1), ("2024-02-01", 2)):
        part = works / f"updated_date={day}" / "part_000.gz"
        part.parent.mkdir(parents=True)
        line = json.dumps({**work, "id": f"https://openalex.org/W{number}", "doi": None, "ids": {}, "title": f"Work {number}"})
        part.write_bytes(gzip.compress((line + "\n").encode()))
    (works / "manifest").write_text(json.dumps({"entries": [], "meta": {"content_length": 0, "record_count": 2}}))
    with Store(tmp_path / "review.sqlite3") as store:
        reports, left_out, _ = store.import_paths([works])
        assert [report.path for report in reports] == [str(works / f"updated_date={day}" / "part_000.gz") for day in ("2024-01-01", "2024-02-01")]
        assert [report.format for report in reports] == ["OpenAlex JSON Lines"] * 2
        assert len(left_out) == 1 and "manifest" in left_out[0]
        heather = store.find_cluster("Heather Piwowar")
        assert sorted(paper.title for paper in store.load_cluster(heather.id).papers) == ["Work 1", "Work 2"]


def flipped(text: str, old: str, new: bytes, target: Path) -> Path:
    """`text` gzip-compressed without compression (stored blocks), the bytes of `old` then written as `new`:
    the file unpacks whole, to the text with that change, and only its checksum at the end fails."""
    packed = gzip.compress(text.encode(), compresslevel=0)
    assert packed.count(old.encode()) == 1
    target.write_bytes(packed.replace(old.encode(), new))
    return target


def test_a_byte_flipped_mid_file_is_refused_where_the_text_goes_wrong_not_at_the_checksum(seeded, db_path, tmp_path):
    """A whole-document reader (Arnetminer) met the failing checksum at the end before reading the text:
    the error named the last line, 'damaged or cut short here', though the text went wrong far earlier."""
    text = (ROOT / "tests" / "hostile" / "seeds" / "arnetminer.xml").read_text()
    damaged = flipped(text, "<title>On More Things", b"<title>On M\xffre Things", tmp_path / "Ann Lee.xml.gz")
    before = table_contents(db_path)
    with pytest.raises(SourceError) as refused:
        seeded.import_files([damaged])
    assert (refused.value.line, refused.value.message) == (15, "not UTF-8 text (Latin-1 or binary data?); save the file as UTF-8")
    assert table_contents(db_path) == before


@pytest.mark.parametrize("name", ["arnetminer.xml", "namesake.jsonl"], ids=["read whole", "streamed"])
def test_a_byte_flipped_that_reads_as_text_is_refused_by_its_checksum_saying_the_line_is_unknown(seeded, db_path, tmp_path, name):
    seed = ROOT / "tests" / "hostile" / "seeds" / name
    text = seed.read_text()
    damaged = flipped(text, "On More Things", b"On Mora Things", tmp_path / (name + ".gz"))
    before = table_contents(db_path)
    with pytest.raises(SourceError) as refused:
        seeded.import_files([damaged])
    assert refused.value.line == text.count("\n") + 1  # the end: where the checksum is
    assert refused.value.message.startswith("the gzip-compressed file is damaged: its checksum, checked here at its end, fails (CRC")
    assert refused.value.message.endswith("its text may be wrong from an earlier line, which the checksum cannot tell")
    assert table_contents(db_path) == before
