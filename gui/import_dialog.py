"""File → Import: choose sources, watch the import run, read what it did.

The import runs on a worker thread (the session's); this dialog only shows
its progress — records read, rate, time left — and offers Cancel, which
rolls the whole import back. At the end it shows the summary: papers,
author rows, clusters, repairs, records skipped and why.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit,
    QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from gui import file_choosers
from gui.dialog_focus import give_back_keyboard, take_keyboard
from gui.file_drops import local_paths
from gui.focus_ring import ring_tab_stops
from gui.settings import save_import_folder, saved_import_folder
from gui.session import ReviewSession
from models.counting import counted
from models.decided_changes import decided_changes_headline
from models.importing import FileReport, ImportOptions, ImportStatus
from models.store import ImportOutcome


class ImportDialog(QDialog):
    def __init__(self, session: ReviewSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Import sources")
        self.resize(640, 420)
        self.setAcceptDrops(True)  # files dropped from a file manager join the list
        self.files = QListWidget(self)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.fold = QCheckBox("Fold diacritics: put “Müller” and “Muller” in one cluster", self)
        self.progress = QProgressBar(self)
        self.status = QLabel("Choose files or a folder, or drop them here: Arrow pages, dblp XML, OpenAlex, Arnetminer, S2AND, LBD, ORCID, Namesake JSON.", self)
        self.status.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._started = 0.0
        self._refused = False  # the details show a refusal: the status says when the list has changed since
        self._layout()
        ring_tab_stops(self)
        self._connect()
        self._update_start()

    def _layout(self) -> None:
        choose = QHBoxLayout()
        add_files = QPushButton("Add files…", self)
        add_folder = QPushButton("Add folder…", self)
        for button in (add_files, add_folder):
            # Enter imports: after a folder was chosen the focus is back on its button, and an auto-default
            # button took Enter and opened the folder dialog again.
            button.setAutoDefault(False)
        self.start_button.setDefault(True)
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        self.add_files_button, self.add_folder_button = add_files, add_folder
        choose.addWidget(add_files)
        choose.addWidget(add_folder)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.files)
        layout.addWidget(self.fold)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.progress.setVisible(False)
        self._removing()

    def _removing(self) -> None:
        """Delete (or the list's menu) takes the selected sources off the list: a damaged one, after a refusal."""
        remove = QAction("Remove from the list", self.files)
        remove.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self._remove_selected)
        self.files.addAction(remove)
        self.files.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)  # cancels this dialog's import, else closes
        self.session.imported.connect(self._finished)
        self.session.import_failed.connect(self._failed)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        give_back_keyboard(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        take_keyboard(self, self.first_control())

    def first_control(self) -> QWidget:
        """Import when there are sources to import (dropped files), else "Add files…": the empty list it
        started on showed no focus, and offered nothing to do."""
        return self.start_button if self.start_button.isEnabled() else self.add_files_button

    # Choosing --------------------------------------------------------------

    @property
    def choosing(self) -> bool:
        """True until Import is pressed, and again once an import is refused or cancelled: sources can be added or removed."""
        return not self._started

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.choosing and local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData()) if self.choosing else []
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def add_paths(self, paths: list[str]) -> None:
        for path in paths:
            if path and not self.files.findItems(path, Qt.MatchFlag.MatchExactly):
                self.files.addItem(path)
        self._list_changed()

    def _add_files(self) -> None:
        paths = file_choosers.open_file_names(self, "Import source files", saved_import_folder())
        if paths:
            save_import_folder(Path(paths[0]).parent)
        self.add_paths(paths)

    def _add_folder(self) -> None:
        folder = file_choosers.existing_directory(self, "Import a folder of sources", saved_import_folder())
        if folder:
            save_import_folder(Path(folder).parent)  # beside the folder chosen: the next one is likely there
        self.add_paths([folder])

    def _remove_selected(self) -> None:
        """The selected sources, else the current one: reached by the keyboard, a row is current but not selected,
        and Delete did nothing until Ctrl+Space selected it."""
        current = self.files.currentItem()
        for item in self.files.selectedItems() or ([current] if current is not None else []):
            self.files.takeItem(self.files.row(item))
        self._list_changed()

    def _update_start(self) -> None:
        self.start_button.setEnabled(self.choosing and self.files.count() > 0 and not self.session.importing)
        # Enter imports once there is something to import; before, it adds files: with Import disabled it did
        # nothing, on a dialog that starts on "Add files…" (and a default button shows it has the focus).
        nothing_listed = self.choosing and self.files.count() == 0
        self.add_files_button.setDefault(nothing_listed)
        self.start_button.setDefault(not nothing_listed)

    def _list_changed(self) -> None:
        """After a refusal, the status said to change the list; once it is changed it says so, and that the message
        below is about the list before (the dialog had kept "change the list" over the list already changed)."""
        self._update_start()
        if self._refused:
            self.status.setText(_changed_since_refusal(self.files.count()))

    def paths(self) -> list[str]:
        return [self.files.item(row).text() for row in range(self.files.count())]

    # Running ----------------------------------------------------------------

    def start(self) -> None:
        self._started = time.monotonic()
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)  # busy until a reader tells how far it is
        self.status.setText("Reading…")
        self.details.setVisible(False)  # a refusal's message, shown until this run says how it went
        self._refused = False
        self.cancel_button.setText("Cancel")
        self._set_choosing(False)
        self.session.import_progress.connect(self._show_progress)
        self.session.import_files(self.paths(), ImportOptions(fold_diacritics=self.fold.isChecked()))

    def _set_choosing(self, choosing: bool) -> None:
        """The sources and the option can be changed, and imported, only while no import runs."""
        for widget in (self.files, self.fold, self.add_files_button, self.add_folder_button):
            widget.setEnabled(choosing)
        self._update_start()

    def _show_progress(self, status: ImportStatus) -> None:
        elapsed = max(time.monotonic() - self._started, 1e-6)
        rate = status.records / elapsed
        line = f"File {status.file_number} of {status.files}: {Path(status.path).name} — {counted(status.records, 'record')}, {rate:,.0f} a second"
        if status.fraction:
            done = ((status.file_number - 1) + status.fraction) / status.files
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000))
            if 0 < done < 1:
                line += f", about {_duration(elapsed * (1 - done) / done)} left"
        self.status.setText(line)

    @property
    def running(self) -> bool:
        """This dialog's import has started and not yet ended."""
        return bool(self._started) and self.session.importing

    def reject(self) -> None:
        """Esc (and closing the dialog) while its import runs cancels it, as the Cancel button does: the dialog
        closed and the import ran on, with nothing left to stop it and no word at its end."""
        if self.running:
            self.cancel_import()
        else:
            super().reject()

    def cancel_import(self) -> None:
        self.session.cancel_import()
        self.status.setText("Cancelling: everything this import wrote is being rolled back…")
        self.cancel_button.setEnabled(False)

    def _finished(self, reports: list[FileReport]) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        outcome = self.session.last_import
        changed = decided_changes_headline(reports)  # said first: a long summary may hide its line
        took = f"Imported in {_duration(time.monotonic() - self._started)}."
        self.status.setText(" ".join(filter(None, (took, changed))) + _take_back_text(outcome))
        left_out = "".join(f"\nleft out: {why}" for why in outcome.left_out) if outcome else ""
        self.details.setPlainText(summary_text(reports) + left_out)
        self.details.setVisible(True)
        self._done()

    def _failed(self, title: str, message: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(f"{title}. The database is as it was before: change the list (Delete takes a source off it) and import again.")
        self.details.setPlainText(message)
        self.details.setVisible(True)
        self._done()
        self._started = 0.0  # nothing was imported: the same list, or a better one, can go again
        self._refused = True
        self._set_choosing(True)

    def _done(self) -> None:
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Close")
        self.session.import_progress.disconnect(self._show_progress)


def summary_text(reports: list[FileReport]) -> str:
    lines = []
    for report in reports:
        lines.append(report.summary())
        lines += [f"  repaired: {repair}" for repair in report.repairs[:200]]
        lines += [f"  skipped: {skipped}" for skipped in report.skipped[:200]]
        lines += [f"  warning: {warning}" for warning in report.warnings[:200]]
    return "\n".join(lines)


def _take_back_text(outcome: ImportOutcome | None) -> str:
    """How to undo the import, where the reviewer reads it first (the details may be long); or that there is nothing
    to undo (it offered a backup, made for nothing, to "take it back")."""
    if outcome is not None and not outcome.changed:
        return " It changed nothing: the database is as it was, so no backup was kept."
    if outcome is None or outcome.backup_before is None:
        return ""
    return f" To take it back, restore the backup made {outcome.backup_before.description} with File → Restore a backup…"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _changed_since_refusal(sources: int) -> str:
    """With no source left, Import is disabled: the line said "0 sources to import. Press Import" all the same."""
    changed = "The list has changed since the refusal below"
    if not sources:
        return f"{changed}: no source is left. Add files or a folder to import."
    return f"{changed}: {counted(sources, 'source')} to import. Press Import to try again."
