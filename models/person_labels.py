"""The labels a cluster's people are given: "Lei Wang", then "Lei Wang (2)", "Lei Wang (3)"...

Only live people hold a label: a removed one (an undone "new person", a
person removed or merged away) keeps its row for undo, but not its label,
so the next new person is not numbered past it. A removed person that
undo or redo brings back while another holds its label is relabelled.
"""

from __future__ import annotations

from itertools import count

from sqlalchemy import Connection, bindparam, select

from models.db import Prepared
from models.schema import NameCluster, Person

# Prepared once: a new person (`P`) runs them on the key's path (see `models.db.Prepared`).
_CLUSTER_NAME = Prepared(lambda: select(NameCluster.name).where(NameCluster.id == bindparam("cluster")))
_LIVE_LABELS = Prepared(lambda: select(Person.id, Person.label).where(
    Person.cluster_id == bindparam("cluster"), Person.removed.is_(False)
))


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


def next_label(conn: Connection, cluster_id: int, name: str) -> str:
    """A new person's label: the first of "name", "name (2)"... no live person holds."""
    return first_free(name, live_labels(conn, cluster_id))


def label_on_return(conn: Connection, cluster_id: int, person_id: int, label: str) -> str:
    """The label of a person brought back: its own, unless another live person took it meanwhile
    (another reviewer's new person); then the one a new person would get now."""
    taken = live_labels(conn, cluster_id, but=person_id)
    return label if label not in taken else first_free(cluster_name(conn, cluster_id) or label, taken)
