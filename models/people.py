"""The people of a cluster: create, rename, edit, merge, remove; what author rows are.

A person is never deleted from the database: removing one is a flag, so
that undo can bring it back with its profile. Like decisions, every
operation here records its changes on a `models.history.Action`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from sqlalchemy import bindparam, select

from models import person_labels
from models.db import Prepared, prepared_insert
from models.errors import InvalidInput, NotFoundError
from models.history import Action
from models.orcid import normalize_orcid
from models.review import KEEP_NOTE, check_person, decide
from models.schema import AuthorRow, AuthorRowLink, Decision, NameCluster, Person, Verdict

PROFILE_FIELDS = ("label", "display_name", "affiliation", "orcid", "homepage", "note")


# What a new person (`P`) writes, prepared once: built by SQLAlchemy on every call, the statements
# it runs were ~3 ms of the key (its reads: `models.person_labels`).
_NEW_PERSON = prepared_insert(Person.__table__, ("cluster_id", "label", "display_name", "removed", "created_by", "created_at"))


def _cluster_name(action: Action) -> str:
    name = person_labels.cluster_name(action.conn, action.cluster_id)
    if name is None:
        raise NotFoundError(f"no cluster with id {action.cluster_id}")
    return name


def create_person(
    action: Action, paper_ids: Iterable[int] = (), label: str | None = None, display_name: str | None = None
) -> int:
    """A new person, labelled at once (no dialog in the way), holding these papers; its name is the cluster's unless given."""
    cluster_name = _cluster_name(action)  # also says that the cluster exists
    label = label or person_labels.next_label(action.conn, action.cluster_id, cluster_name)
    person_id = _NEW_PERSON.inserted_id(
        action.conn, cluster_id=action.cluster_id, label=label,
        display_name=display_name or cluster_name, removed=True, created_by=action.reviewer, created_at=action.at,
    )
    # Created as removed, then brought in through the log, so undo simply removes it again.
    action.change_entity("person", str(person_id), {"removed": True}, {"removed": False})
    paper_ids = list(paper_ids)
    if paper_ids:
        decide(action, paper_ids, Verdict.PERSON, person_id)
    return person_id


_FIRST_PERSON = Prepared(lambda: (
    select(Person.id).where(Person.cluster_id == bindparam("cluster"), Person.removed.is_(False)).order_by(Person.id).limit(1)
))


def first_person(action: Action, name: str | None = None) -> int:
    """The first person of the cluster ("Y"), created on first use (named `name`, if given)."""
    person_id = _FIRST_PERSON.scalar(action.conn, cluster=action.cluster_id)
    return person_id if person_id is not None else create_person(action, label=name, display_name=name)


def person_ids(action: Action) -> list[int]:
    rows = action.conn.execute(
        select(Person.id).where(Person.cluster_id == action.cluster_id, Person.removed.is_(False)).order_by(Person.id)
    )
    return [person_id for (person_id,) in rows]


def profile(action: Action, person_id: int) -> dict:
    check_person(action.conn, action.cluster_id, person_id)
    row = action.conn.execute(select(*(getattr(Person, f) for f in PROFILE_FIELDS)).where(Person.id == person_id)).one()
    return dict(zip(PROFILE_FIELDS, row))


