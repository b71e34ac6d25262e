"""People of a cluster, without Qt: create, assign, move, rename, edit, merge, remove; undo of each."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import arrow_page, paper
from models.errors import InvalidInput, NotFoundError, StepRefused
from models.orcid import normalize_orcid
from models.profiles import person_stats
from models.schema import Verdict
from models.store import Store


def people(store: Store, cluster_id: int) -> list[tuple[str, int]]:
    return [(p.label, p.papers) for p in store.people(cluster_id)]


def owners(store: Store, cluster_id: int) -> dict[int, str | None]:
    """Paper position -> the label of its person, or its verdict."""
    contents = store.load_cluster(cluster_id)
    labels = {p.id: p.label for p in contents.people}
    result = {}
    for row in contents.papers:  # not `paper`: the name of the test helper imported above
        state = contents.decisions.get(row.paper_id)
        if state is not None:
            result[row.position] = labels[state.person_id] if state.verdict is Verdict.PERSON else state.verdict.value
    return result


def test_create_takes_the_papers_and_a_default_label_at_once(seeded, cluster, ids):
    first = seeded.create_person(cluster.id, ids[:2])
    second = seeded.create_person(cluster.id, ids[2:3])
    assert people(seeded, cluster.id) == [("Shengen Yan", 2), ("Shengen Yan (2)", 1)]
    assert first.people and second.label == "new person Shengen Yan (2) with 1 paper"
    assert owners(seeded, cluster.id) == {0: "Shengen Yan", 1: "Shengen Yan", 2: "Shengen Yan (2)"}


def test_undo_of_create_removes_the_person_and_returns_its_papers(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:2])
    seeded.undo(cluster.id)
    assert people(seeded, cluster.id) == [] and owners(seeded, cluster.id) == {}
    seeded.redo(cluster.id)
    assert people(seeded, cluster.id) == [("Shengen Yan", 2)]


def test_y_goes_to_the_first_person_and_assigning_moves_papers(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:2])
    first, second = (p.id for p in seeded.people(cluster.id))
    seeded.decide(cluster.id, ids[2:4], Verdict.PERSON)  # Y: the first person
    seeded.decide(cluster.id, ids[:1], Verdict.PERSON, second)  # move paper 0 to person 2
    assert owners(seeded, cluster.id) == {0: "Shengen Yan (2)", 1: "Shengen Yan (2)", 2: "Shengen Yan", 3: "Shengen Yan"}
    seeded.undo(cluster.id)
    assert owners(seeded, cluster.id)[0] == "Shengen Yan"
    assert first != second


def test_rename_and_edit_profile_then_undo(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:1])
    (person,) = seeded.people(cluster.id)
    seeded.edit_person(cluster.id, person.id, label="Shengen Yan (SenseTime)")
    seeded.edit_person(
        cluster.id, person.id, display_name="Shengen Yan", affiliation="SenseTime Research",
        orcid="https://orcid.org/0000-0002-1825-0097", homepage="https://example.org/yan", note="NeurIPS/ICLR work",
    )
    (edited,) = seeded.people(cluster.id)
    assert (edited.label, edited.affiliation, edited.orcid, edited.homepage) == (
        "Shengen Yan (SenseTime)", "SenseTime Research", "0000-0002-1825-0097", "https://example.org/yan",
    )
    seeded.undo(cluster.id)
    assert seeded.people(cluster.id)[0].affiliation is None
    seeded.undo(cluster.id)
    assert seeded.people(cluster.id)[0].label == "Shengen Yan"


def test_invalid_profile_values_are_refused_and_change_nothing(seeded, cluster, ids, db_path):
    seeded.create_person(cluster.id, ids[:1])
    (person,) = seeded.people(cluster.id)
    with pytest.raises(InvalidInput, match="check digit should be 7"):
        seeded.edit_person(cluster.id, person.id, orcid="0000-0002-1825-0098")
    with pytest.raises(InvalidInput, match="cannot be empty"):
        seeded.edit_person(cluster.id, person.id, label="  ")
    with pytest.raises(InvalidInput, match="unknown profile fields"):
        seeded.edit_person(cluster.id, person.id, shoe_size="44")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM review_action").fetchone() == (1,)


def test_merge_moves_papers_and_fills_the_profile_then_undo(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:2])
    seeded.create_person(cluster.id, ids[2:5])
    keep, merged = (p.id for p in seeded.people(cluster.id))
    seeded.edit_person(cluster.id, merged, affiliation="Tsinghua University", note="from the R2R paper")
    seeded.merge_people(cluster.id, keep, merged)
    assert people(seeded, cluster.id) == [("Shengen Yan", 5)]
    (kept,) = seeded.people(cluster.id)
    assert (kept.affiliation, kept.note) == ("Tsinghua University", "from the R2R paper")
    seeded.undo(cluster.id)
    assert people(seeded, cluster.id) == [("Shengen Yan", 2), ("Shengen Yan (2)", 3)]
    assert seeded.people(cluster.id)[0].affiliation is None


def test_remove_returns_papers_to_undecided_then_undo(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:3])
    seeded.decide(cluster.id, ids[3:4], Verdict.REJECTED)
    (person,) = seeded.people(cluster.id)
    seeded.remove_person(cluster.id, person.id)
    assert people(seeded, cluster.id) == [] and owners(seeded, cluster.id) == {3: "rejected"}
    with pytest.raises(NotFoundError):
        seeded.decide(cluster.id, ids[:1], Verdict.PERSON, person.id)
    seeded.undo(cluster.id)
    assert owners(seeded, cluster.id) == {0: "Shengen Yan", 1: "Shengen Yan", 2: "Shengen Yan", 3: "rejected"}


def labels(store: Store, cluster_id: int) -> list[str]:
    return [label for label, _ in people(store, cluster_id)]


def test_an_undone_person_leaves_its_label_to_the_next(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:1])
    seeded.undo(cluster.id)
    for paper_id in ids[1:4]:
        seeded.create_person(cluster.id, [paper_id])
    assert labels(seeded, cluster.id) == ["Shengen Yan", "Shengen Yan (2)", "Shengen Yan (3)"]


def test_a_removed_persons_label_is_free_again(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:2])
    seeded.create_person(cluster.id, ids[2:3])
    seeded.remove_person(cluster.id, seeded.people(cluster.id)[1].id)
    seeded.create_person(cluster.id, ids[3:4])
    assert labels(seeded, cluster.id) == ["Shengen Yan", "Shengen Yan (3)", "Shengen Yan (2)"]
    seeded.undo(cluster.id)  # the new person goes, so the removed one can come back under its own label
    seeded.undo(cluster.id)
    assert labels(seeded, cluster.id) == ["Shengen Yan", "Shengen Yan (2)", "Shengen Yan (3)"]


def test_redo_brings_a_person_back_under_a_label_no_one_took(seeded, cluster, ids, db_path):
    seeded.create_person(cluster.id, ids[:2])
    seeded.undo(cluster.id)
    with Store(db_path, reviewer="other") as other:  # meanwhile another reviewer's new person takes the label
        other.create_person(cluster.id, ids[2:3])
    change = seeded.redo(cluster.id)
    assert change.people and labels(seeded, cluster.id) == ["Shengen Yan (2)", "Shengen Yan"]  # listed as created
    assert owners(seeded, cluster.id) == {0: "Shengen Yan (2)", 1: "Shengen Yan (2)", 2: "Shengen Yan"}
    seeded.undo(cluster.id)
    seeded.redo(cluster.id)
    assert labels(seeded, cluster.id) == ["Shengen Yan (2)", "Shengen Yan"]


def test_undo_of_a_removal_brings_the_person_back_under_a_label_no_one_took(seeded, cluster, ids, db_path):
    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:2])
    seeded.remove_person(cluster.id, seeded.people(cluster.id)[1].id)
    with Store(db_path, reviewer="other") as other:
        other.create_person(cluster.id, ids[2:3])  # "Shengen Yan (2)", free while the person was removed
    seeded.undo(cluster.id)
    assert labels(seeded, cluster.id) == ["Shengen Yan", "Shengen Yan (3)", "Shengen Yan (2)"]


def test_notes_on_decisions_and_the_paper_history(seeded, cluster, ids):
    seeded.decide(cluster.id, ids[:1], Verdict.UNSURE, note="venue fits, coauthors do not")
    seeded.decide(cluster.id, ids[:1], Verdict.REJECTED)  # the note stays with the decision
    seeded.annotate(cluster.id, ids[:1], "checked DBLP: another Shengen Yan")
    history = seeded.paper_history(cluster.id, ids[0])
    assert [(h.kind, h.old.verdict, h.new.verdict, h.new.note) for h in history] == [
        ("decide", None, Verdict.UNSURE, "venue fits, coauthors do not"),
        ("decide", Verdict.UNSURE, Verdict.REJECTED, "venue fits, coauthors do not"),
        ("note", Verdict.REJECTED, Verdict.REJECTED, "checked DBLP: another Shengen Yan"),
    ]
    assert all(h.reviewer == "tester" and h.at for h in history)
    seeded.undo(cluster.id)
    assert seeded.load_cluster(cluster.id).decisions[ids[0]].note == "venue fits, coauthors do not"


def test_undo_labels_say_what_will_be_taken_back(seeded, cluster, ids):
    seeded.decide(cluster.id, ids[:3], Verdict.REJECTED)
    seeded.create_person(cluster.id, ids[3:4])
    assert seeded.undo_redo_labels(cluster.id) == ("new person Shengen Yan with 1 paper", None)
    seeded.undo(cluster.id)
    assert seeded.undo_redo_labels(cluster.id) == ("3 papers → not this name", "new person Shengen Yan with 1 paper")


def test_person_stats(seeded, cluster, ids):
    seeded.create_person(cluster.id, ids)  # all seven
    (person,) = seeded.people(cluster.id)
    stats = person_stats(seeded.load_cluster(cluster.id), person.id)
    assert (stats.papers, stats.years) == (7, "2024–2025")
    assert stats.per_year == ((2024, 3), (2025, 4))
    assert stats.coauthors[0] == ("Enshu Liu", 4)
    assert stats.venues[0] == ("NeurIPS Conference", 4)


def two_row_cluster(store: Store):
    """A dblp cluster "Ann Lee" of two papers, each by its own author row; (the cluster, its contents, row ids by key)."""
    from models.records import AuthorMention, AuthorRowRecord, ClusterRecord, PaperRecord, ParsedSource

    records = [
        AuthorRowRecord("dblp", "Ann Lee 0001", "Ann Lee 0001"),
        AuthorRowRecord("dblp", "Ann Lee 0002", "Ann Lee 0002"),
        PaperRecord("dblp", "p1", "One", None, None, 2001, None, (AuthorMention("Ann Lee 0001", "Ann Lee 0001"),)),
        PaperRecord("dblp", "p2", "Two", None, None, 2002, None, (AuthorMention("Ann Lee 0002", "Ann Lee 0002"),)),
        ClusterRecord("Ann Lee", "dblp", ("p1", "p2")),
    ]
    store.import_parsed([ParsedSource("x.xml", "test", records=records)])
    (cluster,) = store.clusters()
    contents = store.load_cluster(cluster.id)
    return cluster, contents, {row.source_key: row.id for row in contents.author_rows}


def test_author_row_links(store, tmp_path):
    cluster, contents, rows = two_row_cluster(store)
    assert [p.name_row_ids for p in contents.papers] == [(rows["Ann Lee 0001"],), (rows["Ann Lee 0002"],)]
    store.create_person(cluster.id, [contents.papers[0].paper_id])
    (person,) = store.people(cluster.id)
    store.link_author_row(cluster.id, rows["Ann Lee 0001"], person.id)
    store.link_author_row(cluster.id, rows["Ann Lee 0002"], None, mixed=True)
    linked = {row.source_key: (row.person_id, row.mixed) for row in store.load_cluster(cluster.id).author_rows}
    assert linked == {"Ann Lee 0001": (person.id, False), "Ann Lee 0002": (None, True)}
    store.remove_person(cluster.id, person.id)  # its rows are unknown again
    assert {row.person_id for row in store.load_cluster(cluster.id).author_rows} == {None}
    store.undo(cluster.id)
    store.undo(cluster.id)
    linked = {row.source_key: (row.person_id, row.mixed) for row in store.load_cluster(cluster.id).author_rows}
    assert linked == {"Ann Lee 0001": (person.id, False), "Ann Lee 0002": (None, False)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
    ],
)
def test_orcid_forms(text, expected):
    assert normalize_orcid(text) == expected


def test_operations_on_another_clusters_person_are_refused(store, tmp_path):
    (tmp_path / "a.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    (tmp_path / "b.txt").write_text(arrow_page("Bo Chen", [paper("B", ["Bo Chen"])]))
    store.import_files([tmp_path / "a.txt", tmp_path / "b.txt"])
    ann, bo = store.clusters()
    store.create_person(ann.id, [store.load_cluster(ann.id).papers[0].paper_id])
    (ann_person,) = store.people(ann.id)
    with pytest.raises(NotFoundError):
        store.decide(bo.id, [store.load_cluster(bo.id).papers[0].paper_id], Verdict.PERSON, ann_person.id)
    with pytest.raises(NotFoundError):
        store.remove_person(bo.id, ann_person.id)


def test_undo_of_a_new_person_another_reviewer_gave_a_paper_is_refused(seeded, cluster, ids, db_path):
    """Undone, the person went and Bob's paper stayed on it: a decision for a person no one can see or change."""
    seeded.create_person(cluster.id, ids[:2])
    (person,) = seeded.people(cluster.id)
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[2:3], Verdict.PERSON, person.id)
    with pytest.raises(StepRefused, match="Cannot undo 'new person Shengen Yan with 2 papers': bob gave Shengen Yan 1 more paper since") as refused:
        seeded.undo(cluster.id)
    assert refused.value.paper_ids == ids[2:3]
    assert people(seeded, cluster.id) == [("Shengen Yan", 3)]
    assert owners(seeded, cluster.id) == {0: "Shengen Yan", 1: "Shengen Yan", 2: "Shengen Yan"}
    assert seeded.undo_redo_labels(cluster.id) == (None, None)  # left out of the history, as any refused step


