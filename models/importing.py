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
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, NamedTuple

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, literal, or_, select, update

from models.db import Prepared, chunks, insert_tuples
from models.errors import NamesakeError, SourceError
from models.names import cluster_key, display_name
from models.records import CURATORS_LABELLING, AuthorRowRecord, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel
from models.counting import counted
from models.decided_changes import (
    NOT_IN_FILE, NOT_THE_NAME, DecidedChanges, ListingChanges, PaperText, decided_changes_text, decided_papers, listed_papers,
    listed_papers_text, paper_text, successors,
)
from models.paper_authors import DIGEST_COLUMNS, Digest, digest
from models.schema import AuthorRow, Authorship, ClusterPaper, ImportLog, NameCluster, Paper
from models.schema import ReferenceLabel as ReferenceLabelRow

# Key lookups (`IN` lists of one column) can take bigger bites: fewer round trips per batch.
KEY_CHUNK = 5_000
KNOWN_ROWS = 200_000  # author-row ids an import keeps at hand (about 40 MB at most)
# Records written together; bounds memory whatever the size of the file.
BATCH = 2_000
# Clusters a report names one by one; beyond that it counts them.
NAMED_CLUSTERS = 20

@dataclass(frozen=True)
class ImportStatus:
    """Where an import stands, for a progress bar: file n of m, records so far, share read."""

    file_number: int  # 1-based
    files: int
    path: str
    records: int
    fraction: float | None  # of this file, when its reader can tell


# Called after each batch; raising `ImportCancelled` stops the import and rolls it back.
RecordProgress = Callable[[int], None]
# The scope of memberships derived from author names.
NAMES_SCOPE = "names"


class ImportCancelled(NamesakeError):
    """The reviewer cancelled the import; the transaction is rolled back."""


@dataclass(frozen=True)
class ImportOptions:
    fold_diacritics: bool = False  # "Müller" and "Muller" in one cluster (derived names only change keys)


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
    reference_labels: int = 0  # stored: added, changed or unchanged
    labels_added: int = 0
    labels_changed: int = 0
    labels_left_out: int = 0  # a curator's, in clusters a data set labels
    curators_labels: int = 0  # an export's people, read as labels
    memberships_derived: int = 0  # papers put into clusters by their author names
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Decided papers whose title, authors or abstract this file changed: id -> what changed; named by
    # `log_import` in `decided_changed`, once every file of the import is written.
    decided_changes: dict[int, tuple[str, ...]] = field(default_factory=dict)
    decided_changed: str = ""
    decided_changed_count: int = 0
    # Decided papers this file unlisted or listed again: (cluster, paper) -> why; named in `decided_listing`.
    decided_listing_changes: dict[tuple[int, int], str] = field(default_factory=dict)
    # Of those no longer in the file, the paper the same list newly gives with the same authors and a similar
    # title: (cluster, paper) -> that paper; named beside it (`decided_changes.successors`).
    decided_successors: dict[tuple[int, int], int] = field(default_factory=dict)
    decided_listing: str = ""
    decided_listing_count: int = 0
    # Rows of the database this file inserted, updated or deleted (SQLite's count; its log entry aside): 0 for a
    # file that changed nothing, whose import then keeps no backup (`Store.import_paths`).
    rows_written: int = 0

    def summary(self) -> str:
        named = ", ".join(self.clusters) or "none"
        more = self.cluster_count - len(self.clusters)
        clusters = f"{named} and {more} more" if more > 0 else named
        parts = [
            f"{self.path} ({self.format}): {counted(self.papers_added, 'paper')} added, {self.papers_updated:,} updated, "
            f"{self.papers_unchanged:,} unchanged; {counted(self.author_rows_added, 'author row')} added; clusters: {clusters}"
        ]
        if self.reference_labels or self.labels_left_out:
            parts.append(self._labels_summary())
        if self.curators_labels:
            parts.append("the export's people are read as reference labels, not restored as people or decisions")
        if self.repairs:
            parts.append(counted(len(self.repairs), "repair"))
        if self.skipped:
            parts.append(f"{counted(len(self.skipped), 'record')} skipped")
        parts += [text for text in (self.decided_changed, self.decided_listing) if text]
        return "; ".join(parts)

    def _labels_summary(self) -> str:
        unchanged = self.reference_labels - self.labels_added - self.labels_changed
        counts = f"reference labels: {self.labels_added:,} added, {self.labels_changed:,} changed, {unchanged:,} unchanged"
        if self.labels_left_out:
            counts += f", {self.labels_left_out:,} left out (their clusters hold a data set's true persons)"
        return counts

    def add_cluster(self, name: str) -> None:
        self.cluster_count += 1
        if len(self.clusters) < NAMED_CLUSTERS:
            self.clusters.append(name)


