"""dblp XML: the real sample, streaming in flat memory, and hostile files refused."""

from __future__ import annotations

import sqlite3
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED_DATA, table_contents
from models.errors import SourceError
from models.formats import dblp
from models.records import AuthorRowRecord, PaperRecord
from models.sources import read_source
from models.store import Store

SECRET = "TOP-SECRET-7f3a9c"
DTD = '<!ENTITY auml "&#228;">\n<!ENTITY uuml "&#252;">\n<!ELEMENT dblp ANY>\n'


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data folder is not beside the project")
    return path


def write_dblp(folder: Path, body: str, doctype: str = '<!DOCTYPE dblp SYSTEM "dblp.dtd">', dtd: str | None = DTD) -> Path:
    if dtd is not None:
        (folder / "dblp.dtd").write_text(dtd, encoding="utf-8")
    path = folder / "dblp.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<dblp>\n{body}</dblp>\n', encoding="utf-8")
    return path


def records_of(path: Path) -> list:
    return list(read_source(path).records)


# The real sample ------------------------------------------------------------


def test_the_sample_gives_every_record_as_a_paper_with_its_type():
    parsed = read_source(shared("dblp", "dblp-sample.xml"))
    papers = list(parsed.records)
    assert parsed.format == dblp.FORMAT and parsed.clusters_from_names
    assert all(isinstance(p, PaperRecord) for p in papers)
    assert Counter(p.pub_type for p in papers) == {
        "incollection": 651, "article": 565, "www": 16, "mastersthesis": 6, "book": 4, "inproceedings": 2, "proceedings": 1,
    }
    assert parsed.warnings == [] and parsed.skipped == []


def test_sample_keeps_keys_suffixes_links_dois_and_editors():
    papers = {p.source_key: p for p in records_of(shared("dblp", "dblp-sample.xml"))}
    spectre = papers["tr/meltdown/s18"]
    assert (spectre.title, spectre.year, spectre.venue) == ("Spectre Attacks: Exploiting Speculative Execution.", 2018, "meltdownattack.com")
    schwarz = next(a for a in spectre.authors if a.name.startswith("Michael Schwarz"))
    assert (schwarz.name, schwarz.author_row_key, schwarz.role) == ("Michael Schwarz 0001", "Michael Schwarz 0001", "author")
    assert spectre.links == ("https://spectreattack.com/spectre.pdf",)
    assert papers["tr/acm/CS2013"].ids == (("dblp", "tr/acm/CS2013"), ("doi", "10.1145/2534860"))
    proceedings = papers["tr/trier/MI99-17"]
    assert [(a.name, a.role) for a in proceedings.authors] == [
        ("Dieter Baum", "editor"), ("Norbert Th. Müller", "editor"), ("Richard Rödler", "editor"),
    ]
    assert proceedings.venue == "MMB (Kurzvorträge)"
    editors = sum(1 for p in papers.values() for a in p.authors if a.role == "editor")
    assert editors == 38


def test_entities_come_from_the_dtd_beside_the_file():
    papers = records_of(shared("dblp", "dblp-sample.xml"))
    names = {a.name for p in papers for a in p.authors}
    assert {"Jérôme Siméon", "Günther Heinemann", "M. Tamer Özsu"} <= names
    assert not any("&" in name for name in names)


def test_sample_imports_into_the_store_and_again_changes_nothing(tmp_path):
    sample = shared("dblp", "dblp-sample.xml")
    with Store(tmp_path / "db.sqlite3", reviewer="t") as store:
        (report,) = store.import_files([sample])
        assert (report.format, report.papers_added) == (dblp.FORMAT, 1245)
        before = table_contents(tmp_path / "db.sqlite3", skip=("import_log",))
        (again,) = store.import_files([sample])
        assert (again.papers_added, again.papers_updated, again.papers_unchanged) == (0, 0, 1245)
        assert table_contents(tmp_path / "db.sqlite3", skip=("import_log",)) == before
    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        rows = dict(connection.execute("SELECT source_key, name_key FROM author_row WHERE source_key LIKE 'Michael Schwarz%'"))
        editors = connection.execute("SELECT count(*) FROM authorship WHERE role = 'editor'").fetchone()[0]
    assert rows == {"Michael Schwarz 0001": "michael schwarz"}  # its own row; the cluster key drops the suffix
    assert editors == 38


# Homepages, markup, odd records ---------------------------------------------


