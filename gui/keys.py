"""The keys a reviewer presses, read the same from the main keys and the number pad."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent


def held_modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    """Shift, Ctrl, Alt… held with this key. The number pad's mark is not one: its Enter comes with it, and
    "Enter with no modifier" ignored it."""
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
