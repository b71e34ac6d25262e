"""Sources shipped as archives: zip, and tar (plain, gzip, bzip2 or xz).

Data sets travel as archives (a zip of Arnetminer's name files, a tar of an
S2AND data set). An archive is unpacked into a temporary folder and read as
that folder would be; what the reviewer sees names the archive
("s2and.tar.gz/dummy/signatures.json"), never the temporary folder.

Unpacking refuses what could harm: a member whose path leaves the folder
(absolute, or through ".."), links and devices; more than `UNPACKED_LIMIT` in
all, or more than the temporary folder's free space; archives nested deeper
than `NESTING_LIMIT` (an archive that holds itself would never end).
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zipfile
import zlib
from contextlib import ExitStack
from pathlib import Path, PurePosixPath

from models.errors import SourceError

UNPACKED_LIMIT = 64 << 30  # a whole dblp or OpenAlex dump unpacks to tens of gigabytes; more is not a source
SPARE_BYTES = 256 << 20  # left free in the temporary folder after unpacking
NESTING_LIMIT = 3
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
_DAMAGE = (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, OSError, ValueError)


def archive_kind(path: Path) -> str | None:
    """"zip" or "tar" by the file's content (a tar may be compressed); None for anything else."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) in ZIP_MAGIC:
                return "zip"
        return "tar" if tarfile.is_tarfile(path) else None
    except _DAMAGE:
        return None


class Unpacked:
    """The archives of one import, unpacked into temporary folders deleted when it ends (`with`)."""

    def __init__(self):
        self._stack = ExitStack()
        self._archives: dict[Path, tuple[str, int]] = {}  # temporary folder -> (the archive as shown, nesting)

    def __enter__(self) -> Unpacked:
        return self

    def __exit__(self, *_exc) -> None:
        self._stack.close()

    def unpack(self, archive: Path, kind: str) -> Path:
        """The folder holding what the archive holds; `SourceError` naming the archive if it cannot be."""
        shown_as, depth = self._shown_and_depth(archive)
        if depth > NESTING_LIMIT:
            raise SourceError(shown_as, None, f"archives nested more than {NESTING_LIMIT} deep: not unpacked")
        folder = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="namesake-unpacked-")))
        self._archives[folder] = (shown_as, depth)
        try:
            (_unpack_zip if kind == "zip" else _unpack_tar)(archive, folder, shown_as)
        except _DAMAGE as error:  # (a refusal, a SourceError, is none of these: it passes as it is)
            raise SourceError(shown_as, None, f"a damaged {kind} archive: {error}") from error
        return folder

    def shown(self, text: str) -> str:
        """`text` with each temporary folder written as the archive it holds."""
        for folder, (shown_as, _depth) in sorted(self._archives.items(), key=lambda item: -len(str(item[0]))):
            text = text.replace(str(folder), shown_as)
        return text

    def shown_error(self, error: SourceError) -> SourceError:
        return SourceError(self.shown(error.path), error.line, self.shown(error.message)) if self._archives else error

    def _shown_and_depth(self, archive: Path) -> tuple[str, int]:
        for folder, (_shown, depth) in self._archives.items():
            if archive.is_relative_to(folder):
                return self.shown(str(archive)), depth + 1
        return str(archive), 1


def _unpack_zip(archive: Path, folder: Path, shown_as: str) -> None:
    with zipfile.ZipFile(archive) as zipped:
        members = [info for info in zipped.infolist() if not info.is_dir()]
        for info in members:
            _check_member(info.filename, shown_as)
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise SourceError(shown_as, None, f"{info.filename}: a link inside the archive; not unpacked")
        _check_room(sum(info.file_size for info in members), folder, shown_as)
        for info in members:
            target = folder / PurePosixPath(info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipped.open(info) as packed, open(target, "wb") as unpacked:  # no more than its declared size
                shutil.copyfileobj(packed, unpacked, 1 << 20)


def _unpack_tar(archive: Path, folder: Path, shown_as: str) -> None:
    with tarfile.open(archive) as tar:  # one pass to look at every member before anything is written
        members = tar.getmembers()
    for member in members:
        _check_member(member.name, shown_as)
        if not (member.isfile() or member.isdir()):
            raise SourceError(shown_as, None, f"{member.name}: a link or device inside the archive; not unpacked")
    _check_room(sum(member.size for member in members if member.isfile()), folder, shown_as)
    # A second pass as a stream: reading members by offset would unpack a compressed tar from its start again for each.
    with tarfile.open(archive, "r|*") as tar:
        for member in tar:
            target = folder / PurePosixPath(member.name)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as packed, open(target, "wb") as unpacked:
                shutil.copyfileobj(packed, unpacked, 1 << 20)


def _check_member(name: str, shown_as: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise SourceError(shown_as, None, f"{name}: a path outside the archive's folder; not unpacked")


def _check_room(total: int, folder: Path, shown_as: str) -> None:
    if total > UNPACKED_LIMIT:
        raise SourceError(shown_as, None, f"unpacks to {total / 2**30:,.1f} GB, more than {UNPACKED_LIMIT / 2**30:,.0f} GB; not unpacked")
    free = shutil.disk_usage(folder).free
    if total + SPARE_BYTES > free:
        raise SourceError(
            shown_as, None,
            f"unpacks to {total / 2**20:,.0f} MB, and the temporary folder ({folder.parent}) has {free / 2**20:,.0f} MB free; "
            "unpack it where there is room and import the folder",
        )
