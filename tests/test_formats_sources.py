"""Every file in the shared data imports, or is refused with a reason; formats are told by content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SEED_PAGE, SHARED_DATA
from models import arrow
from models.errors import SourceError
from models.formats import arnetminer, dblp, lbd, namesake_json, openalex, orcid_xml, s2and
from models.sources import expand_paths, read_source
from models.store import Store

# Files that are not data, and why they are refused.
REFUSED = {
    "README.md": "a text file starting '# Real data",
    "dblp/dblp.dtd": "a DTD (read only with the XML file that names it in its DOCTYPE)",
    "orcid/LICENSE_head.txt": "a text file starting 'ORCID MIT-Style License",
    "s2and/LICENSE_CC-BY-4.0.txt": "a text file starting 'Creative Commons",
    "lbd/indi/collection/Base_1988.txt": "the file is empty",
    "lbd/indi/collection/Base_1990.txt": "the file is empty",
}
FORMAT_BY_FOLDER = {
    "arnetminer": arnetminer.FORMAT, "arrow": arrow.FORMAT, "dblp": dblp.FORMAT, "lbd": lbd.FORMAT,
    "openalex": openalex.FORMAT, "orcid": orcid_xml.FORMAT, "s2and": s2and.FORMAT,
}


@pytest.fixture(scope="module")
def data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the shared data folder is not beside the project")
    return SHARED_DATA


def test_every_shared_file_imports_or_is_refused_with_its_reason(data, tmp_path):
    files = sorted(p for p in data.rglob("*") if p.is_file())
    assert len(files) > 100
    imported = 0
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        for path in files:
            name = path.relative_to(data).as_posix()
            if name in REFUSED:
                with pytest.raises(SourceError, match=REFUSED[name].replace("(", r"\(").replace(")", r"\)")):
                    store.import_files([path])
                continue
            (report,) = store.import_files([path])
            assert report.format == FORMAT_BY_FOLDER[name.split("/")[0]], name
            imported += 1
    assert imported == len(files) - len(REFUSED)


@pytest.mark.parametrize(
    ("folder", "expected"),
    [("s2and/dummy", s2and.FORMAT), ("s2and/qian", s2and.FORMAT), ("lbd/dblp", lbd.FOLDER_FORMAT), ("lbd/indi/collection", lbd.FOLDER_FORMAT)],
)
def test_data_set_folders_are_read_as_one_source(data, folder, expected):
    assert read_source(data / folder).format == expected


def test_other_folders_are_refused_with_what_would_be_read(data):
    with pytest.raises(SourceError, match="a folder Namesake does not read as one source .it reads: S2AND data set"):
        read_source(data / "arnetminer")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dblp/dblp-sample.xml", dblp.FORMAT),
        ("arnetminer/Jie Tang.xml", arnetminer.FORMAT),
        ("openalex/workJsonResponse.json", openalex.FORMAT),
        ("orcid/works-3.0.xml", orcid_xml.FORMAT),
        ("lbd/kisti/aagarwal_test_f0.txt", lbd.FORMAT),
        ("arrow/shengen-yan.txt", arrow.FORMAT),
    ],
)
def test_the_format_is_told_by_content_not_by_name(data, tmp_path, name, expected):
    copy = tmp_path / "upload.dat"
    shutil.copy(data / name, copy)
    if name.startswith("dblp/"):
        shutil.copy(data / "dblp" / "dblp.dtd", tmp_path / "dblp.dtd")
    parsed = read_source(copy)
    assert parsed.format == expected
    assert next(iter(parsed.records)) is not None


def test_the_arrow_page_still_reads():
    parsed = read_source(SEED_PAGE)
    assert parsed.format == arrow.FORMAT and len(list(parsed.records)) == 8


def test_unknown_content_is_described(tmp_path):
    cases = {
        "a.xml": ("<?xml version='1.0'?>\n<catalog><book/></catalog>\n", "an XML file with root <catalog>"),
        "b.json": (json.dumps({"hello": "world"}), "a JSON file of unknown shape"),
        "c.csv": ("title,year\nX,2001\n", "a text file starting 'title,year'"),
    }
    for name, (text, description) in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(SourceError, match=f"{name}:1: not a format Namesake reads \\({description}\\); it reads: "):
            read_source(tmp_path / name)


def test_json_lines_of_our_own_format_are_not_taken_for_openalex(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"type": "paper", "source": "s", "key": "https://openalex.org/W1", "title": "T", "authors": []}) + "\n")
    assert read_source(path).format == namesake_json.LINES_FORMAT


def test_a_plain_folder_imports_its_source_files_and_says_what_it_left_out(data, tmp_path):
    """File → Import refused a folder of Arnetminer files, which `namesake import FOLDER` reads file by file:
    both now go through `Store.import_paths`."""
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in ("Bin Yu.xml", "David Brown.xml"):
        shutil.copy(data / "arnetminer" / name, folder / name)
    (folder / "notes.txt").write_text("Which names we review this week.")
    with Store(tmp_path / "review.sqlite3") as store:
        reports, left_out, backup_before = store.import_paths([folder])
        assert [report.clusters for report in reports] == [["Bin Yu"], ["David Brown"]]
        assert backup_before is None  # an empty database: nothing to take back
        assert len(left_out) == 1 and "notes.txt" in left_out[0]
        empty = tmp_path / "empty"
        empty.mkdir()
        (empty / "notes.txt").write_text("Nothing here yet.")
        with pytest.raises(SourceError, match=r"empty: no source file to import\n  left out: .*notes.txt"):
            store.import_paths([empty])
        assert [c.name for c in store.clusters()] == ["Bin Yu", "David Brown"]  # the refusal changed nothing


def test_a_folder_that_links_back_to_itself_is_read_once(tmp_path):
    """Plain subfolders are read too (an OpenAlex snapshot's date folders); a link to a folder above ends the walk."""
    from conftest import SEED_PAGE

    folder = tmp_path / "sources"
    (folder / "more").mkdir(parents=True)
    shutil.copy(SEED_PAGE, folder / "more" / "shengen-yan.txt")
    (folder / "more" / "back").symlink_to(folder, target_is_directory=True)
    files, left_out = expand_paths([folder])
    assert files == [folder / "more" / "shengen-yan.txt"] and left_out == []
