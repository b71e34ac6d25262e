"""Decided papers an import changed: the import's summary names them.

A curator decides a paper on its record. An import keeps every decision, so a
newer source that changes the title, authors, abstract, year or venue of a
decided paper left the decision standing on a record that is no longer there,
and said only "1 updated". Those papers are named, with what changed, as the #
column numbers them, so the curator can read them again. So are decided papers
the file no longer lists in their cluster (or that no longer carry its name),
and those it lists again: the counts said nothing of them.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Callable, Iterable, NamedTuple

from sqlalchemy import ColumnElement, Connection, and_, func, select, tuple_

from models.counting import counted
from models.db import chunks
from models.schema import Authorship, ClusterPaper, Decision, NameCluster, Paper, Person, Verdict

# Papers the summary names one by one; beyond that it counts them.
NAMED = 10
TITLE_SHOWN = 60  # characters of a title in the summary


class PaperText(NamedTuple):
    """What a decision is made on (the year and venue too: a tester's changed year went unsaid)."""

    title: str | None
    authors: tuple[str, ...]
    abstract: str | None
    year: int | None
    venue: str | None


def paper_text(values: dict, authorships: list[tuple]) -> PaperText:
    """The record of a paper as the import holds it: `values` its columns, `authorships` its rows as
    `importing._stored_papers` reads them (position, name, name key, author row, role, affiliation, orcid).
    Only the names count: an author filed under another key, or given an affiliation, reads the same."""
    authors = tuple(row[1] for row in authorships if row[4] == "author")
    return PaperText(values["title"], authors, values["abstract"], values["year"], values["venue"])


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
    for part in chunks(paper_ids):
        query = select(ClusterPaper.paper_id).join(Decision, joined).where(ClusterPaper.paper_id.in_(part))
        decided.update(conn.execute(query).scalars())
    return decided


# Why a decided paper's membership changed: a cluster's list (a file) left it out, no author of it keys to the
# cluster's name any more, or a list or name gives it again.
NOT_IN_FILE, NOT_THE_NAME, LISTED_AGAIN = "is no longer in the file", "no longer carries the name", "is listed again"


class ListingChanges:
    """The decided papers one import unlisted or listed again in a cluster, over all its files, against the
    lists before the import: one a later file puts back as it was is none."""

    def __init__(self) -> None:
        self._noted_in: dict[tuple[int, int], tuple[bool, dict]] = {}  # (cluster, paper) -> listed before, report's

    def note(self, conn: Connection, flips: list[tuple[int, int, bool, bool]], why: str, changes: dict[tuple[int, int], str]) -> None:
        """`flips`: (cluster, paper, listed before, listed now) of memberships this file changed; the decided ones
        go in `changes` (a `FileReport.decided_listing`) with `why` (or `LISTED_AGAIN`), off an earlier file's."""
        for cluster_id, paper_id, was, now in _decided_flips(conn, flips):
            key = (cluster_id, paper_id)
            original, earlier = self._noted_in.pop(key, (was, None))
            if earlier is not None:
                del earlier[key]
            if now != original:
                changes[key] = LISTED_AGAIN if now else why
                self._noted_in[key] = (original, changes)


def _decided_flips(conn: Connection, flips: list[tuple[int, int, bool, bool]]) -> list[tuple[int, int, bool, bool]]:
    decided: set[tuple[int, int]] = set()
    for part in chunks(flips):
        pairs = [(cluster_id, paper_id) for cluster_id, paper_id, _, _ in part]
        query = select(Decision.cluster_id, Decision.paper_id).where(tuple_(Decision.cluster_id, Decision.paper_id).in_(pairs))
        decided.update(tuple(row) for row in conn.execute(query))
    return [flip for flip in flips if (flip[0], flip[1]) in decided]


# How alike two titles must be (difflib's ratio, case and spacing aside) for a paper the file newly lists to be
# named as perhaps the one it no longer lists: a typo or a word's ending corrected, not another paper.
SIMILAR_TITLE = 0.8


def successors(conn: Connection, unlisted: list[int], joined: list[int]) -> dict[int, int]:
    """Of decided papers a cluster's list no longer has, the paper that joined the cluster with the same list,
    with the same authors in the same order and a similar title: an Arrow paper is keyed by its venue line and
    title (`arrow._paper_key`), so a corrected title, year or venue comes as a new paper. Each joined paper
    answers for one at most, the likeliest (most alike title, then first in the list). Only named beside the
    old paper: the decision is not carried over, the pair being a likeness, not the source's word."""
    texts = _titles_and_authors(conn, unlisted + joined)
    found: dict[int, int] = {}
    for old in unlisted:
        old_title, old_authors = texts[old]
        taken = set(found.values())
        scored = [
            (_likeness(old_title, texts[new][0]), -order, new)
            for order, new in enumerate(joined)
            if new not in taken and texts[new][1] == old_authors and old_authors
        ]
        scored = [entry for entry in scored if entry[0] >= SIMILAR_TITLE]
        if scored:
            found[old] = max(scored)[2]
    return found


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, " ".join(a.casefold().split()), " ".join(b.casefold().split())).ratio()


