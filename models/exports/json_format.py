"""The JSON export: one cluster as an object, several as a collection.

Its shape is the JSON Schema `resources/schemas/namesake-export.schema.json`.
"""

from __future__ import annotations

import json

from models.exports.gather import collection


def render(exports: list[dict], exported_at: str) -> dict[str, str]:
    document = exports[0] if len(exports) == 1 else collection(exports, exported_at)
    return {"": json.dumps(document, ensure_ascii=False, indent=2) + "\n"}
