"""The CSV export: one row per person and paper, for spreadsheets."""

from __future__ import annotations

import csv
import io

COLUMNS = (
    "cluster", "person_id", "person_label", "display_name", "orcid", "affiliation", "source", "source_key", "doi",
    "title", "year", "venue", "type", "authors", "author_position", "decided_by", "decided_at", "note",
)


def render(exports: list[dict], exported_at: str) -> dict[str, str]:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for export in exports:
        for person in export["people"]:
            for paper in person["papers"]:
                writer.writerow(_row(export["cluster"]["name"], person, paper))
    return {"": stream.getvalue()}


def _row(cluster: str, person: dict, paper: dict) -> list:
    return [
        cluster, person["id"], person["label"], person["display_name"], person["orcid"] or "", person["affiliation"] or "",
        paper["source"], paper["source_key"], paper["ids"].get("doi", ""), paper["title"], paper["year"] or "",
        paper["venue"] or "", paper["type"] or "", "; ".join(paper["authors"]),
        "" if paper["author_position"] is None else paper["author_position"], paper.get("decided_by", ""),
        paper.get("decided_at", ""), paper.get("note") or "",
    ]
