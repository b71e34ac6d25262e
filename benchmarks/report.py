"""Figures: a value, its raw baseline from the same run, their ratio, and the target it must meet."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

from benchmarks.measure import median


@dataclass
class Figure:
    name: str
    value: float  # seconds, or MB for memory
    baseline: float | None  # same unit; None where the issue gives no baseline
    target: str  # as the issue states it
    max_ratio: float | None = None
    max_value: float | None = None  # an absolute limit (16 ms, 500 MB)
    unit: str = "s"
    runs: int = 1
    baseline_name: str = ""
    note: str = ""
    detail: dict = field(default_factory=dict)
    other_condition: bool = True  # a condition beside the ratio and the limit ("flat memory"), already judged

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def passed(self) -> bool:
        ok = self.max_ratio is None or (self.ratio is not None and self.ratio <= self.max_ratio)
        return ok and (self.max_value is None or self.value < self.max_value) and self.other_condition

    def as_json(self) -> dict:
        row = asdict(self)
        row.update(ratio=self.ratio, **{"pass": self.passed})
        return row


def timed_figure(name: str, values: list[float], baselines: list[float], target: str, max_ratio: float | None,
                 baseline_name: str, max_value: float | None = None, note: str = "") -> Figure:
    """A figure from paired runs: the medians of each side."""
    return Figure(name, median(values), median(baselines), target, max_ratio, max_value, "s", len(values), baseline_name, note)


def _amount(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value * 1000:,.1f} ms" if value < 10 else f"{value:,.1f} s"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "baseline", "ratio", "target", "")]
    for f in figures:
        ratio = f"{f.ratio:.1f}x" if f.ratio is not None else "—"
        rows.append((f.name, _amount(f.value, f.unit), _amount(f.baseline, f.unit), ratio, f.target, "pass" if f.passed else "FAIL"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i in (0, 4) else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(figures: list[Figure]) -> str:
    lines = ["| figure | value | raw baseline | ratio | target | |", "|---|---:|---:|---:|---|---|"]
    for f in figures:
        ratio = f"{f.ratio:.1f}x" if f.ratio is not None else "—"
        baseline = f"{_amount(f.baseline, f.unit)} ({f.baseline_name})" if f.baseline_name else _amount(f.baseline, f.unit)
        lines.append(f"| {f.name} | {_amount(f.value, f.unit)} | {baseline} | {ratio} | {f.target} | {'pass' if f.passed else '**fail**'} |")
    return "\n".join(lines)


def as_json(figures: list[Figure], extra: dict) -> str:
    return json.dumps({"figures": [f.as_json() for f in figures], **extra}, indent=1)
