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
    """What is wrong with `value` as the schema's `$defs/<definition>`; None if nothing.

    A compiled yes/no check answers first (a million records go through it);
    only a record it rejects is walked again to say what is wrong and where.
    """
    if _accepts(definition)(value):
        return None
    schema = input_schema()
    return _check(value, schema["$defs"][definition], schema, "")


@lru_cache(maxsize=None)
def _accepts(definition: str):
    schema = input_schema()
    return _compile(schema["$defs"][definition], schema)


def _compile(rule: dict, schema: dict):
    """A function value -> bool accepting exactly what `_check` finds nothing wrong with."""
    tests = []
    if "$ref" in rule:
        tests.append(_compile(schema["$defs"][rule["$ref"].rsplit("/", 1)[-1]], schema))
    if "type" in rule:
        names = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
        kinds = tuple({kind for name in names for kind in (_TYPES[name] if isinstance(_TYPES[name], tuple) else (_TYPES[name],))})
        numeric = any(name in ("integer", "number") for name in names)
        booleans = "boolean" in names
        tests.append(lambda v, kinds=kinds, numeric=numeric, booleans=booleans: isinstance(v, kinds) and (
            not isinstance(v, bool) or booleans or not numeric))
    if "const" in rule:
        tests.append(lambda v, c=rule["const"]: v == c)
    if "enum" in rule:
        tests.append(lambda v, e=rule["enum"]: v in e)
    if "minLength" in rule:
        tests.append(lambda v, n=rule["minLength"]: not isinstance(v, str) or len(v) >= n)
    if "minimum" in rule:
        tests.append(lambda v, m=rule["minimum"]: not isinstance(v, (int, float)) or isinstance(v, bool) or v >= m)
    if any(key in rule for key in ("required", "properties", "additionalProperties")):
        tests.append(_compile_object(rule, schema))
    if "items" in rule:
        each = _compile(rule["items"], schema)
        tests.append(lambda v, each=each: not isinstance(v, list) or all(each(item) for item in v))
    if "anyOf" in rule:
        options = [_compile(option, schema) for option in rule["anyOf"]]
        tests.append(lambda v, options=options: any(option(v) for option in options))
    if len(tests) == 1:
        return tests[0]
    return lambda v, tests=tuple(tests): all(test(v) for test in tests)


def _compile_object(rule: dict, schema: dict):
    required = tuple(rule.get("required", ()))
    properties = {name: _compile(item, schema) for name, item in rule.get("properties", {}).items()}
    extra = rule.get("additionalProperties", True)
    extra_test = _compile(extra, schema) if isinstance(extra, dict) else None

    def accepts(value) -> bool:
        if not isinstance(value, dict):
            return True
        for name in required:
            if name not in value:
                return False
        for name, item in value.items():
            test = properties.get(name)
            if test is not None:
                if not test(item):
                    return False
            elif extra is False:
                return False
            elif extra_test is not None and not extra_test(item):
                return False
        return True

    return accepts


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
