"""Read an S2AND data set: a folder of signatures, papers and true clusters.

S2AND (allenai/S2AND) keeps one data set in a folder:

- `signatures.json`: signature id → one author mention: the paper id, the
  author's name parts and affiliations, and the name block ("a sattar")
  that S2AND disambiguates within;
- `papers.json` (may be missing, as in `qian`): paper id → title, venue,
  year, abstract, the full author list;
- `clusters.json` (the truth): cluster id → the signature ids of one person;
- `cluster_seeds.json`: constraints for S2AND's clusterer, not read.

Files may carry the data set's name as a prefix (`qian_signatures.json`).
Each block is one cluster holding the papers of its signatures; each true
cluster gives reference labels (evaluation only). Paper keys are
"<data set>:<paper id>" (the data set is the file prefix, else the folder
name): paper ids are only unique within a data set, and exports renumber
them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import clean, load_json, year_of, year_problem
from models.formats.shapes import shape_problem
from models.formats.text import decode_head
from models.records import AuthorMention, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel
from models.counting import counted

SOURCE = "s2and"
FORMAT = "S2AND data set"
PARTS = ("signatures", "papers", "clusters", "cluster_seeds")
NOT_A_DATA_SET = "not an S2AND data set (no signatures.json beside it)"
_SIGNATURES = re.compile(r'"signature_id"|"author_info"')
_PART_SHAPES = re.compile(r'"signature_id"|"author_info"|"signature_ids"|"paper_id"|"(?:require|disallow)"')
_NAMESAKE = re.compile(r'"format"\s*:\s*"namesake')
# What the fields read here must be (see `shapes`).
SIGNATURE_SHAPE = {
    "paper_id": (int, str),
    "author_info": {
        "first": str, "middle": str, "last": str, "suffix": str, "given_name": str, "position": int,
        "affiliations": [str], "block": str,
    },
}
PAPER_SHAPE = {
    "title": str, "venue": str, "journal_name": str, "year": (int, float, str), "abstract": str,
    "authors": [{"position": int, "author_name": str}],
}
CLUSTER_SHAPE = {"signature_ids": [(str, int)]}


def looks_like(head: str) -> bool:
    """One of a data set's JSON files (recognised together with its folder in `find_data_set`)."""
    return head.lstrip().startswith("{") and _PART_SHAPES.search(head) is not None and not _NAMESAKE.search(head)


def find_data_set(path: Path) -> Path | None:
    """The S2AND folder that `path` is, or that a file at `path` belongs to."""
    folder = path if path.is_dir() else path.parent
    signatures = _part_file(folder, "signatures")
    if signatures is None:
        return None
    if path.is_file() and path.name not in {p.name for p in _part_files(folder).values()}:
        return None
    if path.is_dir():  # a folder with a signatures.json is a data set, even if that file is damaged
        return folder
    with open(signatures, "rb") as handle:
        head = decode_head(handle.read(4096))
    return folder if _SIGNATURES.search(head) else None


def parse(path: str | Path) -> ParsedSource:
    """Read the data set of `path`: the folder itself, or the folder of one of its files."""
    path = Path(path)
    folder = find_data_set(path)
    if folder is None:
        raise SourceError(str(path), None, NOT_A_DATA_SET)
    parsed = ParsedSource(path=str(folder), format=FORMAT)
    if path.is_file():
        parsed.warnings.append(f"{path}: read with the rest of its S2AND data set, {folder}")
    parts = _part_files(folder)
    signatures = _load_object(parts["signatures"])
    papers = _load_object(parts["papers"]) if "papers" in parts else None
    truth = _load_object(parts["clusters"]) if "clusters" in parts else {}
    if "cluster_seeds" in parts:
        parsed.skipped.append(f"{parts['cluster_seeds']}: clusterer constraints (cluster seeds), not data: not read")
    dataset = _dataset_name(folder, parts["signatures"])
    _check_truth(truth, str(parts.get("clusters", folder)))
    papers_path = str(parts.get("papers", folder))
    parsed.records = _records(dataset, str(parts["signatures"]), signatures, _checked_papers(papers, papers_path), truth, parsed)
    return parsed


