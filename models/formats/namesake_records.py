"""Build records from Namesake input objects once they fit the schema.

Shared by the JSON document and the JSON Lines readers: the same object
gives the same record in either form. `References` holds what a file has
defined so far, so a cluster naming an unknown paper, or a label naming an
unknown cluster, is an error on its own line rather than a failure deep in
the store.
"""

from __future__ import annotations

from models.errors import SourceError
from models.formats.schema_check import problem
from models.names import cluster_key
from models.orcid import normalize_orcid
from models.records import AuthorMention, AuthorRowRecord, ClusterRecord, PaperRecord, Record, ReferenceLabel
from models.counting import counted

# JSON Lines "type" → the schema's definition of that record.
DEFINITIONS = {"author_row": "authorRow", "paper": "paper", "cluster": "cluster", "label": "label", "header": "header"}


class References:
    """The papers and clusters defined so far in one file (hashed: millions fit)."""

    def __init__(self) -> None:
        self._papers: set[int] = set()
        self._clusters: set[str] = set()

    def add_paper(self, source: str, key: str) -> bool:
        """False if the paper was defined already."""
        marker = hash((source, key))
        if marker in self._papers:
            return False
        self._papers.add(marker)
        return True

    def has_paper(self, source: str, key: str) -> bool:
        return hash((source, key)) in self._papers

    def add_cluster(self, name: str) -> None:
        self._clusters.add(cluster_key(name))

    def has_cluster(self, name: str) -> bool:
        return cluster_key(name) in self._clusters


def record_from(kind: str, item: dict, default_source: str | None, refs: References, path: str, line: int | None, where: str) -> Record:
    """The record `item` describes; `SourceError` naming `where` if it is wrong."""
    found = problem(item, DEFINITIONS[kind]) if isinstance(item, dict) else f"should be an object, not {type(item).__name__}"
    if found:
        raise SourceError(path, line, f"{where}: {found}")
    source = item.get("source") or default_source
    if not source:
        raise SourceError(path, line, f"{where}: no 'source' (give one in the record, or in the document or header)")
    build = {"author_row": _author_row, "paper": _paper, "cluster": _cluster, "label": _label}[kind]
    try:
        return build(item, source, refs, line or 0)
    except ValueError as error:
        raise SourceError(path, line, f"{where}: {error}") from error


def _author_row(item: dict, source: str, _refs: References, _line: int) -> AuthorRowRecord:
    orcid = item.get("orcid")
    return AuthorRowRecord(
        source=source,
        source_key=item["key"],
        name=item["name"],
        variants=tuple(item.get("variants", ())),
        urls=tuple(item.get("urls", ())),
        affiliations=tuple(item.get("affiliations", ())),
        orcid=normalize_orcid(orcid) if orcid else None,
    )


def _paper(item: dict, source: str, refs: References, line: int) -> PaperRecord:
    if not refs.add_paper(source, item["key"]):
        raise ValueError(f"the paper key {item['key']!r} of source {source!r} is given a second time")
    return PaperRecord(
        source=source,
        source_key=item["key"],
        title=item["title"],
        venue=item.get("venue"),
        pub_type=item.get("pub_type"),
        year=item.get("year"),
        abstract=item.get("abstract"),
        authors=tuple(_mention(author) for author in item["authors"]),
        links=tuple(item.get("links", ())),
        ids=tuple(item.get("ids", {}).items()),
        line=line,
    )


def _mention(author: str | dict) -> AuthorMention:
    if isinstance(author, str):
        return AuthorMention(author)
    return AuthorMention(author["name"], author.get("row"), author.get("role", "author"), author.get("affiliation"))


def _cluster(item: dict, source: str, refs: References, _line: int) -> ClusterRecord:
    unknown = [key for key in item["papers"] if not refs.has_paper(source, key)]
    if unknown:
        raise ValueError(f"cluster {item['name']!r} lists papers not given before it in this file: {unknown[:5]}")
    refs.add_cluster(item["name"])
    return ClusterRecord(
        name=item["name"],
        source=source,
        paper_keys=tuple(dict.fromkeys(item["papers"])),
        declared_papers=item.get("declared_papers"),
        declared_author_rows=item.get("declared_author_rows"),
        declaration_note=item.get("note"),
    )


def _label(item: dict, source: str, refs: References, _line: int) -> ReferenceLabel:
    if not refs.has_cluster(item["cluster"]):
        raise ValueError(f"label names the cluster {item['cluster']!r}, not given before it in this file")
    if not refs.has_paper(source, item["paper"]):
        raise ValueError(f"label names the paper {item['paper']!r}, not given before it in this file")
    return ReferenceLabel(item["cluster"], source, item["paper"], item["person"])


def count_warning(record: Record, path: str, where: str) -> str | None:
    """A cluster whose declared paper count differs from the papers it lists."""
    if isinstance(record, ClusterRecord) and record.declared_papers is not None and record.declared_papers != len(record.paper_keys):
        return f"{path}: {where}: cluster {record.name!r} declares {counted(record.declared_papers, 'paper')} but lists {len(record.paper_keys):,}"
    return None
