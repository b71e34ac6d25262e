"""A window's import while other programs open the same database: they read the state before it, and it succeeds.

Tester 1 chose a file in the import dialog's file chooser, imported 150,000 papers, and ran `namesake clusters` on
the same database meanwhile: the CLI called the file "damaged (locking protocol)" and the import failed with the
same words. The chooser had read the database's -shm file (to name its type), which dropped the window's lock on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QFileSystemModel

from gui import file_choosers
from test_import_window import lines_file
from test_main_window import open_window

REPOSITORY = Path(__file__).resolve().parent.parent


def other_program_lists_clusters(db_path: Path) -> subprocess.CompletedProcess:
    """`namesake --db PATH clusters --json`, as another program on the same computer runs it."""
    command = "import sys; from gui.cli import main; sys.exit(main(sys.argv[1:]))"
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    return subprocess.run(
        [sys.executable, "-c", command, "--db", str(db_path), "clusters", "--json"],
        capture_output=True, text=True, env=environment, timeout=120,
    )


def list_folder_in_chooser(qtbot, folder: Path) -> None:
    """Show the import's file chooser on `folder` until it has named every file there, then close it."""
    dialog = file_choosers.chooser(None, "Import source files", str(folder), file_choosers.QFileDialog.FileMode.ExistingFiles)
    listing = dialog.findChild(QFileSystemModel)
    with qtbot.waitSignal(listing.directoryLoaded, timeout=10_000):
        dialog.show()
    shm = listing.index(str(folder / f"{next(folder.glob('*.sqlite3')).name}-shm"))
    qtbot.waitUntil(lambda: bool(listing.type(shm)), timeout=10_000)  # named off the GUI thread
    qtbot.wait(300)
    dialog.close()
    dialog.deleteLater()


def test_another_program_reads_the_old_state_during_a_window_import(qtbot, seeded, tmp_path):
    source = tmp_path / "sources" / "lab.jsonl"
    source.parent.mkdir()
    lines_file(source, 6_000)
    window = open_window(qtbot, seeded)
    list_folder_in_chooser(qtbot, seeded.path.parent)
    session = window.session
    reads: list[subprocess.CompletedProcess] = []
    report = session._import_status

    def read_elsewhere_once(status):  # on the worker, inside the import's write transaction
        if not reads:
            reads.append(other_program_lists_clusters(seeded.path))
        report(status)

    session._import_status = read_elsewhere_once
    failed = []
    session.import_failed.connect(lambda title, message: failed.append(message))
    with qtbot.waitSignal(session.imported, timeout=120_000):
        session.import_files([str(source)])
    assert not failed
    (read,) = reads
    assert read.returncode == 0, read.stderr
    assert [row["name"] for row in json.loads(read.stdout)] == ["Shengen Yan"]  # the state before the import
    assert "Ann Lee" in {cluster.name for cluster in seeded.clusters()}
