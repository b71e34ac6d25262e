"""Deciding papers: one verdict for many papers, and notes on decisions.

Functions here record their changes on a `models.history.Action`, which the
store finishes and commits; so every decision is logged and undoable.
"""

from __future__ import annotations

import json
from typing import Iterable, Sequence

from sqlalchemy import Connection, bindparam, select

from models.errors import NotFoundError, PersonNotFound
from models.counting import counted  # also taken from here, as the window and the store always did
from models.db import Prepared, json_ids
from models.history import UNDECIDED, Action, Change, DecisionState, StateGroup, check_seen, decided_before, shared_state_of
from models.schema import ClusterPaper, Decision, Person, Verdict
from models.queries import ClusterSummary, Status

VERDICT_WORDS = {Verdict.PERSON: "this person", Verdict.REJECTED: "not this name", Verdict.UNSURE: "unsure", None: "undecided"}

# Leave each paper's note as it is.
KEEP_NOTE = object()
# What the history calls a suggested group accepted (into a new person or one it extends): it said "decide"
# and "create person", not what the reviewer did. Older logs keep those words.
ACCEPT_KIND = "accept suggestion"


def _states_query(cluster_id, paper_ids):
    """Each paper of the cluster among `paper_ids` with its decision if any (membership and state in one query)."""
    joined = (Decision.cluster_id == ClusterPaper.cluster_id) & (Decision.paper_id == ClusterPaper.paper_id)
    return (
        select(ClusterPaper.paper_id, Decision.verdict, Decision.person_id, Decision.note)
        .select_from(ClusterPaper)
        .outerjoin(Decision, joined)
        .where(ClusterPaper.cluster_id == cluster_id, paper_ids)
    )


# A single decision, the common case, asks for one paper; more papers go in as one JSON array:
# both prepared once (`models.db.Prepared`).
_ONE_STATE = Prepared(lambda: _states_query(bindparam("cluster"), ClusterPaper.paper_id == bindparam("paper")))
_LISTED_STATES = Prepared(lambda: _states_query(bindparam("cluster"), ClusterPaper.paper_id.in_(json_ids())))
_PERSON = Prepared(lambda: select(Person.cluster_id, Person.removed, Person.label).where(Person.id == bindparam("person")))


def current_states(conn: Connection, cluster_id: int, paper_ids: Iterable[int]) -> dict[int, DecisionState]:
    """The decision on each paper; `NotFoundError` for a paper not in the cluster.

    One query answers both (membership, then the decision if any), read as
    plain driver rows. One paper: a prepared query; more: one prepared query
    with the ids as a JSON array, from a few papers (~30 µs, where a query
    built with their ids took ~0.5 ms) to a bulk decision on 10,000. (Twenty
    queries of 500 ids took 50 ms. Reading the whole cluster's states instead
    costs what the cluster's size does: for 10,000 papers of 100,000, 60 ms
    for its query alone, where this takes 16.)
    """
    wanted = list(dict.fromkeys(paper_ids))
    if len(wanted) == 1:
        rows = _ONE_STATE.rows(conn, cluster=cluster_id, paper=wanted[0])
    else:
        rows = _LISTED_STATES.rows(conn, cluster=cluster_id, ids=json.dumps(wanted))
    shared = shared_state_of()
    found = {paper_id: shared(verdict, person_id, note) for paper_id, verdict, person_id, note in rows}
    missing = [paper_id for paper_id in wanted if paper_id not in found]
    if missing:
        raise NotFoundError(f"papers {missing[:5]} are not in cluster {cluster_id}")
    return {paper_id: found[paper_id] for paper_id in wanted}


def states_before(action: Action, paper_ids: Iterable[int]) -> dict[int, DecisionState]:
    """The papers' states before this change: as the store knows them if it does (`models.known_states`), else read."""
    paper_ids = list(paper_ids)
    known = action.known_states(paper_ids)
    return known if known is not None else current_states(action.conn, action.cluster_id, paper_ids)


