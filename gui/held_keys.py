"""Keys pressed while another cluster opens wait for it, and then act on it.

A big cluster takes up to a second or two to load off the GUI thread; until
it comes, the papers pane still shows the cluster being left. A decision key
pressed then ("open, then Y") was saved in that cluster, on a paper the
reviewer no longer meant and soon no longer saw, and the status line named a
paper number the new cluster does not have. The keys that act on papers, the
suggestions or the undo history are held while a cluster opens, and run in
the order they came once its papers show (on its first undecided paper, as
opening promises). A load that fails drops them: they were meant for it.
The paper filter (Ctrl+F) is not held: it changes nothing, and the letters
typed after it must reach its box, not the table.
"""

from __future__ import annotations

from collections.abc import Callable

from gui.actions import ASSIGN_KEYS

# The actions that act on the open cluster: run against the one being left, they would change it.
HELD_WHILE_OPENING = frozenset({
    "decide_person", "decide_rejected", "decide_unsure", "decide_clear", "new_person", "note",
    "accept_suggestion", "dismiss_suggestion", "undo", "redo", "next_paper", "previous_paper", "next_undecided",
    "history", "show_all", "show_undecided", *(f"assign_{n}" for n in range(1, ASSIGN_KEYS + 1)),
})


class HeldWhileOpening:
    """Holds the handlers of `HELD_WHILE_OPENING` while `opening()` names a cluster being opened; `say` tells the
    reviewer once per opening. Connect `run_held` after everything that shows a loaded cluster, and `drop_held`
    to a load that failed."""

    def __init__(self, opening: Callable[[], str | None], say: Callable[[str], None]):
        self._opening = opening
        self._say = say
        self._held: list[Callable[[], None]] = []

    def wrap(self, name: str, handler: Callable[[], None]) -> Callable[..., None]:
        if name not in HELD_WHILE_OPENING:
            return handler

        def held_or_run(*_args) -> None:  # `triggered` passes `checked`
            opening = self._opening()
            if opening is None:
                handler()
                return
            if not self._held:
                self._say(f"Opening {opening}: the keys wait for its papers, and then act on them.")
            self._held.append(handler)

        return held_or_run

    @property
    def holding(self) -> int:
        return len(self._held)

    def run_held(self, *_loaded) -> None:
        held, self._held = self._held, []
        for handler in held:
            if self._opening() is not None:  # a held key opened yet another cluster: the rest wait for that one
                self._held.append(handler)
                continue
            handler()

    def drop_held(self, *_failure) -> None:
        if self._opening() is None:
            self._held.clear()