def test_redo_of_a_removal_refuses_while_another_reviewer_has_a_paper_on_the_person(seeded, cluster, ids, db_path):
    seeded.create_person(cluster.id, ids[:2])
    (person,) = seeded.people(cluster.id)
    seeded.remove_person(cluster.id, person.id)
    seeded.undo(cluster.id)
    with Store(db_path, reviewer="bob") as bob:
        bob.decide(cluster.id, ids[2:3], Verdict.PERSON, person.id)
    with pytest.raises(StepRefused, match="Cannot redo 'remove Shengen Yan': bob gave Shengen Yan 1 more paper since you undid it"):
        seeded.redo(cluster.id)
    assert owners(seeded, cluster.id) == {0: "Shengen Yan", 1: "Shengen Yan", 2: "Shengen Yan"}


def test_undo_of_a_new_person_another_reviewer_said_an_author_row_is_is_refused(store, db_path):
    cluster, contents, rows = two_row_cluster(store)
    store.create_person(cluster.id, [contents.papers[0].paper_id])
    (person,) = store.people(cluster.id)
    with Store(db_path, reviewer="bob") as bob:
        bob.link_author_row(cluster.id, rows["Ann Lee 0002"], person.id)
    with pytest.raises(StepRefused, match="bob gave Ann Lee 1 author row since, and undo never removes a person holding work done since"):
        store.undo(cluster.id)
    assert [(p.label, p.papers) for p in store.people(cluster.id)] == [("Ann Lee", 1)]
    linked = {row.source_key: row.person_id for row in store.load_cluster(cluster.id).author_rows}
    assert linked == {"Ann Lee 0001": None, "Ann Lee 0002": person.id}


