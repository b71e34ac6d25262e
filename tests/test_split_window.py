"""Splitting a cluster into people at the window: keys, drag and drop, the people panel."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from gui.papers_model import View
from gui.people_panel import PAPER_IDS_MIME
from models.schema import Verdict
from test_main_window import CTRL, SHIFT, click_row, current_row, open_window, press  # noqa: F401


def owners(store) -> dict[int, str]:
    """Paper position -> its person's label or verdict, from the database."""
    cluster = store.clusters()[0]
    contents = store.load_cluster(cluster.id)
    labels = {p.id: p.label for p in contents.people}
    return {
        p.position: labels[s.person_id] if s.verdict is Verdict.PERSON else s.verdict.value
        for p in contents.papers
        if (s := contents.decisions.get(p.paper_id))
    }


def test_split_the_seed_cluster_by_keyboard(qtbot, seeded):
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_Y)  # paper 0 → the first person, created on first use
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)  # papers 1 and 2 selected
    press(qtbot, window, Qt.Key.Key_P)  # → a new person, "Shengen Yan (2)"
    assert current_row(window) == 3
    press(qtbot, window, Qt.Key.Key_2)  # paper 3 → person 2
    press(qtbot, window, Qt.Key.Key_N)  # paper 4 → not this name
    press(qtbot, window, Qt.Key.Key_1)  # paper 5 → person 1
    assert owners(seeded) == {
        0: "Shengen Yan", 1: "Shengen Yan (2)", 2: "Shengen Yan (2)", 3: "Shengen Yan (2)", 4: "rejected", 5: "Shengen Yan",
    }
    model = window.side.people_model
    assert [(model.person_at(r).label, model.person_at(r).papers) for r in range(2)] == [("Shengen Yan", 2), ("Shengen Yan (2)", 3)]
    number, person, stats, conflicted = model.data(model.index(1), Qt.ItemDataRole.UserRole + 1)
    assert (number, stats.papers, stats.years, conflicted) == (2, 3, "2025", False)
    press(qtbot, window, Qt.Key.Key_9)  # no ninth person: nothing happens
    assert "no person 9" in window.statusBar().currentMessage()
    exported = json.loads(seeded.export([seeded.clusters()[0].id], "json")[""])
    assert [(p["label"], len(p["papers"])) for p in exported["people"]] == [("Shengen Yan", 2), ("Shengen Yan (2)", 3)]
    assert len(exported["rejected"]) == 1 and len(exported["undecided"]) == 1
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # takes back the new person and its two papers
    assert owners(seeded) == {0: "Shengen Yan"}
    assert window.side.people_model.rowCount() == 2  # one person, and "New person"


def drop_on_person(qtbot, window, row: int, paper_ids: list[int]) -> None:
    """Drag-enter, drag-move and drop events on the people list, as a drag from the table delivers them."""
    view = window.side.people
    data = QMimeData()
    data.setData(PAPER_IDS_MIME, json.dumps(paper_ids).encode())
    target = view.visualRect(view.model().index(row)).center()
    args = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(target, *args)
    QApplication.sendEvent(view.viewport(), enter)
    move = QDragMoveEvent(target, *args)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted(), "the people list refused the drag"
    drop = QDropEvent(target.toPointF(), *args)
    drop.setAccepted(False)  # as Qt delivers a drop: the view decides whether to accept it
    QApplication.sendEvent(view.viewport(), drop)


def test_split_by_drag_and_drop(qtbot, seeded):
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    data = window.papers.model.mimeData(window.papers.table.selectionModel().selectedIndexes())  # what a drag carries
    ids = json.loads(bytes(data.data(PAPER_IDS_MIME)).decode())
    assert len(ids) == 2
    drop_on_person(qtbot, window, 0, ids)  # row 0 is "New person" while there is nobody
    assert owners(seeded) == {0: "Shengen Yan", 1: "Shengen Yan"}
    third = window.papers.model.paper_at(2).paper_id
    drop_on_person(qtbot, window, 1, [third])  # "New person" again: now the second row
    drop_on_person(qtbot, window, 0, [window.papers.model.paper_at(3).paper_id])  # onto the first person
    assert owners(seeded) == {0: "Shengen Yan", 1: "Shengen Yan", 2: "Shengen Yan (2)", 3: "Shengen Yan"}
    whoiswho = json.loads(seeded.export([seeded.clusters()[0].id], "whoiswho")[""])
    assert [len(papers) for papers in whoiswho["shengen_yan"].values()] == [3, 1]


