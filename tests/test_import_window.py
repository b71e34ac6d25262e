"""Importing from the window: in the background, with progress, cancel and a summary."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED_DATA, table_contents
from models.backup import list_backups
from models.store import bundled_example
from test_main_window import open_window

DBLP = SHARED_DATA / "dblp" / "dblp-sample.xml"


def lines_file(path, papers: int) -> None:
    rows = [{"type": "header", "format": "namesake-input", "version": 1, "source": "lab"}]
    rows += [
        {"type": "paper", "key": f"p{n}", "title": f"Paper {n} on things", "year": 2000 + n % 20, "authors": ["Ann Lee", f"Co Author {n % 50}"]}
        for n in range(papers)
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")


def window_and_dialog(qtbot, seeded, tmp_path):
    """The window, and its import dialog holding a 6,000-paper file (long enough to show progress, or to cancel)."""
    source = tmp_path / "lab.jsonl"
    lines_file(source, 6_000)
    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(source)])
    qtbot.addWidget(dialog)
    return window, dialog


def test_import_shows_progress_and_a_summary(qtbot, seeded, tmp_path):
    window, dialog = window_and_dialog(qtbot, seeded, tmp_path)
    dialog.fold.setChecked(True)
    progress = []
    window.session.import_progress.connect(progress.append)
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    assert [status.records for status in progress][:3] == [2_000, 4_000, 6_000]
    assert progress[-1].fraction == 1.0 and progress[-1].files == 1
    assert "6,000 papers added" in dialog.details.toPlainText()
    assert "Imported in" in dialog.status.text() and dialog.cancel_button.text() == "Close"
    qtbot.waitUntil(lambda: window.clusters.model.rowCount() > 1)
    names = [window.clusters.model.index(row, 0).data() for row in range(window.clusters.model.rowCount())]
    assert "Ann Lee" in names and "Co Author 7" in names


def test_enter_after_choosing_a_folder_imports_it(qtbot, seeded, tmp_path, monkeypatch):
    """The focus is back on "Add folder…" once a folder is chosen; Enter opened the folder dialog again."""
    from PySide6.QtCore import Qt

    from gui import file_choosers

    folder = tmp_path / "sources"  # not tmp_path: the review database is there
    folder.mkdir()
    lines_file(folder / "lab.jsonl", 20)
    chosen = []
    monkeypatch.setattr(file_choosers, "existing_directory", lambda *args: chosen.append(args) or str(folder))
    window = open_window(qtbot, seeded)
    busy = []
    window.session.busy.connect(lambda message: busy.append(message))
    dialog = window.choose_import([])
    qtbot.addWidget(dialog)
    dialog.add_folder_button.click()
    dialog.add_folder_button.setFocus()
    (folder / "README.txt").write_text("Where these papers come from.")
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        qtbot.keyClick(dialog.add_folder_button, Qt.Key.Key_Return)
    assert len(chosen) == 1  # the folder dialog was not opened again
    assert busy[0] == "Importing sources…"  # the folder by its name; it said "Importing 1 file(s)…"
    # A plain folder stands for the sources in it, as on the command line (it was refused: "a folder
    # Namesake does not read as one source").
    assert "20 papers added" in dialog.details.toPlainText()
    assert "left out: " in dialog.details.toPlainText() and "README.txt" in dialog.details.toPlainText()
    # The database held the example's papers: it was copied first, and the dialog says how to go back.
    backup = window.session.last_import.backup_before
    assert dialog.status.text().endswith(f"To take it back, restore the backup made {backup.description} with File → Restore a backup…")



def test_an_import_that_changes_nothing_says_so_and_keeps_no_backup(qtbot, seeded, db_path):
    """A tester: the same page again said "To take it back, restore the backup made …", and that backup, of nothing,
    could push out one of the 3 kept from before an import that did change something."""
    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(bundled_example())])  # the page the database holds already
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    assert "0 papers added, 0 updated, 7 unchanged" in dialog.details.toPlainText()
    assert dialog.status.text().endswith(" It changed nothing: the database is as it was, so no backup was kept.")
    assert "take it back" not in dialog.status.text()
    assert window.session.last_import.backup_before is None
    assert list_backups(db_path) == []


def test_cancel_rolls_the_whole_import_back(qtbot, seeded, tmp_path, db_path):
    source = tmp_path / "lab.jsonl"
    lines_file(source, 6_000)
    window = open_window(qtbot, seeded)
    before = table_contents(db_path)
    dialog = window.choose_import([str(source)])
    qtbot.addWidget(dialog)
    window.session.import_progress.connect(lambda status: dialog.cancel_button.click())  # cancel at the first batch
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000) as failed:
        dialog.start_button.click()
    assert failed.args[0] == "Import cancelled"
    assert "as it was before" in dialog.status.text()
    assert table_contents(db_path) == before
    assert not window.session.importing
    assert list_backups(db_path) == []  # nor is the copy made before it kept


@pytest.mark.skipif(not DBLP.exists(), reason="../shared/data is not here")
def test_a_real_dblp_file_imports_from_the_window(qtbot, seeded):
    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(DBLP)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    text = dialog.details.toPlainText()
    assert "(dblp XML)" in text and "1,245 papers added" in text
    assert window.window_actions["next_cluster"].isEnabled()
    # One of its clusters: one author row (said in the singular), and a paper's link as a word and the address.
    battermann = next(c for c in window.session.store.clusters() if c.name == "A. Battermann")
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.session.open_cluster(battermann.id)
    assert window.side.rows.note.text() == "1 author row with this name in the source."
    link = "Link: http://www.mathematik.uni-trier.de/preprints/About/FoMaInf_12.html"
    qtbot.waitUntil(lambda: link in window.detail.toPlainText(), timeout=5_000)
    assert "\N{LINK SYMBOL}" not in window.detail.toHtml()


def test_a_broken_file_is_reported_and_changes_nothing(qtbot, seeded, tmp_path, db_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"type": "header", "format": "namesake-input", "version": 1, "source": "lab"}\n{"type": "paper", "key": 5}\n')
    window = open_window(qtbot, seeded)
    before = table_contents(db_path)
    dialog = window.choose_import([str(broken)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000) as failed:
        dialog.start_button.click()
    assert failed.args[0] == "Import failed"
    assert f"{broken}:2" in dialog.details.toPlainText()
    assert table_contents(db_path) == before
    assert window.papers.model.rowCount() == 7  # the window carries on
    assert dialog.cancel_button.text() == "Close"
    dialog.cancel_button.click()


def test_source_files_dropped_on_the_window_are_imported_through_the_dialog(qtbot, seeded, tmp_path):
    """A curator drags a downloaded page from the file manager onto the window."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from gui.import_dialog import ImportDialog

    first, second, folder = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "more"
    folder.mkdir()
    lines_file(first, 3)
    lines_file(second, 3)
    (folder / "c.jsonl").write_text(first.read_text().replace('"key": "p', '"key": "q'))  # papers of their own
    window = open_window(qtbot, seeded)

    def carrying(*urls: QUrl) -> QMimeData:
        mime = QMimeData()
        mime.setUrls(list(urls))
        return mime

    def files(*paths) -> QMimeData:
        return carrying(*(QUrl.fromLocalFile(str(path)) for path in paths))

    def dragged_over(widget, mime: QMimeData) -> bool:
        event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)
        return event.isAccepted()

    def dropped_on(widget, mime: QMimeData) -> None:
        assert dragged_over(widget, mime)  # as a real drop, which Qt delivers only where the drag was taken
        event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)
        assert event.isAccepted()

    text = QMimeData()
    text.setText("Shengen Yan")
    assert not dragged_over(window, text)
    assert not dragged_over(window, carrying(QUrl("https://arrow.example/author/shengen-yan")))  # not a file
    assert not dragged_over(window, carrying(QUrl.fromLocalFile(str(first)), QUrl("https://arrow.example/x")))
    # Over the people list, which takes papers dragged onto a person: the files go on to the window.
    assert dragged_over(window.side.people.viewport(), files(first))
    dropped_on(window, files(first))
    (dialog,) = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    qtbot.addWidget(dialog)
    dropped_on(window, files(second))  # dropped one after another: one list, one dialog
    assert [d for d in window.findChildren(ImportDialog) if d.isVisible()] == [dialog]
    dropped_on(dialog, files(folder))  # and onto the dialog itself
    assert dialog.paths() == [str(first), str(second), str(folder)]
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert "3 papers added" in dialog.details.toPlainText()
    assert sorted(report.path for report in window.session.last_import.reports) == sorted(
        [str(first), str(second), str(folder / "c.jsonl")])
    assert not dragged_over(dialog, files(first))  # the import has run: nothing more joins its list


