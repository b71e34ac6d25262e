"""Read what a reviewer looks at: clusters with progress, a cluster's papers.

Queries select plain columns (no ORM objects) and return frozen rows, so a
20,000-paper cluster loads as fast as SQLite can hand it over and the rows
can cross from a worker thread to the GUI safely.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from collections import Counter
from contextlib import closing
from datetime import datetime
from itertools import chain
from operator import attrgetter
from enum import Enum
from typing import Iterable, NamedTuple, Sequence

from sqlalchemy import Connection, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from models.db import Prepared, plain_rows, streamed_rows
from models.errors import NotFoundError
from models.names import name_absence_note
from models.paper_authors import NO_AUTHORS, SEPARATOR, Digest, at_positions, digests_by_paper, own_author, split
from models.history import DecisionState, shared_state_of, state_of, verdict_of
from models.schema import (
    AuthorRow, AuthorRowLink, Authorship, ClusterPaper, Decision, DecisionChange, DismissedGroup, ImportLog, NameCluster, Paper,
    Person, ReferenceLabel, ReviewAction,
    Verdict,
)


class Status(str, Enum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


class ClusterSummary(NamedTuple):
    """A cluster and its progress. A tuple, not a frozen dataclass: a dblp import makes a cluster of every
    author name, and 199,000 of them took 0.74 s to build as dataclasses, 0.37 s as tuples."""

    id: int
    key: str
    name: str
    source: str
    papers: int
    decided: int
    declared_papers: int | None = None
    declared_author_rows: int | None = None
    declaration_note: str | None = None
    unsure: int = 0  # of the decided, those "unsure": last, so a summary made without it is one with none

    @property
    def status(self) -> Status:
        return status_of(self.papers, self.decided, self.unsure)

    @property
    def all_decided(self) -> bool:
        """Every paper has a decision, unsure ones counted: done, or done once the unsure ones are decided."""
        return every_paper_decided(self.papers, self.decided)


def every_paper_decided(papers: int, decided: int) -> bool:
    """A cluster of no papers has none decided: it is never done."""
    return bool(papers) and decided >= papers


def status_of(papers: int, decided: int, unsure: int = 0) -> Status:
    """A cluster's status from its counts (`_not_done` says the same in SQL).

    Done: every paper decided and none unsure. "Unsure" means "come back to this": counted done, a
    cluster of unsure papers was skipped by Ctrl+N and exported as finished."""
    if every_paper_decided(papers, decided) and not unsure:
        return Status.DONE
    return Status.IN_PROGRESS if decided else Status.NOT_STARTED


def next_open_cluster(clusters: list[ClusterSummary], after_id: int | None) -> ClusterSummary | None:
    """The first cluster not done after `after_id` in list order, round to the start; never `after_id` itself.

    From the start of the list when `after_id` is None or not listed; None when every other cluster is done.
    """
    ids = [cluster.id for cluster in clusters]
    start = ids.index(after_id) + 1 if after_id in ids else 0
    return next((c for c in clusters[start:] + clusters[:start] if c.status is not Status.DONE and c.id != after_id), None)


def cluster_to_resume(clusters: list[ClusterSummary], last_open: int | None) -> ClusterSummary | None:
    """Where a session starts: the cluster open when the last one ended, done or not (the reviewer left off
    there, and undo and redo act on the cluster in sight; Ctrl+N goes on); without one (or it is gone), the
    first not done, else the first; None if none. It opened the next cluster not done when the one shown last
    was done, and a blind Ctrl+Shift+Z meant for that cluster redid a step in another.

    Over a listing; `resume_cluster` asks the same of the database, and is tested against this."""
    last = next((cluster for cluster in clusters if cluster.id == last_open), None)
    if last is not None:
        return last
    return next_open_cluster(clusters, None) or (clusters[0] if clusters else None)


def resume_cluster(conn: Connection, last_open: int | None) -> ClusterSummary | None:
    """`cluster_to_resume` over every cluster, asked of the database instead of a listing.

    Listing 200,000 clusters takes ~2.4 s; this walks the names in order and
    counts only until it meets a cluster not done (both counts on a primary-key prefix).
    """
    if last_open is not None:
        try:
            return cluster_summary(conn, last_open)
        except NotFoundError:
            pass  # gone (a restored backup): as a first run
    found = _first_cluster(conn, _not_done()) or _first_cluster(conn)
    return cluster_summary(conn, found) if found is not None else None


def _not_done():
    """A cluster's `status` is not DONE: no papers, fewer decided than it has, or an unsure one."""
    papers = select(func.count()).where(ClusterPaper.cluster_id == NameCluster.id).scalar_subquery()
    decided = select(func.count()).where(Decision.cluster_id == NameCluster.id).scalar_subquery()
    unsure = select(Decision.paper_id).where(Decision.cluster_id == NameCluster.id, Decision.verdict == Verdict.UNSURE.value).exists()
    return or_(papers == 0, decided < papers, unsure)


