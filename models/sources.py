"""Recognise a source by its content and parse it with the right reader.

A file is recognised from its first kilobytes, never from its name alone:
a dblp dump saved as `.txt` is still dblp. A folder is an S2AND data set
(its `signatures.json`) or an LBD collection (a folder of its line files).
The `ParsedSource.format` a reader returns says which reader was used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO, Callable

from models import arrow
from models.errors import SourceError
from models.formats.archives import Unpacked, archive_kind
from models.formats.compressed import checksum_failure_last, open_source, raised_after
from models.formats.record_check import checked
from models.formats.text import decode_head, encoding_of
from models.formats import arnetminer, dblp, lbd, namesake_export, namesake_json, openalex, orcid_xml, s2and
from models.records import ParsedSource

# (name, test on the file's first kilobytes, parser); first match wins, so
# the more specific tests come first (an export before other JSON).
Reader = tuple[str, Callable[[str], bool], Callable[[str], ParsedSource]]
READERS: list[Reader] = [
    (arrow.FORMAT, arrow.looks_like_arrow_page, arrow.parse_arrow_page),
    (dblp.FORMAT, dblp.looks_like, dblp.parse),
    (orcid_xml.FORMAT, orcid_xml.looks_like, orcid_xml.parse),
    (arnetminer.FORMAT, arnetminer.looks_like, arnetminer.parse),
    (namesake_export.FORMAT, namesake_export.looks_like, namesake_export.parse),
    (namesake_json.LINES_FORMAT, namesake_json.looks_like_lines, namesake_json.parse_lines),
    (namesake_json.FORMAT, namesake_json.looks_like, namesake_json.parse),
    (openalex.FORMAT, openalex.looks_like, openalex.parse),
    (s2and.FORMAT, s2and.looks_like, s2and.parse),
    (lbd.FORMAT, lbd.looks_like, lbd.parse),
]
FOLDER_READERS = f"{s2and.FORMAT} (a folder with signatures.json), {lbd.FOLDER_FORMAT}"
_XML_ROOT = re.compile(r"<([A-Za-z_][\w:.-]*)[\s>/]")
UNREADABLE = "\ufffd"  # what `decode_head` puts for a byte that is not text


# Readers that look for the file's own name in author lists: they must compare as the import will.
FOLDING_READERS = {arrow.FORMAT, arnetminer.FORMAT}


def read_source(path: str | Path, fold_diacritics: bool = False) -> ParsedSource:
    """Parse the file or folder at `path`, whatever format it is in; `SourceError` if none fits.

    `fold_diacritics` is the import's option, for the readers that find a file's own name in its papers.
    """
    path = str(path)
    if Path(path).is_dir():
        with checksum_failure_last() as failures:
            parsed = _read_folder(Path(path))
    else:
        name, _recognises, parse = recognise(path)
        with checksum_failure_last() as failures:
            parsed = parse(path, fold_diacritics) if name in FOLDING_READERS else parse(path)
    parsed.records = raised_after(parsed.records, failures)  # the reader's own error on the garbled text first
    return checked(parsed)


def recognise(path: str | Path) -> Reader:
    """The reader whose format the file's first kilobytes show, without reading the rest.

    A bad byte in those kilobytes does not hide the format: recognising skips it, and the
    reader then refuses the file at its line. `SourceError` if no format fits.
    """
    path = str(path)
    data = _head(path)
    head = decode_head(data)
    readable = head.replace(UNREADABLE, "")
    for reader in READERS:
        name, recognises, _parse = reader
        if recognises(readable):
            _check_on_its_own(path, name)
            return reader
    known = ", ".join(name for name, _, _ in READERS)
    what = _what_it_is(head, data)
    raise SourceError(path, 1, f"not a format Namesake reads ({what}); it reads: {known}; and folders: {FOLDER_READERS}")


def _check_on_its_own(path: str, format_name: str) -> None:
    """An S2AND part file is read only with its data set: without a signatures.json beside it, it is none."""
    if format_name == s2and.FORMAT and s2and.find_data_set(Path(path)) is None:
        raise SourceError(path, None, s2and.NOT_A_DATA_SET)


def _read_folder(folder: Path) -> ParsedSource:
    if s2and.find_data_set(folder) == folder:
        return s2and.parse(folder)
    if lbd.looks_like_folder(folder):
        return lbd.parse_folder(folder)
    raise SourceError(
        str(folder), None, f"a folder Namesake does not read as one source (it reads: {FOLDER_READERS}); import its files instead"
    )


def _head(path: str, size: int = 4096) -> bytes:
    with open_source(path) as handle:  # a gzip file is recognised by what it holds
        data = _start_before_damage(handle, size)
    if len(data) < size and not decode_head(data).strip():
        raise SourceError(path, 1, "the file is empty")
    return data


def _start_before_damage(handle: BinaryIO, size: int, piece: int = 128) -> bytes:
    """Up to `size` bytes; of a gzip file cut short or damaged within them, what unpacks before the
    damage (all but its last piece), so that its format is still known and its reader refuses it."""
    pieces: list[bytes] = []
    for _ in range(0, size, piece):
        try:
            data = handle.read(piece)
        except SourceError:
            if not pieces:  # nothing readable: nothing to recognise
                raise
            break
        if not data:
            break
        pieces.append(data)
    return b"".join(pieces)


SQLITE_HEADER = b"SQLite format 3\x00"
ELF_MAGIC = b"\x7fELF"


def _what_it_is(head: str, data: bytes) -> str:
    """A short description of an unknown file, for the refusal message."""
    if data.startswith(SQLITE_HEADER):  # a Namesake database or one of its backups, picked in File → Import
        return (
            "a SQLite database: Namesake opens its database with --db, and puts a backup back with "
            "File → Restore a backup…"
        )
    if data.startswith(ELF_MAGIC):
        return "binary data (an executable), not text"
    if encoding_of(data) == "utf-8-sig" and b"\x00" in data:
        if _looks_like_utf16(data):
            return "UTF-16 text without a byte-order mark, it seems: save it as UTF-8"
        return "binary data, not text"
    if head.count("\ufffd") > len(head) // 20:
        return "binary data, or text that is not UTF-8"
    text = head.lstrip()
    if re.match(r"<!(?:--|ELEMENT|ENTITY|ATTLIST)", text):
        return "a DTD (read only with the XML file that names it in its DOCTYPE)"
    if text.startswith("<"):
        roots = [name for name in _XML_ROOT.findall(text) if not name.startswith(("?", "!"))]
        return f"an XML file with root <{roots[0]}>" if roots else "an XML file"
    if text[:1] in "{[":
        return "a JSON file of unknown shape"
    first = text.split("\n", 1)[0].strip()
    return f"a text file starting {first[:60]!r}"


def _looks_like_utf16(data: bytes) -> bool:
    """NULs in every other byte and (nearly) nowhere else, as Latin letters in UTF-16 have them: binary
    data (a database's empty pages, an executable) has NULs in both halves, and was taken for UTF-16."""
    halves = (data[0::2], data[1::2])
    nuls = [half.count(0) / max(len(half), 1) for half in halves]
    return max(nuls) > 0.5 and min(nuls) < 0.1


def expand_paths(paths: list[str | Path], unpacked: Unpacked | None = None) -> tuple[list[Path], list[str]]:
    """Files and data-set folders to read; a plain folder gives the source files in it and in its
    plain subfolders (an OpenAlex snapshot keeps its parts in `updated_date=…` folders); an archive
    (zip, tar), given `unpacked`, is unpacked and read as its folder would be.

    Returns what to read and, for each file left out, why (a README, a DTD...).
    """
    chosen: list[Path] = []
    left_out: list[str] = []
    for path in map(Path, paths):
        folder = _unpacked(path, unpacked)
        if folder is not None:
            _gather(folder, chosen, left_out, set(), unpacked)
        elif not path.is_dir() or _is_data_set(path):
            chosen.append(path)
        else:
            _gather(path, chosen, left_out, set(), unpacked)
    return chosen, left_out


def _unpacked(path: Path, unpacked: Unpacked | None) -> Path | None:
    """The folder an archive was unpacked into; None if `path` is not an archive (or archives are not unpacked)."""
    if unpacked is None or path.is_dir():
        return None
    kind = archive_kind(path)
    return unpacked.unpack(path, kind) if kind else None


def _gather(folder: Path, chosen: list[Path], left_out: list[str], seen: set[Path], unpacked: Unpacked | None = None) -> None:
    if folder.resolve() in seen:  # a link back to a folder above: read once
        return
    seen.add(folder.resolve())
    if _is_data_set(folder):  # an archive of a data set's files, without a folder of its own
        chosen.append(folder)
        return
    for child in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        try:
            inner = _unpacked(child, unpacked)
        except SourceError as error:
            left_out.append(str(error))
            continue
        if inner is not None:
            _gather(inner, chosen, left_out, seen, unpacked)
        elif child.is_dir():  # a plain folder, or a data set's (`_gather` chooses it whole)
            _gather(child, chosen, left_out, seen, unpacked)
        else:
            _choose_file(child, chosen, left_out)


def _choose_file(path: Path, chosen: list[Path], left_out: list[str]) -> None:
    """A file of a folder is chosen when its first kilobytes show a format: if it then cannot be
    read whole, the import is refused, as it is when the file is imported alone. Only a file that
    is no source (a README, a DTD, an image) is left out, with the reason."""
    try:
        recognise(path)
    except SourceError as error:
        left_out.append(str(error))
    else:
        chosen.append(path)


def _is_data_set(folder: Path) -> bool:
    return s2and.find_data_set(folder) == folder or lbd.looks_like_folder(folder)