def test_rename_in_place_and_merge_and_remove_from_the_panel(qtbot, seeded):
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_P)
    model = window.side.people_model
    assert model.setData(model.index(1), "Shengen Yan (Tsinghua)")  # what the in-place editor does on Enter
    assert [p.label for p in seeded.people(seeded.clusters()[0].id)] == ["Shengen Yan", "Shengen Yan (Tsinghua)"]
    first, second = (model.person_at(r).id for r in range(2))
    window.side.people.merge_requested.emit(first, second)
    assert owners(seeded) == {0: "Shengen Yan", 1: "Shengen Yan"}
    window.side.people.remove_requested.emit(first)
    assert owners(seeded) == {} and model.rowCount() == 1
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert owners(seeded) == {0: "Shengen Yan", 1: "Shengen Yan"}


def test_views_show_one_person_or_one_decision_and_group_by_person(qtbot, seeded):
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_P)
    person = window.side.people_model.person_at(1)
    window.side.people.person_chosen.emit(person.id)
    assert window.papers.model.rowCount() == 1 and window.papers.view_choice.currentText() == f"Person: {person.label}"
    press(qtbot, window, Qt.Key.Key_U, CTRL)
    assert window.papers.model.rowCount() == 4
    window.papers.show_view(View("rejected"))
    assert [window.papers.model.paper_at(r).position for r in range(window.papers.model.rowCount())] == [0]
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    window.papers.group_box.setChecked(True)
    order = [window.papers.model.index(r, 1).data() for r in range(7)]
    assert order[:3] == ["1 Shengen Yan", "2 Shengen Yan (2)", "not this name"] and order[3:] == [""] * 4


def test_note_and_history_are_one_click_away(qtbot, seeded, monkeypatch):
    from gui.note_edit import NoteDialog

    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_K)
    monkeypatch.setattr(NoteDialog, "exec", lambda dialog: dialog.edit.setPlainText("coauthors differ; ask Tsinghua") or True)
    press(qtbot, window, Qt.Key.Key_C)
    assert window.papers.model.index(0, 1).data() == "unsure ✎"
    press(qtbot, window, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: "tester" in window.history.toPlainText())
    text = window.history.toPlainText()
    assert "tester" in text and "undecided → unsure" in text and "coauthors differ; ask Tsinghua" in text
    assert "note" in text


def test_cluster_list_filters_by_name_and_status(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper

    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_files([tmp_path / "ann.txt"])
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_Y)  # Ann Lee done
    clusters = window.clusters
    clusters.name_filter.setText("SHENG")
    assert [clusters.model.cluster_at(r).name for r in range(clusters.model.rowCount())] == ["Shengen Yan"]
    clusters.name_filter.clear()
    clusters.status_filter.setCurrentIndex(3)
    clusters.status_filter.activated.emit(3)
    assert [clusters.model.cluster_at(r).name for r in range(clusters.model.rowCount())] == ["Ann Lee"]
    assert clusters.progress.text() == "1 of 2 clusters done · 1 of 8 papers decided"