def _first_cluster(conn: Connection, *conditions) -> int | None:
    """The id of the first cluster in list order (by key) meeting every condition."""
    return conn.execute(select(NameCluster.id).where(*conditions).order_by(NameCluster.key).limit(1)).scalar_one_or_none()


def any_cluster(conn: Connection) -> bool:
    return _first_cluster(conn) is not None


class PaperRow(NamedTuple):
    """One paper of a cluster as the window shows it.

    A named tuple rather than a frozen dataclass: a frozen dataclass sets each
    of its 15 fields through `object.__setattr__`, which cost ~60 ms of the
    20,000-paper cluster's load (a tuple is built in one step, and is as immutable).
    """

    paper_id: int
    position: int  # source order within the cluster
    source: str
    source_key: str
    title: str
    year: int | None
    venue: str | None
    pub_type: str | None
    # The author names as the paper's row keeps them, a line break between two (models.paper_authors):
    # one string a paper, split when read. Held as a tuple they were 750,000 strings at 100,000 papers.
    author_names: str
    name_positions: tuple[int, ...]  # where the cluster's name stands in `authors`
    has_abstract: bool  # the text itself is fetched when shown: a 100,000-paper cluster must fit in memory
    links_json: str  # kept as stored, parsed when read: the table never shows them
    warnings: tuple[str, ...]
    name_row_ids: tuple[int, ...] = ()  # the source's author rows of the cluster's name on this paper, if it says
    affiliation: str | None = None  # the cluster's author's affiliation on this paper, if the source gives it

    @property
    def authors(self) -> tuple[str, ...]:
        return split(self.author_names)

    @property
    def links(self) -> tuple[str, ...]:
        return _json_tuple(self.links_json)


@dataclass(frozen=True)
class PersonSummary:
    id: int
    label: str
    papers: int
    display_name: str = ""
    affiliation: str | None = None
    orcid: str | None = None
    homepage: str | None = None
    note: str | None = None
    created_by: str = ""


@dataclass(frozen=True)
class AuthorRowView:
    id: int
    source: str
    source_key: str
    name: str
    person_id: int | None = None  # what a reviewer said this row is
    mixed: bool = False
    # What the source says of the person behind the row: the evidence a reviewer links it to a person on.
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # other spellings of its name
    urls: tuple[str, ...] = ()
    # Filed under another name than the cluster's ("Heather A. Piwowar" in "Heather Piwowar"), listed
    # because the cluster's papers link their author to it.
    spelt_otherwise: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a paper's decision, as the log has it."""

    at: object  # datetime
    reviewer: str
    kind: str  # "decide", "undo", "redo", "create person"...
    old: DecisionState
    new: DecisionState
    # The labels of the people `old` and `new` name, also of one removed since (the window knows only the live).
    old_person: str | None = None
    new_person: str | None = None


