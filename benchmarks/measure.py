"""Clocks, medians and memory readings shared by every figure."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _status_kb(field: str) -> float:
    """A field of /proc/self/status (VmRSS: now, VmHWM: the peak), in kB; NaN where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return float(line.split()[1])
    except OSError:
        pass
    return float("nan")


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    return _status_kb("VmHWM") / 1024
