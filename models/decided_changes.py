"""Decided papers whose title, authors or abstract an import changed: the import's summary names them.

A curator decides a paper on its text. An import keeps every decision, so a
newer source that changes the text of a decided paper left the decision
standing on text that is no longer there, and said only "1 updated". Those
papers are named, with what changed, as the # column numbers them, so the
curator can read them again.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from sqlalchemy import Connection, and_, func, select

from models.counting import counted
from models.schema import ClusterPaper, Decision, NameCluster, Paper

# Papers the summary names one by one; beyond that it counts them.
NAMED = 10
TITLE_SHOWN = 60  # characters of a title in the summary
# SQLite allows 32,766 bound parameters; stay well below it per statement.
CHUNK = 500


class PaperText(NamedTuple):
    """What a decision is made on."""

    title: str | None
    authors: tuple[str, ...]
    abstract: str | None


def paper_text(values: dict, authorships: list[tuple]) -> PaperText:
    """The text of a paper as the import holds it: `values` its columns, `authorships` its rows as
    `importing._stored_papers` reads them (position, name, name key, author row, role, affiliation, orcid).
    Only the names count: an author filed under another key, or given an affiliation, reads the same."""
    return PaperText(values["title"], tuple(row[1] for row in authorships if row[4] == "author"), values["abstract"])


def changed_fields(before: PaperText, after: PaperText) -> tuple[str, ...]:
    return tuple(field for field, old, new in zip(PaperText._fields, before, after) if old != new)


class DecidedChanges:
    """The decided papers whose text one import changed, over all its files, against the text before the
    import: a paper two files change is the last file's (as its count is), and one changed back is none."""

    def __init__(self) -> None:
        self._before: dict[int, PaperText] = {}  # decided papers only: as many as curators decided
        self._noted_in: dict[int, dict[int, tuple[str, ...]]] = {}  # paper id -> the report's changes holding it

    def note(self, conn: Connection, texts: dict[int, tuple[PaperText, PaperText]], changes: dict[int, tuple[str, ...]]) -> None:
        """Of the papers a batch changed (`texts`: id -> text before and after), record each decided one's changed
        fields in `changes` (a `FileReport.decided_changes`), taking it off an earlier file's."""
        for paper_id in decided_among(conn, list(texts)):
            before, after = texts[paper_id]
            before = self._before.setdefault(paper_id, before)
            earlier = self._noted_in.pop(paper_id, None)
            if earlier is not None:
                del earlier[paper_id]
            fields = changed_fields(before, after)
            if fields:
                changes[paper_id] = fields
                self._noted_in[paper_id] = changes


def decided_among(conn: Connection, paper_ids: list[int]) -> set[int]:
    """The papers among these that have a decision in some cluster. Through their memberships: the decision
    table's key leads with the cluster, and a scan of it per batch grew with every paper decided."""
    decided: set[int] = set()
    joined = and_(Decision.cluster_id == ClusterPaper.cluster_id, Decision.paper_id == ClusterPaper.paper_id)
    for start in range(0, len(paper_ids), CHUNK):
        part = paper_ids[start : start + CHUNK]
        query = select(ClusterPaper.paper_id).join(Decision, joined).where(ClusterPaper.paper_id.in_(part))
        decided.update(conn.execute(query).scalars())
    return decided


class DecidedPaper(NamedTuple):
    cluster: str
    number: int  # as the # column shows it, from 1
    title: str
    fields: tuple[str, ...]


def decided_papers(conn: Connection, changes: dict[int, tuple[str, ...]]) -> tuple[int, list[DecidedPaper]]:
    """How many decisions rest on changed text, and the first `NAMED` of them, by cluster and # (a paper decided
    in two clusters is named in each). Read once the import's clusters are written: the numbers are the new list's."""
    found = []
    ids = list(changes)
    for start in range(0, len(ids), CHUNK):
        query = (
            select(NameCluster.id, NameCluster.name, ClusterPaper.position, Paper.id, Paper.title)
            .select_from(ClusterPaper)
            .join(Decision, and_(Decision.cluster_id == ClusterPaper.cluster_id, Decision.paper_id == ClusterPaper.paper_id))
            .join(NameCluster, NameCluster.id == ClusterPaper.cluster_id)
            .join(Paper, Paper.id == ClusterPaper.paper_id)
            .where(ClusterPaper.paper_id.in_(ids[start : start + CHUNK]))
        )
        found.extend(conn.execute(query).all())
    found.sort(key=lambda row: (row[1].casefold(), row[0], row[2]))
    named = [DecidedPaper(name, _number(conn, cluster_id, position), title or "", changes[paper_id])
             for cluster_id, name, position, paper_id, title in found[:NAMED]]
    return len(found), named


def _number(conn: Connection, cluster_id: int, position: int) -> int:
    """The paper's # in its cluster: the stored position only orders (`queries._add_paper`)."""
    earlier = select(func.count()).where(ClusterPaper.cluster_id == cluster_id, ClusterPaper.position < position)
    return conn.execute(earlier).scalar_one() + 1


def decided_changes_text(count: int, named: list[DecidedPaper]) -> str:
    """"2 decided papers changed, their decisions made on the old text: paper 6 'DiTFastAttn…' (authors) in
    Shengen Yan, ..."; "" for none."""
    if not count:
        return ""
    listed = ", ".join(f"paper {p.number:,} {_shortened(p.title)!r} ({', '.join(p.fields)}) in {p.cluster}" for p in named)
    more = f" and {count - len(named):,} more" if count > len(named) else ""
    made = "its decision was" if count == 1 else "their decisions were"
    return f"{counted(count, 'decided paper')} changed, {made} made on the old text: {listed}{more}"


def decided_changes_headline(reports: Iterable) -> str:
    """What the window says first of an import's `FileReport`s (the summary names the papers): "" for none."""
    count = sum(report.decided_changed_count for report in reports)
    if not count:
        return ""
    made = "its decision was" if count == 1 else "their decisions were"
    return f"{counted(count, 'decided paper')} changed, {made} made on the old text: the summary names them."


def _shortened(title: str) -> str:
    return title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1].rstrip() + "…"
