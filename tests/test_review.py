"""Deciding, undoing and redoing, without Qt."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest

from conftest import SEED_PAGE, clocked_seed

from models import history, review
from models.errors import ConflictError, NotFoundError, StepRefused
from models.history import UNDECIDED, DecisionState
from models.schema import Verdict
from models.store import Store


def states(store: Store, cluster_id: int) -> dict[int, DecisionState]:
    return store.load_cluster(cluster_id).decisions


def test_first_person_decision_creates_the_clusters_person(seeded, cluster, ids):
    change = seeded.decide(cluster.id, ids[:2], Verdict.PERSON)
    (person,) = seeded.people(cluster.id)
    assert (person.label, person.papers) == ("Shengen Yan", 2)
    assert change.people is True
    assert change.decisions == dict.fromkeys(ids[:2], DecisionState(Verdict.PERSON, person.id))
    assert seeded.decide(cluster.id, ids[2:3], Verdict.PERSON).people is False
    assert len(seeded.people(cluster.id)) == 1


def test_a_change_says_the_states_its_papers_had_and_how_many_it_decided_over(seeded, cluster, ids):
    seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)
    seeded.decide(cluster.id, ids[1:2], Verdict.UNSURE)
    seeded.decide(cluster.id, ids[2:3], Verdict.PERSON)
    change = seeded.decide(cluster.id, ids[:5], Verdict.UNSURE)  # ids[1] is unsure already: no change
    assert change.before == {ids[0]: DecisionState(Verdict.REJECTED), ids[2]: change.before[ids[2]], ids[3]: UNDECIDED, ids[4]: UNDECIDED}
    assert change.before[ids[2]].verdict is Verdict.PERSON
    assert history.decided_before(change) == 2
    assert review.replaced_words(change, selected=5) == "; 2 of them had another decision (Ctrl+Z takes it back)"
    assert history.people_losing_papers(change) == {change.before[ids[2]].person_id}
    undone = seeded.undo(cluster.id)
    assert undone.before == change.decisions and history.people_losing_papers(undone) == set()
    assert review.replaced_words(seeded.decide(cluster.id, ids[3:5], Verdict.UNSURE), selected=2) == ""  # none was decided


def test_a_decision_counts_the_papers_it_replaced_against_the_papers_selected(seeded, cluster, ids):
    """The papers already unsure are not in the change: counted against it, 3 unsure and 2 rejected papers made
    unsure read "all of them had another decision" (2 had), and 4 unsure and 1 rejected read nothing (one paper)."""
    seeded.decide(cluster.id, ids[:3], Verdict.UNSURE)
    seeded.decide(cluster.id, ids[3:5], Verdict.REJECTED)
    change = seeded.decide(cluster.id, ids[:5], Verdict.UNSURE)
    assert review.replaced_words(change, selected=5) == "; 2 of them had another decision (Ctrl+Z takes it back)"
    seeded.decide(cluster.id, ids[3:4], Verdict.REJECTED)
    change = seeded.decide(cluster.id, ids[:5], Verdict.UNSURE)
    assert review.replaced_words(change, selected=5) == "; 1 of them had another decision (Ctrl+Z takes it back)"
    seeded.decide(cluster.id, ids[:5], Verdict.REJECTED)
    change = seeded.decide(cluster.id, ids[:5], Verdict.UNSURE)
    assert review.replaced_words(change, selected=5) == "; all of them had another decision (Ctrl+Z takes it back)"
    assert review.replaced_words(seeded.decide(cluster.id, ids[5:6], Verdict.REJECTED), selected=1) == ""  # the one paper is in sight


def test_each_verdict_and_clearing(seeded, cluster, ids):
    seeded.decide(cluster.id, [ids[0]], Verdict.REJECTED)
    seeded.decide(cluster.id, [ids[1]], Verdict.UNSURE)
    assert states(seeded, cluster.id) == {ids[0]: DecisionState(Verdict.REJECTED), ids[1]: DecisionState(Verdict.UNSURE)}
    seeded.decide(cluster.id, [ids[0]], None)
    assert states(seeded, cluster.id) == {ids[1]: DecisionState(Verdict.UNSURE)}


def test_progress_and_status(seeded, cluster, ids):
    seeded.decide(cluster.id, ids[:3], Verdict.REJECTED)
    assert (seeded.cluster(cluster.id).decided, seeded.cluster(cluster.id).status.value) == (3, "in progress")
    seeded.decide(cluster.id, ids, Verdict.PERSON)
    assert seeded.cluster(cluster.id).status.value == "done"
    assert seeded.cluster_to_resume(None).id == cluster.id  # every cluster is done: the first one


def test_the_cluster_a_session_starts_on():
    from models.queries import ClusterSummary, cluster_to_resume, next_open_cluster

    def summary(cluster_id: int, decided: int) -> ClusterSummary:
        return ClusterSummary(cluster_id, f"c{cluster_id}", f"C{cluster_id}", "arrow", papers=2, decided=decided)

    a, b_done, c, d_done = summary(1, 1), summary(2, 2), summary(3, 0), summary(4, 2)
    listed = [a, b_done, c, d_done]
    assert cluster_to_resume(listed, None) is a  # a first run: the first not done
    assert cluster_to_resume(listed, 3) is c  # the one open when the last session ended
    assert cluster_to_resume(listed, 2) is b_done  # done: it stays, where the reviewer left off (it opened c)
    assert cluster_to_resume(listed, 4) is d_done  # ... (it opened a, round to the start)
    assert cluster_to_resume(listed, 99) is a  # gone (a restored backup): as a first run
    assert cluster_to_resume([b_done, d_done], 2) is b_done  # every one done: it stays
    assert cluster_to_resume([b_done, d_done], 4) is d_done  # ... also when it is not the first (the first opened)
    assert cluster_to_resume([b_done, d_done], None) is b_done
    assert cluster_to_resume([], 2) is None
    assert next_open_cluster(listed, 3) is a  # never the cluster itself (Ctrl+N)
    assert next_open_cluster([a, b_done], 1) is None


def test_the_database_finds_the_cluster_to_resume_as_the_listing_does(store, tmp_path):
    """`Store.cluster_to_resume` asks SQL what `cluster_to_resume` finds in a listing (the listing takes seconds at scale)."""
    from itertools import product

    from conftest import arrow_page, paper
    from models.cluster_listing import ClusterListing
    from models.queries import cluster_to_resume

    pages = []
    for name in ("Cy Doe", "Ann Bell", "Eve Fox", "Bo Gray"):  # listed by name: Ann, Bo, Cy, Eve
        page = tmp_path / f"{name}.txt"
        page.write_text(arrow_page(name, [paper(f"{name} {n}", [name, "Zed Coauthor"]) for n in range(2)]))
        pages.append(page)
    store.import_files(pages)
    clusters = store.clusters()
    papers = {c.id: [p.paper_id for p in store.load_cluster(c.id).papers] for c in clusters}
    asked = [None, 10**6] + [c.id for c in clusters]
    for states in product(("none", "some", "all", "all, one unsure"), repeat=len(clusters)):
        for cluster, state in zip(clusters, states):
            ids = papers[cluster.id]
            store.decide(cluster.id, ids, None)
            if state != "none":
                store.decide(cluster.id, ids if state.startswith("all") else ids[:1], Verdict.REJECTED)
            if state == "all, one unsure":
                store.decide(cluster.id, ids[:1], Verdict.UNSURE)
        listed = store.clusters()
        # The listing's counts are those of the one-cluster read, and the listing's statuses the summaries'.
        assert sorted(listed) == sorted(store.clusters_among(papers)), states
        assert ClusterListing.of(listed).statuses == [c.status for c in listed]
        for last_open in asked:
            assert store.cluster_to_resume(last_open) == cluster_to_resume(listed, last_open), (states, last_open)
    assert store.is_empty() is False


def test_a_cluster_with_unsure_papers_is_not_done(store, tmp_path):
    """Unsure means "come back to this": a cluster whose every paper has a decision, some unsure, was counted
    done (shown "✓ 2 / 2", skipped by Ctrl+N and at start, exported as done). Now it is in progress until none is."""
    from conftest import arrow_page, paper
    from models.cluster_listing import ClusterListing, next_open_index
    from models.queries import Status

    for name in ("Ann Bell", "Bo Gray"):
        (tmp_path / f"{name}.txt").write_text(arrow_page(name, [paper(f"{name} {n}", [name]) for n in range(2)]))
        store.import_files([tmp_path / f"{name}.txt"])
    ann, bo = store.clusters()
    ann_ids = [p.paper_id for p in store.load_cluster(ann.id).papers]
    store.decide(ann.id, ann_ids, Verdict.REJECTED)
    store.decide(ann.id, ann_ids[:1], Verdict.UNSURE)
    store.decide(bo.id, [p.paper_id for p in store.load_cluster(bo.id).papers], Verdict.REJECTED)

    ann = store.cluster(ann.id)
    assert (ann.decided, ann.unsure, ann.status) == (2, 1, Status.IN_PROGRESS)
    assert store.clusters()[0] == ann  # the listing counts as the one-cluster read does
    listing = ClusterListing.of(store.clusters())
    assert listing.statuses == [Status.IN_PROGRESS, Status.DONE]
    assert (listing.totals.done, listing.totals.decided, listing.totals.unsure) == (1, 4, 1)
    assert next_open_index(listing.statuses, 1) == 0  # Ctrl+N from Bo goes to Ann
    assert store.cluster_to_resume(None).id == ann.id  # so does a first start
    assert [c.name for c in store.clusters_to_export(done_only=True)] == ["Bo Gray"]

    store.decide(ann.id, ann_ids[:1], Verdict.REJECTED)  # the unsure paper decided: done
    assert store.cluster(ann.id).status is Status.DONE
    assert [c.name for c in store.clusters_to_export(done_only=True)] == ["Ann Bell", "Bo Gray"]



def test_the_most_unsure_papers_of_a_cluster_come_down_again_once_they_are_decided():
    """The cluster list fits its Decided column to them: kept as a maximum, after Ctrl+A U on a 20,000-paper
    cluster the column stayed wide enough for "20,000 / 20,000 · 20,000 unsure" until a restart."""
    from models.cluster_listing import ClusterListing
    from models.queries import ClusterSummary

    big = ClusterSummary(1, "wei zhang", "Wei Zhang", "bench", 20_000, 0)
    small = ClusterSummary(2, "ann bell", "Ann Bell", "bench", 9, 3, unsure=2)
    totals = ClusterListing.of([big, small]).totals
    assert totals.most_unsure == 2
    totals.add(big, -1)
    totals.add(big := big._replace(decided=20_000, unsure=20_000), 1)  # Ctrl+A U
    assert (totals.most_unsure, totals.unsure) == (20_000, 20_002)
    totals.add(big, -1)
    totals.add(big._replace(unsure=0), 1)  # decided otherwise
    assert (totals.most_unsure, totals.unsure) == (2, 2)
    totals.add(small, -1)
    totals.add(small._replace(unsure=0), 1)
    assert totals.most_unsure == 0

def test_the_change_that_finishes_a_cluster_says_so_and_unsure_papers_keep_it_open():
    from models.queries import ClusterSummary
    from models.review import completion_note

    def counts(decided: int, unsure: int = 0) -> ClusterSummary:
        return ClusterSummary(1, "ann bell", "Ann Bell", "arrow", 7, decided, unsure=unsure)

    done = "the cluster is done: Ctrl+N opens the next one not done."
    assert completion_note(counts(6), counts(7)) == done
    assert completion_note(counts(7, 1), counts(7)) == done  # its last unsure paper decided
    assert completion_note(counts(7), counts(7)) is None  # done already
    assert completion_note(counts(6, 1), counts(7, 2)) == (
        "every paper has a decision, 2 unsure: the cluster is done once they are decided."
    )
    assert completion_note(counts(6), counts(7, 1)) == (  # one: "once it is", where it read "once they are"
        "every paper has a decision, 1 unsure: the cluster is done once it is decided."
    )
    assert completion_note(counts(7), counts(7, 1)) is None  # a done cluster's paper made unsure: nothing finished
    assert completion_note(counts(5), counts(6, 1)) is None


def test_ctrl_j_says_where_it_went_once_no_paper_is_undecided_and_what_hides_the_rest():
    """With no undecided paper left Ctrl+J said nothing, over "1 unsure: the cluster is done once it is decided"."""
    from models.queries import ClusterSummary
    from models.review import next_to_review_note

    def counts(decided: int, unsure: int = 0) -> ClusterSummary:
        return ClusterSummary(1, "ann bell", "Ann Bell", "arrow", 7, decided, unsure=unsure)

    view = "the view “Unsure”: Ctrl+0 shows all papers"
    assert next_to_review_note("undecided", "paper 3", counts(2), "") == ""  # the cursor on it says it all
    assert next_to_review_note("unsure", "paper 12", counts(7, 1), "") == "No undecided paper left: paper 12 is unsure"
    assert next_to_review_note("unsure", "paper 12", counts(7, 1), view) == "No undecided paper left: paper 12 is unsure"
    assert next_to_review_note("unsure", "paper 2", counts(6, 1), view) == (  # "left" would be untrue: one is hidden
        "No undecided paper shown: paper 2 is unsure (1 undecided paper hidden by the view “Unsure”: Ctrl+0 shows all papers)"
    )
    assert next_to_review_note(None, "paper 5", counts(7), "") == (
        "No undecided or unsure paper left: the cluster is done (Ctrl+N opens the next one not done)."
    )
    assert next_to_review_note(None, "paper 5", counts(5, 2), "the filter “graph”: Esc clears it") == (
        "No undecided or unsure paper shown: 2 undecided papers and 2 unsure hidden by the filter “graph”: Esc clears it."
    )
    assert next_to_review_note(None, "paper 5", counts(7, 3), view) == "No undecided or unsure paper shown: 3 unsure hidden by " + view + "."


def test_a_cluster_has_every_paper_decided_whether_or_not_some_are_unsure():
    """The completion note and the status each said when every paper is decided, in two copies of one test."""
    from models.queries import ClusterSummary, Status

    def counts(papers: int, decided: int, unsure: int = 0) -> ClusterSummary:
        return ClusterSummary(1, "ann bell", "Ann Bell", "arrow", papers, decided, unsure=unsure)

    assert [counts(7, 7).all_decided, counts(7, 7, 2).all_decided, counts(7, 6).all_decided, counts(0, 0).all_decided] == [
        True, True, False, False]
    for summary in (counts(7, 7), counts(7, 7, 2), counts(7, 6), counts(0, 0)):
        assert (summary.status is Status.DONE) == (summary.all_decided and not summary.unsure)


def test_an_empty_database_has_no_cluster_to_resume(store):
    assert store.is_empty() and store.cluster_to_resume(None) is None
    assert store.clusters_among([1, 2]) == []


def test_a_decision_that_changes_nothing_is_not_logged(seeded, cluster, ids, db_path):
    seeded.decide(cluster.id, [ids[0]], Verdict.UNSURE)
    change = seeded.decide(cluster.id, [ids[0]], Verdict.UNSURE)
    assert change.empty
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM review_action").fetchone() == (1,)


def test_undo_and_redo_walk_back_and_forth(seeded, cluster, ids):
    seeded.decide(cluster.id, ids[:3], Verdict.PERSON)
    seeded.decide(cluster.id, [ids[1]], Verdict.REJECTED)
    person = seeded.people(cluster.id)[0].id
    after_both = states(seeded, cluster.id)

    undone = seeded.undo(cluster.id)
    assert undone.decisions == {ids[1]: DecisionState(Verdict.PERSON, person)}
    seeded.undo(cluster.id)
    assert states(seeded, cluster.id) == {}
    assert seeded.undo(cluster.id) is None and not seeded.can_undo(cluster.id)

    seeded.redo(cluster.id)
    seeded.redo(cluster.id)
    assert states(seeded, cluster.id) == after_both
    assert seeded.redo(cluster.id) is None and not seeded.can_redo(cluster.id)


def test_a_new_decision_after_undo_discards_the_redo_branch(seeded, cluster, ids):
    seeded.decide(cluster.id, [ids[0]], Verdict.PERSON)
    seeded.undo(cluster.id)
    seeded.decide(cluster.id, [ids[1]], Verdict.UNSURE)
    assert not seeded.can_redo(cluster.id)
    seeded.undo(cluster.id)
    assert states(seeded, cluster.id) == {}


def test_undo_is_without_limit_and_survives_a_restart(db_path, seeded, cluster, ids):
    for _ in range(30):
        for paper_id in ids:
            seeded.decide(cluster.id, [paper_id], Verdict.UNSURE)
            seeded.decide(cluster.id, [paper_id], Verdict.REJECTED)
    seeded.close()
    with Store(db_path, reviewer="tester") as reopened:
        steps = 0
        while reopened.undo(cluster.id):
            steps += 1
        assert steps == 30 * len(ids) * 2
        assert states(reopened, cluster.id) == {}
        reopened.redo(cluster.id)
        assert states(reopened, cluster.id) == {ids[0]: DecisionState(Verdict.UNSURE)}


def test_bulk_decision_is_one_undo_step(seeded, cluster, ids):
    seeded.decide(cluster.id, ids, Verdict.REJECTED)
    assert len(states(seeded, cluster.id)) == 7
    seeded.undo(cluster.id)
    assert states(seeded, cluster.id) == {}


def test_undo_is_per_cluster(store, tmp_path):
    from conftest import arrow_page, paper

    (tmp_path / "a.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    (tmp_path / "b.txt").write_text(arrow_page("Bo Chen", [paper("B", ["Bo Chen"])]))
    store.import_files([tmp_path / "a.txt", tmp_path / "b.txt"])
    ann, bo = store.clusters()
    ann_paper = store.load_cluster(ann.id).papers[0].paper_id
    bo_paper = store.load_cluster(bo.id).papers[0].paper_id
    store.decide(ann.id, [ann_paper], Verdict.PERSON)
    store.decide(bo.id, [bo_paper], Verdict.PERSON)
    store.undo(ann.id)
    assert states(store, ann.id) == {}
    assert states(store, bo.id)[bo_paper].verdict is Verdict.PERSON


def test_an_undo_refused_for_another_reviewers_change_leaves_the_history_and_undo_goes_on(seeded, cluster, ids, db_path):
    """Bob's change stands, and Ctrl+Z reaches back past the refused action (it was stuck on it for good)."""
    seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)
    seeded.decide(cluster.id, ids[1:2], Verdict.PERSON)
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[1:2], Verdict.UNSURE)
    with pytest.raises(StepRefused) as refused:
        seeded.undo(cluster.id)
    assert refused.value.paper_ids == ids[1:2]
    assert str(refused.value).startswith("Cannot undo '1 paper → Shengen Yan': bob changed it since")
    assert "left out of your undo history" in str(refused.value)
    assert states(seeded, cluster.id) == {ids[0]: DecisionState(Verdict.REJECTED), ids[1]: DecisionState(Verdict.UNSURE)}
    assert seeded.undo_redo_labels(cluster.id) == ("1 paper → not this name", None)  # what the Undo button says next

    assert seeded.undo(cluster.id).decisions == {ids[0]: UNDECIDED}  # the earlier action, Bob's paper untouched
    assert states(seeded, cluster.id) == {ids[1]: DecisionState(Verdict.UNSURE)}
    seeded.close()
    with Store(db_path, reviewer="tester") as reopened:  # and so it stays after a restart
        assert reopened.undo_redo_labels(cluster.id) == (None, "1 paper → not this name")
        assert reopened.undo(cluster.id) is None


