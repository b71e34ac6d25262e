"""XML parsing that refuses what a hostile file can use against its reader.

Every XML reader here parses with expat through these handlers:

- A DOCTYPE with an internal subset (`<!DOCTYPE x [ ... ]>`) is refused
  before a single declaration in it is read: that is where entity bombs
  ("billion laughs") and external entities (`SYSTEM "file:///etc/passwd"`)
  hide, and none of the formats we read has one.
- An external DTD is read only where the reader allows it (dblp), only from
  a plain file name beside the XML file, never from a URL or another folder,
  and at most `MAX_DTD_BYTES` of it.
- In that DTD, an entity must be internal, short, and must not refer to
  other entities: dblp's `<!ENTITY auml "&#228;">` passes; an entity that
  expands other entities, or loads a file, is refused.
- Any other external entity is refused without being opened.

A refusal is a `SourceError` naming the file and line, raised from inside
the handler, so expat stops at once: nothing is expanded or fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from pyexpat import ExpatError, ParserCreate, XMLParserType, errors
from pyexpat import XML_PARAM_ENTITY_PARSING_NEVER, XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE

from models.errors import SourceError

MAX_DTD_BYTES = 1 << 20
# Longest replacement text a DTD entity may have; dblp's are one character.
MAX_ENTITY_TEXT = 200
_PLAIN_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TAG_MISMATCH = errors.codes[errors.XML_ERROR_TAG_MISMATCH]
_CLOSING_TAG = re.compile(rb"</\s*([^\s>]+)")


class XmlGuard:
    """Handlers on an expat parser; `allow_dtd` lets a DTD beside the file define entities."""

    def __init__(self, path: str, allow_dtd: bool = False):
        self.path = path
        self.allow_dtd = allow_dtd
        self.dtd_path: Path | None = None
        self._parser: XMLParserType | None = None
        self._dtd_parser: XMLParserType | None = None

    def install(self, parser: XMLParserType) -> XMLParserType:
        self._parser = parser
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity_declaration
        parser.ExternalEntityRefHandler = self._external_entity
        parser.UnparsedEntityDeclHandler = self._unparsed_entity
        mode = XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE if self.allow_dtd else XML_PARAM_ENTITY_PARSING_NEVER
        parser.SetParamEntityParsing(mode)
        return parser

    def refuse(self, message: str) -> SourceError:
        if self._dtd_parser is not None and self.dtd_path is not None:
            return SourceError(str(self.dtd_path), self._dtd_parser.CurrentLineNumber, message)
        line = self._parser.CurrentLineNumber if self._parser else None
        return SourceError(self.path, line, message)

    def _doctype(self, name: str, system_id: str | None, _public_id: str | None, internal_subset: int) -> None:
        if internal_subset:
            raise self.refuse(
                f"the DOCTYPE declares its own DTD (<!DOCTYPE {name} [ ... ]>); refused: that is where entity "
                "bombs and external entities hide, and no format Namesake reads needs one"
            )
        if system_id is not None:
            self.dtd_path = self._dtd_beside_file(system_id)

    def _dtd_beside_file(self, system_id: str) -> Path | None:
        if not self.allow_dtd:
            raise self.refuse(f"the DOCTYPE refers to an external DTD ({system_id!r}); this format has none, refused")
        if not _PLAIN_FILE_NAME.match(system_id):
            raise self.refuse(
                f"the DOCTYPE refers to the DTD {system_id!r}; Namesake reads a DTD only from a plain file name "
                "beside the XML file, never from a URL or another folder"
            )
        dtd = Path(self.path).parent / system_id
        if not dtd.is_file():
            raise self.refuse(f"needs {system_id} beside it (its character entities are defined there); not found: {dtd}")
        if dtd.stat().st_size > MAX_DTD_BYTES:
            raise self.refuse(f"{dtd} is larger than {MAX_DTD_BYTES:,} bytes: not a DTD Namesake reads")
        return dtd

    def _external_entity(self, context: str | None, _base: str | None, system_id: str | None, _public_id: str | None) -> int:
        if context is not None or self.dtd_path is None or self._dtd_parser is not None:
            raise self.refuse(f"refers to the external entity {system_id!r}; Namesake never loads external entities")
        self._dtd_parser = self._parser.ExternalEntityParserCreate(None)
        try:
            self._dtd_parser.Parse(self.dtd_path.read_bytes(), True)
        except ExpatError as error:
            raise SourceError(str(self.dtd_path), error.lineno, f"not a well-formed DTD: {error}") from error
        finally:
            self._dtd_parser = None
        return 1

    def _entity_declaration(self, name, is_parameter, value, _base, system_id, public_id, _notation) -> None:
        kind = "parameter entity" if is_parameter else "entity"
        if self._dtd_parser is None:
            raise self.refuse(f"declares the {kind} {name!r} in the file itself; refused")
        if system_id is not None or public_id is not None or value is None:
            raise self.refuse(f"declares the external {kind} {name!r} ({system_id or public_id}); Namesake never loads those")
        if "&" in value or "%" in value:
            raise self.refuse(f"the {kind} {name!r} expands other entities; refused (entity expansion bomb)")
        if len(value) > MAX_ENTITY_TEXT:
            raise self.refuse(f"the {kind} {name!r} expands to {len(value):,} characters; refused (at most {MAX_ENTITY_TEXT})")

    def _unparsed_entity(self, name, *_rest) -> None:
        raise self.refuse(f"declares the unparsed entity {name!r}; refused")


def guarded_parser(path: str, allow_dtd: bool = False, namespaces: bool = False) -> XMLParserType:
    """An expat parser with the guard's handlers installed."""
    parser = ParserCreate(namespace_separator="}") if namespaces else ParserCreate()
    parser.buffer_text = True
    XmlGuard(path, allow_dtd).install(parser)
    return parser