def printable(path: str) -> str:
    """A path as text that can be stored and printed even when its bytes are not UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def write_source(
    conn: Connection, parsed: ParsedSource, reviewer: str, at: datetime, progress: RecordProgress | None = None,
    options: ImportOptions = ImportOptions(), writes: ImportWrites | None = None,
) -> FileReport:
    """Store one source; `writes`, shared by the sources of one import, tells a paper an earlier one gave.

    Logged by `log_import` once every source of the import is written: a later file that gives a paper
    again takes it off an earlier file's counts."""
    report = FileReport(printable(parsed.shown), parsed.format)
    writer = _Writer(conn, report, options, writes if writes is not None else ImportWrites())
    batch: list[Record] = []
    read = 0
    try:
        for record in parsed.records:
            batch.append(record)
            read += 1
            if len(batch) >= BATCH:
                writer.write(batch)
                batch = []
                if progress:
                    progress(read)
    finally:  # a failure mid-file must not leave the reader's file open
        close = getattr(parsed.records, "close", None)
        if close:
            close()
    writer.write(batch)
    if progress:
        progress(read)
    if parsed.clusters_from_names:  # read after the records: a reader may learn it on the way
        _derive_clusters(conn, writer.sources, report, options, writer.rekeyed, writer.writes)
    report.warnings = list(parsed.warnings) + report.warnings
    report.repairs = list(parsed.repairs) + report.repairs
    report.skipped = list(parsed.skipped) + report.skipped  # the reader's notes, then the writer's
    return report


def log_import(conn: Connection, parsed: ParsedSource, report: FileReport, reviewer: str, at: datetime) -> None:
    """Log the file's import, its decided papers changed named first (their clusters' numbers are final now)."""
    count, named = decided_papers(conn, report.decided_changes)
    report.decided_changed, report.decided_changed_count = decided_changes_text(count, named), count
    count, listed = listed_papers(conn, report.decided_listing_changes, report.decided_successors)
    report.decided_listing, report.decided_listing_count = listed_papers_text(count, listed), count
    conn.execute(
        insert(ImportLog).values(
            path=printable(parsed.shown), format=parsed.format, sha256=_file_digest(parsed.path), reviewer=reviewer,
            imported_at=at, summary=report.summary(),
        )
    )


class Written(NamedTuple):
    """How a paper was written by a record of this import."""

    report: FileReport  # of the file that gave it
    line: int
    outcome: str  # "added", "updated" or "unchanged": the counter of `report` it went to
    before: int | None  # of an update, the hash of what the database held before the import


class ImportWrites:
    """The papers one import has written so far, of all its files: a record that gives one again (the same
    ORCID work in a person's record and in a works file) replaces it, and is counted against the database
    as it was before the import, so that importing the same files again finds every paper unchanged.

    The last `KEPT` papers written: bounded, like `KNOWN_ROWS`, so that a dblp dump's millions keep memory
    flat (about 15 MB at most); a paper given again after that is counted against the database as it is."""

    KEPT = 100_000

    def __init__(self):
        self._written: dict[int, Written] = {}
        self.decided = DecidedChanges()  # of all files, against the text before the import
        self.listing = ListingChanges()  # of all files, against the lists before the import

    def earlier(self, paper_id: int) -> Written | None:
        """How a record of this import wrote the paper before, if one did (and it is still kept)."""
        return self._written.get(paper_id)

    def mark(self, paper_id: int, written: Written) -> None:
        """Remember how the paper was written, forgetting the oldest beyond `KEPT` (a dict keeps insertion
        order: the paper written again goes to the end). Clearing them all at the bound forgot the paper
        written just before it, so a record and a works file met across it were both counted again."""
        self._written.pop(paper_id, None)
        if len(self._written) >= self.KEPT:
            del self._written[next(iter(self._written))]
        self._written[paper_id] = written


class NameKeys:
    """`cluster_key` of author names, remembered for the length of an import.

    Coauthors recur: a 50,000-paper file names 376,289 authors with 68,000
    distinct names, and the key costs a microsecond to make, a tenth of that
    to look up. Bounded, so that memory stays flat on dblp's millions.
    """

    LIMIT = 100_000

    def __init__(self, fold_diacritics: bool):
        self.fold_diacritics = fold_diacritics
        self.keys: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            if len(self.keys) >= self.LIMIT:
                self.keys.clear()
            key = self.keys[name] = cluster_key(name, self.fold_diacritics)
        return key


