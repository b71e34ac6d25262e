"""Store parsed sources: one transaction, idempotent, never losing a decision.

Re-importing a file changes nothing. A newer file updates the records it
still holds and adds new ones; a paper a cluster no longer lists stays in
the cluster, marked as unlisted, with its decision. Papers and clusters are
matched by the source's own keys, never by position.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from models.names import cluster_key, display_name
from models.records import ClusterRecord, PaperRecord, ParsedSource
from models.schema import AuthorRow, Authorship, ClusterPaper, ImportLog, NameCluster, Paper

# SQLite allows 32,766 bound parameters; stay well below it per statement.
CHUNK = 500


@dataclass
class FileReport:
    path: str
    format: str
    papers_added: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    author_rows: int = 0
    clusters: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        clusters = ", ".join(self.clusters) or "none"
        return (
            f"{self.path} ({self.format}): {self.papers_added} papers added, {self.papers_updated} updated, "
            f"{self.papers_unchanged} unchanged; {self.author_rows} author rows; clusters: {clusters}"
        )


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_source(conn: Connection, parsed: ParsedSource, reviewer: str, at: datetime) -> FileReport:
    report = FileReport(parsed.path, parsed.format, warnings=list(parsed.warnings))
    row_ids = _upsert_author_rows(conn, parsed, report)
    paper_ids = _upsert_papers(conn, parsed.papers, row_ids, report)
    for record in parsed.clusters:
        _upsert_cluster(conn, record, paper_ids, report)
        report.warnings.extend(_name_warnings(parsed, record))
    conn.execute(
        insert(ImportLog).values(
            path=parsed.path,
            format=parsed.format,
            sha256=_file_digest(parsed.path),
            reviewer=reviewer,
            imported_at=at,
            summary=report.summary(),
        )
    )
    return report


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _upsert_author_rows(conn: Connection, parsed: ParsedSource, report: FileReport) -> dict[tuple[str, str], int]:
    existing = _ids_by_key(conn, AuthorRow, [(r.source, r.source_key) for r in parsed.author_rows])
    new_rows = [
        {"source": r.source, "source_key": r.source_key, "name": r.name, "name_key": cluster_key(r.name)}
        for r in parsed.author_rows
        if (r.source, r.source_key) not in existing
    ]
    if new_rows:
        conn.execute(insert(AuthorRow), new_rows)
    report.author_rows = len(parsed.author_rows)
    return _ids_by_key(conn, AuthorRow, [(r.source, r.source_key) for r in parsed.author_rows])


def _ids_by_key(conn: Connection, table: type, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Database ids of records by (source, source key)."""
    found: dict[tuple[str, str], int] = {}
    by_source: dict[str, list[str]] = {}
    for source, key in keys:
        by_source.setdefault(source, []).append(key)
    for source, source_keys in by_source.items():
        for part in chunks(sorted(set(source_keys))):
            rows = conn.execute(
                select(table.source_key, table.id).where(table.source == source, table.source_key.in_(part))
            )
            found.update({(source, key): row_id for key, row_id in rows})
    return found


def _paper_values(record: PaperRecord) -> dict:
    return {
        "source": record.source,
        "source_key": record.source_key,
        "title": record.title,
        "venue": record.venue,
        "pub_type": record.pub_type,
        "year": record.year,
        "abstract": record.abstract,
        "links": json.dumps(list(record.links)),
        "raw_text": record.raw_text,
        "authors_truncated_at": record.authors_truncated_at,
    }


def _authorship_values(paper_id: int, record: PaperRecord, row_ids: dict[tuple[str, str], int]) -> list[dict]:
    return [
        {
            "paper_id": paper_id,
            "position": position,
            "name": mention.name,
            "name_key": cluster_key(mention.name),
            "author_row_id": row_ids.get((record.source, mention.author_row_key)) if mention.author_row_key else None,
        }
        for position, mention in enumerate(record.authors)
    ]


def _upsert_papers(
    conn: Connection, records: list[PaperRecord], row_ids: dict[tuple[str, str], int], report: FileReport
) -> dict[tuple[str, str], int]:
    keys = [(r.source, r.source_key) for r in records]
    existing = _ids_by_key(conn, Paper, keys)
    stored = _stored_papers(conn, list(existing.values()))
    fresh = [r for r in records if (r.source, r.source_key) not in existing]
    if fresh:
        conn.execute(insert(Paper), [_paper_values(r) for r in fresh])
    ids = _ids_by_key(conn, Paper, keys)
    authorships: list[dict] = []
    for record in records:
        paper_id = ids[(record.source, record.source_key)]
        values = _paper_values(record)
        new_authors = _authorship_values(paper_id, record, row_ids)
        if (record.source, record.source_key) not in existing:
            report.papers_added += 1
        elif stored.get(paper_id) == (values, _comparable(new_authors)):
            report.papers_unchanged += 1
            continue
        else:
            report.papers_updated += 1
            conn.execute(update(Paper).where(Paper.id == paper_id).values(**values))
            conn.execute(delete(Authorship).where(Authorship.paper_id == paper_id))
        authorships.extend(new_authors)
    if authorships:
        conn.execute(insert(Authorship), authorships)
    return ids