@dataclass
class ClusterContents:
    cluster: ClusterSummary
    papers: list[PaperRow]
    decisions: dict[int, DecisionState]  # undecided papers are absent
    people: list[PersonSummary]
    author_rows: list[AuthorRowView]
    variants: list[tuple[str, int]] = field(default_factory=list)  # spellings of the name, with paper counts
    dismissed: list[frozenset[int]] = field(default_factory=list)  # suggested groups a reviewer turned down
    # Per paper, in `papers` order: title, venue, authors and abstract in lower case, what the filter scans.
    search_text: list[str] = field(default_factory=list)
    papers_per_row: dict[int, int] = field(default_factory=dict)  # author row id (the name's, or spelt otherwise) → papers listing it at the name's place
    # Papers per verdict among `decisions`, kept with them (`Store.follow`): the people list's tally.
    verdicts: Counter = field(default_factory=Counter)


def import_changed(before: ClusterContents, after: ClusterContents) -> bool:
    """Whether `after`, the cluster read again, shows its sources otherwise than `before`: papers added, a
    paper's text, place or listing (and so its warnings), an author row's record, or the counts its page
    declares. A re-import can change these without adding a paper (a page listing one paper fewer, or one
    listed again): the window looked only at the number of papers, and kept a stale view for good."""
    return (
        _declared(before.cluster) != _declared(after.cluster)
        or before.papers != after.papers
        or before.search_text != after.search_text
        or [_as_imported(row) for row in before.author_rows] != [_as_imported(row) for row in after.author_rows]
    )


def _declared(cluster: ClusterSummary) -> tuple:
    return cluster.papers, cluster.declared_papers, cluster.declared_author_rows, cluster.declaration_note


def _as_imported(row: AuthorRowView) -> AuthorRowView:
    """The row as its source gives it: whom a reviewer linked it to is no import's change."""
    return replace(row, person_id=None, mixed=False)


_UNSURE_ONLY = case((Decision.verdict == Verdict.UNSURE.value, 1))  # NULL otherwise: count() skips it


def _summary_query():
    papers = (
        select(ClusterPaper.cluster_id, func.count().label("papers"))
        .group_by(ClusterPaper.cluster_id)
        .subquery()
    )
    # Both counts in one pass over the decisions: the unsure ones keep a cluster from being done.
    decided = (
        select(Decision.cluster_id, func.count().label("decided"), func.count(_UNSURE_ONLY).label("unsure"))
        .group_by(Decision.cluster_id)
        .subquery()
    )
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
            func.coalesce(decided.c.unsure, 0),
        )
        .outerjoin(papers, papers.c.cluster_id == NameCluster.id)
        .outerjoin(decided, decided.c.cluster_id == NameCluster.id)
    )


_ALL_CLUSTERS = Prepared(lambda: _summary_query().order_by(NameCluster.key))


def list_clusters(conn: Connection) -> list[ClusterSummary]:
    # Through the driver, in one fetch: SQLAlchemy's row by row took 1.4 s of 2.3 s over 199,000 clusters.
    return list(map(ClusterSummary._make, _ALL_CLUSTERS.rows(conn)))


# The per-cluster reads below are prepared once: an export reads every cluster, and building each
# statement in SQLAlchemy took longer than running it (exporting 10,000 small clusters: 27 s -> 5 s).
_CLUSTER_SUMMARY = Prepared(lambda: select(
    NameCluster.id, NameCluster.key, NameCluster.name, NameCluster.source,
    select(func.count()).where(ClusterPaper.cluster_id == bindparam("cluster")).scalar_subquery(),
    select(func.count()).where(Decision.cluster_id == bindparam("cluster")).scalar_subquery(),
    NameCluster.declared_papers, NameCluster.declared_author_rows, NameCluster.declaration_note,
    select(func.count(_UNSURE_ONLY)).where(Decision.cluster_id == bindparam("cluster")).scalar_subquery(),
).where(NameCluster.id == bindparam("cluster")))


def cluster_summary(conn: Connection, cluster_id: int) -> ClusterSummary:
    """One cluster's summary, counting only its own rows (both counts walk a primary-key prefix)."""
    rows = _CLUSTER_SUMMARY.rows(conn, cluster=cluster_id)
    if not rows:
        raise NotFoundError(f"no cluster with id {cluster_id}")
    return ClusterSummary(*rows[0])


