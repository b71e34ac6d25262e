"""Render the review window to a PNG, as the README shows it.

    python -m gui.screenshot resources/screenshot.png

Runs offscreen on a temporary database holding the bundled example, with a
few decisions made by keyboard, so the picture is the real window.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def _wait(signal=None, msecs: int = 300) -> None:
    """Run the event loop (which lets worker threads run) until `signal` or `msecs`."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    if signal is not None:
        signal.connect(loop.quit)
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def render(target: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from gui.app import WINDOW_SIZE, application, open_window
    from models.store import Store

    app = application()
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "shot.sqlite3", reviewer="curator") as store:
        store.import_bundled_example()
        window = open_window(store)
        window.resize(*WINDOW_SIZE)  # whatever size a saved layout gave it
        _wait(window.session.analysed, 10_000)
        for key in (Qt.Key.Key_Y, Qt.Key.Key_Y, Qt.Key.Key_N, Qt.Key.Key_U, Qt.Key.Key_Y):
            QTest.keyClick(window.papers.table, key)
        QTest.keyClick(window.papers.table, Qt.Key.Key_K)
        _wait(window.session.analysed, 10_000)
        _wait(msecs=300)  # deferred layout requests
        window.grab().save(str(target))
        window.close()
        window.session.runner.wait()
        store.close(backup=False)
    del app


if __name__ == "__main__":
    render(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshot.png"))