def _records(dataset: str, path: str, signatures: dict, papers: _Papers | None, truth: dict, parsed: ParsedSource) -> Iterator[Record]:
    by_paper: dict[str, list[dict]] = {}
    for number, (signature_id, signature) in enumerate(signatures.items(), start=1):
        _check_signature(signature_id, signature, number, path)
        by_paper.setdefault(str(signature["paper_id"]), []).append(signature)
    blocks: dict[str, dict[str, None]] = {}  # block -> its paper keys, in order (a dict: a list search was quadratic)
    for paper_id, paper_signatures in by_paper.items():
        key = f"{dataset}:{paper_id}"
        paper = papers(paper_id) if papers is not None else None
        yield _paper(key, paper_id, paper, paper_signatures)
        for signature in paper_signatures:
            blocks.setdefault(signature["author_info"]["block"], {})[key] = None
    _report_papers(papers.known if papers is not None else None, by_paper, path, parsed)
    for block, keys in blocks.items():
        yield ClusterRecord(name=block, source=SOURCE, paper_keys=tuple(keys))
    yield from _labels(dataset, signatures, truth, path, parsed)


def _paper(key: str, paper_id: str, paper: dict | None, signatures: list[dict]) -> PaperRecord:
    if paper is None:
        return _paper_of_signatures(key, paper_id, sorted(signatures, key=_position))
    authors, filed_under = _paper_mentions(paper, signatures)
    return PaperRecord(
        source=SOURCE,
        source_key=key,
        title=clean(paper.get("title")) or f"[S2AND paper {paper_id}]",
        venue=clean(paper.get("venue")) or clean(paper.get("journal_name")),
        pub_type=None,
        year=year_of(paper.get("year")),
        abstract=clean(paper.get("abstract")),
        authors=authors,
        ids=(("s2and", paper_id),),
        filed_under=filed_under,
    )


def _paper_of_signatures(key: str, paper_id: str, signatures: list[dict]) -> PaperRecord:
    """A paper known only from its signatures: their authors, at the places they give in the whole list."""
    return PaperRecord(
        SOURCE, key, f"[S2AND paper {paper_id}]", None, None, None, None,
        authors=tuple(map(_signature_mention, signatures)),
        ids=(("s2and", paper_id),),
        author_places=tuple(map(_position, signatures)),
        filed_under=tuple(s["author_info"]["block"] for s in signatures),
    )


def _paper_mentions(paper: dict, signatures: list[dict]) -> tuple[tuple[AuthorMention, ...], tuple[str, ...]]:
    """papers.json's author list, and the block each author is filed under ("" for an author without a signature).

    A signature's affiliations go to its own author.
    """
    authors = sorted(paper.get("authors") or [], key=lambda a: _whole(a.get("position")))
    names = [clean(author.get("author_name")) or "" for author in authors]
    kept = [i for i, name in enumerate(names) if name]  # an author without a name is left out
    index_kept = {index: number for number, index in enumerate(kept)}
    affiliations: dict[int, str] = {}
    blocks: dict[int, str] = {}  # by the author's index among those kept
    for signature in signatures:
        index = _author_index(names, signature)
        if index not in index_kept:
            continue
        blocks[index_kept[index]] = signature["author_info"]["block"]
        affiliation = _affiliation(signature)
        if affiliation:
            affiliations[index] = affiliation
    mentions = tuple(AuthorMention(names[i], affiliation=affiliations.get(i)) for i in kept)
    return mentions, tuple(blocks.get(number, "") for number in range(len(kept)))


def _author_index(names: list[str], signature: dict) -> int | None:
    """Where the signature's author stands: its position if the last name agrees there, else by last name."""
    last = (signature["author_info"].get("last") or "").casefold()
    position = _position(signature)
    if 0 <= position < len(names) and names[position].casefold().endswith(last):
        return position
    return next((i for i, name in enumerate(names) if last and name.casefold().endswith(last)), None)


def _signature_mention(signature: dict) -> AuthorMention:
    return AuthorMention(signature_name(signature), affiliation=_affiliation(signature))


def signature_name(signature: dict) -> str:
    info = signature["author_info"]
    parts = (info.get("first"), info.get("middle"), info.get("last"), info.get("suffix"))
    return clean(" ".join(part for part in parts if part)) or clean(info.get("given_name")) or "[no name]"


def _affiliation(signature: dict) -> str | None:
    return clean("; ".join(a for a in signature["author_info"].get("affiliations") or [] if a))


def _position(signature: dict) -> int:
    return _whole(signature["author_info"].get("position"))