def test_an_older_undo_still_refuses_papers_another_reviewer_changed(seeded, cluster, ids, db_path):
    seeded.decide(cluster.id, ids[:3], Verdict.REJECTED)
    seeded.decide(cluster.id, ids[3:4], Verdict.UNSURE)
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[3:4], Verdict.PERSON)
        bob.decide(cluster.id, ids[1:2], Verdict.UNSURE)
    ours_and_bobs = states(seeded, cluster.id)
    with pytest.raises(StepRefused, match="'1 paper → unsure'"):
        seeded.undo(cluster.id)
    with pytest.raises(StepRefused, match="'3 papers → not this name': bob changed 1 of its 3 papers since") as refused:
        seeded.undo(cluster.id)  # the action before it touched a paper Bob changed too
    assert refused.value.paper_ids == ids[1:2]
    assert refused.value.why == "bob changed 1 of its 3 papers since"  # what the window's status line says
    assert states(seeded, cluster.id) == ours_and_bobs
    assert seeded.undo_redo_labels(cluster.id) == (None, None)


def test_an_undo_refused_for_the_reviewers_own_action_left_out_before_says_so(seeded, cluster, ids, db_path):
    """Each reviewer's undo history is theirs, across windows: only an action of theirs left out can have changed it."""
    seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)
    seeded.decide(cluster.id, ids[:2], Verdict.UNSURE)
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[1:2], Verdict.PERSON)
    with pytest.raises(StepRefused, match="bob changed 1 of its 2 papers since"):
        seeded.undo(cluster.id)
    with pytest.raises(StepRefused, match="'1 paper → not this name': you changed it since, in an action already left out"):
        seeded.undo(cluster.id)
    assert states(seeded, cluster.id)[ids[0]] == DecisionState(Verdict.UNSURE)


