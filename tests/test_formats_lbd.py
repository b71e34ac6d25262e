"""LBD/UFMG collections: name blocks as clusters, the second field as the true person."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED_DATA, table_contents
from models.errors import SourceError
from models.formats import lbd
from models.records import ClusterRecord, PaperRecord, ReferenceLabel
from models.sources import read_source
from models.store import Store


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is not beside the project")
    return path


def clusters_and_persons(records) -> dict[str, tuple[int, int]]:
    """cluster name → (papers, true persons)."""
    records = list(records)
    persons: dict[str, set] = {}
    for label in (r for r in records if isinstance(r, ReferenceLabel)):
        persons.setdefault(label.cluster_name, set()).add(label.person)
    return {c.name: (len(c.paper_keys), len(persons.get(c.name, ()))) for c in records if isinstance(c, ClusterRecord)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dblp/agupta_test_f0.txt", {"a gupta": (288, 26)}),
        ("dblp/agupta_train_f0.txt", {"a gupta": (288, 25)}),
        ("dblp/jlee_test_f0.txt", {"j lee": (710, 93)}),
        ("dblp/jlee_train_f0.txt", {"j lee": (709, 92)}),
        ("kisti/aagarwal_test_f0.txt", {"a agarwal": (14, 6)}),
        ("kisti/aagarwal_train_f0.txt", {"a agarwal": (14, 7)}),
        ("bdbcomp/aoliveira_test_f0.txt", {"a oliveira": (26, 12)}),
        ("bdbcomp/aoliveira_train_f0.txt", {"a oliveira": (26, 13)}),
    ],
)
def test_each_block_file_is_one_cluster(name, expected):
    parsed = read_source(shared("lbd", *name.split("/")))
    assert parsed.format == lbd.FORMAT
    assert clusters_and_persons(parsed.records) == expected


def test_a_folder_joins_the_folds_of_a_block():
    parsed = read_source(shared("lbd", "dblp"))
    assert parsed.format == lbd.FOLDER_FORMAT
    # The collection's own figures: A. Gupta 576 papers of 26 people, J. Lee 1,419 of 100.
    assert clusters_and_persons(parsed.records) == {"a gupta": (576, 26), "j lee": (1_419, 100)}


def test_paper_fields_and_keys():
    records = list(read_source(shared("lbd", "kisti", "aagarwal_test_f0.txt")).records)
    first = records[0]
    assert isinstance(first, PaperRecord)
    assert (first.source, first.source_key, first.year, first.venue) == ("lbd", "kisti:a agarwal:8", 2003, "ke")
    assert first.title == "low power design neuroprocessor"
    assert [a.name for a in first.authors] == ["ankur agarwal", "a pandya", "p kim"]
    label = next(r for r in records if isinstance(r, ReferenceLabel) and r.paper_key == first.source_key)
    assert (label.cluster_name, label.person) == ("a agarwal", "kisti:2")


def test_names_filed_under_another_block_are_reported():
    parsed = read_source(shared("lbd", "dblp", "jlee_test_f0.txt"))
    list(parsed.records)
    assert f"{parsed.path}:458: the name 's j lee i c park' is filed under block 'j lee'" in parsed.warnings
    assert parsed.warnings[-1].endswith("titles and venues are stemmed by the collection; shown as given")


def test_the_indi_collection_folder_has_ten_blocks_over_its_years():
    parsed = read_source(shared("lbd", "indi", "collection"))
    records = list(parsed.records)
    papers = [r for r in records if isinstance(r, PaperRecord)]
    assert len(papers) == 361
    blocks = clusters_and_persons(records)
    assert len(blocks) == 10 and sum(n for n, _ in blocks.values()) == 361
    assert blocks["a oliveira"][0] == 52
    assert Counter(p.year for p in papers)[2004] == 70
    assert papers[0].source_key.startswith("indi:")
    assert sum("empty file" in w for w in parsed.warnings) == 2


def test_one_indi_year_reads_alone_and_an_empty_one_is_refused():
    parsed = read_source(shared("lbd", "indi", "collection", "Base_2004.txt"))
    papers = [r for r in parsed.records if isinstance(r, PaperRecord)]
    assert len(papers) == 70 and {p.year for p in papers} == {2004}
    with pytest.raises(SourceError, match="Base_1988.txt:1: the file is empty"):
        read_source(shared("lbd", "indi", "collection", "Base_1988.txt"))


def test_a_damaged_line_is_named(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("1;2;a lee;;title;venue;0\n2;3;a lee;title;venue;0\n")
    with pytest.raises(SourceError, match=r"x\.txt:2: expected 'id;person;name;coauthors;title;venue;year'"):
        list(read_source(path).records)


@pytest.mark.parametrize("written", ["20211", "0999", "-1"])
def test_a_year_that_is_no_year_is_refused_at_its_line(tmp_path, written):
    """"20211" was stored as 2021 (its first four digits), "-1" left empty, without a word; the reader
    refuses what it cannot read, as it refuses a line of the wrong shape. 0 and blank mean unknown."""
    path = tmp_path / "x.txt"
    path.write_text(f"1;2;a lee;;title;venue;0\n2;2;a lee;;title;venue;\n3;2;a lee;;title;venue;{written}\n")
    with pytest.raises(SourceError, match=rf"x\.txt:3: year '{written}' is not a year \(four digits, 1000 to 2100\)$"):
        list(read_source(path).records)


@pytest.mark.parametrize("line", [1, 3])
def test_a_year_with_a_letter_is_refused_as_a_year_not_as_a_line_of_the_wrong_shape(tmp_path, line):
    """"20O5" was refused as "expected 'id;person;…;year', found …" though the line has that shape
    (the shape's pattern took digits only for the year); on the first line the file was no format at all."""
    lines = ["1;2;a lee;;title;venue;2004", "2;2;a lee;;title;venue;0", "3;2;a lee;;title;venue;2006"]
    lines[line - 1] = lines[line - 1].rsplit(";", 1)[0] + ";20O5"
    path = tmp_path / "x.txt"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceError, match=rf"x\.txt:{line}: year '20O5' is not a year \(four digits, 1000 to 2100\)$"):
        list(read_source(path).records)


def test_a_generational_suffix_stays_with_its_coauthor(tmp_path):
    path = tmp_path / "jsmith_test_f0.txt"
    path.write_text("1;2;j smith;jack w smith,jr,sally rudmann;transfus medicin tutor;icls;1996\n")
    (paper,) = [r for r in read_source(path).records if isinstance(r, PaperRecord)]
    assert [a.name for a in paper.authors] == ["j smith", "jack w smith jr", "sally rudmann"]


def test_collections_import_and_again_change_nothing(tmp_path):
    folders = [shared("lbd", name) for name in ("dblp", "kisti")] + [shared("lbd", "indi", "collection")]
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        reports = store.import_files(folders)
        assert [r.papers_added for r in reports] == [1_995, 28, 361]
        assert [r.reference_labels for r in reports] == [1_995, 28, 361]
        assert len(store.clusters()) == 13
        before = table_contents(database, skip=("import_log",))
        store.import_files(folders)
        assert table_contents(database, skip=("import_log",)) == before