def _whole(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _labels(dataset: str, signatures: dict, truth: dict, path: str, parsed: ParsedSource) -> Iterator[ReferenceLabel]:
    labelled: dict[tuple[str, str], str] = {}
    for person, cluster in truth.items():
        for signature_id in cluster.get("signature_ids") or []:
            signature = signatures.get(str(signature_id))
            if signature is None:
                parsed.warnings.append(f"{path}: true cluster {person} names signature {signature_id}, which is not in the file")
                continue
            place = (signature["author_info"]["block"], f"{dataset}:{signature['paper_id']}")
            if labelled.setdefault(place, str(person)) != str(person):
                parsed.warnings.append(
                    f"{path}: paper {signature['paper_id']} has signatures of two true persons in block {place[0]!r} "
                    f"({labelled[place]} and {person}); the first is kept"
                )
    unlabelled = len(signatures) - len(_labelled_signatures(signatures, truth))
    if unlabelled > 0:
        parsed.warnings.append(f"{path}: {unlabelled} of {len(signatures)} signatures have no true person in clusters.json")
    for (block, key), person in labelled.items():
        yield ReferenceLabel(block, SOURCE, key, person)


def _labelled_signatures(signatures: dict, truth: dict) -> set[str]:
    """The file's signatures that some true cluster names (a name not in the file, or named twice, counts no more)."""
    named = (str(s) for cluster in truth.values() for s in cluster.get("signature_ids") or [])
    return {signature_id for signature_id in named if signature_id in signatures}


def _report_papers(papers: dict | None, by_paper: dict, path: str, parsed: ParsedSource) -> None:
    folder = str(Path(path).parent)
    if papers is None:
        parsed.warnings.append(
            f"{folder}: no papers.json: {counted(len(by_paper), 'paper')} without a title (shown as '[S2AND paper <id>]'), "
            "venue or year, listing only the authors their signatures name"
        )
        return
    missing = [paper_id for paper_id in by_paper if paper_id not in papers]
    if missing:
        parsed.warnings.append(f"{folder}: {counted(len(missing), 'paper')} that signatures name, not in papers.json: {missing[:5]}")
    orphans = len(set(papers) - set(by_paper))
    if orphans:
        parsed.skipped.append(f"{folder}: {counted(orphans, 'paper')} in papers.json without a signature, so in no block")


def _check_signature(signature_id: str, signature, number: int, path: str) -> None:
    info = signature.get("author_info") if isinstance(signature, dict) else None
    if not isinstance(info, dict) or "paper_id" not in signature or not info.get("block"):
        raise SourceError(path, None, f"signature {signature_id[:60]} (record {number}) lacks paper_id, author_info or its block")
    found = shape_problem(signature, SIGNATURE_SHAPE, "")
    if found:
        raise SourceError(path, None, f"signature {signature_id[:60]} (record {number}): {found}")


def _check_truth(truth: dict, path: str) -> None:
    for person, cluster in truth.items():
        found = shape_problem(cluster, CLUSTER_SHAPE, "") if cluster is not None else "should be an object, not null"
        if found:
            raise SourceError(path, None, f"true cluster {person[:60]}: {found}")


class _Papers:
    """papers.json, each paper's shape and year checked when the paper is first read.

    A year that is no year ("nineteen") is refused as a field of the wrong
    shape is: this reader takes the data set as it is or not at all.
    """

    def __init__(self, papers: dict, path: str):
        self.known = papers
        self._path = path

    def __call__(self, paper_id: str) -> dict | None:
        paper = self.known.get(paper_id)
        found = shape_problem(paper, PAPER_SHAPE, "") or (year_problem(paper.get("year")) if paper else None)
        if found:
            raise SourceError(self._path, None, f"paper {paper_id[:60]}: {found}")
        return paper


def _checked_papers(papers: dict | None, path: str) -> _Papers | None:
    return None if papers is None else _Papers(papers, path)


def _part_files(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for file in sorted(folder.iterdir()):
        for part in PARTS:
            if file.name == f"{part}.json" or (file.name.endswith(f"_{part}.json") and part not in found):
                found.setdefault(part, file)
    if "clusters" in found and found["clusters"].name.endswith("cluster_seeds.json"):
        del found["clusters"]
    return found


def _part_file(folder: Path, part: str) -> Path | None:
    return _part_files(folder).get(part)


def _dataset_name(folder: Path, signatures: Path) -> str:
    prefix = signatures.name[: -len("_signatures.json")] if signatures.name.endswith("_signatures.json") else ""
    return prefix or folder.name


def _load_object(path: Path) -> dict:
    data = load_json(str(path))
    if not isinstance(data, dict):
        raise SourceError(str(path), 1, "expected a JSON object keyed by id")
    return data
