"""Stopping long background work that is no longer wanted.

The suggestion analysis of a big cluster can take minutes; when the reviewer
decides again meanwhile, or opens another cluster, its result is already old.
The caller runs the work inside `stop_when(check)`; the long loops call
`stop_if_asked()`, which raises `Stopped` once `check()` is true. The check
lives in a context variable, so it follows the thread that set it and needs
no parameter through every layer (nor in the engine's cache keys); work run
without `stop_when` is never stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_check: ContextVar[Callable[[], bool] | None] = ContextVar("stop_check", default=None)


class Stopped(Exception):
    """The work was stopped because its result is no longer wanted; nothing it made is kept."""


@contextmanager
def stop_when(check: Callable[[], bool]) -> Iterator[None]:
    """Within this block, `stop_if_asked` raises `Stopped` once `check()` is true."""
    token = _check.set(check)
    try:
        yield
    finally:
        _check.reset(token)


def stop_if_asked() -> None:
    check = _check.get()
    if check is not None and check():
        raise Stopped
