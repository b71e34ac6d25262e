"""Hostile and broken input: each importer refuses it clearly, or reads it right, and the store never changes.

Every file of tests/hostile/ goes through `Store.import_files` on a database
that already holds a reviewed cluster: a refusal must be a `NamesakeError`
(nothing else may escape: no RecursionError, UnicodeError, KeyError...)
whose message starts with the file and the line (or names the record), and
every table must be exactly as before. Big inputs (a 50 MB title, 100,000
nested arrays) are made here, not committed. See tests/hostile_cases.py for
the table of what each file gives.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import SEED_PAGE, table_contents
from gui.cli import main
from hostile_cases import (
    BIG_TITLES, CASES, CLI_CASES, DEEP, EMPTY, HOSTILE, NOT_A_FORMAT, NOT_UTF8, SEEDS,
    Read, Refused, corpus_targets, make_big_title, make_deep,
)
from models.errors import NamesakeError, SourceError
from models.schema import Verdict
from models.store import Store


@pytest.fixture(scope="module")
def reviewed_template(tmp_path_factory) -> Path:
    """A database holding the Shengen Yan cluster with decisions, an undo and a redo."""
    path = tmp_path_factory.mktemp("template") / "review.sqlite3"
    with Store(path, reviewer="curator") as store:
        store.import_files([SEED_PAGE])
        cluster = store.clusters()[0]
        papers = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        store.decide(cluster.id, papers[:3], Verdict.PERSON)
        store.decide(cluster.id, papers[3:4], Verdict.REJECTED, note="another Shengen Yan")
        store.undo(cluster.id)
        store.redo(cluster.id)
        store.decide(cluster.id, papers[5:6], Verdict.UNSURE)
    return path


@pytest.fixture
def reviewed(reviewed_template, tmp_path) -> Path:
    path = tmp_path / "review.sqlite3"
    shutil.copy(reviewed_template, path)
    return path


def refuse(database: Path, target: Path) -> NamesakeError:
    """Import `target`; it must be refused and leave every table as it was."""
    before = table_contents(database)
    with Store(database, reviewer="hostile") as store:
        with pytest.raises(NamesakeError) as caught:
            store.import_files([target])
    assert table_contents(database) == before
    return caught.value


def refuse_paths(database: Path, folder: Path) -> NamesakeError:
    """Import the folder `folder`; it must be refused and leave every table as it was."""
    before = table_contents(database)
    with Store(database, reviewer="hostile") as store, pytest.raises(NamesakeError) as caught:
        store.import_paths([folder])
    assert table_contents(database) == before
    return caught.value


def assert_names_file_and_line(error: NamesakeError, file: Path, line: int | None, message: str) -> None:
    where = f"{file}:{line}: " if line else f"{file}: "
    assert isinstance(error, SourceError), repr(error)
    assert str(error).startswith(where), f"expected {where!r}, got {str(error)[:300]!r}"
    assert (error.path, error.line) == (str(file), line)
    assert re.search(message, str(error)[len(where) :]), str(error)[:300]


REFUSED = sorted(name for name, case in CASES.items() if isinstance(case, Refused))
READ = sorted(name for name, case in CASES.items() if isinstance(case, Read))


def test_every_file_of_the_corpus_has_its_expectation():
    assert corpus_targets() == set(CASES)


@pytest.mark.parametrize("name", REFUSED)
def test_a_hostile_file_is_refused_naming_file_and_line_and_changes_nothing(reviewed, name):
    case = CASES[name]
    error = refuse(reviewed, HOSTILE / name)
    assert_names_file_and_line(error, HOSTILE / (case.file or name), case.line, case.message)


def on_its_own(name: str) -> bool:
    """A case that is a file or a data set's folder of its own (not a dblp file whose DTD is the fault)."""
    return name.count("/") == 1


def is_no_source(name: str) -> bool:
    case = CASES[name]
    return case.file is None and re.match(f"{EMPTY}|{NOT_A_FORMAT}", case.message) is not None


NOT_SOURCES = [name for name in REFUSED if on_its_own(name) and is_no_source(name)]
DAMAGED_SOURCES = [name for name in REFUSED if on_its_own(name) and not is_no_source(name)]


