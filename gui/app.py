"""Start the review window on a database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from gui.icons import icon
from gui.main_window import MainWindow
from gui.session import ReviewSession
from gui.settings import saved_reviewer
from models.errors import NamesakeError
from models.store import Store


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Namesake")
    app.setOrganizationName("Namesake")
    app.setWindowIcon(icon("namesake"))
    return app


def open_window(store: Store) -> MainWindow:
    window = MainWindow(ReviewSession(store))
    window.show()
    window.start()
    return window


def run_window(db_path: Path, reviewer: str | None = None, seed_example: bool = False) -> int:
    """Open the window on `db_path`; on a first run, seed it with the bundled example."""
    app = application()
    try:
        store = Store(db_path, reviewer=reviewer or saved_reviewer())
        if seed_example and store.is_empty():
            store.import_bundled_example()
    except NamesakeError as error:
        QMessageBox.critical(None, "Namesake cannot open the database", str(error))
        return 1
    window = open_window(store)
    try:
        return app.exec()
    finally:
        window.session.runner.wait()
        store.close()
