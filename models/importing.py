"""Store parsed sources: one transaction, in batches, idempotent, never losing a decision.

Records stream in from a reader and are written a batch at a time, so
memory stays flat however large the file. Re-importing a file changes
nothing. A newer file updates the records it still holds and adds new ones;
a paper a cluster no longer lists stays in the cluster, marked as unlisted,
with its decision. Papers and clusters are matched by the source's own
keys, never by position.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from models.names import cluster_key, display_name
from models.records import AuthorRowRecord, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel
from models.schema import AuthorRow, Authorship, ClusterPaper, ImportLog, NameCluster, Paper
from models.schema import ReferenceLabel as ReferenceLabelRow

# SQLite allows 32,766 bound parameters; stay well below it per statement.
CHUNK = 500
# Records written together; bounds memory whatever the size of the file.
BATCH = 2_000
# Clusters a report names one by one; beyond that it counts them.
NAMED_CLUSTERS = 20

# Called with the number of records read so far.
RecordProgress = Callable[[int], None]


@dataclass
class FileReport:
    path: str
    format: str
    papers_added: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    author_rows_added: int = 0
    clusters: list[str] = field(default_factory=list)  # the first NAMED_CLUSTERS names
    cluster_count: int = 0
    reference_labels: int = 0
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        named = ", ".join(self.clusters) or "none"
        more = self.cluster_count - len(self.clusters)
        clusters = f"{named} and {more} more" if more > 0 else named
        parts = [
            f"{self.path} ({self.format}): {self.papers_added} papers added, {self.papers_updated} updated, "
            f"{self.papers_unchanged} unchanged; {self.author_rows_added} author rows added; clusters: {clusters}"
        ]
        if self.reference_labels:
            parts.append(f"{self.reference_labels} reference labels")
        if self.repairs:
            parts.append(f"{len(self.repairs)} repairs")
        if self.skipped:
            parts.append(f"{len(self.skipped)} records skipped")
        return "; ".join(parts)

    def add_cluster(self, name: str) -> None:
        self.cluster_count += 1
        if len(self.clusters) < NAMED_CLUSTERS:
            self.clusters.append(name)


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_source(
    conn: Connection, parsed: ParsedSource, reviewer: str, at: datetime, progress: RecordProgress | None = None
) -> FileReport:
    report = FileReport(parsed.path, parsed.format)
    batch: list[Record] = []
    read = 0
    for record in parsed.records:
        batch.append(record)
        read += 1
        if len(batch) >= BATCH:
            _write_batch(conn, batch, report)
            batch = []
            if progress:
                progress(read)
    _write_batch(conn, batch, report)
    if progress:
        progress(read)
    report.warnings = list(parsed.warnings)
    report.repairs = list(parsed.repairs)
    report.skipped = list(parsed.skipped)
    conn.execute(
        insert(ImportLog).values(
            path=parsed.path, format=parsed.format, sha256=_file_digest(parsed.path), reviewer=reviewer,
            imported_at=at, summary=report.summary(),
        )
    )
    return report


def _write_batch(conn: Connection, batch: list[Record], report: FileReport) -> None:
    papers = [r for r in batch if isinstance(r, PaperRecord)]
    rows = [r for r in batch if isinstance(r, AuthorRowRecord)]
    row_ids = _upsert_author_rows(conn, rows, papers, report)
    _upsert_papers(conn, papers, row_ids, report)
    for record in batch:
        if isinstance(record, ClusterRecord):
            _upsert_cluster(conn, record, report)
    labels = [r for r in batch if isinstance(r, ReferenceLabel)]
    if labels:
        _store_labels(conn, labels, report)


def _file_digest(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def _upsert_author_rows(
    conn: Connection, rows: list[AuthorRowRecord], papers: list[PaperRecord], report: FileReport
) -> dict[tuple[str, str], int]:
    """Store the batch's author rows, and a plain row for every mention key without one."""
    wanted: dict[tuple[str, str], AuthorRowRecord] = {(r.source, r.source_key): r for r in rows}
    for paper in papers:
        for mention in paper.authors:
            if mention.author_row_key and (paper.source, mention.author_row_key) not in wanted:
                wanted[(paper.source, mention.author_row_key)] = AuthorRowRecord(paper.source, mention.author_row_key, mention.name)
    if not wanted:
        return {}
    existing = _ids_by_key(conn, AuthorRow, list(wanted))
    fresh = [_row_values(r) for key, r in wanted.items() if key not in existing]
    if fresh:
        conn.execute(insert(AuthorRow), fresh)
    for record in rows:  # a full record may add details to a row first met as a mention
        row_id = existing.get((record.source, record.source_key))
        if row_id is not None:
            conn.execute(update(AuthorRow).where(AuthorRow.id == row_id).values(**_row_values(record)))
    report.author_rows_added += len(fresh)
    return _ids_by_key(conn, AuthorRow, list(wanted))


