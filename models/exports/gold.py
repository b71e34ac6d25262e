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

from models.names import display_name


def render_s2and(exports: list[dict], exported_at: str) -> dict[str, str]:
    clusters: dict[str, dict] = {}
    signatures: dict[str, dict] = {}
    papers: dict[str, dict] = {}
    paper_ids: dict[tuple[str, str], int] = {}
    for export in exports:
        for person in export["people"]:
            signature_ids = []
            for paper in person["papers"]:
                paper_id = paper_ids.setdefault((paper["source"], paper["source_key"]), len(paper_ids) + 1)
                papers[str(paper_id)] = _s2and_paper(paper_id, paper)
                signature = _s2and_signature(paper_id, paper, person)
                signatures[signature["signature_id"]] = signature
                signature_ids.append(signature["signature_id"])
            cluster_id = person["id"]
            clusters[cluster_id] = {"cluster_id": cluster_id, "signature_ids": signature_ids, "model_version": -1}
    dump = lambda value: json.dumps(value, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {"clusters.json": dump(clusters), "signatures.json": dump(signatures), "papers.json": dump(papers)}


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
    position = (paper["author_position"] or 1) - 1
    name = display_name(paper["authors"][position]) if paper["authors"] else person["display_name"]
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


def _name_parts(name: str) -> tuple[str, str | None, str]:
    words = name.split()
    if len(words) == 1:
        return "", None, words[0]
    return words[0], " ".join(words[1:-1]) or None, words[-1]


def render_whoiswho(exports: list[dict], exported_at: str) -> dict[str, str]:
    labels: dict[str, dict[str, list[str]]] = {}
    for export in exports:
        name = export["cluster"]["key"].replace(" ", "_")
        people = labels.setdefault(name, {})
        for person in export["people"]:
            people[person["id"]] = [paper["source_key"] for paper in person["papers"]]
    return {"": json.dumps(labels, ensure_ascii=False, indent=2) + "\n"}