def test_a_redo_refused_for_another_reviewers_change_leaves_the_redo_history_and_redo_goes_on(seeded, cluster, ids, db_path):
    seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)
    seeded.decide(cluster.id, ids[1:2], Verdict.UNSURE)
    seeded.undo(cluster.id)
    seeded.undo(cluster.id)
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[:1], Verdict.PERSON)
    bobs = states(seeded, cluster.id)
    with pytest.raises(StepRefused, match="Cannot redo '1 paper → not this name': bob changed it since you undid it") as refused:
        seeded.redo(cluster.id)
    assert not refused.value.undoing and states(seeded, cluster.id) == bobs
    assert seeded.undo_redo_labels(cluster.id) == (None, "1 paper → unsure")
    assert seeded.redo(cluster.id).decisions == {ids[1]: DecisionState(Verdict.UNSURE)}
    assert seeded.undo_redo_labels(cluster.id) == ("1 paper → unsure", None)


def test_a_note_on_a_decision_another_reviewer_changed_since_is_refused(seeded, cluster, ids, db_path):
    """Found by a tester: alice saw paper 7 as Ajay Gupta's, bob rejected it, alice's note then landed on bob's
    rejection ("Saved: note on 1 paper"). The note is about the decision its writer saw: refused, nothing written."""
    seeded.decide(cluster.id, ids[:1], Verdict.PERSON)
    seen = {ids[0]: states(seeded, cluster.id)[ids[0]]}  # what this reviewer's window shows
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[:1], Verdict.REJECTED)
    with pytest.raises(ConflictError) as refused:
        seeded.annotate(cluster.id, ids[:1], "same IBM group", expected=seen)
    assert refused.value.paper_ids == [ids[0]]
    assert states(seeded, cluster.id)[ids[0]] == DecisionState(Verdict.REJECTED)  # bob's, with no note
    now = {ids[0]: states(seeded, cluster.id)[ids[0]]}
    seeded.annotate(cluster.id, ids[:1], "same IBM group", expected=now)  # seen now: the note goes on
    assert states(seeded, cluster.id)[ids[0]] == DecisionState(Verdict.REJECTED, None, "same IBM group")


