"""Read an Arrow Research "Author name cluster" page saved as plain text.

The page is a header (cluster name, declared counts) followed by papers,
each a run of paragraphs: a venue line ("NeurIPS Conference 2025
Conference Paper"), the title, the listed authors as `•` bullets, and an
abstract that may be missing. Paragraphs are separated by blank lines.

A paper starts where a venue line is followed by a title and a bullet list;
everything between one paper's authors and the next paper's venue line is
its abstract. A venue line that ends a paragraph starts a paper too when a
title and bullets follow it: a hand-edited page had lost the blank line
before one, and the paper became the abstract above it. Anything that fits
neither is an error naming its line (a venue line inside an abstract; fewer
papers than the list counts), so a damaged or foreign page never imports
half-read or into the wrong paper's text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import read_bytes
from models.formats.text import decode_text
from models.names import cluster_key, name_absence_note
from models.records import AuthorMention, ClusterRecord, PaperRecord, ParsedSource
from models.counting import counted

SOURCE = "arrow"
FORMAT = "Arrow author name cluster page"
HEADING = "Author name cluster"
PAPERS_HEADING = "Possible papers"
# Arrow shows at most this many authors of a paper.
VISIBLE_AUTHORS = 8

# The venue ends in a non-space: with a bare ".*?" a long run of spaces took quadratic time.
_VENUE_LINE = re.compile(
    r"^(?P<venue>\S(?:.*?\S)?)\s+(?P<year>(?:1[5-9]|20)\d\d)\s+(?P<type>[A-Z][A-Za-z -]*[A-Za-z])$"
)
# Longer than this, a one-line paragraph is text, not a venue line.
VENUE_LINE_MAX = 120
_DECLARED_PAPERS = re.compile(r"^(\d[\d,]*)\s+papers?$", re.IGNORECASE)
_DECLARED_ROWS = re.compile(r"^(\d[\d,]*)\s+author\s+rows?$", re.IGNORECASE)
BULLET = "•"
# Text extraction splits URLs after every dot and colon: "https: //github. com/x".
_DAMAGED_URL = re.compile(r"https?\s?:\s?//(?:\S+?\.\s(?=[a-z0-9]))*\S+")


@dataclass(frozen=True)
class _Block:
    """One paragraph of the page: its lines and the number of each (1-based; `line` is the first's)."""

    numbers: tuple[int, ...]
    lines: tuple[str, ...]

    @property
    def line(self) -> int:
        return self.numbers[0]

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines)

    @property
    def is_bullets(self) -> bool:
        return any(bullet_name(part) is not None for part in self.lines)


def bullet_name(line: str) -> str | None:
    """The name on an author bullet line ("  • Ann Lee"), or None if it is not one.

    String methods, not a regular expression: "•" and then a million spaces
    took a lazy pattern minutes.
    """
    text = line.strip()
    return text[len(BULLET) :].strip() if text.startswith(BULLET) else None


def parse_arrow_page(path: str | Path, fold_diacritics: bool = False) -> ParsedSource:
    """Parse the page at `path`; raise `SourceError` naming the line if it is not one."""
    path = str(path)
    text = _read_text(path)
    return parse_arrow_text(text, path, fold_diacritics)


def looks_like_arrow_page(head: str) -> bool:
    """Whether the first kilobytes of a file look like an Arrow cluster page."""
    lines = [line.strip() for line in head.splitlines()[:12]]
    return HEADING in lines


def parse_arrow_text(text: str, path: str = "<text>", fold_diacritics: bool = False) -> ParsedSource:
    blocks = _blocks(text)
    name, declared, cursor = _parse_header(blocks, path)
    listed, cursor = _parse_listed_count(blocks, cursor)
    entries = _entries(_with_headers_apart(blocks[cursor:]), path)
    seen: dict[str, int] = {}
    papers = [_parse_paper(entry, path, seen) for entry in entries]  # their own errors name the line more closely
    if listed is not None and len(entries) < listed.count:
        raise _fewer_than_listed(path, listed, entries)
    cluster = ClusterRecord(
        name=name,
        source=SOURCE,
        paper_keys=tuple(paper.source_key for paper in papers),
        declared_papers=declared.get("papers"),
        declared_author_rows=declared.get("author_rows"),
        declaration_note=_rows_note(declared.get("author_rows")),
    )
    parsed = ParsedSource(path=path, format=FORMAT, records=[*papers, cluster])
    parsed.warnings.extend(_count_warnings(path, declared, listed and listed.count, len(papers)))
    parsed.warnings.extend(_name_warnings(path, name, papers, fold_diacritics))
    return parsed


