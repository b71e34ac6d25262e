"""Why a group was suggested, in words a reviewer reads, and how sure the engine is."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from models.review import papers_count
from models.suggest import text
from models.suggest.features import PaperFeatures
from models.suggest.groups import Group, Link
from models.suggest.inputs import Level, PaperInput
from models.suggest.names import middle_initials

# How often a join of each kind was right (same majority person) on the
# design data; see /work/scratch/v2/calib.py. Measured there: 1,062 coauthor
# joins on the design Arnetminer names, 99.9% right (0.99 is kept, to be
# modest), and 455 on LBD "A. Gupta", where names are initials only, 97.8%
# right; 306 similarity joins, 84% right, from about 68% at the threshold to
# 100% above a score of 0.4.
COAUTHOR_CONFIDENCE = 0.99
INITIALS_CONFIDENCE = 0.97
# Papers joined for spelling the own name alike in full, in a cluster named by
# initials: 325 of 358 such links on LBD "A. Gupta" joined one true person
# (/work/scratch/s6/spellcal.py).
SPELLING_CONFIDENCE = 0.9
# P(right) of a similarity merge with score s (similarity plus share prior):
# 1 / (1 + exp(-(A + B * s))), a logistic fit to those 306 joins.
SIMILAR_INTERCEPT = -0.26
SIMILAR_SLOPE = 9.88
HIGH, MEDIUM = 0.9, 0.7


def link_confidence(link: Link) -> float:
    if link.kind == "person":
        return 1.0
    if link.kind == "coauthor":
        initials = bool(link.names) and all(map(text.is_abbreviated, link.names))
        return INITIALS_CONFIDENCE if initials else COAUTHOR_CONFIDENCE
    if link.kind == "spelling":
        return SPELLING_CONFIDENCE
    return 1.0 / (1.0 + math.exp(-(SIMILAR_INTERCEPT + SIMILAR_SLOPE * link.score)))


def confidence(group: Group) -> tuple[Level, float]:
    """The expected share of the group's papers that belong to its main person.

    Each join may be wrong with probability 1 - `link_confidence`; a wrong
    join misplaces the papers of its smaller side. The score is 1 minus the
    expected misplaced papers over the group's size.
    """
    misplaced = sum((1.0 - link_confidence(link)) * link.size for link in group.links)
    score = max(0.0, 1.0 - misplaced / len(group.members))
    level = Level.HIGH if score >= HIGH else Level.MEDIUM if score >= MEDIUM else Level.LOW
    return level, round(score, 3)


def _most_common(counts: Counter) -> list[tuple[str, int]]:
    """Most common first, ties in alphabetical order: counted from sets, `Counter.most_common` broke ties
    by the sets' order, which changes with each process's string hashing, so a group's reasons listed
    other coauthors and words each time the window started."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _listing(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" (+{len(names) - limit:,} more)" if len(names) > limit else "")


def _years(papers: Sequence[PaperInput]) -> str:
    years = sorted(p.year for p in papers if p.year)
    if not years:
        return ""
    return f", {years[0]}" if years[0] == years[-1] else f", years {years[0]}–{years[-1]}"


def coauthor_reason(papers: Sequence[PaperInput], keys_of: Sequence[frozenset[str]]) -> str | None:
    """The coauthors the papers share, as most of them write each; `keys_of` holds each paper's
    coauthor keys as stage 1 linked them (`features.coauthor_keys`)."""
    spelled: dict[str, Counter] = {}
    for paper, keys in zip(papers, keys_of):
        for name in paper.coauthors:
            key = text.link_key(name)
            if key not in keys and (parts := middle_initials(key)) is not None:
                key = " ".join(parts[0])  # linked without its middle initials
            spelled.setdefault(key, Counter())[name] += 1
    counts = Counter(key for keys in keys_of for key in keys)
    shared = [key for key, count in _most_common(counts) if count >= 2]
    if not shared:
        return None
    wanted = set(shared)
    covered = sum(1 for keys in keys_of if keys & wanted)
    names = [spelled[key].most_common(1)[0][0] for key in shared]
    return f"{papers_count(covered)} share coauthors {_listing(names)}"


