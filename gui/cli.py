"""The `namesake` command: the review window, or store commands without one.

    namesake [--db PATH]                          open the window
    namesake --db PATH import FILE...             import source files
    namesake --db PATH clusters [--json]          list clusters with progress
    namesake --db PATH export (--cluster NAME... | --all | --done-only) [--format F] [-o PATH]
    namesake evaluate [--json] [--predictions FILE] FILE_OR_DIR...

Only opening the window imports Qt, so the store commands run on a machine
without a display (or without PySide6's system libraries).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from models import exports
from models.atomic import atomic_write_text
from models.counting import counted
from models.errors import NamesakeError

if TYPE_CHECKING:
    from models.importing import ImportStatus
    from models.store import Store

# The store's modules (SQLAlchemy, SQLModel: ~0.4 s to import) are imported by the
# commands that use them, not here: the window shows its frame before they load.


def default_database() -> Path:
    from platformdirs import user_data_path

    return user_data_path("namesake", appauthor=False) / "namesake.sqlite3"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="namesake", description="Review author name clusters.")
    parser.add_argument("--db", type=Path, help=f"the review database (default: {default_database()})")
    parser.add_argument("--reviewer", help="name recorded with each decision (default: the system user)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    importing = commands.add_parser("import", help="import source files (all or nothing)")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE", help="files, or S2AND / LBD folders")
    importing.add_argument("--fold-diacritics", action="store_true", help="put “Müller” and “Muller” in one cluster")
    listing = commands.add_parser("clusters", help="list clusters with their progress")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    evaluating = commands.add_parser("evaluate", help="score the suggestion engine on data with true persons")
    evaluating.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR", help="Arnetminer, S2AND, LBD, Namesake JSON with labels")
    evaluating.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluating.add_argument("--predictions", type=Path, metavar="FILE", help="write the predicted groups: name → group → paper ids")
    exporting = commands.add_parser("export", help="export curated profiles", epilog=_formats_help())
    exporting.add_argument("--cluster", action="append", default=[], metavar="NAME", help="a cluster's name, any case (repeat for more)")
    exporting.add_argument("--all", action="store_true", help="every cluster")
    exporting.add_argument("--done-only", action="store_true", help="only the done clusters: every paper decided, none unsure")
    exporting.add_argument("--format", choices=sorted(exports.FORMATS), default=None,
                           help="default: as the -o file's name ends (.csv, .bib), else json")
    exporting.add_argument("-o", "--output", type=Path, metavar="PATH", help="file (a folder for s2and); default: standard output")
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must not crash a message
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # `namesake clusters | head`: the reader has what it wanted; no traceback
        _silence_stdout()
        return 1
    except KeyboardInterrupt:  # Ctrl+C: a traceback would read as a crash; the transaction was rolled back
        kept = "; nothing of this import was kept (an import is all or nothing)" if args.command == "import" else ""
        print(f"\nnamesake: interrupted{kept}", file=sys.stderr)
        return 130  # 128 + SIGINT, as a shell expects


def _silence_stdout() -> None:
    """Point stdout at devnull, so Python's flush at exit does not fail on the closed pipe again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file descriptor has nothing left to flush
        pass


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        from gui.app import run_window  # Qt is imported only here

        return run_window(args.db or default_database(), reviewer=args.reviewer, seed_example=args.db is None)
    if args.command == "evaluate":  # works on its own throwaway database, never on --db
        return _evaluate(args)
    from models.db import needs_upgrade
    from models.made_database import taken_back_if_refused
    from models.store import Store

    db_path = args.db or default_database()
    if args.command in READS_ONLY and not Path(db_path).exists():
        # A mistyped --db made a new, empty database (and its folders) and listed nothing, as if the work were gone.
        print(f"namesake: error: {db_path}: no such database (`namesake --db {db_path} import FILE...` makes one)", file=sys.stderr)
        return 1
    if needs_upgrade(db_path):  # a million papers take ~45 s: say why nothing seems to happen
        print(f"Upgrading {db_path} for this version of Namesake (once; a backup is made first)…", file=sys.stderr)
    try:
        # A refused or interrupted import changes nothing: a database it made is taken away again, with its folders.
        with taken_back_if_refused(db_path), Store(db_path, reviewer=args.reviewer) as store:
            return COMMANDS[args.command](store, args)
    except NamesakeError as error:
        print(f"namesake: error: {error}", file=sys.stderr)
        return 1


