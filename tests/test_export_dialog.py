"""The export dialog's file name and keys: a name the reviewer gave stays; the arrows choose the clusters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from conftest import arrow_page, paper
from gui import file_choosers
from gui.export_dialog import ExportDialog

SHIFT = Qt.KeyboardModifier.ShiftModifier
THIS, CHOSEN, DONE, EVERY = range(4)  # the scopes' buttons, top to bottom


@pytest.fixture
def dialog(qtbot, seeded, tmp_path):
    """Two clusters, Ann Lee open, both chosen in the list, none done: every scope but "done" can be chosen."""
    (tmp_path / "ann.txt").write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_files([tmp_path / "ann.txt"])
    every = seeded.clusters()
    opened = ExportDialog(every[0], every, every, last_folder=tmp_path)
    qtbot.addWidget(opened)
    opened.show()  # as `exec` shows it: the keyboard is on OK
    qtbot.waitExposed(opened)
    return opened


def key(qtbot, pressed: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is."""
    qtbot.keyClick(QApplication.focusWidget(), pressed, modifier)


def typed_into_save_to(qtbot, dialog: ExportDialog, text: str) -> None:
    dialog.path.setFocus()
    dialog.path.selectAll()
    qtbot.keyClicks(dialog.path, text)


def test_a_typed_name_stays_when_another_scope_is_chosen_by_keyboard(qtbot, dialog, tmp_path):
    """The tester's keys: the name typed in "Save to", then Shift+Tab twice to the clusters, and Down to
    "Every cluster": "Save to" became namesake-export.json (Enter would have replaced that file); and Down
    moved the focus without choosing, so Space was needed."""
    typed = str(tmp_path / "my-profiles-for-library.json")
    typed_into_save_to(qtbot, dialog, typed)
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is dialog.scope_group.button(THIS)  # the chosen scope, not "Every cluster"
    key(qtbot, Qt.Key.Key_Down)
    assert dialog.scope_group.checkedId() == CHOSEN
    key(qtbot, Qt.Key.Key_Down)  # over "Every done cluster": none is done
    assert dialog.scope_group.checkedId() == EVERY and QApplication.focusWidget() is dialog.scope_group.button(EVERY)
    assert dialog.path.text() == typed
    key(qtbot, Qt.Key.Key_Up)
    assert dialog.scope_group.checkedId() == CHOSEN and dialog.path.text() == typed


def test_tab_and_shift_tab_enter_the_clusters_at_the_chosen_one(qtbot, dialog):
    """Shift+Tab from Format landed on "Every cluster", not chosen; from there the arrows only moved the focus."""
    dialog.format.setFocus()
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is dialog.scope_group.button(THIS)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is dialog.scope_group.button(CHOSEN) and dialog.scope_group.checkedId() == CHOSEN
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).setFocus()
    key(qtbot, Qt.Key.Key_Tab)  # and from the other side
    assert QApplication.focusWidget() is dialog.scope_group.button(CHOSEN)


def test_a_name_chosen_in_the_file_dialog_stays_when_another_scope_is_chosen(qtbot, dialog, tmp_path, monkeypatch):
    chosen = str(tmp_path / "for the library.json")
    monkeypatch.setattr(file_choosers, "save_file_name", lambda *_args: chosen)
    (choose,) = [button for button in dialog.findChildren(QPushButton) if button.text() == "Choose…"]
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == chosen
    dialog.scope_group.button(EVERY).click()
    assert dialog.chosen_path() == Path(chosen)


def test_the_name_the_dialog_gave_still_follows_the_scope_and_format(dialog, tmp_path):
    assert dialog.chosen_path() == tmp_path / "ann-lee.json"
    dialog.scope_group.button(EVERY).click()
    assert dialog.chosen_path() == tmp_path / "namesake-export.json"
    dialog.format.setCurrentIndex(dialog.format.findData("s2and"))
    assert dialog.chosen_path() == tmp_path / "namesake-export"  # a folder
    dialog.scope_group.button(THIS).click()
    assert dialog.chosen_path() == tmp_path / "ann-lee"


def test_a_typed_name_takes_the_ending_of_the_format_chosen_and_keeps_the_rest(qtbot, dialog, tmp_path):
    """Only an ending that is the format's own changes with it; the reviewer's name, and any other ending, stay."""
    typed_into_save_to(qtbot, dialog, str(tmp_path / "Library" / "my-profiles.json"))
    names = []
    for fmt in ("csv", "bibtex", "s2and", "whoiswho", "json"):
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        names.append(dialog.path.text())
    library = tmp_path / "Library"
    assert names == [str(library / name) for name in ("my-profiles.csv", "my-profiles.bib", "my-profiles", "my-profiles.json", "my-profiles.json")]
    typed_into_save_to(qtbot, dialog, str(tmp_path / "profiles.txt"))
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.path.text() == str(tmp_path / "profiles.txt")  # no format's ending: kept as typed


def test_a_typed_name_for_another_format_still_chooses_that_format(qtbot, dialog, tmp_path):
    typed_into_save_to(qtbot, dialog, str(tmp_path / "profiles.csv"))
    assert dialog.chosen_format() == "csv"
    dialog.format.setCurrentIndex(dialog.format.findData("bibtex"))
    assert dialog.chosen_path() == tmp_path / "profiles.bib"  # the ending it was typed with, the format's now


def test_with_no_cluster_open_the_first_scope_that_can_be_chosen_is_chosen(qtbot, seeded):
    """"This cluster" stayed checked, greyed out: OK exported nothing, and Tab could not reach the others."""
    every = seeded.clusters()
    dialog = ExportDialog(None, [], every)
    qtbot.addWidget(dialog)
    assert dialog.scope_group.checkedId() == EVERY and dialog.chosen_clusters() == every
    assert dialog.scope_group.button(EVERY).focusPolicy() == Qt.FocusPolicy.StrongFocus
