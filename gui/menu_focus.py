"""The keys go back to where they were when a menu of the menu bar closes without a choice.

Qt leaves the menu bar holding the keyboard after Esc on a menu opened by a click (or by Alt+letter), so that
the reviewer can walk on to another menu: ↓ then opens the menu again, out of sight of a reviewer who looks at the
papers, and a letter chooses an item by its mnemonic. With one-letter decision keys that made decisions: a tester's
C (for a note) chose "Clear decision", and the note's letters typed next decided papers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenuBar, QWidget


class MenuFocus(QObject):
    """Watches a menu bar's menus: one closed with nothing chosen gives the focus back to the widget that had it."""

    def __init__(self, bar: QMenuBar):
        super().__init__(bar)
        self._bar = bar
        self._before: QWidget | None = None  # the widget that had the keys before the menus took them
        self._chosen = False  # an item was chosen: its action decides where the focus goes
        bar.triggered.connect(self._item_chosen)
        for action in bar.actions():
            if action.menu() is not None:
                action.menu().aboutToShow.connect(self._menu_shown)
                action.menu().aboutToHide.connect(self._menu_hidden)

    def _menu_shown(self) -> None:
        self._chosen = False
        focused = QApplication.focusWidget()
        # The menu bar had the keys already (reached by Alt): Qt knows where they were (`_give_keys_back`).
        self._before = focused if focused is not self._bar else None

    def _item_chosen(self, _action: QAction) -> None:
        self._chosen = True

    def _menu_hidden(self) -> None:
        # Once the closing is done: Qt gives the menu bar the keys after the menu hides, and ← or → opens the
        # next menu at once (a menu is still open then, and the reviewer is still walking the menus).
        QTimer.singleShot(0, self._give_keys_back)

    def _give_keys_back(self) -> None:
        if self._chosen or QApplication.activePopupWidget() is not None or not self._bar.hasFocus():
            return
        before = self._before
        if before is not None and before.isVisible() and before.isEnabled():
            before.setFocus(Qt.FocusReason.PopupFocusReason)
        else:  # Esc on the menu bar itself: it leaves its keyboard mode and gives the keys back where Qt had them
            escape = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(self._bar, escape)