def check_person(conn: Connection, cluster_id: int, person_id: int) -> None:
    """`PersonNotFound` unless the person is one of the cluster's live people; it is named by its label, as
    the reviewer knew it (the id was all the message said: "person 17 is not a person of cluster 3")."""
    rows = _PERSON.rows(conn, person=person_id)
    if not rows:
        raise PersonNotFound(person_id, None, "is not in the database (a backup restored since?)")
    (person_cluster, removed, label), = rows
    if person_cluster != cluster_id:
        raise PersonNotFound(person_id, label, "is a person of another cluster, not of this one")
    if removed:
        why = "is no longer a person of this cluster: it was removed (or merged into another) since, in another window or by another reviewer"
        raise PersonNotFound(person_id, label, why)


def decide(
    action: Action, paper_ids: Iterable[int], verdict: Verdict | None, person_id: int | None = None, note=KEEP_NOTE,
    expected: dict[int, DecisionState | None] | None = None,
) -> None:
    """Set one decision on every paper given; `verdict=None` makes them undecided.

    With `expected` (the states the reviewer was looking at), papers changed
    elsewhere since raise `ConflictError` and nothing is written.
    """
    if verdict is Verdict.PERSON:
        if person_id is None:
            raise ValueError("a person decision needs the person")
        check_person(action.conn, action.cluster_id, person_id)
    current = states_before(action, paper_ids)
    if expected is not None:
        check_seen(action, current, expected, "decide")
    # Papers grouped by their current state object, the new state made once a group: a bulk
    # decision's 10,000 papers share a few state objects (hashing a dataclass costs a Python call).
    groups: dict[int, StateGroup] = {}
    for paper_id, state in current.items():
        group = groups.get(id(state))
        if group is None:
            group = groups[id(state)] = ((state, _decided(state, verdict, person_id, note)), [])
        group[1].append(paper_id)
    action.set_groups(list(groups.values()), current)


def _decided(state: DecisionState, verdict: Verdict | None, person_id: int | None, note) -> DecisionState:
    if verdict is None:
        return UNDECIDED
    kept_note = state.note if note is KEEP_NOTE else (note or None)
    return DecisionState(verdict, person_id if verdict is Verdict.PERSON else None, kept_note)


def person_meant(verdict: Verdict | None, person_id: int | None, people: Sequence) -> int | None:
    """The person a decision is for: Y (this person, none named) means the first of the cluster's `people` (in id order,
    the one `models.people.first_person` writes to); None while it has none (the decision creates it)."""
    if verdict is Verdict.PERSON and person_id is None and people:
        return people[0].id
    return person_id


def changes_nothing(states: Iterable[DecisionState | None], verdict: Verdict | None, person_id: int | None = None) -> bool:
    """Whether deciding papers in these states (None: undecided) leaves every one as it is: Y on a paper already the
    first person's, U on an unsure one. `decide` writes nothing then, and the log gets no step to undo."""
    return all(_decided(state or UNDECIDED, verdict, person_id, KEEP_NOTE) == (state or UNDECIDED) for state in states)


def nothing_to_save(numbers: str, count: int, verdict: Verdict | None, person_label: str | None = None) -> str:
    """What a decision that changes nothing says: "Paper 2 is already Cheng Chang: nothing to save." (it said "Saved:
    this person"); `numbers` names its papers ("paper 2", `paper_numbers`), `count` of them."""
    words = decision_words(verdict, person_label)
    if verdict is Verdict.REJECTED:  # a name for the verdict, not a description of the paper
        words = f"'{words}'"
    papers = f"{numbers[:1].upper()}{numbers[1:]}" if numbers else f"The {papers_count(count)}"
    return f"{papers} {'is' if count == 1 else 'are'} already {words}: nothing to save."


def annotate(
    action: Action, paper_ids: Iterable[int], note: str | None, expected: dict[int, DecisionState | None] | None = None,
) -> None:
    """Put a note on the decisions of these papers (undecided papers cannot carry one).

    With `expected` (the states the reviewer saw when they began the note), papers changed elsewhere since
    raise `ConflictError` and nothing is written: the note is about the decision they saw, not another's.
    """
    current = states_before(action, paper_ids)
    if expected is not None:
        check_seen(action, current, expected, "put the note")
    target = {
        paper_id: DecisionState(state.verdict, state.person_id, note or None) if state.decided else state
        for paper_id, state in current.items()
    }
    action.set_decisions(current, target)


