"""Read the LBD/UFMG name-disambiguation collections: one paper per line, labelled.

Two line formats, both with the true person in the second field:

- `id;person;name;coauthor,coauthor;title;venue;year` (Han's DBLP blocks,
  KISTI, BDBComp): one file is one name block ("a gupta"), often split into
  train and test folds. Year 0 means unknown.
- INDi: `id<>person_paper<>coauthor:coauthor<>title<>venue<>name<>`, one
  file per year (`Base_2004.txt`); a file holds several blocks.

A block is the first initial and last word of the name, as the collections
build them; each block is one cluster, its papers labelled with their true
person (kept for evaluation only). The first format's titles and venues
are stemmed ("internet futur tragedi common"), INDi's are lower case: both
are shown as given. A folder of such files is read as one collection, so
the folds (or years) of one block make one cluster instead of each file
replacing the last.

Keys: "<collection>:<block>:<id>" for the first format (the collection is
the file's folder: dblp, kisti, bdbcomp, whose ids restart at 0 in each
block) and "indi:<id>" for INDi, whose ids run over the whole collection.
Reference persons are "<collection>:<person>".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import clean, decode_utf8, read_bytes, year_of, year_problem
from models.formats.text import decode_head
from models.names import split_author_list
from models.records import AuthorMention, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel

SOURCE = "lbd"
FORMAT = "LBD name-block file"
FOLDER_FORMAT = "LBD collection folder"
INDI = "indi"
# The year field is any text here: one that is no year ("20O5") is refused as that, not as a line of the wrong shape.
_BLOCK_LINE = re.compile(r"^\d+;\d+;[^;]*;[^;]*;[^;]*;[^;]*;[^;]*$")
_INDI_PAPER = re.compile(r"\d+_\d+")
_BLOCK_START = re.compile(r"^\d+;\d+;[^;\n]*;")
_INDI_START = re.compile(r"^\d+<>\d+_\d+<>")
_INDI_YEAR = re.compile(r"(?:^|\D)((?:19|20)\d\d)(?:\D|$)")


@dataclass(frozen=True)
class _Line:
    """One paper line, split, before the block it belongs to is known."""

    number: int
    paper_id: str
    person: str
    name: str
    coauthors: tuple[str, ...]
    title: str
    venue: str | None
    year: int | None
    text: str


def looks_like(head: str) -> bool:
    lines = head.split("\n")
    number, first = next(((n, line) for n, line in enumerate(lines) if line.strip()), (0, ""))
    if number == len(lines) - 1 and len(head) >= 4000:  # a first line longer than the head: its start must fit
        return bool(_BLOCK_START.match(first) or _INDI_START.match(first))
    return bool(_BLOCK_LINE.match(first) or is_indi_line(first))


def looks_like_folder(path: Path) -> bool:
    """A folder whose files are all LBD lines (empty files allowed)."""
    files = _data_files(path)
    heads = [_head(file) for file in files]
    return any(heads) and all(looks_like(head) for head in heads if head)


def parse(path: str | Path) -> ParsedSource:
    parsed = ParsedSource(path=str(path), format=FORMAT)
    parsed.records = _records([Path(path)], parsed)
    return parsed


def parse_folder(path: str | Path) -> ParsedSource:
    parsed = ParsedSource(path=str(path), format=FOLDER_FORMAT)
    parsed.records = _records(_data_files(Path(path)), parsed)
    return parsed


def _records(files: list[Path], parsed: ParsedSource) -> Iterator[Record]:
    clusters: dict[str, list[str]] = {}
    labels: list[ReferenceLabel] = []
    seen: set[str] = set()
    for file in files:
        for block, collection, line in _lines(file, parsed):
            key = f"{INDI}:{line.paper_id}" if collection == INDI else f"{collection}:{block}:{line.paper_id}"
            if key in seen:
                parsed.skipped.append(f"{file}:{line.number}: paper {line.paper_id} listed a second time")
                continue
            seen.add(key)
            yield _paper(line, key)
            clusters.setdefault(block, []).append(key)
            labels.append(ReferenceLabel(block, SOURCE, key, f"{collection}:{line.person}"))
    for block, keys in clusters.items():
        yield ClusterRecord(name=block, source=SOURCE, paper_keys=tuple(keys))
    yield from labels


def _lines(file: Path, parsed: ParsedSource) -> Iterator[tuple[str, str, _Line]]:
    """(block, collection, line) for every paper line of the file."""
    path = str(file)
    text = decode_utf8(read_bytes(path), path)
    # Numbered at "\n" as an editor counts; `splitlines` also broke at form feeds and U+2028.
    numbered = [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not numbered:
        parsed.warnings.append(f"{path}: empty file, nothing to read")
        return
    if is_indi_line(numbered[0][1]):
        year = _indi_year(file, parsed)
        for number, line in numbered:
            record = _indi_line(line, number, path, year)
            yield block_of(record.name), INDI, record
    else:
        records = [_block_line(line, number, path) for number, line in numbered]
        block = Counter(block_of(r.name) for r in records).most_common(1)[0][0]
        for record in records:
            if block_of(record.name) != block:
                parsed.warnings.append(f"{path}:{record.number}: the name {record.name!r} is filed under block {block!r}")
            yield block, file.parent.name, record
        parsed.warnings.append(f"{path}: titles and venues are stemmed by the collection; shown as given")


def block_of(name: str) -> str:
    """The collections' name block: first initial and last word, lower case ("a gupta")."""
    words = name.lower().split()
    return f"{words[0][0]} {words[-1]}" if len(words) > 1 else (words[0] if words else "")


