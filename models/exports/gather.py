"""Gather a cluster's review into the plain structure every export format renders."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select

from models.db import Prepared, value_reader
from models.queries import PaperRow, PersonSummary, load_cluster, paper_identifiers
from models.schema import Authorship, ClusterPaper, Decision, Person, Verdict

EXPORT_FORMAT = "namesake-cluster-export"
COLLECTION_FORMAT = "namesake-export"
EXPORT_VERSION = 1


def cluster_export(conn: Connection, cluster_id: int, exported_at: str) -> dict:
    """One cluster: its people with their papers, and what was rejected, unsure or undecided.

    A person holding no paper (its papers all moved to another, its only one made unsure) is no
    profile, and is left out, even with a profile the reviewer edited or author rows said to be it:
    a gold cluster or a library's profile of no paper says nothing, and a person's papers are what
    an export is for. The person stays in the database (the people panel lists it) and is exported,
    under the same id, once it holds a paper again. Every format renders this structure, so none
    lists it (the gold labels held `'rafael alonso/28': []`).
    """
    contents = load_cluster(conn, cluster_id)
    provenance = _provenance(conn, cluster_id)
    identifiers = paper_identifiers(conn, cluster_id)
    created = _people_created(conn, cluster_id)
    places = _author_places(conn, cluster_id)
    groups: dict[str, list[dict]] = {"rejected": [], "unsure": [], "undecided": []}
    by_person: dict[int, list[dict]] = {person.id: [] for person in contents.people}
    for paper in contents.papers:
        state = contents.decisions.get(paper.paper_id)
        entry = _paper_entry(paper, provenance.get(paper.paper_id), identifiers.get(paper.paper_id, ()), places.get(paper.paper_id))
        if state is None:
            groups["undecided"].append(entry)
        elif state.verdict is Verdict.PERSON:
            by_person[state.person_id].append(entry)
        else:
            groups[state.verdict.value].append(entry)
    rows = {person.id: [] for person in contents.people}
    for row in contents.author_rows:
        if row.person_id in rows:
            rows[row.person_id].append({"source": row.source, "source_key": row.source_key, "name": row.name})
    cluster = contents.cluster
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at,
        "cluster": {
            "name": cluster.name,
            "key": cluster.key,
            "source": cluster.source,
            "papers": cluster.papers,
            "decided": cluster.decided,
            "status": cluster.status.value,
            "declared": {
                "papers": cluster.declared_papers,
                "author_rows": cluster.declared_author_rows,
                "note": cluster.declaration_note,
            },
            "mixed_author_rows": [
                {"source": r.source, "source_key": r.source_key, "name": r.name} for r in contents.author_rows if r.mixed
            ],
        },
        "people": [
            _person_entry(p, cluster.key, created.get(p.id), by_person[p.id], rows[p.id]) for p in contents.people if by_person[p.id]
        ],
        **groups,
    }


def collection(exports: list[dict], exported_at: str) -> dict:
    return {"format": COLLECTION_FORMAT, "version": EXPORT_VERSION, "exported_at": exported_at, "clusters": exports}


def _person_entry(person: PersonSummary, cluster_key: str, created_at: str | None, papers: list[dict], rows: list[dict]) -> dict:
    return {
        "id": f"{cluster_key}/{person.id}",
        "label": person.label,
        "display_name": person.display_name,
        "affiliation": person.affiliation,
        "orcid": person.orcid,
        "homepage": person.homepage,
        "note": person.note,
        "created_by": person.created_by,
        "created_at": created_at,
        "author_rows": rows,
        "papers": papers,
    }


_PROVENANCE = Prepared(lambda: select(Decision.paper_id, Decision.reviewer, Decision.decided_at, Decision.note).where(
    Decision.cluster_id == bindparam("cluster")
))
# A paper's authorships are numbered 0, 1, 2... unless its source named only some of its authors, at
# their places in the whole list (S2AND signatures without papers.json): those papers skip a number.
# Only theirs are read; the grouping runs in SQLite over the cluster's authorships.
_PARTIAL_AUTHOR_LISTS = Prepared(lambda: (
    select(Authorship.paper_id, Authorship.position)
    .where(
        Authorship.role == "author",
        Authorship.paper_id.in_(
            select(Authorship.paper_id)
            .join(ClusterPaper, ClusterPaper.paper_id == Authorship.paper_id)
            .where(ClusterPaper.cluster_id == bindparam("cluster"))
            .group_by(Authorship.paper_id)
            .having(func.max(Authorship.position) + 1 != func.count())
        ),
    )
    .order_by(Authorship.paper_id, Authorship.position)
))
_PEOPLE_CREATED = Prepared(lambda: select(Person.id, Person.created_at).where(Person.cluster_id == bindparam("cluster")))


def _provenance(conn: Connection, cluster_id: int) -> dict[int, dict]:
    time = value_reader(Decision.__table__.c.decided_at, conn)
    return {
        paper_id: {"decided_by": reviewer, "decided_at": time(at).isoformat(timespec="seconds"), "note": note}
        for paper_id, reviewer, at, note in _PROVENANCE.rows(conn, cluster=cluster_id)
    }


def _people_created(conn: Connection, cluster_id: int) -> dict[int, str]:
    time = value_reader(Person.__table__.c.created_at, conn)
    return {person_id: time(at).isoformat(timespec="seconds") for person_id, at in _PEOPLE_CREATED.rows(conn, cluster=cluster_id)}


def _author_places(conn: Connection, cluster_id: int) -> dict[int, list[int]]:
    """Of the cluster's papers whose source named only some authors, each author's place in the whole list."""
    places: dict[int, list[int]] = {}
    for paper_id, place in _PARTIAL_AUTHOR_LISTS.rows(conn, cluster=cluster_id):
        places.setdefault(paper_id, []).append(place)
    return places


class PaperEntry(dict):
    """A paper as every format renders it, and, beside its fields, where the person's name stands in its
    `authors` (None: not in the visible list). Not a field: `author_position` counts the whole author list,
    which a source may hold only part of, and the JSON export's readers refuse a field they do not know."""

    author_index: int | None = None


def _author_position(paper: PaperRow, places: list[int] | None) -> int | None:
    """1 = first author; None where the person's name is not in the (visible) author list."""
    if not paper.name_positions:
        return None
    index = paper.name_positions[0]
    return (places[index] if places and index < len(places) else index) + 1


def _paper_entry(paper: PaperRow, provenance: dict | None, identifiers: tuple[tuple[str, str], ...], places: list[int] | None) -> PaperEntry:
    entry = PaperEntry({
        "source": paper.source,
        "source_key": paper.source_key,
        "ids": {scheme: value for scheme, value in identifiers},
        "title": paper.title,
        "year": paper.year,
        "venue": paper.venue,
        "type": paper.pub_type,
        "authors": list(paper.authors),
        "author_position": _author_position(paper, places),
        "links": list(paper.links),
        "warnings": list(paper.warnings),
    })
    entry.author_index = paper.name_positions[0] if paper.name_positions else None
    if provenance:
        entry.update(provenance)
    return entry