def test_an_empty_cluster_list_says_why_in_its_place(qtbot, seeded):
    """A name or status no cluster has left the list blank."""
    window = open_window(qtbot, seeded)
    clusters = window.clusters
    assert clusters.table.empty_text == ""
    clusters.name_filter.setText("Zzq")
    assert clusters.model.rowCount() == 0
    assert clusters.table.empty_text == "No cluster name contains “Zzq”: Esc in the filter clears it."
    clusters.name_filter.setText("Sheng")
    clusters.status_filter.setCurrentIndex(3)  # Done
    clusters.status_filter.activated.emit(3)
    assert clusters.table.empty_text == "No cluster with “Sheng” in its name is done yet: “Every status” shows the others."
    clusters.name_filter.clear()
    assert clusters.table.empty_text == "No cluster is done yet: “Every status” shows the others."
    image = clusters.table.viewport().grab().toImage()  # the line is painted where the rows would be
    assert any(image.pixelColor(x, y) != image.pixelColor(0, 0) for x in range(image.width()) for y in range(min(image.height(), 40)))
    clusters.status_filter.setCurrentIndex(0)
    clusters.status_filter.activated.emit(0)
    assert clusters.model.rowCount() == 1 and clusters.table.empty_text == ""


def test_export_dialog_scopes(qtbot, seeded, tmp_path):
    from gui.export_dialog import ExportDialog

    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_Y)
    dialog = ExportDialog(window.session.cluster, [], window.clusters.model.clusters(), window)
    qtbot.addWidget(dialog)
    dialog.scope_group.button(2).setChecked(True)  # every done cluster
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.path.setText(str(tmp_path / "done.csv"))
    assert [c.name for c in dialog.chosen_clusters()] == ["Shengen Yan"]
    window.export_to([c.id for c in dialog.chosen_clusters()], dialog.chosen_format(), dialog.chosen_path())
    window.session.runner.wait()
    qtbot.waitUntil((tmp_path / "done.csv").exists)
    assert len((tmp_path / "done.csv").read_text().splitlines()) == 8  # header and seven papers
    assert not dialog.scope_group.button(1).isEnabled()  # no cluster chosen in the list


def test_filtering_the_cluster_list_never_marks_a_cluster_that_is_not_open(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper

    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_files([tmp_path / "ann.txt"])
    window = open_window(qtbot, seeded)  # opens Ann Lee, the first not done
    clusters = window.clusters
    clusters.name_filter.setText("sheng")
    assert not clusters.table.selectionModel().hasSelection()
    assert window.windowTitle() == "Namesake — Ann Lee"
    clusters.name_filter.clear()
    assert clusters.chosen_clusters()[0].name == "Ann Lee"  # marked again once it is shown
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        click_row(qtbot, clusters.table, 1)  # choosing opens
    assert window.windowTitle() == "Namesake — Shengen Yan"


def test_the_people_list_is_repainted_in_place_and_keeps_its_selection(qtbot, seeded):
    """A decision resets the people list only when its people change, never for new counts."""
    window = open_window(qtbot, seeded)
    model, view = window.side.people_model, window.side.people
    press(qtbot, window, Qt.Key.Key_Y)  # the first person, created: a new row
    view.setCurrentIndex(model.index(0))
    resets, repaints = [], []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda top, bottom, _roles: repaints.append((top.row(), bottom.row())))
    window.papers.table.setFocus()
    press(qtbot, window, Qt.Key.Key_N)  # no one's papers change: nothing to repaint
    assert (resets, repaints) == ([], [])
    press(qtbot, window, Qt.Key.Key_1)  # the person's count changes: its row repainted where it is, no other
    assert resets == [] and repaints == [(0, 0)]
    assert model.person_at(0).papers == 2
    assert view.currentIndex().row() == 0  # the reviewer's place in the list is kept
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    press(qtbot, window, Qt.Key.Key_P)  # a new person: a row inserted above "New person", the selection kept
    assert resets == [] and inserted == [(1, 1)] and model.rowCount() == 3
    assert view.currentIndex().row() == 0