def _comparable(authorships: list[dict]) -> list[tuple]:
    return [(a["position"], a["name"], a["author_row_id"]) for a in authorships]


def _stored_papers(conn: Connection, paper_ids: list[int]) -> dict[int, tuple[dict, list[tuple]]]:
    """What the database holds for these papers, in the shape `_paper_values` makes."""
    columns = [Paper.id, Paper.source, Paper.source_key, Paper.title, Paper.venue, Paper.pub_type, Paper.year]
    columns += [Paper.abstract, Paper.links, Paper.raw_text, Paper.authors_truncated_at]
    stored: dict[int, tuple[dict, list[tuple]]] = {}
    for part in chunks(paper_ids):
        for row in conn.execute(select(*columns).where(Paper.id.in_(part))):
            values = row._asdict()
            stored[values.pop("id")] = (values, [])
        authors = select(Authorship.paper_id, Authorship.position, Authorship.name, Authorship.author_row_id)
        for paper_id, position, name, row_id in conn.execute(
            authors.where(Authorship.paper_id.in_(part)).order_by(Authorship.paper_id, Authorship.position)
        ):
            stored[paper_id][1].append((position, name, row_id))
    return stored


def _upsert_cluster(
    conn: Connection, record: ClusterRecord, paper_ids: dict[tuple[str, str], int], report: FileReport
) -> None:
    key = cluster_key(record.name)
    declared = {
        "declared_papers": record.declared_papers,
        "declared_author_rows": record.declared_author_rows,
        "declaration_note": record.declaration_note,
    }
    cluster_id = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one_or_none()
    if cluster_id is None:
        values = {"key": key, "name": display_name(record.name), "source": record.source, **declared}
        cluster_id = conn.execute(insert(NameCluster).values(**values)).inserted_primary_key[0]
    else:
        conn.execute(update(NameCluster).where(NameCluster.id == cluster_id).values(**declared))
    listed = [paper_ids[(record.source, source_key)] for source_key in record.paper_keys]
    _set_membership(conn, cluster_id, listed)
    report.clusters.append(display_name(record.name))


def _set_membership(conn: Connection, cluster_id: int, listed: list[int]) -> None:
    """Papers in the order the source lists them; papers it no longer lists stay, after them."""
    rows = conn.execute(
        select(ClusterPaper.paper_id, ClusterPaper.position, ClusterPaper.listed)
        .where(ClusterPaper.cluster_id == cluster_id)
        .order_by(ClusterPaper.position)
    ).all()
    listed_set = set(dict.fromkeys(listed))
    order = list(dict.fromkeys(listed)) + [paper_id for paper_id, _, _ in rows if paper_id not in listed_set]
    wanted = {paper_id: (position, paper_id in listed_set) for position, paper_id in enumerate(order)}
    current = {paper_id: (position, bool(flag)) for paper_id, position, flag in rows}
    if wanted == current:
        return
    conn.execute(delete(ClusterPaper).where(ClusterPaper.cluster_id == cluster_id))
    values = [{"cluster_id": cluster_id, "paper_id": p, "position": pos, "listed": flag} for p, (pos, flag) in wanted.items()]
    for part in chunks(values):
        conn.execute(insert(ClusterPaper), list(part))


def _name_warnings(parsed: ParsedSource, record: ClusterRecord) -> list[str]:
    """Papers a cluster lists whose author list does not show the cluster's name."""
    key = cluster_key(record.name)
    by_key = {paper.source_key: paper for paper in parsed.papers}
    warnings = []
    for source_key in record.paper_keys:
        paper = by_key[source_key]
        if all(cluster_key(author.name) != key for author in paper.authors):
            warnings.append(f"{parsed.path}:{paper.line}: {paper.title[:60]!r}: {name_absence_note(paper.authors_truncated_at, len(paper.authors))}")
    return warnings


def name_absence_note(truncated_at: int | None, listed: int) -> str:
    """Why a cluster's paper may not show the cluster's name."""
    if truncated_at is not None and listed >= truncated_at:
        return f"name not in the visible author list (the source shows at most {truncated_at} authors)"
    return "name not in the author list"