def parse_tree(data: bytes, path: str, line_offset: int = 0) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document as an ElementTree (tags "{namespace}name") and each element's line.

    For small files only (ORCID records, Arnetminer pages): the whole tree is
    kept. Namespaced tags come out as ElementTree writes them.
    """
    parser = guarded_parser(path, namespaces=True)
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    still_open: list[tuple[str, int]] = []  # (local name, line) of the elements not closed yet

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(_clark(tag), {_clark(key): value for key, value in attributes.items()})
        lines[element] = parser.CurrentLineNumber + line_offset
        still_open.append((local_name(tag), lines[element]))

    def end(tag: str) -> None:
        builder.end(_clark(tag))
        still_open.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        feed(parser, data, path, final=True, line_offset=line_offset)
    except SourceError as error:
        raise _unclosed(error, data, still_open, line_offset) or error
    return builder.close(), lines


def _unclosed(error: SourceError, data: bytes, still_open: list[tuple[str, int]], line_offset: int) -> SourceError | None:
    """For a closing tag that closes an element further out (a `</publication>` left out, found
    at `</person>`, the file's last line), the error at the line of the element left open; None otherwise.

    A closing tag that matches nothing open is itself the fault, and is left at its own line.
    """
    cause = error.__cause__
    if not isinstance(cause, ExpatError) or cause.code != _TAG_MISMATCH or not still_open:
        return None
    text = data.split(b"\n")[cause.lineno - 1]
    closing = _CLOSING_TAG.match(text, text.rfind(b"</", 0, cause.offset + 2))  # expat points past the "</"
    name = closing.group(1).decode("utf-8", "replace").rsplit(":", 1)[-1] if closing else None
    if name not in (tag for tag, _ in still_open[:-1]):
        return None
    tag, line = still_open[-1]
    return SourceError(
        error.path, line, f"not well-formed XML: this <{tag}> is never closed (line {error.line} closes the <{name}> around it)"
    )


def feed(parser: XMLParserType, data: bytes, path: str, final: bool = False, line_offset: int = 0) -> None:
    """Parse the next bytes; `SourceError` naming the line of what is not well-formed."""
    try:
        parser.Parse(data, final)
    except ExpatError as error:
        raise SourceError(path, error.lineno + line_offset, f"not well-formed XML: {_reason(error)}") from error
    except (LookupError, ValueError) as error:  # expat asks Python for an encoding it does not know itself
        where = parser.CurrentLineNumber + line_offset
        raise SourceError(path, where, f"declares an encoding Namesake cannot read ({error})") from error


def _clark(name: str) -> str:
    """expat's "uri}local" as ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


def _reason(error: ExpatError) -> str:
    return str(error).split(":")[0]


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
