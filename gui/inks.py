"""Text colours that read on a light palette and on a dark one.

The window follows the desktop's palette, and its coloured text was chosen
for a light one: on a dark desktop the venue line of the paper shown, the
⚠ notes, the clusters' progress and the suggestions' levels fell to a
contrast of 2.6–3.4 to 1. Each ink has a colour for a light base and one
for a dark base (GitHub's Primer palettes, made for contrast on each), and
is looked up when it is used, so a palette changed while the window is open
is followed too.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# name: (on a light base, on a dark base)
INKS = {
    "green": ("#1a7f37", "#3fb950"),
    "amber": ("#9a6700", "#d29922"),
    "muted": ("#57606a", "#8b949e"),
    "faint": ("#8c959f", "#6e7681"),  # the least a line says (a paper's source and key)
    "grey": ("#6e7781", "#8b949e"),
    "red": ("#cf222e", "#f85149"),
}


def dark_palette() -> bool:
    app = QGuiApplication.instance()
    return app is not None and app.palette().color(QPalette.ColorRole.Base).lightness() < 128


def ink(name: str) -> str:
    """The colour of `name` for the application's palette, as HTML and style sheets write it."""
    return INKS[name][dark_palette()]


def ink_colour(name: str) -> QColor:
    return QColor(ink(name))
