"""Keys pressed while another cluster opens wait for it, and then act on it.

A big cluster takes up to a second or two to load off the GUI thread; until
it comes, the papers pane still shows the cluster being left. A decision key
pressed then ("open, then Y") was saved in that cluster, on a paper the
reviewer no longer meant and soon no longer saw, and the status line named a
paper number the new cluster does not have. The keys that act on papers, the
suggestions or the undo history, and those choosing the papers shown and their
order, are held while a cluster opens, and run in the order they came once its
papers show (on the paper it opens on: the one the reviewer left there, else
its first undecided). A load that fails drops them: they were meant for it.
The paper filter (Ctrl+F) is not held: it changes nothing, and the letters
typed after it must reach its box, not the table.
"""

from __future__ import annotations

from collections.abc import Callable

from gui.actions import ASSIGN_KEYS, DECIDING, MOVING, SUGGESTING, VIEWING
from models.counting import counted

# The actions that act on the open cluster: run against the one being left, they would change it. The views and
# orders too: the opening shows every paper, and out of Fit order, so Ctrl+I and Ctrl+T, not held, were lost
# where Ctrl+U waited for the cluster (the other sorts re-sorted the cluster being left).
# Not the paper filter (Ctrl+F, "find"): its letters must reach its box.
HELD_WHILE_OPENING = frozenset({
    *DECIDING, *MOVING, *VIEWING, *SUGGESTING, "undo", "redo", "history", *(f"assign_{n}" for n in range(1, ASSIGN_KEYS + 1)),
}) - {"find"}


class HeldWhileOpening:
    """Holds the handlers of `HELD_WHILE_OPENING` while `opening()` gives the id of a cluster being opened; `say`
    tells the reviewer once per opening, naming it by `name_of`. Connect `run_held` after everything that shows a
    loaded cluster, and `drop_held` to a load that failed."""

    def __init__(self, opening: Callable[[], int | None], name_of: Callable[[int], str], say: Callable[[str], None]):
        self._opening = opening
        self._name_of = name_of
        self._say = say
        self._held: list[tuple[int, Callable[[], None]]] = []  # the cluster each key was pressed for, and its action

    def wrap(self, name: str, handler: Callable[[], None]) -> Callable[..., None]:
        if name not in HELD_WHILE_OPENING:
            return handler

        def held_or_run(*_args) -> None:  # `triggered` passes `checked`
            opening = self._opening()
            if opening is None:
                handler()
                return
            if not self._held:
                self._say(f"Opening {self._name_of(opening)}: the keys wait for its papers, and then act on them.")
            self._held.append((opening, handler))

        return held_or_run

    @property
    def holding(self) -> int:
        return len(self._held)

    def run_held(self, contents) -> None:
        """`contents` has loaded and shows: run the keys pressed for it. Keys pressed for a cluster another opening
        replaced before it showed are dropped, and that is said: they were meant for papers never shown."""
        held, self._held = self._held, []
        meant_elsewhere = [cluster_id for cluster_id, _handler in held if cluster_id != contents.cluster.id]
        for cluster_id, handler in held:
            if cluster_id != contents.cluster.id:
                continue
            if self._opening() is not None:  # a held key opened yet another cluster: the rest wait for that one
                self._held.append((cluster_id, handler))
                continue
            handler()
        if meant_elsewhere:
            self._say(f"Not done: {counted(len(meant_elsewhere), 'key')} pressed while {self._name_of(meant_elsewhere[0])} was opening, "
                      f"before {contents.cluster.name} was opened instead.")

    def drop_held(self, *_failure) -> None:
        if self._opening() is None:
            self._held.clear()
