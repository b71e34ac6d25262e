"""Exports of curated profiles: every format, checked by reading it back."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from importlib import resources

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from conftest import arrow_page, clocked_seed, paper
from models import history
from models.schema import Verdict

SCHEMA = json.loads((resources.files("resources") / "schemas" / "namesake-export.schema.json").read_text())
TRICKY_TITLE = "Über {Braces} & 100% of Müller's Ångström_x #1 $5 ~ café"
TRICKY_AUTHORS = ["José Müller", "Łukasz Ørsted", "Zoë Ann Lee", "Bo Chen 0002"]


def validate(document: dict) -> None:
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def split(seeded):
    """The seed cluster split: two people, one rejected, one unsure, one undecided."""
    cluster = seeded.clusters()[0]
    ids = [p.paper_id for p in seeded.load_cluster(cluster.id).papers]
    seeded.create_person(cluster.id, ids[:3])
    seeded.create_person(cluster.id, ids[3:4])
    first, second = (p.id for p in seeded.people(cluster.id))
    seeded.edit_person(cluster.id, first, affiliation="SenseTime Research", orcid="0000-0002-1825-0097")
    seeded.decide(cluster.id, ids[4:5], Verdict.REJECTED, note="another Shengen Yan")
    seeded.decide(cluster.id, ids[5:6], Verdict.UNSURE)
    return seeded, cluster


def test_json_export_of_one_cluster_matches_the_schema(split):
    store, cluster = split
    document = json.loads(store.export([cluster.id], "json")[""])
    validate(document)
    assert [(p["label"], len(p["papers"])) for p in document["people"]] == [("Shengen Yan", 3), ("Shengen Yan (2)", 1)]
    first = document["people"][0]
    assert (first["affiliation"], first["orcid"], first["id"]) == ("SenseTime Research", "0000-0002-1825-0097", "shengen yan/1")
    assert first["papers"][0]["author_position"] == 4 and first["papers"][0]["decided_by"] == "tester"
    assert document["people"][1]["papers"][0]["author_position"] is None  # ViDiT-Q: name not in view
    assert [p["note"] for p in document["rejected"]] == ["another Shengen Yan"]
    assert (len(document["unsure"]), len(document["undecided"])) == (1, 1)
    assert "decided_by" not in document["undecided"][0]


def test_json_export_of_several_clusters_is_a_collection(split, tmp_path):
    store, cluster = split
    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    store.import_files([tmp_path / "ann.txt"])
    document = json.loads(store.export([c.id for c in store.clusters()], "json")[""])
    validate(document)
    assert document["format"] == "namesake-export"
    assert [c["cluster"]["name"] for c in document["clusters"]] == ["Ann Lee", "Shengen Yan"]


def test_the_schema_rejects_an_undecided_paper_posing_as_decided(split):
    store, cluster = split
    document = json.loads(store.export([cluster.id], "json")[""])
    document["undecided"][0]["decided_by"] = "someone"
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_csv_has_one_row_per_person_and_paper(split):
    store, cluster = split
    rows = list(csv.DictReader(io.StringIO(store.export([cluster.id], "csv")[""])))
    assert [(r["person_label"], r["title"][:10]) for r in rows] == [
        ("Shengen Yan", "Distilled "), ("Shengen Yan", "Linear Com"), ("Shengen Yan", "R2R: Effic"),
        ("Shengen Yan (2)", "ViDiT-Q: E"),
    ]
    assert rows[0]["orcid"] == "0000-0002-1825-0097" and rows[0]["author_position"] == "4"
    assert rows[0]["authors"].startswith("Enshu Liu; Qian Chen")


def bibtex_entries(text: str) -> list:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert not library.failed_blocks, library.failed_blocks
    return library.entries


def test_bibtex_reads_back_with_the_same_titles_authors_and_years(split):
    store, cluster = split
    entries = bibtex_entries(store.export([cluster.id], "bibtex")[""])
    contents = store.load_cluster(cluster.id)
    person_papers = [p for p in contents.papers if p.paper_id in contents.decisions and contents.decisions[p.paper_id].person_id]
    assert [e.fields_dict["title"].value for e in entries] == [p.title for p in person_papers]
    assert [e.fields_dict["year"].value for e in entries] == [str(p.year) for p in person_papers]
    assert entries[1].fields_dict["author"].value[:3] == ["Enshu Liu", "Junyi Zhu", "Zinan Lin"]  # dblp suffixes dropped
    assert {e.entry_type for e in entries} == {"inproceedings"}
    assert len({e.key for e in entries}) == len(entries)


def test_bibtex_escapes_braces_accents_percent_and_ampersand(store, tmp_path):
    (tmp_path / "tricky.txt").write_text(arrow_page("José Müller", [paper(TRICKY_TITLE, TRICKY_AUTHORS, venue="Journal of Ünits 2021 Journal Article")]))
    store.import_files([tmp_path / "tricky.txt"])
    cluster = store.clusters()[0]
    store.create_person(cluster.id, [p.paper_id for p in store.load_cluster(cluster.id).papers])
    text = store.export([cluster.id], "bibtex")[""]
    assert r"\&" in text and r"\%" in text and r"{\"u}" in text and r"\{Braces\}" in text
    (entry,) = bibtex_entries(text)
    assert entry.entry_type == "article"
    assert entry.fields_dict["title"].value == TRICKY_TITLE
    assert entry.fields_dict["author"].value == ["José Müller", "Łukasz Ørsted", "Zoë Ann Lee", "Bo Chen"]
    assert entry.fields_dict["journal"].value == "Journal of Ünits"


def test_s2and_gold_labels_have_matching_signatures(split):
    store, cluster = split
    files = store.export([cluster.id], "s2and")
    clusters = json.loads(files["clusters.json"])
    signatures = json.loads(files["signatures.json"])
    papers = json.loads(files["papers.json"])
    assert {cid: len(c["signature_ids"]) for cid, c in clusters.items()} == {"shengen yan/1": 3, "shengen yan/2": 1}
    for label in clusters.values():
        for signature_id in label["signature_ids"]:
            signature = signatures[signature_id]
            assert str(signature["paper_id"]) in papers
    first = signatures[clusters["shengen yan/1"]["signature_ids"][0]]
    assert (first["author_info"]["first"], first["author_info"]["last"], first["author_info"]["block"]) == ("Shengen", "Yan", "s yan")
    assert first["author_info"]["position"] == 3


def test_whoiswho_gold_labels(split):
    store, cluster = split
    labels = json.loads(store.export([cluster.id], "whoiswho")[""])
    contents = store.load_cluster(cluster.id)
    keys = [p.source_key for p in contents.papers]
    assert labels == {"shengen_yan": {"shengen yan/1": keys[:3], "shengen yan/2": keys[3:4]}}


def test_undecided_papers_are_in_no_export_as_decided(seeded):
    cluster = seeded.clusters()[0]
    for fmt in ("csv", "bibtex", "whoiswho"):
        text = "".join(seeded.export([cluster.id], fmt).values())
        assert "Distilled Decoding" not in text
    assert json.loads(seeded.export([cluster.id], "s2and")["clusters.json"]) == {}


def test_an_export_tells_its_progress_and_stops_when_told_to(split):
    from models.errors import ExportCancelled

    store, cluster = split
    cluster_id = cluster.id
    told = []
    files = store.export([cluster_id] * 3, "json", told.append)
    assert told == [1, 2, 3] and len(json.loads(files[""])["clusters"]) == 3

    def stop_after_two(gathered: int) -> None:
        if gathered == 2:
            raise ExportCancelled("the export was cancelled")

    with pytest.raises(ExportCancelled):
        store.export([cluster_id] * 3, "json", stop_after_two)


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_the_json_written_cluster_by_cluster_is_the_document_json_would_write_whole(split, count, monkeypatch):
    from models.exports.gather import collection

    store, cluster = split
    # One moment for both: read on each side of a second's turn, the two exported_at differed (14:48:28, 14:48:29).
    moment = store._clock()
    monkeypatch.setattr(store, "_clock", lambda: moment)
    exported_at = store._now_text()
    whole = [store.export_cluster(cluster.id)] * count
    expected = whole[0] if count == 1 else collection(whole, exported_at)
    written = store.export([cluster.id] * count, "json")[""]
    assert written == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture
def exports_folder(tmp_path):
    """A folder of its own: the database and its lock are in `tmp_path`."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex", "s2and", "whoiswho"])
