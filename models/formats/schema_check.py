"""Check a record against our JSON Schema, fast, with a message a person can act on.

Namesake reads its own input format at million-record scale without a
dependency, so this checks the part of JSON Schema that
`resources/schemas/namesake-input.schema.json` uses ($ref to $defs, type,
const, enum, required, properties, additionalProperties, items, minLength,
minimum, maximum, anyOf); the schema file stays the one description of the format.
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


_BUILTIN_NAMES = {str: "str", dict: "dict", list: "list", bool: "bool", int: "int", float: "float"}


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
    return _Generator(schema).function(schema["$defs"][definition], definition)


class _Generator:
    """Writes a Python function value -> bool accepting exactly what `_check` finds nothing wrong with.

    Generated source, not nested closures: a million records pass through it,
    and one function with its checks written out runs about three times as
    fast as a closure per rule (a 50,000-paper import spent 1.9 of its 11.9 s
    in the closures). Only the schema file's own rules go into the source;
    its constants are written as `repr` literals or passed in by name.
    """

    def __init__(self, schema: dict):
        self.schema = schema
        self.values: dict[str, object] = {}
        self.sources: list[str] = []
        self.count = 0

    def function(self, rule: dict, label: str):
        name = self._function(rule)
        namespace = dict(self.values)
        exec(compile("\n\n".join(self.sources), f"<schema check {label}>", "exec"), namespace)  # noqa: S102
        return namespace[name]

    def _function(self, rule: dict) -> str:
        self.count += 1
        name = f"accepts_{self.count}"
        body = self._checks(rule, "v", 1)
        self.sources.append(f"def {name}(v):\n" + "".join(body) + "    return True\n")
        return name

    def _value(self, value) -> str:
        """A constant for the source: a literal for strings and numbers (`repr` writes them exactly), else a name."""
        if value is None or type(value) in (str, int, float, bool):
            return repr(value)
        if type(value) is list and all(type(item) in (str, int) for item in value):
            return repr(tuple(value))
        name = f"value_{len(self.values)}"
        self.values[name] = value
        return name

    def _kinds(self, kinds: tuple) -> str:
        return _BUILTIN_NAMES[kinds[0]] if len(kinds) == 1 and kinds[0] in _BUILTIN_NAMES else self._value(kinds)

    def _checks(self, rule: dict, var: str, depth: int) -> list[str]:
        """Lines that `return False` when `var` breaks `rule`, indented `depth` levels."""
        pad = "    " * depth
        lines: list[str] = []
        if "$ref" in rule:
            lines += self._checks(self.schema["$defs"][rule["$ref"].rsplit("/", 1)[-1]], var, depth)
        known = None  # the one Python type `var` is known to have past the type check
        if "type" in rule:
            names = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
            kinds = tuple({kind for name in names for kind in (_TYPES[name] if isinstance(_TYPES[name], tuple) else (_TYPES[name],))})
            numeric, booleans = any(name in ("integer", "number") for name in names), "boolean" in names
            no_bool = f" or isinstance({var}, bool)" if numeric and not booleans else ""
            lines.append(f"{pad}if not isinstance({var}, {self._kinds(kinds)}){no_bool}: return False\n")
            if len(kinds) == 1 and kinds[0] in (str, dict, list):
                known = kinds[0]
        if "const" in rule:
            lines.append(f"{pad}if {var} != {self._value(rule['const'])}: return False\n")
        if "enum" in rule:
            lines.append(f"{pad}if {var} not in {self._value(list(rule['enum']))}: return False\n")  # == per item, as `in` a list
        if "minLength" in rule:
            guard = "" if known is str else f"isinstance({var}, str) and "
            lines.append(f"{pad}if {guard}len({var}) < {int(rule['minLength'])}: return False\n")
        if "minimum" in rule:
            lines.append(
                f"{pad}if isinstance({var}, (int, float)) and not isinstance({var}, bool) and {var} < {self._value(rule['minimum'])}: return False\n"
            )
        if "maximum" in rule:
            lines.append(
                f"{pad}if isinstance({var}, (int, float)) and not isinstance({var}, bool) and {var} > {self._value(rule['maximum'])}: return False\n"
            )
        if any(key in rule for key in ("required", "properties", "additionalProperties")):
            lines += self._guarded(known is dict, f"isinstance({var}, dict)", pad, self._object(rule, var, depth + (known is not dict)))
        if "items" in rule:
            item = f"x{depth}"
            inner = [f"{pad}{'    ' * (known is not list)}for {item} in {var}:\n"] + self._checks(rule["items"], item, depth + 1 + (known is not list))
            lines += self._guarded(known is list, f"isinstance({var}, list)", pad, inner)
        if "anyOf" in rule:
            options = " or ".join(f"{self._function(option)}({var})" for option in rule["anyOf"])
            lines.append(f"{pad}if not ({options}): return False\n")
        return lines

    @staticmethod
    def _guarded(known: bool, test: str, pad: str, lines: list[str]) -> list[str]:
        return lines if known else [f"{pad}if {test}:\n"] + lines

    def _object(self, rule: dict, var: str, depth: int) -> list[str]:
        pad = "    " * depth
        lines = [f"{pad}if {self._value(name)} not in {var}: return False\n" for name in rule.get("required", ())]
        properties = rule.get("properties", {})
        extra = rule.get("additionalProperties", True)
        key, item = f"k{depth}", f"y{depth}"
        branches: list[str] = []
        for at, (name, inner) in enumerate(properties.items()):
            checks = self._checks(inner, item, depth + 2) or [f"{pad}        pass\n"]
            branches += [f"{pad}    {'if' if at == 0 else 'elif'} {key} == {self._value(name)}:\n"] + checks
        otherwise = (
            [f"{pad}        return False\n"] if extra is False
            else self._checks(extra, item, depth + 2) if isinstance(extra, dict)
            else []
        )
        if otherwise:
            branches += ([f"{pad}    else:\n"] if branches else [f"{pad}    if True:\n"]) + otherwise
        if branches:
            lines += [f"{pad}for {key}, {item} in {var}.items():\n"] + branches
        return lines


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
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "maximum" in rule and value > rule["maximum"]:
        return f"{label} should be at most {rule['maximum']}, not {value}"
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
