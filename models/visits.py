"""The clusters a reviewer has opened, to go back and forward through them as in a browser (Alt+Left, Alt+Right).

After Ctrl+N a reviewer often wants the cluster just left ("did I mark that
last paper?"): it is done, so Ctrl+N will not offer it again, and finding it
by name breaks the rhythm. Back takes them there; forward returns, each on the
paper the reviewer was on there (it opened on the first undecided one: paper #1
of a cluster begun, after an hour down its list). Any cluster opened again opens
on that paper too (Ctrl+N, the cluster list, and a restart, whose paper comes
from the settings as one left in the session before).
"""

from __future__ import annotations

VISITS_KEPT = 200  # back as far as this many clusters


class Visits:
    def __init__(self, kept: int = VISITS_KEPT):
        self._kept = kept
        self._back: list[int] = []
        self._forward: list[int] = []
        self.current: int | None = None
        self._papers: dict[int, int] = {}  # cluster id -> the paper current when the reviewer left it

    def left(self, cluster_id: int, paper_id: int) -> None:
        """The reviewer left `cluster_id` with `paper_id` current."""
        self._papers[cluster_id] = paper_id

    def paper_left_in(self, cluster_id: int) -> int | None:
        """The paper current when the reviewer last left `cluster_id`; None if never left (this session)."""
        return self._papers.get(cluster_id)

    def opened(self, cluster_id: int) -> None:
        """A cluster was opened (Ctrl+N, the list, a search, or back/forward itself)."""
        if cluster_id == self.current:
            return  # the cluster back/forward chose, now loaded; or the same one reloaded
        if self.current is not None:
            self._back.append(self.current)
            del self._back[: -self._kept]
        self._forward.clear()  # a new way from here, as in a browser
        self.current = cluster_id

    def back(self, exists=lambda _cluster_id: True) -> int | None:
        """The cluster before this one (skipping any `exists` says are gone); None at the start."""
        return self._step(self._back, self._forward, exists)

    def forward(self, exists=lambda _cluster_id: True) -> int | None:
        return self._step(self._forward, self._back, exists)

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def _step(self, source: list[int], other: list[int], exists) -> int | None:
        while source:
            cluster_id = source.pop()
            if cluster_id != self.current and exists(cluster_id):
                if self.current is not None:
                    other.append(self.current)
                self.current = cluster_id
                return cluster_id
        return None