def _titles_and_authors(conn: Connection, paper_ids: list[int]) -> dict[int, tuple[str, tuple[str, ...]]]:
    titles = {paper_id: (title or "", []) for part in chunks(paper_ids)
              for paper_id, title in conn.execute(select(Paper.id, Paper.title).where(Paper.id.in_(part)))}
    for part in chunks(paper_ids):
        rows = conn.execute(
            select(Authorship.paper_id, Authorship.name)
            .where(Authorship.paper_id.in_(part), Authorship.role == "author")
            .order_by(Authorship.paper_id, Authorship.position)
        )
        for paper_id, name in rows:
            titles[paper_id][1].append(" ".join(name.casefold().split()))
    return {paper_id: (title, tuple(authors)) for paper_id, (title, authors) in titles.items()}


class ListedPaper(NamedTuple):
    cluster: str
    number: int
    title: str
    decision: str  # "Lei Wang (2)", "not this name", "unsure"
    why: str
    successor: str = ""  # "; the file now has paper 2 'X′' with the same authors (title changed), undecided: ..."


def listed_papers(conn: Connection, changes: dict[tuple[int, int], str], successors_of: dict[tuple[int, int], int] | None = None) -> tuple[int, list[ListedPaper]]:
    """How many decided papers the import unlisted or listed again, and the first `NAMED`, by cluster and #;
    with, for one no longer in the file, the new paper that looks like it (`successors`)."""
    successors_of = successors_of or {}
    found = _decided_memberships(conn, list(changes), lambda part: tuple_(ClusterPaper.cluster_id, ClusterPaper.paper_id).in_(part))
    named = [
        ListedPaper(
            name, _number(conn, cluster_id, position), title or "", _decision_text(verdict, label), changes[(cluster_id, paper_id)],
            _successor_text(conn, cluster_id, paper_id, successors_of.get((cluster_id, paper_id))) if changes[(cluster_id, paper_id)] == NOT_IN_FILE else "",
        )
        for cluster_id, name, position, paper_id, title, verdict, label in found[:NAMED]
    ]
    return len(found), named


def _successor_text(conn: Connection, cluster_id: int, old_id: int, new_id: int | None) -> str:
    """"; the file now has paper 2 'X′' with the same authors (title changed), undecided: decide it again, or
    reject the old one", as the # column numbers it; "" for none."""
    if new_id is None:
        return ""
    row = conn.execute(
        select(ClusterPaper.position, Paper.title, Paper.year, Paper.venue)
        .join(Paper, Paper.id == ClusterPaper.paper_id)
        .where(ClusterPaper.cluster_id == cluster_id, ClusterPaper.paper_id == new_id)
    ).one()
    old = conn.execute(select(Paper.title, Paper.year, Paper.venue).where(Paper.id == old_id)).one()
    changed = [field for field, before, after in zip(("title", "year", "venue"), old, row[1:]) if before != after]
    what = f" ({', '.join(changed)} changed)" if changed else ""
    decided = conn.execute(select(Decision.verdict).where(Decision.cluster_id == cluster_id, Decision.paper_id == new_id)).first()
    state = "undecided: decide it again" if decided is None else "decided too: see which one stands"
    return f"; the file now has paper {_number(conn, cluster_id, row[0]):,} {_shortened(row[1] or '')!r} with the same authors{what}, {state}"


def _decision_text(verdict: str, label: str | None) -> str:
    if verdict == Verdict.PERSON.value:
        return label or "a person"
    return "not this name" if verdict == Verdict.REJECTED.value else "unsure"


