"""Arnetminer person files: all 55 read, 34 of them repaired, every repair reported."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from conftest import SHARED_DATA, table_contents
from models.errors import SourceError
from models.formats import arnetminer
from models.records import ClusterRecord, PaperRecord, ReferenceLabel
from models.sources import read_source
from models.suggest.datasets import split_own_name
from models.store import Store

PUBLICATIONS = 3_407
# Ten papers are listed in two files each (same Arnetminer id): one paper, two clusters.
DISTINCT_PAPERS = 3_397


@pytest.fixture(scope="module")
def files() -> list[Path]:
    folder = SHARED_DATA / "arnetminer"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the shared data folder is not beside the project")
    return sorted(folder.glob("*.xml"))


def person_file(folder: Path, body: str, name: str = "Ann Lee") -> Path:
    path = folder / f"{name}.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<person>\n<personID>1</personID>\n<FullName>{name}</FullName>\n{body}</person>\n',
        encoding="utf-8",
    )
    return path


def publication(pid: str, authors: str, label: str = "0", organization: str = "null", title: str = "A title", year: str = "2004") -> str:
    return (
        f"<publication>\n<title>{title}</title>\n<year>{year}</year>\n<authors>{authors}</authors>\n<jconf>DEXA</jconf>\n"
        f"<id>{pid}</id>\n<label>{label}</label>\n<organization>{organization}</organization>\n</publication>\n"
    )


def test_all_files_read_with_the_counts_of_the_data_set(files):
    assert len(files) == 55
    kinds: Counter = Counter()
    repaired = 0
    for path in files:
        parsed = read_source(path)
        assert parsed.format == arnetminer.FORMAT and not parsed.clusters_from_names
        kinds.update(type(record).__name__ for record in parsed.records)
        repaired += bool(parsed.repairs)
    assert kinds == {"PaperRecord": PUBLICATIONS, "ClusterRecord": 55, "ReferenceLabel": PUBLICATIONS}
    assert repaired == 34


def test_one_file_is_one_cluster_of_its_papers_then_their_labels(files):
    parsed = read_source(files[0])  # Ajay Gupta
    records = list(parsed.records)
    papers = [r for r in records if isinstance(r, PaperRecord)]
    (cluster,) = [r for r in records if isinstance(r, ClusterRecord)]
    labels = [r for r in records if isinstance(r, ReferenceLabel)]
    assert records.index(cluster) == len(papers)  # papers, then the cluster, then labels
    assert (cluster.name, cluster.source, cluster.paper_keys) == ("Ajay Gupta", "arnetminer", tuple(p.source_key for p in papers))
    assert {(l.cluster_name, l.paper_key) for l in labels} == {("Ajay Gupta", p.source_key) for p in papers}
    third = papers[2]
    assert (third.source_key, third.title, third.year, third.venue) == ("149270", "Optimal Deployment of Triggers for Detecting Events", 2004, "DEXA")
    assert [a.name for a in third.authors] == ["Manish Bhide", "Ajay Gupta", "Mukul Joshi", "Mukesh K. Mohania"]
    assert next(l.person for l in labels if l.paper_key == "149270") == "2"
    assert all(a.affiliation is None for p in papers[:3] for a in p.authors)  # organization "null" is no affiliation


def test_repairs_name_the_file_and_line(files):
    by_name = {path.name: path for path in files}
    gupta = read_source(by_name["Ajay Gupta.xml"])
    list(gupta.records)
    assert gupta.repairs == [f"{by_name['Ajay Gupta.xml']}:296: entity &mdash; read as '—'"]
    bin_yu = read_source(by_name["Bin Yu.xml"])
    assert f"{by_name['Bin Yu.xml']}:167: a bare '&' escaped" in bin_yu.repairs
    paper = next(p for p in bin_yu.records if isinstance(p, PaperRecord) and p.line == 160)
    (own,) = [a for a in paper.authors if a.name == "Bin Yu"]
    assert own.affiliation == "Inst. of Comput. Theor. & Technol., Xidian Univ., Xi'an"


def test_a_generational_suffix_stays_with_its_author(files, tmp_path):
    by_name = {path.name: path for path in files}
    smith = next(p for p in read_source(by_name["Philip J. Smith.xml"]).records if isinstance(p, PaperRecord) and p.line == 169)
    assert [a.name for a in smith.authors][2:5] == ["Philip J. Smith", "Jack W. Smith Jr.", "Sally Rudmann"]  # authors on line 172
    wolf = next(p for p in read_source(by_name["Thomas Wolf.xml"]).records if isinstance(p, PaperRecord) and p.line == 259)
    assert [a.name for a in wolf.authors] == ["Thomas Wolf II", "Andreas Wicker", "Bernd Gutmann", "Herbert Weber II"]
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        store.import_files([by_name["Thomas Wolf.xml"]])
        (cluster,) = store.clusters()
        papers = {p.source_key: p for p in store.load_cluster(cluster.id).papers}
        assert papers[wolf.source_key].name_positions == (0,)  # found as the cluster's own name, as elsewhere


def test_the_own_person_is_found_as_the_evaluation_sets_find_it(tmp_path):
    # dblp's number after a generation ("Thomas Wolf II 0001"): the evaluation reader took it for the
    # cluster's own person, the importer for a coauthor. One rule (`names.is_own_name`) now serves both.
    authors = ["Thomas Wolf II 0001", "Ann Lee"]
    path = person_file(tmp_path, publication("1", ", ".join(authors), organization="TU Berlin"), name="Thomas Wolf")
    (paper,) = [r for r in read_source(path).records if isinstance(r, PaperRecord)]
    assert paper.filed_under == ("Thomas Wolf", "") and paper.authors[0].affiliation == "TU Berlin"
    assert split_own_name(authors, "Thomas Wolf") == (["Ann Lee"], "Thomas Wolf II 0001")


@pytest.mark.parametrize("organization, read", [
    ("Aff1 Aff2", None), ("af.affilation", None), ("AFF1", None),  # placeholders: no organization
    ("Affiliated Hospital of Qingdao University", "Affiliated Hospital of Qingdao University"),
    ("Affymetrix Inc.", "Affymetrix Inc."),
])
def test_a_placeholder_organization_is_no_affiliation(tmp_path, organization, read):
    """A tester: "John Hale's affiliation here: Aff1 Aff2", and both people's Fit read "12 of its papers give an
    affiliation, none Aff1 Aff2": Arnetminer's stand-ins were taken as institutions, evidence against everyone."""
    path = person_file(tmp_path, publication("1", "Ann Lee, Bo Chen", organization=organization))
    (paper,) = [r for r in read_source(path).records if isinstance(r, PaperRecord)]
    assert [a.affiliation for a in paper.authors] == [read, None]


