"""A small cluster and random reviewer steps on it, for the property tests of what the window keeps up to
date decision by decision (the evidence, the people panel's stats)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from typing import TypeVar

from hypothesis import strategies as st

from models.history import Change
from models.queries import ClusterContents
from models.schema import Verdict
from models.store import Store

COAUTHORS = ["Mukesh K. Mohania", "Mukesh Mohania", "John A. Smith", "John B. Smith", "John Smith", "Chun-Tian Cheng",
             "Chuntian Cheng", "Ann Lee", "Bo Chen", "Cy Diaz"]
WORDS = ["query", "optimization", "protein", "folding", "wireless", "routing", "graph", "kernels", "sensor", "streams", "databases", "yeast"]
PAPERS = 24
T = TypeVar("T")

# One step of a reviewer: (what, which papers by position, which person by position).
STEPS = st.lists(
    st.tuples(st.sampled_from(["person", "new", "reject", "clear", "merge", "remove", "undo"]),
              st.lists(st.integers(0, PAPERS - 1), min_size=1, max_size=8, unique=True), st.integers(0, 5)),
    min_size=1, max_size=12,
)


def silva_cluster(store: Store, tmp_path, papers: int = PAPERS) -> int:
    """A cluster "M. Silva" whose papers mix coauthors (with and without middle initials), venues, years,
    affiliations, title words and spellings of the own name."""
    pick = random.Random(7)
    rows = []
    for number in range(papers):
        own = pick.choice(["M. Silva", "Marcos Silva", "Mario Silva"])
        authors = [{"name": own, "affiliation": pick.choice(["Univ. A", "univ. a", "Lab B"])} if pick.random() < 0.5 else own]
        authors += pick.sample(COAUTHORS, pick.randint(0, 3))
        rows.append({"key": f"p{number}", "title": " ".join(pick.sample(WORDS, 3)), "year": pick.choice([1990, 2001, 2002, 2015]),
                     "venue": pick.choice(["VLDB", "ICDE", None]), "authors": authors})
    path = tmp_path / "silva.json"
    path.write_text(json.dumps({"format": "namesake-input", "version": 1, "source": "lab", "papers": rows,
                                "clusters": [{"name": "M. Silva", "papers": [row["key"] for row in rows]}]}))
    store.import_files([path])
    return store.find_cluster("M. Silva").id


def take_steps(store: Store, cluster_id: int, steps) -> Iterator[tuple[Change | None, ClusterContents]]:
    """Each step that applies, made through the store: its change and the cluster as it is after it."""
    contents = store.load_cluster(cluster_id)
    ids = [paper.paper_id for paper in contents.papers]
    for what, positions, which in steps:
        papers = [ids[p] for p in positions]
        people = [person.id for person in contents.people]
        person = people[which % len(people)] if people else None
        if what == "person" and person is not None:
            change = store.decide(cluster_id, papers, Verdict.PERSON, person)
        elif what == "new":
            change = store.create_person(cluster_id, papers)
        elif what == "reject":
            change = store.decide(cluster_id, papers, Verdict.REJECTED)
        elif what == "clear":
            change = store.decide(cluster_id, papers, None)
        elif what == "merge" and len(people) >= 2:
            change = store.merge_people(cluster_id, people[0], people[-1])
        elif what == "remove" and person is not None:
            change = store.remove_person(cluster_id, person)
        elif what == "undo":
            change = store.undo(cluster_id)
        else:
            continue
        contents = store.load_cluster(cluster_id)
        yield change, contents


def kept_up_to_date(tmp_path, steps, make: Callable[[ClusterContents], T], take_in: Callable[[T, ClusterContents, dict], None],
                    ) -> Iterator[tuple[T, ClusterContents]]:
    """On a fresh store with the "M. Silva" cluster, something made from the cluster as loaded (`make`)
    and told of each step's decisions (`take_in`, as the window does): it and the cluster after each step."""
    with Store(tmp_path / "steps.sqlite3", reviewer="tester") as store:
        cluster_id = silva_cluster(store, tmp_path)
        kept = make(store.load_cluster(cluster_id))
        for change, contents in take_steps(store, cluster_id, steps):
            if change is not None:
                take_in(kept, contents, change.decisions)
            yield kept, contents
        store.close(backup=False)
