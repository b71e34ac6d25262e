"""The JSON export: one cluster as an object, several as a collection.

Its shape is the JSON Schema `resources/schemas/namesake-export.schema.json`.
"""

from __future__ import annotations

import json


def render(exports: list[dict], exported_at: str) -> dict[str, str]:
    # Imported here: the format list (`models.exports.FORMATS`) is read by the command line parser
    # before the window opens, and `gather` brings SQLAlchemy.
    from models.exports.gather import collection

    document = exports[0] if len(exports) == 1 else collection(exports, exported_at)
    return {"": json.dumps(document, ensure_ascii=False, indent=2) + "\n"}
