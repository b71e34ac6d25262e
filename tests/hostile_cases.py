"""The hostile corpus (tests/hostile/) and what each file must give.

Every file is either refused, with a `SourceError` naming the file, the
line where the reader knows it, and what is wrong; or read correctly, where
a reader can sensibly read it (UTF-16 with a byte-order mark, Latin-1 that
an XML declaration announces, a key given twice where the format says the
first one stands). Big files are made at test time by `make_big`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, SEED_PAGE

HOSTILE = ROOT / "tests" / "hostile"
SEEDS = HOSTILE / "seeds"
MB = 1 << 20
EMPTY = "the file is empty"
NOT_UTF8 = r"not UTF-8 text \(Latin-1 or binary data\?\); save the file as UTF-8"
OWN_DTD = r"the DOCTYPE declares its own DTD \(<!DOCTYPE \S+ \[ \.\.\. \]>\); refused: that is where entity bombs"
NOT_A_FORMAT = "not a format Namesake reads"
SQLITE = r" \(a SQLite database: Namesake opens its database with --db, and puts a backup back with File → Restore a backup…\)"


@dataclass(frozen=True)
class Refused:
    line: int | None  # None: the reader names the record instead
    message: str  # a regular expression for what follows "file:line: "
    file: str | None = None  # the file the error names, if not the one imported (a DTD, a part of a folder)


@dataclass(frozen=True)
class Read:
    papers: int
    cluster: str | None = None  # a cluster the file must give (accents read right)
    skipped: str | None = None  # a note the import must give, word for word after "file: "


CASES: dict[str, Refused | Read] = {
    # Arrow page
    "arrow/empty.txt": Refused(1, EMPTY),
    "arrow/blank.txt": Refused(1, EMPTY),
    "arrow/truncated-after-venue.txt": Refused(30, r"a venue line without a title and authors: 'ICLR Conference 2025 Conference Paper' \(truncated page\?\)"),
    "arrow/truncated-header.txt": Refused(9, r"no 'Possible papers' section: is the page truncated\?"),
    "arrow/binary.txt": Refused(1, NOT_A_FORMAT + r" \(binary data, not text\)"),
    "arrow/binary-after-heading.txt": Refused(7, NOT_UTF8),
    "arrow/latin1.txt": Refused(5, NOT_UTF8),
    "arrow/cp1252.txt": Refused(5, NOT_UTF8),
    "arrow/utf16-bom.txt": Read(7, "Shéngen Yan"),
    "arrow/executable.txt": Refused(1, NOT_A_FORMAT + r" \(binary data \(an executable\), not text\)"),  # "UTF-16" before
    "arrow/utf16-no-bom.txt": Refused(1, NOT_A_FORMAT + r" \(UTF-16 text without a byte-order mark, it seems: save it as UTF-8\)"),
    "arrow/duplicate-paper.txt": Read(8, "Shengen Yan"),  # two entries on one page are two papers
    "arrow/empty-bullet.txt": Refused(21, r"expected an author bullet \('• Name'\), found '•'"),
    "arrow/form-feed-then-error.txt": Refused(120, "a venue line without a title and authors"),  # 121 before
    # dblp XML
    "dblp/empty.xml": Refused(1, EMPTY),
    "dblp/truncated.xml": Refused(11, "not well-formed XML: unclosed token"),
    "dblp/binary.xml": Refused(1, r"not well-formed XML: not well-formed \(invalid token\)"),
    "dblp/latin1-declared-utf8.xml": Refused(4, r"not well-formed XML: not well-formed \(invalid token\)"),
    "dblp/latin1-declared.xml": Read(2, "Änn Lée"),
    "dblp/utf16-bom.xml": Read(2, "Änn Lée"),
    "dblp/utf16-bom-declared-utf8.xml": Refused(1, "not well-formed XML: encoding specified in XML declaration is incorrect"),
    "dblp/unknown-encoding.xml": Refused(1, r"declares an encoding Namesake cannot read \(unknown encoding: UTF-n\)"),
    "dblp/entity-bomb.xml": Refused(2, OWN_DTD),
    "dblp/external-entity.xml": Refused(2, OWN_DTD),
    "dblp/parameter-entity.xml": Refused(2, OWN_DTD),
    "dblp/dtd-from-url.xml": Refused(2, "refers to the DTD 'http://attacker.invalid/evil.dtd'; Namesake reads a DTD only from a plain file name"),
    "dblp/dtd-bomb/dblp.xml": Refused(2, r"the entity 'lol1' expands other entities; refused \(entity expansion bomb\)", "dblp/dtd-bomb/dblp.dtd"),
    "dblp/dtd-external-entity/dblp.xml": Refused(
        2, r"declares the external entity 'passwd' \(file:///etc/passwd\); Namesake never loads those", "dblp/dtd-external-entity/dblp.dtd"
    ),
    "dblp/duplicate-keys.xml": Read(2, "Ann Lee", "dblp key journals/x/Lee20 given at lines 3 and 11: the last stands"),
    "dblp/not-dblp-root.xml": Refused(24, "not well-formed XML: no element found"),
    # ORCID XML
    "orcid/empty.xml": Refused(1, EMPTY),
    "orcid/truncated.xml": Refused(35, "not well-formed XML: unclosed token"),
    "orcid/binary.xml": Refused(7, r"not well-formed XML: not well-formed \(invalid token\)"),
    "orcid/latin1-declared-utf8.xml": Refused(17, r"not well-formed XML: not well-formed \(invalid token\)"),
    "orcid/utf16-bom.xml": Read(1),
    "orcid/duplicate-put-codes.xml": Read(1),  # one paper: the first work of a path stands
    "orcid/multibyte-encoding.xml": Refused(1, r"declares an encoding Namesake cannot read \(multi-byte encodings are not supported\)"),
    "orcid/entity-bomb.xml": Refused(2, OWN_DTD),
    "orcid/external-entity.xml": Refused(2, OWN_DTD),
    "orcid/dtd-from-url.xml": Refused(2, r"the DOCTYPE refers to an external DTD \('http://attacker.invalid/evil.dtd'\); this format has none"),
    # Arnetminer XML
    "arnetminer/empty.xml": Refused(1, EMPTY),
    "arnetminer/truncated.xml": Refused(12, "not well-formed XML: unclosed token"),
    "arnetminer/binary.xml": Refused(6, NOT_UTF8),
    "arnetminer/latin1-declared-utf8.xml": Refused(4, NOT_UTF8),
    "arnetminer/latin1-declared.xml": Read(2, "Änn Lée"),
    "arnetminer/utf16-bom.xml": Read(2, "Änn Lée"),
    "arnetminer/escape-encoding.xml": Refused(1, "declares the encoding 'unicode_escape', which is not a character set Namesake knows"),
    "arnetminer/entity-bomb.xml": Refused(2, OWN_DTD),
    "arnetminer/external-entity.xml": Refused(2, OWN_DTD),
    "arnetminer/duplicate-ids.xml": Read(2, "Ann Lee"),  # the second is skipped, with a note
    "arnetminer/publication-without-id.xml": Refused(14, "a <publication> without an <id>: its paper would have no stable key"),
    "arnetminer/no-full-name.xml": Refused(2, "the <person> has no <FullName>: the cluster has no name"),
    # OpenAlex JSON and JSON Lines
    "openalex/empty.json": Refused(1, EMPTY),
    "openalex/truncated.json": Refused(7, r"not valid JSON: the text ends inside a string that starts at column 4 \(cut short\?\)"),
    "openalex/binary.json": Refused(1, NOT_UTF8),
    "openalex/latin1.json": Refused(9, NOT_UTF8),
    "openalex/utf16-bom.json": Read(1, "Änn Lée"),
    "openalex/authorships-a-string.json": Refused(1, "W1.authorships should be an array, not the text 'Ann Lee'"),
    "openalex/institution-a-number.json": Refused(1, r"W1.authorships\[0\].institutions\[0\] should be an object, not the number 7"),
    "openalex/abstract-index-wrong.json": Refused(1, "W1.abstract_inverted_index.word should be an array, not the text 'zero'"),
    "openalex/title-a-list.json": Refused(1, "W1.title should be text, not an array"),
    "openalex/result-not-an-object.json": Refused(1, "result 2: expected an OpenAlex object, found the text 'W2'"),
    "openalex/duplicate-ids.json": Read(1, "Änn Lée", "openalex key W1 given twice: the last stands"),  # no lines in a document
    "openalex/surrogate.json": Refused(1, r"paper 'W1': the title holds an unpaired surrogate \(\\ud800, at character 4\): not text"),
    "openalex/huge-year.json": Refused(1, r"W1: year '1000000000000000000000000000000' is not a year \(four digits, 1000 to 2100\)"),
    "openalex/year-five-digits.json": Refused(1, r"W1: year '20211' is not a year \(four digits, 1000 to 2100\)"),  # was stored as is
    "openalex/year-letter.json": Refused(1, r"W1: year '2O21' is not a year \(four digits, 1000 to 2100\)"),  # was left empty without a word
    "openalex/long-number.json": Refused(1, "not valid JSON: a number too long to read"),
    "openalex/one-line-page.json": Read(1, "Änn Lée"),  # a page of results on one line: read as one
    "openalex/lines-truncated.jsonl": Refused(2, "not valid JSON"),
    "openalex/lines-latin1.jsonl": Refused(1, NOT_UTF8),
    "openalex/lines-utf16-bom.jsonl": Read(2, "Änn Lée"),
    "openalex/lines-wrong-type.jsonl": Refused(2, "W2.primary_location should be an object, not the text 'PeerJ'"),
    "openalex/lines-array.jsonl": Refused(2, "expected an OpenAlex object, found an array"),
    "openalex/lines-nul.jsonl": Refused(2, r"binary data \(a NUL byte\), not text"),
    "openalex/lines-duplicate-ids.jsonl": Read(1, "Änn Lée", "openalex key W1 given at lines 1 and 2: the last stands"),
    "openalex/lines-duplicate-key.jsonl": Refused(2, "an object gives the key 'title' twice: which one is meant?"),
    # S2AND folders
    "s2and/empty-signatures": Refused(1, EMPTY, "s2and/empty-signatures/signatures.json"),
    "s2and/truncated-signatures": Refused(15, "not valid JSON", "s2and/truncated-signatures/signatures.json"),
    "s2and/binary-papers": Refused(1, NOT_UTF8, "s2and/binary-papers/papers.json"),
    "s2and/latin1-papers": Refused(1, NOT_UTF8, "s2and/latin1-papers/papers.json"),
    "s2and/utf16-bom": Read(2, "a lee"),
    "s2and/block-a-list": Refused(
        None, r"signature 1 \(record 2\): author_info.block should be text, not an array", "s2and/block-a-list/signatures.json"
    ),
    "s2and/affiliations-a-string": Refused(
        None, r"signature 0 \(record 1\): author_info.affiliations should be an array", "s2and/affiliations-a-string/signatures.json"
    ),
    "s2and/paper-authors-a-string": Refused(
        None, "paper 102: authors should be an array, not the text 'Cy Diaz, A. Lee'", "s2and/paper-authors-a-string/papers.json"
    ),
    "s2and/cluster-ids-a-number": Refused(
        None, "true cluster 1: signature_ids should be an array, not the number 0", "s2and/cluster-ids-a-number/clusters.json"
    ),
    "s2and/signatures-an-array": Refused(1, "expected a JSON object keyed by id", "s2and/signatures-an-array/signatures.json"),
    "s2and/duplicate-signature-ids": Refused(
        30, "an object gives the key '1' twice: which one is meant?", "s2and/duplicate-signature-ids/signatures.json"
    ),
    # LBD files and folders
    "lbd/empty.txt": Refused(1, EMPTY),
    "lbd/truncated.txt": Refused(2, "expected 'id;person;name;coauthors;title;venue;year', found '542;24;a gupta"),
    "lbd/binary.txt": Refused(1, NOT_A_FORMAT + r" \(binary data, not text\)"),
    "lbd/numbers.txt": Refused(1, NOT_A_FORMAT + r" \(binary data, not text\)"),  # NULs in both halves: "UTF-16" before
    "lbd/latin1.txt": Refused(1, NOT_UTF8),
    "lbd/utf16-bom.txt": Read(2, "a gupta"),
    "lbd/nul.txt": Refused(1, r"binary data \(a NUL byte\), not text"),
    "lbd/duplicate-ids.txt": Read(2, "a gupta"),  # the second line of an id is skipped, with a note
    "lbd/eight-fields.txt": Refused(3, "expected 'id;person;name;coauthors;title;venue;year'"),
    "lbd/year-five-digits.txt": Refused(3, r"year '20211' is not a year \(four digits, 1000 to 2100\)"),  # was read as 2021
    "lbd/year-letter.txt": Refused(3, r"year '20O5' is not a year \(four digits, 1000 to 2100\)"),  # "expected 'id;person;…'" before
    "lbd/form-feed-then-error.txt": Refused(3, "found 'not a line'"),  # 4 before
    "lbd/Base_1991-many-separators.txt": Refused(1, NOT_A_FORMAT),  # minutes of backtracking before
    "lbd/Base_1992-truncated.txt": Refused(2, "expected 'id<>person_paper<>coauthors<>title<>venue<>name<>'"),
    "lbd/folder-with-binary": Refused(3, NOT_UTF8, "lbd/folder-with-binary/agupta_test_f0.txt"),
    # Namesake input JSON
    "namesake/empty.json": Refused(1, EMPTY),
    "namesake/truncated.json": Refused(42, "not valid JSON: Expecting ',' delimiter"),
    "namesake/binary.json": Refused(1, NOT_UTF8),
    "namesake/latin1.json": Refused(60, NOT_UTF8),
    "namesake/utf16-bom.json": Read(3, "Ann Lee"),
    "namesake/not-an-object.json": Refused(1, NOT_A_FORMAT + r" \(a JSON file of unknown shape\)"),
    "namesake/version-2.json": Refused(None, "the document: version should be 1, not 2"),
    "namesake/papers-an-object.json": Refused(None, "the document: papers should be array, not an object"),
    "namesake/title-a-number.json": Refused(None, r'papers\[1\] \("p2"\): title should be string, not a number'),
    "namesake/authors-an-object.json": Refused(None, r'papers\[0\] \("p1"\): authors should be array, not an object'),
    "namesake/database-backup.sqlite3": Refused(1, NOT_A_FORMAT + SQLITE),  # "UTF-16 text ... save it as UTF-8" before
    "namesake/database-renamed.json": Refused(1, NOT_A_FORMAT + SQLITE),
    "namesake/duplicate-paper-keys.json": Refused(None, r"papers\[3\] \(\"p1\"\): the paper key 'p1' of source 'example-lab' is given a second time"),
    "namesake/duplicate-section.json": Refused(80, "an object gives the key 'papers' twice: which one is meant?"),  # line: None before
    "namesake/duplicate-title.json": Refused(13, r"papers\[1\]: an object gives the key 'title' twice: which one is meant\?"),
    "namesake/unknown-paper-in-cluster.json": Refused(None, r"cluster 'Ann Lee' lists papers not given before it in this file: \['p9'\]"),
    "namesake/bad-orcid.json": Refused(None, "'0000-0002-1825-0098' is not a valid ORCID iD"),
    "namesake/huge-year.json": Refused(None, r'papers\[0\] \("p1"\): year should be at most 2100, not 1000000000000000000000000000000'),
    "namesake/year-five-digits.json": Refused(None, r'papers\[0\] \("p1"\): year should be at most 2100, not 20211'),  # was stored as is
    "namesake/surrogate.json": Refused(None, r"paper 'p3': the title holds an unpaired surrogate \(\\ud800"),
    "namesake/long-number.json": Refused(25, "not valid JSON: a number too long to read"),
    # Namesake input JSON Lines
    "namesake/lines-truncated.jsonl": Refused(4, "not valid JSON"),
    "namesake/lines-latin1.jsonl": Refused(5, NOT_UTF8),
    "namesake/lines-utf16-bom.jsonl": Read(3, "Ann Lee"),
    "namesake/lines-type-a-list.jsonl": Refused(3, "expected an object whose 'type' is one of author_row, paper, cluster, label, header"),
    "namesake/lines-not-objects.jsonl": Refused(3, "expected an object whose 'type' is one of"),
    "namesake/lines-header-late.jsonl": Refused(1, r"author_row record: no 'source' \(give one in the record, or in the document or header\)"),
    "namesake/lines-duplicate-keys.jsonl": Refused(6, "paper record: the paper key 'p1' of source 'example-lab' is given a second time"),
    "namesake/lines-wrong-type.jsonl": Refused(4, "paper record: authors should be array, not a string"),
    "namesake/lines-surrogate.jsonl": Refused(5, r"paper 'p3': the title holds an unpaired surrogate \(\\ud800"),
    # A JSON escape can make a NUL, which SQLite stores and cuts the text at: length(title) read 0.
    "namesake/lines-nul.jsonl": Refused(5, r"paper 'p3': the title holds a NUL character \(\\u0000, at character 1\): not text"),
    # Namesake's own export, read back
    "namesake-export/truncated.json": Refused(33, "not valid JSON"),
    "namesake-export/people-not-objects.json": Refused(None, r"cluster export 1: people\[0\] should be an object, not the text 'Ann Lee'"),
    "namesake-export/declared-a-list.json": Refused(None, "cluster export 1: cluster.declared should be an object, not an array"),
    "namesake-export/source-key-a-number.json": Refused(None, r"cluster export 1: undecided\[0\].source_key should be text, not the number 3"),
    "namesake-export/authors-a-string.json": Refused(None, r"cluster export 1: undecided\[0\].authors should be an array, not the text 'Ann Lee'"),
    "namesake-export/year-five-digits.json": Refused(  # was stored as is
        None, r"cluster export 1: paper example-lab:p2: year '20211' is not a year \(four digits, 1000 to 2100\)"
    ),
}

# One file per format for the command line (it prints the same errors).
CLI_CASES = [
    "arrow/truncated-after-venue.txt", "dblp/entity-bomb.xml", "dblp/dtd-bomb/dblp.xml", "orcid/external-entity.xml",
    "arnetminer/latin1-declared-utf8.xml", "openalex/lines-wrong-type.jsonl", "s2and/block-a-list", "lbd/folder-with-binary",
    "namesake/title-a-number.json", "namesake/lines-surrogate.jsonl", "namesake-export/truncated.json",
]


def corpus_targets() -> set[str]:
    """What the corpus holds to import: files, and the folders of folder formats (a DTD goes with its XML)."""
    targets = set()
    for path in HOSTILE.rglob("*"):
        parts = path.relative_to(HOSTILE).parts
        if parts[0] == "seeds" or not path.is_file() or path.suffix in {".dtd", ".md"}:
            continue
        folder_format = parts[0] in {"s2and"} or (parts[0] == "lbd" and len(parts) > 2)
        targets.add("/".join(parts[:2]) if folder_format else "/".join(parts))
    return targets


# Big inputs, made at test time ---------------------------------------------------------


def big_title(size: int = 50 * MB) -> str:
    """A title of `size` characters (one long word: collapsing white space in words took most of the time)."""
    return "Title-" + "x" * (size - 6)


def nested(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def _json_lines(items: list) -> str:
    return "".join((item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n" for item in items)


def _seed_json(name: str):
    return json.loads((SEEDS / name).read_text(encoding="utf-8"))


def _seed_lines(name: str) -> list:
    return [json.loads(line) for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]


def _s2and(folder: Path, papers: str | None = None, signatures: str | None = None) -> Path:
    shutil.copytree(SEEDS / "s2and", folder)
    if papers is not None:
        (folder / "papers.json").write_text(papers, encoding="utf-8")
    if signatures is not None:
        (folder / "signatures.json").write_text(signatures, encoding="utf-8")
    return folder


def _replace(name: str, old: str, new: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8") if name != "arrow" else SEED_PAGE.read_text(encoding="utf-8")
    assert old in text, (name, old)
    return text.replace(old, new, 1)


def _with_title(document: dict, section: str, index: int, title: str) -> dict:
    document[section][index]["title"] = title
    return document


def make_big_title(kind: str, folder: Path) -> Path:
    """A file (or folder) of format `kind` whose first paper's title is 50 MB."""
    title = big_title()
    target = folder / kind
    if kind == "arrow.txt":
        target.write_text(_replace("arrow", "Distilled Decoding 2: One-step Sampling of Image Auto-regressive Models", title), encoding="utf-8")
    elif kind in {"dblp.xml", "arnetminer.xml"}:
        target.write_text(_replace(kind, "<title>On Things", "<title>" + title), encoding="utf-8")
    elif kind == "orcid.xml":
        target.write_text(_replace(kind, "<common:title>common:title", "<common:title>" + title), encoding="utf-8")
    elif kind == "lbd.txt":
        target.write_text(_replace(kind, "internet futur tragedi common", title), encoding="utf-8")
    elif kind == "Base_1990.txt":
        target.write_text(_replace(kind, "protocolo de comunicacao", title), encoding="utf-8")
    elif kind == "openalex.json":
        target.write_text(json.dumps(dict(_seed_json(kind), title=title)), encoding="utf-8")
    elif kind in {"openalex.jsonl", "namesake.jsonl"}:
        lines = _seed_lines(kind)
        at = 0 if kind == "openalex.jsonl" else 2
        lines[at] = dict(lines[at], title=title)
        target.write_text(_json_lines(lines), encoding="utf-8")
    elif kind == "namesake.json":
        target.write_text(json.dumps(_with_title(_seed_json(kind), "papers", 0, title)), encoding="utf-8")
    elif kind == "export.json":
        target.write_text(json.dumps(_with_title(_seed_json(kind), "undecided", 0, title)), encoding="utf-8")
    elif kind == "s2and":
        papers = _seed_json("s2and/papers.json")
        papers["101"]["title"] = title
        _s2and(target, papers=json.dumps(papers))
    else:
        raise ValueError(kind)
    return target