class _Writer:
    """Writes batches of one source's records; remembers which sources it saw."""

    def __init__(self, conn: Connection, report: FileReport, options: ImportOptions, writes: ImportWrites):
        self.conn = conn
        self.writes = writes
        self.report = report
        self.options = options
        self.sources: set[str] = set()
        # (source, key) -> id of the author rows met so far: papers name the same rows batch after
        # batch, and looking them up again was a tenth of an import. One transaction holds the
        # whole file, so an id cannot go stale; bounded, so that memory stays flat on dblp's millions.
        self.row_ids: dict[tuple[str, str], int] = {}
        self.name_key = NameKeys(options.fold_diacritics)
        self.rekeyed: set[int] = set()  # papers whose authorships changed their name keys

    def write(self, batch: list[Record]) -> None:
        papers = [r for r in batch if isinstance(r, PaperRecord)]
        rows = [r for r in batch if isinstance(r, AuthorRowRecord)]
        self.sources.update(paper.source for paper in papers)
        if len(self.row_ids) > KNOWN_ROWS:
            self.row_ids.clear()
        mentions = _Mentions(papers, self.row_ids, self.name_key)
        _upsert_author_rows(self.conn, rows, mentions.unmet, self.report, self.options, self.row_ids, self.name_key)
        _upsert_papers(self.conn, papers, mentions.with_row_ids(self.row_ids), self.report, self.rekeyed, self.writes)
        for record in batch:
            if isinstance(record, ClusterRecord):
                _upsert_cluster(self.conn, record, self.report, self.options, self.writes)
        labels = [r for r in batch if isinstance(r, ReferenceLabel)]
        if labels:
            _store_labels(self.conn, labels, self.report, self.options)


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
    conn: Connection, rows: list[AuthorRowRecord], unmet: dict[tuple[str, str], str], report: FileReport,
    options: ImportOptions, known: dict[tuple[str, str], int], name_key: Callable[[str], str],
) -> None:
    """Store the batch's author rows, and a plain row for every key mentions gave that `known` lacks.

    `unmet` holds those keys with the name their first mention spells (`_Mentions`). `known` holds
    the ids of rows already stored, and is given the ids of these; rows given as full records are
    written even if known: they may add details.
    """
    wanted: dict[tuple[str, str], AuthorRowRecord] = {(r.source, r.source_key): r for r in rows}
    unknown = [key for key in wanted if key not in known]
    unknown += [key for key in unmet if key not in wanted]
    if not unknown and not rows:
        return
    existing = {key: known[key] for key in wanted if key in known}
    existing.update(_ids_by_key(conn, AuthorRow, unknown))
    for record in rows:  # a full record may add details to a row first met as a mention
        row_id = existing.get((record.source, record.source_key))
        if row_id is not None:
            conn.execute(_update_if_other(AuthorRow, row_id, _row_values(record, options)))
    fresh = [key for key in unknown if key not in existing]
    if fresh:
        values = [
            tuple(_row_values(wanted[key], options).values()) if key in wanted
            else (*key, unmet[key], name_key(unmet[key]), "[]", "[]", "[]", None)
            for key in fresh
        ]
        existing.update(_insert_keyed(conn, AuthorRow, ROW_COLUMNS, values))
    report.author_rows_added += len(fresh)
    known.update(existing)


# An author row as `_row_values` makes it, in the order of its keys.
ROW_COLUMNS = ("source", "source_key", "name", "name_key", "variants", "urls", "affiliations", "orcid")


def _insert_keyed(conn: Connection, table: type, columns: tuple[str, ...], rows: list[tuple]) -> dict[tuple[str, str], int]:
    """Insert rows (tuples of `columns`, with source and source_key) and give the id each got, by (source, source_key).

    A row inserted without an id gets one more than the largest in the table, and the import's
    transaction holds the write lock: rows inserted in order take the ids past the largest before,
    in that order. One count of that range of the primary key confirms it, and the ids are then
    known without reading a row back (50,000 papers: 119 -> 67 ms).
    Should SQLite ever number them otherwise (it does once the largest possible id is taken),
    they are looked up by key.
    """
    before = conn.execute(select(func.coalesce(func.max(table.id), 0))).scalar_one()
    insert_tuples(conn, table.__table__, columns, rows)
    taken = conn.execute(select(func.count(), func.min(table.id), func.max(table.id)).where(table.id > before)).one()
    at_source, at_key = columns.index("source"), columns.index("source_key")
    if tuple(taken) == (len(rows), before + 1, before + len(rows)):
        return {(row[at_source], row[at_key]): row_id for row_id, row in enumerate(rows, before + 1)}
    return _ids_by_key(conn, table, [(row[at_source], row[at_key]) for row in rows])


def _row_values(record: AuthorRowRecord, options: ImportOptions) -> dict:
    return {
        "source": record.source,
        "source_key": record.source_key,
        "name": record.name,
        "name_key": cluster_key(record.name, options.fold_diacritics),
        "variants": _json_list(record.variants),
        "urls": _json_list(record.urls),
        "affiliations": _json_list(record.affiliations),
        "orcid": record.orcid,
    }


