"""Check the shape of a JSON object before a reader walks it.

Readers of other people's JSON (OpenAlex, S2AND, our own exports) read
fields with `.get()` and loops; a field of the wrong type ("authorships":
"none", a title that is a list) would otherwise surface as Python's
AttributeError or TypeError deep in a reader. A shape says what each field
the reader uses must be; `shape_problem` names the first that is not:

- a type, or a tuple of types: `str`, `(int, str)`;
- `[shape]`: an array whose items have that shape;
- `{"field": shape, ...}`: an object; only the fields listed are looked at;
- `Each(shape)`: an object of any keys, whose every value has that shape.

Null (None) fits every shape, as readers treat a missing field and null
alike; but not as an item of an array of objects or arrays, which readers
walk into.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", dict: "an object", list: "an array"}


@dataclass(frozen=True)
class Each:
    shape: Any


def shape_problem(value, shape, where: str) -> str | None:
    """What in `value` does not fit `shape`, as "where.field should be ..., not ..."; None if all fits."""
    if value is None:
        return None
    if isinstance(shape, list):
        return _array_problem(value, shape[0], where)
    if isinstance(shape, (dict, Each)):
        return _object_problem(value, shape, where)
    types = shape if isinstance(shape, tuple) else (shape,)
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
        return None
    return _wrong(value, " or ".join(TYPE_NAMES[kind] for kind in types), where)


def _array_problem(value, shape, where: str) -> str | None:
    if not isinstance(value, list):
        return _wrong(value, "an array", where)
    for index, item in enumerate(value):
        if item is None and isinstance(shape, (list, dict, Each)):  # readers walk into every item
            return f"{where}[{index}] should be {_expected(shape)}, not null"
        found = shape_problem(item, shape, f"{where}[{index}]")
        if found:
            return found
    return None


def _expected(shape) -> str:
    return "an array" if isinstance(shape, list) else "an object"


def _object_problem(value, shape: dict | Each, where: str) -> str | None:
    if not isinstance(value, dict):
        return _wrong(value, "an object", where)
    if isinstance(shape, Each):
        fitting = ((key, item, shape.shape) for key, item in value.items())
    else:
        fitting = ((key, value[key], inner) for key, inner in shape.items() if key in value)
    for key, item, inner in fitting:
        name = str(key)[:40]
        found = shape_problem(item, inner, f"{where}.{name}" if where else name)
        if found:
            return found
    return None


def _wrong(value, expected: str, where: str) -> str:
    return f"{where or 'the value'} should be {expected}, not {describe(value)}"


def describe(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"[:40]
    if isinstance(value, str):
        return f"the text {value[:30]!r}" + ("…" if len(value) > 30 else "")
    return TYPE_NAMES.get(type(value), type(value).__name__)
