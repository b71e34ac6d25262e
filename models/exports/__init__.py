"""Export curated profiles: JSON, CSV, BibTeX, and gold labels (S2AND, WhoIsWho).

`cluster_exports()` turns clusters into one plain structure (the JSON
export's shape); every format is rendered from it, so they agree. A format
renders to files: {name: text}; a single-file format has one name, "".
Undecided papers are only ever listed as undecided.
"""

from __future__ import annotations

from typing import Callable

from models.exports import bibtex, csv_format, gold, json_format

# format name -> (render, what it writes)
FORMATS: dict[str, tuple[Callable[[list[dict], str], dict[str, str]], str]] = {
    "json": (json_format.render, "one JSON document"),
    "csv": (csv_format.render, "one CSV file: a row per person and paper"),
    "bibtex": (bibtex.render, "one BibTeX file: the papers of each person"),
    "s2and": (gold.render_s2and, "a folder: clusters.json, signatures.json, papers.json"),
    "whoiswho": (gold.render_whoiswho, "one JSON file: name → person → paper ids"),
}


def render(exports: list[dict], fmt: str, exported_at: str) -> dict[str, str]:
    render_format, _ = FORMATS[fmt]
    return render_format(exports, exported_at)


def is_folder_format(fmt: str) -> bool:
    return fmt == "s2and"