def _row_values(record: AuthorRowRecord) -> dict:
    return {
        "source": record.source,
        "source_key": record.source_key,
        "name": record.name,
        "name_key": cluster_key(record.name),
        "variants": json.dumps(list(record.variants), ensure_ascii=False),
        "urls": json.dumps(list(record.urls), ensure_ascii=False),
        "affiliations": json.dumps(list(record.affiliations), ensure_ascii=False),
        "orcid": record.orcid,
    }


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
        "links": json.dumps(list(record.links), ensure_ascii=False),
        "raw_text": record.raw_text,
        "authors_truncated_at": record.authors_truncated_at,
        "ids": json.dumps([list(pair) for pair in record.ids], ensure_ascii=False),
    }


def _authorship_values(paper_id: int, record: PaperRecord, row_ids: dict[tuple[str, str], int]) -> list[dict]:
    return [
        {
            "paper_id": paper_id,
            "position": position,
            "name": mention.name,
            "name_key": cluster_key(mention.name),
            "author_row_id": row_ids.get((record.source, mention.author_row_key)) if mention.author_row_key else None,
            "role": mention.role,
            "affiliation": mention.affiliation,
        }
        for position, mention in enumerate(record.authors)
    ]


def _upsert_papers(
    conn: Connection, records: list[PaperRecord], row_ids: dict[tuple[str, str], int], report: FileReport
) -> None:
    if not records:
        return
    keys = [(r.source, r.source_key) for r in records]
    existing = _ids_by_key(conn, Paper, keys)
    stored = _stored_papers(conn, list(existing.values()))
    fresh = list({(r.source, r.source_key): r for r in records if (r.source, r.source_key) not in existing}.values())
    if fresh:
        conn.execute(insert(Paper), [_paper_values(r) for r in fresh])
    ids = _ids_by_key(conn, Paper, keys)
    authorships: list[dict] = []
    done: set[int] = set()
    for record in records:
        paper_id = ids[(record.source, record.source_key)]
        if paper_id in done:  # the same key twice in one batch: the first one stands
            continue
        done.add(paper_id)
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
    for part in chunks(authorships, 2_000):
        conn.execute(insert(Authorship), list(part))


def _comparable(authorships: list[dict]) -> list[tuple]:
    return [(a["position"], a["name"], a["author_row_id"], a["role"], a["affiliation"]) for a in authorships]


