"""Property-based fuzzing of the Arrow page and Namesake JSON readers, end to end through the store.

Inputs are real examples (the Shengen Yan page, tests/data's Namesake
examples) rebuilt from random parts, mutated as JSON values and then damaged
as bytes: truncated, lines dropped or repeated, foreign tokens, NULs, other
encodings. For every input:

- reading it either succeeds or raises the documented `SourceError`;
  nothing else escapes;
- `Store.import_files` agrees: what read imports, and every paper and
  cluster it read is in the store; what was refused is refused with the same
  message, and the database is unchanged.

About 200 examples each in the normal run; set NAMESAKE_FUZZ_EXAMPLES
(e.g. 20000) for a longer one, and add --hypothesis-show-statistics to see
how many imported and why the others were refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED_PAGE, table_contents
from models.errors import NamesakeError, SourceError
from models.names import cluster_key
from models.records import ClusterRecord, PaperRecord
from models.sources import read_source
from models.store import Store

EXAMPLES = int(os.environ.get("NAMESAKE_FUZZ_EXAMPLES", "200"))
pytestmark = pytest.mark.timeout(120 + EXAMPLES // 5)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DOCUMENT = json.loads((ROOT / "tests" / "data" / "namesake-input-example.json").read_text(encoding="utf-8"))
LINES = [json.loads(line) for line in (ROOT / "tests" / "data" / "namesake-input-example.jsonl").read_text(encoding="utf-8").splitlines()]
PAGE = SEED_PAGE.read_text(encoding="utf-8")

# Damage ------------------------------------------------------------------------------------

TOKENS = [
    "", "\n", "\n\n", "•", "  • ", "  • Shengen Yan", "NeurIPS Conference 2025 Conference Paper", "Possible papers", "7",
    "Author name cluster", "https: //github. com/x", "\x00", "\x0c", "\u2028", "\ufeff", "\r", "{", "}", "[", "]", '"', ",",
    ":", "null", "1e999", "-1", '"type": "paper"', "\\ud800", "\\u0000", " " * 500,
]
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"]


@st.composite
def damaged(draw, text: str) -> bytes:
    """`text` with a few random edits, in a random encoding (some of which it cannot be read in)."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(["drop", "repeat", "insert", "replace", "cut"]))
        if edit == "drop" and at < len(lines):
            del lines[at]
        elif edit == "repeat" and at < len(lines):
            lines.insert(at, lines[at])
        elif edit == "insert":
            lines.insert(at, draw(st.sampled_from(TOKENS) | st.text(max_size=40)))
        elif edit == "replace" and at < len(lines) and lines[at]:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(st.sampled_from(TOKENS) | st.text(max_size=8)) + lines[at][cut:]
        elif edit == "cut":
            lines = lines[:at]
    result = "\n".join(lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    return result.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")


# Arrow pages ---------------------------------------------------------------------------------

NAMES = st.sampled_from(["Shengen Yan", "shengen  yan", "Enshu Liu", "Zinan Lin 0001", "Yu Wang", "Ann Lee"]) | st.text(min_size=1, max_size=30)
VENUES = st.sampled_from(
    ["NeurIPS Conference 2025 Conference Paper", "ICLR Conference 2025 Conference Paper", "AAAI Conference 1999 Workshop Paper"]
) | st.builds("{} {} {}".format, st.text(min_size=1, max_size=20), st.integers(1400, 2100), st.sampled_from(["Conference Paper", "Journal Article", "x"]))
PARAGRAPH = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200).map(lambda t: t.replace("\n", " ")) | st.sampled_from(
    ["We study things. Code: https: //github. com/a/b.", "Results at https://x.org/a. b", "NeurIPS Conference 2025 Conference Paper"]
)


@st.composite
def arrow_pages(draw) -> str:
    """An Arrow page: the real one, or one built from random papers like it."""
    if draw(st.booleans()):
        return PAGE
    name = draw(NAMES)
    papers = draw(st.lists(st.tuples(VENUES, PARAGRAPH, st.lists(NAMES, min_size=1, max_size=10), st.lists(PARAGRAPH, max_size=3)), max_size=6))
    lines = ["Arrow Research search", "", "Author name cluster", "", name, "", f"{len(papers)} papers", "2 author rows", "", "Possible papers", ""]
    for venue, title, authors, abstract in papers:
        lines += [venue, "", title, ""] + [f"  • {author}" for author in authors] + [""]
        lines += [line for paragraph in abstract for line in (paragraph, "")]
    return "\n".join(lines)


# Namesake input ------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _paths(item, (*prefix, key))


@st.composite
def mutated(draw, value):
    """`value` (a JSON document) with a few of its values replaced, removed or repeated."""
    value = json.loads(json.dumps(value))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(list(_paths(value))))
        if not path:
            continue
        parent = value
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "remove", "repeat"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON_VALUES)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.insert(path[-1], json.loads(json.dumps(parent[path[-1]])))
    return value


@st.composite
def namesake_texts(draw) -> tuple[str, str]:
    """(suffix, text): a Namesake document or JSON Lines file, mutated."""
    if draw(st.booleans()):
        document = draw(mutated(DOCUMENT))
        return ".json", json.dumps(document, indent=draw(st.sampled_from([None, 1, 2])), ensure_ascii=draw(st.booleans()))
    items = draw(mutated(LINES))
    ascii_only = draw(st.booleans())
    return ".jsonl", "".join(json.dumps(item, ensure_ascii=ascii_only) + "\n" for item in items)


# The property ------------------------------------------------------------------------------


def read_then_import(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            parsed = read_source(path)
            records = list(parsed.records)
            refusal = None
        except SourceError as error:
            refusal = error
        database = Path(folder) / "review.sqlite3"
        with Store(database, reviewer="fuzz") as store:
            before = table_contents(database)
            try:
                store.import_files([path])
            except NamesakeError as error:
                assert refusal is not None, f"read, but the import was refused: {error}"
                assert str(error) == str(refusal)
                assert table_contents(database) == before
                event(f"refused: {refusal.message.split(':')[0][:40]}")
                return
        assert refusal is None, f"refused when read ({refusal}), yet imported"
        assert_imported(database, records)
        event("imported")


def assert_imported(database: Path, records: list) -> None:
    with sqlite3.connect(database) as connection:
        papers = set(connection.execute("SELECT source, source_key FROM paper"))
        clusters = {key for (key,) in connection.execute("SELECT key FROM name_cluster")}
    assert {(r.source, r.source_key) for r in records if isinstance(r, PaperRecord)} <= papers
    assert {cluster_key(r.name) for r in records if isinstance(r, ClusterRecord)} <= clusters


@FUZZ
@given(page=arrow_pages(), data=st.data())
def test_fuzzed_arrow_pages_are_read_and_imported_or_refused_clearly(page, data):
    read_then_import(data.draw(damaged(page)), ".txt")


@FUZZ
@given(document=namesake_texts(), data=st.data())
def test_fuzzed_namesake_input_is_read_and_imported_or_refused_clearly(document, data):
    suffix, text = document
    read_then_import(data.draw(damaged(text)), suffix)
