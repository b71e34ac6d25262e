"""Repair the XML that hand-made data sets ship: bare '&' and HTML entities.

Half of the Arnetminer files are not well-formed XML: an organization reads
"Dept. of Electr. & Comput. Sci.", a title "Large&mdash;scale". A strict
parser stops at the first one. The repair runs line by line, so line
numbers stay true, and reports every change with its line:

- a bare '&' becomes '&amp;';
- an HTML entity (&eacute;, &mdash;) or an ISO 8879 Greek one (&lgr;,
  common in titles from IEEE) becomes its character;
- an entity nobody defines is kept as text ('&foo;' shows as typed).

The five XML entities and numeric character references are left alone.
"""

from __future__ import annotations

import html.entities
import re

_REFERENCE = re.compile(r"&(?:(#[0-9]+|#x[0-9A-Fa-f]+)|([A-Za-z][A-Za-z0-9]*));|&")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
# ISO 8879 Greek (isogrk1/isogrk3 names), used by some publishers' titles.
_ISO_GREEK = dict(
    zip(
        "agr bgr ggr dgr egr zgr eegr thgr igr kgr lgr mgr ngr xgr ogr pgr rgr sgr sfgr tgr ugr phgr khgr psgr ohgr".split(),
        "αβγδεζηθικλμνξοπρσςτυφχψω",
    )
)
_ISO_GREEK.update({name[0].upper() + name[1:]: letter.upper() for name, letter in list(_ISO_GREEK.items()) if name != "sfgr"})
_ISO_GREEK.update({"OHgr": "Ω", "THgr": "Θ", "PHgr": "Φ", "KHgr": "Χ", "PSgr": "Ψ", "EEgr": "Η"})
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def repair_line(line: str, number: int, path: str, repairs: list[str]) -> str:
    """The line with its stray '&' and foreign entities fixed; each fix noted in `repairs`."""

    def fix(match: re.Match) -> str:
        numeric, name = match.groups()
        if numeric or name in _XML_ENTITIES:
            return match.group()
        if name is None:
            repairs.append(f"{path}:{number}: a bare '&' escaped")
            return "&amp;"
        character = _character(name)
        if character is None:
            repairs.append(f"{path}:{number}: unknown entity &{name}; kept as text")
            return f"&amp;{name};"
        repairs.append(f"{path}:{number}: entity &{name}; read as {character!r}")
        return "".join(_ESCAPES.get(c, c) for c in character)

    return _REFERENCE.sub(fix, line)


def repair_text(text: str, path: str, repairs: list[str]) -> str:
    lines = text.split("\n")
    return "\n".join(repair_line(line, number, path, repairs) for number, line in enumerate(lines, start=1))


def _character(name: str) -> str | None:
    return html.entities.html5.get(name + ";") or _ISO_GREEK.get(name)
