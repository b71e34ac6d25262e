"""`namesake evaluate`: run the suggestion engine from scratch on labelled data, and score it.

The files go through the same import and the same engine inputs as in the
window (a temporary database, no decisions), so the figures describe what
a reviewer gets. Each name is scored against its reference labels, beside
three baselines computed in the same run: everything in one group, every
paper alone, and connected components of shared coauthors.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from models import evaluation
from models.evaluation import ClusterEvaluation, MacroSummary
from models.queries import ClusterContents
from models.store import Store
from models.suggest import suggested_groups
from models.suggestions import engine_inputs

METHODS = ("engine", "all_in_one", "each_alone", "coauthor_components")


@dataclass(frozen=True)
class NameResult:
    name: str
    scores: dict[str, ClusterEvaluation]  # method → its scores on this name
    groups: list[list[str]]  # the engine's full partition, as paper source keys


@dataclass(frozen=True)
class EvaluationResult:
    names: list[NameResult]
    macro: dict[str, MacroSummary]  # method → macro averages over names


def evaluate_paths(paths: Sequence[str | Path], progress: Callable[[str], None] | None = None) -> EvaluationResult:
    """Import `paths` into a throwaway database and score every cluster that has reference labels.

    Read as `import` reads them (`Store.import_paths`): a plain folder stands for the source files in it
    (55 Arnetminer files, say), an archive (zip, tar) for the folder it holds.
    """
    with tempfile.TemporaryDirectory(prefix="namesake-evaluate-") as folder:
        with Store(Path(folder) / "evaluate.sqlite3", reviewer="evaluate") as store:
            store.import_paths(list(paths))
            results = []
            for cluster in store.clusters():
                labels = store.reference_labels(cluster.id)
                if labels:
                    if progress:
                        progress(cluster.name)
                    results.append(evaluate_cluster(store.load_cluster(cluster.id), labels, store.abstracts(cluster.id)))
            store.close(backup=False)
    if not results:
        raise ValueError("none of these files has reference labels (true persons) to evaluate against")
    macro = {method: evaluation.macro_average(r.scores[method] for r in results) for method in METHODS}
    return EvaluationResult(results, macro)


def evaluate_cluster(contents: ClusterContents, labels: dict[int, str], abstracts: dict[int, str] | None = None) -> NameResult:
    """The engine and the baselines on one cluster, with no decision made."""
    inputs = [paper for paper in engine_inputs(contents, abstracts) if paper.paper_id in labels]
    papers = [paper.paper_id for paper in inputs]
    predictions = {
        "engine": suggested_groups(inputs, name=contents.cluster.name),
        "all_in_one": evaluation.all_in_one(papers),
        "each_alone": evaluation.each_alone(papers),
        "coauthor_components": evaluation.coauthor_components({p.paper_id: p.coauthors for p in inputs}),
    }
    scores = {method: evaluation.evaluate_cluster(groups, labels) for method, groups in predictions.items()}
    keys = {paper.paper_id: paper.source_key for paper in contents.papers}
    partition = evaluation.full_partition(predictions["engine"], labels)
    groups = sorted((sorted(keys[paper_id] for paper_id in group) for group in partition), key=lambda g: (-len(g), g))
    return NameResult(contents.cluster.name, scores, groups)


def as_json(result: EvaluationResult) -> dict:
    return {
        "names": [
            {"name": r.name, **{method: _figures(score) for method, score in r.scores.items()}} for r in result.names
        ],
        "macro": {method: summary.as_dict() for method, summary in result.macro.items()},
    }


def predictions(result: EvaluationResult) -> dict[str, dict[str, list[str]]]:
    """name → group → paper source keys: every paper in exactly one group (singletons too)."""
    return {r.name: {f"group {n}": group for n, group in enumerate(r.groups, start=1)} for r in result.names}


def _figures(score: ClusterEvaluation) -> dict:
    return {
        "papers": score.papers, "persons": score.persons,
        "pairwise_precision": score.pairwise.precision, "pairwise_recall": score.pairwise.recall, "pairwise_f1": score.pairwise.f1,
        "bcubed_precision": score.bcubed.precision, "bcubed_recall": score.bcubed.recall, "bcubed_f1": score.bcubed.f1,
        "actions_per_paper": score.actions_per_paper, "lower_bound_per_paper": score.lower_bound_per_paper,
    }


def table(result: EvaluationResult) -> str:
    """The figures as text: per name, then the macro averages of every method."""
    lines = [f"{'name':<24} {'papers':>6} {'persons':>7}  {'pair F1':>7} {'B3 F1':>6} {'actions/paper':>13} {'bound':>6}"]
    for r in result.names:
        s = r.scores["engine"]
        lines.append(
            f"{r.name[:24]:<24} {s.papers:>6} {s.persons:>7}  {s.pairwise.f1:>7.3f} {s.bcubed.f1:>6.3f} "
            f"{s.actions_per_paper:>13.3f} {s.lower_bound_per_paper:>6.3f}"
        )
    lines.append("")
    lines.append(
        f"macro over {len(result.names)} names   pair P   pair R  pair F1   B3 P   B3 R  B3 F1  actions/paper  ×bound"
        "   pooled: actions/paper  ×bound"
    )
    for method, m in result.macro.items():
        lines.append(
            f"{method:<24} {m.pairwise_precision:>7.3f} {m.pairwise_recall:>7.3f} {m.pairwise_f1:>7.3f} "
            f"{m.bcubed_precision:>6.3f} {m.bcubed_recall:>6.3f} {m.bcubed_f1:>6.3f} {m.actions_per_paper:>14.3f} "
            f"{m.actions_over_bound:>7.2f} {m.pooled_actions_per_paper:>23.3f} {m.pooled_actions_over_bound:>7.2f}"
        )
    bound = result.macro["engine"]
    lines.append(f"{'lower bound':<24} {'':>53} {bound.lower_bound_per_paper:>14.3f} {'':>7} {bound.pooled_lower_bound_per_paper:>23.3f}")
    return "\n".join(lines)