def test_homepages_are_author_rows_and_disambiguation_pages_are_skipped(tmp_path):
    path = write_dblp(tmp_path, """
<www mdate="2020-01-01" key="homepages/s/MichaelSchwarz1">
<author orcid="0000-0002-1825-0097">Michael Schwarz 0001</author>
<author>Michael Schwarz 0009</author>
<title>Home Page</title>
<url>https://misc0110.net/</url>
<url>db/pers/s/Schwarz:Michael.html</url>
<note type="affiliation">Graz University of Technology, Austria</note>
<note type="award">not an affiliation</note>
</www>
<www mdate="2020-01-01" key="homepages/s/MichaelSchwarz">
<author>Michael Schwarz</author>
<title>Home Page</title>
<note type="disambiguation">Disambiguation Page</note>
</www>
<www mdate="2020-01-01" key="www/org/w3/dom"><title>W3C DOM</title><year>1997</year></www>
""")
    parsed = read_source(path)
    records = list(parsed.records)
    row, web_page = records
    assert row == AuthorRowRecord(
        "dblp", "Michael Schwarz 0001", "Michael Schwarz 0001", variants=("Michael Schwarz 0009",),
        urls=("https://misc0110.net/", "https://dblp.org/db/pers/s/Schwarz:Michael.html"),
        affiliations=("Graz University of Technology, Austria",), orcid="0000-0002-1825-0097",
    )
    assert (web_page.source_key, web_page.pub_type) == ("www/org/w3/dom", "www")
    assert len(parsed.skipped) == 1 and "dblp.xml:" in parsed.skipped[0] and "disambiguation" in parsed.skipped[0]


def test_inline_markup_stays_in_the_title_and_odd_values_are_reported(tmp_path):
    path = write_dblp(tmp_path, """
<article key="a/1"><author>Ann M&uuml;ller</author><title>The <i>L</i><sub>2</sub> &unknown; bound</title><year>n.d.</year></article>
<article mdate="2020"><title>No key</title></article>
""")
    parsed = read_source(path)
    (paper,) = parsed.records
    assert paper.title == "The L2 &unknown; bound" and paper.authors[0].name == "Ann Müller" and paper.year is None
    assert any("dblp.xml:5: &unknown; is not defined" in w for w in parsed.warnings)
    assert any("not a year" in w for w in parsed.warnings)
    assert parsed.skipped == [f"{path}:6: <article> without a key attribute"]


def test_recognised_by_content_whatever_the_extension(tmp_path):
    path = write_dblp(tmp_path, '<article key="a/1"><title>T</title></article>\n')
    renamed = path.rename(tmp_path / "download.txt")
    assert read_source(renamed).format == dblp.FORMAT


def test_broken_xml_names_the_line(tmp_path):
    path = write_dblp(tmp_path, '<article key="a/1">\n<title>T</titel>\n</article>\n')
    with pytest.raises(SourceError, match=r"dblp\.xml:5: not well-formed XML"):
        records_of(path)


# Streaming --------------------------------------------------------------------


def synthetic_dblp(folder: Path, records: int) -> Path:
    (folder / "dblp.dtd").write_text(DTD, encoding="utf-8")
    path = folder / "dblp.xml"
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n')
        for n in range(records):
            out.write(
                f'<article key="journals/x/P{n}"><author>J&uuml;rgen M&uuml;ller {n % 9999:04d}</author>'
                f"<author>Ann Lee</author><title>On things number {n}.</title><journal>J. Test</journal>"
                f"<year>{1990 + n % 30}</year><ee>https://doi.org/10.1000/{n}</ee></article>\n"
            )
        out.write("</dblp>\n")
    return path


