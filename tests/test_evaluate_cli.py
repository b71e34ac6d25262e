"""`namesake evaluate`: the engine and three baselines scored on data with true persons."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from conftest import SHARED_DATA
from gui.cli import main
from models.formats.arnetminer import parse

NAMES = ["Bin Yu.xml", "David Brown.xml", "Jim Gray.xml"]
FOLDER = SHARED_DATA / "arnetminer"
pytestmark = pytest.mark.skipif(not FOLDER.exists(), reason="../shared/data is not here")


def true_groups(path) -> dict[str, set[frozenset[str]]]:
    """name → the true persons, as sets of paper keys, read straight from the file."""
    from models.records import ClusterRecord, ReferenceLabel

    records = list(parse(path).records)
    name = next(r.name for r in records if isinstance(r, ClusterRecord))
    people: dict[str, set[str]] = defaultdict(set)
    for label in (r for r in records if isinstance(r, ReferenceLabel)):
        people[label.person].add(label.paper_key)
    return {name: {frozenset(p) for p in people.values()}}


def test_json_figures_for_each_name_and_method(capsys, tmp_path):
    paths = [str(FOLDER / name) for name in NAMES]
    predictions = tmp_path / "predictions.json"
    assert main(["evaluate", "--json", "--predictions", str(predictions), *paths]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert [n["name"] for n in figures["names"]] == ["Bin Yu", "David Brown", "Jim Gray"]
    assert set(figures["macro"]) == {"engine", "all_in_one", "each_alone", "coauthor_components"}
    for name in figures["names"]:
        alone = name["each_alone"]
        assert (alone["pairwise_f1"], alone["bcubed_precision"], alone["actions_per_paper"]) == (0.0, 1.0, 1.0)
        assert name["all_in_one"]["bcubed_recall"] == 1.0
        assert name["engine"]["lower_bound_per_paper"] == name["engine"]["persons"] / name["engine"]["papers"]
    written = json.loads(predictions.read_text())
    truth = {}
    for name in NAMES:
        truth |= true_groups(FOLDER / name)
    for name, groups in written.items():  # every paper in exactly one predicted group
        keys = [key for group in groups.values() for key in group]
        assert sorted(keys) == sorted(key for person in truth[name] for key in person)


def test_recomputing_from_the_predictions_gives_the_same_figures(capsys, tmp_path):
    from models.evaluation import evaluate_cluster

    path = FOLDER / "Jim Gray.xml"
    predictions = tmp_path / "p.json"
    assert main(["evaluate", "--json", "--predictions", str(predictions), str(path)]) == 0
    reported = json.loads(capsys.readouterr().out)["names"][0]["engine"]
    (name, persons), = true_groups(path).items()
    labels = {key: number for number, person in enumerate(persons) for key in person}
    groups = [set(g) for g in json.loads(predictions.read_text())[name].values()]
    again = evaluate_cluster(groups, labels)
    assert (again.pairwise.f1, again.bcubed.f1, again.actions) == pytest.approx(
        (reported["pairwise_f1"], reported["bcubed_f1"], reported["actions_per_paper"] * reported["papers"])
    )


def test_a_folder_stands_for_its_files_and_the_table_is_readable(capsys):
    assert main(["evaluate", str(FOLDER)]) == 0
    out = capsys.readouterr().out
    assert "macro over 55 names" in out and "coauthor_components" in out and "lower bound" in out


def test_data_without_labels_is_refused(capsys):
    from conftest import SEED_PAGE

    assert main(["evaluate", str(SEED_PAGE)]) == 1
    assert "none of these files has reference labels" in capsys.readouterr().err


def test_the_progress_line_is_written_to_a_terminal_only(capsys, monkeypatch):
    """In a log file or a pipe, every name being evaluated stayed on stderr, run together by carriage returns."""
    import sys

    paths = [str(FOLDER / name) for name in NAMES[:2]]
    assert main(["evaluate", *paths]) == 0
    assert capsys.readouterr().err == ""  # captured: not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(["evaluate", *paths]) == 0
    assert "\rBin Yu" in capsys.readouterr().err  # a terminal: the name being evaluated


@pytest.mark.parametrize("mode", ["zip", "w:gz", "w"], ids=["zip", "tar.gz", "tar"])
def test_an_archive_is_evaluated_as_the_files_it_holds(capsys, tmp_path, mode):
    """`import` reads a zip or tar as the folder it holds; `evaluate` refused it as "binary data, not text"."""
    import tarfile
    import zipfile

    archive = tmp_path / ("names.zip" if mode == "zip" else "names.tar")
    if mode == "zip":
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
            for name in NAMES[:2]:
                packed.write(FOLDER / name, f"names/{name}")
    else:
        with tarfile.open(archive, mode) as packed:
            for name in NAMES[:2]:
                packed.add(FOLDER / name, f"names/{name}")
    assert main(["evaluate", "--json", *(str(FOLDER / name) for name in NAMES[:2])]) == 0
    from_files = json.loads(capsys.readouterr().out)
    assert main(["evaluate", "--json", str(archive)]) == 0
    assert json.loads(capsys.readouterr().out) == from_files
