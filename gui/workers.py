"""Run a blocking call off the GUI thread and hand its result back on the GUI thread.

Workers never touch widgets: they return a value, and the callbacks run in
the GUI thread through a queued signal.
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


# How long a worker running Python may keep the interpreter once the GUI thread asks for it.
# Python's default is 5 ms, and every repaint of the papers table calls into Python about a
# thousand times, asking each time: during the suggestion analysis of a 10,000-paper cluster a
# repaint that takes 10 ms idle took 250-700 ms; at 0.05 ms it takes 20-30 ms, and the analysis
# takes as long as before (`python -m benchmarks` reports it as "repaint while suggesting").
GUI_SWITCH_INTERVAL = 0.00005


def keep_gui_responsive() -> None:
    """Let the GUI thread take the interpreter back quickly from workers doing Python work."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)


class _TaskSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    def __init__(self, call: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until a signal arrives
        self.signals = _TaskSignals()
        self._call = call

    def run(self) -> None:
        try:
            result = self._call()
        except Exception as error:  # handed to the GUI thread, which reports it
            self._report(self.signals.failed, error)
        else:
            self._report(self.signals.finished, result)

    @staticmethod
    def _report(signal, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the application is shutting down and nobody listens any more


class BackgroundRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they report."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def start(self, call: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Exception], None]) -> None:
        task = Task(call)
        self._running.add(task)

        def finish(handler: Callable, value: Any) -> None:
            self._running.discard(task)
            handler(value)

        task.signals.finished.connect(lambda result: finish(on_done, result))
        task.signals.failed.connect(lambda error: finish(on_error, error))
        self._pool.start(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every task has finished (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)


class DisposableRunner(QObject):
    """Runs throwaway work (suggestions) on a daemon thread, one task at a time.

    Quitting never waits for it: its results are only worth having while the
    window is open, and nothing it does writes to the database.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._waiting: set[_TaskSignals] = set()  # alive until their result is delivered

    def start(self, call: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Exception], None]) -> None:
        signals = _TaskSignals()  # a fresh pair per task, so late results reach only their own callbacks
        self._waiting.add(signals)

        def deliver(handler: Callable, value: Any) -> None:
            self._waiting.discard(signals)
            handler(value)

        signals.finished.connect(lambda result: deliver(on_done, result))
        signals.failed.connect(lambda error: deliver(on_error, error))

        def run() -> None:
            try:
                result = call()
            except Exception as error:  # reported in the GUI thread
                Task._report(signals.failed, error)
            else:
                Task._report(signals.finished, result)

        threading.Thread(target=run, name="namesake-analysis", daemon=True).start()
