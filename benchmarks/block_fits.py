"""How well the Fit column finds the wrong papers in people that accepted suggestions made.

    python -m benchmarks.block_fits [FILE_OR_FOLDER...]   (default: ../shared/data/arnetminer)

Every suggested group of two or more papers is accepted as a new person, as
a reviewer pressing A through the list would; then, in each person holding
papers of more than one true person, the papers not of its majority label
are its wrong ones. Printed: how many wrong papers are among their person's
weakest fits (the lowest tenth, at least 3: where sorting the Fit column
ascending puts them first), and the share of (wrong, right) pairs of a
person where the wrong paper's fit is the lower (ties count half).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from models.evaluate import evaluate_paths
from models.evidence import EvidenceIndex, column_fits
from models.store import Store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arnetminer"


def main(argv: list[str]) -> int:
    paths = argv or sorted(map(str, DEFAULT.glob("*.xml")))  # the folder is no source of its own: its files are
    groups_of = {name.name.casefold(): name.groups for name in evaluate_paths(paths).names}
    wrong_papers = wrong_weakest = 0
    pairs = lower = 0.0
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "blocks.sqlite3", reviewer="benchmark") as store:
        store.import_files(paths)
        for cluster in store.clusters():
            groups = groups_of.get(cluster.name.casefold())
            if groups is None:
                continue
            by_key = {paper.source_key: paper.paper_id for paper in store.load_cluster(cluster.id).papers}
            for group in groups:
                if len(group) >= 2:
                    store.create_person(cluster.id, [by_key[key] for key in group])
            labels = store.reference_labels(cluster.id)
            contents = store.load_cluster(cluster.id)
            fits = column_fits(contents, EvidenceIndex(contents, store.abstracts(cluster.id)))
            members: dict[int, list[int]] = {}
            for paper_id, state in contents.decisions.items():
                members.setdefault(state.person_id, []).append(paper_id)
            for paper_ids in members.values():
                majority = Counter(labels[p] for p in paper_ids).most_common(1)[0][0]
                score = {p: fits[p].score if p in fits else 0.0 for p in paper_ids}
                weakest = sorted(score.values())[min(max(3, len(paper_ids) // 10), len(paper_ids)) - 1]
                right = [score[p] for p in paper_ids if labels[p] == majority]
                for wrong in (score[p] for p in paper_ids if labels[p] != majority):
                    wrong_papers += 1
                    wrong_weakest += wrong <= weakest
                    pairs += len(right)
                    lower += sum(1.0 if wrong < other else 0.5 if wrong == other else 0.0 for other in right)
    print(f"{wrong_papers} wrong papers in people; {wrong_weakest} among their person's weakest tenth (at least 3); "
          f"the wrong paper's fit lower in {lower / pairs:.3f} of {int(pairs):,} (wrong, right) pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