def test_ctrl_n_marks_only_the_cluster_it_opens_so_an_export_of_the_chosen_is_that_one(qtbot, seeded, tmp_path):
    """Ctrl is still held when Ctrl+N marks the next cluster: the list must not add it to the old mark."""
    from conftest import arrow_page, paper

    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    (tmp_path / "bo.txt").write_text(arrow_page("Bo Chen", [paper("B", ["Bo Chen"])]))
    seeded.import_files([tmp_path / "ann.txt", tmp_path / "bo.txt"])
    window = open_window(qtbot, seeded)  # opens Ann Lee, the first not done
    clusters = window.clusters
    assert [c.name for c in clusters.chosen_clusters()] == ["Ann Lee"]
    for expected in ("Bo Chen", "Shengen Yan"):
        with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
            press(qtbot, window, Qt.Key.Key_N, CTRL)
        assert window.windowTitle() == f"Namesake — {expected}"
        assert [c.name for c in clusters.chosen_clusters()] == [expected]


def test_ctrl_n_goes_through_the_clusters_the_list_is_filtered_to(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper

    for name in ("Ann Lee", "Bo Chen", "Cy Lee"):
        (tmp_path / f"{name}.txt").write_text(arrow_page(name, [paper(f"P of {name}", [name])]))
    seeded.import_files(sorted(tmp_path.glob("*.txt")))
    window = open_window(qtbot, seeded)  # Ann Lee, the first not done
    window.clusters.name_filter.setText("lee")
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Cy Lee"  # not Bo Chen, whom the filter hides
    press(qtbot, window, Qt.Key.Key_Y)  # Cy Lee done
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Ann Lee"  # round to the start of what is shown
    press(qtbot, window, Qt.Key.Key_Y)  # Ann Lee done: no Lee is left
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.statusBar().currentMessage() == (
        'Every other cluster with "lee" in its name is done; the cluster filter hides the rest (Ctrl+L, then Esc, clears it).'
    )  # it said "the filter shows is done", which read as if every cluster were done
    window.clusters.name_filter.clear()
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Bo Chen"


def test_the_decision_that_finishes_a_cluster_says_ctrl_n_opens_the_next(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper

    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"]), paper("B", ["Ann Lee"])]))
    seeded.import_files([tmp_path / "ann.txt"])
    window = open_window(qtbot, seeded)  # Ann Lee, two papers
    press(qtbot, window, Qt.Key.Key_Y)
    assert "done" not in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_N)
    assert window.statusBar().currentMessage() == (
        "Saved: paper 2 → not this name — the cluster is done: Ctrl+N opens the next one not done."
    )
    press(qtbot, window, Qt.Key.Key_Up)
    press(qtbot, window, Qt.Key.Key_U)  # changing a decision of a done cluster: it was done already
    assert "done" not in window.statusBar().currentMessage()


def test_alt_left_and_alt_right_go_back_and_forward_through_the_clusters_opened(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper

    for name in ("Ann Lee", "Bo Chen"):
        (tmp_path / f"{name}.txt").write_text(arrow_page(name, [paper(f"P of {name}", [name])]))
    seeded.import_files(sorted(tmp_path.glob("*.txt")))
    window = open_window(qtbot, seeded)  # Ann Lee, the first not done
    ALT = Qt.KeyboardModifier.AltModifier
    assert not window.window_actions["back_cluster"].isEnabled()
    press(qtbot, window, Qt.Key.Key_Y)  # Ann Lee done: Ctrl+N will not come back to it
    for _ in range(2):
        with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
            press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Shengen Yan"
    seen = []
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Left, Qt.Key.Key_Right):
        with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
            press(qtbot, window, key, ALT)
        seen.append((window.windowTitle().split(" — ")[1], [c.name for c in window.clusters.chosen_clusters()]))
    assert seen == [("Bo Chen", ["Bo Chen"]), ("Ann Lee", ["Ann Lee"]), ("Bo Chen", ["Bo Chen"])]
    assert window.window_actions["forward_cluster"].isEnabled()


def test_alt_left_and_alt_right_return_to_the_paper_the_reviewer_was_on_there(qtbot, seeded, tmp_path):
    """Alt+Left back to Bing Liu opened on paper #1 (its first undecided), not on the paper the reviewer had been on."""
    from conftest import arrow_page, paper

    (tmp_path / "Ann Lee.txt").write_text(arrow_page("Ann Lee", [paper(f"P{n} of Ann Lee", ["Ann Lee"]) for n in range(4)]))
    seeded.import_files([tmp_path / "Ann Lee.txt"])
    window = open_window(qtbot, seeded)  # Ann Lee, the first not done
    ALT = Qt.KeyboardModifier.AltModifier
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_J)
    ann_paper = window.papers.current_paper().paper_id  # Ann Lee's third paper, undecided as the first
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Shengen Yan"
    assert window.papers.table.currentIndex().row() == 0  # Ctrl+N still opens on the first undecided paper
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_J)
    yan_paper = window.papers.current_paper().paper_id
    shown = []
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
            press(qtbot, window, key, ALT)
        shown.append((window.windowTitle().split(" — ")[1], window.papers.current_paper().paper_id, window.papers.selected_rows()))
    ann_row, yan_row = 2, 3
    assert shown == [("Ann Lee", ann_paper, [ann_row]), ("Shengen Yan", yan_paper, [yan_row])]


