"""Read Namesake's own input format: one JSON document, or JSON Lines.

The format is `resources/schemas/namesake-input.schema.json` (its
descriptions are the documentation; tests/data has an example of each form):

    {"format": "namesake-input", "version": 1, "source": "my-lab",
     "author_rows": [{"key": "r1", "name": "Ann Lee", "orcid": "0000-0002-1825-0097"}],
     "papers": [{"key": "p1", "title": "On Things", "year": 2020,
                 "authors": ["Bo Chen", {"name": "Ann Lee", "row": "r1"}]}],
     "clusters": [{"name": "Ann Lee", "papers": ["p1"], "declared_papers": 1}],
     "labels": [{"cluster": "Ann Lee", "paper": "p1", "person": "ann-1"}]}

JSON Lines carries the same objects one per line, each with a "type"
("header", "author_row", "paper", "cluster", "label"), and streams at any
size; put "type" first on long lines. Every object is checked against the
schema; an error names the line (JSON Lines) or the record ("papers[12]")
and what is wrong. A cluster or label may only refer to papers and clusters
given before it in the same file. Without clusters (or with
"clusters_from_names": true) clusters come from the author names; JSON
Lines without a header saying so decide it when the first cluster line is
read, so a header is the way to be explicit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import load_json, parse_json, track_progress
from models.formats.compressed import open_source
from models.formats.namesake_records import DEFINITIONS, References, count_warning, record_from
from models.formats.schema_check import problem
from models.formats.text import text_lines
from models.records import ClusterRecord, ParsedSource, Record

FORMAT = "Namesake input JSON"
LINES_FORMAT = "Namesake input JSON Lines"
# Document sections in the order their records are yielded: rows and papers before what refers to them.
SECTIONS = (("author_rows", "author_row"), ("papers", "paper"), ("clusters", "cluster"), ("labels", "label"))
_DOCUMENT = re.compile(r'"format"\s*:\s*"namesake-input"')
_FIRST_KEY_TYPE = re.compile(r'\{\s*"type"\s*:\s*"(?:header|author_row|paper|cluster|label)"')


def looks_like(head: str) -> bool:
    return head.lstrip().startswith("{") and _DOCUMENT.search(head) is not None and not looks_like_lines(head)


def looks_like_lines(head: str) -> bool:
    """The first line is one object with a record "type" (read whole if the head holds it)."""
    first = head.lstrip().split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        item = json.loads(first)
    except (ValueError, RecursionError):  # a line longer than the head: "type" must come first
        return _FIRST_KEY_TYPE.match(first) is not None
    return _type_of(item) is not None


def _type_of(item) -> str | None:
    """The record type a JSON Lines object names; None if it names none we know."""
    kind = item.get("type") if isinstance(item, dict) else None
    return kind if isinstance(kind, str) and kind in DEFINITIONS else None


def parse(path: str | Path) -> ParsedSource:
    path = str(path)
    document = load_json(path)
    if not isinstance(document, dict):
        raise SourceError(path, 1, "expected a JSON object with 'format': 'namesake-input'")
    # The sections' records are checked one by one as they are read, each error naming its record.
    top = {key: value if key not in dict(SECTIONS) or not isinstance(value, list) else [] for key, value in document.items()}
    found = problem(top, "document")
    if found:
        raise SourceError(path, None, f"the document: {found}")
    explicit = document.get("clusters_from_names")
    parsed = ParsedSource(path=path, format=FORMAT, clusters_from_names=explicit if explicit is not None else not document.get("clusters"))
    parsed.records = _document_records(document, path, parsed)
    return parsed


def _document_records(document: dict, path: str, parsed: ParsedSource) -> Iterator[Record]:
    refs = References()
    for section, kind in SECTIONS:
        for index, item in enumerate(document.get(section, [])):
            where = f"{section}[{index}]" + _key_note(item)
            record = record_from(kind, item, document["source"], refs, path, None, where)
            _note_count(record, path, where, parsed)
            yield record


def parse_lines(path: str | Path) -> ParsedSource:
    path = str(path)
    parsed = ParsedSource(path=path, format=LINES_FORMAT, clusters_from_names=True)
    parsed.records = _line_records(path, parsed)
    return parsed


def _line_records(path: str, parsed: ParsedSource) -> Iterator[Record]:
    refs = References()
    header: dict = {}
    explicit = False
    records = 0
    with open_source(path) as handle:
        track_progress(parsed, handle, path)
        for number, text in text_lines(handle, path):
            if not text.strip():
                continue
            item = parse_json(text, path, number)
            kind = _type_of(item)
            if kind is None:
                raise SourceError(path, number, f"expected an object whose 'type' is one of {', '.join(DEFINITIONS)}")
            if kind == "header":
                if header or records:
                    raise SourceError(path, number, "a header must be the first line")
                header, explicit = _header(item, path, number, parsed)
                continue
            records += 1
            record = record_from(kind, item, header.get("source"), refs, path, number, f"{kind} record")
            if isinstance(record, ClusterRecord) and not explicit:
                parsed.clusters_from_names = False  # the file defines its clusters
            _note_count(record, path, f"line {number}", parsed)
            yield record


def _header(item: dict, path: str, number: int, parsed: ParsedSource) -> tuple[dict, bool]:
    found = problem(item, "header")
    if found:
        raise SourceError(path, number, f"header: {found}")
    if "clusters_from_names" in item:
        parsed.clusters_from_names = item["clusters_from_names"]
    return item, "clusters_from_names" in item


def _key_note(item) -> str:
    if isinstance(item, dict) and isinstance(item.get("key") or item.get("name"), str):
        return f" ({json.dumps(item.get('key') or item.get('name'), ensure_ascii=False)[:60]})"
    return ""


def _note_count(record: Record, path: str, where: str, parsed: ParsedSource) -> None:
    warning = count_warning(record, path, where)
    if warning:
        parsed.warnings.append(warning)
