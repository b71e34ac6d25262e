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


def give_back_keyboard(dialog: QWidget) -> None:
    """As a dialog closes, activate the window it was opened over: with no window manager the keys went nowhere
    after the import dialog closed, and the next Ctrl+O or decision key did nothing."""
    owner = dialog.parentWidget()
    if owner is not None and owner.isVisible():
        owner.window().raise_()
        owner.window().activateWindow()
