"""The last check on every record a reader yields, before the store sees it.

Readers check their own format; this checks what any record must be to be
stored and shown, whatever file it came from:

- text is text: a string, without the unpaired surrogates a JSON escape
  ("\\ud800") can make and SQLite cannot store, nor the NUL ("\\u0000") at
  which SQLite's text functions stop;
- text has a sane length: a 50 MB title is a damaged or hostile file, and
  would freeze every view that shows it;
- numbers fit SQLite's 64-bit integers;
- what every record needs (its source, key, title, name) is there.

A record that fails is a `SourceError` naming the file, the record's line
where the reader knows it, and the record.
"""

from __future__ import annotations

import re
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from typing import Iterable, Iterator

from models.errors import SourceError
from models.records import AuthorMention, AuthorRowRecord, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel

# Characters in one piece of text: titles, names, venues, keys, links...
MAX_TEXT = 10_000
# ... and in the long ones.
MAX_LONG_TEXT = 1_000_000
LONG_FIELDS = {"abstract", "raw_text", "declaration_note"}
REQUIRED = {"source", "source_key", "title", "name", "cluster_name", "paper_key", "person", "role"}
NUMBERS = {"year", "line", "authors_truncated_at", "declared_papers", "declared_author_rows"}
NUMBER_ITEMS = {"author_places", "affiliations_stated"}  # tuples of whole numbers (or None)
FLAGS = {"partial", "adds_only"}
ITEMS = {"authors", "links", "ids", "variants", "urls", "affiliations", "paper_keys", "filed_under"}  # tuples
SQLITE_INTEGERS = range(-(2**63), 2**63)
_SURROGATE = re.compile("[\ud800-\udfff]")


def checked(parsed: ParsedSource) -> ParsedSource:
    """`parsed`, its records checked one by one as the store reads them."""
    parsed.records = _checked(parsed.records, parsed.path)
    return parsed


def _checked(records: Iterable[Record], path: str) -> Iterator[Record]:
    try:
        for record in records:
            if not _fine(record):  # a quick yes for the millions of good records; the reason only for a bad one
                line = getattr(record, "line", 0) or None
                raise SourceError(path, line, f"{describe(record)}: {record_problem(record)}")
            yield record
    finally:  # a refused record leaves the reader suspended, its file open, until the garbage collector
        close = getattr(records, "close", None)
        if close is not None:
            close()


@lru_cache(maxsize=None)
def _fields_of(kind: type) -> tuple[tuple[str, int, str], ...]:
    """(name, longest text, kind) of each field of a record or mention class."""
    return tuple((f.name, MAX_LONG_TEXT if f.name in LONG_FIELDS else MAX_TEXT, _kind(f.name)) for f in fields(kind))


def _kind(name: str) -> str:
    kinds = (("required", REQUIRED), ("number", NUMBERS), ("flag", FLAGS), ("items", ITEMS), ("numbers", NUMBER_ITEMS))
    for kind, names in kinds:
        if name in names:
            return kind
    return "text"


def _fine(record) -> bool:
    """Whether a record (or an author mention) is fit to store, as fast as Python allows."""
    for name, limit, kind in _fields_of(type(record)):
        value = getattr(record, name)
        if type(value) is str:
            fine = kind in ("text", "required") and _fine_text(value, limit)
        elif kind == "items":
            fine = type(value) is tuple and _fine_items(value, limit)
        elif kind == "number":
            fine = value is None or (type(value) is int and value in SQLITE_INTEGERS)
        elif kind == "numbers":
            fine = _fine_numbers(value)
        else:
            fine = (kind == "flag" and type(value) is bool) or (kind == "text" and value is None)
        if not fine:
            return False
    return True


def _fine_numbers(value) -> bool:
    return value is None or (type(value) is tuple and all(type(item) is int and item in SQLITE_INTEGERS for item in value))


def _fine_text(text: str, limit: int) -> bool:
    return len(text) <= limit and "\x00" not in text and (text.isascii() or _SURROGATE.search(text) is None)


def _fine_items(items: tuple, limit: int) -> bool:
    for item in items:
        kind = type(item)
        if kind is str:
            if not _fine_text(item, limit):
                return False
        elif kind is tuple:  # an (id scheme, id) pair
            if not _fine_items(item, limit):
                return False
        elif kind is not AuthorMention or not _fine_mention(item):
            return False
    return True


