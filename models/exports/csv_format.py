"""The CSV export: one row per person and paper, for spreadsheets."""

from __future__ import annotations

import csv
from typing import Callable, TextIO

COLUMNS = (
    "cluster", "person_id", "person_label", "display_name", "orcid", "affiliation", "source", "source_key", "doi",
    "title", "year", "venue", "type", "authors", "author_position", "decided_by", "decided_at", "note",
)


class CsvWriter:
    def __init__(self, open_file: Callable[[str], TextIO], exported_at: str, count: int):
        self._rows = csv.writer(open_file(""), lineterminator="\r\n")
        self._rows.writerow(COLUMNS)

    def add(self, export: dict) -> None:
        for person in export["people"]:
            self._rows.writerows(_row(export["cluster"]["name"], person, paper) for paper in person["papers"])

    def finish(self) -> None:
        pass


def _row(cluster: str, person: dict, paper: dict) -> list:
    return [
        cluster, person["id"], person["label"], person["display_name"], person["orcid"] or "", person["affiliation"] or "",
        paper["source"], paper["source_key"], paper["ids"].get("doi", ""), paper["title"], paper["year"] or "",
        paper["venue"] or "", paper["type"] or "", "; ".join(paper["authors"]),
        "" if paper["author_position"] is None else paper["author_position"], paper.get("decided_by", ""),
        paper.get("decided_at", ""), paper.get("note") or "",
    ]