def test_a_stale_decision_is_refused_saying_who_changed_its_papers(seeded, cluster, ids, db_path):
    """The refusal said "by another reviewer or window": now who changed each paper last, the reviewer's own
    other window as such."""
    seen = {paper_id: None for paper_id in ids[:3]}  # all undecided in this reviewer's window
    with Store(db_path, reviewer="bob") as bob, Store(db_path, reviewer="tester") as other_window:
        bob.decide(cluster.id, ids[:1], Verdict.REJECTED)
        other_window.decide(cluster.id, ids[1:2], Verdict.UNSURE)
    with pytest.raises(ConflictError) as refused:
        seeded.decide(cluster.id, ids[:3], Verdict.UNSURE, expected=seen)
    assert sorted(refused.value.paper_ids) == ids[:2] and refused.value.by == "bob and you in another window"
    assert set(states(seeded, cluster.id)) == set(ids[:2])  # nothing of it written
    with pytest.raises(ConflictError) as refused:
        seeded.decide(cluster.id, ids[:1], Verdict.UNSURE, expected={ids[0]: None})
    assert refused.value.by == "bob"


def test_a_refusal_of_a_stale_change_names_its_papers_and_says_nothing_of_it_was_saved():
    assert review.refused_as_stale("paper 3", 1, "bob", "7 papers → unsure") == (
        "Paper 3 was changed since by bob: nothing of '7 papers → unsure' was saved (a change is saved whole or not at all)."
    )
    assert review.refused_as_stale("papers 1 and 3", 2, "", "note on 2 papers").startswith(
        "Papers 1 and 3 were changed since, by another reviewer or window: nothing of 'note on 2 papers' was saved"
    )


