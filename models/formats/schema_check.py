"""Check a record against our JSON Schema, fast, with a message a person can act on.

Namesake reads its own input format at million-record scale without a
dependency, so this checks the part of JSON Schema that
`resources/schemas/namesake-input.schema.json` uses ($ref to $defs, type,
const, enum, required, properties, additionalProperties, items, minLength,
minimum, anyOf); the schema file stays the one description of the format.
The first problem found is returned as text, with the JSON path to it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

SCHEMA_FILE = "namesake-input.schema.json"
_TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
    "integer": int, "number": (int, float),
}


@lru_cache(maxsize=1)
def input_schema() -> dict:
    return json.loads((resources.files("resources") / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8"))


def problem(value, definition: str) -> str | None:
    """What is wrong with `value` as the schema's `$defs/<definition>`; None if nothing."""
    schema = input_schema()
    return _check(value, schema["$defs"][definition], schema, "")


def _check(value, rule: dict, schema: dict, where: str) -> str | None:
    if "$ref" in rule:
        found = _check(value, schema["$defs"][rule["$ref"].rsplit("/", 1)[-1]], schema, where)
        if found:
            return found
    for check in (_check_type, _check_value, _check_object, _check_array, _check_any):
        found = check(value, rule, schema, where)
        if found:
            return found
    return None


def _check_type(value, rule: dict, _schema: dict, where: str) -> str | None:
    if "type" not in rule:
        return None
    names = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
    for name in names:
        if isinstance(value, _TYPES[name]) and not (isinstance(value, bool) and name in ("integer", "number")):
            return None
    return f"{where or 'the record'} should be {' or '.join(names)}, not {_describe(value)}"


def _check_value(value, rule: dict, _schema: dict, where: str) -> str | None:
    label = where or "the record"
    if "const" in rule and value != rule["const"]:
        return f"{label} should be {rule['const']!r}, not {value!r}"
    if "enum" in rule and value not in rule["enum"]:
        return f"{label} should be one of {', '.join(map(repr, rule['enum']))}, not {value!r}"
    if isinstance(value, str) and len(value) < rule.get("minLength", 0):
        return f"{label} is empty"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "minimum" in rule and value < rule["minimum"]:
        return f"{label} should be at least {rule['minimum']}, not {value}"
    return None


def _check_object(value, rule: dict, schema: dict, where: str) -> str | None:
    if not isinstance(value, dict):
        return None
    for name in rule.get("required", []):
        if name not in value:
            return f"{where + ': ' if where else ''}'{name}' is missing"
    properties = rule.get("properties", {})
    extra = rule.get("additionalProperties", True)
    for name, item in value.items():
        inner = f"{where}.{name}" if where else name
        if name in properties:
            found = _check(item, properties[name], schema, inner)
        elif extra is False:
            known = ", ".join(sorted(properties))
            found = f"{where + ': ' if where else ''}unknown field '{name}' (known: {known})"
        elif isinstance(extra, dict):
            found = _check(item, extra, schema, inner)
        else:
            found = None
        if found:
            return found
    return None


def _check_array(value, rule: dict, schema: dict, where: str) -> str | None:
    if not isinstance(value, list) or "items" not in rule:
        return None
    for index, item in enumerate(value):
        found = _check(item, rule["items"], schema, f"{where}[{index}]")
        if found:
            return found
    return None


def _check_any(value, rule: dict, schema: dict, where: str) -> str | None:
    if "anyOf" not in rule:
        return None
    problems = [_check(value, option, schema, where) for option in rule["anyOf"]]
    if not all(problems):
        return None
    fitting = [found for option, found in zip(rule["anyOf"], problems) if _check_type(value, _resolve(option, schema), schema, where) is None]
    if fitting:
        return fitting[0]
    names = [name for option in rule["anyOf"] for name in _names(_resolve(option, schema))]
    return f"{where or 'the record'} should be {' or '.join(names)}, not {_describe(value)}"


def _resolve(rule: dict, schema: dict) -> dict:
    while "$ref" in rule and "type" not in rule:
        rule = schema["$defs"][rule["$ref"].rsplit("/", 1)[-1]]
    return rule


def _names(rule: dict) -> list[str]:
    kind = rule.get("type", [])
    return kind if isinstance(kind, list) else [kind]


def _describe(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