def test_the_data_sets_placeholders_are_read_as_no_affiliation_also_on_a_re_import(files, tmp_path, monkeypatch):
    """A database that took them in before (the reader as it was) loses them on the next import of the files."""
    import re

    chosen = [path for path in files if path.stem in ("John Hale", "Bin Yu")]
    database = tmp_path / "review.sqlite3"

    def placeholders_stored() -> int:
        with closing(sqlite3.connect(database)) as connection:
            return connection.execute(
                "SELECT count(*) FROM authorship WHERE affiliation IN ('Aff1 Aff2', 'af.affilation')"
            ).fetchone()[0]

    for placeholder in (re.compile("(?!)"), arnetminer._PLACEHOLDER_ORGANIZATION):  # none recognised, then these
        monkeypatch.setattr(arnetminer, "_PLACEHOLDER_ORGANIZATION", placeholder)
        store = Store(database)
        try:
            store.import_files(chosen)
        finally:
            store.close()
        if placeholder.pattern == "(?!)":
            assert placeholders_stored() == 3
    assert placeholders_stored() == 0


def test_a_juniors_file_does_not_take_his_father_for_its_person(tmp_path):
    # The rule dropped the generation from the file's own name too: in "Jack W. Smith Jr."'s file his father
    # ("Jack W. Smith", "Jack W. Smith, Sr.") was the file's person as well, given the son's organization.
    authors = ["Jack W. Smith, Sr.", "Jack W. Smith, Jr.", "Jack W. Smith"]
    path = person_file(tmp_path, publication("1", ", ".join(authors), organization="OSU"), name="Jack W. Smith Jr.")
    (paper,) = [r for r in read_source(path).records if isinstance(r, PaperRecord)]
    assert paper.filed_under == ("", "Jack W. Smith Jr.", "")
    assert [a.affiliation for a in paper.authors] == [None, "OSU", None]
    assert split_own_name(authors, "Jack W. Smith Jr.", loose=False) == (["Jack W. Smith, Sr.", "Jack W. Smith"], "Jack W. Smith, Jr.")