def test_the_log_keeps_every_change_with_reviewer_and_time(seeded, cluster, ids, db_path):
    seeded.decide(cluster.id, [ids[0]], Verdict.PERSON)
    seeded.undo(cluster.id)
    seeded.redo(cluster.id)
    with sqlite3.connect(db_path) as connection:
        actions = connection.execute("SELECT kind, reviewer, at IS NOT NULL FROM review_action ORDER BY id").fetchall()
        changes = connection.execute(
            "SELECT old_verdict, new_verdict FROM decision_change ORDER BY id"
        ).fetchall()
    assert actions == [("decide", "tester", 1), ("undo", "tester", 1), ("redo", "tester", 1)]
    assert changes == [(None, "person"), ("person", None), (None, "person")]


def test_papers_and_people_of_other_clusters_are_refused(seeded, cluster, ids):
    with pytest.raises(NotFoundError):
        seeded.decide(cluster.id, [10_000], Verdict.PERSON)
    with pytest.raises(NotFoundError):
        seeded.decide(cluster.id, ids[:1], Verdict.PERSON, person_id=999)
    assert states(seeded, cluster.id) == {}


def test_decisions_are_rows_in_plain_sqlite(seeded, cluster, ids, db_path):
    """Each decide() has committed when it returns: another connection sees it."""
    seeded.decide(cluster.id, ids[:2], Verdict.REJECTED)
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM decision WHERE verdict = 'rejected'").fetchone() == (2,)


def test_undecided_state_is_falsy():
    assert not UNDECIDED.decided


def test_bulk_and_single_decisions_store_the_same_time_format(seeded, cluster, ids, db_path):
    """Bulk rows go to the driver directly; their times must still be stored as the column type writes them."""
    seeded.decide(cluster.id, ids[:1], Verdict.UNSURE)  # decided, then updated through SQLAlchemy
    seeded.decide(cluster.id, ids[1:], Verdict.REJECTED)  # inserted through the driver
    with sqlite3.connect(db_path) as connection:
        shapes = {len(at) for (at,) in connection.execute("SELECT decided_at FROM decision")}
    assert len(shapes) == 1
    exported = seeded.export_cluster(cluster.id)
    assert all(p["decided_at"].startswith("20") for p in exported["rejected"] + exported["unsure"])


