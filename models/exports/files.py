"""Where an export's files go: each written atomically, and none in place before every one is whole."""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from models.atomic import atomic_writer
from models.exports import OpenFile


@contextmanager
def export_files(target: Path) -> Iterator[tuple[OpenFile, list[Path]]]:
    """(open_file, the paths it opened): "" opens `target`; a name opens that file in the folder `target`.

    Each file is written to a temporary file beside its place, and all are renamed into place
    only when the block ends without error: a cancelled or failed export leaves the files it
    would have replaced as they were, and no half-written one.
    """
    opened: list[Path] = []
    streams: dict[str, TextIO] = {}
    with ExitStack() as stack:

        def open_file(name: str) -> TextIO:
            if name not in streams:
                path = target if name == "" else target / name
                if name:
                    target.mkdir(parents=True, exist_ok=True)
                streams[name] = stack.enter_context(atomic_writer(path))
                opened.append(path)
            return streams[name]

        yield open_file, opened

