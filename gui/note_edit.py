"""Note fields, and the dialog that asks for a decision's note.

A plain text editor keeps the keyboard: Tab typed a tab character into the
note (and it was saved with it), only Shift+Tab left the field, and
Ctrl+Return did nothing. In a note field Tab and Shift+Tab move on as in
any other field, Return still starts a new line, and Ctrl+Return (Ctrl+Enter
on the keypad) accepts the dialog.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

ACCEPT_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # Enter: the keypad's


class NoteEdit(QPlainTextEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTabChangesFocus(True)


def accept_on_ctrl_return(dialog: QDialog, ok: QPushButton) -> None:
    """Ctrl+Return anywhere in `dialog` presses `ok`, as a click would: not while it is disabled.

    A shortcut of the dialog, not a key of the note field: a text field takes
    plain Return for itself, but lets Ctrl+Return go to the window's shortcuts.
    """
    for key in ACCEPT_KEYS:
        QShortcut(QKeySequence(key), dialog).activated.connect(ok.click)


class NoteDialog(QDialog):
    """The note on the decisions of the selected papers."""

    def __init__(self, prompt: str, note: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Note on decision")
        self.edit = NoteEdit(note, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        accept_on_ctrl_return(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.edit.setFocus()

    def note(self) -> str | None:
        """The note as typed, None if it is blank (the note is removed)."""
        return self.edit.toPlainText().strip() or None
