"""Start the review window on a database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from gui import crash
from gui.icons import icon
from gui.main_window import MainWindow
from gui.session import ReviewSession
from gui.settings import saved_reviewer
from models.backup import list_backups, restore_backup
from models.errors import DatabaseDamaged, NamesakeError
from models.store import Store


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Namesake")
    app.setOrganizationName("Namesake")
    app.setWindowIcon(icon("namesake"))
    return app


def open_store(db_path: Path, reviewer: str) -> Store | None:
    """The store; if the file is damaged, offer the newest good backup in its place."""
    try:
        return Store(db_path, reviewer=reviewer)
    except DatabaseDamaged as error:
        backups = list_backups(Path(db_path))
        if not backups:
            raise
        answer = QMessageBox.question(
            None, "Namesake — the database is damaged",
            f"{error}\n\nRestore the newest good backup, made {backups[0].description}?\n"
            "The damaged file is kept beside it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        restore_backup(backups[0].path, Path(db_path))
        return Store(db_path, reviewer=reviewer)


def open_window(store: Store) -> MainWindow:
    window = MainWindow(ReviewSession(store))
    window.show()
    window.start()
    return window


def run_window(db_path: Path, reviewer: str | None = None, seed_example: bool = False) -> int:
    """Open the window on `db_path`; on a first run, seed it with the bundled example."""
    app = application()
    uninstall_crash_hook = crash.install()
    try:
        return _run(app, db_path, reviewer, seed_example)
    finally:
        uninstall_crash_hook()


def _run(app: QApplication, db_path: Path, reviewer: str | None, seed_example: bool) -> int:
    try:
        store = open_store(db_path, reviewer or saved_reviewer())
        if store is None:
            return 1
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
        window.session.store.close()  # the session may hold a store reopened after a restore
