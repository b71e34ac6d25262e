"""Turn a file's bytes into text: UTF-8, or UTF-16/UTF-32 that a byte-order mark announces.

Every text reader decodes through here, so an encoding problem is reported
the same way everywhere: a `SourceError` naming the file and the line, and
saying what the bytes are not. A file saved as UTF-16 by a Windows editor
starts with a byte-order mark and is read as such; one without a mark, or
in Latin-1, is refused with the line of its first bad byte. A NUL byte is
binary data, never text any of our formats carries.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO, Iterator

from models.errors import SourceError

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
NAMES = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}
# The marks of the wide encodings, and the codec that reads what follows them.
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
CHUNK_BYTES = 1 << 20


def encoding_of(data: bytes) -> str:
    """The codec a file's first bytes call for: its byte-order mark's, else UTF-8."""
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), "utf-8-sig")


def decode_head(data: bytes) -> str:
    """The first bytes of a file as text, for recognising its format (bad bytes replaced)."""
    return data.decode(encoding_of(data), errors="replace").lstrip("\ufeff")


def decode_text(data: bytes, path: str) -> str:
    """The whole file as text; `SourceError` naming the line of the first bad byte or NUL."""
    encoding = encoding_of(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        raise SourceError(path, line, not_text(encoding)) from error
    check_no_nul(text, path)
    return text


def not_text(encoding: str) -> str:
    if encoding == "utf-8-sig":
        return "not UTF-8 text (Latin-1 or binary data?); save the file as UTF-8"
    return f"not valid {NAMES[encoding]} text, though it starts with a {NAMES[encoding]} byte-order mark"


def check_no_nul(text: str, path: str, first_line: int = 1) -> None:
    nul = text.find("\x00")
    if nul >= 0:
        raise SourceError(path, first_line + text.count("\n", 0, nul), "binary data (a NUL byte), not text")


def text_lines(handle: BinaryIO, path: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a file opened in binary, streaming, whatever its encoding.

    Lines are counted at "\\n", as an editor counts them; each keeps its end.
    """
    start = handle.peek(4)[:4]
    wide = next(((bom, codec) for bom, codec in _WIDE if start.startswith(bom)), None)
    if wide is None:
        yield from _utf8_lines(handle, path)
    else:
        handle.read(len(wide[0]))
        yield from _wide_lines(handle, path, wide[1])


def _utf8_lines(handle: BinaryIO, path: str) -> Iterator[tuple[int, str]]:
    for number, data in enumerate(handle, start=1):
        try:
            line = data.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(path, number, not_text("utf-8-sig")) from error
        check_no_nul(line, path, number)
        yield number, line


def _wide_lines(handle: BinaryIO, path: str, codec: str) -> Iterator[tuple[int, str]]:
    """Lines of UTF-16 or UTF-32 (`codec` names the byte order), decoded a chunk at a time."""
    decoder = codecs.getincrementaldecoder(codec)()
    rest: list[str] = []  # the start of a line whose end is in a later chunk
    number = 0
    while True:
        chunk = handle.read(CHUNK_BYTES)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            before = "".join(rest) + error.object[: error.start].decode(codec, errors="replace")
            raise SourceError(path, number + before.count("\n") + 1, not_text(codec[:6])) from error
        *lines, last = text.split("\n")
        for line in lines:
            number += 1
            yield number, _checked("".join([*rest, line, "\n"]), path, number)
            rest = []
        rest.append(last)
        if not chunk:
            if "".join(rest):
                yield number + 1, _checked("".join(rest), path, number + 1)
            return


def _checked(line: str, path: str, number: int) -> str:
    check_no_nul(line, path, number)
    return line
