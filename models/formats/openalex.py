"""Read OpenAlex: API responses (a work, or a page of `results`) and snapshot JSON Lines.

What an object is comes from its id: works ("W...") become papers, authors
("A...") author rows; institutions, venues, concepts and the rest are
skipped, each with the reason. The snapshot's JSON Lines (one object per
line, gigabytes per file) stream line by line. OpenAlex gives no clusters:
they come from the author names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import clean, load_json, parse_json, track_progress
from models.formats.openalex_works import OTHER_ENTITIES, author_row, short_id, work_records
from models.records import ParsedSource, Record

FORMAT = "OpenAlex JSON"
LINES_FORMAT = "OpenAlex JSON Lines"
_OPENALEX_ID = re.compile(r'"id"\s*:\s*"https://openalex\.org/[A-Z]\d+"')


def looks_like(head: str) -> bool:
    text = head.lstrip()
    return text[:1] in "{[" and _OPENALEX_ID.search(head) is not None


def is_json_lines(head: str) -> bool:
    """One object per line: the first line is a whole object that ends on that line."""
    first = head.lstrip().split("\n", 1)[0].rstrip()
    return first.startswith("{") and first.endswith("}") and "\n" in head.lstrip()


def parse(path: str | Path) -> ParsedSource:
    path = str(path)
    with open(path, "rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    if is_json_lines(head) and _second_line_is_object(head):
        parsed = ParsedSource(path=path, format=LINES_FORMAT, clusters_from_names=True)
        parsed.records = _line_records(path, parsed)
    else:
        parsed = ParsedSource(path=path, format=FORMAT, clusters_from_names=True)
        parsed.records = _document_records(path, parsed)
    return parsed


def _second_line_is_object(head: str) -> bool:
    lines = [line for line in head.strip().split("\n") if line.strip()]
    return len(lines) == 1 or lines[1].lstrip().startswith("{")


def _document_records(path: str, parsed: ParsedSource) -> Iterator[Record]:
    document = load_json(path)
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        objects = document["results"]
    elif isinstance(document, list):
        objects = document
    else:
        objects = [document]
    for number, item in enumerate(objects, start=1):
        yield from _object_records(item, path, f"{path}: object {number}", parsed)


def _line_records(path: str, parsed: ParsedSource) -> Iterator[Record]:
    with open(path, encoding="utf-8-sig") as handle:
        track_progress(parsed, handle, path)
        for number, line in enumerate(handle, start=1):
            if line.strip():
                item = parse_json(line, path, number)
                yield from _object_records(item, path, f"{path}:{number}", parsed)


def _object_records(item, path: str, where: str, parsed: ParsedSource) -> Iterator[Record]:
    if not isinstance(item, dict):
        raise SourceError(path, None, f"{where}: expected an OpenAlex object, found {type(item).__name__}")
    key = short_id(item.get("id"))
    kind = (key or "?")[:1]
    if kind == "W":
        yield from work_records(item, where, parsed.warnings)
    elif kind == "A":
        yield author_row(item, where, parsed.warnings)
    else:
        what = OTHER_ENTITIES.get(kind, "not an OpenAlex work or author")
        name = clean(item.get("display_name")) or "no name"
        parsed.skipped.append(f"{where}: {key} ({name}) is {what}: Namesake imports works (papers) and authors (author rows)")