def test_an_unreadable_year_is_left_empty_and_reported(tmp_path):
    # "20211" was stored as 2021 without a word (its first four digits); it is no year, as "20O4" is not.
    years = ("2004", "20O4", "20211", "0999")
    path = person_file(tmp_path, "".join(publication(str(n), "Ann Lee", year=year) for n, year in enumerate(years, start=1)))
    parsed = read_source(path)
    papers = [r for r in parsed.records if isinstance(r, PaperRecord)]
    assert [p.year for p in papers] == [2004, None, None, None]
    assert parsed.repairs == [
        f"{path}:{line}: year {year!r} is not a year (four digits, 1000 to 2100): left empty"
        for line, year in ((16, "20O4"), (25, "20211"), (34, "0999"))
    ]


def test_greek_and_unknown_entities(tmp_path):
    path = person_file(tmp_path, publication("1", "Ann Lee", title="Designs with &lgr;&gt;1, C&agr; &ohgr; &bogus; A&M"))
    parsed = read_source(path)
    (paper, _cluster, _label) = parsed.records
    assert paper.title == "Designs with λ>1, Cα ω &bogus; A&M"
    assert [r.split(": ", 1)[1] for r in parsed.repairs] == [
        "entity &lgr; read as 'λ'", "entity &agr; read as 'α'", "entity &ohgr; read as 'ω'",
        "unknown entity &bogus; kept as text", "a bare '&' escaped",
    ]


def test_a_paper_listed_twice_is_skipped_and_a_missing_name_reported(tmp_path):
    body = publication("7", "Ann Lee,Bo Chen") + publication("7", "Ann Lee") + publication("8", "A. Lee", label="1")
    parsed = read_source(person_file(tmp_path, body))
    records = list(parsed.records)
    assert [type(r).__name__ for r in records] == ["PaperRecord", "PaperRecord", "ClusterRecord", "ReferenceLabel", "ReferenceLabel"]
    assert len(parsed.skipped) == 1 and "paper id 7 listed a second time" in parsed.skipped[0]
    assert len(parsed.warnings) == 1 and "'Ann Lee' is not in its author list" in parsed.warnings[0]


def test_a_file_without_ids_or_name_is_refused_with_its_line(tmp_path):
    with pytest.raises(SourceError, match=r"Ann Lee\.xml:5: a <publication> without an <id>"):
        list(read_source(person_file(tmp_path, "<publication><title>T</title></publication>\n")).records)


def test_a_hostile_doctype_is_refused(tmp_path):
    path = tmp_path / "Evil.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE person [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<person><personID>1</personID><FullName>&x;</FullName></person>\n')
    with pytest.raises(SourceError, match="Evil.xml:2: the DOCTYPE declares its own DTD"):
        read_source(path)


def test_all_files_import_into_the_store_and_again_change_nothing(files, tmp_path):
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        reports = store.import_files(files)
        assert sum(r.papers_added for r in reports) == DISTINCT_PAPERS
        assert sum(r.reference_labels for r in reports) == PUBLICATIONS
        assert sum(len(r.repairs) for r in reports) == 299
        with sqlite3.connect(database) as connection:  # a "Jr." or "II" after a comma is no author of its own
            assert connection.execute("SELECT count(*) FROM authorship WHERE name IN ('II', 'III', 'Jr.')").fetchone() == (0,)
            assert connection.execute("SELECT count(*) FROM authorship WHERE name LIKE '% II' OR name LIKE '% Jr.'").fetchone() == (9,)
        clusters = store.clusters()
        assert len(clusters) == 55 and sum(c.papers for c in clusters) == PUBLICATIONS
        before = table_contents(database, skip=("import_log",))
        again = store.import_files(files)
        assert sum(r.papers_added for r in again) == 0
        assert table_contents(database, skip=("import_log",)) == before
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM reference_label").fetchone() == (PUBLICATIONS,)
        assert connection.execute("SELECT count(*) FROM decision").fetchone() == (0,)  # labels are never decisions


def shared_file(files: list[Path], name: str) -> Path:
    return next(path for path in files if path.name == name)


def affiliation_on(store: Store, cluster_name: str, paper_key: str) -> str | None:
    """The cluster's person's affiliation on the paper, as the window and the export show it."""
    cluster = store.find_cluster(cluster_name)
    return next(p.affiliation for p in store.load_cluster(cluster.id).papers if p.source_key == paper_key)


@pytest.mark.parametrize("together", [False, True], ids=["one file after the other", "in one import"])
def test_a_file_sharing_a_paper_keeps_the_other_files_affiliation(files, tmp_path, together):
    # Each file gives the organization of its own person only: Ning Zhang's file says nothing of Lei Wang's.
    jie, lei, ning = (shared_file(files, f"{name}.xml") for name in ("Jie Tang", "Lei Wang", "Ning Zhang"))
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        for batch in ([[jie, lei, ning]] if together else [[jie], [lei], [ning]]):
            store.import_files(batch)
        assert affiliation_on(store, "Lei Wang", "655201") == "Peking Univ., Beijing, China"
        assert affiliation_on(store, "Ning Zhang", "655201") == "Peking Univ., Beijing, China"
        assert affiliation_on(store, "Jie Tang", "1239571") == "Tsinghua University, Beijing, China"
        assert [r.papers_updated for r in store.import_files([jie, lei, ning])] == [0, 0, 0]  # again changes nothing


