"""The one path from the GUI to the store.

Every change a reviewer makes goes through a `ReviewSession` method, which
calls the store (the store commits before returning) and then announces
the result once, on `changed`. Views refresh from that notice alone, so no
widget needs to know which other widgets show the same data. Loading and
importing run on worker threads; their results arrive as signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import SQLAlchemyError

from gui.workers import BackgroundRunner
from models.errors import NamesakeError
from models.history import Change
from models.queries import ClusterContents, ClusterSummary, HistoryEntry
from models.review import KEEP_NOTE
from models.schema import Verdict
from models.store import Store

# What a failed store call can raise that a reviewer should hear about.
STORE_ERRORS = (NamesakeError, SQLAlchemyError, OSError)


class ReviewSession(QObject):
    changed = Signal(object)  # models.history.Change, after it is committed
    cluster_loaded = Signal(object)  # models.queries.ClusterContents
    clusters_listed = Signal(list)  # list[ClusterSummary]
    imported = Signal(list)  # list[FileReport]
    busy = Signal(str)  # what runs in the background; "" when nothing does
    failed = Signal(str, str)  # title, message

    def __init__(self, store: Store, runner: BackgroundRunner | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.runner = runner or BackgroundRunner(parent=self)
        self.contents: ClusterContents | None = None
        self._requested: int | None = None  # the cluster open or being loaded
        self._load_generation = 0

    @property
    def cluster(self) -> ClusterSummary | None:
        return self.contents.cluster if self.contents else None

    # Reading, in the background ------------------------------------------

    def list_clusters(self) -> None:
        self.clusters_listed.emit(self.store.clusters())

    def open_cluster(self, cluster_id: int, reload: bool = False) -> None:
        """Load a cluster off the GUI thread; `cluster_loaded` brings it.

        Asking again for the cluster that is open or loading does nothing
        (views ask whenever their current row moves), unless `reload`.
        """
        if cluster_id == self._requested and not reload:
            return
        self._requested = cluster_id
        self._load_generation += 1
        generation = self._load_generation
        self.busy.emit("Loading cluster…")
        self.runner.start(
            lambda: self.store.load_cluster(cluster_id),
            lambda contents: self._loaded(generation, contents),
            lambda error: self._load_failed(generation, error),
        )

    def _loaded(self, generation: int, contents: ClusterContents) -> None:
        if generation != self._load_generation:
            return  # the reviewer has asked for another cluster since
        self.contents = contents
        self.busy.emit("")
        self.cluster_loaded.emit(contents)

    def _load_failed(self, generation: int, error: Exception) -> None:
        if generation == self._load_generation:
            self._requested = self.contents.cluster.id if self.contents else None
            self._background_failed("Could not open the cluster", error)

    def import_files(self, paths: Sequence[str | Path]) -> None:
        self.busy.emit(f"Importing {len(paths)} file(s)…")
        self.runner.start(
            lambda: self.store.import_files(paths),
            self._imported,
            lambda error: self._background_failed("Import failed; nothing was changed", error),
        )

    def _imported(self, reports: list) -> None:
        self.busy.emit("")
        self.imported.emit(reports)
        self.list_clusters()
        if self.contents:
            self.open_cluster(self.contents.cluster.id, reload=True)

    def _background_failed(self, title: str, error: Exception) -> None:
        self.busy.emit("")
        self.failed.emit(title, str(error))

    def paper_history(self, paper_id: int) -> list[HistoryEntry]:
        return self.store.paper_history(self.contents.cluster.id, paper_id) if self.contents else []

    # Changing, committed before it is announced ------------------------------

    def decide(self, paper_ids: Sequence[int], verdict: Verdict | None, person_id: int | None = None, note=KEEP_NOTE) -> Change | None:
        if not paper_ids:
            return None
        return self._apply("The decision was not saved", lambda c: self.store.decide(c, paper_ids, verdict, person_id, note))

    def annotate(self, paper_ids: Sequence[int], note: str | None) -> Change | None:
        return self._apply("The note was not saved", lambda c: self.store.annotate(c, paper_ids, note)) if paper_ids else None

    def create_person(self, paper_ids: Sequence[int]) -> Change | None:
        return self._apply("The person was not created", lambda c: self.store.create_person(c, paper_ids))

    def edit_person(self, person_id: int, **fields: str | None) -> Change | None:
        return self._apply("The person was not changed", lambda c: self.store.edit_person(c, person_id, **fields))

    def merge_people(self, keep_id: int, merged_id: int) -> Change | None:
        return self._apply("The people were not merged", lambda c: self.store.merge_people(c, keep_id, merged_id))

    def remove_person(self, person_id: int) -> Change | None:
        return self._apply("The person was not removed", lambda c: self.store.remove_person(c, person_id))

    def link_author_row(self, row_id: int, person_id: int | None, mixed: bool = False) -> Change | None:
        return self._apply("The author row was not changed", lambda c: self.store.link_author_row(c, row_id, person_id, mixed))

    def undo(self) -> Change | None:
        return self._apply("Undo failed", self.store.undo)

    def redo(self) -> Change | None:
        return self._apply("Redo failed", self.store.redo)

    def undo_redo_labels(self) -> tuple[str | None, str | None]:
        return self.store.undo_redo_labels(self.contents.cluster.id) if self.contents else (None, None)

    def _apply(self, failure: str, call: Callable[[int], Change | None]) -> Change | None:
        if not self.contents:
            return None
        try:
            change = call(self.contents.cluster.id)
        except STORE_ERRORS as error:
            self.failed.emit(failure, str(error))
            return None
        if change is None or change.empty:
            return change
        self._remember(change)
        self.changed.emit(change)
        return change

    def _remember(self, change: Change) -> None:
        """Keep the loaded contents equal to the database after a change."""
        decisions = self.contents.decisions
        for paper_id, state in change.decisions.items():
            if state.decided:
                decisions[paper_id] = state
            else:
                decisions.pop(paper_id, None)
        self.contents.cluster = self.store.cluster(change.cluster_id)
        self.contents.people = self.store.people(change.cluster_id)
        if change.author_rows or change.people:
            self.contents.author_rows = self.store.author_rows(change.cluster_id)