def _import(store: Store, args: argparse.Namespace) -> int:
    from models.importing import ImportOptions

    options = ImportOptions(fold_diacritics=args.fold_diacritics)
    progress = _progress_line if sys.stderr.isatty() else None
    outcome = store.import_paths(args.files, options, progress)
    reports, left_out, backup_before = outcome
    for reason in left_out:
        print(f"left out: {reason}", file=sys.stderr)
    if not outcome.changed:
        print("the import changed nothing: the database is as it was (no backup kept)", file=sys.stderr)
    elif backup_before is not None:
        print(f"the database as it was before this import: {backup_before.path}", file=sys.stderr)
    for report in reports:
        print(report.summary())
        for kind, lines in (("repaired", report.repairs), ("skipped", report.skipped), ("warning", report.warnings)):
            for line in lines:
                print(f"{kind}: {line}")
    return 0


def _progress_line(status: ImportStatus) -> None:
    share = f" ({status.fraction:.0%})" if status.fraction is not None else ""
    print(f"\r{Path(status.path).name}: {counted(status.records, 'record')}{share}", end="", file=sys.stderr, flush=True)


def _clusters(store: Store, args: argparse.Namespace) -> int:
    clusters = store.clusters()
    if args.json:
        rows = [
            {
                "name": c.name,
                "papers": c.papers,
                "author_rows": c.declared_author_rows,
                "decided": c.decided,
                "unsure": c.unsure,  # decided, yet keeping the cluster from done: "11 / 11 · 1 unsure" in the window
                "status": c.status.value,
                "source": c.source,
            }
            for c in clusters
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max([len(c.name) for c in clusters] + [7])
    print(f"{'cluster':<{width}}  papers  decided  unsure  status")
    for c in clusters:
        print(f"{c.name:<{width}}  {c.papers:>6}  {c.decided:>7}  {c.unsure:>6}  {c.status.value}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from models.evaluate import as_json, evaluate_paths, predictions, table

    # The name being evaluated, over and over on one line: only on a terminal, as import's progress is (in a log
    # file or a pipe every name stayed, run together by carriage returns).
    shows_progress = not args.json and sys.stderr.isatty()
    try:
        result = evaluate_paths(args.paths, progress=(lambda name: print(f"\r{name[:60]:<60}", end="", file=sys.stderr)) if shows_progress else None)
    except (NamesakeError, ValueError) as error:
        print(f"namesake: error: {error}", file=sys.stderr)
        return 1
    if shows_progress:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
    print(json.dumps(as_json(result), indent=2) if args.json else table(result))
    if args.predictions:
        atomic_write_text(args.predictions, json.dumps(predictions(result), ensure_ascii=False, indent=2) + "\n")
    return 0


def _formats_help() -> str:
    return "formats: " + "; ".join(f"{name}: {what}" for name, (_, what) in sorted(exports.FORMATS.items()))


def _export(store: Store, args: argparse.Namespace) -> int:
    if not (args.cluster or args.all or args.done_only):
        raise NamesakeError("say which clusters to export: --cluster NAME, --all or --done-only")
    if args.format is None:
        args.format = exports.format_for(args.output, "json") if args.output else "json"
    if exports.is_folder_format(args.format) and not args.output:
        raise NamesakeError(f"the {args.format} format writes a folder: give it with -o FOLDER")
    clusters = store.clusters_to_export(args.cluster, args.all, args.done_only)
    if not clusters:
        raise NamesakeError("no cluster to export (none is done)" if args.done_only else "no cluster to export")
    ids = [c.id for c in clusters]
    if args.output:
        written = store.export_to(ids, args.format, args.output)
        names = ", ".join(c.name for c in clusters[:5]) + (f" and {len(clusters) - 5:,} more" if len(clusters) > 5 else "")
        print(f"exported {names} as {args.format} to {', '.join(map(str, written))}", file=sys.stderr)
    else:
        store.export_into(ids, args.format, lambda _name: sys.stdout)
    return 0


COMMANDS = {"import": _import, "clusters": _clusters, "export": _export}
READS_ONLY = {"clusters", "export"}  # commands that never make a database: a path with none is a mistake

if __name__ == "__main__":
    sys.exit(main())
