"""Read back Namesake's own JSON export (one cluster, or a collection of them).

An export lists a cluster's papers grouped by decision: under each person,
rejected, unsure, undecided. Reading it back gives the papers (with their
original source and key, so they meet the same papers in another store),
the cluster, and for each person's papers a reference label naming the
person ("<cluster key>/<number>"): a reviewed cluster is a truth set for
evaluation. Those labels are the curator's answers (`CURATORS_LABELLING`),
so they never take the place of a data set's in a cluster. Decisions
themselves are not imported: labels never are.

An export is thinner than the sources: no abstracts, no author-row links,
no affiliations. A cluster record holds the papers of one source, so papers
an export lists from other sources are imported and left to the name rule.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import clean, load_json, year_of, year_problem
from models.formats.shapes import Each, shape_problem
from models.records import CURATORS_LABELLING, AuthorMention, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel

FORMAT = "Namesake export JSON"
CLUSTER_EXPORT = "namesake-cluster-export"
COLLECTION = "namesake-export"
GROUPS = ("rejected", "unsure", "undecided")
_LOOKS_LIKE = re.compile(r'"format"\s*:\s*"namesake-(?:cluster-)?export"')
# What the fields read here must be (see `shapes`).
_PAPER = {
    "source": str, "source_key": str, "title": str, "venue": str, "type": str, "year": (int, float, str),
    "authors": [str], "links": [str], "ids": Each((str, int)),
}
EXPORT_SHAPE = {
    "cluster": {"name": str, "source": str, "declared": {"papers": int, "author_rows": int, "note": str}},
    "people": [{"id": str, "label": str, "papers": [_PAPER]}],
    **{group: [_PAPER] for group in GROUPS},
}


def looks_like(head: str) -> bool:
    return head.lstrip().startswith("{") and _LOOKS_LIKE.search(head) is not None


def parse(path: str | Path) -> ParsedSource:
    path = str(path)
    document = load_json(path)
    fmt = document.get("format") if isinstance(document, dict) else None
    if fmt == COLLECTION and isinstance(document.get("clusters"), list):
        exports = document["clusters"]
    elif fmt == CLUSTER_EXPORT:
        exports = [document]
    else:
        raise SourceError(path, 1, f"expected 'format': {CLUSTER_EXPORT!r} or {COLLECTION!r}")
    parsed = ParsedSource(path=path, format=FORMAT)
    parsed.warnings.append(
        f"{path}: an export has no abstracts, author-row links or affiliations; papers the store already holds "
        "keep theirs"
    )
    parsed.warnings.append(
        f"{path}: an export's people become reference labels (true persons for evaluation), not people or "
        "decisions; its rejected and unsure papers, notes and profiles are not restored"
    )
    parsed.records = _records(exports, path, parsed)
    return parsed


def _records(exports: list, path: str, parsed: ParsedSource) -> Iterator[Record]:
    seen: set[tuple[str, str]] = set()
    for number, export in enumerate(exports, start=1):
        found = shape_problem(export, EXPORT_SHAPE, "") if isinstance(export, dict) else None
        if found:
            raise SourceError(path, None, f"cluster export {number}: {found}")
        cluster = _cluster_part(export, path, number)
        listed: list[str] = []
        labels: list[ReferenceLabel] = []
        for person, entry in _entries(export, path, number):
            paper = _paper(entry, path, number)
            if (paper.source, paper.source_key) not in seen:
                seen.add((paper.source, paper.source_key))
                yield paper
            if paper.source != cluster["source"]:
                parsed.clusters_from_names = True
                parsed.warnings.append(
                    f"{path}: cluster {cluster['name']!r}: paper {paper.source}:{paper.source_key} is from another "
                    "source than the cluster; imported, and placed by its author names"
                )
                continue
            listed.append(paper.source_key)
            if person is not None:
                labels.append(ReferenceLabel(cluster["name"], paper.source, paper.source_key, person, CURATORS_LABELLING))
        yield _cluster_record(cluster, listed)
        yield from labels


def _cluster_part(export, path: str, number: int) -> dict:
    cluster = export.get("cluster") if isinstance(export, dict) else None
    if not isinstance(cluster, dict) or not clean(cluster.get("name")) or not clean(cluster.get("source")):
        raise SourceError(path, None, f"cluster export {number}: no 'cluster' with a name and a source")
    return cluster


def _entries(export: dict, path: str, number: int) -> Iterator[tuple[str | None, dict]]:
    """(person id or None, paper entry) in the export's order."""
    for index, person in enumerate(export.get("people") or []):
        person_id = clean(person.get("id")) or clean(person.get("label")) or f"person {index + 1}"
        for entry in person.get("papers") or []:
            yield person_id, entry
    for group in GROUPS:
        for entry in export.get(group) or []:
            yield None, entry


def _paper(entry, path: str, number: int) -> PaperRecord:
    if not isinstance(entry, dict) or not clean(entry.get("source")) or not clean(entry.get("source_key")):
        raise SourceError(path, None, f"cluster export {number}: a paper without 'source' and 'source_key'")
    year_found = year_problem(entry.get("year"))
    if year_found:  # refused, as a field of the wrong shape is: an export is read whole or not at all
        raise SourceError(path, None, f"cluster export {number}: paper {entry['source']}:{entry['source_key']}: {year_found}")
    ids = entry.get("ids") or {}
    return PaperRecord(
        source=entry["source"],
        source_key=entry["source_key"],
        title=clean(entry.get("title")) or f"[{entry['source']} paper {entry['source_key']}]",
        venue=clean(entry.get("venue")),
        pub_type=clean(entry.get("type")),
        year=year_of(entry.get("year")),
        abstract=None,
        authors=tuple(AuthorMention(name) for name in entry.get("authors") or [] if clean(name)),
        links=tuple(filter(None, (clean(link) for link in entry.get("links") or ()))),
        ids=tuple((str(scheme), str(value)) for scheme, value in ids.items()) if isinstance(ids, dict) else (),
        partial=True,  # a thin copy: it must not wipe what the store knows about these papers
    )


def _cluster_record(cluster: dict, listed: list[str]) -> ClusterRecord:
    declared = cluster.get("declared") or {}
    return ClusterRecord(
        name=cluster["name"],
        source=cluster["source"],
        paper_keys=tuple(dict.fromkeys(listed)),
        declared_papers=declared.get("papers"),
        declared_author_rows=declared.get("author_rows"),
        declaration_note=declared.get("note"),
        adds_only=True,  # listed in decision order, unlisted papers with the rest: not the source's list
    )