def test_the_file_chooser_opens_where_the_last_sources_were_chosen(qtbot, seeded, tmp_path, monkeypatch):
    from gui import file_choosers

    folder = tmp_path / "sources"
    folder.mkdir()
    lines_file(folder / "lab.jsonl", 2)
    opened_in = []

    def choose(_parent, _title, where, *_rest):
        opened_in.append(where)
        return [str(folder / "lab.jsonl")]

    monkeypatch.setattr(file_choosers, "open_file_names", choose)
    monkeypatch.setattr(file_choosers, "existing_directory", lambda _parent, _title, where: opened_in.append(where) or str(folder))
    window = open_window(qtbot, seeded)
    for button in ("add_files_button", "add_files_button", "add_folder_button"):
        dialog = window.choose_import([])
        qtbot.addWidget(dialog)
        getattr(dialog, button).click()
        dialog.reject()
    from pathlib import Path

    # first in the home folder (it opened in the process's working folder); then where the file was
    assert opened_in == [str(Path.home()), str(folder), str(folder)]
    dialog = window.choose_import([])
    qtbot.addWidget(dialog)
    dialog.add_files_button.click()
    assert opened_in[-1] == str(tmp_path)  # beside the folder chosen last


def test_after_a_refused_import_the_list_can_be_fixed_and_imported_again(qtbot, seeded, tmp_path, db_path):
    """The list, the checkbox and Import stayed greyed out after a refusal: the dialog had to be closed and
    every source chosen again."""
    from PySide6.QtCore import Qt

    good, broken = tmp_path / "lab.jsonl", tmp_path / "broken.jsonl"
    lines_file(good, 4)
    broken.write_bytes(good.read_bytes().replace(b"Paper 1 on", b"Paper 1\0 on"))  # a NUL byte in line 3
    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(broken)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000):
        dialog.start_button.click()
    assert f"{broken}:3" in dialog.details.toPlainText()
    assert dialog.files.isEnabled() and dialog.fold.isEnabled() and dialog.start_button.isEnabled()
    assert dialog.add_files_button.isEnabled() and dialog.add_folder_button.isEnabled() and dialog.choosing
    dialog.files.setCurrentRow(0)
    dialog.files.setFocus()
    qtbot.waitUntil(dialog.files.hasFocus)
    qtbot.keyClick(dialog.files, Qt.Key.Key_Delete)  # the damaged file off the list
    assert dialog.paths() == [] and not dialog.start_button.isEnabled()
    # It said "0 sources to import. Press Import to try again." with Import disabled
    assert dialog.status.text() == "The list has changed since the refusal below: no source is left. Add files or a folder to import."
    dialog.add_paths([str(good)])
    # It said "change the list … and import again" over the changed list; the refusal is still shown, as before
    assert dialog.status.text() == "The list has changed since the refusal below: 1 source to import. Press Import to try again."
    assert f"{broken}:3" in dialog.details.toPlainText()
    progress = []
    window.session.import_progress.connect(progress.append)
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert "4 papers added" in dialog.details.toPlainText() and dialog.status.text().startswith("Imported in")
    assert progress and dialog.progress.value() == 1  # shown again on the second run
    assert not dialog.files.isEnabled() and not dialog.start_button.isEnabled()  # done: nothing more to import


