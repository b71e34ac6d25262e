"""Small helpers every reader shares: reading files, years, DOIs, notes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from models.errors import SourceError
from models.orcid import normalize_orcid

_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(\d{4})")
_WHITE_SPACE = re.compile(r"\s+")
# Past this many notes of one kind, a report counts instead of listing.
NOTES_PER_KIND = 50


def read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise SourceError(str(path), None, f"cannot read the file: {error.strerror}") from error


def decode_utf8(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, line, "not UTF-8 text") from error


def load_json(path: str) -> Any:
    """The JSON document in the file; `SourceError` naming the line of a syntax error."""
    return parse_json(decode_utf8(read_bytes(path), path), path)


def parse_json(text: str, path: str, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = line if line is not None else error.lineno
        raise SourceError(path, where, f"not valid JSON: {error.msg} (column {error.colno})") from error


def clean(text: Any) -> str | None:
    """`text` with white space collapsed; None if there is nothing in it."""
    if text is None:
        return None
    collapsed = _WHITE_SPACE.sub(" ", str(text)).strip()
    return collapsed or None


def year_of(value: Any) -> int | None:
    """The year in 2004, "2004" or "2004-05-01"; None for 0, missing or unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    match = _YEAR.match(str(value or ""))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


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

    def fraction() -> float:
        try:
            return min(1.0, raw.tell() / size)
        except ValueError:  # closed: the reader is done with it
            return 1.0

    parsed.fraction_read = fraction
