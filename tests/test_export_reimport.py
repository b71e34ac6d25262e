"""Importing a Namesake export into the database it came from, and into a fresh one (found by a tester)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from models.review import Verdict
from models.store import Store

TAYLOR = SHARED_DATA / "arnetminer" / "Thomas D. Taylor.xml"
pytestmark = pytest.mark.skipif(not TAYLOR.exists(), reason="../shared/data is not here")


def newer_taylor(folder: Path) -> Path:
    """Thomas D. Taylor.xml without its second paper: the paper stays in the cluster, unlisted (⚠)."""
    text = TAYLOR.read_text(encoding="utf-8")
    second = re.findall(r"\t<publication>.*?</publication>\n", text, re.S)[1]
    newer = folder / "newer" / TAYLOR.name
    newer.parent.mkdir()
    newer.write_text(text.replace(second, ""), encoding="utf-8")
    return newer


@pytest.fixture
def reviewed(tmp_path):
    """Taylor imported, then a newer file that drops a paper; the last papers decided first, so the export's
    decision order is not the source order; and the whole database exported."""
    store = Store(tmp_path / "review.sqlite3", reviewer="curator")
    store.import_files([TAYLOR])
    store.import_files([newer_taylor(tmp_path)])
    cluster = store.find_cluster("Thomas D. Taylor")
    ids = [paper.paper_id for paper in store.load_cluster(cluster.id).papers]
    store.create_person(cluster.id, ids[-2:])
    store.create_person(cluster.id, ids[:1])
    store.decide(cluster.id, ids[2:3], Verdict.REJECTED)
    exported = tmp_path / "export.json"
    exported.write_text(store.export([cluster.id], "json")[""], encoding="utf-8")
    yield store, cluster, exported
    store.close(backup=False)


def table(store: Store, query: str) -> list[tuple]:
    with sqlite3.connect(store.path) as connection:
        return connection.execute(query).fetchall()


MEMBERS = "SELECT cluster_id, paper_id, position, listed, listed_by FROM cluster_paper ORDER BY cluster_id, position"


def test_an_export_imported_again_keeps_the_source_order_and_the_unlisted_mark(reviewed):
    store, cluster, exported = reviewed
    before = table(store, MEMBERS)
    assert [listed for *_, listed, _ in before].count(0) == 1  # the paper the newer file dropped
    (report,) = store.import_files([exported])
    assert table(store, MEMBERS) == before
    assert (report.papers_added, report.papers_updated) == (0, 0)


def test_an_export_adds_only_the_papers_a_cluster_lacks_at_its_end(reviewed, tmp_path):
    store, cluster, exported = reviewed
    document = json.loads(exported.read_text(encoding="utf-8"))
    extra = dict(document["undecided"][0] if document["undecided"] else document["rejected"][0], source_key="new-1")
    document["undecided"].append(extra)
    exported.write_text(json.dumps(document), encoding="utf-8")
    before = table(store, MEMBERS)
    store.import_files([exported])
    after = table(store, MEMBERS)
    assert after[: len(before)] == before
    (added,) = after[len(before) :]
    assert added[2:] == (before[-1][2] + 1, 1, "arnetminer")