def test_after_a_cancelled_import_it_can_be_started_again(qtbot, seeded, tmp_path):
    window, dialog = window_and_dialog(qtbot, seeded, tmp_path)
    cancel_at_first_batch = lambda status: dialog.cancel_button.click()  # noqa: E731
    window.session.import_progress.connect(cancel_at_first_batch)
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000):
        dialog.start_button.click()
    window.session.import_progress.disconnect(cancel_at_first_batch)
    assert dialog.files.isEnabled() and dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    assert "6,000 papers added" in dialog.details.toPlainText()


def test_the_dialog_takes_the_keyboard_on_add_files_or_on_import(qtbot, seeded, tmp_path, monkeypatch):
    """Shown, the dialog asks to be the active window: with no window manager none made it so, and Ctrl+O left the
    keys behind it (Escape did nothing, Tab moved among the panes). It starts on "Add files…", not the empty list."""
    from gui.import_dialog import ImportDialog

    activated = []
    monkeypatch.setattr(ImportDialog, "activateWindow", lambda dialog: activated.append(dialog))
    window = open_window(qtbot, seeded)
    empty = window.choose_import([])
    qtbot.addWidget(empty)
    assert activated == [empty]
    assert empty.focusWidget() is empty.add_files_button
    assert empty.add_files_button.isDefault() and not empty.start_button.isDefault()  # Enter adds files: Import is off
    source = tmp_path / "lab.jsonl"
    lines_file(source, 3)
    dropped = window.choose_import([str(source)])
    qtbot.addWidget(dropped)
    assert activated == [empty, dropped]
    assert dropped.focusWidget() is dropped.start_button
    assert dropped.start_button.isDefault() and not dropped.add_files_button.isDefault()


