"""The JSON export of a cluster's review."""

from __future__ import annotations

import json

from models.schema import Verdict


def test_export_groups_papers_by_decision(seeded):
    cluster = seeded.clusters()[0]
    papers = seeded.load_cluster(cluster.id).papers
    seeded.decide(cluster.id, [p.paper_id for p in papers[:4]], Verdict.PERSON)
    seeded.decide(cluster.id, [papers[4].paper_id], Verdict.REJECTED)
    seeded.decide(cluster.id, [papers[5].paper_id], Verdict.UNSURE)

    exported = json.loads(json.dumps(seeded.export_cluster(cluster.id)))

    assert exported["cluster"]["name"] == "Shengen Yan"
    assert exported["cluster"]["declared"] == {
        "papers": 7,
        "author_rows": 2,
        "note": "2 author rows in the source, not itemized on this page",
    }
    (person,) = exported["people"]
    assert person["label"] == "Shengen Yan"
    assert [p["title"] for p in person["papers"]] == [p.title for p in papers[:4]]
    assert [p["title"] for p in exported["rejected"]] == [papers[4].title]
    assert [p["title"] for p in exported["unsure"]] == [papers[5].title]
    assert [p["title"] for p in exported["undecided"]] == [papers[6].title]
    first = person["papers"][0]
    assert (first["year"], first["venue"], first["authors"][3]) == (2025, "NeurIPS Conference", "Shengen Yan")
    assert first["decided_by"] == "tester" and first["decided_at"]
    assert "decided_by" not in exported["undecided"][0]


def test_undecided_papers_never_appear_as_decided(seeded):
    cluster = seeded.clusters()[0]
    exported = seeded.export_cluster(cluster.id)
    assert exported["people"] == [] and exported["rejected"] == [] and exported["unsure"] == []
    assert len(exported["undecided"]) == 7