def test_a_person_removed_elsewhere_is_named_by_its_label_not_its_id(seeded, cluster, ids, db_path):
    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:2])
    gone = seeded.people(cluster.id)[1]
    with Store(db_path, reviewer="bob") as bob:
        bob.remove_person(cluster.id, gone.id)
    for act in (
        lambda: seeded.decide(cluster.id, ids[2:3], Verdict.PERSON, gone.id),  # "2", or a drop on its card
        lambda: seeded.edit_person(cluster.id, gone.id, label="Shengen Yan (PKU)"),
        lambda: seeded.merge_people(cluster.id, seeded.people(cluster.id)[0].id, gone.id),
    ):
        with pytest.raises(NotFoundError) as refused:
            act()
        assert str(refused.value) == "'Shengen Yan (2)' is no longer a person of this cluster: it was removed (or merged into another) since, in another window or by another reviewer"
        assert refused.value.label == "Shengen Yan (2)"



def test_an_edit_is_labelled_by_what_it_changed_and_its_undo_by_what_it_puts_back(seeded, cluster, ids):
    """A tester: the Undo button read "Undo edit person" and its status line "Undone: edit person", naming neither
    the person nor the names."""
    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:2])
    second = seeded.people(cluster.id)[1].id
    assert seeded.edit_person(cluster.id, second, label="Shengen Yan (UIC)").label == "rename Shengen Yan (2) to Shengen Yan (UIC)"
    assert seeded.undo_redo_labels(cluster.id)[0] == "rename Shengen Yan (2) to Shengen Yan (UIC)"
    profile = dict(label="Shengen Yan (UIC)", display_name="Shengen Yan", affiliation="UIC", orcid=None, homepage=None, note="ICPP")
    assert seeded.edit_person(cluster.id, second, **profile).label == "edit the affiliation and note of Shengen Yan (UIC)"  # the dialog's fields
    both = seeded.edit_person(cluster.id, second, label="Shengen Yan (SenseTime)", affiliation="SenseTime Research").label
    assert both == "rename Shengen Yan (UIC) to Shengen Yan (SenseTime) and edit its affiliation"

    assert seeded.undo(cluster.id).label == "rename Shengen Yan (SenseTime) back to Shengen Yan (UIC) and put back its affiliation"
    assert seeded.undo(cluster.id).label == "put back the affiliation and note of Shengen Yan (UIC)"
    assert seeded.undo(cluster.id).label == "rename Shengen Yan (UIC) back to Shengen Yan (2)"
    assert seeded.undo_redo_labels(cluster.id) == ("new person Shengen Yan (2) with 1 paper", "rename Shengen Yan (2) to Shengen Yan (UIC)")
    assert seeded.redo(cluster.id).label == "rename Shengen Yan (2) to Shengen Yan (UIC)"  # the step again, as it was done
    assert people(seeded, cluster.id) == [("Shengen Yan", 1), ("Shengen Yan (UIC)", 1)]