def test_closing_the_dialog_gives_the_keyboard_back_to_the_window(qtbot, seeded, monkeypatch):
    """With no window manager the keys went nowhere once the dialog closed: the main window is activated again."""
    from gui.main_window import MainWindow

    window = open_window(qtbot, seeded)
    activated = []
    monkeypatch.setattr(MainWindow, "activateWindow", lambda main: activated.append(main))
    dialog = window.choose_import([])
    qtbot.addWidget(dialog)
    dialog.close()
    assert activated == [window]


def sources_beside_ann_lee(tmp_path) -> dict[str, object]:
    """Ann Lee's 300 papers (lab.jsonl), and what is imported while she is open: another name's page, her own source
    again, and 20 papers of hers more (added at her cluster's end)."""
    from conftest import arrow_page, paper

    own, more, other = tmp_path / "lab.jsonl", tmp_path / "more.jsonl", tmp_path / "bo.txt"
    lines_file(own, 300)
    lines_file(more, 20)
    more.write_text(more.read_text().replace('"key": "p', '"key": "q'))  # papers of their own
    other.write_text(arrow_page("Bo Chen", [paper("On Bo", ["Bo Chen"])]))
    return {"own": own, "more": more, "other": other}


def place_in_papers(window) -> tuple[int, list[int], int, str]:
    papers = window.papers
    return papers.table.currentIndex().row(), papers.selected_rows(), papers.table.verticalScrollBar().value(), papers.current_paper().title