def papers_count(count: int) -> str:
    return counted(count, "paper")


def of_its_papers(count: int, one: str, many: str) -> str:
    """"1 of its papers is", "2 of its papers are": the verb agrees with the count, not with "papers" ("1 of
    its papers are in ACM Queue", a fit's reason, read wrong)."""
    return f"{count:,} of its papers {one if count == 1 else many}"


# A line names this many papers by number at most, then says how many more.
NAMED_PAPERS = 5


def paper_numbers(positions: Iterable[int]) -> str:
    """Papers as the # column numbers them (from 1): "paper 2", "papers 2, 5 and 9", "papers 1, 2, 3, 4, 5 and 12 more"; "" for none."""
    numbers = [f"{position + 1:,}" for position in sorted(positions)]
    if not numbers:
        return ""
    noun = "paper" if len(numbers) == 1 else "papers"
    if len(numbers) > NAMED_PAPERS:
        numbers = [*numbers[:NAMED_PAPERS], f"{len(numbers) - NAMED_PAPERS:,} more"]
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    return f"{noun} {listed}"


def refused_as_stale(numbers: str, changed: int, by: str, what: str) -> str:
    """Why a change was refused whole: `numbers` ("paper 3", `paper_numbers`) of its papers, `changed` of them,
    were changed since the window showed them, `by` whom ("" unknown); `what` the change ("7 papers → unsure")."""
    verb = "was" if changed == 1 else "were"
    who = f" by {by}" if by else ", by another reviewer or window"
    return f"{numbers[:1].upper()}{numbers[1:]} {verb} changed since{who}: nothing of '{what}' was saved (a change is saved whole or not at all)."


def completion_note(before: ClusterSummary | None, after: ClusterSummary) -> str | None:
    """What a change that finished the cluster says next (`before` and `after` it), else None: that it is done,
    or that every paper has a decision but unsure ones keep it open (it read "done" over unsure papers)."""
    if after.status is Status.DONE:
        return None if before is not None and before.status is Status.DONE else "the cluster is done: Ctrl+N opens the next one not done."
    if after.all_decided and (before is None or not before.all_decided):
        them = "it is" if after.unsure == 1 else "they are"
        return f"every paper has a decision, {after.unsure:,} unsure: the cluster is done once {them} decided."
    return None


def next_to_review_note(found: str | None, numbers: str, left: ClusterSummary, hidden_by: str) -> str:
    """What Ctrl+J says, having gone to the next undecided paper (`found` "undecided": nothing to say), else to the next
    unsure one ("unsure", the paper `numbers` names: "paper 12"), or to neither (None). `left` is the cluster's counts,
    `hidden_by` what keeps papers out of the table and the key that shows them ("the view “Unsure”: Ctrl+0 shows all
    papers"; "" for nothing). With no undecided paper left, Ctrl+J did nothing and said nothing, though the status
    line had just said an unsure paper kept the cluster open."""
    undecided = left.papers - left.decided
    if found == "undecided":
        return ""
    if found == "unsure":
        if undecided and hidden_by:
            return f"No undecided paper shown: {numbers} is unsure ({counted(undecided, 'undecided paper')} hidden by {hidden_by})"
        return f"No undecided paper left: {numbers} is unsure"
    if left.status is Status.DONE:
        return "No undecided or unsure paper left: the cluster is done (Ctrl+N opens the next one not done)."
    unsure = f"{left.unsure:,} unsure" if left.unsure else ""
    waiting = " and ".join(filter(None, [counted(undecided, "undecided paper") if undecided else "", unsure]))
    if hidden_by:
        return f"No undecided or unsure paper shown: {waiting} hidden by {hidden_by}."
    return f"No undecided or unsure paper shown; the cluster has {waiting}."  # the table and the counts disagree: said as it is