def find_cluster(conn: Connection, key: str) -> ClusterSummary:
    cluster_id = conn.execute(select(NameCluster.id).where(NameCluster.key == key)).scalar_one_or_none()
    if cluster_id is None:
        raise NotFoundError(f"no cluster named {key!r}")
    return cluster_summary(conn, cluster_id)


def load_cluster(conn: Connection, cluster_id: int) -> ClusterContents:
    summary = cluster_summary(conn, cluster_id)
    papers, search_text = _paper_rows(conn, summary)
    papers_per_row = _papers_per_row(papers)
    rows = cluster_author_rows(conn, summary, papers_per_row)
    decisions = cluster_decisions(conn, cluster_id)
    return ClusterContents(
        cluster=summary,
        papers=papers,
        search_text=search_text,
        papers_per_row=papers_per_row,
        variants=name_variants(papers),
        dismissed=dismissed_groups(conn, cluster_id),
        decisions=decisions,
        verdicts=Counter(map(verdict_of, decisions.values())),
        people=list_people(conn, cluster_id),
        author_rows=rows,
    )


def _papers_per_row(papers: list[PaperRow]) -> dict[int, int]:
    """Author row id → how many of the papers list it at the name's place (`PaperRow.name_row_ids` holds only
    the rows at the name's place, so this never walks the coauthors' rows)."""
    listed = filter(None, map(attrgetter("name_row_ids"), papers))
    return dict(Counter(chain.from_iterable(listed)))  # counted in C


def name_variants(papers: list[PaperRow]) -> list[tuple[str, int]]:
    """How the cluster's name is spelled across its papers, most frequent first."""
    counts = Counter(paper.authors[position] for paper in papers for position in set(paper.name_positions))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# Prepared, not built and compiled at each load: compiling took ~1 ms, a fifth of exporting a small cluster.
_CLUSTER_PAPERS = Prepared(lambda: (
    select(
        Paper.id, Paper.source, Paper.source_key, Paper.title, Paper.year, Paper.venue,
        Paper.pub_type, Paper.abstract, Paper.links, Paper.authors_truncated_at, ClusterPaper.listed,
        Paper.author_names, Paper.author_keys, Paper.author_rows, Paper.author_affiliations,
    )
    .join(ClusterPaper, ClusterPaper.paper_id == Paper.id)
    .where(ClusterPaper.cluster_id == bindparam("cluster"))
    .order_by(ClusterPaper.position)
))


def _paper_rows(conn: Connection, cluster: ClusterSummary) -> tuple[list[PaperRow], list[str]]:
    rows = _CLUSTER_PAPERS.streamed(conn, cluster=cluster.id)
    papers: list[PaperRow] = []
    search_text: list[str] = []
    for row in rows:
        if row[11] is None:
            # A row another program wrote without the author columns: read from its authorships,
            # as every paper was before schema version 2 (the upgrade fills every row, so this is rare).
            row = (*row[:11], *_authors_of(conn, row[0]))
        _add_paper(papers, search_text, row, cluster)
    return papers, search_text


def _add_paper(papers: list[PaperRow], search_text: list[str], row: tuple, cluster: ClusterSummary) -> None:
    """The window's row and search text of one paper, appended."""
    paper_id, source, source_key, title, year, venue, pub_type, abstract, links, shown, listed, names, keys, row_ids, affiliations = row
    own = own_author(keys, row_ids, affiliations, cluster.key)
    if not own.positions and names:
        own = at_positions(_spelling_position(split(names), cluster.name), row_ids, affiliations)
    positions = own.positions
    warnings = _warnings(positions, shown, names.count(SEPARATOR) + 1 if names else 0, listed) if len(positions) != 1 or not listed else ()
    intern = sys.intern  # sources, venues and types repeat across a cluster: one copy each
    # The stored position only orders; the row shows its rank, 1, 2, 3... in source order.
    papers.append(PaperRow(paper_id, len(papers), intern(source), source_key, title, year,
                           venue and intern(venue), pub_type and intern(pub_type), names, positions, bool(abstract),
                           intern(links), warnings, own.row_ids, own.affiliation))
    # The names' line breaks serve as the search text's own separators.
    # The name's affiliation is searched too: "sensetime" finds the papers written there.
    search_text.append("\n".join((title, venue or "", names, own.affiliation or "", abstract or "")).casefold())


