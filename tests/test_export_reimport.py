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
    second = re.findall(r"\t<publication>.*?</publication>\n", text, re.DOTALL)[1]
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
    store.decide(cluster.id, ids[1:2], Verdict.REJECTED)
    exported = tmp_path / "export.json"
    exported.write_text(store.export([cluster.id], "json")[""], encoding="utf-8")
    yield store, exported
    store.close(backup=False)


def table(store: Store, query: str) -> list[tuple]:
    with sqlite3.connect(store.path) as connection:
        return connection.execute(query).fetchall()


MEMBERS = "SELECT cluster_id, paper_id, position, listed, listed_by FROM cluster_paper ORDER BY cluster_id, position"


def test_an_export_imported_again_keeps_the_source_order_and_the_unlisted_mark(reviewed):
    store, exported = reviewed
    before = table(store, MEMBERS)
    assert [listed for *_, listed, _ in before].count(0) == 1  # the paper the newer file dropped
    (report,) = store.import_files([exported])
    assert table(store, MEMBERS) == before
    assert (report.papers_added, report.papers_updated) == (0, 0)


def test_an_export_adds_only_the_papers_a_cluster_lacks_at_its_end(reviewed, tmp_path):
    store, exported = reviewed
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


LABELS = "SELECT cluster_id, paper_id, source, person FROM reference_label ORDER BY cluster_id, paper_id"


def test_an_export_imported_again_leaves_the_data_sets_true_persons_and_says_so(reviewed):
    store, exported = reviewed
    before = table(store, LABELS)
    assert {source for _, _, source, _ in before} == {"arnetminer"}
    (report,) = store.import_files([exported])
    assert table(store, LABELS) == before
    assert (report.labels_added, report.labels_changed, report.labels_left_out) == (0, 0, 3)
    assert "3 left out (their clusters hold a data set's true persons)" in report.summary()
    assert "the export's people are read as reference labels, not restored as people or decisions" in report.summary()


def test_an_export_into_a_fresh_database_gives_labels_of_its_own_that_a_data_set_replaces(reviewed, tmp_path):
    _, exported = reviewed
    with Store(tmp_path / "fresh.sqlite3", reviewer="colleague") as fresh:
        (report,) = fresh.import_files([exported])
        assert "reference labels: 3 added, 0 changed, 0 unchanged" in report.summary()
        assert {source for _, _, source, _ in table(fresh, LABELS)} == {"namesake export"}
        (report,) = fresh.import_files([TAYLOR])
        labels = table(fresh, LABELS)
    assert {source for _, _, source, _ in labels} == {"arnetminer"}  # one cluster, one kind of label
    assert len(labels) == report.reference_labels == 4
    # The export's 3 labels replaced are counted changed (they were counted added), the 4th paper's added.
    assert (report.labels_added, report.labels_changed) == (1, 3)


def test_evaluate_with_an_export_beside_the_data_set_scores_against_the_data_set(reviewed):
    from models.evaluate import evaluate_paths

    _, exported = reviewed
    alone = evaluate_paths([TAYLOR]).names[0].scores["engine"]
    for paths in ([TAYLOR, exported], [exported, TAYLOR]):
        assert evaluate_paths(paths).names[0].scores["engine"] == alone