# Each big title: the line its error names (None: the record is named instead) and the file, if not the target.
BIG_TITLES: dict[str, tuple[int | None, str | None]] = {
    "arrow.txt": (16, None), "dblp.xml": (3, None), "orcid.xml": (2, None), "arnetminer.xml": (5, None),
    "openalex.json": (1, None), "openalex.jsonl": (1, None), "namesake.json": (None, None), "namesake.jsonl": (3, None),
    "export.json": (None, None), "lbd.txt": (1, None), "Base_1990.txt": (1, None),
    "s2and": (None, None),  # the data set's folder: the paper comes from three files
}


def make_deep(kind: str, folder: Path, depth: int = 100_000) -> Path:
    """A file (or folder) of format `kind` with `depth` nested arrays (JSON) or elements (XML)."""
    target = folder / kind
    deep_json = nested(depth)
    if kind == "openalex.json":
        target.write_text('{"id": "https://openalex.org/W1", "title": ' + deep_json + "}", encoding="utf-8")
    elif kind == "openalex.jsonl":
        first = (SEEDS / kind).read_text(encoding="utf-8").splitlines()[0]
        target.write_text(first + '\n{"id": "https://openalex.org/W2", "authorships": ' + deep_json + "}\n", encoding="utf-8")
    elif kind == "namesake.json":
        target.write_text('{"format": "namesake-input", "version": 1, "source": "s", "papers": ' + deep_json + "}", encoding="utf-8")
    elif kind == "namesake.jsonl":
        header = (SEEDS / kind).read_text(encoding="utf-8").splitlines()[0]
        target.write_text(header + '\n{"type": "paper", "key": "p", "title": "t", "authors": ' + deep_json + "}\n", encoding="utf-8")
    elif kind == "export.json":
        text = (SEEDS / kind).read_text(encoding="utf-8")
        target.write_text(text.replace('"rejected": [', '"rejected": [' + deep_json + ",", 1), encoding="utf-8")
    elif kind == "s2and":
        _s2and(target, signatures='{"0": {"signature_id": "0", "paper_id": 1, "author_info": {"block": "a b", "first": ' + deep_json + "}}}")
    elif kind in {"dblp.xml", "orcid.xml", "arnetminer.xml"}:
        target.write_text(_deep_xml(kind, depth), encoding="utf-8")
    else:
        raise ValueError(kind)
    return target


def _deep_xml(kind: str, depth: int) -> str:
    inner = "<i>" * depth + "deep" + "</i>" * depth
    if kind == "dblp.xml":
        return _replace(kind, "<title>On Things.</title>", f"<title>On {inner} Things.</title>")
    if kind == "arnetminer.xml":
        return _replace(kind, "<title>On Things</title>", f"<title>On Things</title><note>{inner}</note>")
    return _replace(kind, "<work:short-description>", f"<work:short-description>{inner}")


# Each deep input: refused (the line and file of the error) or read (None).
DEEP: dict[str, tuple[int | None, str | None] | None] = {
    "openalex.json": (1, None), "openalex.jsonl": (2, None), "namesake.json": (1, None), "namesake.jsonl": (2, None),
    "export.json": (58, None), "s2and": (1, "s2and/signatures.json"),
    "dblp.xml": None, "orcid.xml": None, "arnetminer.xml": None,  # XML nests as deep as it likes: read
}
