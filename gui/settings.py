"""The reviewer's settings, kept with QSettings: the name recorded with each decision."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QWidget

from models.store import default_reviewer

REVIEWER_KEY = "review/reviewer"


def settings() -> QSettings:
    return QSettings("Namesake", "Namesake")


def saved_reviewer() -> str:
    """The reviewer name set in Settings, else the operating-system user."""
    value = settings().value(REVIEWER_KEY, "")
    return str(value).strip() or default_reviewer()


def ask_reviewer(parent: QWidget, current: str) -> str | None:
    name, accepted = QInputDialog.getText(
        parent, "Reviewer", "Name recorded with each decision you make:", text=current
    )
    if not accepted or not name.strip():
        return None
    settings().setValue(REVIEWER_KEY, name.strip())
    return name.strip()
