"""Small helpers every reader shares: reading files, years, DOIs, notes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from models.errors import SourceError
from models.formats.compressed import read_whole
from models.formats.text import decode_text
from models.orcid import normalize_orcid

_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
# A year is four digits, alone or starting an ISO date ("2004-05-01"); "20211" is no year, not 2021.
_YEAR = re.compile(r"^\s*(\d{4})(?:-\d\d(?:-\d\d(?:[T ][\d:.]+Z?)?)?)?\s*$")
# The years a paper can have. Fixed, not "today + a few": the same file then imports the same way every
# year, and the schema can state them. They hold every year of the data sets (1947 to 2025); 20211 or
# 9999 is a typing slip, and one past 2100 is no publication date either.
FIRST_YEAR, LAST_YEAR = 1000, 2100
# What a source writes for a year it does not know: not a wrong year (see `year_problem`).
UNKNOWN_YEAR = frozenset({"", "0", "null"})
DBLP_UNKNOWN_YEAR: frozenset[str] = frozenset()
_WHITE_SPACE = re.compile(r"\s+")
# Past this many notes of one kind, a report counts instead of listing.
NOTES_PER_KIND = 50
# Python's JSON reader recurses once per level and stops near 1,000; messages point past this depth.
MAX_JSON_DEPTH = 500
_JSON_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{},:]')
_LONG_NUMBER = re.compile(r"\d{4000,}")


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, decompressed if it is gzip (`compressed.read_whole`)."""
    try:
        return read_whole(path)
    except OSError as error:
        raise SourceError(str(path), None, f"cannot read the file: {error.strerror}") from error


def decode_utf8(data: bytes, path: str) -> str:
    """The file's text: UTF-8, or UTF-16/32 with a byte-order mark (see `text.decode_text`)."""
    return decode_text(data, path)


def load_json(path: str) -> Any:
    """The JSON document in the file; `SourceError` naming the line of a syntax error."""
    text = decode_utf8(read_bytes(path), path)
    if not text.strip():
        raise SourceError(path, 1, "the file is empty")
    return parse_json(text, path)


def parse_json(text: str, path: str, line: int | None = None) -> Any:
    try:
        return _DECODER.decode(text)
    except DuplicateKey as error:
        offset, record, key = _duplicate_key_at(text)
        where = line if line is not None else _line_at_offset(text, offset)
        raise SourceError(path, where, f"{record}an object gives the key {(key or error.key)[:60]!r} twice: which one is meant?") from error
    except json.JSONDecodeError as error:
        where = line if line is not None else error.lineno
        raise SourceError(path, where, f"not valid JSON: {_json_problem(text, error)}") from error
    except RecursionError as error:
        where = line if line is not None else _line_at(text, _too_deep(text))
        raise SourceError(path, where, f"arrays or objects nested more than {MAX_JSON_DEPTH} deep: not data Namesake reads") from error
    except ValueError as error:  # a number of thousands of digits, which Python refuses to convert
        where = line if line is not None else _line_at(text, _LONG_NUMBER.search(text))
        raise SourceError(path, where, f"not valid JSON: a number too long to read ({str(error).split(':')[0]})") from error


def _json_problem(text: str, error: json.JSONDecodeError) -> str:
    """The decoder's message, but a line that ends inside a string says so: a line cut short read as
    "Invalid control character at (column 110)", its line end taken for a character of the string."""
    if error.msg == "Invalid control character at" and text[error.pos] in "\r\n":
        return f"the line ends inside a string (cut short?) (column {error.colno})"
    if error.msg == "Unterminated string starting at":  # no quote closes it before the text ends
        return f"the text ends inside a string that starts at column {error.colno} (cut short?)"
    return f"{error.msg} (column {error.colno})"


class DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key[:60]


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    """An object; a key given twice is refused (Python would silently keep the last)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        raise DuplicateKey(next(key for key, _ in pairs if key in seen or seen.add(key)))
    return result


# One decoder for every line: `json.loads` with a hook builds a new one each call (a million
# papers, a million decoders).
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _too_deep(text: str) -> re.Match | None:
    """Where the nesting of arrays and objects first goes past `MAX_JSON_DEPTH` (strings skipped)."""
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_JSON_DEPTH:
            return token
    return None


def _line_at(text: str, match: re.Match | None) -> int | None:
    return text.count("\n", 0, match.start()) + 1 if match else None


def _line_at_offset(text: str, offset: int | None) -> int | None:
    return text.count("\n", 0, offset) + 1 if offset is not None else None


def _duplicate_key_at(text: str) -> tuple[int | None, str, str | None]:
    """Where the first key given twice in one object stands, the path of that object ("papers[3]: "), and the key.

    The decoder's hook sees an object's pairs, not where they are: a document of many records
    needs the line and the record to be fixed. Only run on a refusal, so a second pass costs nothing.
    """
    frames: list[_Frame] = []  # the containers open at this point, outermost first
    for token in _JSON_TOKENS.finditer(text):
        found = token.group()
        if found in ("{", "["):
            frames.append(_Frame(found == "{"))
        elif found in ("}", "]"):
            frames.pop()
        elif found == ",":
            frames[-1].next_item()
        elif found != ":" and frames[-1].wants_key:
            key = json.loads(found)
            if key in frames[-1].keys:
                record = "".join(frame.step() for frame in frames[:-1]).lstrip(".")
                return token.start(), f"{record}: " if record else "", key
            frames[-1].take_key(key)
    return None, "", None


class _Frame:
    """An open object or array while `_duplicate_key_at` walks the text."""

    def __init__(self, is_object: bool):
        self.is_object = is_object
        self.keys: set[str] = set()
        self.key: str | None = None
        self.index = 0
        self.wants_key = is_object

    def next_item(self) -> None:
        self.index += 1
        self.wants_key = self.is_object

    def take_key(self, key: str) -> None:
        self.keys.add(key)
        self.key = key
        self.wants_key = False

    def step(self) -> str:
        """This container's part of a path: ".papers", "[3]", or '["102"]' for a key that is no plain word."""
        if not self.is_object:
            return f"[{self.index}]"
        return f".{self.key}" if self.key.isidentifier() else f"[{json.dumps(self.key, ensure_ascii=False)[:60]}]"


def clean(text: Any) -> str | None:
    """`text` with white space collapsed; None if there is nothing in it."""
    if text is None:
        return None
    collapsed = _WHITE_SPACE.sub(" ", str(text)).strip()
    return collapsed or None


def year_of(value: Any) -> int | None:
    """The year in 2004, "2004" or "2004-05-01"; None for 0, missing, unreadable or out of range (`year_problem` says which)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if FIRST_YEAR <= value <= LAST_YEAR else None
    match = _YEAR.match(str(value or ""))
    return int(match.group(1)) if match and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR else None


def year_problem(value: Any, unknown: frozenset[str] = UNKNOWN_YEAR) -> str | None:
    """What is wrong with a year given that `year_of` cannot read ("20O4", "nineteen", 20211), else None.

    Missing is no year, not a wrong one; so is what the source writes for a year it does not
    know (`unknown`): blank, "null" and 0 in the data sets (LBD writes 0). dblp writes a year or
    no <year> at all, so it passes `DBLP_UNKNOWN_YEAR`: its "0" or "null" is reported.
    """
    if value is None or year_of(value) is not None or str(value).strip().lower() in unknown:
        return None
    return f"year {str(value).strip()[:40]!r} is not a year (four digits, {FIRST_YEAR} to {LAST_YEAR})"


def doi_of(text: str | None) -> str | None:
    """The bare DOI ("10.1145/123") in a DOI or its resolver URL."""
    match = _DOI.match((text or "").strip())
    return match.group(1) if match else None


def orcid_of(text: str | None, notes: list[str], where: str) -> str | None:
    """A checked ORCID iD, or None with a note saying why it was left out."""
    if not text:
        return None
    try:
        return normalize_orcid(text)
    except ValueError as error:
        notes.append(f"{where}: ORCID iD left out: {error}")
        return None


def unique(items) -> tuple:
    """`items` without repeats or blanks, in first-seen order."""
    return tuple(dict.fromkeys(item for item in items if item))


class Notes:
    """A report list that keeps the first notes of each kind and counts the rest.

    A 4 GB file can repeat one problem a million times; a person reads the
    first few and the count.
    """

    def __init__(self, target: list[str], limit: int = NOTES_PER_KIND):
        self._target = target
        self._limit = limit
        self._counts: dict[str, int] = {}

    def add(self, kind: str, message: str) -> None:
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= self._limit:
            self._target.append(message)

    def finish(self, path: str) -> None:
        """Append the count of every kind that went past the limit."""
        for kind, count in self._counts.items():
            if count > self._limit:
                self._target.append(f"{path}: {count - self._limit} more like this: {kind}")


def track_progress(parsed, handle, path: str | Path) -> None:
    """Let `parsed.fraction_read` tell how far through the file `handle` is (for a progress bar)."""
    size = max(Path(path).stat().st_size, 1)
    raw = getattr(handle, "buffer", handle)  # a text file counts the bytes of the file beneath it
    position = raw.compressed_position if hasattr(raw, "compressed_position") else raw.tell  # gzip: in the file on disk

    def fraction() -> float:
        try:
            return min(1.0, position() / size)
        except ValueError:  # closed: the reader is done with it
            return 1.0

    parsed.fraction_read = fraction