def _spelling_position(names: tuple[str, ...], cluster_name: str) -> tuple[int, ...]:
    """Where a paper without the name's exact key spells it otherwise: "Anoop Gupta" in the block "A. Gupta"
    of LBD or S2AND, "Richard J. Cole" in "R. Cole". The first such author, as the suggestion engine reads it."""
    from models.suggest.names import own_name_variants  # only here: the engine's modules stay out of start-up

    variants = own_name_variants(cluster_name, names)
    return next(((index,) for index, name in enumerate(names) if name in variants), ())


def _json_tuple(text: str) -> tuple:
    return () if text == "[]" else tuple(json.loads(text))  # most papers have none: skip the parser


def _json_pairs(text: str) -> tuple:
    return () if text == "[]" else tuple(tuple(pair) for pair in json.loads(text))


def _authors_of(conn: Connection, paper_id: int) -> Digest:
    """A paper's author columns worked out from its authorships."""
    rows = streamed_rows(
        conn,
        select(Authorship.paper_id, Authorship.name, Authorship.name_key, Authorship.author_row_id, Authorship.affiliation)
        .where(Authorship.paper_id == paper_id, Authorship.role == "author")
        .order_by(Authorship.position),
    )
    return next((columns for _, columns in digests_by_paper(rows)), NO_AUTHORS)


# A paper's warning when the newest list of its cluster left it out: a decision on it is said to rest on a paper
# the source may have dropped (`gui.controller`).
UNLISTED = "the newest import of this cluster no longer lists this paper"


def _warnings(name_positions: tuple[int, ...], shown: int | None, listed_authors: int, listed: bool) -> tuple[str, ...]:
    warnings = []
    if not name_positions:
        warnings.append(name_absence_note(shown, listed_authors))
    elif len(name_positions) > 1:
        warnings.append("the name appears more than once in the author list: two people?")
    if not listed:
        warnings.append(UNLISTED)
    return tuple(warnings)


_CLUSTER_DECISIONS = Prepared(lambda: select(Decision.paper_id, Decision.verdict, Decision.person_id, Decision.note).where(
    Decision.cluster_id == bindparam("cluster")
))


def cluster_decisions(conn: Connection, cluster_id: int) -> dict[int, DecisionState]:
    shared = shared_state_of()
    return {paper_id: shared(verdict, person_id, note) for paper_id, verdict, person_id, note in _CLUSTER_DECISIONS.rows(conn, cluster=cluster_id)}


def _people_query(counted: bool):
    """The cluster's people in the order they were made, with their papers counted (or 0 each)."""
    papers = literal(0)
    if counted:
        counts = (
            select(Decision.person_id, func.count().label("papers"))
            .where(Decision.cluster_id == bindparam("cluster"), Decision.verdict == Verdict.PERSON.value)
            .group_by(Decision.person_id)
            .subquery()
        )
        papers = func.coalesce(counts.c.papers, 0)
    query = select(
        Person.id, Person.label, papers, Person.display_name, Person.affiliation, Person.orcid, Person.homepage, Person.note,
        Person.created_by,
    )
    if counted:
        query = query.outerjoin(counts, counts.c.person_id == Person.id)
    return query.where(Person.cluster_id == bindparam("cluster"), Person.removed.is_(False)).order_by(Person.id)


# Prepared once: a new person (`P`) reads the people and the author rows again, and building these
# statements in SQLAlchemy took ~2 ms of each `P` late in a big review.
_PEOPLE = {counted: Prepared(lambda counted=counted: _people_query(counted)) for counted in (True, False)}
ROWS_ASKED_AT_ONCE = 10_000  # ids a statement binds, well under SQLite's limit of variables


