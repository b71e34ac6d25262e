"""Author names and the keys that group them into name clusters.

A name cluster holds every paper whose author list carries one exact name,
compared case-insensitively, as Arrow and dblp users expect. The key is the
name in Unicode NFC, case-folded, with white space collapsed and dblp's
homonym suffix ("Zinan Lin 0001") dropped: that suffix names a dblp person,
not a different name. Diacritics are kept: "Müller" and "Muller" are two
names until a reviewer says otherwise.
"""

from __future__ import annotations

import re
import unicodedata

# dblp disambiguates homonyms with a four-digit number after the name. The look-behind
# starts a match only at the first space of a run, which keeps long runs of spaces linear.
_HOMONYM_SUFFIX = re.compile(r"(?<!\s)\s+\d{4}$")
_WHITE_SPACE = re.compile(r"\s+")


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
