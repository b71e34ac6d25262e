"""Re-importing a changed source: no paper's text changes unseen.

A tester re-imported a changed copy of the Shengen Yan page whose new paper followed the last abstract
without a blank line: it became part of "Evaluating Quantized Large Language Models"'s abstract, a decided
paper, and the summary said only "2 updated". The page is now read right, a page that cannot be is refused,
and a decided paper whose text an import changes is named in the summary.
"""

from __future__ import annotations

import json

import pytest

from conftest import SEED_PAGE, table_contents
from models.errors import SourceError
from models.schema import Verdict

EVALUATING = "Evaluating Quantized Large Language Models"
ARKVALE = "ArkVale: Efficient Generative LLM Inference with Recallable Key-Value Eviction"
NEW_PAPER = "ICLR Conference 2024 Conference Paper\n\nA New Paper on Sparse Attention\n\n  • Ann Lee\n  • Shengen Yan\n\nWe study sparse attention.\n"


def _seed_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


def _edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _changed_copy() -> str:
    """The tester's copy: a title edited, R2R taken out, a paper added right under the last abstract."""
    text = _edited(_seed_text(), "DiTFastAttn: Attention Compression for Diffusion Transformer Models", "DiTFastAttn: Attention Compression for DiTs")
    r2r = text.index("NeurIPS Conference 2025 Conference Paper\n\nR2R:")
    text = text[:r2r] + text[text.index("ICLR Conference 2025 Conference Paper\n\nViDiT-Q") :]
    return text.rstrip("\n") + "\n" + NEW_PAPER  # no blank line before the new paper's venue line


def _papers_by_title(store) -> dict:
    cluster = store.clusters()[0]
    return {paper.title: paper for paper in store.load_cluster(cluster.id).papers}


def _abstract(store, paper_id: int) -> str:
    return store.abstract(paper_id)


def _decide(store, *titles: str) -> None:
    cluster = store.clusters()[0]
    by_title = _papers_by_title(store)
    store.decide(cluster.id, [by_title[title].paper_id for title in titles], Verdict.PERSON)


def test_the_testers_changed_copy_adds_its_new_paper_and_leaves_the_decided_abstract_alone(seeded, tmp_path):
    _decide(seeded, EVALUATING)
    evaluating = _papers_by_title(seeded)[EVALUATING].paper_id
    before = _abstract(seeded, evaluating)
    page = tmp_path / "shengen-yan.txt"
    page.write_text(_changed_copy(), encoding="utf-8")

    (report,) = seeded.import_files([page])

    assert _abstract(seeded, evaluating) == before and len(before) == 1_207
    by_title = _papers_by_title(seeded)
    assert "A New Paper on Sparse Attention" in by_title
    assert _abstract(seeded, by_title["A New Paper on Sparse Attention"].paper_id) == "We study sparse attention."
    assert (report.papers_added, report.papers_updated) == (2, 0)  # the new paper; the edited title is a new key
    assert not [w for w in report.warnings if "declares" in w]
    assert report.decided_changed == ""


def test_a_page_that_cannot_be_read_for_sure_is_refused_and_changes_nothing(seeded, db_path, tmp_path):
    _decide(seeded, EVALUATING)
    page = tmp_path / "shengen-yan.txt"
    text = _changed_copy().replace("\n\nA New Paper on Sparse Attention\n", "\nA New Paper on Sparse Attention\n")
    page.write_text(text, encoding="utf-8")
    before = table_contents(db_path)
    with pytest.raises(SourceError) as refused:
        seeded.import_files([page])
    assert refused.value.line == text.split("\n").index("ICLR Conference 2024 Conference Paper") + 1
    assert str(refused.value).startswith(f"{page}:{refused.value.line}: a venue line inside the abstract of {EVALUATING!r}")
    assert table_contents(db_path) == before


def test_a_reimport_that_changes_decided_papers_names_them_with_what_changed(seeded, db_path, tmp_path):
    _decide(seeded, EVALUATING, ARKVALE)
    text = _edited(_seed_text(), "  • Beiquan Cao\n", "  • Beiquan Cao 0001\n")  # ArkVale, paper 5: its authors
    text = _edited(text, "Post-training quantization (PTQ) has emerged", "Post-training quantization (PTQ), it is known, has emerged")
    text = _edited(text, "Diffusion Transformers (DiT) excel", "Diffusion Transformers excel")  # DiTFastAttn: undecided
    page = tmp_path / "shengen-yan.txt"
    page.write_text(text, encoding="utf-8")

    (report,) = seeded.import_files([page])

    said = (
        "2 decided papers changed, their decisions were made on the old text: paper 5 'ArkVale: Efficient Generative LLM "
        f"Inference with Recallable…' (authors) in Shengen Yan, paper 7 {EVALUATING!r} (abstract) in Shengen Yan"
    )
    assert (report.papers_updated, report.decided_changed) == (3, said)
    assert report.summary().endswith("; " + said)
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT summary FROM import_log ORDER BY id DESC").fetchone()[0].endswith(said)
    (again,) = seeded.import_files([page])
    assert (again.papers_unchanged, again.decided_changed) == (7, "")


