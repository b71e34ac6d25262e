"""Where the papers of one of the source's author rows went: the evidence for saying which person the row is.

A dblp or OpenAlex author row says which papers it wrote. Once the reviewer
has put those papers into people, the row is most likely the person that
holds them all; a row whose papers went to two people is mixed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models.queries import ClusterContents
from models.schema import Verdict


@dataclass(frozen=True)
class RowPapers:
    by_person: Counter = field(default_factory=Counter)  # person id -> the row's papers decided for that person
    rejected: int = 0
    unsure: int = 0
    undecided: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_person.values()) + self.rejected + self.unsure + self.undecided


def row_papers(contents: ClusterContents, row_id: int) -> RowPapers:
    """How the papers that list this author row (at the cluster's name) were decided. Asked when the
    reviewer opens a row's menu: a pass over the cluster's papers, not kept up at every decision."""
    by_person: Counter = Counter()
    verdicts: Counter = Counter()
    for paper in contents.papers:
        if row_id not in paper.name_row_ids:
            continue
        state = contents.decisions.get(paper.paper_id)
        if state is None:
            verdicts[None] += 1
        elif state.verdict is Verdict.PERSON:
            by_person[state.person_id] += 1
        else:
            verdicts[state.verdict] += 1
    return RowPapers(by_person, verdicts[Verdict.REJECTED], verdicts[Verdict.UNSURE], verdicts[None])


def row_papers_line(papers: RowPapers, labels: dict[int, str]) -> str:
    """"Its 30 papers: 28 to Alex Biryukov, 1 not this name, 1 undecided" (people by their papers, most first)."""
    if not papers.total:
        return "The source does not say which papers it wrote"
    parts = [f"{count:,} to {labels.get(person, 'a removed person')}" for person, count in papers.by_person.most_common()]
    parts += [f"{count:,} {what}" for count, what in (
        (papers.rejected, "not this name"), (papers.unsure, "unsure"), (papers.undecided, "undecided")) if count]
    noun = "paper" if papers.total == 1 else "papers"
    return f"Its {papers.total:,} {noun}: " + ", ".join(parts)
