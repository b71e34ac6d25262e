"""The benchmark harness runs end to end on a tiny database, so it cannot rot.

The real benchmark (`python -m benchmarks`, a million papers) is not part of
the test run; this smoke run generates a few thousand papers and takes
seconds. It runs in a child process, as the benchmark itself does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_smoke_run_prints_every_figure_with_its_baseline(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--json", "--cache", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=110, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)["figures"]
    names = " | ".join(f["name"] for f in figures)
    for expected in ("import", "start-up to first paint", "open the", "filter keystroke", "decision (key N)", "bare PySide6 window",
                     "bulk decision", "sort by year", "memory with"):
        assert expected in names
    for figure in figures:
        assert {"name", "value", "baseline", "ratio", "target"} <= set(figure)
        assert figure["value"] > 0
        if figure["baseline"] is not None:
            assert figure["baseline"] > 0 and figure["ratio"] > 0
    assert len([f for f in figures if f["name"].startswith("open the")]) == 2  # the "20k" and "100k" clusters, scaled down