def peak_memory_reading(path: Path) -> tuple[int, int]:
    """(records read, peak bytes allocated while reading them, none kept)."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in dblp.parse(path).records)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_file_streams_in_flat_memory(tmp_path):
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    small = synthetic_dblp(tmp_path / "small", 5_000)
    large = synthetic_dblp(tmp_path / "large", 20_000)
    assert large.stat().st_size > 3_000_000
    (small_count, small_peak), (large_count, large_peak) = peak_memory_reading(small), peak_memory_reading(large)
    assert (small_count, large_count) == (5_000, 20_000)
    # Four times the records, the same memory: only one chunk's records are ever held.
    assert large_peak < small_peak * 1.5, f"{small_peak:,} bytes for 5,000 records, {large_peak:,} for 20,000"
    assert large_peak < 4_000_000


def test_records_arrive_before_the_file_is_read_to_the_end(tmp_path):
    path = synthetic_dblp(tmp_path, 20_000)
    records = dblp.parse(path).records
    first = next(records)
    assert first.source_key == "journals/x/P0"
    records.close()  # a reader stopped early closes its file


# Hostile files ----------------------------------------------------------------

BILLION_LAUGHS = "".join(
    ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
)


def assert_refused_quickly(path: Path, match: str) -> SourceError:
    started = time.monotonic()
    with pytest.raises(SourceError, match=match) as raised:
        records_of(path)
    assert time.monotonic() - started < 2
    assert SECRET not in str(raised.value)
    return raised.value


def test_billion_laughs_in_the_file_is_refused(tmp_path):
    path = write_dblp(tmp_path, "<article key='x'><title>&lol9;</title></article>\n", doctype=f"<!DOCTYPE dblp [{BILLION_LAUGHS}]>")
    error = assert_refused_quickly(path, "declares its own DTD")
    assert error.path == str(path) and error.line == 2


def test_billion_laughs_in_the_dtd_beside_the_file_is_refused(tmp_path):
    path = write_dblp(tmp_path, "<article key='x'><title>&lol9;</title></article>\n", dtd=BILLION_LAUGHS)
    error = assert_refused_quickly(path, "expands other entities")
    assert error.path.endswith("dblp.dtd")


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return secret


def test_external_entity_in_the_file_is_refused(tmp_path, secret_file):
    doctype = f'<!DOCTYPE dblp [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    path = write_dblp(tmp_path, "<article key='x'><title>&xxe;</title></article>\n", doctype=doctype)
    assert_refused_quickly(path, "declares its own DTD")


def test_external_entity_in_the_dtd_is_refused(tmp_path, secret_file):
    path = write_dblp(tmp_path, "<article key='x'><title>&xxe;</title></article>\n", dtd=f'<!ENTITY xxe SYSTEM "file://{secret_file}">')
    assert_refused_quickly(path, "external entity 'xxe'")


def test_a_doctype_pointing_anywhere_but_beside_the_file_is_refused(tmp_path, secret_file):
    for system_id in (f"file://{secret_file}", "https://dblp.org/xml/dblp.dtd", "../secret.txt", str(secret_file)):
        path = write_dblp(tmp_path, "<article key='x'><title>T</title></article>\n", doctype=f'<!DOCTYPE dblp SYSTEM "{system_id}">')
        assert_refused_quickly(path, "plain file name beside the XML file")


def test_a_missing_dtd_is_named(tmp_path):
    path = write_dblp(tmp_path, "<article key='x'><title>T</title></article>\n", dtd=None)
    assert_refused_quickly(path, "needs dblp.dtd beside it")


def test_a_refused_file_leaves_the_store_as_it_was_and_holds_no_secret(tmp_path, secret_file):
    doctype = f'<!DOCTYPE dblp [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    path = write_dblp(tmp_path, "<article key='x'><title>&xxe;</title></article>\n", doctype=doctype)
    database = tmp_path / "db.sqlite3"
    with Store(database, reviewer="t") as store:
        before = table_contents(database)
        with pytest.raises(SourceError):
            store.import_files([path])
        assert table_contents(database) == before
    assert SECRET.encode() not in database.read_bytes()


@pytest.mark.parametrize("written", ["0", "null", "n.d.", "20211", "0999", "2101"])
def test_a_dblp_year_that_is_no_year_is_reported_even_where_the_data_sets_mean_unknown(tmp_path, written):
    """dblp writes a year or no <year>: its "0" or "null" is an error in the record, reported. The same
    helper as the data sets' readers (`year_problem`), where "0" and "null" mean unknown (LBD writes 0).
    "20211" was stored as 2021 without a word: the first four digits were taken for the year."""
    path = write_dblp(tmp_path, f'<article key="a/1"><author>Ann Lee</author><title>T</title><year>{written}</year></article>\n')
    parsed = read_source(path)
    (paper,) = parsed.records
    assert paper.year is None
    assert parsed.warnings == [f"{path}:4: dblp record a/1: year {written!r} is not a year (four digits, 1000 to 2100)"]


def test_a_wrong_year_is_reported_at_the_line_of_its_year_not_of_its_record(tmp_path):
    """The note named the record's first line (4 here, 43 in the tester's file for a year at 49)."""
    body = '<article key="a/1">\n<author>Ann Lee</author>\n<title>T</title>\n<year>nineteen</year>\n</article>\n'
    body += '<article key="a/2"><author>Ann Lee</author><title>T</title><year>20211</year></article>\n'
    path = write_dblp(tmp_path, body)
    parsed = read_source(path)
    assert [p.year for p in parsed.records] == [None, None]
    assert [w.split(": dblp record")[0] for w in parsed.warnings] == [f"{path}:7", f"{path}:9"]