def edit_person(action: Action, person_id: int, **fields: str | None) -> None:
    """Change profile fields; the label must stay non-empty and an ORCID iD valid."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown profile fields: {', '.join(sorted(unknown))}")
    new = {key: _clean(key, value) for key, value in fields.items()}
    current = profile(action, person_id)
    if "label" in new and new["label"] != current["label"]:
        refused = person_labels.rename_refusal(new["label"], person_labels.people_in_order(action.conn, action.cluster_id), person_id)
        if refused:
            raise InvalidInput(refused)
    old = {key: current[key] for key in new}
    action.label = person_labels.edit_words(current["label"], old, new)
    action.change_entity("person", str(person_id), old, new)


def _clean(key: str, value: str | None) -> str | None:
    value = (value or "").strip() or None
    if key in ("label", "display_name") and value is None:
        raise InvalidInput(f"a person's {key.replace('_', ' ')} cannot be empty")
    if key == "orcid" and value is not None:
        try:
            return normalize_orcid(value)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
    return value


def merge_people(action: Action, keep_id: int, merged_id: int) -> None:
    """Move every paper and author row of `merged_id` to `keep_id`, then remove it.

    Profile fields `keep_id` lacks are taken from the merged person; notes are joined.
    """
    if keep_id == merged_id:
        raise InvalidInput("a person cannot be merged with itself")
    keep, merged = profile(action, keep_id), profile(action, merged_id)
    decide(action, _papers_of(action, merged_id), Verdict.PERSON, keep_id, note=KEEP_NOTE)
    for row_id, mixed in _links_of(action, merged_id):
        _set_link(action, row_id, {"person_id": keep_id, "mixed": mixed})
    filled = {key: merged[key] for key in ("affiliation", "orcid", "homepage") if not keep[key] and merged[key]}
    if merged["note"]:
        filled["note"] = f"{keep['note']}\n{merged['note']}" if keep["note"] else merged["note"]
    if filled:
        action.change_entity("person", str(keep_id), {key: keep[key] for key in filled}, filled)
    action.change_entity("person", str(merged_id), {"removed": False}, {"removed": True})


def remove_person(action: Action, person_id: int) -> None:
    """Remove a person; its papers return to undecided and its author rows to unknown."""
    check_person(action.conn, action.cluster_id, person_id)
    decide(action, _papers_of(action, person_id), None)
    for row_id, _mixed in _links_of(action, person_id):
        _set_link(action, row_id, None)
    action.change_entity("person", str(person_id), {"removed": False}, {"removed": True})


def _papers_of(action: Action, person_id: int) -> list[int]:
    rows = action.conn.execute(
        select(Decision.paper_id).where(Decision.cluster_id == action.cluster_id, Decision.person_id == person_id)
    )
    return [paper_id for (paper_id,) in rows]


def _links_of(action: Action, person_id: int) -> list[tuple[int, bool]]:
    rows = action.conn.execute(
        select(AuthorRowLink.author_row_id, AuthorRowLink.mixed).where(
            AuthorRowLink.cluster_id == action.cluster_id, AuthorRowLink.person_id == person_id
        )
    )
    return [(row_id, bool(mixed)) for row_id, mixed in rows]


def link_author_row(action: Action, row_id: int, person_id: int | None, mixed: bool = False) -> None:
    """Say which person an author row of the source is, or that it is mixed; None, None: unknown."""
    cluster_key = action.conn.execute(select(NameCluster.key).where(NameCluster.id == action.cluster_id)).scalar_one()
    row_key = action.conn.execute(select(AuthorRow.name_key).where(AuthorRow.id == row_id)).scalar_one_or_none()
    if row_key != cluster_key:
        raise NotFoundError(f"author row {row_id} is not a row of this cluster's name")
    if person_id is not None:
        check_person(action.conn, action.cluster_id, person_id)
    values = None if person_id is None and not mixed else {"person_id": None if mixed else person_id, "mixed": mixed}
    _set_link(action, row_id, values)


def _set_link(action: Action, row_id: int, values: dict | None) -> None:
    row = action.conn.execute(
        select(AuthorRowLink.person_id, AuthorRowLink.mixed).where(
            AuthorRowLink.cluster_id == action.cluster_id, AuthorRowLink.author_row_id == row_id
        )
    ).first()
    old = None if row is None else {"person_id": row[0], "mixed": bool(row[1])}
    action.change_entity("author_row_link", f"{action.cluster_id}:{row_id}", old, values)


def dismiss_group(action: Action, paper_ids: Iterable[int]) -> None:
    """Turn a suggested group down for good (until undone)."""
    papers = sorted(set(paper_ids))
    digest = hashlib.sha1(json.dumps(papers).encode()).hexdigest()[:20]
    action.change_entity("dismissal", f"{action.cluster_id}:{digest}", None, {"papers": papers})
