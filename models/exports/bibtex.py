"""The BibTeX export: each person's papers, readable by classic BibTeX.

Text is escaped for BibTeX and LaTeX: `\\ { } % & $ # _ ~ ^` become commands,
and accented letters become accent commands ("é" → "{\\'e}"), so the file
works with 8-bit BibTeX as well as biber. Characters with no LaTeX form
(CJK, for instance) stay as UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, TextIO

from models.names import display_name

SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
# Combining marks and the LaTeX accent command that puts them on a letter.
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0308": '"', "\u0304": "=", "\u0307": ".",
    "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0306": "u", "\u0327": "c", "\u0328": "k", "\u0323": "d",
}
LETTERS = {
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "ø": r"{\o}", "Ø": r"{\O}", "œ": r"{\oe}", "Œ": r"{\OE}",
    "ł": r"{\l}", "Ł": r"{\L}", "å": r"{\aa}", "Å": r"{\AA}", "ı": r"{\i}", "đ": r"{\dj}", "Đ": r"{\DJ}",
}
ENTRY_TYPES = {"conference": ("inproceedings", "booktitle"), "journal": ("article", "journal"), "article": ("article", "journal")}


class BibtexWriter:
    """Each person's papers as they come; citation keys stay unique over the whole file."""

    def __init__(self, open_file: Callable[[str], TextIO], exported_at: str, count: int):
        self._keys: set[str] = set()
        self._stream = open_file("")
        self._stream.write(f"% Namesake export of curated profiles, {exported_at}\n")

    def add(self, export: dict) -> None:
        for person in export["people"]:
            self._stream.write(f"\n% Person: {person['label']} ({person['display_name']}), cluster {export['cluster']['name']}\n")
            for paper in person["papers"]:
                self._stream.write("\n" + _entry(paper, self._keys))

    def finish(self) -> None:
        pass


def _entry(paper: dict, keys: set[str]) -> str:
    entry_type, venue_field = _entry_type(paper)
    fields = [("title", paper["title"]), ("author", " and ".join(display_name(a) for a in paper["authors"]))]
    if paper["year"] is not None:
        fields.append(("year", str(paper["year"])))
    if paper["venue"]:
        fields.append((venue_field, paper["venue"]))
    if "doi" in paper["ids"]:
        fields.append(("doi", paper["ids"]["doi"]))
    if paper["links"]:
        fields.append(("url", paper["links"][0]))
    body = ",\n".join(f"  {name} = {{{_field_text(name, value)}}}" for name, value in fields)
    return f"@{entry_type}{{{_key(paper, keys)},\n{body}\n}}\n"


def _entry_type(paper: dict) -> tuple[str, str]:
    kind = (paper["type"] or "").lower()
    for word, entry in ENTRY_TYPES.items():
        if word in kind:
            return entry
    if "inproceedings" in kind or "proceedings" in kind:
        return "inproceedings", "booktitle"
    return "misc", "howpublished"


def _field_text(name: str, value: str) -> str:
    if name in ("doi", "url"):
        return value.replace("{", "").replace("}", "").replace("%", r"\%")
    return escape(value)


def escape(text: str) -> str:
    """Text as BibTeX/LaTeX source that reads back as `text`."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in SPECIALS:
            out.append(SPECIALS[char])
        elif char in LETTERS:
            out.append(LETTERS[char])
        elif ord(char) > 127:
            out.append(_accented(char))
        else:
            out.append(char)
    return "".join(out)


def _accented(char: str) -> str:
    base, *marks = unicodedata.normalize("NFD", char)
    if len(marks) != 1 or marks[0] not in ACCENTS or not base.isascii():
        return char  # no LaTeX accent command for it: keep the UTF-8 character
    command = ACCENTS[marks[0]]
    base = r"\i" if base == "i" and command not in "cdk" else base
    separator = " " if command.isalpha() else ""
    return f"{{\\{command}{separator}{base}}}"


def _key(paper: dict, keys: set[str]) -> str:
    first_author = display_name(paper["authors"][0]) if paper["authors"] else "anon"
    surname = _ascii_word(first_author.split()[-1]) if first_author.split() else "anon"
    title_word = next((_ascii_word(w) for w in paper["title"].split() if len(_ascii_word(w)) > 3), "paper")
    base = f"{surname}{paper['year'] or ''}{title_word}".lower() or "paper"
    key, suffix = base, 1
    while key in keys:
        suffix += 1
        key = f"{base}{chr(ord('a') + suffix - 2)}" if suffix <= 27 else f"{base}{suffix}"
    keys.add(key)
    return key


def _ascii_word(word: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode())