@pytest.mark.parametrize("imported", ["other", "own", "more"])
def test_an_import_leaves_the_open_clusters_current_paper_selection_and_scroll(qtbot, seeded, tmp_path, imported):
    """Found by a tester: File → Import moved the open cluster's current paper from row 3 to row 1, its first
    undecided (the cluster was opened again), and the next key decided a paper the reviewer had not chosen."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from test_main_window import SHIFT, press

    sources = sources_beside_ann_lee(tmp_path)
    seeded.import_files([sources["own"]])
    window = open_window(qtbot, seeded)
    ann_lee = seeded.find_cluster("Ann Lee").id
    if window.session.cluster.id != ann_lee:
        with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
            window.session.open_cluster(ann_lee)
    press(qtbot, window, Qt.Key.Key_Y)  # the first paper decided: the first undecided is the second
    table = window.papers.table
    table.verticalScrollBar().setValue(100)
    window.papers.set_current_row(table.rowAt(0) + 3)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    before = place_in_papers(window)
    assert before[:3] == (104, [103, 104], 100)
    dialog = window.choose_import([str(sources[imported])])  # deleted as it closes
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    with qtbot.waitSignal(window.papers.model.modelReset, timeout=10_000):
        pass  # the open cluster read again, with what the import added
    assert window.papers.model.total == (320 if imported == "more" else 300)
    assert place_in_papers(window) == before
    dialog.close()
    window.activateWindow()  # the keys go to the window again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_N)  # the papers the reviewer chose
    contents = seeded.load_cluster(ann_lee)
    assert sorted(p.position for p in contents.papers if p.paper_id in contents.decisions) == [0, 103, 104]
    window.session.runner.wait()


def test_a_reimport_that_changes_a_decided_paper_says_so_in_the_window(qtbot, seeded, tmp_path):
    """A newer page changed the abstract of a decided paper; the dialog said only "1 updated"."""
    from conftest import SEED_PAGE
    from models.schema import Verdict

    cluster = seeded.clusters()[0]
    evaluating = next(p for p in seeded.load_cluster(cluster.id).papers if p.title == "Evaluating Quantized Large Language Models")
    seeded.decide(cluster.id, [evaluating.paper_id], Verdict.REJECTED)
    page = tmp_path / "shengen-yan.txt"
    text = SEED_PAGE.read_text(encoding="utf-8")
    page.write_text(text.replace("Post-training quantization (PTQ) has emerged", "Post-training quantization has emerged"), encoding="utf-8")
    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(page)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    named = ("1 decided paper changed, its decision was made on the old text: "
             "paper 7 'Evaluating Quantized Large Language Models' (abstract) in Shengen Yan")
    assert named in dialog.details.toPlainText().splitlines()[0]
    headline = "1 decided paper changed, its decision was made on the old text: the summary names them."
    assert dialog.status.text().startswith("Imported in ") and headline in dialog.status.text()
    assert window.statusBar().currentMessage() == f"Imported 1 file: 0 papers added. {headline}"


def test_escape_while_importing_cancels_it_and_the_dialog_stays_to_say_so(qtbot, seeded, tmp_path, db_path):
    """Esc closed the dialog and the import ran on, with nothing left to stop it and no word at its end."""
    from PySide6.QtCore import Qt

    window, dialog = window_and_dialog(qtbot, seeded, tmp_path)
    before = table_contents(db_path)
    escape_at_first_batch = lambda _status: qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # noqa: E731
    window.session.import_progress.connect(escape_at_first_batch)
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000) as failed:
        dialog.start_button.click()
    window.session.import_progress.disconnect(escape_at_first_batch)
    assert failed.args[0] == "Import cancelled"
    assert dialog.isVisible() and "Import cancelled" in dialog.status.text()
    assert table_contents(db_path) == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing runs: Esc closes it, as before
    assert not dialog.isVisible()


def test_import_again_while_one_runs_shows_the_running_one(qtbot, seeded, tmp_path):
    """Ctrl+O during an import opened an empty dialog, with no progress and no Cancel for the import running."""
    window, dialog = window_and_dialog(qtbot, seeded, tmp_path)
    reopened = []
    window.session.import_progress.connect(lambda _status: reopened.append(window.choose_import()))
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.start_button.click()
    from gui.import_dialog import ImportDialog

    assert reopened and all(shown is dialog for shown in reopened)
    assert [d for d in window.findChildren(ImportDialog) if d.isVisible()] == [dialog]


def test_file_stop_the_import_cancels_it_and_the_window_says_so(qtbot, seeded, tmp_path, db_path):
    """The File menu offered "Stop the export" but nothing for an import; a failed import said nothing in the window."""
    window, dialog = window_and_dialog(qtbot, seeded, tmp_path)
    stop = window.window_actions["stop_import"]
    assert not stop.isEnabled()
    enabled_while_running = []

    def stop_at_first_batch(_status):
        enabled_while_running.append(stop.isEnabled())
        stop.trigger()

    window.session.import_progress.connect(stop_at_first_batch)
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000):
        dialog.start_button.click()
    window.session.import_progress.disconnect(stop_at_first_batch)
    assert enabled_while_running[0] and not stop.isEnabled()
    assert window.statusBar().currentMessage().startswith("Import cancelled")


def test_delete_takes_off_the_current_source_when_none_is_selected(qtbot, seeded, tmp_path):
    """Delete did nothing on the row reached by the keyboard until Ctrl+Space selected it."""
    from PySide6.QtCore import QItemSelectionModel, Qt

    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")])
    qtbot.addWidget(dialog)
    dialog.files.clearSelection()
    dialog.files.setCurrentRow(1, QItemSelectionModel.SelectionFlag.NoUpdate)
    dialog.files.setFocus()
    qtbot.waitUntil(dialog.files.hasFocus)
    assert dialog.files.selectedItems() == []
    qtbot.keyClick(dialog.files, Qt.Key.Key_Delete)
    assert dialog.paths() == [str(tmp_path / "a.jsonl")]


def lab_file_broken_at_its_end(path, papers: int) -> None:
    """A file whose last line is cut short: found only once every paper before it is written."""
    lines_file(path, papers)
    with path.open("a") as handle:
        handle.write('{"type": "paper", "key": "cut", "title": "Cut sho\n')


def test_a_failed_import_is_said_with_its_dialog_closed(qtbot, seeded, tmp_path, db_path, monkeypatch):
    """Tester 1 pressed Esc on the dialog of a running import; it failed, and the status bar went blank: nothing
    said it, and a reviewer would believe the papers were imported. (Esc cancels now; whatever else takes the
    dialog away, the end of its import is said.)"""
    from PySide6.QtWidgets import QMessageBox

    source = tmp_path / "lab.jsonl"
    lab_file_broken_at_its_end(source, 6_000)
    window = open_window(qtbot, seeded)
    before = table_contents(db_path)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *_rest: warned.append((title, text)))
    dialog = window.choose_import([str(source)])
    dialog.start_button.click()
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000):
        dialog.hide()  # Esc now cancels (test_escape_while_importing_…): out of sight by any other way, it goes on
    assert window.statusBar().currentMessage() == "Import failed: lab.jsonl. The database is as it was before."
    ((title, text),) = warned
    assert title == "Namesake — Import failed"
    assert text.startswith("Import failed: lab.jsonl.\n\nThe database is as it was before this import")
    assert f"{source}:6002" in text  # the reason, with the line
    assert table_contents(db_path) == before


def test_a_failure_the_open_dialog_shows_is_not_said_twice(qtbot, seeded, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    source = tmp_path / "lab.jsonl"
    lab_file_broken_at_its_end(source, 10)
    window = open_window(qtbot, seeded)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args))
    dialog = window.choose_import([str(source)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.session.import_failed, timeout=60_000):
        dialog.start_button.click()
    assert "as it was before" in dialog.status.text() and warned == []
    assert window.statusBar().currentMessage() == "Import failed: lab.jsonl. The database is as it was before."


def test_an_import_that_ends_with_its_dialog_closed_is_said(qtbot, seeded, tmp_path):
    source = tmp_path / "lab.jsonl"
    lines_file(source, 6_000)
    window = open_window(qtbot, seeded)
    dialog = window.choose_import([str(source)])
    dialog.start_button.click()
    with qtbot.waitSignal(window.session.imported, timeout=60_000):
        dialog.hide()
    assert window.statusBar().currentMessage() == "Imported 1 file: 6,000 papers added."
