"""Sources as their providers ship them: gzip-compressed files are read as they are.

dblp publishes `dblp.xml.gz`, and an OpenAlex snapshot is a folder of
gzip-compressed JSON Lines parts: a curator should not have to unpack
gigabytes first. A file is taken for gzip by its first two bytes, never by
its name, and decompressed as it is read, so the streaming readers (dblp,
JSON Lines) keep their flat memory. Damage in the compressed data is a
`SourceError` naming the file and the line where the text broke off.

Damage that leaves the data decompressible (a byte flipped) shows only in the
checksum at the end of the file: that names no line where the text went wrong,
so the reader's own error on the garbled text, at an earlier line, wins
(`checksum_failure_last`), and the checksum's says so.
"""

from __future__ import annotations

import gzip
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, TypeVar

from models.errors import SourceError

GZIP_MAGIC = b"\x1f\x8b"
# A reader that takes a whole document (an Arrow page, an Arnetminer file, a JSON document) holds
# its text in memory; a few megabytes of gzip can unpack to far more than any such source is.
WHOLE_DOCUMENT_LIMIT = 1 << 30
PIECE_BYTES = 16_384
# What `gzip` says when the trailer's checksum or length disagrees with what unpacked.
_CHECKSUM_FAILURES = ("CRC check failed", "Incorrect length of data produced")
T = TypeVar("T")


class ChecksumFailed(SourceError):
    """The data unpacked to its end, and its checksum fails: it was damaged somewhere before, no one can say where."""


# The failures `read_whole` leaves to be raised after the reader, inside `checksum_failure_last`.
_deferred: ContextVar[list[ChecksumFailed] | None] = ContextVar("namesake_deferred_checksum", default=None)


@contextmanager
def checksum_failure_last() -> Iterator[list[ChecksumFailed]]:
    """Within: a file read whole whose checksum fails is handed over all the same, and the failure put in
    the list this gives, to be raised after the reader (`raised_after`): a reader that meets the garbled
    text (bad UTF-8, XML broken) names the line where it went wrong, which the checksum, checked at the
    end, cannot."""
    failures: list[ChecksumFailed] = []
    token = _deferred.set(failures)
    try:
        yield failures
    finally:
        _deferred.reset(token)


def raised_after(records: Iterable[T], failures: list[ChecksumFailed]) -> Iterator[T]:
    """`records`, then the first of `failures` (once the reader has found no fault of its own earlier)."""
    yield from records
    if failures:
        raise failures[0]


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
    if handle.failure is not None:
        deferred = _deferred.get()
        if deferred is None:
            raise handle.failure
        deferred.append(handle.failure)
    return data


class Decompressing:
    """A gzip file read as its text's bytes, with the few methods the readers use."""

    def __init__(self, raw: BinaryIO, path: str):
        self._raw, self._path = raw, path
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._lines = 0  # line ends handed out so far: where damage is reported
        self.failure: ChecksumFailed | None = None  # met at the end by `read`, after the bytes before it

    def peek(self, size: int) -> bytes:
        return self._guard(lambda: self._gzip.peek(size))

    def read(self, size: int = -1) -> bytes:
        # In pieces, counting lines as they come: damage found within a reader's big chunk (dblp reads
        # a megabyte at a time) is then reported at its line, not at the chunk's first. `read1` unpacks
        # at most once a piece: `read` gathers several, and drops those it had when the cut comes (a file
        # cut after line 3990 was reported at line 3681, one whose first 16 KB held the cut at line 1).
        if self.failure is not None:
            raise self.failure
        wanted = size if size >= 0 else float("inf")
        pieces, got = [], 0
        while got < wanted:
            try:
                piece = self._guard(lambda: self._gzip.read1(int(min(PIECE_BYTES, wanted - got))))
            except ChecksumFailed as failure:  # the bytes read so far are all there is: handed over first
                if not pieces:
                    raise
                self.failure = failure
                break
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
            if isinstance(error, gzip.BadGzipFile) and str(error).startswith(_CHECKSUM_FAILURES):
                raise ChecksumFailed(
                    self._path, self._lines + 1,
                    f"the gzip-compressed file is damaged: its checksum, checked here at its end, fails ({error}); "
                    "its text may be wrong from an earlier line, which the checksum cannot tell",
                ) from error
            raise SourceError(self._path, self._lines + 1, f"the gzip-compressed file is damaged or cut short here ({error})") from error