def _ids_by_key(conn: Connection, table: type, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Database ids of records by (source, source key)."""
    found: dict[tuple[str, str], int] = {}
    by_source: dict[str, list[str]] = {}
    for source, key in keys:
        by_source.setdefault(source, []).append(key)
    for source, source_keys in by_source.items():
        for part in chunks(sorted(set(source_keys)), KEY_CHUNK):
            size = next(size for size in KEY_LOOKUP_SIZES if size >= len(part))
            padded = list(part) + [part[-1]] * (size - len(part))  # a key twice in IN changes nothing
            rows = _key_lookup(table, size).rows(conn, source=source, **{f"k{i}": key for i, key in enumerate(padded)})
            found.update({(source, key): row_id for key, row_id in rows})
    return found


# An import looks ids up by key batch after batch: one statement per table and size, prepared once.
KEY_LOOKUP_SIZES = (16, 128, 1_024, KEY_CHUNK)
_KEY_LOOKUPS: dict[tuple[str, int], Prepared] = {}


def _key_lookup(table, size: int) -> Prepared:
    found = _KEY_LOOKUPS.get((table.__tablename__, size))
    if found is None:
        found = _KEY_LOOKUPS[table.__tablename__, size] = Prepared(lambda: select(table.source_key, table.id).where(
            table.source == bindparam("source"), table.source_key.in_([bindparam(f"k{i}") for i in range(size)])
        ))
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
        "links": _json_list(record.links),
        "raw_text": record.raw_text,
        "authors_truncated_at": record.authors_truncated_at,
        "ids": _json_list([list(pair) for pair in record.ids]),
    }


def _json_list(items) -> str:
    """A list as stored JSON text; most are empty, and json.dumps costs microseconds a call."""
    return json.dumps(list(items), ensure_ascii=False) if items else "[]"


# An authorship row as `_upsert_papers` writes it: a tuple, not a dict (an import writes millions).
AUTHORSHIP_COLUMNS = ("paper_id", "position", "name", "name_key", "author_row_id", "role", "affiliation", "orcid")


class _Mentions:
    """Each paper's authorship rows without their paper id (AUTHORSHIP_COLUMNS[1:]), by `id(record)`.

    Made in one pass over the batch's mentions (a million papers carry 7.5 million): the row id of a
    mention whose author-row key is known goes in at once; the keys not known yet are gathered in
    `unmet`, with the name their first mention spells, to be stored before `with_row_ids` fills
    them in. (A separate pass gathering the keys first was 0.44 s of the 2.35 s the writer's Python
    took over 50,000 papers, SQLite aside.)
    """

    def __init__(self, papers: list[PaperRecord], known: dict[tuple[str, str], int], name_key: NameKeys):
        self.by_paper: dict[int, list[tuple]] = {}
        self.unmet: dict[tuple[str, str], str] = {}
        self._waiting: list[tuple[list[tuple], int, tuple[str, str]]] = []  # (rows, index, row key)
        keys = name_key.keys  # looked up here, made by `name_key` only for a name not met yet
        for record in papers:
            source = record.source
            values: list[tuple] = []
            places = _places(record)
            for index, mention in enumerate(record.authors):
                name = mention.name
                key = keys.get(name)
                if key is None:
                    key = name_key(name)
                row_key = mention.author_row_key
                row_id = None
                if row_key:
                    row_id = known.get((source, row_key))
                    if row_id is None:
                        self.unmet.setdefault((source, row_key), name)
                        self._waiting.append((values, index, (source, row_key)))
                position = places[index] if places else index
                values.append((position, name, key, row_id, mention.role, mention.affiliation, mention.orcid))
            for index, cluster_name in enumerate(record.filed_under[: len(values)]):
                if cluster_name:
                    values[index] = (*values[index][:2], name_key(cluster_name), *values[index][3:])
            self.by_paper[id(record)] = values

    def with_row_ids(self, known: dict[tuple[str, str], int]) -> dict[int, list[tuple]]:
        """`by_paper`, the rows of keys that were unmet given their ids from `known`."""
        for values, position, row_key in self._waiting:
            value = values[position]
            values[position] = (*value[:3], known[row_key], *value[4:])
        self._waiting = []
        return self.by_paper


def _places(record: PaperRecord) -> tuple[int, ...]:
    """The record's `author_places` if they can number its authorships (one distinct place each, in order), else ()."""
    places = record.author_places
    if not places:  # nearly every record
        return ()
    if len(places) != len(record.authors) or any(a >= b for a, b in zip(places, places[1:])) or places[0] < 0:
        return ()
    return places


def _digest(mentions: list[tuple]) -> Digest:
    """The paper's author columns from its authorship rows as `_Mentions` makes them."""
    return digest((name, key, row_id, affiliation) for _, name, key, row_id, role, affiliation, _ in mentions if role == "author")


def _upsert_papers(
    conn: Connection, records: list[PaperRecord], mentions: dict[int, list[tuple]], report: FileReport, rekeyed: set[int],
    writes: ImportWrites,
) -> None:
    """Store the papers of a batch with their authorships (`mentions`: `_Mentions.by_paper`, row ids filled in).

    `rekeyed` is given the papers stored before whose authors' name keys this batch changed; `writes`
    the papers written, and tells those an earlier batch or file of the import wrote.
    """
    if not records:
        return
    keys = [(r.source, r.source_key) for r in records]
    existing = _ids_by_key(conn, Paper, keys)
    stored = _stored_papers(conn, list(existing.values()))
    last = {(r.source, r.source_key): r for r in records}  # a key given twice: the last one stands
    if len(last) < len(records):
        report.skipped.extend(_given_twice(records, report.path))
        records = list(last.values())
    fresh = [r for r in records if (r.source, r.source_key) not in existing]
    ids = dict(existing)
    if fresh:
        values = [(*_paper_values(r).values(), *_digest(mentions[id(r)])) for r in fresh]
        ids.update(_insert_keyed(conn, Paper, (*_paper_values(fresh[0]), *DIGEST_COLUMNS), values))
    authorships: list[tuple] = []
    texts: dict[int, tuple[PaperText, PaperText]] = {}  # of the papers whose text changed: before, after
    for record in records:
        paper_id = ids[(record.source, record.source_key)]
        if (record.source, record.source_key) not in existing:
            report.papers_added += 1
            writes.mark(paper_id, Written(report, record.line, "added", None))
            authorships.extend((paper_id, *mention) for mention in mentions[id(record)])
            continue
        values = _paper_values(record)
        old_values, old_authors = stored[paper_id]
        if record.affiliations_stated is not None:
            mentions[id(record)] = _keep_unstated_affiliations(mentions[id(record)], record.affiliations_stated, old_authors)
        new_authors = [(paper_id, *mention) for mention in mentions[id(record)]]
        if record.partial:  # a thin copy adds what is missing and takes nothing away
            values = {key: value if _given(value) else old_values[key] for key, value in values.items()}
            new_authors = new_authors if not old_authors else None
        state = (values, old_authors if new_authors is None else _comparable(new_authors))
        changed = state != (old_values, old_authors)
        written = _counted(record, paper_id, changed, state, (old_values, old_authors), report, writes)
        writes.mark(paper_id, written)
        if not changed:
            continue
        texts[paper_id] = (paper_text(old_values, old_authors), paper_text(values, state[1]))
        if new_authors is not None:  # the author columns change with the authorships, never alone
            values = {**values, **_digest(mentions[id(record)])._asdict()}
        conn.execute(update(Paper).where(Paper.id == paper_id).values(**values))
        if new_authors is not None:
            conn.execute(delete(Authorship).where(Authorship.paper_id == paper_id))
            authorships.extend(new_authors)
            if _name_keys(new_authors) != [author[2] for author in old_authors]:
                rekeyed.add(paper_id)
    for part in chunks(authorships, 2_000):
        insert_tuples(conn, Authorship.__table__, AUTHORSHIP_COLUMNS, list(part))
    writes.decided.note(conn, {i: t for i, t in texts.items() if t[0] != t[1]}, report.decided_changes)


def _counted(
    record: PaperRecord, paper_id: int, changed: bool, state: tuple, stored: tuple, report: FileReport, writes: ImportWrites,
) -> Written:
    """Count a record of a paper the database holds as added, updated or unchanged, against the database as it
    was before the import: of a paper an earlier record of the import wrote, that record's count is taken back
    (the last stands) and the replacement noted. Re-importing files that give one paper differently found it
    "updated" in each of them, every time."""
    earlier = writes.earlier(paper_id)
    if earlier is not None and not changed and earlier.report is not report:
        report.papers_unchanged += 1  # another file's same record: it stands as that file wrote it
        return earlier
    if earlier is not None:
        report.skipped.append(_replaced_note(record, earlier, report))
        setattr(earlier.report, f"papers_{earlier.outcome}", getattr(earlier.report, f"papers_{earlier.outcome}") - 1)
        outcome, before = _outcome_over(earlier, changed, state, stored)
    else:
        outcome, before = ("updated", _state_hash(stored)) if changed else ("unchanged", None)
    setattr(report, f"papers_{outcome}", getattr(report, f"papers_{outcome}") + 1)
    return Written(report, record.line, outcome, before)


def _outcome_over(earlier: Written, changed: bool, state: tuple, stored: tuple) -> tuple[str, int | None]:
    """The outcome of a record replacing `earlier`'s, against the database before the import."""
    if earlier.outcome == "added":
        return "added", None
    if earlier.outcome == "unchanged":  # what the database holds now is what it held before
        return ("updated", _state_hash(stored)) if changed else ("unchanged", None)
    return ("unchanged" if _state_hash(state) == earlier.before else "updated"), earlier.before


def _state_hash(state: tuple) -> int:
    """A paper's columns and authorships as `_upsert_papers` compares them, in a few bytes to keep."""
    values, authors = state
    return hash((tuple(values.items()), tuple(authors)))


def _replaced_note(record: PaperRecord, earlier: Written, report: FileReport) -> str:
    key = f"{record.source} key {record.source_key}"
    if earlier.report is report:
        return _given_twice_note(report.path, record.source, record.source_key, [earlier.line, record.line])
    where = f"{earlier.report.path}:{earlier.line}" if earlier.line else earlier.report.path
    here = f"{report.path}:{record.line}" if record.line else report.path
    return f"{here}: {key} is given differently by {where} before it: this last one stands"


def _given_twice(records: list[PaperRecord], path: str) -> list[str]:
    """A note for each key the batch gives more than once, naming the key and where each record of it starts:
    the curator must be able to find the record whose paper was dropped."""
    lines: dict[tuple[str, str], list[int]] = {}
    for record in records:
        lines.setdefault((record.source, record.source_key), []).append(record.line)
    return [_given_twice_note(path, source, key, at) for (source, key), at in lines.items() if len(at) > 1]


SHOWN_LINES = 5  # of a key given more often than that, the first lines and a count


def _given_twice_note(path: str, source: str, key: str, lines: list[int]) -> str:
    times = f"given {len(lines)} times" if len(lines) > 2 else "given twice"
    if all(lines):
        shown = [f"{line}" for line in lines[:SHOWN_LINES]]
        if len(lines) > SHOWN_LINES:
            shown.append(f"{len(lines) - SHOWN_LINES} more")
        times = f"given at lines {', '.join(shown[:-1])} and {shown[-1]}"
        times += f" ({len(lines)} times)" if len(lines) > 2 else ""
    return f"{path}: {source} key {key} {times}: the last stands"


def _keep_unstated_affiliations(mentions: list[tuple], stated: tuple[int, ...], old_authors: list[tuple]) -> list[tuple]:
    """The record's authorship rows (`_Mentions`), where it gives no affiliation for an author it does not
    speak for, with the one stored for that author's name: one Arnetminer file's update must not take away
    the organization another file gave its own person on the same paper."""
    stored: dict[str, str] = {}
    for _, name, _, _, _, affiliation, _ in old_authors:  # as `_stored_papers` reads them
        if affiliation:
            stored.setdefault(name, affiliation)
    return [
        mention if index in stated or mention[5] is not None else (*mention[:5], stored.get(mention[1]), mention[6])
        for index, mention in enumerate(mentions)
    ]


def _given(value: object) -> bool:
    return value not in (None, "", "[]")


def _comparable(authorships: list[tuple]) -> list[tuple]:
    """(position, name, name key, author row id, role, affiliation, orcid) of each row, as `_stored_papers` reads them.

    The name key counts: a reader that now files an author under another key (S2AND's own name under
    its block) must update the papers an older one stored, though every name reads the same.
    """
    return [a[1:] for a in authorships]


def _name_keys(authorships: list[tuple]) -> list[str]:
    return [a[3] for a in authorships]


def _stored_papers(conn: Connection, paper_ids: list[int]) -> dict[int, tuple[dict, list[tuple]]]:
    """What the database holds for these papers, in the shape `_paper_values` makes."""
    columns = [Paper.id, Paper.source, Paper.source_key, Paper.title, Paper.venue, Paper.pub_type, Paper.year]
    columns += [Paper.abstract, Paper.links, Paper.raw_text, Paper.authors_truncated_at, Paper.ids]
    authors = select(
        Authorship.paper_id, Authorship.position, Authorship.name, Authorship.name_key, Authorship.author_row_id, Authorship.role,
        Authorship.affiliation, Authorship.orcid,
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


def _upsert_cluster(conn: Connection, record: ClusterRecord, report: FileReport, options: ImportOptions, writes: ImportWrites) -> None:
    cluster_id = _cluster_id(conn, record, options)
    paper_ids = _ids_by_key(conn, Paper, [(record.source, key) for key in record.paper_keys])
    missing = [key for key in record.paper_keys if (record.source, key) not in paper_ids]
    if missing:
        raise SourceError(report.path, None, f"cluster {record.name!r} lists papers the file does not give: {missing[:5]}")
    listed = [paper_ids[(record.source, key)] for key in record.paper_keys]
    if record.adds_only:
        _add_members(conn, cluster_id, listed, record.scope or record.source)
    else:
        flips, joined = _set_membership(conn, cluster_id, listed, record.scope or record.source)
        writes.listing.note(conn, flips, NOT_IN_FILE, report.decided_listing_changes)
        unlisted = [paper_id for flipped_in, paper_id, _was, now in flips if not now and report.decided_listing_changes.get((flipped_in, paper_id)) == NOT_IN_FILE]
        if unlisted and joined:  # a corrected title, year or venue gives an Arrow paper another key: a new paper
            report.decided_successors.update(((cluster_id, old), new) for old, new in successors(conn, unlisted, joined).items())
    report.add_cluster(display_name(record.name))


def _cluster_id(conn: Connection, record: ClusterRecord, options: ImportOptions) -> int:
    """The cluster of the record's name, created if new; its declarations updated."""
    key = cluster_key(record.name, options.fold_diacritics)
    declared = {
        "declared_papers": record.declared_papers,
        "declared_author_rows": record.declared_author_rows,
        "declaration_note": record.declaration_note,
    }
    cluster_id = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one_or_none()
    if cluster_id is None:
        values = {"key": key, "name": display_name(record.name), "source": record.source, **declared}
        return conn.execute(insert(NameCluster).values(**values)).inserted_primary_key[0]
    conn.execute(_update_if_other(NameCluster, cluster_id, declared))
    return cluster_id


def _update_if_other(table: type, row_id: int, values: dict):
    """The UPDATE of a row to `values`, written only where it holds other values: a row rewritten as it was counted
    as a change, and an import of the same file again could not tell that it changed nothing (`rows_written`)."""
    differs = or_(*(getattr(table, column).is_distinct_from(value) for column, value in values.items()))
    return update(table).where(table.id == row_id, differs).values(**values)


# A cluster_paper row as `_set_membership` writes it.
MEMBER_COLUMNS = ("cluster_id", "paper_id", "position", "listed", "listed_by")


def _set_membership(conn: Connection, cluster_id: int, listed: list[int], scope: str) -> tuple[list[tuple[int, int, bool, bool]], list[int]]:
    """Papers in the order this list gives them, then the rest as they were.

    A paper that an earlier list of the same scope had and this one has not
    stays in the cluster (with its decision), marked unlisted. Papers other
    scopes put here are left as they are. Returns the memberships unlisted or
    listed again: (cluster, paper, listed before, listed now); and the papers
    that joined the cluster with this list, in its order.
    """
    rows = conn.execute(
        select(ClusterPaper.paper_id, ClusterPaper.position, ClusterPaper.listed, ClusterPaper.listed_by)
        .where(ClusterPaper.cluster_id == cluster_id)
        .order_by(ClusterPaper.position)
    ).all()
    listed_set = set(listed)
    order = list(dict.fromkeys(listed)) + [paper_id for paper_id, _, _, _ in rows if paper_id not in listed_set]
    before = {paper_id: (bool(flag), by) for paper_id, _, flag, by in rows}
    wanted = {}
    for position, paper_id in enumerate(order):
        if paper_id in listed_set:
            wanted[paper_id] = (position, True, scope)
            continue
        flag, by = before[paper_id]
        wanted[paper_id] = (position, False if by == scope else flag, by)  # only this scope's list can unlist it
    current = {paper_id: (position, bool(flag), by) for paper_id, position, flag, by in rows}
    joined = [paper_id for paper_id in wanted if paper_id not in current]
    if wanted == current:
        return [], joined
    if rows:
        conn.execute(delete(ClusterPaper).where(ClusterPaper.cluster_id == cluster_id))
    # Tuples through the prepared INSERT: a million-paper file lists 2,000 clusters, and SQLAlchemy's
    # own executemany of dicts cost 2.5 ms for a cluster of a few papers.
    insert_tuples(conn, ClusterPaper.__table__, MEMBER_COLUMNS, [(cluster_id, p, *member) for p, member in wanted.items()])
    return [(cluster_id, p, was[1], wanted[p][1]) for p, was in current.items() if was[1] != wanted[p][1]], joined


def _add_members(conn: Connection, cluster_id: int, papers: list[int], scope: str) -> None:
    """The papers the cluster lacks, listed, after the ones it has; those it has are left as they are."""
    rows = conn.execute(
        select(ClusterPaper.paper_id, ClusterPaper.position).where(ClusterPaper.cluster_id == cluster_id)
    ).all()
    held = {paper_id for paper_id, _ in rows}
    lacking = [paper_id for paper_id in dict.fromkeys(papers) if paper_id not in held]
    end = max((position for _, position in rows), default=-1) + 1
    members = [(cluster_id, paper_id, position, True, scope) for position, paper_id in enumerate(lacking, end)]
    if members:
        insert_tuples(conn, ClusterPaper.__table__, MEMBER_COLUMNS, members)


def _store_labels(conn: Connection, labels: list[ReferenceLabel], report: FileReport, options: ImportOptions) -> None:
    cluster_ids: dict[str, int] = {}
    for name in {label.cluster_name for label in labels}:
        key = cluster_key(name, options.fold_diacritics)
        cluster_id = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one_or_none()
        if cluster_id is None:
            raise SourceError(report.path, None, f"a reference label names cluster {name!r}, which the file does not define")
        cluster_ids[name] = cluster_id
    paper_ids = _ids_by_key(conn, Paper, [(label.source, label.paper_key) for label in labels])
    unknown = [label.paper_key for label in labels if (label.source, label.paper_key) not in paper_ids]
    if unknown:
        raise SourceError(report.path, None, f"reference labels name papers the file does not give: {unknown[:5]}")
    values = {
        (cluster_ids[label.cluster_name], paper_ids[(label.source, label.paper_key)]): label for label in labels
    }
    before = _labels_held(conn, list(values))  # a curator's label a data set's replaces is changed, not added
    values, replaced = _one_labelling_a_cluster(conn, values, report)
    held = {pair: stored for pair, stored in before.items() if not (pair[0] in replaced and stored[0] == CURATORS_LABELLING)}
    fresh = {pair: label for pair, label in values.items() if held.get(pair) != (_labelling(label), label.person)}
    for part in chunks([pair for pair in fresh if pair in held]):
        for cluster_id, paper_id in part:
            conn.execute(
                delete(ReferenceLabelRow).where(
                    ReferenceLabelRow.cluster_id == cluster_id, ReferenceLabelRow.paper_id == paper_id
                )
            )
    rows = [
        {"cluster_id": c, "paper_id": p, "source": _labelling(label), "person": label.person}
        for (c, p), label in fresh.items()
    ]
    for part in chunks(rows):
        conn.execute(insert(ReferenceLabelRow), list(part))
    report.reference_labels += len(values)
    changed = sum(pair in before for pair in fresh)
    report.labels_changed += changed
    report.labels_added += len(fresh) - changed
    report.curators_labels += sum(_labelling(label) == CURATORS_LABELLING for label in labels)


def _labelling(label: ReferenceLabel) -> str:
    return label.labelling or label.source


def _one_labelling_a_cluster(
    conn: Connection, values: dict[tuple[int, int], ReferenceLabel], report: FileReport
) -> tuple[dict[tuple[int, int], ReferenceLabel], set[int]]:
    """The labels to store, so that a cluster's labels stay one labelling's: `evaluate` must not score the
    engine, or the curator, against a mix of a data set's true persons and a curator's own answers.

    A curator's labels (an export's people) go only into clusters no data set labels; a data set's take
    the place of every label a curator's export put in the cluster. Labels are keyed by cluster and
    paper, one per paper: an export re-imported replaced Arnetminer's true persons with the decisions.
    Also the clusters whose curator's labels were deleted for a data set's."""
    clusters = sorted({cluster_id for cluster_id, _ in values})
    held: dict[int, set[str]] = {}
    for part in chunks(clusters):
        rows = select(ReferenceLabelRow.cluster_id, ReferenceLabelRow.source).where(ReferenceLabelRow.cluster_id.in_(part))
        for cluster_id, labelling in conn.execute(rows.distinct()):
            held.setdefault(cluster_id, set()).add(labelling)
    kept = {}
    for (cluster_id, paper_id), label in values.items():
        if _labelling(label) == CURATORS_LABELLING and held.get(cluster_id, set()) - {CURATORS_LABELLING}:
            report.labels_left_out += 1
        else:
            kept[(cluster_id, paper_id)] = label
    replaced = {c for (c, _), label in kept.items() if _labelling(label) != CURATORS_LABELLING and CURATORS_LABELLING in held.get(c, ())}
    if replaced:
        conn.execute(
            delete(ReferenceLabelRow).where(
                ReferenceLabelRow.cluster_id.in_(sorted(replaced)), ReferenceLabelRow.source == CURATORS_LABELLING
            )
        )
    return kept, replaced


def _labels_held(conn: Connection, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
    """(labelling, person) of the labels the store holds for these (cluster, paper) pairs."""
    by_cluster: dict[int, list[int]] = {}
    for cluster_id, paper_id in pairs:
        by_cluster.setdefault(cluster_id, []).append(paper_id)
    held = {}
    for cluster_id, papers in by_cluster.items():
        for part in chunks(papers):
            rows = conn.execute(
                select(ReferenceLabelRow.paper_id, ReferenceLabelRow.source, ReferenceLabelRow.person).where(
                    ReferenceLabelRow.cluster_id == cluster_id, ReferenceLabelRow.paper_id.in_(part)
                )
            )
            held.update({(cluster_id, paper_id): (labelling, person) for paper_id, labelling, person in rows})
    return held


def _cluster_names(spellings: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Each key's name: its most frequent spelling, mixed case before ALL CAPS, suffix dropped."""
    best: dict[str, tuple[tuple, str]] = {}
    for key, name, count in spellings:
        shown = display_name(name)
        rank = (count, shown != shown.upper(), shown)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, shown)
    return {key: shown for key, (_, shown) in best.items()}


def _derive_clusters(
    conn: Connection, sources: set[str], report: FileReport, options: ImportOptions, rekeyed: set[int], writes: ImportWrites,
) -> None:
    """Clusters from the author names of these sources' papers: one per name key, idempotent.

    Editors are not authors: a volume does not enter its editor's cluster. A paper of `rekeyed` that no
    author keys to a cluster's name any more is unlisted there (with its decision), as a list that no
    longer has it unlists it; listed again if its key comes back.
    The work is two set-based statements, not a loop over papers, so a
    million-paper dblp file derives its clusters in seconds.
    """
    if not sources:
        return
    authors = (
        select(Authorship.name_key, Authorship.name, Authorship.paper_id)
        .join(Paper, Paper.id == Authorship.paper_id)
        .where(Paper.source.in_(sorted(sources)), Authorship.role == "author")
    ).subquery()
    spellings = select(authors.c.name_key, authors.c.name, func.count()).where(
        ~select(NameCluster.id).where(NameCluster.key == authors.c.name_key).exists()
    ).group_by(authors.c.name_key, authors.c.name)
    created = [
        {"key": key, "name": name, "source": next(iter(sorted(sources)))}
        for key, name in _cluster_names(conn.execute(spellings)).items()
    ]
    for part in chunks(created, 2_000):
        conn.execute(insert(NameCluster), list(part))
    members = (
        select(NameCluster.id, authors.c.paper_id, authors.c.paper_id, literal(True), literal(NAMES_SCOPE))
        .join(NameCluster, NameCluster.key == authors.c.name_key)
        .where(
            ~select(ClusterPaper.paper_id)
            .where(ClusterPaper.cluster_id == NameCluster.id, ClusterPaper.paper_id == authors.c.paper_id)
            .exists()
        )
        .distinct()  # the same name twice on one paper is one membership
    )
    columns = ["cluster_id", "paper_id", "position", "listed", "listed_by"]  # position: the paper's id, its import order
    added = conn.execute(insert(ClusterPaper).from_select(columns, members)).rowcount
    room = max(0, NAMED_CLUSTERS - len(report.clusters))
    report.clusters.extend(row["name"] for row in created[:room])
    report.cluster_count += len(created)
    report.memberships_derived = added
    flips = _list_by_names_now(conn, rekeyed)
    writes.listing.note(conn, flips, NOT_THE_NAME, report.decided_listing_changes)


def _list_by_names_now(conn: Connection, paper_ids: set[int]) -> list[tuple[int, int, bool, bool]]:
    """The memberships names gave these papers, listed where an author of theirs keys to the cluster's name
    now and unlisted (decisions kept) where none does. Returns those it changed: (cluster, paper, before, now)."""
    named = (
        select(Authorship.paper_id)
        .join(NameCluster, NameCluster.key == Authorship.name_key)
        .where(Authorship.paper_id == ClusterPaper.paper_id, NameCluster.id == ClusterPaper.cluster_id, Authorship.role == "author")
        .exists()
    )
    flips = []
    for part in chunks(sorted(paper_ids)):
        ours = and_(ClusterPaper.paper_id.in_(part), ClusterPaper.listed_by == NAMES_SCOPE)
        changing = select(ClusterPaper.cluster_id, ClusterPaper.paper_id, ClusterPaper.listed).where(ours, ClusterPaper.listed != named)
        flips += [(cluster_id, paper_id, bool(listed), not listed) for cluster_id, paper_id, listed in conn.execute(changing)]
        conn.execute(update(ClusterPaper).where(ours, ClusterPaper.listed != named).values(listed=named))  # the flips only
    return flips
