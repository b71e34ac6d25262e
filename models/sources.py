"""Recognise a source file by its content and parse it with the right reader."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from models import arrow
from models.errors import SourceError
from models.records import ParsedSource

# (name, test on the file's first kilobytes, parser); first match wins.
READERS: list[tuple[str, Callable[[str], bool], Callable[[str], ParsedSource]]] = [
    (arrow.FORMAT, arrow.looks_like_arrow_page, arrow.parse_arrow_page),
]


def read_source(path: str | Path) -> ParsedSource:
    """Parse the file at `path`, whatever format it is in; `SourceError` if none fits."""
    path = str(path)
    head = _head(path)
    for _name, recognises, parse in READERS:
        if recognises(head):
            return parse(path)
    known = ", ".join(name for name, _, _ in READERS)
    raise SourceError(path, 1, f"not a format Namesake reads (it reads: {known})")


def _head(path: str, size: int = 4096) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(size)
    except OSError as error:
        raise SourceError(path, None, f"cannot read the file: {error.strerror}") from error
    if not data.strip():
        raise SourceError(path, 1, "the file is empty")
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")
