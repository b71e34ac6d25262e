"""Unhandled exceptions: logged to a file with the full traceback, shown in a dialog, survived.

Qt calls Python slots from C++; an exception escaping one ends up in
`sys.excepthook`. Ours writes the report to the log file, tells the
reviewer where it is, and returns: the window stays up, and every decision
committed before is safe.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("namesake")


def log_path() -> Path:
    from platformdirs import user_log_path

    return user_log_path("namesake", appauthor=False) / "namesake.log"


def install(path: Path | None = None, show_dialog: bool = True) -> Callable[[], None]:
    """Log to `path` (default: the user's log folder) and catch what nothing else caught.

    Returns the function that puts the previous hook and logging back.
    """
    path = path or log_path()
    previous = sys.excepthook
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def hook(kind, error, trace) -> None:
        report = "".join(traceback.format_exception(kind, error, trace))
        log.error("unhandled exception\n%s", report)
        if show_dialog and QApplication.instance() is not None:
            _show(error, path)

    sys.excepthook = hook

    def uninstall() -> None:
        sys.excepthook = previous
        log.removeHandler(handler)
        handler.close()

    return uninstall


def _show(error: BaseException, path: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "Namesake — something went wrong",
                      f"An unexpected error happened: {error}\n\n"
                      f"Namesake keeps running, and every decision saved before is safe.\n"
                      f"The full report is in {path}; please send it to the developers.")
    box.setDetailedText("".join(traceback.format_exception(error)))
    box.exec()
