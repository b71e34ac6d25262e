"""The import baseline: the same rows into the same tables with plain `sqlite3.executemany`.

Same file read line by line with `json.loads`, same tables and indexes
(the schema Namesake itself creates), same pragmas (WAL, synchronous=FULL,
foreign keys), one transaction. What it leaves out is Namesake's own work:
schema checks, records, key lookups through SQLAlchemy, name keys.
Ids are assigned here, so no row is looked up after it is written.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

BATCH = 2_000
# The paper row as Namesake writes it, with its authors' names, keys and rows (models.paper_authors).
PAPER = ("INSERT INTO paper (id, source, source_key, title, venue, pub_type, year, abstract, links, raw_text, ids,"
         " author_names, author_keys, author_rows) VALUES (?,?,?,?,?,?,?,?,'[]','',?,?,?,?)")
ROW = "INSERT INTO author_row (id, source, source_key, name, name_key, variants, urls, affiliations) VALUES (?,?,?,?,?,'[]','[]',?)"
AUTHORSHIP = "INSERT INTO authorship (paper_id, position, name, name_key, author_row_id, role) VALUES (?,?,?,?,?,'author')"
CLUSTER = "INSERT INTO name_cluster (id, key, name, source, declared_papers, declared_author_rows) VALUES (?,?,?,?,?,?)"
MEMBER = "INSERT INTO cluster_paper (cluster_id, paper_id, position, listed) VALUES (?,?,?,1)"


def empty_namesake_database(db: Path) -> None:
    """The schema exactly as Namesake creates it, nothing in it."""
    from models.db import open_engine

    open_engine(db).dispose()


def _complete(conn: sqlite3.Connection, statement: str) -> str:
    """`statement` with '' for any NOT NULL column it leaves out that has no default.

    The schema is Namesake's and changes with it; a new required column must
    not break the baseline (it then carries an empty text, as cheap as any).
    """
    table = statement.split()[2]
    given = statement[statement.index("(") + 1 : statement.index(")")].replace(" ", "").split(",")
    missing = [name for _, name, _, notnull, default, pk in conn.execute(f"PRAGMA table_info({table})")
               if notnull and default is None and not pk and name not in given]
    if not missing:
        return statement
    head, values = statement.split(" VALUES ")
    blanks = ",''" * len(missing)
    return f"{head[:-1]}, {', '.join(missing)}) VALUES {values[:-1]}{blanks})"


class _Writer:
    def __init__(self, conn: sqlite3.Connection, source: str):
        self.conn, self.source = conn, source
        self.sql = {statement: _complete(conn, statement) for statement in (PAPER, ROW, AUTHORSHIP, CLUSTER, MEMBER)}
        self.rows: dict[str, int] = {}
        self.papers: dict[str, int] = {}
        self.pending: dict[str, list[tuple]] = {PAPER: [], ROW: [], AUTHORSHIP: []}
        self.insert_seconds = 0.0

    def row_id(self, key: str, name: str, affiliations: str = "[]") -> int:
        found = self.rows.get(key)
        if found is None:
            found = self.rows[key] = len(self.rows) + 1
            self.pending[ROW].append((found, self.source, key, name, name.casefold(), affiliations))
        return found

    def paper(self, item: dict) -> None:
        paper_id = self.papers[item["key"]] = len(self.papers) + 1
        ids = json.dumps([[k, v] for k, v in item.get("ids", {}).items()])
        names, keys, row_ids = [], [], []
        for position, author in enumerate(item["authors"]):
            name, row = (author, None) if isinstance(author, str) else (author["name"], author.get("row"))
            row_id = self.row_id(row, name) if row else None
            self.pending[AUTHORSHIP].append((paper_id, position, name, name.casefold(), row_id))
            names.append(name)
            keys.append(name.casefold())
            row_ids.append("" if row_id is None else str(row_id))
        rows = ",".join(row_ids) if any(row_ids) else None
        self.pending[PAPER].append((paper_id, self.source, item["key"], item["title"], item.get("venue"), item.get("pub_type"),
                                    item.get("year"), item.get("abstract"), ids, "\n".join(names), "\n".join(keys), rows))

    def cluster(self, item: dict, cluster_id: int) -> None:
        self.flush()
        start = time.perf_counter()
        self.conn.execute(self.sql[CLUSTER], (cluster_id, item["name"].casefold(), item["name"], self.source, item.get("declared_papers"),
                                    item.get("declared_author_rows")))
        self.conn.executemany(self.sql[MEMBER], ((cluster_id, self.papers[key], pos) for pos, key in enumerate(item["papers"])))
        self.insert_seconds += time.perf_counter() - start

    def flush(self) -> None:
        start = time.perf_counter()
        for statement in (ROW, PAPER, AUTHORSHIP):  # rows before what refers to them
            self.conn.executemany(self.sql[statement], self.pending[statement])
            self.pending[statement] = []
        self.insert_seconds += time.perf_counter() - start


def raw_import(jsonl: Path, db: Path) -> dict:
    empty_namesake_database(db)
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    # The same page cache as Namesake's import (models.db.IMPORT_CACHE_KIB), for a fair comparison.
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "cache_size = -262144"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("BEGIN IMMEDIATE")
    writer, clusters, waiting = None, 0, 0
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            kind = item["type"]
            if kind == "header":
                writer = _Writer(conn, item["source"])
            elif kind == "author_row":
                writer.row_id(item["key"], item["name"], json.dumps(item.get("affiliations", [])))
            elif kind == "paper":
                writer.paper(item)
                waiting += 1
                if waiting >= BATCH:
                    writer.flush()
                    waiting = 0
            elif kind == "cluster":
                clusters += 1
                writer.cluster(item, clusters)
    writer.flush()
    commit = time.perf_counter()
    conn.execute("COMMIT")
    conn.close()
    end = time.perf_counter()
    return {"seconds": end - start, "insert_and_commit_seconds": writer.insert_seconds + end - commit}