def _read_text(path: str) -> str:
    text = decode_text(read_bytes(path), path)  # UTF-8, or UTF-16 with its byte-order mark
    if "\x00" in text[:4096]:
        raise SourceError(path, 1, "binary data, not an Arrow page saved as text")
    return text


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """The page's lines, numbered as an editor counts them (at "\\n" only).

    `str.splitlines` also breaks at form feeds and U+2028, which PDF text
    extraction leaves in pages: the lines stay split there, but keep the
    number of the line they are on, so a message points at the right one.
    """
    for number, physical in enumerate(text.split("\n"), start=1):
        for line in physical.splitlines() or [""]:
            yield number, line


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for number, line in _lines(text):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(_block(current))
            current = []
    if current:
        blocks.append(_block(current))
    return blocks


def _block(numbered: list[tuple[int, str]]) -> _Block:
    numbers, lines = zip(*numbered)
    return _Block(numbers, lines)


def _parse_header(blocks: list[_Block], path: str) -> tuple[str, dict[str, int], int]:
    """Cluster name and declared counts; returns where the paper list begins."""
    heading = next((i for i, b in enumerate(blocks[:6]) if b.text == HEADING), None)
    if heading is None:
        raise SourceError(path, 1, f"not an Arrow author name cluster page (no '{HEADING}' heading)")
    if heading + 1 >= len(blocks) or len(blocks[heading + 1].lines) != 1:
        line = blocks[heading].line
        raise SourceError(path, line, "the cluster name should follow the heading on a line of its own")
    name = blocks[heading + 1].text
    declared: dict[str, int] = {}
    for index in range(heading + 2, len(blocks)):
        block = blocks[index]
        if block.text == PAPERS_HEADING:
            return name, declared, index + 1
        for line in block.lines:
            _read_declaration(line.strip(), declared)
    raise SourceError(path, blocks[-1].line, f"no '{PAPERS_HEADING}' section: is the page truncated?")


def _read_declaration(line: str, declared: dict[str, int]) -> None:
    for key, pattern in (("papers", _DECLARED_PAPERS), ("author_rows", _DECLARED_ROWS)):
        match = pattern.match(line)
        if match:
            declared[key] = int(match.group(1).replace(",", ""))


@dataclass(frozen=True)
class _ListedCount:
    """The number Arrow prints under "Possible papers": how many entries the list below it holds."""

    count: int
    line: int


def _parse_listed_count(blocks: list[_Block], cursor: int) -> tuple[_ListedCount | None, int]:
    if cursor < len(blocks) and re.fullmatch(r"\d[\d,]*", blocks[cursor].text):
        return _ListedCount(int(blocks[cursor].text.replace(",", "")), blocks[cursor].line), cursor + 1
    return None, cursor


def _is_venue_line(text: str) -> bool:
    """Whether a line reads as a venue line ("ICML Conference 2024 Conference Paper"); a long one is text."""
    return len(text) < VENUE_LINE_MAX and _VENUE_LINE.match(text) is not None


def _with_headers_apart(blocks: list[_Block]) -> list[_Block]:
    """The paragraphs, with a venue line that ends a paragraph made one of its own where a title and author
    bullets follow it, as they follow a paper's venue line and nothing else on the page: that paper's blank
    line before it was missing (a hand-edited page), and it was read as the end of the abstract above."""
    apart: list[_Block] = []
    for index, block in enumerate(blocks):
        last = block.lines[-1].strip()
        if len(block.lines) > 1 and _is_venue_line(last) and _title_and_authors_at(blocks, index + 1):
            apart += [_Block(block.numbers[:-1], block.lines[:-1]), _Block(block.numbers[-1:], block.lines[-1:])]
        else:
            apart.append(block)
    return apart


def _title_and_authors_at(blocks: list[_Block], index: int) -> bool:
    return index + 1 < len(blocks) and not blocks[index].is_bullets and blocks[index + 1].is_bullets


def _is_paper_start(blocks: list[_Block], index: int) -> bool:
    if index + 2 >= len(blocks):
        return False
    venue = blocks[index]
    return len(venue.lines) == 1 and _VENUE_LINE.match(venue.text) is not None and _title_and_authors_at(blocks, index + 1)


def _entries(blocks: list[_Block], path: str) -> list[list[_Block]]:
    """The paragraphs of each paper: its venue line, title, authors and abstract."""
    starts = [i for i in range(len(blocks)) if _is_paper_start(blocks, i)]
    if blocks and (not starts or starts[0] != 0):
        first = blocks[0]
        raise SourceError(
            path, first.line, f"expected a paper's venue line, title and authors, found {first.text[:60]!r}"
        )
    return [blocks[start:end] for start, end in zip(starts, [*starts[1:], len(blocks)])]


