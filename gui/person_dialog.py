"""Edit a person's profile: label, display name, affiliation, ORCID iD, homepage, note."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from gui.inks import ink
from gui.note_edit import NoteEdit, accept_on_ctrl_return
from models.orcid import normalize_orcid
from models.queries import PersonSummary


class PersonDialog(QDialog):
    def __init__(self, person: PersonSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Profile of {person.label}")
        self.label = QLineEdit(person.label, self)
        self.display_name = QLineEdit(person.display_name, self)
        self.affiliation = QLineEdit(person.affiliation or "", self)
        self.orcid = QLineEdit(person.orcid or "", self)
        self.orcid.setPlaceholderText("0000-0002-1825-0097")
        self.orcid_status = QLabel(self)
        # Wrapped: on one line a problem ("'0000-0002' is not an ORCID iD (expected …)") widened the dialog to 650 px.
        self.orcid_status.setWordWrap(True)
        self.homepage = QLineEdit(person.homepage or "", self)
        self.note = NoteEdit(person.note or "", self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout(self)
        for text, widget in (("Label", self.label), ("Display name", self.display_name), ("Affiliation", self.affiliation),
                             ("ORCID iD", self.orcid), ("", self.orcid_status), ("Homepage", self.homepage), ("Note", self.note)):
            form.addRow(text, widget)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        accept_on_ctrl_return(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        for field in (self.label, self.display_name, self.orcid):
            field.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = orcid_problem(self.orcid.text())
        self.orcid_status.setText(problem or "")
        self.orcid_status.setStyleSheet(f"color: {ink('red')}" if problem else "")
        valid = problem is None and self.label.text().strip() and self.display_name.text().strip()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(valid))

    def fields(self) -> dict[str, str]:
        return {
            "label": self.label.text(), "display_name": self.display_name.text(), "affiliation": self.affiliation.text(),
            "orcid": self.orcid.text(), "homepage": self.homepage.text(), "note": self.note.toPlainText(),
        }


def orcid_problem(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        normalize_orcid(text)
    except ValueError as error:
        return str(error)
    return None
