"""Choose what to export, in which format, and where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from gui.dialog_focus import give_back_keyboard, take_keyboard
from models import exports
from models.queries import ClusterSummary, Status


class ExportDialog(QDialog):
    def __init__(
        self, current: ClusterSummary | None, chosen: list[ClusterSummary], every: list[ClusterSummary], parent: QWidget | None = None,
        last_format: str | None = None, last_folder: Path | None = None,
    ):
        """`last_format`, `last_folder`: where the last export went; the dialog starts from them (a folder
        since removed: the home folder)."""
        super().__init__(parent)
        self.setWindowTitle("Export curated profiles")
        done = [c for c in every if c.status is Status.DONE]
        self._scopes = {
            "current": [current] if current else [],
            "chosen": chosen,
            "done": done,
            "all": every,
        }
        self.scope_group = QButtonGroup(self)
        scopes = QVBoxLayout()
        texts = {
            "current": f"This cluster ({current.name})" if current else "This cluster",
            "chosen": f"The clusters chosen in the list ({len(chosen):,})",
            "done": f"Every done cluster ({len(done):,})",
            "all": f"Every cluster ({len(every):,})",
        }
        for position, (key, text) in enumerate(texts.items()):
            button = QRadioButton(text, self)
            button.setEnabled(bool(self._scopes[key]))
            self.scope_group.addButton(button, position)
            scopes.addWidget(button)
        self.scope_group.button(0).setChecked(True)
        self.format = QComboBox(self)
        for name, (_, what) in exports.FORMATS.items():
            self.format.addItem(f"{name} — {what}", name)
        self.format.setCurrentIndex(max(self.format.findData(last_format), 0))
        self.path = QLineEdit(self)
        self._folder = last_folder if last_folder is not None and last_folder.is_dir() else Path.home()
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path)
        where.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Clusters", scopes)
        form.addRow("Format", self.format)
        form.addRow("Save to", where)
        form.addRow(self.buttons)
        self.format.currentIndexChanged.connect(lambda _: self._suggest_path())
        self.scope_group.idClicked.connect(lambda _: self._suggest_path())  # "Every cluster" is not named after this one
        self.path.textChanged.connect(lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip())))
        self.path.textEdited.connect(self._follow_file_name)
        self._suggest_path()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        give_back_keyboard(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # OK: the scope, format and folder start as the last export's, so most exports are one key away. The
        # first radio button had the focus, shown by no mark.
        take_keyboard(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def chosen_clusters(self) -> list[ClusterSummary]:
        return self._scopes[list(self._scopes)[self.scope_group.checkedId()]]

    def chosen_format(self) -> str:
        return self.format.currentData()

    def chosen_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _suggest_path(self) -> None:
        clusters = self.chosen_clusters()
        stem = clusters[0].key.replace(" ", "-") if len(clusters) == 1 else "namesake-export"
        folder = Path(self.path.text()).parent if self.path.text() else self._folder
        self.path.setText(str(folder / f"{stem}{exports.SUFFIXES[self.chosen_format()]}"))

    def _browse(self) -> None:
        if exports.is_folder_format(self.chosen_format()):
            path = QFileDialog.getExistingDirectory(self, "Export into folder", self.path.text())
        else:
            path, _ = QFileDialog.getSaveFileName(self, "Export to file", self.path.text())
        if path:
            self.path.setText(path)
            self._follow_file_name(path)

    def _follow_file_name(self, path: str) -> None:
        """A file named for another format ("profiles.csv") chooses that format; the name stays as given."""
        fmt = exports.format_for(path, self.chosen_format())
        if fmt != self.chosen_format():
            self.format.blockSignals(True)  # not `_suggest_path`: it would rename the file the reviewer just named
            self.format.setCurrentIndex(self.format.findData(fmt))
            self.format.blockSignals(False)