def test_an_export_to_files_writes_what_the_export_renders(split, exports_folder, fmt):
    store, cluster = split
    rendered = store.export([cluster.id] * 2, fmt)
    target = exports_folder / "out"
    written = store.export_to([cluster.id] * 2, fmt, target)
    if list(rendered) == [""]:
        assert written == [target] and target.read_bytes().decode("utf-8") == rendered[""]
    else:
        assert sorted(p.name for p in written) == sorted(rendered)
        assert all((target / name).read_bytes().decode("utf-8") == text for name, text in rendered.items())


def test_an_export_to_a_file_writes_each_cluster_before_gathering_the_next(split, exports_folder):
    """Memory stays flat: what was gathered is already in the (temporary) file, not held until the end."""
    store, cluster = split
    target = exports_folder / "all.json"
    sizes = []

    def measure(_gathered: int) -> None:
        (temporary,) = exports_folder.glob(".all.json.*.tmp")
        sizes.append(temporary.stat().st_size)

    store.export_to([cluster.id] * 10, "json", target, measure)
    # Python's file buffer holds 8 KB, about a cluster here: the file grows as the clusters come, and
    # before the last is added, most of the document is on disk already.
    final = target.stat().st_size
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] and sizes[-1] > final * 0.8
    assert len(json.loads(target.read_text())["clusters"]) == 10


