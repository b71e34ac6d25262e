"""Read what a reviewer looks at: clusters with progress, a cluster's papers.

Queries select plain columns (no ORM objects) and return frozen rows, so a
20,000-paper cluster loads as fast as SQLite can hand it over and the rows
can cross from a worker thread to the GUI safely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Connection, func, select

from models.errors import NotFoundError
from models.names import name_absence_note
from models.review import DecisionState, state_of
from models.schema import AuthorRow, Authorship, ClusterPaper, Decision, NameCluster, Paper, Person, Verdict


class Status(str, Enum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True)
class ClusterSummary:
    id: int
    key: str
    name: str
    source: str
    papers: int
    decided: int
    declared_papers: int | None = None
    declared_author_rows: int | None = None
    declaration_note: str | None = None

    @property
    def status(self) -> Status:
        if self.papers and self.decided >= self.papers:
            return Status.DONE
        return Status.IN_PROGRESS if self.decided else Status.NOT_STARTED


@dataclass(frozen=True)
class PaperRow:
    paper_id: int
    position: int  # source order within the cluster
    source: str
    source_key: str
    title: str
    year: int | None
    venue: str | None
    pub_type: str | None
    authors: tuple[str, ...]
    name_positions: tuple[int, ...]  # where the cluster's name stands in `authors`
    abstract: str | None
    links: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PersonSummary:
    id: int
    label: str
    papers: int


@dataclass(frozen=True)
class AuthorRowView:
    id: int
    source: str
    source_key: str
    name: str


@dataclass
class ClusterContents:
    cluster: ClusterSummary
    papers: list[PaperRow]
    decisions: dict[int, DecisionState]  # undecided papers are absent
    people: list[PersonSummary]
    author_rows: list[AuthorRowView]


def _summary_query():
    papers = (
        select(ClusterPaper.cluster_id, func.count().label("papers"))
        .group_by(ClusterPaper.cluster_id)
        .subquery()
    )
    decided = select(Decision.cluster_id, func.count().label("decided")).group_by(Decision.cluster_id).subquery()
    return (
        select(
            NameCluster.id,
            NameCluster.key,
            NameCluster.name,
            NameCluster.source,
            func.coalesce(papers.c.papers, 0),
            func.coalesce(decided.c.decided, 0),
            NameCluster.declared_papers,
            NameCluster.declared_author_rows,
            NameCluster.declaration_note,
        )
        .outerjoin(papers, papers.c.cluster_id == NameCluster.id)
        .outerjoin(decided, decided.c.cluster_id == NameCluster.id)
    )


def list_clusters(conn: Connection) -> list[ClusterSummary]:
    rows = conn.execute(_summary_query().order_by(NameCluster.key))
    return [ClusterSummary(*row) for row in rows]


def cluster_summary(conn: Connection, cluster_id: int) -> ClusterSummary:
    row = conn.execute(_summary_query().where(NameCluster.id == cluster_id)).first()
    if row is None:
        raise NotFoundError(f"no cluster with id {cluster_id}")
    return ClusterSummary(*row)


def find_cluster(conn: Connection, key: str) -> ClusterSummary:
    cluster_id = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one_or_none()
    if cluster_id is None:
        raise NotFoundError(f"no cluster named {key!r}")
    return cluster_summary(conn, cluster_id)


def load_cluster(conn: Connection, cluster_id: int) -> ClusterContents:
    summary = cluster_summary(conn, cluster_id)
    return ClusterContents(
        cluster=summary,
        papers=_paper_rows(conn, summary),
        decisions=cluster_decisions(conn, cluster_id),
        people=list_people(conn, cluster_id),
        author_rows=_author_rows(conn, summary.key),
    )


def _paper_rows(conn: Connection, cluster: ClusterSummary) -> list[PaperRow]:
    authors = _authors_by_paper(conn, cluster)
    rows = conn.execute(
        select(
            Paper.id, ClusterPaper.position, Paper.source, Paper.source_key, Paper.title, Paper.year, Paper.venue,
            Paper.pub_type, Paper.abstract, Paper.links, Paper.authors_truncated_at, ClusterPaper.listed,
        )
        .join(ClusterPaper, ClusterPaper.paper_id == Paper.id)
        .where(ClusterPaper.cluster_id == cluster.id)
        .order_by(ClusterPaper.position)
    )
    papers = []
    for paper_id, position, source, key, title, year, venue, pub_type, abstract, links, shown, listed in rows:
        names, positions = authors.get(paper_id, ((), ()))
        warnings = _warnings(positions, shown, len(names), listed)
        papers.append(
            PaperRow(paper_id, position, source, key, title, year, venue, pub_type, names, positions, abstract,
                     tuple(json.loads(links)), warnings)
        )
    return papers


def _authors_by_paper(conn: Connection, cluster: ClusterSummary) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
    rows = conn.execute(
        select(Authorship.paper_id, Authorship.position, Authorship.name, Authorship.name_key)
        .join(ClusterPaper, ClusterPaper.paper_id == Authorship.paper_id)
        .where(ClusterPaper.cluster_id == cluster.id)
        .order_by(Authorship.paper_id, Authorship.position)
    )
    names: dict[int, list[str]] = {}
    positions: dict[int, list[int]] = {}
    for paper_id, position, name, name_key in rows:
        names.setdefault(paper_id, []).append(name)
        if name_key == cluster.key:
            positions.setdefault(paper_id, []).append(position)
    return {paper_id: (tuple(listed), tuple(positions.get(paper_id, ()))) for paper_id, listed in names.items()}


def _warnings(name_positions: tuple[int, ...], shown: int | None, listed_authors: int, listed: bool) -> tuple[str, ...]:
    warnings = []
    if not name_positions:
        warnings.append(name_absence_note(shown, listed_authors))
    elif len(name_positions) > 1:
        warnings.append("the name appears more than once in the author list: two people?")
    if not listed:
        warnings.append("the newest import of this cluster no longer lists this paper")
    return tuple(warnings)


def cluster_decisions(conn: Connection, cluster_id: int) -> dict[int, DecisionState]:
    rows = conn.execute(
        select(Decision.paper_id, Decision.verdict, Decision.person_id).where(Decision.cluster_id == cluster_id)
    )
    return {paper_id: state_of(verdict, person_id) for paper_id, verdict, person_id in rows}


def list_people(conn: Connection, cluster_id: int) -> list[PersonSummary]:
    counts = (
        select(Decision.person_id, func.count().label("papers"))
        .where(Decision.cluster_id == cluster_id, Decision.verdict == Verdict.PERSON.value)
        .group_by(Decision.person_id)
        .subquery()
    )
    rows = conn.execute(
        select(Person.id, Person.label, func.coalesce(counts.c.papers, 0))
        .outerjoin(counts, counts.c.person_id == Person.id)
        .where(Person.cluster_id == cluster_id)
        .order_by(Person.id)
    )
    return [PersonSummary(*row) for row in rows]


def _author_rows(conn: Connection, key: str) -> list[AuthorRowView]:
    rows = conn.execute(
        select(AuthorRow.id, AuthorRow.source, AuthorRow.source_key, AuthorRow.name)
        .where(AuthorRow.name_key == key)
        .order_by(AuthorRow.source, AuthorRow.source_key)
    )
    return [AuthorRowView(*row) for row in rows]
