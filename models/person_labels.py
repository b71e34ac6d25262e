"""The labels a cluster's people are given: "Lei Wang", then "Lei Wang (2)", "Lei Wang (3)"...

Only live people hold a label: a removed one (an undone "new person", a
person removed or merged away) keeps its row for undo, but not its label,
so the next new person is not numbered past it. A removed person that
undo or redo brings back while another holds its label is relabelled.
"""

from __future__ import annotations

from itertools import count
from typing import Sequence

from sqlalchemy import Connection, bindparam, select

from models.counting import listed
from models.db import Prepared
from models.schema import NameCluster, Person

# Prepared once: a new person (`P`) runs them on the key's path (see `models.db.Prepared`).
_CLUSTER_NAME = Prepared(lambda: select(NameCluster.name).where(NameCluster.id == bindparam("cluster")))
_LIVE_LABELS = Prepared(lambda: select(Person.id, Person.label).where(
    Person.cluster_id == bindparam("cluster"), Person.removed.is_(False)
).order_by(Person.id))  # the people panel's order (`people_in_order`)


_LABEL = Prepared(lambda: select(Person.label).where(Person.id == bindparam("person")))


def label_of(conn: Connection, person_id: int) -> str | None:
    return _LABEL.scalar(conn, person=person_id)


def cluster_name(conn: Connection, cluster_id: int) -> str | None:
    return _CLUSTER_NAME.scalar(conn, cluster=cluster_id)


def first_free(name: str, taken: set[str]) -> str:
    """`name` if no one holds it, else the first of "name (2)", "name (3)"... no one holds."""
    if name not in taken:
        return name
    return next(label for label in (f"{name} ({number})" for number in count(2)) if label not in taken)


def live_labels(conn: Connection, cluster_id: int, but: int | None = None) -> set[str]:
    """The labels the cluster's live people hold (but person `but`'s)."""
    return {label for person_id, label in _LIVE_LABELS.rows(conn, cluster=cluster_id) if person_id != but}


def people_in_order(conn: Connection, cluster_id: int) -> list[tuple[int, str]]:
    """(id, label) of the cluster's live people, in the people panel's order (which numbers them from 1)."""
    return [(person_id, label) for person_id, label in _LIVE_LABELS.rows(conn, cluster=cluster_id)]


def reads_as(label: str) -> str:
    """A label as a reader compares two: case and spacing aside ("philip j.  smith" reads as "Philip J. Smith")."""
    return " ".join(label.split()).casefold()


def rename_refusal(label: str, people: Sequence[tuple[int, str]], person_id: int) -> str | None:
    """Why person `person_id` cannot be renamed `label`, for the status line; None if it can. `people`: (id, label) of
    the cluster's live people in panel order. Empty, or reading as another person's name, it is refused: a rename to
    the first person's label was saved, and the Decide menu, the Fit column and the export named two people alike."""
    own = next((held for pid, held in people if pid == person_id), "this person")
    if not label.strip():
        return f"A person's name cannot be empty: type one, or Esc keeps {own}."
    wanted = reads_as(label)
    for number, (pid, held) in enumerate(people, start=1):
        if pid != person_id and reads_as(held) == wanted:
            return (f"“{held}” is the name of person {number}: two people cannot have one name. To make them one "
                    f"person, merge instead: right-click {own} in the people panel (or select it there and press the menu key), then Merge into → {held}.")
    return None


def next_label(conn: Connection, cluster_id: int, name: str) -> str:
    """A new person's label: the first of "name", "name (2)"... no live person holds."""
    return first_free(name, live_labels(conn, cluster_id))


def label_on_return(conn: Connection, cluster_id: int, person_id: int, label: str) -> str:
    """The label of a person brought back: its own, unless another live person took it meanwhile
    (another reviewer's new person); then the one a new person would get now."""
    taken = live_labels(conn, cluster_id, but=person_id)
    return label if label not in taken else first_free(cluster_name(conn, cluster_id) or label, taken)


# A profile's fields as a step's label names them; the label itself is said as a rename.
FIELD_WORDS = {"display_name": "display name", "affiliation": "affiliation", "orcid": "ORCID iD", "homepage": "homepage", "note": "note"}


def edit_words(label: str, old: dict, new: dict, back: bool = False) -> str:
    """What a profile edit did, as the Undo button names it ("rename Lei Wang (2) to Lei Wang (NTU)", "edit the
    affiliation and ORCID iD of Lei Wang"), or with `back` what its undo does ("rename Lei Wang (NTU) back to Lei
    Wang (2)", "put back the affiliation of Lei Wang"). `old`, `new`: the fields before and after the edit, or
    the undo; `label`: the person's label, for an edit that keeps it. Every edit read "edit person"."""
    fields = listed([words for key, words in FIELD_WORDS.items() if key in new and old.get(key) != new[key]])
    verb = "put back" if back else "edit"
    if "label" in new and old.get("label") != new["label"]:
        renamed = f"rename {old.get('label')} {'back to' if back else 'to'} {new['label']}"
        return f"{renamed} and {verb} its {fields}" if fields else renamed
    return f"{verb} the {fields} of {label}" if fields else f"{verb} {label}"