def _author_rows_query():
    """Author rows with what a reviewer said each one is in the cluster, and the source's evidence on them."""
    return select(
        AuthorRow.id, AuthorRow.source, AuthorRow.source_key, AuthorRow.name, AuthorRowLink.person_id, AuthorRowLink.mixed,
        AuthorRow.orcid, AuthorRow.affiliations, AuthorRow.variants, AuthorRow.urls,
    ).outerjoin(
        AuthorRowLink, (AuthorRowLink.author_row_id == AuthorRow.id) & (AuthorRowLink.cluster_id == bindparam("cluster"))
    ).order_by(AuthorRow.source, AuthorRow.source_key)


_AUTHOR_ROWS = Prepared(lambda: _author_rows_query().where(AuthorRow.name_key == bindparam("name_key")))


def list_people(conn: Connection, cluster_id: int, counted: bool = True) -> list[PersonSummary]:
    """The cluster's people in the order they were made; with `counted` False, each with 0 papers.

    Counting walks every decision of the cluster (~28 ms at 90,000): a window
    that holds the counts already asks for the people without them.
    """
    return [PersonSummary(*row) for row in _PEOPLE[counted].rows(conn, cluster=cluster_id)]


def author_rows(conn: Connection, cluster_id: int, name_key: str) -> list[AuthorRowView]:
    """The source's author rows of this name (the cluster's key), with what a reviewer said each one is."""
    return [_author_row_view(row) for row in _AUTHOR_ROWS.rows(conn, cluster=cluster_id, name_key=name_key)]


def cluster_author_rows(conn: Connection, cluster: ClusterSummary, linked: Iterable[int]) -> list[AuthorRowView]:
    """The rows of the cluster's name, then those of `linked` (the rows its papers link the name to) filed under
    another spelling: OpenAlex files "Heather Piwowar"'s author as "Heather A. Piwowar", whose key is no cluster."""
    rows = author_rows(conn, cluster.id, cluster.key)
    others = sorted(set(linked).difference(row.id for row in rows))  # few: most sources file it as the papers print it
    for start in range(0, len(others), ROWS_ASKED_AT_ONCE):
        query = _author_rows_query().where(AuthorRow.id.in_(others[start:start + ROWS_ASKED_AT_ONCE]))
        rows += [_author_row_view(row, spelt_otherwise=True) for row in conn.execute(query, {"cluster": cluster.id})]
    return rows


def _author_row_view(row: tuple, spelt_otherwise: bool = False) -> AuthorRowView:
    row_id, source, key, name, person_id, mixed, orcid, affiliations, variants, urls = row
    return AuthorRowView(
        row_id, source, key, name, person_id, bool(mixed), orcid,
        _json_tuple(affiliations or "[]"), _json_tuple(variants or "[]"), _json_tuple(urls or "[]"), spelt_otherwise,
    )


def paper_history(conn: Connection, cluster_id: int, paper_id: int) -> list[HistoryEntry]:
    """Every change of this paper's decision in this cluster, oldest first, with the labels of the people it names."""
    old_person, new_person = aliased(Person), aliased(Person)
    rows = conn.execute(
        select(
            ReviewAction.at, ReviewAction.reviewer, ReviewAction.kind, DecisionChange.old_verdict,
            DecisionChange.old_person_id, DecisionChange.old_note, DecisionChange.new_verdict,
            DecisionChange.new_person_id, DecisionChange.new_note, old_person.label, new_person.label,
        )
        .join(ReviewAction, ReviewAction.id == DecisionChange.action_id)
        .outerjoin(old_person, old_person.id == DecisionChange.old_person_id)
        .outerjoin(new_person, new_person.id == DecisionChange.new_person_id)
        .where(ReviewAction.cluster_id == cluster_id, DecisionChange.paper_id == paper_id)
        .order_by(DecisionChange.id)
    )
    return [
        HistoryEntry(at, reviewer, kind, state_of(ov, op, on), state_of(nv, np, nn), old_label, new_label)
        for at, reviewer, kind, ov, op, on, nv, np, nn, old_label, new_label in rows
    ]


