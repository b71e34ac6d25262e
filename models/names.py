"""Author names and the keys that group them into name clusters.

A name cluster holds every paper whose author list carries one exact name,
compared case-insensitively, as Arrow and dblp users expect. The key is the
name in Unicode NFC, case-folded, with white space collapsed and dblp's
homonym suffix ("Zinan Lin 0001") dropped: that suffix names a dblp person,
not a different name. A generational suffix ("Jack W. Smith Jr.") stays:
"Jr." and "II" are written as part of the name, and clusters are exact names
(a source that files a paper's own person under its cluster says so, see
`models.records.PaperRecord.filed_under`). Diacritics are kept: "Müller" and
"Muller" are two names until a reviewer says otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

# dblp disambiguates homonyms with a four-digit number after the name. The look-behind
# starts a match only at the first space of a run, which keeps long runs of spaces linear.
_HOMONYM_SUFFIX = re.compile(r"(?<!\s)\s+\d{4}$")
_WHITE_SPACE = re.compile(r"\s+")
# Jr./Sr. in any case, with or without the dot; Roman numerals only in capitals, since "Ii" is a
# Japanese surname ("Naosuke Ii") and "Naosuke" is not his name.
_JUNIOR_SENIOR = frozenset({"jr", "jr.", "sr", "sr."})
_NUMERALS = frozenset({"II", "III", "IV"})
_SUFFIX_ENDS = frozenset("rR.IV")  # the last letters of the suffixes above


def display_name(raw: str) -> str:
    """The name as a person reads it: NFC, single spaces, no dblp suffix."""
    return without_homonym_suffix(_WHITE_SPACE.sub(" ", unicodedata.normalize("NFC", raw)).strip())


def without_homonym_suffix(name: str) -> str:
    """The name without dblp's homonym number ("Guohao Dai 0001" → "Guohao Dai"), so that a coauthor
    written with it is the coauthor written without it wherever names are compared or listed.

    Only four digits after a name with a letter in it: a name of digits alone ("2001", "12 0001") is
    kept whole. `name` has its white space collapsed and stripped already.
    """
    if not name[-1:].isdigit():  # most names: no regular expression
        return name
    match = _HOMONYM_SUFFIX.search(name)
    if match is None or not any(char.isalpha() for char in name[: match.start()]):
        return name
    return name[: match.start()]


def cluster_key(raw: str, fold_diacritics: bool = False) -> str:
    """The key of the name cluster that `raw` belongs to.

    With `fold_diacritics` (a reviewer's choice at import, never the default),
    "Müller" and "Muller" share a key.
    """
    key = display_name(raw).casefold()
    return fold(key) if fold_diacritics else key


def without_generation(name: str) -> str:
    """The name without its generational suffix: "Thomas Wolf" for "Thomas Wolf II" or "Thomas Wolf, II".

    The suffix is the last word, after a space or a comma; a name that is only
    a suffix stays whole. Looked up from the end, not by a pattern that scans
    the whole name: an Arnetminer file asks it of every author it lists.
    """
    if not name or name[-1] not in _SUFFIX_ENDS:  # most names, at the cost of one look
        return name
    cut = max(name.rfind(" "), name.rfind(","))
    if cut < 1 or not is_generation(name[cut + 1 :]):
        return name
    head = name[:cut].rstrip()
    head = head[:-1].rstrip() if head.endswith(",") else head
    return head or name


def is_own_name(author: str, name: str, key: Callable[[str], str] = cluster_key) -> bool:
    """Whether `author`, on a paper of the cluster `name`, is the cluster's own person: the same `key`
    without dblp's number and without a generation, and the same generation where the name carries one.
    So "Thomas Wolf, II" and "Thomas Wolf II 0001" are the "Thomas Wolf" cluster's own person, while in
    "Jack W. Smith Jr."'s file his father "Jack W. Smith" or "Jack W. Smith Sr." is a coauthor.

    The one rule for the importers that file a paper's own person under its cluster (Arnetminer) and the
    evaluation sets' readers (`models.suggest.datasets`, which compare by the looser `coauthor_key`).
    """
    author, name = without_homonym_suffix(author), without_homonym_suffix(name)
    name_base = without_generation(name)
    if key(without_generation(author)) != key(name_base):
        return False
    return name_base == name or _generation(author) == _generation(name)


def _generation(name: str) -> str:
    """The generational suffix a name ends with, as compared ("jr" for "Jr." or ", jr"), or ""."""
    base = without_generation(name)
    return name[len(base):].strip(" ,").rstrip(".").casefold() if base != name else ""


def is_generation(text: str) -> bool:
    """Whether `text` is a generational suffix and nothing else: "Jr.", "jr", "III"."""
    return text in _NUMERALS or (len(text) <= 3 and text.casefold() in _JUNIOR_SENIOR)


def split_author_list(text: str, separator: str = ",") -> list[str]:
    """The names in an author list written as one string ("Ann Lee,Bo Chen"), stripped, blanks left out.

    A generational suffix standing between two separators belongs to the name
    before it: "Jack W. Smith, Jr.,Sally Rudmann" is two authors, not three.
    It is kept as "Jack W. Smith Jr.", without the comma, as dblp writes it,
    so that a list joined with commas again does not read as three authors.
    """
    names: list[str] = []
    for part in text.split(separator):
        part = part.strip()
        if names and is_generation(part):
            names[-1] = f"{names[-1]} {part}"
        elif part:
            names.append(part)
    return names


def fold(text: str) -> str:
    """Text without its combining marks: "müller" → "muller"."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def homonym_suffix(raw: str) -> str | None:
    """dblp's homonym number ("0001") if the name carries one."""
    match = _HOMONYM_SUFFIX.search(raw.strip())
    return match.group().strip() if match else None


def name_absence_note(truncated_at: int | None, listed: int) -> str:
    """Why a cluster's paper may not show the cluster's name in its author list."""
    if truncated_at is not None and listed >= truncated_at:
        return f"name not in the visible author list (the source shows at most {truncated_at} authors)"
    return "name not in the author list"
