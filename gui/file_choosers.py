"""The file choosers (import, export), which never open the files they list.

Qt's own file dialog names each file's type, and for a name it does not know ("review.sqlite3-shm") it reads
the file's first bytes. Opening and closing a file drops every POSIX lock this process holds on it (a rule of
POSIX, not of SQLite), and SQLite keeps its share of the database's -shm file by such a lock: once the chooser
had listed the database's folder, the next program to open the database believed it was alone, set the -shm
file up again under the window's import, and both were told "locking protocol" (the window's import failed, a
CLI `clusters` and a second window called the file damaged, and a window whose -shm was cut under it could
vanish). Here every file is named by its name alone, and the dialog is always Qt's, whose naming this decides.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NamesOnlyIcons(QFileIconProvider):
    """Icons and type names from a file's name, never from its contents."""

    def __init__(self):
        super().__init__()
        self._types = QMimeDatabase()

    def icon(self, what):
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return super().type(info)
        return self._types.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension).comment()


def chooser(parent: QWidget | None, title: str, where: str, mode: QFileDialog.FileMode) -> QFileDialog:
    """A file dialog that names files by their names only (not shown yet)."""
    dialog = QFileDialog(parent, title, where)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # a native dialog reads what it likes
    dialog.setFileMode(mode)
    dialog.setIconProvider(_names_only_icons())
    return dialog


@functools.cache
def _names_only_icons() -> NamesOnlyIcons:
    """One for every chooser, never freed: a dialog does not own its icon provider, and its thread naming the
    files may still use it after the dialog is gone."""
    return NamesOnlyIcons()


def _chosen(dialog: QFileDialog) -> list[str]:
    try:
        return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def open_file_names(parent: QWidget | None, title: str, where: str) -> list[str]:
    """Existing files to open; empty if the reviewer chose none."""
    return _chosen(chooser(parent, title, where, QFileDialog.FileMode.ExistingFiles))


def existing_directory(parent: QWidget | None, title: str, where: str) -> str:
    """An existing folder; "" if none was chosen."""
    dialog = chooser(parent, title, where, QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return next(iter(_chosen(dialog)), "")


def save_file_name(parent: QWidget | None, title: str, where: str) -> str:
    """A file to write (asked before one is replaced); "" if none was chosen."""
    dialog = chooser(parent, title, where, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return next(iter(_chosen(dialog)), "")