def _mention_checker():
    """`_fine` for an author mention, its fields' kinds looked up once: a million papers carry ~7.5
    million mentions, and the general loop took 1.1 µs a mention where this takes 0.5."""
    kinds = _fields_of(AuthorMention)
    if any(kind not in ("required", "text") or limit != MAX_TEXT for _, limit, kind in kinds):
        return _fine  # a field of another kind: the general check
    required = attrgetter(*[name for name, _, kind in kinds if kind == "required"])
    optional = attrgetter(*[name for name, _, kind in kinds if kind == "text"])

    def fine(mention) -> bool:
        for value in required(mention):
            if type(value) is not str or not _fine_text(value, MAX_TEXT):
                return False
        for value in optional(mention):
            if value is not None and (type(value) is not str or not _fine_text(value, MAX_TEXT)):
                return False
        return True

    return fine


_fine_mention = _mention_checker()


def record_problem(record) -> str | None:
    """What makes the record (or mention) unfit to store; None if nothing."""
    for name, limit, kind in _fields_of(type(record)):
        found = _field_problem(getattr(record, name), name, limit, kind)
        if found:
            return found
    return None


def _field_problem(value, name: str, limit: int, kind: str) -> str | None:
    if kind == "items":
        return _items_problem(value, name, limit) if isinstance(value, tuple) else f"the {name} should be a list, not {kind_of(value)}"
    if kind == "number":
        if value is None or (type(value) is int and value in SQLITE_INTEGERS):
            return None
        return f"the {name} {value} is too large a number" if type(value) is int else f"the {name} should be a whole number, not {kind_of(value)}"
    if kind == "numbers":
        return None if _fine_numbers(value) else f"the {name} should be a list of whole numbers that fit in 64 bits"
    if kind == "flag":
        return None if type(value) is bool else f"the {name} should be true or false, not {kind_of(value)}"
    if isinstance(value, str):
        return _text_problem(value, name, limit)
    return None if value is None and kind == "text" else f"the {name} should be text, not {kind_of(value)}"


def _items_problem(items: tuple, name: str, limit: int) -> str | None:
    for index, item in enumerate(items):
        where = f"{name}[{index}]"
        if isinstance(item, str):
            found = _text_problem(item, where, limit)
        elif isinstance(item, tuple):
            found = _items_problem(item, where, limit)
        elif isinstance(item, AuthorMention):
            found = record_problem(item)
            found = found and found.replace("the ", f"the {where}.", 1)
        else:
            found = f"the {where} should be text, not {kind_of(item)}"
        if found:
            return found
    return None


def _text_problem(text: str, name: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"the {name} is {len(text):,} characters long; Namesake reads at most {limit:,} (a damaged file?)"
    nul = text.find("\x00")
    if nul >= 0:  # a JSON escape makes one; SQLite stores it, and cuts the text there when it reads it as text
        return f"the {name} holds a NUL character (\\u0000, at character {nul + 1:,}): not text"
    surrogate = _SURROGATE.search(text)
    if surrogate:
        code = f"\\u{ord(surrogate.group()):04x}"
        return f"the {name} holds an unpaired surrogate ({code}, at character {surrogate.start() + 1:,}): not text"
    return None


def describe(record: Record) -> str:
    if isinstance(record, PaperRecord):
        return f"paper {short(record.source_key)}"
    if isinstance(record, AuthorRowRecord):
        return f"author row {short(record.source_key)}"
    if isinstance(record, ClusterRecord):
        return f"cluster {short(record.name)}"
    if isinstance(record, ReferenceLabel):
        return f"label of paper {short(record.paper_key)}"
    return type(record).__name__


def short(value, limit: int = 60) -> str:
    """A value for a message: quoted, cut, surrogates escaped."""
    if not isinstance(value, str):
        return kind_of(value)
    return repr(value[:limit]) + ("…" if len(value) > limit else "")


def kind_of(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"[:60]
    return {str: "text", list: "a list", tuple: "a list", dict: "an object"}.get(type(value), type(value).__name__)