def test_a_rename_to_another_persons_label_is_refused_naming_who_holds_it_and_how_to_merge(seeded, cluster, ids, db_path):
    """A tester renamed "Philip J. Smith (2)" to "Philip J. Smith", which person 1 held: it was saved, and the Decide
    menu, the Fit column and the export named two people alike."""
    seeded.create_person(cluster.id, ids[:1])
    seeded.create_person(cluster.id, ids[1:2])
    first, second = seeded.people(cluster.id)
    for taken in ("Shengen Yan", " shengen  yan "):  # case and spacing aside, it reads alike
        with pytest.raises(InvalidInput) as refused:
            seeded.edit_person(cluster.id, second.id, label=taken)
        assert str(refused.value) == (
            "“Shengen Yan” is the name of person 1: two people cannot have one name. To make them one person, merge "
            "instead: right-click Shengen Yan (2) in the people panel (or select it there and press the menu key), then Merge into → Shengen Yan."
        )
    assert [p.label for p in seeded.people(cluster.id)] == ["Shengen Yan", "Shengen Yan (2)"]
    seeded.edit_person(cluster.id, first.id, label="shengen yan")  # its own name, in other letters: no one else's
    seeded.edit_person(cluster.id, second.id, label="Shengen Yan (UIC)")
    assert [p.label for p in seeded.people(cluster.id)] == ["shengen yan", "Shengen Yan (UIC)"]


def test_rename_refusal_is_a_rule_without_a_store():
    from models.person_labels import rename_refusal

    people = [(7, "Lei Wang"), (9, "Lei Wang (2)"), (12, "Lei Wang (NTU)")]
    assert rename_refusal("Lei Wang (3)", people, 9) is None
    assert rename_refusal("Lei Wang (2)", people, 9) is None  # as it is
    assert rename_refusal("lei wang (ntu)", people, 9).startswith("“Lei Wang (NTU)” is the name of person 3:")
    assert rename_refusal("  ", people, 9) == "A person's name cannot be empty: type one, or Esc keeps Lei Wang (2)."