def test_the_export_dialog_starts_from_the_format_and_folder_of_the_last_export(qtbot, seeded, tmp_path, monkeypatch):
    from gui.export_dialog import ExportDialog

    window = open_window(qtbot, seeded)
    folder = tmp_path / "profiles"
    folder.mkdir()
    dialogs = []

    def choose_csv_in_folder(dialog) -> bool:
        dialogs.append((dialog.chosen_format(), dialog.chosen_path()))
        dialog.format.setCurrentIndex(dialog.format.findData("csv"))
        dialog.path.setText(str(folder / "shengen.csv"))
        return True

    monkeypatch.setattr(ExportDialog, "exec", choose_csv_in_folder)
    for _ in range(2):
        with qtbot.waitSignal(window.session.exported, timeout=10_000):
            window.choose_export()
    first, second = dialogs
    assert first == ("json", Path.home() / "shengen-yan.json")  # a first export: JSON, in the home folder
    assert second == ("csv", folder / "shengen-yan.csv")
    assert (folder / "shengen.csv").exists()


def test_naming_a_csv_file_in_the_export_dialog_chooses_csv(qtbot, seeded, tmp_path):
    from gui.export_dialog import ExportDialog

    window = open_window(qtbot, seeded)
    dialog = ExportDialog(window.session.cluster, [], window.clusters.model.clusters(), window)
    qtbot.addWidget(dialog)
    assert dialog.chosen_format() == "json"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "profiles.csv"))
    assert dialog.chosen_format() == "csv"
    assert dialog.chosen_path() == tmp_path / "profiles.csv"  # the name the reviewer typed, not one suggested for CSV


def test_the_export_file_is_named_for_the_clusters_chosen(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper
    from gui.export_dialog import ExportDialog

    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_files([tmp_path / "ann.txt"])
    window = open_window(qtbot, seeded)  # Ann Lee
    dialog = ExportDialog(window.session.cluster, [], window.clusters.model.clusters(), window)
    qtbot.addWidget(dialog)
    assert dialog.chosen_path().name == "ann-lee.json"
    dialog.scope_group.button(3).click()  # every cluster
    assert dialog.chosen_path().name == "namesake-export.json"


def test_the_export_dialog_takes_the_keyboard_on_ok(qtbot, seeded, monkeypatch):
    """It started with the focus on its first radio button, marked by nothing; and asked no one to activate it."""
    from gui.export_dialog import ExportDialog
    from PySide6.QtWidgets import QDialogButtonBox

    activated = []
    monkeypatch.setattr(ExportDialog, "activateWindow", lambda dialog: activated.append(dialog))
    window = open_window(qtbot, seeded)
    dialog = ExportDialog(window.session.cluster, [], window.clusters.model.clusters(), window)
    qtbot.addWidget(dialog)
    dialog.show()  # as `exec` shows it
    assert activated == [dialog]
    assert dialog.focusWidget() is dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
