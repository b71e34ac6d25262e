"""Runs each part of the benchmark in its own process and collects the raw timings.

A fresh process per cluster keeps one cluster's memory and caches out of
another's figures; the start-up figure is whole-process by definition.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.cache import ROOT, ensure_input, run_import


def _python(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False,
                          env=_quiet_env())
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def _quiet_env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Offscreen Qt warns that it cannot pass size hints on; nothing is wrong.
    env.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    return env


def working_copy(db: Path, cache: Path) -> Path:
    """A copy the window figures may write decisions into; the cached database stays as imported."""
    copy = cache / f"work-{db.name}"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    # On disk before anything is timed. A file of gigabytes written a moment ago waits in the OS's
    # cache, and the first fsync that reaches it wrote it all out: a checkpoint inside a bulk
    # decision's commit took 1.0-1.2 s in one run of five, and every decision's commit ~3 ms more
    # (benchmarks/HISTORY.md, "Runs 8-11"). A reviewer's database was not just copied.
    with open(copy, "rb+") as handle:
        os.fsync(handle.fileno())
    return copy


def drop(db: Path) -> None:
    for path in (db, db.with_name(db.stem + ".baseline.sqlite3")):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def smallest_cluster(db: Path) -> str:
    """A small cluster to step away to between runs of an open."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT c.name FROM name_cluster c JOIN cluster_paper p ON p.cluster_id = c.id GROUP BY c.id ORDER BY count(*), c.id LIMIT 1"
        ).fetchone()
    conn.close()
    return row[0]


def window(db: Path, cluster: str, other: str, runs: int, bulk: int, time_analysis: bool = False) -> dict:
    extra = ["--time-analysis"] if time_analysis else []
    return json.loads(_python("-m", "benchmarks.window", str(db), cluster, "--other", other, "--runs", str(runs), "--bulk", str(bulk),
                              *extra))


def startup(db: Path, runs: int) -> dict:
    """Whole-process start-up times, Namesake and a bare window alternating."""
    found: dict[str, list[float]] = {"first_paint": [], "window_paint": [], "loaded_paint": [], "bare": []}
    for _ in range(runs):
        start = time.time()
        times = json.loads(_python("-m", "benchmarks.startup", "namesake", str(db)))
        found["first_paint"].append(times["first_paint"] - start)
        found["window_paint"].append(times["window_paint"] - start)
        found["loaded_paint"].append(times["loaded_paint"] - start)
        found["rows"], found["cluster"] = times["rows"], times["cluster"]
        start = time.time()
        found["bare"].append(json.loads(_python("-m", "benchmarks.startup", "bare"))["first_paint"] - start)
    return found


def imports(cache: Path, papers: int, runs: int, say) -> dict:
    """Imports of a `papers`-paper file into fresh databases, Namesake and raw alternating."""
    jsonl, _ = ensure_input(cache, papers, say)
    found: dict[str, list] = {"namesake": [], "raw": [], "namesake_peak_mb": [], "raw_peak_mb": [], "rss_quarters_mb": []}
    target = cache / f"import-run-{papers}.sqlite3"
    for _ in range(runs):
        for kind in ("namesake", "raw"):
            result = run_import(kind, jsonl, target)
            found[kind].append(result["seconds"])
            found[f"{kind}_peak_mb"].append(result["peak_rss_mb"])
            if kind == "namesake":
                found["rss_quarters_mb"].append(result["rss_quarters_mb"])
            else:
                found.setdefault("raw_rss_quarters_mb", []).append(result["rss_quarters_mb"])
                found.setdefault("raw_insert", []).append(result["insert_and_commit_seconds"])
            drop(target)
    return found