def listed_papers_text(count: int, named: list[ListedPaper]) -> str:
    """"1 decided paper is listed otherwise: paper 5 'X' in Barry Wilkinson (decided: Barry Wilkinson) is no
    longer in the file"; "" for none."""
    said = [f"paper {p.number:,} {_shortened(p.title)!r} in {p.cluster} (decided: {p.decision}) {p.why}{p.successor}" for p in named]
    return _naming(count, _listed_phrase(count), said)


def _listed_phrase(count: int) -> str:
    return f"{counted(count, 'decided paper')} {'is' if count == 1 else 'are'} listed otherwise"


def _changed_phrase(count: int) -> str:
    made = "its decision was" if count == 1 else "their decisions were"
    return f"{counted(count, 'decided paper')} changed, {made} made on the old text"


class DecidedPaper(NamedTuple):
    cluster: str
    number: int  # as the # column shows it, from 1
    title: str
    fields: tuple[str, ...]


def decided_papers(conn: Connection, changes: dict[int, tuple[str, ...]]) -> tuple[int, list[DecidedPaper]]:
    """How many decisions rest on changed text, and the first `NAMED` of them, by cluster and # (a paper decided
    in two clusters is named in each). Read once the import's clusters are written: the numbers are the new list's."""
    found = _decided_memberships(conn, list(changes), ClusterPaper.paper_id.in_)
    named = [DecidedPaper(name, _number(conn, cluster_id, position), title or "", changes[paper_id])
             for cluster_id, name, position, paper_id, title, _verdict, _label in found[:NAMED]]
    return len(found), named


def _decided_memberships(conn: Connection, keys: list, picked: Callable[[list], ColumnElement]) -> list:
    """The decided memberships `picked` chooses among `keys` (in batches): (cluster id, cluster name, position,
    paper id, title, verdict, person label), by cluster name, cluster and position, as the summary names them."""
    found = []
    for part in chunks(keys):
        query = (
            select(NameCluster.id, NameCluster.name, ClusterPaper.position, Paper.id, Paper.title, Decision.verdict, Person.label)
            .select_from(ClusterPaper)
            .join(Decision, and_(Decision.cluster_id == ClusterPaper.cluster_id, Decision.paper_id == ClusterPaper.paper_id))
            .join(NameCluster, NameCluster.id == ClusterPaper.cluster_id)
            .join(Paper, Paper.id == ClusterPaper.paper_id)
            .outerjoin(Person, Person.id == Decision.person_id)
            .where(picked(part))
        )
        found.extend(conn.execute(query).all())
    found.sort(key=lambda row: (row[1].casefold(), row[0], row[2]))
    return found


def _number(conn: Connection, cluster_id: int, position: int) -> int:
    """The paper's # in its cluster: the stored position only orders (`queries._add_paper`)."""
    earlier = select(func.count()).where(ClusterPaper.cluster_id == cluster_id, ClusterPaper.position < position)
    return conn.execute(earlier).scalar_one() + 1


def decided_changes_text(count: int, named: list[DecidedPaper]) -> str:
    """"2 decided papers changed, their decisions made on the old text: paper 6 'DiTFastAttn…' (authors) in
    Shengen Yan, ..."; "" for none."""
    said = [f"paper {p.number:,} {_shortened(p.title)!r} ({', '.join(p.fields)}) in {p.cluster}" for p in named]
    return _naming(count, _changed_phrase(count), said)


def _naming(count: int, phrase: str, said: list[str]) -> str:
    """`phrase`, then the papers `said` one by one and how many more there are; "" for none."""
    if not count:
        return ""
    more = f" and {count - len(said):,} more" if count > len(said) else ""
    return f"{phrase}: {', '.join(said)}{more}"


def decided_changes_headline(reports: Iterable) -> str:
    """What the window says first of an import's `FileReport`s (the summary names the papers): "" for none."""
    reports = list(reports)
    changed = sum(report.decided_changed_count for report in reports)
    listing = sum(report.decided_listing_count for report in reports)
    parts = []
    if changed:
        parts.append(_changed_phrase(changed))
    if listing:
        parts.append(_listed_phrase(listing))
    return f"{'; '.join(parts)}: the summary names them." if parts else ""


def _shortened(title: str) -> str:
    return title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1].rstrip() + "…"
