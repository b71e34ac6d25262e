"""The reviewer's settings, kept with QSettings: the name recorded with each decision, where the
window was left (its size, place and splits; the cluster open in each database file and its current
paper; the papers' order), and the format and folder of the last export."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QInputDialog, QWidget

REVIEWER_KEY = "review/reviewer"
LAYOUT_GROUP = "window"  # geometry, and each splitter's state by its name
LAST_CLUSTER_GROUP = "last-cluster"  # per database file: the cluster it showed last (kept at each open and at quit)
# Per database file: "cluster paper", the paper current in that cluster (kept as the cluster, not at each key).
LAST_PAPER_GROUP = "last-paper"
EXPORT_GROUP = "export"  # the format and folder of the last export: the next one starts from them
ORDER_KEY = "review/review-next"  # whether the papers were in review-next order (kept at each change of order)
IMPORT_FOLDER_KEY = "import/folder"  # where the last sources were chosen: the file chooser opens there


def settings() -> QSettings:
    return QSettings("Namesake", "Namesake")


def saved_reviewer() -> str:
    """The reviewer name set in Settings, else the operating-system user."""
    from models.store import default_reviewer  # here: the start-up frame reads the layout before the store loads

    value = settings().value(REVIEWER_KEY, "")
    return str(value).strip() or default_reviewer()


def ask_reviewer(parent: QWidget, current: str) -> str | None:
    name, accepted = QInputDialog.getText(
        parent, "Reviewer", "Name recorded with each decision you make:", text=current
    )
    if not accepted or not name.strip():
        return None
    settings().setValue(REVIEWER_KEY, name.strip())
    return name.strip()


def saved_layout() -> dict[str, QByteArray]:
    """The window's layout as it closed last (`MainWindow.layout_state`); empty on a first run."""
    stored = settings()
    stored.beginGroup(LAYOUT_GROUP)
    try:
        return {key: value for key in stored.childKeys() if isinstance(value := stored.value(key), QByteArray)}
    finally:
        stored.endGroup()


def save_layout(state: dict[str, QByteArray]) -> None:
    stored = settings()
    stored.beginGroup(LAYOUT_GROUP)
    for key, value in state.items():
        stored.setValue(key, value)
    stored.endGroup()


def _database_key(db_path: Path) -> str:
    """A settings key for a database file: a digest of its absolute path (a '/' in a key would nest groups)."""
    return hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:16]


def remembered_place(db_path: Path) -> tuple[int | None, int | None]:
    """The cluster shown when this database's window last closed and the paper current in it, each None if not known.

    A paper is given only with the cluster it was current in: a cluster kept without its paper (by a Namesake
    that kept no paper) has none."""
    stored = settings()
    key = _database_key(db_path)
    cluster_id = _number(stored.value(f"{LAST_CLUSTER_GROUP}/{key}"))
    kept = str(stored.value(f"{LAST_PAPER_GROUP}/{key}", "")).split()
    paper_of = tuple(map(_number, kept)) if len(kept) == 2 else (None, None)
    return cluster_id, (paper_of[1] if cluster_id is not None and paper_of[0] == cluster_id else None)


def remember_place(db_path: Path, cluster_id: int, paper_id: int | None) -> None:
    """Keep the cluster shown and its current paper (None: no row current) for the next start on this file."""
    stored = settings()
    key = _database_key(db_path)
    stored.setValue(f"{LAST_CLUSTER_GROUP}/{key}", cluster_id)
    stored.setValue(f"{LAST_PAPER_GROUP}/{key}", f"{cluster_id} {paper_id}" if paper_id is not None else "")


def _number(value: object) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):  # a setting edited by hand: start as on a first run
        return None


def saved_review_next() -> bool:
    """Whether the window was left in review-next order (Ctrl+R); False on a first run: source order."""
    return str(settings().value(ORDER_KEY, "false")).lower() == "true"  # QSettings gives a bool back as text


def save_review_next(review_next: bool) -> None:
    settings().setValue(ORDER_KEY, review_next)


def saved_export_choice() -> tuple[str | None, Path | None]:
    """The format and the folder of the last export; None for what was never chosen."""
    stored = settings()
    fmt, folder = stored.value(f"{EXPORT_GROUP}/format"), stored.value(f"{EXPORT_GROUP}/folder")
    return (str(fmt) if fmt else None), (Path(str(folder)) if folder else None)


def save_export_choice(fmt: str, folder: Path) -> None:
    stored = settings()
    stored.setValue(f"{EXPORT_GROUP}/format", fmt)
    stored.setValue(f"{EXPORT_GROUP}/folder", str(folder))


def saved_import_folder() -> str:
    """Where the file chooser of File → Import opens: the folder of the last sources chosen, at first the home
    folder (Qt's choice, "", was the process's working folder: the program's, for a curator)."""
    folder = settings().value(IMPORT_FOLDER_KEY, "")
    return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())


def save_import_folder(folder: Path) -> None:
    settings().setValue(IMPORT_FOLDER_KEY, str(folder))


def forget_places() -> None:
    """Drop every saved layout, cluster, order and export choice (the reviewer's name stays): a fresh start, for tests."""
    stored = settings()
    for group in (LAYOUT_GROUP, LAST_CLUSTER_GROUP, LAST_PAPER_GROUP, ORDER_KEY, EXPORT_GROUP, IMPORT_FOLDER_KEY):
        stored.remove(group)
