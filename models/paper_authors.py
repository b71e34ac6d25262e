"""A paper's authors as its own row carries them, beside the authorship table.

Opening a cluster needs, for every paper, its authors' names and where the
cluster's name stands among them. Read from `authorship`, that is 7–8 rows a
paper: 150,000 for a 20,000-paper cluster, which SQLite hands to Python one
tuple each (~200 ms, most of the open). So the import also writes four text
columns on `paper` (schema version 2), written together with the authorships
and from the same values, and the load reads one row a paper:

- `author_names`: the authors' names in order, a line break between two
  (a line break inside a name is kept as a space here; `authorship` keeps it);
- `author_keys`: their name keys, the same way, to find the cluster's name;
- `author_rows`: their author row ids, "," between, "" for an author without
  one; NULL when none has one;
- `author_affiliations`: a JSON list, one per author; NULL when none has one.

Editors are not among them: the window lists a paper's authors only.
`author_names` NULL means "not worked out": the load then reads that paper's
authorships, so a row written by anything else is still shown right.
"""

from __future__ import annotations

import json
from itertools import groupby
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple

SEPARATOR = "\n"


class Digest(NamedTuple):
    """The four columns, named as on `paper`."""

    author_names: str
    author_keys: str
    author_rows: str | None
    author_affiliations: str | None


DIGEST_COLUMNS = Digest._fields


class OwnAuthor(NamedTuple):
    """Where the cluster's name stands on one paper, its author rows there, and its first affiliation there."""

    positions: tuple[int, ...]
    row_ids: tuple[int, ...]
    affiliation: str | None


NO_OWN_AUTHOR = OwnAuthor((), (), None)
NO_AUTHORS = Digest("", "", None, None)


def digest(authors: Iterable[tuple[str, str, int | None, str | None]]) -> Digest:
    """The columns for a paper whose authors (role "author" only) are these (name, key, row id, affiliation)."""
    authors = list(authors)
    if not authors:
        return NO_AUTHORS
    names, keys, rows, affiliations = zip(*authors)
    return Digest(
        _joined(names),
        _joined(keys),
        ",".join("" if row is None else str(row) for row in rows) if any(row is not None for row in rows) else None,
        json.dumps(affiliations, ensure_ascii=False) if any(affiliations) else None,
    )


def digests_by_paper(rows: Iterable[tuple]) -> Iterator[tuple[int, Digest]]:
    """(paper id, its columns) from authorship rows (paper id, name, key, row id, affiliation) ordered by paper, authors only."""
    for paper_id, authors in groupby(rows, key=itemgetter(0)):
        yield paper_id, digest(author[1:] for author in authors)


def _joined(texts: tuple[str, ...]) -> str:
    joined = SEPARATOR.join(texts)
    if joined.count(SEPARATOR) != len(texts) - 1:  # a name holding a line break: only hostile files have one
        joined = SEPARATOR.join(text.replace(SEPARATOR, " ") for text in texts)
    return joined


def split(text: str) -> tuple[str, ...]:
    return tuple(text.split(SEPARATOR)) if text else ()


def own_author(keys: str, rows: str | None, affiliations: str | None, cluster_key: str) -> OwnAuthor:
    """Where the author with this key stands in a paper's `author_keys`, with its row ids and affiliation."""
    if cluster_key not in keys:  # one test in C for the few papers that do not carry the key
        return NO_OWN_AUTHOR
    listed = keys.split(SEPARATOR)
    times = listed.count(cluster_key)
    if times == 0:
        return NO_OWN_AUTHOR
    positions = (listed.index(cluster_key),) if times == 1 else tuple(i for i, key in enumerate(listed) if key == cluster_key)
    return at_positions(positions, rows, affiliations)


def at_positions(positions: tuple[int, ...], rows: str | None, affiliations: str | None) -> OwnAuthor:
    """The author rows and first affiliation at these places of a paper's author list."""
    row_ids: tuple[int, ...] = ()
    if rows is not None:
        listed = rows.split(",")
        if len(positions) == 1:  # nearly every paper: no generator (9% of a 100,000-paper load)
            found = listed[positions[0]] if positions[0] < len(listed) else ""
            row_ids = (int(found),) if found else ()
        else:
            row_ids = tuple(int(listed[i]) for i in positions if i < len(listed) and listed[i])
    affiliation = None
    if affiliations is not None:
        listed = json.loads(affiliations)
        affiliation = next((listed[i] for i in positions if i < len(listed) and listed[i]), None)
    return OwnAuthor(positions, row_ids, affiliation)