@pytest.mark.parametrize("set_write", [1, 100])
def test_a_bulk_decision_over_papers_in_different_states_logs_each_and_undoes_each(seeded, cluster, ids, db_path, monkeypatch, set_write):
    """Papers with the same old and new state are written together (one statement, or one a paper below
    `SET_WRITE`): either way every paper gets its own log row and its own old state back."""
    monkeypatch.setattr(history, "SET_WRITE", set_write)
    seeded.decide(cluster.id, ids[:2], Verdict.PERSON)
    person = seeded.people(cluster.id)[0].id
    seeded.annotate(cluster.id, ids[1:2], "same venue")
    seeded.decide(cluster.id, ids[2:4], Verdict.UNSURE)
    seeded.decide(cluster.id, ids[4:5], Verdict.REJECTED)
    before = states(seeded, cluster.id)  # ids[5:] undecided
    assert len(before) == 5 and len(ids) == 7

    change = seeded.decide(cluster.id, list(reversed(ids)), Verdict.REJECTED)
    assert set(change.decisions) == set(ids) - {ids[4]}  # the rejected one did not change
    after = states(seeded, cluster.id)
    assert after == {**dict.fromkeys(ids, DecisionState(Verdict.REJECTED)), ids[1]: DecisionState(Verdict.REJECTED, None, "same venue")}
    with sqlite3.connect(db_path) as connection:
        logged = connection.execute(
            "SELECT paper_id, old_verdict, old_person_id, old_note, new_verdict, new_note FROM decision_change"
            " WHERE action_id = (SELECT max(id) FROM review_action)"
        ).fetchall()
    assert sorted(logged) == sorted([
        (ids[0], "person", person, None, "rejected", None),
        (ids[1], "person", person, "same venue", "rejected", "same venue"),
        (ids[2], "unsure", None, None, "rejected", None),
        (ids[3], "unsure", None, None, "rejected", None),
        (ids[5], None, None, None, "rejected", None),
        (ids[6], None, None, None, "rejected", None),
    ])

    seeded.undo(cluster.id)
    assert states(seeded, cluster.id) == before
    seeded.redo(cluster.id)
    assert states(seeded, cluster.id) == after
    seeded.decide(cluster.id, ids, None)  # cleared in one statement, then back
    assert states(seeded, cluster.id) == {}
    seeded.undo(cluster.id)
    assert states(seeded, cluster.id) == after
    entries = seeded.paper_history(cluster.id, ids[2])
    assert [(entry.kind, entry.old.verdict, entry.new.verdict) for entry in entries] == [
        ("decide", None, Verdict.UNSURE), ("decide", Verdict.UNSURE, Verdict.REJECTED), ("undo", Verdict.REJECTED, Verdict.UNSURE),
        ("redo", Verdict.UNSURE, Verdict.REJECTED), ("decide", Verdict.REJECTED, None), ("undo", None, Verdict.REJECTED),
    ]


def decided_by_and_at(db_path, cluster_id: int) -> dict[int, tuple[str, datetime]]:
    """Each decided paper's reviewer and time, as the decision table holds them (the exports give these)."""
    with closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute("SELECT paper_id, reviewer, decided_at FROM decision WHERE cluster_id = ?", (cluster_id,))
        return {paper_id: (reviewer, datetime.fromisoformat(at).replace(tzinfo=UTC)) for paper_id, reviewer, at in rows}


@pytest.mark.parametrize("set_write", [1, 100])
def test_an_undo_gives_back_each_verdicts_reviewer_and_time_and_a_redo_the_redone_actions(db_path, monkeypatch, set_write):
    """p36003 got Y at 09:29:23; a bulk decision holding it, undone at 09:35:40, left it decided at 09:35:40
    (and by the undoing reviewer), and the export said so. An undo puts back the decision as it was, with
    the reviewer and time of its verdict; a redo gives the redone action's (a note never changes them)."""
    monkeypatch.setattr(history, "SET_WRITE", set_write)  # the log's rows one a statement, or many in one
    t1, t2, t3, t4, t5, t6 = (datetime(2026, 11, 29, 9, minute, tzinfo=UTC) for minute in (29, 30, 31, 32, 35, 36))
    with clocked_seed(db_path, t1) as (store, clock, cluster_id, ids):
        store.decide(cluster_id, ids[:1], Verdict.PERSON)
        clock.now = t2
        store.decide(cluster_id, ids[1:3], Verdict.UNSURE)
        clock.now = t3
        store.annotate(cluster_id, ids[2:3], "same lab")  # the verdict stays ann's of t2
        before = decided_by_and_at(db_path, cluster_id)
        assert before == {ids[0]: ("ann", t1), ids[1]: ("ann", t2), ids[2]: ("ann", t2)}

        clock.now, store.reviewer = t4, "bo"
        store.decide(cluster_id, ids, Verdict.REJECTED)
        decided = dict.fromkeys(ids, ("bo", t4))
        assert decided_by_and_at(db_path, cluster_id) == decided
        clock.now = t5
        store.undo(cluster_id)
        assert decided_by_and_at(db_path, cluster_id) == before
        clock.now = t6
        store.redo(cluster_id)
        assert decided_by_and_at(db_path, cluster_id) == decided
        clock.now = t6 + timedelta(minutes=1)
        store.undo(cluster_id)  # once more: the log of the redo did not lose the old ones
        assert decided_by_and_at(db_path, cluster_id) == before
        exported = store.export_cluster(cluster_id)
        history_of_first = store.paper_history(cluster_id, ids[0])
    assert [(p["decided_by"], p["decided_at"]) for p in exported["people"][0]["papers"]] == [("ann", t1.isoformat())]
    assert [(p["decided_by"], p["decided_at"]) for p in exported["unsure"]] == [("ann", t2.isoformat())] * 2
    # The log still says who undid and redid, and when.
    assert [(entry.kind, entry.reviewer, entry.at) for entry in history_of_first] == [
        ("decide", "ann", t1), ("decide", "bo", t4), ("undo", "bo", t5), ("redo", "bo", t6), ("undo", "bo", t6 + timedelta(minutes=1)),
    ]


