"""SIGTERM, SIGINT and SIGHUP close the window as File → Quit does.

Without this, SIGTERM (a logout, `kill`) and SIGHUP (the terminal closed)
ended the process at once: the decisions were committed, but the backup
made on close was skipped. Ctrl+C in the terminal did nothing at all,
because Python runs its signal handlers only between bytecodes of the main
thread, and the main thread sleeps in Qt's event loop. The C-level handler
therefore writes the signal's number to a socket (`signal.set_wakeup_fd`),
and a `QSocketNotifier` on the other end wakes the event loop so that
Python runs the handler at once.

The first signal closes the windows as the reviewer would: changes the disk
refused are retried, and if some are still pending the window asks before
they are lost. A second signal quits without asking.
"""

from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

# Windows has no SIGHUP.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class StopOnSignals:
    """Installed for the life of the event loop; `received` is the last signal's number (None: none came)."""

    def __init__(self, app: QApplication):
        self.app = app
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        self._previous_wakeup = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers = {number: signal.signal(number, self._stop) for number in STOP_SIGNALS}

    @property
    def exit_code(self) -> int | None:
        """What a shell expects of a program a signal ended: 128 + its number."""
        return None if self.received is None else 128 + self.received

    def _drain(self) -> None:
        # Only wakes the loop: Python has run (or now runs) the handler itself.
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass

    def _stop(self, number: int, _frame) -> None:
        first = self.received is None
        self.received = number
        if not first:
            self.app.exit(self.exit_code)
            return
        # Python may run this between any two bytecodes of the GUI thread, in the middle of a decision's
        # slot: the windows close from the event loop, once that work is done.
        QTimer.singleShot(0, self._close_windows)

    def _close_windows(self) -> None:
        # Each window's closeEvent: pending changes retried, or asked about. Once the last one has closed,
        # Qt ends the event loop itself (quitOnLastWindowClosed); an exit() here as well would leave that
        # quit queued for the next event loop.
        self.app.closeAllWindows()
        if not self.app.quitOnLastWindowClosed() and not any(w.isVisible() for w in self.app.topLevelWidgets()):
            self.app.exit(self.exit_code)

    def uninstall(self) -> None:
        """Put back the handlers and the wake-up descriptor there were before."""
        for number, handler in self._previous_handlers.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_wakeup)
        self._notifier.setEnabled(False)
        self._notifier.deleteLater()
        self._reader.close()
        self._writer.close()