def test_a_stopped_export_to_a_file_leaves_the_old_file_and_no_temporary_one(split, exports_folder):
    from models.errors import ExportCancelled

    store, cluster = split
    target = exports_folder / "profiles.csv"
    target.write_text("the old export\n")

    def stop_after_two(gathered: int) -> None:
        if gathered == 2:
            raise ExportCancelled("the export was cancelled")

    with pytest.raises(ExportCancelled):
        store.export_to([cluster.id] * 3, "csv", target, stop_after_two)
    assert target.read_text() == "the old export\n"
    assert sorted(p.name for p in exports_folder.iterdir()) == ["profiles.csv"]
    with pytest.raises(ExportCancelled):
        store.export_to([cluster.id] * 3, "s2and", exports_folder / "gold", stop_after_two)
    assert not (exports_folder / "gold").exists()


def test_an_export_that_cannot_be_written_says_where_and_why_and_writes_nothing(split, exports_folder):
    from models.errors import ExportNotWritten

    store, cluster = split
    missing = exports_folder / "no such folder" / "profiles.json"
    with pytest.raises(ExportNotWritten) as raised:
        store.export_to([cluster.id], "json", missing)
    assert str(raised.value) == f"The export could not be written to {missing}: No such file or directory. Nothing was written."
    (exports_folder / "a file").write_text("kept\n")
    with pytest.raises(ExportNotWritten, match="File exists"):
        store.export_to([cluster.id], "s2and", exports_folder / "a file")  # a folder format over a file
    assert (exports_folder / "a file").read_text() == "kept\n"
    assert sorted(p.name for p in exports_folder.iterdir()) == ["a file"]


@pytest.mark.parametrize(
    ("path", "chosen", "written_as"),
    [
        ("profiles.csv", "json", "csv"),  # the file's name says CSV: JSON inside it had been written without a word
        ("Profiles.BIB", "json", "bibtex"),
        ("gold.json", "csv", "json"),
        ("gold.json", "whoiswho", "whoiswho"),  # whoiswho's files are JSON too: the choice stands
        ("out.txt", "csv", "csv"),  # no format's ending: the choice stands
        ("folder", "s2and", "s2and"),
    ],
)
def test_a_file_named_for_another_format_is_written_in_that_format(path, chosen, written_as):
    from models.exports import format_for

    assert format_for(path, chosen) == written_as


@pytest.mark.parametrize("set_write", [1, 100])
def test_a_note_written_later_keeps_the_verdicts_time_and_reviewer(db_path, monkeypatch, set_write):
    """ArkVale decided at 03:59:02, a note added at 04:01:14: the exports gave decided_at 04:01:14. The
    time (and reviewer) exported are the verdict's; the history keeps when and by whom the note was written.
    Either way of writing (a statement a paper, or one for many: `SET_WRITE`)."""
    monkeypatch.setattr(history, "SET_WRITE", set_write)
    decided, noted = datetime(2025, 6, 2, 3, 59, 2, tzinfo=UTC), datetime(2025, 6, 2, 4, 1, 14, tzinfo=UTC)
    with clocked_seed(db_path, decided) as (store, clock, cluster_id, ids):
        store.decide(cluster_id, ids[:2], Verdict.PERSON)
        clock.now, store.reviewer = noted, "bo"
        store.annotate(cluster_id, ids[:2], "ArkVale: same lab")
        exported = store.export_cluster(cluster_id)
        rows = list(csv.DictReader(io.StringIO(store.export([cluster_id], "csv")[""])))
        history_of_first = store.paper_history(cluster_id, ids[0])
    validate(exported)
    papers = exported["people"][0]["papers"]
    assert [(p["decided_by"], p["decided_at"], p["note"]) for p in papers] == [("ann", decided.isoformat(), "ArkVale: same lab")] * 2
    assert [(row["decided_by"], row["decided_at"], row["note"]) for row in rows] == [("ann", decided.isoformat(), "ArkVale: same lab")] * 2
    assert [(entry.kind, entry.reviewer, entry.at, entry.new.note) for entry in history_of_first] == [
        ("decide", "ann", decided, None), ("note", "bo", noted, "ArkVale: same lab"),
    ]


