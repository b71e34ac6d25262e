"""Sources shipped as archives (zip, tar, tar.gz) import as their unpacked folders do; hostile archives are refused."""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

from conftest import SEED_PAGE, SHARED_DATA, table_contents
from hostile_cases import HOSTILE
from models.errors import SourceError
from models.store import Store

LINES = Path(__file__).parent / "data" / "namesake-input-example.jsonl"


@pytest.fixture(autouse=True)
def own_temporary_folder(tmp_path, monkeypatch):
    """Unpacked into a folder the test sees, so it can tell that nothing is left behind."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def a_folder_of_sources(tmp_path) -> Path:
    folder = tmp_path / "sources" / "names"
    folder.mkdir(parents=True)
    (folder / "shengen-yan.txt").write_bytes(SEED_PAGE.read_bytes())
    (folder / "more.jsonl").write_bytes(LINES.read_bytes())
    (folder / "README").write_text("what these are\n")
    return folder


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder.parent).as_posix())
    return target


def tarred(folder: Path, target: Path, mode: str = "w:gz") -> Path:
    with tarfile.open(target, mode) as archive:
        archive.add(folder, arcname=folder.name)
    return target


def imported(tmp_path, name: str, path: Path):
    db = tmp_path / f"{name}.sqlite3"
    with Store(db) as store:
        outcome = store.import_paths([path])
    return table_contents(db, skip=("import_log",)), outcome, db


@pytest.mark.parametrize("pack", [zipped, tarred, lambda f, t: tarred(f, t, "w")], ids=["zip", "tar.gz", "tar"])
def test_an_archive_imports_as_its_folder_does_and_is_named_in_what_the_reviewer_reads(tmp_path, own_temporary_folder, pack):
    folder = a_folder_of_sources(tmp_path)
    plain, plain_outcome, _ = imported(tmp_path, "plain", folder)
    archive = pack(folder, tmp_path / "names.archive")
    packed, outcome, db = imported(tmp_path, "packed", archive)
    assert packed == plain
    assert sorted(report.path for report in outcome.reports) == sorted(
        f"{archive}/names/{name}" for name in ("more.jsonl", "shengen-yan.txt")
    )
    assert [why.split(":")[0] for why in outcome.left_out] == [f"{archive}/names/README"]
    logged = table_contents(db)["import_log"]
    assert sorted(row[1] for row in logged) == sorted(report.path for report in outcome.reports)
    assert not any(own_temporary_folder.iterdir())  # the unpacked files are gone


@pytest.mark.parametrize("pack", [None, zipped, tarred], ids=["folder", "zip", "tar.gz"])
@pytest.mark.parametrize("damaged, line, message", [
    ("binary.xml", 6, r"not UTF-8 text \(Latin-1 or binary data\?\)"),
    ("truncated.xml", 12, "not well-formed XML: unclosed token"),
], ids=["bad-bytes", "cut-short"])
def test_a_damaged_source_in_a_folder_or_archive_refuses_the_whole_import(tmp_path, pack, damaged, line, message):
    """A damaged Arnetminer file among good sources was left out, and the others imported without it."""
    folder = a_folder_of_sources(tmp_path)
    shutil.copy(HOSTILE / "arnetminer" / damaged, folder / "Ann Lee.xml")
    chosen = pack(folder, tmp_path / "names.archive") if pack else folder
    db = tmp_path / "review.sqlite3"
    with Store(db) as store:
        store.import_files([SEED_PAGE])
    before = table_contents(db)
    with Store(db) as store, pytest.raises(SourceError, match=message) as raised:
        store.import_paths([chosen])
    shown = chosen.parent / "names.archive" / "names" if pack else folder
    assert (raised.value.path, raised.value.line) == (str(shown / "Ann Lee.xml"), line)
    assert table_contents(db) == before


def test_an_archive_of_a_data_set_reads_as_that_data_set(tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent")
    plain, _, _ = imported(tmp_path, "plain", SHARED_DATA / "s2and" / "dummy")
    packed, outcome, _ = imported(tmp_path, "packed", tarred(SHARED_DATA / "s2and" / "dummy", tmp_path / "s2and.tar.gz"))
    assert packed == plain
    assert [report.path for report in outcome.reports] == [f"{tmp_path / 's2and.tar.gz'}/dummy"]


def test_an_archive_inside_a_chosen_folder_is_unpacked_too(tmp_path):
    folder = a_folder_of_sources(tmp_path)
    plain, _, _ = imported(tmp_path, "plain", folder)
    outer = tmp_path / "outer"
    outer.mkdir()
    zipped(folder, outer / "names.zip")
    packed, outcome, _ = imported(tmp_path, "packed", outer)
    assert packed == plain
    assert all(report.path.startswith(f"{outer / 'names.zip'}/names/") for report in outcome.reports)


def a_zip_with(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def refused(tmp_path, path: Path) -> str:
    db = tmp_path / "refused.sqlite3"
    with Store(db) as store:
        with pytest.raises(SourceError) as raised:
            store.import_paths([path])
        assert store.clusters() == []
    return str(raised.value)


@pytest.mark.parametrize("member", ["../escaped.txt", "/tmp/escaped.txt", "names/../../escaped.txt", "C:/escaped.txt"])
def test_a_member_whose_path_leaves_the_folder_is_refused_and_nothing_is_written(tmp_path, member):
    archive = a_zip_with(tmp_path / "evil.zip", {"names/shengen-yan.txt": SEED_PAGE.read_bytes(), member: b"x"})
    message = refused(tmp_path, archive)
    assert message == f"{archive}: {member}: a path outside the archive's folder; not unpacked"
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/escaped.txt").exists()


def test_links_in_an_archive_are_refused(tmp_path):
    archive = tmp_path / "links.tar"
    with tarfile.open(archive, "w") as tar:
        page = tarfile.TarInfo("names/shengen-yan.txt")
        data = SEED_PAGE.read_bytes()
        page.size = len(data)
        tar.addfile(page, io.BytesIO(data))
        link = tarfile.TarInfo("names/passwords")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    assert refused(tmp_path, archive) == f"{archive}: names/passwords: a link or device inside the archive; not unpacked"


def test_a_damaged_archive_is_refused_naming_it(tmp_path):
    folder = a_folder_of_sources(tmp_path)
    archive = zipped(folder, tmp_path / "names.zip")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])  # cut short: its directory, at the end, is gone
    message = refused(tmp_path, archive)
    assert message.startswith(f"{archive}")


def test_archives_nested_deeper_than_the_limit_are_not_unpacked(tmp_path):
    from models.formats.archives import NESTING_LIMIT

    inner = a_zip_with(tmp_path / "level0.zip", {"shengen-yan.txt": SEED_PAGE.read_bytes()})
    for level in range(1, NESTING_LIMIT + 1):
        inner = a_zip_with(tmp_path / f"level{level}.zip", {inner.name: inner.read_bytes()})
    message = refused(tmp_path, inner)
    assert f"archives nested more than {NESTING_LIMIT} deep: not unpacked" in message
    assert f"{inner}/level{NESTING_LIMIT - 1}.zip" in message  # named through the archives, not the temporary folders


def test_an_archive_bigger_than_the_room_to_unpack_it_is_refused(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    folder = a_folder_of_sources(tmp_path)
    archive = zipped(folder, tmp_path / "names.zip")
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(1 << 30, 1 << 30, 10 << 20))
    message = refused(tmp_path, archive)
    assert "MB free; unpack it where there is room and import the folder" in message
