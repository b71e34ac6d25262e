"""Write a synthetic Namesake JSON Lines input file.

Layout for N papers (N = 1,000,000 in the full run): four named clusters of
N/10, N/50, N/100 and N/1000 papers (100k, 20k, 10k and 1k at full size),
spread through the file as a real source spreads them, plus N/500 small
clusters of 5-50 papers, so the cluster list at start-up is not trivial.
Every other paper belongs to no cluster. The clusters are declared
explicitly (`"clusters_from_names": false` in the header): the store does
not derive clusters from names anyway (nothing in `models/` reads
`ParsedSource.clusters_from_names`), and a million derived clusters is not
what this benchmark is about.

Every author mention carries an author-row key, as OpenAlex and S2AND give
them, so the import resolves author rows as a real import does.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.synth import FIRST, LAST, TextMaker, name_pool

SOURCE = "bench"
# The big clusters: (name, papers per N, residue): paper n is in the cluster when n % modulus == residue.
# The residues never collide, so the clusters are disjoint. "Aaron J. Chen" sorts first, so the
# window opens it at start-up (small clusters never use the first name Aaron).
BIG = (("Aaron J. Chen", 50, 7), ("Wei J. Zhang", 10, 3), ("Lin Q. Wang", 100, 11), ("Sofia R. Rossi", 1000, 19))
ROWS_PER_BIG = {50: 30, 10: 60, 100: 20, 1000: 5}
SMALL_EVERY = 500  # one small cluster per this many papers
SMALL_SIZES = (5, 50)


@dataclass
class ClusterPlan:
    name: str
    paper_keys: list[str] = field(default_factory=list)
    row_keys: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    """What was generated: enough for the benchmarks to find their clusters."""

    papers: int
    authorships: int
    author_rows: int
    clusters: dict[str, int]  # name -> papers, the big ones
    small_clusters: int

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(**json.loads(text))


def _big_of(n: int) -> int | None:
    for index, (_name, modulus, residue) in enumerate(BIG):
        if n % modulus == residue:
            return index
    return None


def _small_plans(papers: int, rng: random.Random) -> tuple[list[ClusterPlan], dict[int, int]]:
    """Small clusters over papers n % 10 == 0 (never in a big cluster): paper -> plan index."""
    count = max(1, papers // SMALL_EVERY)
    free = list(range(0, papers, 10))
    rng.shuffle(free)
    # Middle initials the co-author pool never uses, so a small cluster's name is its own.
    names = sorted({f"{rng.choice(FIRST[1:])} {rng.choice('BCDEFGHLNPRTW')}. {rng.choice(LAST)}" for _ in range(count * 2)})
    rng.shuffle(names)
    plans, member = [], {}
    for index in range(count):
        size = rng.randint(*SMALL_SIZES)
        chosen, free = free[:size], free[size:]
        plans.append(ClusterPlan(names[index], row_keys=[f"s{index}-{k}" for k in range(rng.randint(1, 3))]))
        member.update((n, index) for n in chosen)
    return plans, member


def generate(path: Path, papers: int, seed: int = 6) -> Manifest:
    """Write the file; returns what it holds."""
    text = TextMaker(seed)
    rng = text.rng
    pool = name_pool()
    big = [ClusterPlan(name, row_keys=[f"b{i}-{k}" for k in range(ROWS_PER_BIG[modulus])]) for i, (name, modulus, _) in enumerate(BIG)]
    small, small_of = _small_plans(papers, rng)
    authorships = 0
    with open(path, "w", encoding="utf-8") as out:
        write = lambda item: out.write(json.dumps(item, ensure_ascii=False) + "\n")  # noqa: E731
        write({"type": "header", "format": "namesake-input", "version": 1, "source": SOURCE, "clusters_from_names": False})
        for plan in big + small:
            for key in plan.row_keys:
                write({"type": "author_row", "key": key, "name": plan.name, "affiliations": [f"{rng.choice(LAST)} University"]})
        for n in range(papers):
            plan = big[_big_of(n)] if _big_of(n) is not None else (small[small_of[n]] if n in small_of else None)
            record = _paper(n, text, pool, plan)
            authorships += len(record["authors"])
            if plan is not None:
                plan.paper_keys.append(record["key"])
            write(record)
        for plan in big + small:
            write({"type": "cluster", "name": plan.name, "papers": plan.paper_keys, "declared_papers": len(plan.paper_keys),
                   "declared_author_rows": len(plan.row_keys)})
    rows = sum(len(p.row_keys) for p in big + small) + len(pool)
    return Manifest(papers, authorships, rows, {p.name: len(p.paper_keys) for p in big}, len(small))


def _paper(n: int, text: TextMaker, pool: list[str], plan: ClusterPlan | None) -> dict:
    rng = text.rng
    count = rng.randint(3, 12)
    picks = rng.sample(range(len(pool)), count)
    authors: list = [{"name": pool[i], "row": f"a{i}"} for i in picks]
    if plan is not None:  # the cluster's name, somewhere in the list, with one of its author rows
        authors[rng.randrange(count)] = {"name": plan.name, "row": rng.choice(plan.row_keys)}
    year = text.year()
    venue, kind = text.venue(year)
    return {
        "type": "paper", "key": f"p{n}", "title": text.title(), "year": year, "venue": venue, "pub_type": kind,
        "abstract": text.abstract(), "ids": {"doi": f"10.5555/bench.{n}"}, "authors": authors,
    }