def _stored_papers(conn: Connection, paper_ids: list[int]) -> dict[int, tuple[dict, list[tuple]]]:
    """What the database holds for these papers, in the shape `_paper_values` makes."""
    columns = [Paper.id, Paper.source, Paper.source_key, Paper.title, Paper.venue, Paper.pub_type, Paper.year]
    columns += [Paper.abstract, Paper.links, Paper.raw_text, Paper.authors_truncated_at, Paper.ids]
    authors = select(
        Authorship.paper_id, Authorship.position, Authorship.name, Authorship.author_row_id, Authorship.role,
        Authorship.affiliation,
    )
    stored: dict[int, tuple[dict, list[tuple]]] = {}
    for part in chunks(paper_ids):
        for row in conn.execute(select(*columns).where(Paper.id.in_(part))):
            values = row._asdict()
            stored[values.pop("id")] = (values, [])
        for paper_id, *rest in conn.execute(
            authors.where(Authorship.paper_id.in_(part)).order_by(Authorship.paper_id, Authorship.position)
        ):
            stored[paper_id][1].append(tuple(rest))
    return stored


def _upsert_cluster(conn: Connection, record: ClusterRecord, report: FileReport) -> None:
    cluster_id = _cluster_id(conn, record)
    paper_ids = _ids_by_key(conn, Paper, [(record.source, key) for key in record.paper_keys])
    listed = [paper_ids[(record.source, key)] for key in record.paper_keys]
    _set_membership(conn, cluster_id, listed)
    report.add_cluster(display_name(record.name))


def _cluster_id(conn: Connection, record: ClusterRecord) -> int:
    """The cluster of the record's name, created if new; its declarations updated."""
    key = cluster_key(record.name)
    declared = {
        "declared_papers": record.declared_papers,
        "declared_author_rows": record.declared_author_rows,
        "declaration_note": record.declaration_note,
    }
    cluster_id = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one_or_none()
    if cluster_id is None:
        values = {"key": key, "name": display_name(record.name), "source": record.source, **declared}
        return conn.execute(insert(NameCluster).values(**values)).inserted_primary_key[0]
    conn.execute(update(NameCluster).where(NameCluster.id == cluster_id).values(**declared))
    return cluster_id


def _set_membership(conn: Connection, cluster_id: int, listed: list[int]) -> None:
    """Papers in the order the source lists them; papers it no longer lists stay, after them."""
    rows = conn.execute(
        select(ClusterPaper.paper_id, ClusterPaper.position, ClusterPaper.listed)
        .where(ClusterPaper.cluster_id == cluster_id)
        .order_by(ClusterPaper.position)
    ).all()
    listed_set = set(listed)
    order = list(dict.fromkeys(listed)) + [paper_id for paper_id, _, _ in rows if paper_id not in listed_set]
    wanted = {paper_id: (position, paper_id in listed_set) for position, paper_id in enumerate(order)}
    current = {paper_id: (position, bool(flag)) for paper_id, position, flag in rows}
    if wanted == current:
        return
    conn.execute(delete(ClusterPaper).where(ClusterPaper.cluster_id == cluster_id))
    values = [{"cluster_id": cluster_id, "paper_id": p, "position": pos, "listed": flag} for p, (pos, flag) in wanted.items()]
    for part in chunks(values):
        conn.execute(insert(ClusterPaper), list(part))


def _store_labels(conn: Connection, labels: list[ReferenceLabel], report: FileReport) -> None:
    cluster_ids: dict[str, int] = {}
    for name in {label.cluster_name for label in labels}:
        key = cluster_key(name)
        cluster_ids[name] = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one()
    paper_ids = _ids_by_key(conn, Paper, [(label.source, label.paper_key) for label in labels])
    values = {
        (cluster_ids[label.cluster_name], paper_ids[(label.source, label.paper_key)]): label for label in labels
    }
    for part in chunks(list(values)):
        for cluster_id, paper_id in part:
            conn.execute(
                delete(ReferenceLabelRow).where(
                    ReferenceLabelRow.cluster_id == cluster_id, ReferenceLabelRow.paper_id == paper_id
                )
            )
    rows = [
        {"cluster_id": c, "paper_id": p, "source": label.source, "person": label.person}
        for (c, p), label in values.items()
    ]
    for part in chunks(rows):
        conn.execute(insert(ReferenceLabelRow), list(part))
    report.reference_labels += len(rows)
