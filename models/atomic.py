"""Write a file so that readers see the old one or the whole new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, fsync it, then rename it over `path`."""
    with atomic_writer(path) as stream:
        stream.write(text)


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A text stream into a temporary file beside `path`, renamed over `path` once the block ends without error.

    Written in pieces, a file of any size takes no more memory than a piece. An error (or a
    cancel raised inside the block) deletes the temporary file and leaves `path` as it was.
    The file gets the permissions a plain write would give it: those of the file it replaces, else the
    usual ones for a new file (0666 less the umask). A temporary file is made readable by its owner
    alone, and an export kept that way could not be read by the systems it was made for.
    """
    path = Path(path)
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):  # POSIX; elsewhere the temporary file's permissions are already the usual ones
            os.fchmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask: read on Linux; elsewhere set and put back at once (os.umask is the only way to ask)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
