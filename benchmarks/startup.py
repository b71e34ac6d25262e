"""A launcher that starts the app, or a bare window, and stops at first paint.

    python -m benchmarks.startup namesake DB   the real start-up (`gui.app`), on DB
    python -m benchmarks.startup bare          a bare PySide6 window, shown and painted

Prints one JSON line of wall-clock times (`time.time()`), so the parent can
measure from before it spawned this process: interpreter, imports, window,
first paint; then, for Namesake (whose first paint is its start-up frame,
`gui.app.Startup`), until the review window is painted with its clusters
listed, and until the first cluster is loaded and painted (both come from
worker threads, in either order). It exits at once after (`os._exit`): a normal exit waits
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

    from gui.app import Startup, application

    app = application()
    times: dict = {}

    def report_when_both() -> None:
        if "window_paint" in times and "loaded_paint" in times:
            _report(times)

    def loaded(contents) -> None:
        startup.window.repaint()  # the controller has filled the panes (it was connected first)
        times.update(loaded_paint=time.time(), rows=len(contents.papers), cluster=contents.cluster.name)
        report_when_both()

    def listed(_clusters) -> None:
        startup.window.repaint()  # the review window with its clusters listed
        times["window_paint"] = time.time()
        report_when_both()

    def ready(window) -> None:
        # The clusters are listed and the first cluster loaded off the GUI thread, in either order.
        window.session.cluster_loaded.connect(loaded)
        window.session.clusters_listed.connect(listed)

    startup = Startup(Path(db), "bench", ready=ready)  # shows the frame; the rest follows from the event loop
    startup.frame.repaint()
    times["first_paint"] = time.time()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        namesake(sys.argv[2])