def test_an_undecided_paper_changed_is_counted_only(seeded, tmp_path):
    page = tmp_path / "shengen-yan.txt"
    page.write_text(_edited(_seed_text(), "Diffusion Transformers (DiT) excel", "DiTs excel"), encoding="utf-8")
    (report,) = seeded.import_files([page])
    assert (report.papers_updated, report.decided_changed) == (1, "")


def _jsonl(path, papers: list[dict]):
    header = {"type": "header", "format": "namesake-input", "version": 1, "source": "t"}
    path.write_text("\n".join(json.dumps(line) for line in [header, *papers]) + "\n")
    return path


def _paper(key: str, title: str, authors: list[str], **more) -> dict:
    return {"type": "paper", "key": key, "title": title, "authors": authors, **more}


def test_a_keyed_source_names_a_changed_title_and_what_only_a_file_of_the_import_left_changed(store, tmp_path):
    first = [_paper("a", "Old title", ["Ann Lee"]), _paper("b", "Kept title", ["Ann Lee"]), _paper("c", "Third", ["Ann Lee"])]
    store.import_files([_jsonl(tmp_path / "first.jsonl", first)])
    cluster = store.clusters()[0]
    papers = store.load_cluster(cluster.id).papers
    store.decide(cluster.id, [paper.paper_id for paper in papers], Verdict.PERSON)
    # One import of two files: the first changes a's title and b's abstract; the second puts b back as it was.
    changed = [_paper("a", "New title", ["Ann Lee"]), _paper("b", "Kept title", ["Ann Lee"], abstract="An abstract now.")]
    back = [_paper("b", "Kept title", ["Ann Lee"])]
    reports = store.import_files([_jsonl(tmp_path / "changed.jsonl", changed), _jsonl(tmp_path / "back.jsonl", back)])
    assert [report.decided_changed for report in reports] == [
        "1 decided paper changed, its decision was made on the old text: paper 1 'New title' (title) in Ann Lee", ""
    ]


def test_more_decided_papers_than_are_named_are_counted(store, tmp_path):
    from models.decided_changes import NAMED

    papers = [_paper(f"k{n}", f"Paper {n}", ["Ann Lee"]) for n in range(NAMED + 3)]
    store.import_files([_jsonl(tmp_path / "first.jsonl", papers)])
    cluster = store.clusters()[0]
    store.decide(cluster.id, [paper.paper_id for paper in store.load_cluster(cluster.id).papers], Verdict.PERSON)
    (report,) = store.import_files([_jsonl(tmp_path / "second.jsonl", [dict(p, abstract="New.") for p in papers])])
    assert report.decided_changed.startswith(f"{NAMED + 3} decided papers changed")
    assert report.decided_changed.count("(abstract) in Ann Lee") == NAMED
    assert report.decided_changed.endswith(f"paper {NAMED} 'Paper {NAMED - 1}' (abstract) in Ann Lee and 3 more")


def test_a_decided_papers_changed_year_and_venue_are_named(store, tmp_path):
    """A tester's changed year (2005 → 2004) of a decided paper went unsaid: only title, authors and abstract counted."""
    first = [_paper("a", "A paper", ["Ann Lee"], year=2005, venue="VLDB"), _paper("b", "B paper", ["Ann Lee"], year=2001)]
    store.import_files([_jsonl(tmp_path / "first.jsonl", first)])
    cluster = store.clusters()[0]
    store.decide(cluster.id, [paper.paper_id for paper in store.load_cluster(cluster.id).papers], Verdict.PERSON)
    second = [_paper("a", "A paper", ["Ann Lee"], year=2004, venue="VLDB J."), _paper("b", "B paper", ["Ann Lee"], year=2001)]
    (report,) = store.import_files([_jsonl(tmp_path / "second.jsonl", second)])
    assert report.decided_changed == (
        "1 decided paper changed, its decision was made on the old text: paper 1 'A paper' (year, venue) in Ann Lee"
    )


R2R = "NeurIPS Conference 2025 Conference Paper\n\nR2R:"


def _without_r2r(text: str) -> str:
    """The page with R2R taken out, and counted out of its declared 7."""
    start = text.index(R2R)
    text = text[:start] + text[text.index("ICLR Conference 2025 Conference Paper\n\nViDiT-Q") :]
    return _edited(_edited(text, "\n7 papers\n", "\n6 papers\n"), "Possible papers\n\n7\n", "Possible papers\n\n6\n")


