"""`python -m benchmarks`: measure every figure of issue 6 next to its raw baseline.

    python -m benchmarks                 full run: 1,000,000 papers (generated and imported once, cached)
    python -m benchmarks --json          the same, as {"figures": [{name, value, baseline, ratio, target, ...}]}
    python -m benchmarks --smoke         a tiny database and one or two runs: checks the harness works (the tests run it)

Progress goes to standard error; the table (or JSON) to standard output.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import figures, suite
from benchmarks.cache import DEFAULT_CACHE, code_version, ensure_database
from benchmarks.generate import BIG
from benchmarks.report import as_json, markdown, table

SMOKE = {"papers": 2_000, "runs": 2, "import_papers": 500, "import_runs": 1, "startup_runs": 1, "bulk": 10_000}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"where the generated data is kept (default {DEFAULT_CACHE})")
    parser.add_argument("--papers", type=int, default=1_000_000, help="papers in the database (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each window figure (the median is reported)")
    parser.add_argument("--bulk", type=int, default=10_000, help="rows in the bulk decision")
    parser.add_argument("--import-papers", type=int, default=50_000, help="papers in the import measured on every run")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--reimport", action="store_true", help="import the full database again (and time it), even if cached")
    parser.add_argument("--analysis-max", type=int, default=20_000,
                        help="time the background suggestion analysis on clusters up to this size (default 20,000)")
    parser.add_argument("--no-scaling", action="store_true", help="measure only the 20,000- and 100,000-paper clusters")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (for the README)")
    parser.add_argument("--smoke", action="store_true", help=f"a quick check of the harness: {SMOKE}")
    return parser


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(args: argparse.Namespace) -> tuple[list, dict]:
    load_at_start = round(os.getloadavg()[0], 1)  # the machine is shared: say how busy it was
    code = code_version()
    db, manifest, build = ensure_database(args.cache, args.papers, say, args.reimport)
    say(f"import of {args.import_papers:,} papers, {args.import_runs} run(s) ...")
    found = figures.import_figures(suite.imports(args.cache, args.import_papers, args.import_runs, say), args.import_papers, build)
    say(f"start-up, {args.startup_runs} run(s) ...")
    found += figures.startup_figures(suite.startup(db, args.startup_runs), args.papers)
    sizes = {name: manifest.clusters[name] for name, _, _ in BIG}
    wanted = list(sizes)[:2] if args.no_scaling or args.smoke else list(sizes)  # the 20k and 100k clusters first
    work = suite.working_copy(db, args.cache)
    by_size = {}
    try:
        other = suite.smallest_cluster(work)
        for name in wanted:
            say(f"window figures, {sizes[name]:,}-paper cluster, {args.runs} run(s) ...")
            # The suggestion analysis is timed where it takes seconds, not where it takes many minutes and GBs.
            analysis = sizes[name] <= args.analysis_max
            by_size[sizes[name]] = suite.window(work, name, other, args.runs, args.bulk, analysis)
    finally:
        suite.drop(work)
    for name in list(sizes)[:2]:
        found += figures.cluster_figures(sizes[name], by_size[sizes[name]])
    extra = {
        "machine": machine(), "code": code, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "load_average_at_start": load_at_start, "load_average_at_end": round(os.getloadavg()[0], 1),
        "papers": args.papers, "runs": args.runs, "scaling": figures.scaling_rows(by_size),
    }
    return found, extra


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    import PySide6
    import sqlite3

    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"PySide6 {PySide6.__version__}, SQLite {sqlite3.sqlite_version}")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.smoke:
        for key, value in SMOKE.items():
            setattr(args, key, value)
    found, extra = measure(args)
    # Kept beside the cache, so the last full run can be pasted or compared without running again.
    (args.cache / "last-run.json").write_text(as_json(found, extra))
    (args.cache / "last-run.md").write_text(f"{extra['machine']}; {extra['date']}\n\n{markdown(found)}\n\n{figures.scaling_table(extra['scaling'])}\n")
    if args.json:
        print(as_json(found, extra))
    elif args.markdown:
        print(f"{extra['machine']}; {extra['date']}\n\n{markdown(found)}\n\n{figures.scaling_table(extra['scaling'])}")
    else:
        print(f"{extra['machine']}; {extra['date']}; code {extra['code']}; {args.papers:,} papers; medians of {args.runs} runs; "
              f"load average {extra['load_average_at_start']} at start, {extra['load_average_at_end']} at end\n")
        print(table(found))
        print("\nBy cluster size (medians):\n" + figures.scaling_table(extra["scaling"]))
        for f in found:
            if f.note:
                print(f"- {f.name}: {f.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
