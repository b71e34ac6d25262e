"""One import in this process, for a clean peak RSS: `python -m benchmarks.import_run namesake|raw JSONL DB`.

Prints one JSON object: seconds, peak RSS, and RSS sampled through the run
(flat memory means the samples do not climb with the records read).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

from benchmarks.measure import peak_rss_mb, rss_mb


class RssSampler(threading.Thread):
    """Reads this process's RSS every `every` seconds until stopped."""

    def __init__(self, every: float = 0.5):
        super().__init__(daemon=True)
        self.every = every
        self.samples: list[float] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.samples.append(rss_mb())

    def stop(self) -> list[float]:
        self._done.set()
        self.join()
        return self.samples


def run_namesake(jsonl: Path, db: Path) -> dict:
    from models.store import Store

    store = Store(db, reviewer="bench")
    start = time.perf_counter()
    reports = store.import_files([jsonl])
    elapsed = time.perf_counter() - start
    store.close(backup=False)
    return {"seconds": elapsed, "summary": reports[0].summary()[:200]}


def run_raw(jsonl: Path, db: Path) -> dict:
    from benchmarks.raw_import import raw_import

    return raw_import(jsonl, db)


def main(argv: list[str]) -> int:
    kind, jsonl, db = argv[0], Path(argv[1]), Path(argv[2])
    sampler = RssSampler()
    sampler.start()
    result = (run_namesake if kind == "namesake" else run_raw)(jsonl, db)
    samples = sampler.stop()
    quarters = [samples[int(len(samples) * q)] for q in (0.25, 0.5, 0.75)] if len(samples) >= 4 else samples
    result.update(peak_rss_mb=peak_rss_mb(), rss_quarters_mb=quarters, load_average=os.getloadavg()[0])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
