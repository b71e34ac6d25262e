"""Signs that a cluster or a person is really several people.

Each finding is a sentence a reviewer can act on. The limits are plain
numbers with the reason for each, not tuned on any data set.
"""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING

from models.queries import ClusterSummary, PaperRow
from models.review import of_its_papers

if TYPE_CHECKING:  # profiles imports this module; the type is all that is needed here
    from models.profiles import PersonStats

# A working life in research rarely spans more than this many years of papers.
LONGEST_CAREER = 50
# A silence this long inside one person's papers is more likely two people.
LONGEST_GAP = 20
# One person writing more than this many papers in a single year is rare.
MOST_IN_A_YEAR = 60
# A cluster this many times the typical size here (and at least this big) is likely mixed.
LARGE_FACTOR, LARGE_FLOOR = 5, 150
# The typical size is that of the clusters of the same source: what one source calls a cluster says
# nothing of another's (Arnetminer's files are ambiguous names chosen for study, 37 papers typically;
# dblp has every name, most of one paper), so importing another source leaves it as it was. A source
# with fewer clusters than this (an Arrow page or two) is compared with every source's.
FEWEST_PEERS = 5


def person_conflicts(stats: PersonStats) -> list[str]:
    """What looks wrong with one person, from its stats."""
    found = []
    if stats.first_year is not None and stats.last_year - stats.first_year > LONGEST_CAREER:
        found.append(f"papers from {stats.first_year} to {stats.last_year}: over {LONGEST_CAREER} years for one person")
    years = [year for year, count in stats.per_year if count]
    gaps = [(a, b) for a, b in zip(years, years[1:]) if b - a > LONGEST_GAP]
    if gaps:
        a, b = max(gaps, key=lambda gap: gap[1] - gap[0])
        found.append(f"no paper between {a} and {b}: two people of one name?")
    busiest = max(stats.per_year, key=lambda item: item[1], default=None)
    if busiest and busiest[1] > MOST_IN_A_YEAR:
        found.append(f"{busiest[1]} papers in {busiest[0]}: more than one person usually writes that many")
    if stats.twice:
        found.append(f"{of_its_papers(stats.twice, 'carries', 'carry')} the name twice: two people of this name wrote them")
    if stats.absent:
        found.append(f"{of_its_papers(stats.absent, 'does', 'do')} not list the name at all")
    return found


def is_absent(paper: PaperRow) -> bool:
    """Whether the paper does not list the name at all, where its source shows every author."""
    return not paper.name_positions and not any("visible" in warning for warning in paper.warnings)


def cluster_conflicts(cluster: ClusterSummary, all_clusters: list[ClusterSummary]) -> list[str]:
    if cluster.papers < LARGE_FLOOR:  # most clusters: no need to take the median of every cluster's size
        return []
    typical = typical_size(cluster, all_clusters)
    if typical and cluster.papers >= LARGE_FACTOR * typical:
        return [f"{cluster.papers:,} papers, {cluster.papers / typical:.0f} times a typical cluster here: likely several people"]
    return []


def typical_size(cluster: ClusterSummary, all_clusters: list[ClusterSummary]) -> float:
    """The median size of the clusters of `cluster`'s source (`FEWEST_PEERS`), 0 if there are none.

    Clusters of one paper are left out: a name met once tells nothing of how big a name's cluster
    is, and dblp's sample holds 361 of them among 616 names, which took the median to 1.
    """
    sized = [c for c in all_clusters if c.papers >= 2]
    peers = [c.papers for c in sized if c.source == cluster.source]
    if len(peers) < FEWEST_PEERS:
        peers = [c.papers for c in sized]
    return median(peers) if peers else 0
