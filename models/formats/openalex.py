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
from models.formats.compressed import open_source
from models.formats.openalex_works import AUTHOR_SHAPE, OTHER_ENTITIES, WORK_SHAPE, author_row, short_id, work_records, work_year_problem
from models.formats.shapes import describe, shape_problem
from models.formats.text import text_lines
from models.records import ParsedSource, Record

FORMAT = "OpenAlex JSON"
LINES_FORMAT = "OpenAlex JSON Lines"
_OPENALEX_ID = re.compile(r'"id"\s*:\s*"https://openalex\.org/[A-Z]\d+"')


def looks_like(head: str) -> bool:
    text = head.lstrip()
    return text[:1] in "{[" and _OPENALEX_ID.search(head) is not None


def is_json_lines(path: str) -> bool:
    """One object per line: the first line is a whole object (nothing may follow a document's).

    The first line is read whole, however long (an OpenAlex work with 3,000
    authors is a megabyte): judging by the first kilobytes took a snapshot
    whose first line is long for a document, and failed on its second line.
    """
    with open_source(path) as handle:
        lines = (text.strip() for _, text in text_lines(handle, path))
        first = next((text for text in lines if text), "")
    return first.startswith("{") and first.endswith("}")


def parse(path: str | Path) -> ParsedSource:
    path = str(path)
    if is_json_lines(path):
        parsed = ParsedSource(path=path, format=LINES_FORMAT, clusters_from_names=True)
        parsed.records = _line_records(path, parsed)
    else:
        parsed = ParsedSource(path=path, format=FORMAT, clusters_from_names=True)
        parsed.records = _document_records(path, parsed)
    return parsed


def _document_records(path: str, parsed: ParsedSource) -> Iterator[Record]:
    document = load_json(path)
    objects = document if isinstance(document, list) else [document]
    for number, item in enumerate(objects, start=1):
        yield from _object_records(item, path, None, f"object {number}", parsed)


def _line_records(path: str, parsed: ParsedSource) -> Iterator[Record]:
    with open_source(path) as handle:  # a snapshot's parts are gzip-compressed
        track_progress(parsed, handle, path)
        for number, line in text_lines(handle, path):
            if line.strip():
                item = parse_json(line, path, number)
                yield from _object_records(item, path, number, "", parsed)


def _object_records(item, path: str, line: int | None, label: str, parsed: ParsedSource) -> Iterator[Record]:
    """The records of one object: a work, an author, or a page of `results` (an API response)."""
    where = f"{path}:{line}" if line else f"{path}: {label}"  # for notes, which name their file
    if isinstance(item, dict) and "id" not in item and isinstance(item.get("results"), list):
        for number, result in enumerate(item["results"], start=1):
            yield from _object_records(result, path, line, f"{label + ', ' if label else ''}result {number}", parsed)
        return
    if not isinstance(item, dict):
        raise SourceError(path, line, f"{label + ': ' if label else ''}expected an OpenAlex object, found {describe(item)}")
    key = short_id(item.get("id")) if isinstance(item.get("id"), str) else None
    kind = (key or "?")[:1]
    shape = {"W": WORK_SHAPE, "A": AUTHOR_SHAPE}.get(kind)
    found = shape_problem(item, shape, key) if shape else None
    found = found or (work_year_problem(item, key) if kind == "W" else None)
    if found:
        raise SourceError(path, line, f"{label + ': ' if label else ''}{found}")
    if kind == "W":
        yield from work_records(item, where, parsed.warnings, line or 0)
    elif kind == "A":
        yield author_row(item, where, parsed.warnings)
    else:
        what = OTHER_ENTITIES.get(kind, "not an OpenAlex work or author")
        name = clean(item.get("display_name")) if isinstance(item.get("display_name"), str) else None
        parsed.skipped.append(f"{where}: {key} ({name or 'no name'}) is {what}: Namesake imports works (papers) and authors (author rows)")
