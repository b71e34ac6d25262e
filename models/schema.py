"""The tables. Two layers: what sources said, and what reviewers decided.

Source layer (replaced by re-imports, never holds a decision):
  paper, author_row, authorship, name_cluster, cluster_paper, import_log.
Review layer (only reviewers write it, nothing deletes from the log):
  person, decision (the current state), review_action + decision_change
  (the append-only log, which undo and redo walk), undo_step (where each
  cluster's undo stack stands).

Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

# Bump with a numbered step in models.db.MIGRATIONS whenever a table changes.
SCHEMA_VERSION = 4  # 2: the paper's authors on its own row (models.paper_authors); 3: the log's paper ids unchecked;
# 4: the log keeps who decided a paper, and when, before a change (undo puts them back)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Verdict(str, Enum):
    PERSON = "person"  # the paper belongs to a person of this cluster
    REJECTED = "rejected"  # not this name's person
    UNSURE = "unsure"


class Paper(SQLModel, table=True):
    __tablename__ = "paper"
    __table_args__ = (UniqueConstraint("source", "source_key"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str
    source_key: str
    title: str
    venue: str | None = None
    pub_type: str | None = None
    year: int | None = None
    abstract: str | None = None
    links: str = "[]"  # JSON list of URLs
    raw_text: str = ""
    authors_truncated_at: int | None = None  # the source lists at most this many authors
    ids: str = "[]"  # JSON list of [scheme, value]: DOI, OpenAlex id, dblp key
    # The authorships' names, keys, row ids and affiliations in four texts, written with them,
    # so that a cluster opens reading one row a paper (models.paper_authors says how).
    author_names: str | None = None  # None: not worked out; the load reads the authorships
    author_keys: str | None = None
    author_rows: str | None = None
    author_affiliations: str | None = None


class AuthorRow(SQLModel, table=True):
    """A source's own author record (a dblp person, an OpenAlex author)."""

    __tablename__ = "author_row"
    __table_args__ = (UniqueConstraint("source", "source_key"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str
    source_key: str
    name: str
    name_key: str = Field(index=True)
    variants: str = "[]"  # JSON lists, as the source gives them
    urls: str = "[]"
    affiliations: str = "[]"
    orcid: str | None = None


class Authorship(SQLModel, table=True):
    __tablename__ = "authorship"
    paper_id: int = Field(sa_column=Column(Integer, ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True))
    position: int = Field(primary_key=True)  # 0-based place in the author list
    name: str  # as the source prints it, dblp suffix included
    name_key: str = Field(index=True)
    author_row_id: int | None = Field(default=None, foreign_key="author_row.id", index=True)
    role: str = "author"  # "editor": named on the paper without being an author
    affiliation: str | None = None
    orcid: str | None = None


class NameCluster(SQLModel, table=True):
    __tablename__ = "name_cluster"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    source: str
    declared_papers: int | None = None
    declared_author_rows: int | None = None
    declaration_note: str | None = None


class ClusterPaper(SQLModel, table=True):
    __tablename__ = "cluster_paper"
    __table_args__ = (Index("ix_cluster_paper_order", "cluster_id", "position"),)
    cluster_id: int = Field(foreign_key="name_cluster.id", primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", primary_key=True, index=True)
    position: int  # source order
    listed: bool = True  # false: the newest list of its scope no longer has it
    listed_by: str = ""  # the scope of the list that put it here: a source, a data set, "names"


class ReferenceLabel(SQLModel, table=True):
    """A labelled data set's true person of a paper in a cluster: for evaluation, never a decision."""

    __tablename__ = "reference_label"
    cluster_id: int = Field(foreign_key="name_cluster.id", primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", primary_key=True)
    source: str  # the labelling: the data set that gave it, or "namesake export" for an export's people
    person: str


class ImportLog(SQLModel, table=True):
    __tablename__ = "import_log"
    id: int | None = Field(default=None, primary_key=True)
    path: str
    format: str
    sha256: str
    reviewer: str
    imported_at: datetime
    summary: str  # one line a person reads


class Person(SQLModel, table=True):
    """A real person found in a cluster. Never deleted: removal is undoable, so it is a flag."""

    __tablename__ = "person"
    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="name_cluster.id", index=True)
    label: str  # how the people panel names it: "Lei Wang (2)"
    display_name: str  # the name a profile exports
    affiliation: str | None = None
    orcid: str | None = None  # "0000-0002-1825-0097", check digit verified
    homepage: str | None = None
    note: str | None = None
    removed: bool = False
    created_by: str
    created_at: datetime


class AuthorRowLink(SQLModel, table=True):
    """What a reviewer said an author row of the source is: one person, or mixed."""

    __tablename__ = "author_row_link"
    cluster_id: int = Field(foreign_key="name_cluster.id", primary_key=True)
    author_row_id: int = Field(foreign_key="author_row.id", primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    mixed: bool = False


class DismissedGroup(SQLModel, table=True):
    """A suggested group a reviewer turned down: never suggested again."""

    __tablename__ = "dismissed_group"
    cluster_id: int = Field(foreign_key="name_cluster.id", primary_key=True)
    digest: str = Field(primary_key=True)  # of the sorted paper ids
    papers: str  # JSON list of paper ids


class Decision(SQLModel, table=True):
    """The current decision on one paper of one cluster; absent = undecided."""

    __tablename__ = "decision"
    cluster_id: int = Field(foreign_key="name_cluster.id", primary_key=True)
    paper_id: int = Field(foreign_key="paper.id", primary_key=True)
    verdict: str
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    note: str | None = None
    reviewer: str
    decided_at: datetime


class ReviewAction(SQLModel, table=True):
    """One thing a reviewer did: decide, create or merge people, ..., undo, redo."""

    __tablename__ = "review_action"
    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="name_cluster.id", index=True)
    kind: str  # "decide", "note", "create person", "merge people", ..., "undo", "redo"
    label: str = ""  # what it did, for a person: "3 papers → Lei Wang (2)"
    target_id: int | None = Field(default=None, foreign_key="review_action.id")  # what undo/redo acted on
    reviewer: str
    at: datetime


class DecisionChange(SQLModel, table=True):
    __tablename__ = "decision_change"
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="review_action.id", index=True)
    # No foreign key to `paper` (schema 3): checking one looked each logged paper up in the paper
    # table, the biggest and coldest one, a quarter of a 10,000-paper bulk decision's write. A logged
    # paper is one the decision table's own key checked when it was first decided, and Namesake never
    # deletes papers.
    paper_id: int = Field(index=True)
    old_verdict: str | None = None
    old_person_id: int | None = None
    new_verdict: str | None = None
    new_person_id: int | None = None
    old_note: str | None = None
    new_note: str | None = None
    # The decision's reviewer and time before the change (schema 4; empty if it was undecided, logged
    # before, or by an undo or redo, never undone itself): the verdict's, which the exports give. An
    # undo puts them back with the old state.
    old_reviewer: str | None = None
    old_decided_at: datetime | None = None


class EntityChange(SQLModel, table=True):
    """A change to a person or an author-row link, as JSON before and after (null: absent)."""

    __tablename__ = "entity_change"
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="review_action.id", index=True)
    entity: str  # "person" | "author_row_link"
    entity_key: str  # "17" for a person, "cluster_id:author_row_id" for a link
    old: str | None = None
    new: str | None = None


class UndoStep(SQLModel, table=True):
    """An action on one reviewer's undo stack for a cluster; undone ones can be redone.

    Each reviewer undoes only their own actions, so two people on one
    database never take back each other's work. Undone steps are always the
    newest of a reviewer's stack: a new action discards them (the log keeps
    them), so undo takes the newest done step and redo the oldest undone one.
    """

    __tablename__ = "undo_step"
    __table_args__ = (Index("ix_undo_step_stack", "cluster_id", "reviewer", "undone", "action_id"),)
    action_id: int = Field(foreign_key="review_action.id", primary_key=True)
    cluster_id: int = Field(foreign_key="name_cluster.id")
    reviewer: str
    undone: bool = False