def _block_line(line: str, number: int, path: str) -> _Line:
    fields = line.rstrip("\r").split(";")
    if len(fields) != 7 or not _BLOCK_LINE.match(line):
        raise SourceError(path, number, f"expected 'id;person;name;coauthors;title;venue;year', found {line[:80]!r}")
    paper_id, person, name, coauthors, title, venue, year = fields
    problem = year_problem(year)
    if problem:  # refused as a line of the wrong shape is: the reader repairs nothing
        raise SourceError(path, number, problem)
    return _Line(number, paper_id, person, clean(name) or "", _split(coauthors, ","), clean(title) or "", clean(venue), year_of(year), line)


def _indi_line(line: str, number: int, path: str, year: int | None) -> _Line:
    fields = line.rstrip("\r").split("<>")
    if not is_indi_line(line):
        raise SourceError(path, number, f"expected 'id<>person_paper<>coauthors<>title<>venue<>name<>', found {line[:80]!r}")
    paper_id, person_paper, coauthors, title, venue, name, _ = fields
    person = person_paper.split("_")[0]
    return _Line(number, paper_id, person, clean(name) or "", _split(coauthors, ":"), clean(title) or "", clean(venue), year, line)


def is_indi_line(line: str) -> bool:
    """`id<>person_paper<>coauthors<>title<>venue<>name<>`, checked field by field.

    A pattern with a "[^\\n]*" per field backtracked over every way to place
    the separators: a line of 300 "<>" took minutes to refuse.
    """
    fields = line.rstrip("\r").split("<>")
    return len(fields) == 7 and fields[0].isdigit() and bool(_INDI_PAPER.fullmatch(fields[1])) and not fields[6].strip()


def _split(text: str, separator: str) -> tuple[str, ...]:
    names = (clean(part) for part in split_author_list(text, separator))
    return tuple(name for name in names if name and name != "undefined")


def _indi_year(file: Path, parsed: ParsedSource) -> int | None:
    """INDi files hold one year each and say which in their name only."""
    match = _INDI_YEAR.search(file.stem)
    if not match:
        parsed.warnings.append(f"{file}: no year in the file name (expected Base_YYYY.txt): papers have no year")
        return None
    return int(match.group(1))


def _paper(line: _Line, key: str) -> PaperRecord:
    authors = (line.name, *line.coauthors)
    return PaperRecord(
        source=SOURCE,
        source_key=key,
        title=line.title or f"[LBD paper {line.paper_id}]",
        venue=line.venue,
        pub_type=None,
        year=line.year,
        abstract=None,
        authors=tuple(AuthorMention(name) for name in authors if name),
        raw_text=line.text,
        line=line.number,
    )


def _data_files(path: Path) -> list[Path]:
    return sorted(file for file in path.iterdir() if file.is_file() and not file.name.startswith("."))


def _head(file: Path, size: int = 4096) -> str:
    try:
        with open(file, "rb") as handle:
            return decode_head(handle.read(size))
    except OSError:
        return ""