def spelling_reason(papers: Sequence[PaperInput], links: Sequence[Link]) -> str | None:
    """The full spellings of the own name that joined papers ("12 papers spell the name Anoop Gupta")."""
    joined = {key for link in links if link.kind == "spelling" for key in link.names}
    if not joined:
        return None
    spelled = Counter(p.own_name for p in papers if p.own_name and text.name_key(p.own_name) in joined)
    names = [name for name, _count in spelled.most_common()]
    return f"{papers_count(sum(spelled.values()))} spell the name {_listing(names)}"


def venue_reason(papers: Sequence[PaperInput]) -> str | None:
    series: dict[str, list[PaperInput]] = {}
    for paper in papers:
        key = text.venue_key(paper.venue)
        if key:
            series.setdefault(key, []).append(paper)
    shared = sorted((items for items in series.values() if len(items) >= 2), key=len, reverse=True)
    if not shared:
        return None
    members = [p for items in shared for p in items]
    names = [text.series_name(Counter(p.venue for p in items).most_common(1)[0][0]) for items in shared]
    return f"{papers_count(len(members))} in venue series {_listing(names)}{_years(members)}"


def topic_reason(papers: Sequence[PaperInput]) -> str | None:
    spelled: dict[str, Counter] = {}
    documents: Counter = Counter()
    for paper in papers:
        seen = set()
        for word in text.words(paper.title):
            stem = text.stem(word)
            spelled.setdefault(stem, Counter())[word] += 1
            seen.add(stem)
        documents.update(seen)
    enough = max(2, math.ceil(0.1 * len(papers)))
    shared = [stem for stem, count in _most_common(documents) if count >= enough]
    if not shared:
        return None
    words = [spelled[stem].most_common(1)[0][0] for stem in shared]
    return f"titles share the words {_listing(words, 5)}"


def affiliation_reason(papers: Sequence[PaperInput]) -> str | None:
    counts = Counter(a for p in papers for a in set(p.affiliations))
    shared = [(name, count) for name, count in _most_common(counts) if count >= 2]
    if not shared:
        return None
    name, count = shared[0]
    return f"{papers_count(count)} list the affiliation {name}"


def explain(
    group: Group, shown: Sequence[int], papers: Sequence[PaperInput], features: Sequence[PaperFeatures],
    decided: set[int], person: int | None,
) -> tuple[str, ...]:
    """The reasons, counted over `shown`: the group's members less those not suggested (unsure), so no
    count is more than the papers suggested plus the person's decided ones, whose total the first reason
    gives ("2 papers → Shengen Yan" said "6 papers share coauthors", counting an unsure paper)."""
    members = [papers[m] for m in shown]
    reasons = []
    if person is not None:
        known = sum(1 for m in shown if m in decided)
        added = len(shown) - known
        joined = "this one" if added == 1 else f"these {added:,}"
        reasons.append(f"joins a person you made ({papers_count(known)} decided, {len(shown):,} with {joined})")
    coauthor_keys = [features[m].coauthors for m in shown]
    venue, affiliation, topic = venue_reason(members), affiliation_reason(members), topic_reason(members)
    reasons += [r for r in (
        spelling_reason(members, group.links), coauthor_reason(members, coauthor_keys), venue, affiliation, topic,
    ) if r]
    if not any(link.kind in ("coauthor", "spelling") for link in group.links) and len(members) > 1:
        # Name what the papers do share: papers without venues were said to be "joined on venue and topic".
        shared = [what for what, found in (("venue", venue), ("affiliation", affiliation), ("title words", topic)) if found]
        reasons.append(f"no shared coauthor: joined on {' and '.join(shared) if shared else 'similar words'} only")
    return tuple(reasons)
