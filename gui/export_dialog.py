"""Choose what to export, in which format, and where.

The name in "Save to" is the dialog's own until the reviewer types one or chooses one: only the
dialog's follows the clusters and format chosen (one typed was replaced by "namesake-export.json"
when "Every cluster" was chosen). A name the reviewer gave keeps all but the ending, which follows
the format where it is the format's own ("mine.json" becomes "mine.csv"; "mine.txt" stays).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from gui import file_choosers
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
        buttons = self.scope_group.buttons()
        next((b for b in buttons if b.isEnabled()), buttons[0]).setChecked(True)  # "This cluster", if one is open
        self._enter_scopes_at_the_chosen_one()
        self.format = QComboBox(self)
        for name, (_, what) in exports.FORMATS.items():
            self.format.addItem(f"{name} — {what}", name)
        self.format.setCurrentIndex(max(self.format.findData(last_format), 0))
        self.path = QLineEdit(self)
        self._folder = last_folder if last_folder is not None and last_folder.is_dir() else Path.home()
        self._suggested = ""  # the name the dialog gave last
        self._named_for = self.chosen_format()  # the format the name in "Save to" ends as
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
        self.format.currentIndexChanged.connect(lambda _: self._format_chosen())
        self.scope_group.idClicked.connect(lambda _: self._scope_chosen())  # "Every cluster" is not named after this one
        self.scope_group.idToggled.connect(lambda _id, checked: checked and self._enter_scopes_at_the_chosen_one())
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

    def _enter_scopes_at_the_chosen_one(self) -> None:
        """Tab and Shift+Tab enter the scopes at the chosen one, where the arrows choose, as in any exclusive
        group: Qt moves and checks only from a checked button. Qt arranges this itself once one of them has
        had the focus; before, Shift+Tab from Format landed on "Every cluster", not chosen, and Down moved
        the focus without choosing (Space was needed)."""
        for button in self.scope_group.buttons():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button.isChecked() else Qt.FocusPolicy.ClickFocus)

    def _scope_chosen(self) -> None:
        if self._name_is_suggested():
            self._suggest_path()

    def _format_chosen(self) -> None:
        if self._name_is_suggested():
            self._suggest_path()
        else:
            self._follow_format()
        self._named_for = self.chosen_format()

    def _name_is_suggested(self) -> bool:
        """The name in "Save to" is the dialog's (or none): not one the reviewer typed or chose."""
        return self.path.text().strip() in ("", self._suggested)

    def _suggest_path(self) -> None:
        clusters = self.chosen_clusters()
        stem = clusters[0].key.replace(" ", "-") if len(clusters) == 1 else "namesake-export"
        folder = Path(self.path.text().strip()).parent if self.path.text().strip() else self._folder
        self._suggested = str(folder / f"{stem}{exports.SUFFIXES[self.chosen_format()]}")
        self.path.setText(self._suggested)

    def _follow_format(self) -> None:
        """The reviewer's name with the ending of the format chosen, where it ends as the format it was named for:
        "mine.json" becomes "mine.csv", and "mine" as s2and's folder; any other ending ("mine.txt") stays."""
        text = self.path.text().strip()
        ending, wanted = Path(text).suffix, exports.SUFFIXES[self.chosen_format()]
        if ending.lower() == exports.SUFFIXES[self._named_for] != wanted and not text.endswith(("/", "\\")):
            self.path.setText(text[: len(text) - len(ending)] + wanted)

    def _browse(self) -> None:
        if exports.is_folder_format(self.chosen_format()):
            path = file_choosers.existing_directory(self, "Export into folder", self.path.text())
        else:
            path = file_choosers.save_file_name(self, "Export to file", self.path.text())
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
        self._named_for = fmt
