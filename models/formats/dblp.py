"""Read the dblp XML dump, streaming: flat memory whatever its size.

The dump is one <dblp> element holding millions of records. expat reads it
a quarter megabyte at a time; the handlers below keep only the record being read,
and each finished record is yielded at once (a paper, or an author row for
a homepage record). Titles keep the text of their inline markup
(<sub>, <i>, ...). Character entities (&auml;) come from the dblp.dtd that
the DOCTYPE names, read from beside the file and nowhere else; see
`models.formats.xmlsafe` for what is refused.

dblp defines no clusters: they come from the author names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats import dblp_records
from models.formats.common import Notes, track_progress
from models.formats.compressed import open_source
from models.formats.dblp_records import RawRecord, clean_text
from models.formats.xmlsafe import feed, guarded_parser
from models.records import ParsedSource, Record

FORMAT = "dblp XML"
SOURCE = dblp_records.SOURCE
# Read this much at a time: the records of one chunk are all that is ever held.
CHUNK_BYTES = 1 << 18
_LOOKS_LIKE = re.compile(r"<!DOCTYPE\s+dblp[\s>\[]|<dblp[\s>]")


def looks_like(head: str) -> bool:
    return head.lstrip().startswith("<") and _LOOKS_LIKE.search(head) is not None


def parse(path: str | Path) -> ParsedSource:
    parsed = ParsedSource(path=str(path), format=FORMAT, clusters_from_names=True)
    parsed.records = _records(str(path), parsed)
    return parsed


def _records(path: str, parsed: ParsedSource) -> Iterator[Record]:
    reader = _RecordReader(path, parsed)
    parser = guarded_parser(path, allow_dtd=True)
    reader.install(parser)
    handle = open_source(path)  # dblp ships dblp.xml.gz: read as it is
    track_progress(parsed, handle, path)
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            feed(parser, chunk, path)
            yield from reader.take()
    feed(parser, b"", path, final=True)
    yield from reader.take()
    reader.notes.finish(path)
    if reader.depth_seen < 1:
        raise SourceError(path, 1, "no <dblp> element: not a dblp file")




class _RecordReader:
    """expat handlers that assemble one record at a time.

    Depth 1 is <dblp>, depth 2 a record, depth 3 one of its fields; deeper
    elements are inline markup whose text belongs to the field.
    """

    def __init__(self, path: str, parsed: ParsedSource):
        self.path = path
        self.parsed = parsed
        self.notes = Notes(parsed.warnings)
        self.depth = 0
        self.depth_seen = 0
        self._parser = None
        self._record: RawRecord | None = None
        self._field: tuple[str, dict[str, str]] | None = None
        self._text: list[str] = []
        self._done: list[Record] = []

    def install(self, parser) -> None:
        self._parser = parser
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.SkippedEntityHandler = self._undefined_entity

    def take(self) -> list[Record]:
        done, self._done = self._done, []
        return done

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        self.depth_seen = max(self.depth_seen, self.depth)
        if self.depth == 2:
            self._record = RawRecord(tag, attributes, self._parser.CurrentLineNumber)
        elif self.depth == 3:
            self._field = (tag, attributes)
            self._text = []
            if tag == "year" and self._record is not None and self._record.year_line is None:
                self._record.year_line = self._parser.CurrentLineNumber  # a wrong year is reported at its own line

    def _end(self, _tag: str) -> None:
        if self.depth == 3 and self._record is not None and self._field is not None:
            name, attributes = self._field
            self._record.fields.append((name, attributes, clean_text(self._text)))
            self._field = None
        elif self.depth == 2 and self._record is not None:
            self._finish(self._record)
            self._record = None
        self.depth -= 1

    def _characters(self, text: str) -> None:
        if self._field is not None:
            self._text.append(text)

    def _undefined_entity(self, name: str, _is_parameter: int) -> None:
        line = self._parser.CurrentLineNumber
        self.notes.add("undefined entity", f"{self.path}:{line}: &{name}; is not defined in the DTD; kept as text")
        self._characters(f"&{name};")

    def _finish(self, record: RawRecord) -> None:
        key = record.attributes.get("key")
        if not key:
            self.parsed.skipped.append(f"{self.path}:{record.line}: <{record.tag}> without a key attribute")
            return
        if dblp_records.is_person(record):
            row = dblp_records.person_from(record, key, self.path, self.parsed.warnings)
            if isinstance(row, str):
                self.parsed.skipped.append(row)
            else:
                self._done.append(row)
            return
        self._done.append(dblp_records.paper_from(record, key, self.path, self.notes))
