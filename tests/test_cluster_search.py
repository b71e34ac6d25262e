"""Finding a cluster by name (Ctrl+L): the search the cluster list runs, without Qt."""

from __future__ import annotations

import pytest

from models.cluster_listing import ClusterListing, matching, search_key
from models.names import cluster_key
from models.queries import ClusterSummary, Status


def listing_of(*names: str, decided: int = 0) -> ClusterListing:
    return ClusterListing.of(
        [ClusterSummary(n, cluster_key(name), name, "lbd", papers=3, decided=decided) for n, name in enumerate(names, 1)]
    )


def found(listing: ClusterListing, typed: str, status: Status | None = None) -> list[str]:
    return [listing.clusters[i].name for i in matching(listing.keys, listing.statuses, search_key(typed), status)]


@pytest.mark.parametrize("typed", ["J. Lee", "j lee", "J Lee", "J.Lee", "jlee", " j  LEE ", "j.-lee"])
def test_a_name_is_found_however_its_punctuation_and_spacing_are_typed(typed):
    """LBD stores the block "J. Lee" as "j lee": Ctrl+L "J. Lee" found nothing."""
    listing = listing_of("j lee", "J. Leeds", "Ann Lee", "Jo Leon")
    assert found(listing, typed) == ["j lee", "J. Leeds"]


def test_a_name_written_with_punctuation_is_found_as_typed_without_it():
    listing = listing_of("J.-P. O'Brien", "Jean-Pierre Dupont", "Ann Lee")
    assert found(listing, "jp obrien") == ["J.-P. O'Brien"]
    assert found(listing, "Jean Pierre") == ["Jean-Pierre Dupont"]
    assert found(listing, "o’brien") == ["J.-P. O'Brien"]  # a typographic apostrophe too


def test_letters_beyond_ascii_and_digits_count_and_the_case_does_not():
    listing = listing_of("Jörg Müller", "Jorg Muller", "Wei Wang 2")
    assert found(listing, "MÜLLER") == ["Jörg Müller"]
    assert found(listing, "wang 2") == ["Wei Wang 2"]


def test_nothing_but_punctuation_typed_filters_nothing():
    listing = listing_of("j lee", "Ann Lee")
    assert search_key(". -") == ""
    assert found(listing, ". -") == ["j lee", "Ann Lee"]


def test_the_status_filter_and_a_narrowed_search_find_the_same_as_a_fresh_one():
    listing = listing_of("j lee", "J. Leeds", "Ann Lee")
    assert found(listing, "J. Lee", Status.NOT_STARTED) == ["j lee", "J. Leeds"]
    assert found(listing, "J. Lee", Status.DONE) == []
    wider = matching(listing.keys, listing.statuses, search_key("j"), None)
    assert matching(listing.keys, listing.statuses, search_key("J. Lee"), None, among=wider) == [0, 1]


def test_the_listing_makes_each_clusters_search_key_as_search_key_does():
    """Its keys skip the pattern where spaces alone go (most names): the same keys either way."""
    names = ["j lee", "J.-P. O'Brien", "Jörg Müller", "a_b c", "Wei  Wang 2", "", " ", "Ann Lee (NTU)", "李 伟"]
    listing = listing_of(*names)
    assert listing.keys == [search_key(name) for name in names]
