"""The raw baselines of the window figures: plain sqlite3 and plain Python on the same data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# The same papers with their authors joined, one row per paper, in source order.
CLUSTER_QUERY = """
SELECT p.id, cp.position, p.source, p.source_key, p.title, p.year, p.venue, p.pub_type, p.abstract, p.links, p.ids,
       (SELECT group_concat(a.name, ', ') FROM authorship a WHERE a.paper_id = p.id) AS authors
FROM cluster_paper cp JOIN paper p ON p.id = cp.paper_id
WHERE cp.cluster_id = ? ORDER BY cp.position
"""


def query_cluster(db: Path, cluster_id: int) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(CLUSTER_QUERY, (cluster_id,)).fetchall()
    conn.close()
    return len(rows)


class DurableTable:
    """A scratch WAL database with synchronous=FULL, for INSERT + COMMIT baselines."""

    def __init__(self, path: Path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute(
            "CREATE TABLE decision (cluster_id INTEGER, paper_id INTEGER, verdict TEXT, reviewer TEXT, decided_at TEXT,"
            " PRIMARY KEY (cluster_id, paper_id))"
        )
        self.n = 0

    def insert_commit(self) -> None:
        """One decision: INSERT, COMMIT."""
        self.n += 1
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT OR REPLACE INTO decision VALUES (1, ?, 'rejected', 'bench', '2026-01-01')", (self.n,))
        self.conn.execute("COMMIT")

    def executemany_commit(self, count: int, verdict: str) -> None:
        """A bulk decision: one executemany of `count` rows, COMMIT."""
        self.conn.execute("BEGIN IMMEDIATE")
        rows = ((1, paper, verdict) for paper in range(count))
        self.conn.executemany("INSERT OR REPLACE INTO decision VALUES (?, ?, ?, 'bench', '2026-01-01')", rows)
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def haystacks(contents) -> list[str]:
    """The text a filter searches, one lowercase string per paper (title, venue, authors, abstract): a copy of the loader's."""
    return [text[:] for text in contents.search_text]


def substring_scan(strings: list[str], term: str) -> list[int]:
    return [i for i, text in enumerate(strings) if term in text]


def year_keys(papers) -> list[tuple[bool, int]]:
    return [(p.year is None, p.year or 0) for p in papers]


def sort_by(keys: list, descending: bool) -> list[int]:
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
