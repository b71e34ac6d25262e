"""Export curated profiles: JSON, CSV, BibTeX, and gold labels (S2AND, WhoIsWho).

`gather.cluster_export()` turns a cluster into one plain structure (the JSON
export's shape); every format is written from it, so they agree. A format's
writer takes the clusters one at a time (`add`) and writes each into its files
as it comes, so an export of every cluster of a big database holds one cluster
in memory, not all of them; `finish` writes what only the end can. A file is
asked for by name (`open_file`); a single-file format has one name, "".
Undecided papers are only ever listed as undecided, and a person holding no paper
is in no format (see `gather.cluster_export`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol, TextIO

from models.exports import bibtex, csv_format, gold, json_format

OpenFile = Callable[[str], TextIO]  # a file of the export by name ("": the single file) -> a text stream to write


class Writer(Protocol):
    def add(self, export: dict) -> None: ...

    def finish(self) -> None: ...


# format name -> (writer: (open_file, exported_at, clusters to come) -> Writer, what it writes)
FORMATS: dict[str, tuple[Callable[[OpenFile, str, int], Writer], str]] = {
    "json": (json_format.JsonWriter, "one JSON document"),
    "csv": (csv_format.CsvWriter, "one CSV file: a row per person and paper"),
    "bibtex": (bibtex.BibtexWriter, "one BibTeX file: the papers of each person"),
    "s2and": (gold.S2andWriter, "a folder: clusters.json, signatures.json, papers.json"),
    "whoiswho": (gold.WhoiswhoWriter, "one JSON file: name → person → paper ids"),
}


def writer(fmt: str, open_file: OpenFile, exported_at: str, count: int) -> Writer:
    """The format's writer for `count` clusters (the JSON document is one object for one cluster, else a collection)."""
    make, _ = FORMATS[fmt]
    return make(open_file, exported_at, count)


def is_folder_format(fmt: str) -> bool:
    return fmt == "s2and"


# The name ending each format's file gets when Namesake names it ("" for a folder).
SUFFIXES = {"json": ".json", "csv": ".csv", "bibtex": ".bib", "whoiswho": ".json", "s2and": ""}


def format_for(path: str | Path, chosen: str) -> str:
    """The format to write `path` in: `chosen`, unless the file's ending belongs to other formats only.

    "profiles.csv" with JSON chosen had JSON written into it without a word; a
    name ending as no format's does ("out.txt", a folder) keeps the choice, and
    so does ".json" for whoiswho, whose files are JSON too.
    """
    suffix = Path(path).suffix.lower()
    if not suffix or suffix == SUFFIXES[chosen]:
        return chosen
    named = [fmt for fmt, ending in SUFFIXES.items() if ending == suffix]
    return named[0] if named else chosen
