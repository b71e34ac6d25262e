"""A launcher that starts the app, or a bare window, and stops at first paint.

    python -m benchmarks.startup namesake DB   the real start-up (`gui.app`), on DB
    python -m benchmarks.startup bare          a bare PySide6 window, shown and painted

Prints one JSON line of wall-clock times (`time.time()`), so the parent can
measure from before it spawned this process: interpreter, imports, database
opening, window, first paint; then, for Namesake, until the first cluster is
loaded and painted. It exits at once after (`os._exit`): a normal exit waits
for the background integrity check, which on a big database takes minutes.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _report(times: dict) -> None:
    print(json.dumps(times), flush=True)
    os._exit(0)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1440, 860)
    window.show()
    window.repaint()
    _report({"first_paint": time.time()})
    app.exec()


def namesake(db: str) -> None:
    from pathlib import Path

    from gui import crash
    from gui.app import application, open_store, open_window

    app = application()
    crash.install()
    store = open_store(Path(db), "bench")
    window = open_window(store)  # shows the window, lists the clusters, starts loading the first open one
    window.repaint()
    times = {"first_paint": time.time()}

    def loaded(contents) -> None:
        window.repaint()  # the controller has filled the panes (it was connected first)
        times.update(loaded_paint=time.time(), rows=len(contents.papers), cluster=contents.cluster.name)
        _report(times)

    window.session.cluster_loaded.connect(loaded)
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        namesake(sys.argv[2])