def decision_words(verdict: Verdict | None, person_label: str | None = None) -> str:
    """A decision as one of its papers says it: "Barry Wilkinson", "not this name"."""
    return person_label if verdict is Verdict.PERSON and person_label else VERDICT_WORDS[verdict]


def decision_label(count: int, verdict: Verdict | None, person_label: str | None = None) -> str:
    return f"{papers_count(count)} → {decision_words(verdict, person_label)}"


def replaced_words(change: Change, *, selected: int) -> str:
    """What a decision of `selected` papers said nothing of: how many had another decision it replaced
    ("; 6 of them had another decision (Ctrl+Z takes it back)"); "" when none did, or for one paper, which the
    reviewer sees. Ctrl+A 2 over a filter turned 2 papers of person 1, 2 "not this name" and 2 unsure into
    person 2 under "Saved: 7,356 papers → Wei J. Zhang (2)".

    Counted against the papers selected, as the status line's label counts them: the change holds only the
    papers it changed, so 3 unsure and 2 rejected papers made unsure read "all of them" (2 did)."""
    replaced = decided_before(change)  # a paper keeping its decision is not in the change
    if not replaced or selected < 2:
        return ""
    which = "all of them" if replaced == selected else f"{replaced:,} of them"
    return f"; {which} had another decision (Ctrl+Z takes it back)"


def naming_its_paper(label: str, numbers: str) -> str:
    """A decision's label (`decision_label`) with its one paper named by `numbers` ("paper 3,631", `paper_numbers`):
    "Saved: 1 paper → not this name" did not show that the key had decided a paper out of sight. A label of
    several papers stays as it is."""
    one_paper = f"{papers_count(1)} → "
    return f"{numbers} → {label[len(one_paper):]}" if numbers and label.startswith(one_paper) else label


def undone_line(done: str, label: str, numbers: str, changed: int, hidden: int, hidden_by: str) -> str:
    """What an undo or redo says (`done` "Undone" or "Redone"): its step's label with its `changed` papers named as a
    save names them (`numbers`, `paper_numbers`: "Undone: paper 36 → John Hale (Parsing)", "Undone: 31 papers →
    Thomas Meyer (papers 1, 2, 3, 4, 5 and 26 more)"), and how many of them the table hides, and what hides them
    (`hidden_by`, as `PapersPane.hidden_by` says it). It named no paper, and said nothing of one the filter hid."""
    said = naming_its_paper(label, numbers)
    if numbers and said == label:
        said = f"{label} ({numbers})"
    if hidden and hidden_by:
        which = "hidden" if hidden == changed == 1 else "all hidden" if hidden == changed else f"{hidden:,} of them hidden"
        said = f"{said}; {which} by {hidden_by}"
    return f"{done}: {said}"


def seen_behind(shown: dict[int, DecisionState | None], saved_ahead: list[Change | None]) -> dict[int, DecisionState | None]:
    """The states a change queued behind the reviewer's own waiting changes is checked against when it is written:
    as the reviewer saw its papers (`shown`), except those a change ahead of it has since written (`saved_ahead`,
    oldest first; None for one not written: refused, or taken back), which they saw as that change leaves them
    ("◷"). Checked against `shown` alone, N waiting then Y on the same paper was refused once the N was saved, as
    changed since by "you in another window"; a change ahead that wrote nothing leaves the check on `shown`."""
    seen = dict(shown)
    for change in saved_ahead:
        if change is not None:
            seen.update((paper_id, state) for paper_id, state in change.decisions.items() if paper_id in shown)
    return seen


def note_label(count: int, note: str | None) -> str:
    """The history's label of a note put on (or taken off) `count` papers' decisions."""
    return f"note {'on' if note else 'removed from'} {papers_count(count)}"


def new_person_label(count: int, person_label: str | None) -> str:
    """The history's label of a new person holding `count` papers; without its label while it waits to be saved."""
    return f"{new_person_words(person_label)} with {papers_count(count)}"


def new_person_words(person_label: str | None) -> str:
    return f"new person {person_label}" if person_label else "new person"
