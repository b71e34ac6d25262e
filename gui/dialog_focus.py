"""Dialogs take the keyboard as they open, on the control a reviewer most likely wants first.

Without a window manager (Xvfb, a kiosk, some remote desktops) nothing activates a window that
Qt shows: the import dialog (non-modal) opened by Ctrl+O left the keys in the main window behind
it, so Escape did not close it and Tab moved the focus among the panes behind it. A window
manager would activate it anyway; asking costs nothing there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def take_keyboard(window: QWidget, first: QWidget) -> None:
    """Raise and activate `window`, with the keyboard focus on `first`."""
    window.raise_()
    window.activateWindow()
    first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