_LAST_ACTION = Prepared(lambda: select(func.coalesce(func.max(ReviewAction.id), 0)))


def last_action_id(conn: Connection) -> int:
    """The newest logged action's id (0: none). Asked before every write (`models.known_states`): prepared once."""
    return _LAST_ACTION.scalar(conn)


def last_import_id(conn: Connection) -> int:
    return conn.execute(select(func.coalesce(func.max(ImportLog.id), 0))).scalar_one()


class MadeSince(NamedTuple):
    """What was logged after a moment (a backup's): reviewer actions (a decision, a note, an undo...) and imports."""

    changes: int
    imports: int


def made_since(conn: Connection, moments: Sequence[datetime]) -> list[MadeSince]:
    """For each moment, what was logged after it. The actions are read newest first (their ids follow their
    times) and only down to the oldest moment: a backup made an hour ago costs the hour's actions, not the log."""
    if not moments:
        return []
    oldest = min(moments)
    times: list[datetime] = []
    with closing(conn.execute(select(ReviewAction.at).order_by(ReviewAction.id.desc()))) as newest_first:
        for (at,) in newest_first:
            if at <= oldest:
                break
            times.append(at)
    imported = list(conn.execute(select(ImportLog.imported_at).where(ImportLog.imported_at > oldest)).scalars())
    return [MadeSince(sum(at > moment for at in times), sum(at > moment for at in imported)) for moment in moments]


def actions_since(conn: Connection, action_id: int) -> list[tuple[int, int, str]]:
    rows = conn.execute(
        select(ReviewAction.id, ReviewAction.cluster_id, ReviewAction.reviewer)
        .where(ReviewAction.id > action_id)
        .order_by(ReviewAction.id)
    )
    return [tuple(row) for row in rows]


_DISMISSED = Prepared(lambda: select(DismissedGroup.papers).where(DismissedGroup.cluster_id == bindparam("cluster")))


def dismissed_groups(conn: Connection, cluster_id: int) -> list[frozenset[int]]:
    return [frozenset(json.loads(papers)) for (papers,) in _DISMISSED.rows(conn, cluster=cluster_id)]


def reference_labels(conn: Connection, cluster_id: int) -> dict[int, str]:
    rows = conn.execute(select(ReferenceLabel.paper_id, ReferenceLabel.person).where(ReferenceLabel.cluster_id == cluster_id))
    return dict(rows.all())


def abstracts(conn: Connection, cluster_id: int) -> dict[int, str]:
    """paper id → abstract, for the papers of a cluster that have one (for the suggestion engine)."""
    rows = plain_rows(
        conn,
        select(Paper.id, Paper.abstract)
        .join(ClusterPaper, ClusterPaper.paper_id == Paper.id)
        .where(ClusterPaper.cluster_id == cluster_id, Paper.abstract.is_not(None)),
    )
    return dict(rows)


_ABSTRACT = Prepared(lambda: select(Paper.abstract).where(Paper.id == bindparam("paper")))


def abstract(conn: Connection, paper_id: int) -> str | None:
    """Read each time the detail pane shows a paper: prepared once (~0.45 -> 0.15 ms with its transaction)."""
    return _ABSTRACT.scalar(conn, paper=paper_id)


_PAPER_IDENTIFIERS = Prepared(lambda: (
    select(Paper.id, Paper.ids).join(ClusterPaper, ClusterPaper.paper_id == Paper.id).where(ClusterPaper.cluster_id == bindparam("cluster"))
))


def paper_identifiers(conn: Connection, cluster_id: int) -> dict[int, tuple[tuple[str, str], ...]]:
    """paper id → its identifiers (DOI, OpenAlex id...), for exports; not kept in the loaded rows."""
    return {paper_id: _json_pairs(ids) for paper_id, ids in _PAPER_IDENTIFIERS.rows(conn, cluster=cluster_id)}