def test_merging_changes_brings_decisions_up_to_date_and_says_who_gained_papers():
    first, second = DecisionState(Verdict.PERSON, 1), DecisionState(Verdict.PERSON, 2)
    rejected = DecisionState(Verdict.REJECTED, None)
    decisions = {10: first, 11: first, 12: rejected}
    # Paper 10 moves from person 1 to 2, 11 is cleared, 12 goes from rejected to person 2, 13 is newly rejected.
    changes = {10: second, 11: UNDECIDED, 12: second, 13: rejected}
    assert history.people_moved(decisions, changes) == {1: -2, 2: 2}
    history.merge_decisions(decisions, changes)
    assert decisions == {10: second, 12: second, 13: rejected}
    # Without a person on either side nothing is counted.
    assert history.people_moved(decisions, {13: UNDECIDED, 14: rejected}) == {}


def test_ctrl_n_over_the_listings_statuses_finds_what_the_list_of_summaries_does():
    """`next_open_index` (list.index over statuses, for 200,000 clusters) against `next_open_cluster`, every case up to five."""
    from itertools import product

    from models.cluster_listing import ClusterListing, next_open_index
    from models.queries import ClusterSummary, next_open_cluster

    counts_for = {"not started": (0, 0), "in progress": (1, 0), "every paper decided, one unsure": (2, 1), "done": (2, 0)}
    for size in range(6):
        for statuses in product(counts_for, repeat=size):
            clusters = [
                ClusterSummary(n + 1, f"c{n}", f"C{n}", "arrow", papers=2, decided=counts_for[s][0], unsure=counts_for[s][1])
                for n, s in enumerate(statuses)
            ]
            listing = ClusterListing.of(clusters)
            for after in [None, 99, *range(1, size + 1)]:
                expected = next_open_cluster(clusters, after)
                index = next_open_index(listing.statuses, listing.index_of.get(after))
                assert (None if index is None else clusters[index]) == expected, (statuses, after)


def test_ctrl_n_in_a_filtered_list_goes_to_the_next_cluster_shown_not_done():
    from itertools import product

    from models.cluster_listing import next_open_among, next_open_index
    from models.queries import Status

    for size in range(6):
        for statuses in product((Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE), repeat=size):
            statuses = list(statuses)
            for after in [None, *range(size)]:
                assert next_open_among(statuses, range(size), after) == next_open_index(statuses, after)
                for shown in product((False, True), repeat=size):
                    shown = [i for i, kept in enumerate(shown) if kept]
                    order = shown if after is None else [i for i in shown if i > after] + [i for i in shown if i <= after]
                    expected = next((i for i in order if i != after and statuses[i] is not Status.DONE), None)
                    assert next_open_among(statuses, shown, after) == expected, (statuses, shown, after)


def test_papers_are_named_by_their_number_in_the_cluster():
    """As the # column shows them (from 1), a long list cut short: the refused undo's line names them."""
    from models.review import paper_numbers

    assert paper_numbers([1]) == "paper 2"
    assert paper_numbers([8, 1, 4]) == "papers 2, 5 and 9"
    assert paper_numbers(range(17)) == "papers 1, 2, 3, 4, 5 and 12 more"
    assert paper_numbers([]) == ""


def test_a_name_is_found_among_every_cluster_whatever_its_status():
    """What tells "no cluster has this name" from "the status filter hides it" (Ctrl+L, Ctrl+N)."""
    from models.cluster_listing import first_named

    keys = ["a oliveira", "ann lee", "bo lee"]
    assert first_named(keys, "lee") == 1
    assert first_named(keys, "") == 0
    assert first_named(keys, "zzzqqq") is None
    assert first_named([], "lee") is None


def test_a_decision_of_one_paper_is_said_by_its_number():
    from models.review import decision_label, naming_its_paper

    assert naming_its_paper(decision_label(1, Verdict.REJECTED), "paper 3,631") == "paper 3,631 → not this name"
    assert naming_its_paper(decision_label(1, Verdict.PERSON, "Lei Wang (2)"), "paper 7") == "paper 7 → Lei Wang (2)"
    assert naming_its_paper(decision_label(2, Verdict.UNSURE), "papers 1 and 2") == "2 papers → unsure"
    assert naming_its_paper(decision_label(1, Verdict.UNSURE), "") == "1 paper → unsure"  # not in the cluster shown


def test_a_change_queued_behind_a_waiting_one_is_checked_against_what_that_one_wrote():
    """models.review.seen_behind, without Qt: N waiting on paper 1, then Y on it. Once the N is saved, the Y is checked
    against the rejection it wrote; a change ahead that wrote nothing (refused, taken back) leaves what was shown."""
    from models.history import Change, DecisionState
    from models.review import seen_behind

    rejected = DecisionState(Verdict.REJECTED)
    shown = {1: None, 2: DecisionState(Verdict.UNSURE)}
    saved = Change(cluster_id=1, decisions={1: rejected, 3: DecisionState(Verdict.PERSON, 7)})
    assert seen_behind(shown, [saved]) == {1: rejected, 2: DecisionState(Verdict.UNSURE)}  # paper 3 is not this change's
    assert seen_behind(shown, [None]) == shown
    assert seen_behind(shown, [saved, Change(cluster_id=1, decisions={1: DecisionState(Verdict.UNSURE)})])[1] == DecisionState(Verdict.UNSURE)


