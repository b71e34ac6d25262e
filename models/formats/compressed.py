"""Sources as their providers ship them: gzip-compressed files are read as they are.

dblp publishes `dblp.xml.gz`, and an OpenAlex snapshot is a folder of
gzip-compressed JSON Lines parts: a curator should not have to unpack
gigabytes first. A file is taken for gzip by its first two bytes, never by
its name, and decompressed as it is read, so the streaming readers (dblp,
JSON Lines) keep their flat memory. Damage in the compressed data is a
`SourceError` naming the file and the line where the text broke off.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import BinaryIO

from models.errors import SourceError

GZIP_MAGIC = b"\x1f\x8b"
# A reader that takes a whole document (an Arrow page, an Arnetminer file, a JSON document) holds
# its text in memory; a few megabytes of gzip can unpack to far more than any such source is.
WHOLE_DOCUMENT_LIMIT = 1 << 30
PIECE_BYTES = 16_384


def open_source(path: str | Path) -> BinaryIO:
    """The file's bytes for reading, decompressed if it is gzip; `SourceError` if it cannot be opened."""
    try:
        raw = open(path, "rb")
    except OSError as error:
        raise SourceError(str(path), None, f"cannot read the file: {error.strerror}") from error
    if raw.peek(2)[:2] != GZIP_MAGIC:
        return raw
    return Decompressing(raw, str(path))


def read_whole(path: str | Path) -> bytes:
    """Every byte of the file, decompressed if it is gzip (up to `WHOLE_DOCUMENT_LIMIT`)."""
    with open_source(path) as handle:
        if not isinstance(handle, Decompressing):
            return handle.read()
        data = handle.read(WHOLE_DOCUMENT_LIMIT + 1)
    if len(data) > WHOLE_DOCUMENT_LIMIT:
        limit = f"{WHOLE_DOCUMENT_LIMIT / 2**20:,.0f} MB"
        raise SourceError(str(path), None, f"unpacks to more than {limit}: too big for a document of this kind, which is read whole")
    return data


class Decompressing:
    """A gzip file read as its text's bytes, with the few methods the readers use."""

    def __init__(self, raw: BinaryIO, path: str):
        self._raw, self._path = raw, path
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._lines = 0  # line ends handed out so far: where damage is reported

    def peek(self, size: int) -> bytes:
        return self._guard(lambda: self._gzip.peek(size))

    def read(self, size: int = -1) -> bytes:
        # In pieces, counting lines as they come: damage found within a reader's big chunk (dblp reads
        # a megabyte at a time) is then reported at its line, not at the chunk's first. `read1` unpacks
        # at most once a piece: `read` gathers several, and drops those it had when the cut comes (a file
        # cut after line 3990 was reported at line 3681, one whose first 16 KB held the cut at line 1).
        wanted = size if size >= 0 else float("inf")
        pieces, got = [], 0
        while got < wanted:
            piece = self._guard(lambda: self._gzip.read1(int(min(PIECE_BYTES, wanted - got))))
            if not piece:
                break
            self._lines += piece.count(b"\n")
            pieces.append(piece)
            got += len(piece)
        return b"".join(pieces)

    def readline(self, size: int = -1) -> bytes:
        line = self._guard(lambda: self._gzip.readline(size))
        self._lines += line.endswith(b"\n")
        return line

    def __iter__(self) -> Decompressing:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def compressed_position(self) -> int:
        """How far into the file on disk the reading is: for a progress bar, which knows only its size."""
        return self._raw.tell()

    def close(self) -> None:
        self._gzip.close()  # a GzipFile given a file object leaves it open
        self._raw.close()

    def __enter__(self) -> Decompressing:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _guard(self, read):
        try:
            return read()
        except (OSError, EOFError, zlib.error) as error:  # BadGzipFile is an OSError
            raise SourceError(self._path, self._lines + 1, f"the gzip-compressed file is damaged or cut short here ({error})") from error
