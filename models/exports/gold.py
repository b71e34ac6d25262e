"""Gold labels for training and testing disambiguation models.

- S2AND: `clusters.json` (cluster id → signature ids), `signatures.json`
  (one author mention each: paper id, position, name parts, block) and
  `papers.json`, the shape S2AND's loaders read.
- WhoIsWho: name → person → paper ids.

Only papers decided for a person are labels; rejected, unsure and undecided
papers are left out, never guessed.
"""

from __future__ import annotations

import json
from typing import Callable, TextIO

from models.exports.gather import PaperEntry
from models.names import display_name


class S2andWriter:
    """Labels gathered cluster by cluster (only the people's papers: small beside a whole export), written at the end."""

    def __init__(self, open_file: Callable[[str], TextIO], exported_at: str, count: int):
        self._open_file = open_file
        self._clusters: dict[str, dict] = {}
        self._signatures: dict[str, dict] = {}
        self._papers: dict[str, dict] = {}
        self._paper_ids: dict[tuple[str, str], int] = {}

    def add(self, export: dict) -> None:
        for person in export["people"]:
            signature_ids = []
            for paper in person["papers"]:
                paper_id = self._paper_ids.setdefault((paper["source"], paper["source_key"]), len(self._paper_ids) + 1)
                self._papers[str(paper_id)] = _s2and_paper(paper_id, paper)
                signature = _s2and_signature(paper_id, paper, person)
                self._signatures[signature["signature_id"]] = signature
                signature_ids.append(signature["signature_id"])
            cluster_id = person["id"]
            self._clusters[cluster_id] = {"cluster_id": cluster_id, "signature_ids": signature_ids, "model_version": -1}

    def finish(self) -> None:
        for name, value in (("clusters.json", self._clusters), ("signatures.json", self._signatures), ("papers.json", self._papers)):
            self._open_file(name).write(_dump(value))


def _dump(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _s2and_paper(paper_id: int, paper: dict) -> dict:
    return {
        "paper_id": paper_id,
        "title": paper["title"],
        "year": paper["year"],
        "venue": paper["venue"],
        "journal_name": paper["venue"] if "journal" in (paper["type"] or "").lower() else None,
        "authors": [{"position": i, "author_name": display_name(name)} for i, name in enumerate(paper["authors"])],
        "references": [],
        "abstract": None,
        "source_key": f"{paper['source']}:{paper['source_key']}",
    }


def _s2and_signature(paper_id: int, paper: dict, person: dict) -> dict:
    position = (paper["author_position"] or 1) - 1  # the place in the whole author list, as S2AND counts
    # Where the name stands in the authors held (`gather.PaperEntry`), not the whole-list place: an S2AND paper
    # known from signatures at places 1 and 3 holds two authors. A plain dict knows neither: the person's name.
    name = _signature_name(paper["authors"], paper.author_index if isinstance(paper, PaperEntry) else None, person)
    first, middle, last = _name_parts(name)
    return {
        "signature_id": f"{paper_id}_{position}",
        "paper_id": paper_id,
        "author_info": {
            "first": first, "middle": middle, "last": last, "suffix": None, "position": position,
            "affiliations": [person["affiliation"]] if person["affiliation"] else [], "email": None,
            "block": f"{first[:1]} {last}".lower().strip(),
        },
    }


def _signature_name(authors: list[str], index: int | None, person: dict) -> str:
    """The person's name as the paper spells it: `authors[index]`, `index` counting the authors we hold
    (an S2AND paper known only from its signatures lists only those, so its places skip numbers);
    the person's own name where the name is not in the list."""
    if index is not None and index < len(authors):
        return display_name(authors[index])
    return display_name(authors[0]) if len(authors) == 1 else person["display_name"]


def _name_parts(name: str) -> tuple[str, str | None, str]:
    words = name.split()
    if len(words) == 1:
        return "", None, words[0]
    return words[0], " ".join(words[1:-1]) or None, words[-1]


class WhoiswhoWriter:
    def __init__(self, open_file: Callable[[str], TextIO], exported_at: str, count: int):
        self._open_file = open_file
        self._labels: dict[str, dict[str, list[str]]] = {}

    def add(self, export: dict) -> None:
        people = self._labels.setdefault(export["cluster"]["key"].replace(" ", "_"), {})
        for person in export["people"]:
            people[person["id"]] = [paper["source_key"] for paper in person["papers"]]

    def finish(self) -> None:
        self._open_file("").write(_dump(self._labels))
