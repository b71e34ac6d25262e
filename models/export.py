"""Export a cluster's review as JSON: its people, and what was rejected, unsure or undecided.

Undecided papers are listed as undecided, never folded into a person.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from models.queries import PaperRow, load_cluster
from models.schema import Decision, Verdict

EXPORT_FORMAT = "namesake-cluster-export"
EXPORT_VERSION = 1


def export_cluster(conn: Connection, cluster_id: int, exported_at: str) -> dict:
    contents = load_cluster(conn, cluster_id)
    provenance = _provenance(conn, cluster_id)
    groups: dict[str, list[dict]] = {"rejected": [], "unsure": [], "undecided": []}
    by_person: dict[int, list[dict]] = {person.id: [] for person in contents.people}
    for paper in contents.papers:
        state = contents.decisions.get(paper.paper_id)
        entry = _paper_entry(paper, provenance.get(paper.paper_id))
        if state is None:
            groups["undecided"].append(entry)
        elif state.verdict is Verdict.PERSON:
            by_person[state.person_id].append(entry)
        else:
            groups[state.verdict.value].append(entry)
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
        },
        "people": [{"label": p.label, "papers": by_person[p.id]} for p in contents.people],
        **groups,
    }


def _provenance(conn: Connection, cluster_id: int) -> dict[int, dict]:
    rows = conn.execute(
        select(Decision.paper_id, Decision.reviewer, Decision.decided_at).where(Decision.cluster_id == cluster_id)
    )
    return {paper_id: {"reviewer": reviewer, "decided_at": at.isoformat(timespec="seconds")} for paper_id, reviewer, at in rows}


def _paper_entry(paper: PaperRow, provenance: dict | None) -> dict:
    entry = {
        "source": paper.source,
        "source_key": paper.source_key,
        "title": paper.title,
        "year": paper.year,
        "venue": paper.venue,
        "type": paper.pub_type,
        "authors": list(paper.authors),
        "name_positions": list(paper.name_positions),
        "links": list(paper.links),
        "warnings": list(paper.warnings),
    }
    if provenance:
        entry["decided_by"] = provenance["reviewer"]
        entry["decided_at"] = provenance["decided_at"]
    return entry
