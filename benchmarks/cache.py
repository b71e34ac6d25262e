"""The generated input and the imported database, made once and kept between runs.

Keys: the generator's version and the number of papers for the JSON Lines
file; the database key adds a digest of Namesake's schema, so a changed
table never meets a stale cache. Building the database is the full-scale
import figure: it is timed (with its raw baseline) and recorded beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.generate import Manifest, generate

GENERATOR_VERSION = 1
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "namesake-bench"
ROOT = Path(__file__).resolve().parents[1]


def schema_digest() -> str:
    """Eight hex digits that change whenever a table, column or index of Namesake's schema does."""
    from sqlmodel import SQLModel

    from models import schema

    parts = [str(schema.SCHEMA_VERSION)]
    for table in sorted(SQLModel.metadata.tables.values(), key=lambda t: t.name):
        parts.append(table.name + ":" + ",".join(f"{c.name} {c.type} {c.nullable} {c.primary_key}" for c in table.columns))
        parts += sorted(f"{index.name} {[c.name for c in index.columns]}" for index in table.indexes)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]


def jsonl_path(cache: Path, papers: int) -> Path:
    return cache / f"namesake-bench-v{GENERATOR_VERSION}-{papers}.jsonl"


def db_path(cache: Path, papers: int) -> Path:
    return cache / f"namesake-bench-v{GENERATOR_VERSION}-{schema_digest()}-{papers}.sqlite3"


def ensure_input(cache: Path, papers: int, say=print) -> tuple[Path, Manifest]:
    target = jsonl_path(cache, papers)
    manifest = target.with_suffix(".manifest.json")
    if not (target.exists() and manifest.exists()):
        cache.mkdir(parents=True, exist_ok=True)
        say(f"generating {papers:,} papers into {target} (once) ...")
        partial = target.with_suffix(".partial")
        made = generate(partial, papers)
        partial.rename(target)
        manifest.write_text(made.to_json())
    return target, Manifest.from_json(manifest.read_text())


def run_import(kind: str, jsonl: Path, db: Path) -> dict:
    """One import ("namesake" or "raw") in a fresh process, so its peak RSS is its own."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_run", kind, str(jsonl), str(db)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} import failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def code_version() -> str:
    """The commit measured, "+changes" when the work tree differs from it (read-only git commands)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def ensure_database(cache: Path, papers: int, say=print, rebuild: bool = False) -> tuple[Path, Manifest, dict]:
    """The imported database, and the record of the import that built it (`rebuild`: import and time it again)."""
    jsonl, manifest = ensure_input(cache, papers, say)
    target = db_path(cache, papers)
    record_file = target.with_suffix(".import.json")
    if rebuild or not (target.exists() and record_file.exists()):
        code = code_version()  # before the import: the tree may change while it runs
        building = target.with_name(target.stem + ".building.sqlite3")
        say(f"importing {papers:,} papers with Store.import_files (once; timed) ...")
        namesake = run_import("namesake", jsonl, building)
        say(f"  {namesake['seconds']:.1f} s; the raw executemany baseline ...")
        raw_db = target.with_name(target.stem + ".raw.sqlite3")
        raw = run_import("raw", jsonl, raw_db)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{raw_db}{suffix}").unlink(missing_ok=True)
        building.replace(target)
        record = {"papers": papers, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "code": code,
                  "namesake": namesake, "raw": raw}
        record_file.write_text(json.dumps(record, indent=1))
    return target, manifest, json.loads(record_file.read_text())