def a_folder_with(tmp_path: Path, source: Path) -> Path:
    """A folder of a good source (one the store does not hold yet), a README, and a copy of `source`."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(SEEDS / "namesake.jsonl", folder / "good.jsonl")
    (folder / "README").write_text("What these files are.\n")
    if source.is_dir():
        shutil.copytree(source, folder / source.name)
    else:
        shutil.copy(source, folder / source.name)
    return folder


@pytest.mark.parametrize("name", DAMAGED_SOURCES)
def test_a_damaged_source_in_a_folder_refuses_the_import_as_it_does_alone(reviewed, tmp_path, name):
    """An Arnetminer, Arrow, ORCID, JSON document or S2AND data set that failed to read was left out, and
    the rest imported."""
    case = CASES[name]
    folder = a_folder_with(tmp_path, HOSTILE / name)
    error = refuse_paths(reviewed, folder)
    at_fault = folder.joinpath(*Path(case.file or name).parts[1:])  # the file named, in its copy
    assert_names_file_and_line(error, at_fault, case.line, case.message)


def test_a_bad_first_byte_does_not_hide_the_format(reviewed, tmp_path):
    """Recognising skips bytes that are not text: the file is the source it plainly is, refused at its line."""
    damaged = tmp_path / "Ann Lee.xml"
    damaged.write_bytes(b"\xff" + (SEEDS / "arnetminer.xml").read_bytes())
    assert_names_file_and_line(refuse(reviewed, damaged), damaged, 1, NOT_UTF8)  # alone
    folder = a_folder_with(tmp_path, damaged)
    assert_names_file_and_line(refuse_paths(reviewed, folder), folder / damaged.name, 1, NOT_UTF8)


@pytest.mark.parametrize("name", NOT_SOURCES)
def test_a_file_that_is_no_source_is_left_out_of_a_folder_with_the_reason(tmp_path, name):
    folder = a_folder_with(tmp_path, HOSTILE / name)
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        outcome = store.import_paths([folder])
    assert [report.path for report in outcome.reports] == [str(folder / "good.jsonl")]
    left_out = {why.split(":")[0]: why for why in outcome.left_out}
    assert sorted(left_out) == sorted([str(folder / "README"), str(folder / Path(name).name)])
    assert re.search(CASES[name].message, left_out[str(folder / Path(name).name)])


@pytest.mark.parametrize("name", READ)
def test_what_can_be_read_is_read_correctly(tmp_path, name):
    case = CASES[name]
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        (report,) = store.import_files([HOSTILE / name])
        assert report.papers_added == case.papers
        if case.cluster:
            assert case.cluster in [c.name for c in store.clusters()]
    if case.skipped:
        assert f"{HOSTILE / name}: {case.skipped}" in report.skipped, report.skipped


def test_the_seeds_the_corpus_was_made_from_import(tmp_path):
    seeds = sorted(path for path in SEEDS.iterdir() if path.name != "s2and") + [SEEDS / "s2and"]
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        reports = store.import_files(seeds)
    assert all(r.papers_added + r.papers_updated + r.papers_unchanged for r in reports)


@pytest.mark.parametrize("name", CLI_CASES)
def test_the_command_line_exits_1_naming_file_and_line(capsys, reviewed, name):
    case = CASES[name]
    before = table_contents(reviewed)
    code = main(["--db", str(reviewed), "import", str(HOSTILE / name)])
    out, err = capsys.readouterr()
    file = HOSTILE / (case.file or name)
    where = f"{file}:{case.line}: " if case.line else f"{file}: "
    assert (code, out) == (1, "")
    assert err.startswith(f"namesake: error: {where}") and err.count("\n") == 1, err
    assert re.search(case.message, err), err
    assert table_contents(reviewed) == before


def test_a_refused_file_among_good_ones_stores_none_of_them(reviewed):
    files = [SEEDS / "namesake.json", SEEDS / "dblp.xml", HOSTILE / "namesake" / "lines-surrogate.jsonl", SEEDS / "lbd.txt"]
    before = table_contents(reviewed)
    with Store(reviewed, reviewer="hostile") as store:
        with pytest.raises(SourceError) as caught:
            store.import_files(files)
    assert (caught.value.path, caught.value.line) == (str(files[2]), 5)
    assert table_contents(reviewed) == before


# Big inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BIG_TITLES))
def test_a_50_mb_title_is_refused_quickly_naming_the_paper(reviewed, tmp_path, kind):
    line, file = BIG_TITLES[kind]
    target = make_big_title(kind, tmp_path)
    started = time.perf_counter()
    error = refuse(reviewed, target)
    elapsed = time.perf_counter() - started
    message = r"paper '.+': the title is 52,4\d\d,\d\d\d characters long; Namesake reads at most 10,000 \(a damaged file\?\)"
    assert_names_file_and_line(error, target.parent / file if file else target, line, message)
    assert elapsed < 30, f"{kind}: {elapsed:.1f} s"


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_100_000_nested_arrays_or_elements_are_refused_or_read_never_crash(reviewed, tmp_path, kind):
    target = make_deep(kind, tmp_path)
    if DEEP[kind] is None:
        with Store(reviewed, reviewer="deep") as store:
            (report,) = store.import_files([target])
        assert report.papers_added + report.papers_updated + report.papers_unchanged >= 1
        return
    line, file = DEEP[kind]
    error = refuse(reviewed, target)
    assert_names_file_and_line(error, target.parent / file if file else target, line, r"arrays or objects nested more than 500 deep")


def test_a_bullet_with_50_mb_of_spaces_is_refused_in_seconds_not_hours(reviewed, tmp_path):
    # "•\s*(.*?)\s*$" took quadratic time on runs of spaces: 20,000 spaces already took 2 s.
    page = tmp_path / "spaces.txt"
    page.write_text(SEED_PAGE.read_text(encoding="utf-8").replace("  • Qian Chen\n", "  • Qian" + " " * (50 << 20) + "Chen\n", 1))
    started = time.perf_counter()
    error = refuse(reviewed, page)
    assert_names_file_and_line(error, page, 16, r"paper '.+': the authors\[1\].name is 52,428,808 characters long")
    assert time.perf_counter() - started < 30


def test_a_venue_like_line_with_a_long_run_of_spaces_is_read_in_linear_time(tmp_path):
    # The venue pattern's ".*?\s+" backtracked quadratically: 20,000 spaces took 3 s, half a megabyte would take over half an hour.
    abstract = "NeurIPS" + " " * (1 << 19) + "x 2025 Conference Paper"
    page = tmp_path / "venue.txt"
    page.write_text(SEED_PAGE.read_text(encoding="utf-8").replace("Image Auto-regressive (AR) models", abstract, 1))
    started = time.perf_counter()
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        (report,) = store.import_files([page])
    assert report.papers_added == 7
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("name", ["namesake.jsonl", "openalex.jsonl"])
def test_a_utf16_file_broken_on_its_second_line_is_refused_at_that_line(reviewed, tmp_path, name):
    first, second, *rest = (SEEDS / name).read_text(encoding="utf-8").splitlines(keepends=True)
    lone_surrogate = b"\x00\xd8"  # a high surrogate and no low one after it
    data = first.encode("utf-16") + second[:20].encode("utf-16-le") + lone_surrogate + second[20:].encode("utf-16-le")
    target = tmp_path / name
    target.write_bytes(data + "".join(rest).encode("utf-16-le") + (1 << 21) * " ".encode("utf-16-le"))  # more than a chunk
    error = refuse(reviewed, target)
    assert_names_file_and_line(error, target, 2, "not valid UTF-16 text, though it starts with a UTF-16 byte-order mark")


def test_the_quick_mention_check_agrees_with_the_general_one():
    """`_fine_mention` (fields looked up once, for the millions of mentions) against the general field loop."""
    from models.formats import record_check
    from models.records import AuthorMention

    long = "x" * (record_check.MAX_TEXT + 1)
    mentions = [
        AuthorMention("Ann Lee"), AuthorMention("Ann Lee", "r1", "editor", "Uni A", "0000-0002-1825-0097"),
        AuthorMention(5), AuthorMention("Ann Lee", 5), AuthorMention("Ann Lee", None, None), AuthorMention("\ud800"),
        AuthorMention(long), AuthorMention("Ann Lee", None, "author", long), AuthorMention("Ann Lee", orcid=["x"]),
    ]
    assert record_check._fine_mention is not record_check._fine
    assert [record_check._fine_mention(m) for m in mentions] == [record_check._fine(m) for m in mentions]
    assert [record_check._fine_mention(m) for m in mentions] == [True, True] + [False] * 7