def test_a_decided_paper_the_file_no_longer_lists_is_named_and_again_when_listed_again(seeded, tmp_path):
    """A cluster's list (an Arrow page) that drops a decided paper said only its counts; so did the list giving it back."""
    cluster = seeded.clusters()[0]
    r2r = next(paper for title, paper in _papers_by_title(seeded).items() if title.startswith("R2R"))
    seeded.decide(cluster.id, [r2r.paper_id], Verdict.REJECTED)
    page = tmp_path / "shengen-yan.txt"
    page.write_text(_without_r2r(_seed_text()), encoding="utf-8")

    (report,) = seeded.import_files([page])

    title = r2r.title if len(r2r.title) <= 60 else r2r.title[:59].rstrip() + "…"
    number = next(row for row, paper in enumerate(seeded.load_cluster(cluster.id).papers, 1) if paper.paper_id == r2r.paper_id)
    said = f"1 decided paper is listed otherwise: paper {number} {title!r} in Shengen Yan (decided: not this name) is no longer in the file"
    assert report.decided_listing == said and report.summary().endswith("; " + said)
    from models.decided_changes import decided_changes_headline

    assert decided_changes_headline([report]) == "1 decided paper is listed otherwise: the summary names them."
    page.write_text(_seed_text(), encoding="utf-8")
    (again,) = seeded.import_files([page])
    assert again.decided_listing.endswith("in Shengen Yan (decided: not this name) is listed again")
    (unchanged,) = seeded.import_files([page])
    assert unchanged.decided_listing == ""


def test_a_decided_paper_that_no_longer_carries_the_name_is_named(store, tmp_path):
    """Namesake JSON: a decided paper whose authors no longer include the cluster's name was only "updated"."""
    first = [_paper("q1", "Kept", ["Zed Quux", "Co Author"]), _paper("q5", "Renamed", ["Zed Quux", "Co Author"])]
    store.import_files([_jsonl(tmp_path / "first.jsonl", first)])
    zed = next(cluster for cluster in store.clusters() if cluster.name == "Zed Quux")
    papers = store.load_cluster(zed.id).papers
    store.create_person(zed.id, [paper.paper_id for paper in papers], label="Zed Quux (lab)")
    second = [_paper("q1", "Kept", ["Zed Quux", "Co Author"]), _paper("q5", "Renamed", ["Zed Q. Other", "Co Author"])]
    (report,) = store.import_files([_jsonl(tmp_path / "second.jsonl", second)])
    assert report.decided_listing == "1 decided paper is listed otherwise: paper 2 'Renamed' in Zed Quux (decided: Zed Quux (lab)) no longer carries the name"



MAKES = "Linear Combination of Saved Checkpoints Makes Consistency and Diffusion Models Better"


def test_a_corrected_title_or_year_on_an_arrow_page_names_the_new_paper_beside_the_decided_one(seeded, tmp_path):
    """Tester 3 corrected "Makes" to "Make" and ICML 2024 to 2023 on a re-imported page: Arrow keys a paper by its
    venue line and title, so both came as new undecided papers, and the summary said "2 papers added" and the decided
    ones "no longer in the file" as two facts. It now names the new paper beside the decided one."""
    _decide(seeded, EVALUATING, MAKES)
    text = _edited(_seed_text(), MAKES, MAKES.replace("Makes", "Make"))
    text = _edited(text, f"ICML Conference 2024 Conference Paper\n\n{EVALUATING}", f"ICML Conference 2023 Conference Paper\n\n{EVALUATING}")
    text = text.rstrip("\n") + "\n\n" + NEW_PAPER  # a new paper with other authors: named beside nothing
    page = tmp_path / "shengen-yan.txt"
    page.write_text(text, encoding="utf-8")

    (report,) = seeded.import_files([page])

    assert report.papers_added == 3
    said = report.decided_listing
    assert said.startswith("2 decided papers are listed otherwise: ")
    assert (
        "paper 9 'Linear Combination of Saved Checkpoints Makes Consistency a…' in Shengen Yan (decided: Shengen Yan) "
        "is no longer in the file; the file now has paper 2 'Linear Combination of Saved Checkpoints Make Consistency an…' "
        "with the same authors (title changed), undecided: decide it again"
    ) in said
    assert (
        f"paper 10 {EVALUATING!r} in Shengen Yan (decided: Shengen Yan) is no longer in the file; the file now has paper 7 "
        f"{EVALUATING!r} with the same authors (year changed), undecided: decide it again"
    ) in said
    assert "Sparse Attention" not in said


def test_a_paper_left_out_is_not_paired_with_a_new_one_by_other_authors(seeded, tmp_path):
    _decide(seeded, EVALUATING)
    text = _seed_text()
    start = text.index(f"ICML Conference 2024 Conference Paper\n\n{EVALUATING}")
    page = tmp_path / "shengen-yan.txt"  # Evaluating left out; a paper of another title and other authors added
    page.write_text(text[:start] + NEW_PAPER, encoding="utf-8")
    (report,) = seeded.import_files([page])
    assert report.decided_listing.endswith(f"{EVALUATING!r} in Shengen Yan (decided: Shengen Yan) is no longer in the file")
