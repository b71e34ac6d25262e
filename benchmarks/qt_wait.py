"""Waiting for a Qt signal without spinning: a `QEventLoop` that the signal quits.

`processEvents()` in a busy loop would compete with the loader thread for
the GIL and distort the very figure being measured.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEventLoop, QTimer


class Timeout(RuntimeError):
    pass


def run_until(signal, trigger: Callable[[], object], timeout_ms: int = 600_000) -> None:
    """Call `trigger`, then run the event loop until `signal` fires (it may fire inside `trigger`)."""
    loop = QEventLoop()
    fired = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    try:
        trigger()
        if not fired:
            timer.start(timeout_ms)
            loop.exec()
    finally:
        timer.stop()
        signal.disconnect(done)
    if not fired:
        raise Timeout(f"no signal within {timeout_ms} ms")