def test_the_fit_column_holds_best_fits_for_papers_to_place_and_own_fits_for_papers_in_a_person(store):
    """models.evidence.column_fits, without Qt: undecided and unsure papers fit their best person, a paper in a person
    its own person's other papers, a rejected one nothing."""
    from models.evidence import EvidenceIndex, column_fits

    store.import_files([SEED_PAGE])
    cluster = store.clusters()[0]
    ids = [p.paper_id for p in store.load_cluster(cluster.id).papers]
    store.create_person(cluster.id, ids[:3])
    (person,) = store.load_cluster(cluster.id).people
    store.decide(cluster.id, ids[3:4], Verdict.UNSURE)
    store.decide(cluster.id, ids[4:5], Verdict.REJECTED)
    contents = store.load_cluster(cluster.id)
    fits = column_fits(contents, EvidenceIndex(contents, store.abstracts(cluster.id)))
    assert ids[4] not in fits
    assert all(fits[paper_id].person_id == person.id for paper_id in fits)
    assert set(ids[:3]) <= set(fits)  # each of the person's papers against the other two


def test_a_decision_that_changes_nothing_writes_no_step_and_undo_goes_past_it(seeded, cluster, ids, db_path):
    """A tester: Y on a paper already the first person's, U on an unsure one, said "Saved". The store writes nothing
    for them (no step, no backup count), so Ctrl+Z never undoes "nothing": it takes back the last real change."""
    seeded.decide(cluster.id, ids[:1], Verdict.PERSON)
    seeded.decide(cluster.id, ids[1:2], Verdict.UNSURE, note="check the venue")
    person = seeded.people(cluster.id)[0].id
    logged, counted = _actions(db_path), seeded.changes_since_backup
    for change in (
        seeded.decide(cluster.id, ids[:1], Verdict.PERSON),  # Y: the first person, as it is
        seeded.decide(cluster.id, ids[:1], Verdict.PERSON, person),  # 1
        seeded.decide(cluster.id, ids[1:2], Verdict.UNSURE),  # U keeps the note: nothing changes
        seeded.decide(cluster.id, ids[2:4], None),  # Backspace on undecided papers
    ):
        assert change.empty and change.action_id is None and change.label == ""
    assert _actions(db_path) == logged and seeded.changes_since_backup == counted
    assert seeded.undo_redo_labels(cluster.id) == ("1 paper → unsure", None)
    assert seeded.undo(cluster.id).label == "1 paper → unsure"
    assert states(seeded, cluster.id) == {ids[0]: DecisionState(Verdict.PERSON, person)}


def _actions(db_path) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT count(*) FROM review_action").fetchone()[0]


def test_changes_nothing_is_the_stores_own_test_of_a_decision_that_writes_nothing():
    person, unsure = DecisionState(Verdict.PERSON, 7), DecisionState(Verdict.UNSURE, None, "a note")
    assert review.changes_nothing([person], Verdict.PERSON, 7)
    assert review.changes_nothing([unsure], Verdict.UNSURE)  # the note is kept
    assert review.changes_nothing([None, UNDECIDED], None)
    assert not review.changes_nothing([person], Verdict.PERSON, 8)
    assert not review.changes_nothing([person, None], Verdict.PERSON, 7)  # one paper would change
    assert not review.changes_nothing([None], Verdict.PERSON, None)  # Y with no person yet makes one


def test_a_decision_that_changes_nothing_says_so_by_its_papers_numbers():
    assert review.nothing_to_save("paper 2", 1, Verdict.PERSON, "Cheng Chang") == "Paper 2 is already Cheng Chang: nothing to save."
    assert review.nothing_to_save("paper 3", 1, Verdict.UNSURE) == "Paper 3 is already unsure: nothing to save."
    assert review.nothing_to_save("papers 1 and 4", 2, Verdict.REJECTED) == "Papers 1 and 4 are already 'not this name': nothing to save."
    assert review.nothing_to_save("", 3, None) == "The 3 papers are already undecided: nothing to save."


def test_an_undo_names_its_papers_and_what_hides_them():
    from models.review import undone_line

    assert undone_line("Undone", "1 paper → Lei Wang", "paper 36", 1, 0, "") == "Undone: paper 36 → Lei Wang"
    assert undone_line("Redone", "31 papers → Lei Wang", "papers 1, 2, 3, 4, 5 and 26 more", 31, 0, "") == (
        "Redone: 31 papers → Lei Wang (papers 1, 2, 3, 4, 5 and 26 more)"
    )
    hidden_by = "the filter “elsa”: Esc clears it"
    assert undone_line("Undone", "1 paper → Lei Wang", "paper 21", 1, 1, hidden_by) == f"Undone: paper 21 → Lei Wang; hidden by {hidden_by}"
    assert undone_line("Undone", "2 papers → unsure", "papers 3 and 9", 2, 2, hidden_by).endswith(f"(papers 3 and 9); all hidden by {hidden_by}")
    assert undone_line("Undone", "2 papers → unsure", "papers 3 and 9", 2, 1, hidden_by).endswith(f"; 1 of them hidden by {hidden_by}")
    assert undone_line("Undone", "rename Lei Wang to Lei Wang (NTU)", "", 0, 0, "") == "Undone: rename Lei Wang to Lei Wang (NTU)"