@pytest.mark.parametrize("organization, now", [("Peking University, Beijing 100871", "Peking University, Beijing 100871"), ("null", None)])
def test_a_newer_version_of_a_file_still_updates_its_own_persons_affiliation(files, tmp_path, organization, now):
    lei, ning = shared_file(files, "Lei Wang.xml"), shared_file(files, "Ning Zhang.xml")
    newer = tmp_path / "newer" / "Lei Wang.xml"
    newer.parent.mkdir()
    given = b"<id>655201</id>\n\t\t<label>20</label>\n\t\t<organization>Peking Univ., Beijing, China</organization>"
    assert given in lei.read_bytes()
    newer.write_bytes(lei.read_bytes().replace(given, given.replace(b"Peking Univ., Beijing, China", organization.encode())))
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        store.import_files([lei, ning])
        assert store.import_files([newer])[0].papers_updated == 1
        assert affiliation_on(store, "Lei Wang", "655201") == now
        assert affiliation_on(store, "Ning Zhang", "655201") == "Peking Univ., Beijing, China"


def test_a_publication_left_open_is_refused_at_its_own_line_not_at_the_end_of_the_file(tmp_path):
    """expat finds the fault only at </person>, the last line: line 951 of a 950-line Bin Yu file for a
    <publication> opened at line 25."""
    unclosed = publication("8", "Ann Lee").replace("</publication>\n", "")
    body = publication("7", "Ann Lee") + unclosed + publication("9", "Ann Lee")  # starts at lines 5, 14 and 22
    with pytest.raises(SourceError) as refused:
        read_source(person_file(tmp_path, body))
    assert refused.value.line == 14
    assert refused.value.message == "not well-formed XML: this <publication> is never closed (line 31 closes the <person> around it)"


def test_a_closing_tag_that_closes_nothing_open_is_refused_at_its_own_line(tmp_path):
    body = publication("7", "Ann Lee").replace("</title>", "</title></b>")
    with pytest.raises(SourceError, match=r"Ann Lee\.xml:6: not well-formed XML: mismatched tag"):
        read_source(person_file(tmp_path, body))


@pytest.mark.parametrize(("written", "repairs"), [("0", 0), ("null", 0), ("20O4", 1)])
def test_a_year_of_0_or_null_is_unknown_and_no_repair_as_in_the_other_data_sets(tmp_path, written, repairs):
    """dblp reports its "0" (test_formats_dblp); here, as in LBD and S2AND, it is a year not known."""
    parsed = read_source(person_file(tmp_path, publication("7", "Ann Lee", year=written)))
    (paper, *_rest) = parsed.records
    assert paper.year is None and len(parsed.repairs) == repairs


def test_with_folded_diacritics_a_name_spelt_without_its_accents_is_found_and_only_a_missing_one_warned(tmp_path):
    """The file's name was looked for with its accents whatever the import's option: with
    --fold-diacritics, 'Jurgen Muller' (in the cluster, with its organization) was warned as missing."""
    from models.importing import ImportOptions

    body = (publication("1", "Jürgen Müller,Bo Chen") + publication("2", "Cy Diaz,Jurgen Muller", organization="Uni A")
            + publication("3", "Cy Diaz,Dan Eve"))  # lines 5, 14, 23
    path = person_file(tmp_path, body, name="Jürgen Müller")
    with Store(tmp_path / "folded.sqlite3") as store:
        (folded,) = store.import_files([path], ImportOptions(fold_diacritics=True))
    assert folded.warnings == [f"{path}:23: 'A title': the name 'Jürgen Müller' is not in its author list"]
    with Store(tmp_path / "kept.sqlite3") as store:
        (kept,) = store.import_files([path])
    assert kept.warnings == [
        f"{path}:14: 'A title': the name 'Jürgen Müller' is not in its author list; it spells it 'Jurgen Muller', "
        "one name only with --fold-diacritics",
        f"{path}:23: 'A title': the name 'Jürgen Müller' is not in its author list",
    ]
    with sqlite3.connect(tmp_path / "folded.sqlite3") as raw:
        assert raw.execute("SELECT affiliation FROM authorship WHERE name = 'Jurgen Muller'").fetchone() == ("Uni A",)
