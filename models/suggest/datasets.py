"""Readers of the labelled name-disambiguation sets in shared/data, for evaluation.

Each reader returns `LabelledCluster`s: the engine's input papers (the
cluster's own name removed from the coauthors) plus the true person of each
paper. The readers are lenient: what they repaired is listed in `notes`.

- Arnetminer (`arnetminer/*.xml`): one file per name; 34 of 55 files are not
  well-formed XML (bare `&`, HTML entities), so the file is read with regular
  expressions over its simple, flat layout and entities are decoded.
- LBD (`lbd/<collection>/<name>_{train,test}_f0.txt`): `id;person;name;
  coauthors,...;stemmed title;venue;year` (year 0 = unknown); the train and
  test halves of a name are one cluster.
- S2AND (`s2and/<set>/`): signatures grouped by their name block; papers
  (title, venue, year, coauthors) where `papers.json` exists, else only the
  signature's affiliations.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from models.evaluation import coauthor_key
from models.formats.s2and import signature_name
from models.names import is_own_name, split_author_list
from models.suggest.inputs import PaperInput
from models.suggest.names import own_name_variants

_FIELD = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S) for tag in (
    "title", "year", "authors", "jconf", "id", "label", "organization", "FullName",
)}
_PUBLICATION = re.compile(r"<publication>(.*?)</publication>", re.S)
_ENTITY = re.compile(r"&(#?\w+);")
_BARE_AMPERSAND = re.compile(r"&(?!#?\w+;)")


@dataclass(frozen=True)
class LabelledCluster:
    name: str
    papers: tuple[PaperInput, ...]
    labels: dict  # paper id -> true person
    source: str = ""
    notes: tuple[str, ...] = field(default=())


def drop_own_name(authors: list[str], own_name: str, loose: bool = True) -> tuple[list[str], bool]:
    """The coauthors: `authors` without the cluster's own name.

    The exact name (compared by `coauthor_key`, a generational suffix
    ignored) is dropped wherever it appears; if it appears nowhere, the
    first author that `names.own_name_variants` calls a spelling of it
    ("Ajay K. Gupta" for "Ajay Gupta", "Richard Cole" for "R. Cole") is
    dropped instead, unless `loose` is false. Returns the coauthors and whether the own name was
    found at all.
    """
    coauthors, spelling = split_own_name(authors, own_name, loose)
    return coauthors, spelling is not None


def split_own_name(authors: list[str], own_name: str, loose: bool = True) -> tuple[list[str], str | None]:
    """Like `drop_own_name`, with the own name as this paper spells it (None if not found)."""
    own = [is_own_name(name, own_name, coauthor_key) for name in authors]
    if any(own):
        return [name for name, is_own in zip(authors, own) if not is_own], authors[own.index(True)]
    variants = own_name_variants(own_name, authors) if loose else set()
    for index, name in enumerate(authors):
        if name in variants:
            return authors[:index] + authors[index + 1:], name
    return list(authors), None


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(html.unescape(value).split())
    return None if value in ("", "null") else value


def _year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if year > 0 else None


def read_arnetminer(path: Path, loose_own_name: bool = True) -> LabelledCluster:
    """One Arnetminer name file, read leniently.

    `loose_own_name=False` drops only the exact own name from the authors
    (variants such as "Richard Cole" in "R. Cole" then stay as coauthors).
    """
    raw = path.read_text(encoding="utf-8", errors="replace")
    notes = []
    bare = len(_BARE_AMPERSAND.findall(raw))
    entities = len([m for m in _ENTITY.findall(raw) if m not in ("amp", "lt", "gt", "quot", "apos")])
    if bare or entities:
        notes.append(f"repaired {bare} bare '&' and decoded {entities} HTML entities")
    name_match = _FIELD["FullName"].search(raw)
    name = _text(name_match.group(1)) if name_match else path.stem
    papers, labels, missing = [], {}, 0
    for block in _PUBLICATION.findall(raw):
        values = {tag: (m.group(1) if (m := pattern.search(block)) else None) for tag, pattern in _FIELD.items()}
        paper_id = int(values["id"])
        authors = split_author_list(_text(values["authors"]) or "")
        coauthors, spelling = split_own_name(authors, name, loose_own_name)
        missing += spelling is None
        organization = _text(values["organization"])
        papers.append(PaperInput(
            paper_id=paper_id,
            title=_text(values["title"]) or "",
            venue=_text(values["jconf"]),
            year=_year(values["year"]),
            coauthors=tuple(coauthors),
            affiliations=(organization,) if organization else (),
            own_name=spelling,
        ))
        labels[paper_id] = int(values["label"])
    if missing:
        notes.append(f"{missing} papers do not list the name '{name}' in their authors")
    return LabelledCluster(name, tuple(papers), labels, "arnetminer", tuple(notes))


def read_arnetminer_folder(folder: Path, loose_own_name: bool = True) -> list[LabelledCluster]:
    return [read_arnetminer(path, loose_own_name) for path in sorted(folder.glob("*.xml"))]


def read_lbd(files: list[Path], name: str) -> LabelledCluster:
    """One LBD name (its train and test files together)."""
    papers, labels = [], {}
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split(";")
            if len(parts) < 6:
                continue
            paper_id = int(parts[0])
            papers.append(PaperInput(
                paper_id=paper_id,
                title=parts[4].strip(),
                venue=parts[5].strip() or None,
                year=_year(parts[6]) if len(parts) > 6 else None,
                coauthors=tuple(split_author_list(parts[3])),
                own_name=parts[2].strip() or None,
            ))
            labels[paper_id] = int(parts[1])
    return LabelledCluster(name, tuple(papers), labels, "lbd")


def read_lbd_folder(folder: Path) -> list[LabelledCluster]:
    """Every name of the LBD collections that come as `<name>_{train,test}_f0.txt`."""
    names: dict[tuple[str, str], list[Path]] = {}
    for path in sorted(folder.glob("*/*_f0.txt")):
        stem = path.name.rsplit("_", 2)[0]
        names.setdefault((path.parent.name, stem), []).append(path)
    return [read_lbd(files, f"{collection}/{stem}") for (collection, stem), files in sorted(names.items())]


def read_s2and(folder: Path) -> list[LabelledCluster]:
    """An S2AND set: one cluster per name block; signatures are the papers."""
    signatures = json.loads((folder / "signatures.json").read_text(encoding="utf-8"))
    clusters = json.loads((folder / "clusters.json").read_text(encoding="utf-8"))
    papers_path = folder / "papers.json"
    papers = json.loads(papers_path.read_text(encoding="utf-8")) if papers_path.exists() else {}
    person = {sig: cluster for cluster, value in clusters.items() for sig in value["signature_ids"]}
    blocks: dict[str, list[PaperInput]] = {}
    for sig_id, signature in signatures.items():
        if sig_id not in person:
            continue
        info = signature["author_info"]
        paper = papers.get(str(signature["paper_id"]), {})
        coauthors = [
            author["author_name"] for author in paper.get("authors", [])
            if author.get("position") != info.get("position")
        ]
        blocks.setdefault(info["block"], []).append(PaperInput(
            paper_id=sig_id,
            title=paper.get("title") or "",
            abstract=paper.get("abstract"),
            venue=paper.get("venue") or paper.get("journal_name"),
            year=paper.get("year"),
            coauthors=tuple(coauthors),
            affiliations=tuple(info.get("affiliations") or ()),
            own_name=signature_name(signature),
        ))
    note = () if papers else ("no papers.json: affiliations only",)
    return [
        LabelledCluster(block, tuple(items), {p.paper_id: person[p.paper_id] for p in items}, "s2and", note)
        for block, items in sorted(blocks.items())
    ]
