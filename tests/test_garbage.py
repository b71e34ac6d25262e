"""Python's garbage collector runs rarely while a worker makes many objects that live on, then as before."""

from __future__ import annotations

import gc

import pytest

from models.garbage import RARE_COLLECTION_THRESHOLD


def test_a_load_collects_garbage_rarely_and_puts_back_the_thresholds(seeded, monkeypatch):
    from models import queries

    load, during = queries.load_cluster, []

    def watched(conn, cluster_id):
        during.append(gc.get_threshold()[0])
        return load(conn, cluster_id)

    monkeypatch.setattr(queries, "load_cluster", watched)
    before = gc.get_threshold()
    seeded.load_cluster(seeded.clusters()[0].id)
    assert during == [max(before[0], RARE_COLLECTION_THRESHOLD)] and gc.get_threshold() == before


@pytest.mark.parametrize("stopped", [False, True])
def test_a_suggestion_analysis_collects_garbage_rarely_and_puts_back_the_thresholds(seeded, monkeypatch, stopped):
    import models.suggestions
    from gui.session import analyse
    from models.stopping import Stopped

    during = []
    suggest = models.suggestions.suggestions_for

    def watched(contents, abstracts):
        during.append(gc.get_threshold()[0])
        if stopped:
            raise Stopped()  # as when the reviewer decides meanwhile
        return suggest(contents, abstracts)

    monkeypatch.setattr(models.suggestions, "suggestions_for", watched)
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    before = gc.get_threshold()
    if stopped:
        with pytest.raises(Stopped):
            analyse(contents, {})
    else:
        assert analyse(contents, {}).cluster_id == contents.cluster.id
    assert during == [max(before[0], RARE_COLLECTION_THRESHOLD)] and gc.get_threshold() == before
