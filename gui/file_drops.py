"""Files dropped from a file manager onto the window or the import dialog are imported.

Only a drag that carries local files and folders, and nothing else, is taken:
the papers dragged onto a person inside the window carry no URLs, and a web
link dragged from a browser is not a file Namesake could read.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData


def local_paths(mime: QMimeData) -> list[str]:
    """The local files and folders a drag carries; [] if it carries anything else."""
    urls = mime.urls() if mime.hasUrls() else []
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [url.toLocalFile() for url in urls]
