"""The JSON export: one cluster as an object, several as a collection.

Its shape is the JSON Schema `resources/schemas/namesake-export.schema.json`.
"""

from __future__ import annotations

import json
from typing import Callable, TextIO

# A collection's clusters, each as `json.dumps(..., indent=2)` writes an item of a list inside an object.
ITEM_INDENT = "    "


class JsonWriter:
    """Writes each cluster as it comes: the document is exactly `json.dumps(document, indent=2)`, never held whole."""

    def __init__(self, open_file: Callable[[str], TextIO], exported_at: str, count: int):
        # Imported here: the format list (`models.exports.FORMATS`) is read by the command line parser
        # before the window opens, and `gather` brings SQLAlchemy.
        from models.exports.gather import collection

        self._stream = open_file("")
        self._single = count == 1
        self._added = 0
        if not self._single:
            head = _dumps(collection([], exported_at))
            self._stream.write(head[: -len("[]\n}")] + "[")  # ends with '"clusters": ['

    def add(self, export: dict) -> None:
        text = _dumps(export)
        if self._single:
            self._stream.write(text + "\n")
        else:
            separator = ",\n" if self._added else "\n"
            self._stream.write(separator + ITEM_INDENT + text.replace("\n", "\n" + ITEM_INDENT))
        self._added += 1

    def finish(self) -> None:
        if not self._single:
            self._stream.write("\n  ]\n}\n" if self._added else "]\n}\n")


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
