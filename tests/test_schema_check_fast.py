"""The compiled schema check accepts exactly what the message-producing walk accepts."""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from models.formats.schema_check import _accepts, _check, input_schema

EXAMPLE = json.loads((ROOT / "tests" / "data" / "namesake-input-example.json").read_text())
RECORDS = [("paper", p) for p in EXAMPLE["papers"]] + [("author_row", r) for r in EXAMPLE["author_rows"]]
RECORDS += [("cluster", c) for c in EXAMPLE["clusters"]] + [("label", lab) for lab in EXAMPLE["labels"]]
ODD_VALUES = [None, True, 0, -1, 2**40, 1.5, "", "x", [], [1], ["a"], {}, {"name": "A"}, {"name": 3}]


def walk_says_fine(value, definition: str) -> bool:
    schema = input_schema()
    return _check(value, schema["$defs"][definition], schema, "") is None


def definition_of(kind: str) -> str:
    schema = input_schema()
    return next(name for name in schema["$defs"] if name.replace("_", "").lower().startswith(kind.replace("_", "")))


def test_the_real_example_is_accepted_both_ways():
    for kind, record in RECORDS:
        definition = definition_of(kind)
        assert _accepts(definition)(record) and walk_says_fine(record, definition)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(RECORDS), st.data())
def test_corrupted_records_get_the_same_verdict(kind_record, data):
    kind, record = kind_record
    definition = definition_of(kind)
    changed = copy.deepcopy(record)
    field = data.draw(st.sampled_from(sorted(changed) + ["unknown_field"]))
    if data.draw(st.booleans()) and field in changed:
        del changed[field]
    else:
        changed[field] = data.draw(st.sampled_from(ODD_VALUES))
    assert _accepts(definition)(changed) == walk_says_fine(changed, definition)