def test_an_undo_exports_the_verdict_it_put_back_with_its_own_reviewer_and_time(db_path):
    """ann decided a paper at 09:29:23; bo decided it otherwise, then undid that at 09:35:40: the export gave
    bo's undo time (and could give bo) for ann's verdict. It gives ann's, from when she gave it."""
    ann_at, bo_at, undone_at = (datetime(2026, 11, 29, 9, m, s, tzinfo=UTC) for m, s in ((29, 23), (33, 0), (35, 40)))
    with clocked_seed(db_path, ann_at) as (store, clock, cluster_id, ids):
        store.decide(cluster_id, ids[:1], Verdict.PERSON)
        clock.now, store.reviewer = bo_at, "bo"
        store.decide(cluster_id, ids[:1], Verdict.REJECTED)
        clock.now = undone_at
        store.undo(cluster_id)
        rows = list(csv.DictReader(io.StringIO(store.export([cluster_id], "csv")[""])))
        exported = store.export_cluster(cluster_id)
    validate(exported)
    assert [(row["decided_by"], row["decided_at"]) for row in rows] == [("ann", "2026-11-29T09:29:23+00:00")]
    assert [(p["decided_by"], p["decided_at"]) for p in exported["people"][0]["papers"]] == [("ann", ann_at.isoformat())]


def exported_people(store, cluster_id: int, fmt: str) -> list[str]:
    """The people an export of the cluster holds, as the format names them: their ids (BibTeX: their labels)."""
    files = store.export([cluster_id], fmt)
    if fmt == "json":
        return [person["id"] for person in json.loads(files[""])["people"]]
    if fmt == "csv":
        return list(dict.fromkeys(row["person_id"] for row in csv.DictReader(io.StringIO(files[""]))))
    if fmt == "bibtex":
        return re.findall(r"^% Person: (.*) \([^()]*\), cluster ", files[""], re.MULTILINE)
    if fmt == "s2and":
        return list(json.loads(files["clusters.json"]))
    return [person for people in json.loads(files[""]).values() for person in people]


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex", "s2and", "whoiswho"])
def test_a_person_whose_papers_all_went_to_another_is_in_no_export(store, fmt):
    """Rafael Alonso: person 2's five papers all moved into person 1, and the cluster done; the gold labels held
    'rafael alonso/28': [] and the JSON an empty profile. A person holding no paper is no profile, even with
    an ORCID iD, a note and an author row the reviewer gave it: those stay in the database, not in an export."""
    from test_people import two_row_cluster

    cluster, contents, rows = two_row_cluster(store)
    first_paper, second_paper = (p.paper_id for p in contents.papers)
    store.create_person(cluster.id, [first_paper])
    store.create_person(cluster.id, [second_paper])
    kept, emptied = store.people(cluster.id)
    store.edit_person(cluster.id, emptied.id, orcid="0000-0002-1825-0097", note="the same Ann Lee as person 1?")
    store.link_author_row(cluster.id, rows["Ann Lee 0002"], emptied.id)
    assert exported_people(store, cluster.id, fmt) == (["Ann Lee", "Ann Lee (2)"] if fmt == "bibtex" else ["ann lee/1", "ann lee/2"])
    store.decide(cluster.id, [second_paper], Verdict.PERSON, kept.id)
    assert store.cluster(cluster.id).status.value == "done"
    assert exported_people(store, cluster.id, fmt) == (["Ann Lee"] if fmt == "bibtex" else ["ann lee/1"])
    assert [p.label for p in store.people(cluster.id)] == ["Ann Lee", "Ann Lee (2)"]  # still there, to put papers in


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex", "s2and", "whoiswho"])
def test_a_person_whose_only_paper_was_made_unsure_is_in_no_export(split, fmt):
    store, cluster = split
    (second_only,) = [p.paper_id for p in store.load_cluster(cluster.id).papers][3:4]
    store.decide(cluster.id, [second_only], Verdict.UNSURE)
    assert exported_people(store, cluster.id, fmt) == (["Shengen Yan"] if fmt == "bibtex" else ["shengen yan/1"])


def test_the_json_export_without_a_person_holding_no_paper_still_matches_the_schema(split, tmp_path):
    store, cluster = split
    (second_only,) = [p.paper_id for p in store.load_cluster(cluster.id).papers][3:4]
    store.decide(cluster.id, [second_only], Verdict.REJECTED)
    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    store.import_files([tmp_path / "ann.txt"])
    ann = store.find_cluster("Ann Lee")
    store.create_person(ann.id)  # a person made before any paper was given to it
    document = json.loads(store.export([c.id for c in store.clusters()], "json")[""])
    validate(document)
    assert [[p["label"] for p in c["people"]] for c in document["clusters"]] == [[], ["Shengen Yan"]]
    emptied = json.loads(store.export([cluster.id], "json")[""])
    emptied["people"].append({**emptied["people"][0], "id": "shengen yan/2", "papers": []})
    with pytest.raises(jsonschema.ValidationError):  # the schema says so too: a person holds a paper
        validate(emptied)
