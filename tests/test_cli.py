"""The command line: the same store, no window."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_PAGE, read_only_engine
from gui.cli import main
from models.schema import Verdict
from models.store import Store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_prints_what_it_imported_and_its_warnings(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    assert code == 0
    assert "7 papers added" in out and "clusters: Shengen Yan" in out
    assert "warning: " in out and "ViDiT-Q" in out and "at most 8 authors" in out


def test_a_reimport_names_the_decided_papers_whose_text_it_changed(capsys, db_path, tmp_path):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    with Store(db_path) as store:
        cluster = store.clusters()[0]
        store.decide(cluster.id, [store.load_cluster(cluster.id).papers[6].paper_id], Verdict.PERSON)
    page = tmp_path / "shengen-yan.txt"
    page.write_text(SEED_PAGE.read_text(encoding="utf-8").replace("  • Luning Wang\n", "  • Luning Wang 0001\n"), encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(page))
    assert code == 0
    assert out.splitlines()[0].endswith(
        "; 1 decided paper changed, its decision was made on the old text: "
        "paper 7 'Evaluating Quantized Large Language Models' (authors) in Shengen Yan"
    )


def test_clusters_json(capsys, db_path):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    code, out, _ = run(capsys, "--db", str(db_path), "clusters", "--json")
    assert code == 0
    (cluster,) = json.loads(out)
    assert {k: cluster[k] for k in ("name", "papers", "author_rows", "decided", "status")} == {
        "name": "Shengen Yan", "papers": 7, "author_rows": 2, "decided": 0, "status": "not started",
    }


def test_clusters_table(capsys, db_path):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    code, out, _ = run(capsys, "--db", str(db_path), "clusters")
    assert code == 0
    assert out.splitlines()[0].split() == ["cluster", "papers", "decided", "unsure", "status"]
    assert out.splitlines()[1].split() == ["Shengen", "Yan", "7", "0", "0", "not", "started"]


def test_clusters_say_how_many_unsure_papers_keep_a_decided_cluster_in_progress(capsys, db_path):
    """A tester: "decided": 11 and "status": "in progress" for an 11/11 cluster, and no word of why (1 unsure paper),
    where the window says "11 / 11 · 1 unsure"."""
    with Store(db_path, reviewer="ann") as store:
        store.import_files([SEED_PAGE])
        cluster = store.clusters()[0]
        papers = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        store.decide(cluster.id, papers[:6], Verdict.PERSON)
        store.decide(cluster.id, papers[6:], Verdict.UNSURE)
    code, out, _ = run(capsys, "--db", str(db_path), "clusters", "--json")
    (listed,) = json.loads(out)
    assert code == 0 and {k: listed[k] for k in ("papers", "decided", "unsure", "status")} == {
        "papers": 7, "decided": 7, "unsure": 1, "status": "in progress",
    }
    code, out, _ = run(capsys, "--db", str(db_path), "clusters")
    assert out.splitlines()[1].split() == ["Shengen", "Yan", "7", "7", "1", "in", "progress"]


def test_a_reader_that_leaves_early_gets_no_traceback(capsys, db_path, monkeypatch):
    import io
    import os

    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `| head` does once it has its lines
    closed_pipe = io.TextIOWrapper(open(write_end, "wb", buffering=0), write_through=True)
    monkeypatch.setattr(sys, "stdout", closed_pipe)
    assert main(["--db", str(db_path), "clusters"]) == 1
    assert capsys.readouterr().err == ""
    closed_pipe.write("after")  # stdout now leads nowhere, quietly
    closed_pipe.close()


def test_ctrl_c_in_an_import_keeps_nothing_of_it_and_says_so(capsys, db_path, tmp_path, monkeypatch):
    from conftest import arrow_page, paper

    second = tmp_path / "ann.txt"
    second.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))

    def interrupted_in_the_second_file(status) -> None:
        if status.file_number == 2:  # the first file's papers are written by now, not yet committed
            raise KeyboardInterrupt

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # the progress line is shown on a terminal only
    monkeypatch.setattr("gui.cli._progress_line", interrupted_in_the_second_file)
    code, out, err = run(capsys, "--db", str(db_path), "import", str(SEED_PAGE), str(second))
    assert code == 130 and out == ""
    assert err.strip() == "namesake: interrupted; nothing of this import was kept (an import is all or nothing)"
    with Store(db_path) as store:
        assert store.clusters() == []


def test_export_to_a_file_and_to_stdout(capsys, db_path, tmp_path):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    with Store(db_path, reviewer="cli") as store:
        cluster = store.clusters()[0]
        first = store.load_cluster(cluster.id).papers[0].paper_id
        store.decide(cluster.id, [first], Verdict.PERSON)
    target = tmp_path / "out.json"
    code, _, err = run(capsys, "--db", str(db_path), "export", "--cluster", "shengen YAN", "--format", "json", "-o", str(target))
    assert code == 0 and "exported Shengen Yan" in err
    exported = json.loads(target.read_text())
    assert exported["cluster"]["name"] == "Shengen Yan"
    assert [len(p["papers"]) for p in exported["people"]] == [1]
    assert len(exported["undecided"]) == 6
    assert exported["people"][0]["label"] == "Shengen Yan"
    code, out, _ = run(capsys, "--db", str(db_path), "export", "--cluster", "Shengen Yan")
    assert code == 0 and json.loads(out)["people"] == exported["people"]


def test_a_database_that_does_not_exist_is_said_and_not_made_by_a_command_that_only_reads(capsys, tmp_path):
    mistyped = tmp_path / "no-such-folder" / "reveiw.sqlite3"
    for command in (["clusters"], ["export", "--all"]):
        code, out, err = run(capsys, "--db", str(mistyped), *command)
        assert code == 1 and out == ""
        assert err.strip() == f"namesake: error: {mistyped}: no such database (`namesake --db {mistyped} import FILE...` makes one)"
    assert not mistyped.parent.exists()  # it made the folders and an empty database, and listed nothing
    code, _, _ = run(capsys, "--db", str(mistyped), "import", str(SEED_PAGE))
    assert code == 0 and mistyped.exists()  # an import still makes one


def test_export_without_a_format_writes_what_the_file_name_says(capsys, db_path, tmp_path):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    code, _, err = run(capsys, "--db", str(db_path), "export", "--cluster", "Shengen Yan", "-o", str(tmp_path / "sy.csv"))
    assert code == 0 and "as csv" in err
    assert (tmp_path / "sy.csv").read_text().startswith("cluster,person_id,person_label")  # CSV's header; it had been JSON
    code, _, err = run(capsys, "--db", str(db_path), "export", "--cluster", "Shengen Yan", "-o", str(tmp_path / "sy.out"))
    assert code == 0 and "as json" in err and json.loads((tmp_path / "sy.out").read_text())["cluster"]["name"] == "Shengen Yan"


def test_errors_name_the_file_exit_non_zero_and_change_nothing(capsys, db_path, tmp_path):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    bad = tmp_path / "notes.txt"
    bad.write_text("a shopping list\n")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"namesake: error: {bad}:1: not a format Namesake reads")
    assert "Arrow author name cluster page" in err  # it says what it does read
    code, _, err = run(capsys, "--db", str(db_path), "export", "--cluster", "Nobody")
    assert code == 1 and "no cluster named 'nobody'" in err
    code, out, _ = run(capsys, "--db", str(db_path), "clusters", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Shengen Yan"]


def test_the_installed_command_runs(db_path):
    result = subprocess.run(
        [sys.executable, "-m", "gui.cli", "--db", str(db_path), "import", str(SEED_PAGE)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "7 papers added" in result.stdout


def test_a_command_on_an_older_database_says_it_upgrades_it_once(capsys, tmp_path):
    import shutil

    from conftest import ROOT

    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "namesake-schema-1.sqlite3", copy)
    assert main(["--db", str(copy), "clusters"]) == 0
    first = capsys.readouterr()
    assert f"Upgrading {copy} for this version of Namesake (once" in first.err and "Shengen Yan" in first.out
    assert main(["--db", str(copy), "clusters"]) == 0
    assert "Upgrading" not in capsys.readouterr().err


def test_a_read_only_database_is_said_in_one_line_without_a_traceback(capsys, db_path, monkeypatch):
    run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    monkeypatch.setattr("models.store.open_engine", read_only_engine)  # opened as a file its user may not write
    code, out, err = run(capsys, "--db", str(db_path), "import", str(ROOT / "tests" / "data" / "namesake-input-example.json"))
    assert code == 1 and out == ""
    assert err == f"namesake: error: {db_path}: cannot write the database (attempt to write a readonly database)\n"
    monkeypatch.undo()
    code, out, _ = run(capsys, "--db", str(db_path), "clusters", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Shengen Yan"]  # nothing of the import was kept


def files_under(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_a_refused_import_makes_no_database_nor_its_folders(capsys, tmp_path):
    """`namesake --db new.sqlite3 import missing.xml`: refused, exit 1, and a new, empty database of 160 KB
    (with its lock file and folders) where there had been none."""
    new = tmp_path / "new" / "place" / "review.sqlite3"
    missing = tmp_path / "missing.xml"
    code, out, err = run(capsys, "--db", str(new), "import", str(missing))
    assert code == 1 and out == ""
    assert err.strip() == f"namesake: error: {missing}: cannot read the file: No such file or directory"
    assert files_under(tmp_path) == []
    (tmp_path / "notes.txt").write_text("a shopping list\n")  # refused for what is in it, after the database is open
    code, _, err = run(capsys, "--db", str(new), "import", str(tmp_path / "notes.txt"))
    assert code == 1 and "not a format Namesake reads" in err
    assert files_under(tmp_path) == ["notes.txt"]


def test_a_refused_import_leaves_a_database_that_was_there_even_an_empty_one(capsys, tmp_path):
    empty = tmp_path / "empty.sqlite3"
    Store(empty).close()
    before = files_under(tmp_path)
    code, _, _ = run(capsys, "--db", str(empty), "import", str(tmp_path / "missing.xml"))
    assert code == 1 and files_under(tmp_path) == before == ["empty.sqlite3", "empty.sqlite3.lock"]


def test_a_refused_import_leaves_what_was_beside_the_new_database(capsys, tmp_path):
    new = tmp_path / "review.sqlite3"
    (tmp_path / "review.sqlite3.lock").write_text("")  # left by an earlier database of that name
    code, _, _ = run(capsys, "--db", str(new), "import", str(tmp_path / "missing.xml"))
    assert code == 1 and files_under(tmp_path) == ["review.sqlite3.lock"]


def test_ctrl_c_in_an_import_into_a_new_database_leaves_none(capsys, db_path, monkeypatch):
    def interrupted(_status) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr("gui.cli._progress_line", interrupted)
    code, _, _ = run(capsys, "--db", str(db_path), "import", str(SEED_PAGE))
    assert code == 130 and files_under(db_path.parent) == []


def test_a_new_database_another_program_opened_meanwhile_is_left_to_it(tmp_path):
    from models.errors import SourceError
    from models.made_database import taken_back_if_refused

    new = tmp_path / "review.sqlite3"
    with pytest.raises(SourceError):
        with taken_back_if_refused(new), Store(new):
            other = Store(new)  # a window opened on it while the import ran
            raise SourceError("missing.xml", None, "cannot read the file")
    try:
        assert new.exists()
    finally:
        other.close()
    with Store(new) as store:
        assert store.is_empty()