def _parse_paper(blocks: list[_Block], path: str, seen: dict[str, int]) -> PaperRecord:
    venue_block, title_block, author_block, *abstract_blocks = blocks
    venue = _VENUE_LINE.match(venue_block.text)
    assert venue is not None  # _is_paper_start checked it
    authors = _parse_authors(author_block, path)
    title = title_block.text
    for block in abstract_blocks:
        _refuse_venue_lines(block, title, path)
    abstract = "\n\n".join(block.text for block in abstract_blocks) or None
    return PaperRecord(
        source=SOURCE,
        source_key=_paper_key(venue_block.text, title, seen),
        title=title,
        venue=venue.group("venue"),
        pub_type=venue.group("type"),
        year=int(venue.group("year")),
        abstract=abstract,
        authors=authors,
        links=tuple(repaired_links(abstract or "")),
        raw_text="\n\n".join("\n".join(block.lines) for block in blocks),
        line=venue_block.line,
        authors_truncated_at=VISIBLE_AUTHORS,
    )


def _refuse_venue_lines(block: _Block, title: str, path: str) -> None:
    """A venue line in an abstract (no title and bullets follow it, or it would start a paper) is refused: read
    as text, the paper it begins, or the page's end, would go unseen into this abstract."""
    if len(block.lines) == 1 and _is_venue_line(block.text):
        raise SourceError(path, block.line, f"a venue line without a title and authors: {block.text!r} (truncated page?)")
    for number, line in zip(block.numbers, block.lines):
        if _is_venue_line(line.strip()):
            raise SourceError(
                path, number, f"a venue line inside the abstract of {title[:60]!r}: {line.strip()!r} (a paper's venue line, "
                "title and authors are paragraphs of their own: is a blank line missing, or the page cut short?)",
            )


def _fewer_than_listed(path: str, listed: _ListedCount, entries: list[list[_Block]]) -> SourceError:
    """The list holds papers that were not read. Most likely one whose venue line could not be read went into
    the abstract above it, where its author bullets show: that line is named; else the page was cut short."""
    verb = "was" if len(entries) == 1 else "were"
    read = f"the list counts {counted(listed.count, 'paper')} but {len(entries):,} {verb} read"
    for _venue, title, _authors, *abstract in entries:
        for block in abstract:
            bullet = next((n for n, line in zip(block.numbers, block.lines) if bullet_name(line) is not None), None)
            if bullet is not None:
                return SourceError(
                    path, bullet, f"{read}: author bullets inside the abstract of {title.text[:60]!r}, so the paper they "
                    "belong to was not recognised; its venue line (as 'ICML Conference 2024 Conference Paper'), title "
                    "and authors should each be a paragraph of their own",
                )
    return SourceError(path, listed.line, f"{read} (the page cut short, or a paper's entry damaged?)")


def _parse_authors(block: _Block, path: str) -> tuple[AuthorMention, ...]:
    authors = []
    for number, line in zip(block.numbers, block.lines):
        name = bullet_name(line)
        if not name:
            raise SourceError(path, number, f"expected an author bullet ('• Name'), found {line.strip()[:60]!r}")
        authors.append(AuthorMention(name))
    return tuple(authors)


def _paper_key(venue_line: str, title: str, seen: dict[str, int]) -> str:
    """A stable key for a paper Arrow gives no id for.

    Built from the venue line and the title, not the author list, so that a
    newer page that shows more authors still finds the same paper. Two
    entries with the same venue and title on one page are two papers: the
    second gets "-2".
    """
    digest = hashlib.sha1(f"{venue_line.casefold()}\n{' '.join(title.casefold().split())}".encode()).hexdigest()[:16]
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def repaired_links(text: str) -> list[str]:
    """URLs in `text`, with the spaces that text extraction put in them removed."""
    found = (re.sub(r"\s+", "", match.group()).rstrip(".,;:)]") for match in _DAMAGED_URL.finditer(text))
    return list(dict.fromkeys(found))  # first-seen order; a list search was quadratic in the links


def _name_warnings(path: str, name: str, papers: list[PaperRecord], fold: bool) -> list[str]:
    """Papers the page lists whose visible author list does not show the cluster's name (compared as the
    import compares: with `fold`, "Shengen Yan" is there in "Shéngen Yan")."""
    key = cluster_key(name, fold)
    return [
        f"{path}:{paper.line}: {paper.title[:60]!r}: {name_absence_note(paper.authors_truncated_at, len(paper.authors))}"
        for paper in papers
        if all(cluster_key(author.name, fold) != key for author in paper.authors)
    ]


def _rows_note(rows: int | None) -> str | None:
    if rows is None:
        return None
    noun = "author row" if rows == 1 else "author rows"
    return f"{rows} {noun} in the source, not itemized on this page"


def _count_warnings(path: str, declared: dict[str, int], listed: int | None, found: int) -> list[str]:
    warnings = []
    if "papers" in declared and declared["papers"] != found:
        warnings.append(f"{path}: the page declares {counted(declared['papers'], 'paper')} but lists {found:,}")
    if listed is not None and listed != found and listed != declared.get("papers"):
        warnings.append(f"{path}: the page counts {counted(listed, 'possible paper')} but lists {found:,}")
    return warnings
