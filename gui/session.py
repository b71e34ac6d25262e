"""The one path from the GUI to the store.

Every change a reviewer makes goes through a `ReviewSession` method, which
calls the store (the store commits before returning) and then announces
the result once, on `changed`. Views refresh from that notice alone, so no
widget needs to know which other widgets show the same data. Loading and
importing run on worker threads; their results arrive as signals.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from gui.workers import BackgroundRunner, DisposableRunner, keep_gui_responsive
from models.cluster_listing import ClusterListing
from models.db import brief_lock_waits
from models.errors import ConflictError, DatabaseDamaged, DatabaseLost, ExportCancelled, NamesakeError, PersonNotFound, StepRefused, WriteRefused
from models.garbage import rare_collections
from models.history import UNDECIDED, Change, DecisionState
from models.importing import ImportCancelled, ImportOptions, ImportStatus
from models.outdated import ChangesSince, outdated_by, people_standing, still_standing
from models.queries import ClusterContents, ClusterSummary, HistoryEntry, import_changed
from models.review import (
    ACCEPT_KIND, KEEP_NOTE, changes_nothing, counted, decision_label, decision_words, new_person_label, new_person_words, note_label,
    paper_numbers, person_meant, refused_as_stale, seen_behind,
)
from models.schema import Verdict
from models.stopping import Stopped, stop_if_asked, stop_when
from models.store import ImportOutcome, Store

if TYPE_CHECKING:
    from models.evidence import EvidenceIndex, Fit, Reusable
    from models.suggestions import GroupSuggestion

T = TypeVar("T")

# A write the disk refused (read-only, full, I/O error, locked by another program) may work later: retry it.
# Every write the session makes goes through `models.db.writing`, which turns SQLite's refusal codes, and only
# those, into WriteRefused; caught before FINAL_ERRORS, whose NamesakeError it is. Another program's lock is
# waited for only a frame or so (`_save`): then the change is kept pending.
TRANSIENT_ERRORS = (WriteRefused,)
# Anything else is final: said once, nothing kept pending. A database fault ("no such table", a damaged file)
# would fail the same way at every retry; statements run through `Prepared` raise the driver's own errors.
FINAL_ERRORS = (NamesakeError, SQLAlchemyError, sqlite3.Error)
RETRY_MS = 2_000
# The `PendingChange.what` of a waiting undo.
UNDO_WHAT = "undo"
SAVED_UNDO = "saved undo"  # in `ReviewSession._redoable`: an undo the store made, whose redo is the store's
# After a change, wait this long for the next one before recomputing suggestions.
ANALYSE_AFTER_MS = 400
# Suggestions are computed by themselves up to this many papers (10,000 take about 9 s);
# a bigger cluster gets them when the reviewer asks, since they take minutes and memory.
AUTO_ANALYSE_PAPERS = 10_000
# A change stops the analysis running (it would be out of date) only this many times in a row: the next one
# runs to its end while changes come, and is shown without the groups they outdated. Stopped at every change, a
# 20,000-paper cluster's (19 s) never came while the reviewer decided a paper every 3.4 s.
STOPS_BEFORE_FINISHING = 2
# How often to look for changes another window or program made to the database.
WATCH_MS = 2_000
# How often a long export says how far it has come.
EXPORT_PROGRESS_S = 0.5
# Others' changes to up to this many clusters are read cluster by cluster (~1 ms each); more, and every
# cluster is listed again, off the GUI thread.
FEW_CLUSTERS = 50


@dataclass
class Analysis:
    """What the engine and the evidence say about the open cluster, computed off the GUI thread."""

    cluster_id: int
    suggestions: list[GroupSuggestion]  # models.suggestions.GroupSuggestion
    review_order: list[int]  # paper ids, the one to decide next first
    best_fits: dict[int, Fit]  # paper id → the person it fits best (models.evidence.Fit)
    evidence: EvidenceIndex  # handed to the GUI thread, used only there afterwards
    seconds: float
    behind: bool = False  # of the cluster before changes made while it ran (`caught_up`): the next one follows


def analyse(contents: ClusterContents, abstracts: dict[int, str], reuse: Reusable | None = None) -> Analysis:
    """The suggestions, the review-next order and the evidence; `reuse`: what the last analysis of the
    same loaded cluster worked out for its papers (`EvidenceIndex.reusable`)."""
    # The engine loads on the analysis thread, not at start-up.
    from models.evidence import EvidenceIndex, column_fits
    from models.suggestions import suggestions_and_order

    started = time.monotonic()
    with rare_collections():  # most of what it makes lives until it ends
        evidence = EvidenceIndex(contents, abstracts, reuse)
        best = column_fits(contents, evidence) if contents.people else {}
        stop_if_asked()
        evidence.prepare()
        suggestions, order = suggestions_and_order(contents, abstracts)
        return Analysis(contents.cluster.id, suggestions, order, best, evidence, time.monotonic() - started)


def analyse_unless_outdated(
    contents: ClusterContents, store: Store, reuse: Reusable | None, outdated: Callable[[], bool]
) -> Analysis | None:
    """`analyse`, on the analysis thread; None as soon as `outdated()` says its result is no longer
    wanted (the reviewer decided again, or opened another cluster): the engine stops between merges."""
    with stop_when(outdated):
        try:
            return analyse(contents, store.abstracts(contents.cluster.id), reuse)
        except Stopped:
            return None


@dataclass
class PendingChange:
    """A change the store could not commit yet; tried again, in order, until it is."""

    what: str  # for the banner: "3 papers → not this name"
    call: Callable[[int], Change | None]
    cluster_id: int
    paper_ids: tuple[int, ...]
    error: str
    decided: str = ""  # for each of its papers' rows: "Barry Wilkinson", "not this name"
    advice: str = ""  # what the reviewer can do about the refusal (`WriteRefused.advice`); "" while it waits its turn
    saved: Change | None = None  # once written: what it wrote, for the changes queued behind it (`_seen_behind_waiting`)


@dataclass(frozen=True)
class LostFile:
    """The database's path no longer leads to the file open (`Store.lost`), and where what it holds was copied.

    Changes made from then on wait, as on a read-only file, rather than being written to the copy: the window
    would otherwise go on in a file the reviewer never chose and the next start does not open (it opens the path
    given), and the copy would stop being what it is now, everything that was saved, checked, for them to open.
    """

    path: Path  # where the database was
    why: str  # "the database file was moved or deleted while open"
    copy: Path | None = None  # the rescued copy, once made
    failure: str = ""  # why the last copy failed; tried again at the next look (`WATCH_MS`)


class ReviewSession(QObject):
    changed = Signal(object)  # models.history.Change, after it is committed
    cluster_loaded = Signal(object)  # models.queries.ClusterContents
    clusters_listed = Signal(object)  # models.cluster_listing.ClusterListing, every cluster, after `list_clusters`
    clusters_changed = Signal(list)  # list[ClusterSummary], the few clusters another window or program changed
    nothing_to_open = Signal()  # `resume` found no cluster: the database holds none
    imported = Signal(list)  # list[FileReport]
    import_progress = Signal(object)  # ImportStatus, from the worker, after each batch
    import_failed = Signal(str, str)  # title, message: cancelled or refused; nothing was changed
    busy = Signal(str)  # what runs in the background; "" when nothing does
    failed = Signal(str, str)  # title, message
    # title, models.errors.DatabaseDamaged: the file is damaged, met by whatever read or wrote it first (its title
    # says what: "Could not list the clusters"). Said once for a store; any later fault of it is that damage again.
    damaged = Signal(str, object)
    clusters_not_listed = Signal(str)  # why: the list says it in place of "Listing the clusters…"
    step_refused = Signal(object)  # models.errors.StepRefused: an undo or redo refused, and left out of the history
    pending_changed = Signal(list)  # list[PendingChange] still to be saved; [] when all are
    read_only_changed = Signal(str)  # why the database cannot be written now; "" once it can (`why_read_only`)
    file_lost = Signal(object)  # LostFile: the path no longer leads to the open file, its copy being made, made or failed
    analysed = Signal(object)  # Analysis of the open cluster, after a load or a pause in changes
    analysis_waiting = Signal(int)  # the open cluster is too big to analyse unasked; its paper count
    analysis_failed = Signal(str)  # the open cluster's suggestions could not be computed: why
    # ClusterContents reloaded after changes made elsewhere; who made them; whether another program's import changed it
    refreshed = Signal(object, str, bool)
    exported = Signal(int, str, str)  # clusters, format, where: the export is written
    export_cancelled = Signal()  # nothing of it was written
    _export_progress = Signal(int, int)  # from the export's worker: clusters gathered, of how many

    def __init__(self, store: Store, runner: BackgroundRunner | None = None, parent: QObject | None = None):
        super().__init__(parent)
        keep_gui_responsive()  # loading, importing and suggesting run Python beside the GUI thread
        self.store = store
        self.runner = runner or BackgroundRunner(parent=self)
        self.contents: ClusterContents | None = None
        self._requested: int | None = None  # the cluster open or being loaded
        self._load_generation = 0
        self.pending: list[PendingChange] = []
        # What redo puts back, newest last: a waiting change taken back by Ctrl+Z (never written), or SAVED_UNDO for
        # an undo the store made (its redo is the store's). Any other change empties it, as it does the store's redo.
        self._redoable: list[PendingChange | str] = []
        # Whether the waiting changes the last retry settled were all saved; False if one was refused (a step
        # another reviewer overtook, a conflict) or failed, and was said so, or taken back (`take_back_waiting`):
        # the window then never says all are saved.
        self.waiting_saved = True
        # The next refresh keeps the reviewer's selection: it follows their change refused as stale, or an import
        # (which decides nothing). Not one for others' decisions: a key would then overwrite them unseen.
        self._selection_stands = False
        self._refused_notes: dict[tuple[int, int], str] = {}  # (cluster id, paper id) → a note refused as stale, offered again by C
        self._backing_up = False
        self.importing = False
        self.importing_what = ""  # the sources of the import running or last run, as the status bar names them
        self.import_error: Exception | None = None  # why the last import failed, if it did
        self.last_import: ImportOutcome | None = None  # its files left out of folders, and the backup before it
        self.analysis: Analysis | None = None
        # Counts every change to the open cluster's contents (a decision, a load, a refresh): an analysis
        # of an older count is out of date, whether it is still running or already done.
        self._contents_version = 0
        # Its own thread: a long analysis never holds up loading, importing or quitting.
        self._analyser = DisposableRunner(self)
        self._analysis_running = False
        self._analysis_stale = False
        # The big clusters the reviewer asked to analyse: each keeps up by itself, also when opened again.
        self._asked_clusters: set[int] = set()
        self._changes_begun = 0  # counts changes begun while an analysis ran: it stops at once (`_stop_analysis`)
        # Counts loads and reloads: an analysis of contents loaded before is of no use, whatever it knows of changes.
        self._contents_loaded = 0
        self._stops_in_a_row = 0  # analyses of the open cluster stopped by changes since the last one shown
        self._finishing = False  # the analysis running goes on to its end whatever changes come
        self._changes_since: ChangesSince | None = None  # made since the running analysis took its copy
        self._analyse_soon = QTimer(self)
        self._analyse_soon.setSingleShot(True)
        self._analyse_soon.setInterval(ANALYSE_AFTER_MS)
        self._analyse_soon.timeout.connect(self.analyse_if_small)
        self._own_actions: set[int] = set()
        self.damage: DatabaseDamaged | None = None  # the damage said of this store (`damaged`), if any
        self._listing = False  # a listing of every cluster runs
        self._list_again = False  # and another was asked for meanwhile
        self._seen_action, self._seen_import, self._damage_unsaid = _last_seen(store)
        self.why_read_only = store.why_read_only() or ""  # said from the start, not at the first decision
        self.lost_file: LostFile | None = None
        self._rescuing = False
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.look_for_changes_elsewhere)
        self._watch.start()
        self._cancel_import = threading.Event()
        self._cancel_export = threading.Event()
        self.exporting = False
        self._export_progress.connect(self._show_export_progress)
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry_pending)

    @property
    def cluster(self) -> ClusterSummary | None:
        return self.contents.cluster if self.contents else None

    # Reading, in the background ------------------------------------------

    def list_clusters(self) -> None:
        """List every cluster with its progress off the GUI thread; `clusters_listed` brings them.

        200,000 clusters (a dblp import makes one of every author name) take ~2.4 s to list.
        One listing at a time: asked again while one runs, it lists once more when that one
        ends, and only that last listing is shown.
        """
        if self._listing:
            self._list_again = True
            return
        self._listing, self._list_again = True, False
        store = self.store
        self.runner.start(lambda: ClusterListing.of(store.clusters()), self._listed, self._listing_failed)

    @property
    def listing(self) -> bool:
        return self._listing

    def _listed(self, listing: ClusterListing) -> None:
        self._listing = False
        if self._list_again:
            self.list_clusters()  # the database changed (or another store came) while this one was read
        else:
            self.clusters_listed.emit(listing)

    def _listing_failed(self, error: Exception) -> None:
        self._listing = False
        if self._list_again:
            self.list_clusters()
        else:
            self.clusters_not_listed.emit("The clusters could not be listed.")  # it said "Listing the clusters…" for good
            self._background_failed("Could not list the clusters", error)

    def resume(self, last_open: int | None = None, stay_on: int | None = None) -> None:
        """Open the cluster a session starts on (`Store.cluster_to_resume` after `last_open`), found off the
        GUI thread; `stay_on`: that cluster if the database has it, done or not. `nothing_to_open` if none.

        Nothing is opened if the reviewer has chosen a cluster meanwhile.
        """
        if self._damage_unsaid is not None:  # met before anything could hear it (`_last_seen`)
            self.say_damaged("Could not read the review log", self._damage_unsaid)
            self._damage_unsaid = None
        store = self.store

        def find() -> ClusterSummary | None:
            found = store.clusters_among([stay_on]) if stay_on is not None else []
            return found[0] if found else store.cluster_to_resume(last_open)

        self.runner.start(find, self._resumed, lambda error: self._background_failed("Could not open a cluster", error))

    def _resumed(self, cluster: ClusterSummary | None) -> None:
        if cluster is None:
            self.nothing_to_open.emit()
        elif self._requested is None:
            self.open_cluster(cluster.id)

    @property
    def opening(self) -> int | None:
        """The cluster being opened in place of the one shown (None when what is shown is what was asked for)."""
        shown = self.contents.cluster.id if self.contents is not None else None
        return self._requested if self._requested is not None and self._requested != shown else None

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
        self._contents_version += 1
        self._contents_loaded += 1
        self._stops_in_a_row = 0
        self.analysis = None
        self.busy.emit("")
        self.cluster_loaded.emit(contents)
        self.analyse_if_small()

    def _load_failed(self, generation: int, error: Exception) -> None:
        if generation == self._load_generation:
            self._requested = self.contents.cluster.id if self.contents else None
            self._background_failed("Could not open the cluster", error)

    def analyse_if_small(self) -> None:
        """Analyse by itself only a cluster small enough to take seconds; else say it waits."""
        if self.contents is None:
            return
        if self.waits_to_be_asked:
            self.analysis_waiting.emit(len(self.contents.papers))
            return
        self.analyse()

    @property
    def analysed_when_asked(self) -> bool:
        """Whether the open cluster is too big to analyse unasked (`AUTO_ANALYSE_PAPERS`)."""
        return self.contents is not None and len(self.contents.papers) > AUTO_ANALYSE_PAPERS

    @property
    def waits_to_be_asked(self) -> bool:
        """Whether the open cluster is too big to analyse unasked and was never asked for in this session: once
        asked, a big cluster keeps up by itself, also opened again (Alt+Left back to it offered "Compute" again,
        its Fit column empty)."""
        if not self.analysed_when_asked:
            return False
        return self.analysis is None and self.contents.cluster.id not in self._asked_clusters

    def analyse(self) -> None:
        """Compute suggestions and evidence for the open cluster on a worker; `analysed` brings them.

        One at a time: asked again while one runs, that one stops at its next merge (its result would be
        old) and a new one starts; so does one for a cluster no longer open. After `STOPS_BEFORE_FINISHING`
        analyses in a row stopped so, the next one runs to its end while changes come (`_analysed`).
        """
        if self.contents is None:
            return
        if self._analysis_running:
            self._analysis_stale = True
            return
        self._analysis_running = True
        self._analysis_stale = False
        if len(self.contents.papers) > AUTO_ANALYSE_PAPERS:
            self._asked_clusters.add(self.contents.cluster.id)
        snapshot = replace(self.contents, decisions=dict(self.contents.decisions), people=list(self.contents.people),
                           dismissed=list(self.contents.dismissed), verdicts=Counter(self.contents.verdicts))
        store = self.store
        # The last analysis is of this loaded cluster (a load or a reload clears it): its papers' parts carry over.
        reuse = self.analysis.evidence.reusable() if self.analysis is not None else None
        version, cluster_id, begun, loaded = self._contents_version, snapshot.cluster.id, self._changes_begun, self._contents_loaded
        self._finishing = self._stops_in_a_row >= STOPS_BEFORE_FINISHING
        self._changes_since = ChangesSince(dismissed_then=snapshot.dismissed)
        # Read on the analysis thread between merges: plain attributes, set only on the GUI thread.
        if self._finishing:  # only leaving the cluster, or its reload, stops it
            outdated = lambda: self._requested != cluster_id or self._contents_loaded != loaded  # noqa: E731
        else:
            outdated = lambda: self._contents_version != version or self._requested != cluster_id or self._changes_begun != begun  # noqa: E731
        self._analyser.start(
            lambda: analyse_unless_outdated(snapshot, store, reuse, outdated),
            lambda analysis: self._analysed(version, (cluster_id, loaded), analysis),
            self._analysis_failed,
        )

    def _analysed(self, version: int, of: tuple[int, int], analysis: Analysis | None) -> None:
        """`analysis` is None when it stopped, out of date. One that finished just before a change came is
        dropped too: its suggestions could hold the papers just decided, and its evidence would miss them
        (the change's own pause then starts the next one, `ANALYSE_AFTER_MS`). One that was let finish while
        changes came is shown as they left it (`caught_up`), and the next one starts. `of`: the cluster it
        analysed, and which load of it."""
        finishing, since = self._finishing, self._changes_since
        self._analysis_running, self._finishing, self._changes_since = False, False, None
        stale, self._analysis_stale = self._analysis_stale, False
        of_these_contents = self.contents is not None and of == (self.contents.cluster.id, self._contents_loaded)
        if of_these_contents and analysis is not None and version == self._contents_version:
            self._show_analysis(analysis)
        elif of_these_contents and analysis is not None and finishing and since is not None:
            self._show_analysis(self.caught_up(analysis, since))
        elif of_these_contents:
            self._stops_in_a_row += 1  # stopped by a change, or ended just after one: nothing shown
        if stale:
            self.analyse_if_small()  # asked again while it ran

    def _show_analysis(self, analysis: Analysis) -> None:
        self._stops_in_a_row = 0
        self.analysis = analysis
        self.analysed.emit(analysis)

    def caught_up(self, analysis: Analysis, since: ChangesSince) -> Analysis:
        """An analysis of the open cluster as it was before the changes `since`, brought to it as it is now: the
        groups they outdated taken off (`models.outdated`), no fit for the papers they changed (each one's was of
        its state before, as after any change), and the evidence told of them, as of each change after this."""
        contents = self.contents
        standing = people_standing((person.id for person in contents.people), since.people_losing)
        outdated = outdated_by(since.papers, standing, since.dismissed_since(contents.dismissed))
        analysis.evidence.update(contents, {paper_id: contents.decisions.get(paper_id, UNDECIDED) for paper_id in since.papers})
        fits = {paper_id: fit for paper_id, fit in analysis.best_fits.items() if paper_id not in since.papers}
        return replace(analysis, suggestions=still_standing(analysis.suggestions, outdated), best_fits=fits, behind=True)

    def _analysis_failed(self, error: Exception) -> None:
        self._analysis_running, self._finishing, self._changes_since = False, False, None
        # Said in the suggestions panel, not in a dialog: a background computation should not stop the
        # reviewer's keys, and the papers can still be decided without it. A damaged file is the exception.
        if isinstance(error, DatabaseDamaged):
            self.analysis_failed.emit(str(error))
            self.say_damaged("Could not compute the suggestions", error)
        else:
            self.analysis_failed.emit(f"{type(error).__name__}: {error}")
        if self._analysis_stale:
            self._analysis_stale = False
            self.analyse_if_small()

    def accept_suggestion(self, suggestion: GroupSuggestion, person_id: int | None = None) -> Change | None:
        """The group becomes a new person, or joins `person_id` (default: the person it extends)."""
        target = person_id if person_id is not None else suggestion.person_id
        if target is None:
            return self.create_person(suggestion.paper_ids, ACCEPT_KIND)
        return self.decide(suggestion.paper_ids, Verdict.PERSON, target, kind=ACCEPT_KIND)

    def dismiss_suggestion(self, suggestion: GroupSuggestion) -> Change | None:
        return self._apply("The suggestion was not dismissed", lambda c: self.store.dismiss_group(c, suggestion.paper_ids))

    def import_files(self, paths: Sequence[str | Path], options: ImportOptions = ImportOptions()) -> None:
        """Import on a worker thread; `import_progress` tells how it goes, `cancel_import` stops it."""
        self.importing = True
        self.importing_what = _chosen(paths)
        self.import_error = None
        self._cancel_import.clear()
        self.busy.emit(f"Importing {self.importing_what}…")
        self.runner.start(
            lambda: self.store.import_paths(paths, options, self._import_status),  # a plain folder: its files
            self._imported,
            self._import_refused,
        )

    def cancel_import(self) -> None:
        self._cancel_import.set()

    def export_clusters(self, cluster_ids: Sequence[int], fmt: str, path: Path) -> None:
        """Gather, render and write an export on a worker (written whole or not at all); `exported` says
        where. The busy message counts the clusters gathered: every cluster of a dblp import takes minutes."""
        if self.exporting:  # one at a time: Stop and quitting act on the one running
            self.failed.emit("An export is still being written", "Wait for it, or stop it (File → Stop the export), then export again.")
            return
        ids = list(cluster_ids)
        self.exporting = True
        self._cancel_export.clear()
        self.busy.emit(f"Exporting {counted(len(ids), 'cluster')}…")
        said = [time.monotonic()]

        def tell(gathered: int) -> None:  # on the worker
            if self._cancel_export.is_set():
                raise ExportCancelled("the export was cancelled; nothing was written")
            if time.monotonic() - said[0] >= EXPORT_PROGRESS_S:
                said[0] = time.monotonic()
                self._export_progress.emit(gathered, len(ids))

        store = self.store
        self.runner.start(
            lambda: store.export_to(ids, fmt, Path(path), tell),
            lambda _written: self._exported(len(ids), fmt, str(path)),
            self._export_failed,
        )

    def cancel_export(self) -> None:
        self._cancel_export.set()

    def _show_export_progress(self, gathered: int, total: int) -> None:
        if self.exporting:
            self.busy.emit(f"Exporting {counted(total, 'cluster')}: {gathered:,} gathered…")

    def _exported(self, clusters: int, fmt: str, path: str) -> None:
        self.exporting = False
        self.busy.emit("")
        self.exported.emit(clusters, fmt, path)

    def _export_failed(self, error: Exception) -> None:
        self.exporting = False
        if isinstance(error, ExportCancelled):
            self.busy.emit("")  # asked for: no dialog
            self.export_cancelled.emit()
        else:
            self._background_failed("Export failed", error)

    def _import_status(self, status: ImportStatus) -> None:
        """On the worker thread: report, and stop here if the reviewer cancelled."""
        if self._cancel_import.is_set():
            raise ImportCancelled("the import was cancelled")
        self.import_progress.emit(status)

    def _import_refused(self, error: Exception) -> None:
        self.importing = False
        self.import_error = error
        self.busy.emit("")
        title = "Import cancelled" if isinstance(error, ImportCancelled) else "Import failed"
        self.import_failed.emit(title, str(error))
        if isinstance(error, DatabaseDamaged):
            self.say_damaged(title, error)

    def _imported(self, outcome: ImportOutcome) -> None:
        self.last_import = outcome
        reports = outcome.reports
        self.importing = False
        self.busy.emit("")
        try:
            self._seen_import = self.store.last_import_id()
        except FINAL_ERRORS:  # the database busy a moment: the import is done all the same, and said; the watch relists
            pass
        self.imported.emit(reports)
        self.list_clusters()
        if self.contents is None:
            self._open_first()
        elif self._requested != self.contents.cluster.id:  # another one is loading: again, with what the import added
            self.open_cluster(self._requested, reload=True)
        else:
            # Shown again where the reviewer was (current paper, selection, scroll): opened again, it went to its
            # first undecided paper, and the next key decided a paper the reviewer had not chosen.
            self._selection_stands = True
            self.refresh()

    def _open_first(self) -> None:
        """With no cluster open yet (an empty database at start): open the first one not done."""
        if self._requested is None:
            self.resume()

    def _background_failed(self, title: str, error: Exception) -> None:
        self.busy.emit("")
        self._say_failure(title, error)

    def _say_failure(self, title: str, error: Exception) -> None:
        """A failure in a dialog (`failed`); a damaged file's through `say_damaged`, as every read that meets it says it."""
        if isinstance(error, DatabaseDamaged):
            self.say_damaged(title, error)
        else:
            self.failed.emit(title, str(error))

    def say_damaged(self, title: str, damage: DatabaseDamaged, again: bool = False) -> None:
        """Say that the file is damaged (`damaged`), once for this store: the listing, the cluster to open and
        the check after start-up all meet the same damage (the tester saw two raw SQL errors stacked). `again`:
        the reviewer asked (File → Check the database), and is told even if it was said before."""
        if self.damage is not None and not again:
            return
        self.damage = damage
        self.damaged.emit(title, damage)

    def _read(self, failure: str, read: Callable[[], T], otherwise: T) -> T:
        """`read()`; on a damaged file `otherwise`, the damage said as every other place says it (`say_damaged`)."""
        try:
            return read()
        except DatabaseDamaged as damage:
            self.say_damaged(failure, damage)
            return otherwise

    def abstract(self, paper_id: int) -> str | None:
        try:
            return self._read("Could not read the paper's abstract", lambda: self.store.abstract(paper_id), None)
        except FINAL_ERRORS:
            return None  # the detail pane shows the rest; the abstract comes back next time

    def paper_history(self, paper_id: int) -> list[HistoryEntry]:
        if self.contents is None:
            return []
        return self._read("Could not read the paper's history", lambda: self.store.paper_history(self.contents.cluster.id, paper_id), [])

    # Changing, committed before it is announced ------------------------------

    def decide(
        self, paper_ids: Sequence[int], verdict: Verdict | None, person_id: int | None = None, note=KEEP_NOTE, kind: str = "decide",
    ) -> Change | None:
        """Decide; papers someone else changed since this window showed them are not overwritten (`kind`: `Store.decide`'s)."""
        if not paper_ids:
            return None
        if self.pending and self._changes_nothing(paper_ids, verdict, person_id):  # else the store finds it writes nothing
            return Change(self.contents.cluster.id)
        label = self._person_label(person_id)
        what, decided = decision_label(len(paper_ids), verdict, label), decision_words(verdict, label)
        seen = self._seen_behind_waiting(self.shown_states(paper_ids))
        name = self._new_person_name(paper_ids) if verdict is Verdict.PERSON and person_id is None and not self.contents.people else None
        call = lambda c: self.store.decide(c, paper_ids, verdict, person_id, note, expected=seen(), first_person_name=name, kind=kind)  # noqa: E731
        return self._apply("The decision was not saved", call, what, paper_ids, decided)

    def _changes_nothing(self, paper_ids: Sequence[int], verdict: Verdict | None, person_id: int | None) -> bool:
        """Whether the decision leaves every paper as the window shows it, none of them with a change waiting: while
        changes wait it would wait behind them, shown "◷" over the same decision, to write nothing."""
        waiting = {paper_id for change in self.pending for paper_id in change.paper_ids}
        if not waiting.isdisjoint(paper_ids):
            return False
        return changes_nothing(map(self.contents.decisions.get, paper_ids), verdict, person_meant(verdict, person_id, self.contents.people))

    def take_selection_stands(self) -> bool:
        """Whether the reload being shown keeps the selection (`_selection_stands`; asked once, by that reload)."""
        stands, self._selection_stands = self._selection_stands, False
        return stands

    def shown_states(self, paper_ids: Sequence[int]) -> dict[int, DecisionState | None]:
        """The papers' decisions as this window shows them now; None: undecided (a copy made in C)."""
        return dict(zip(paper_ids, map(self.contents.decisions.get, paper_ids))) if self.contents else {}

    def annotate(self, paper_ids: Sequence[int], note: str | None, seen: dict[int, DecisionState | None] | None = None) -> Change | None:
        """Put a note on the decisions the reviewer saw (`seen`, taken when the note was begun; default: as shown
        now); papers someone else changed since are not annotated: the note is about the decision they saw."""
        if not paper_ids:
            return None
        expected = self._seen_behind_waiting(seen if seen is not None else self.shown_states(paper_ids))
        what = note_label(len(paper_ids), note)

        def call(cluster_id: int) -> Change:
            try:
                return self.store.annotate(cluster_id, paper_ids, note, expected())
            except ConflictError as error:  # at once, or when a waiting note is retried
                error.kept = self._keep_refused_note(cluster_id, paper_ids, note)
                raise

        return self._apply("The note was not saved", call, what)

    def _keep_refused_note(self, cluster_id: int, paper_ids: Sequence[int], note: str | None) -> str:
        """Keep a note refused as stale for the next C on its papers, and say so: the text typed was lost, and C
        opened an empty box. A note being removed keeps nothing."""
        if not note:
            return "press C again if you still want the note removed."
        self._refused_notes.update(dict.fromkeys(((cluster_id, paper_id) for paper_id in paper_ids), note))
        numbers = self.numbers_of(paper_ids) if self.contents and self.contents.cluster.id == cluster_id else ""
        return f"your note is kept: C on {numbers or 'its papers'} offers it again, to save once you have looked."

    def take_refused_note(self, paper_ids: Sequence[int]) -> str | None:
        """The note refused on one of these papers of the open cluster (`_keep_refused_note`), for the note dialog to
        offer again; forgotten for all of them, as the dialog takes it. None if none was."""
        if not self.contents:
            return None
        keys = [(self.contents.cluster.id, paper_id) for paper_id in paper_ids]
        kept = [note for note in map(self._refused_notes.pop, keys, repeat(None)) if note is not None]
        return kept[0] if kept else None

    def _seen_behind_waiting(self, shown: dict[int, DecisionState | None]) -> Callable[[], dict[int, DecisionState | None]]:
        """The states a change is checked against when it is written (`models.review.seen_behind`), asked then:
        the reviewer's own waiting changes on its papers, ahead of it, may be saved by that time."""
        cluster_id = self.contents.cluster.id
        ahead = [change for change in self.pending if change.cluster_id == cluster_id and not shown.keys().isdisjoint(change.paper_ids)]
        if not ahead:
            return lambda: shown
        return lambda: seen_behind(shown, [change.saved for change in ahead])  # oldest first, as they are saved

    def create_person(self, paper_ids: Sequence[int], kind: str = "create person") -> Change | None:
        full_name = self._new_person_name(paper_ids)
        taken = full_name is not None and any(person.label == full_name for person in self.contents.people)
        label = None if taken else full_name
        # Waiting, its rows read "◷ new person" (or its name, if it has one already): they read "undecided".
        decided, what = new_person_words(label), new_person_label(len(paper_ids), label)
        call = lambda c: self.store.create_person(c, paper_ids, label, full_name, kind)  # noqa: E731
        return self._apply("The person was not created", call, what, paper_ids, decided)

    def _new_person_name(self, paper_ids: Sequence[int]) -> str | None:
        """A new person's name: as most of its papers write the cluster's name in full, if the cluster is named by initials."""
        if not self.contents:
            return None
        first = (self.contents.cluster.name.split() or [""])[0]
        if first.isalpha() and len(first) > 1:
            return None  # named in full ("Lei Wang"): spellings add nothing, and a first Y need not load the engine
        from models.suggestions import name_in_full  # the engine's modules stay out of start-up

        return name_in_full(self.contents, paper_ids)

    def edit_person(self, person_id: int, **fields: str | None) -> Change | None:
        return self._apply("The person was not changed", lambda c: self.store.edit_person(c, person_id, **fields))

    def merge_people(self, keep_id: int, merged_id: int) -> Change | None:
        return self._apply("The people were not merged", lambda c: self.store.merge_people(c, keep_id, merged_id))

    def remove_person(self, person_id: int) -> Change | None:
        return self._apply("The person was not removed", lambda c: self.store.remove_person(c, person_id))

    def link_author_row(self, row_id: int, person_id: int | None, mixed: bool = False) -> Change | None:
        return self._apply("The author row was not changed", lambda c: self.store.link_author_row(c, row_id, person_id, mixed))

    def undo(self) -> Change | None:
        change = self._apply("Undo failed", lambda c: self.store.undo(c), UNDO_WHAT, keeps_redo=True)
        if change is not None:
            self._redoable.append(SAVED_UNDO)
        return change

    def waiting_to_take_back(self) -> PendingChange | None:
        """The change `take_back_waiting` would take back: the newest waiting one, if it is of the open cluster
        and no undo (an undo waiting is followed by another, as saved ones are); None if there is none."""
        newest = self.pending[-1] if self.pending else None
        if newest is None or newest.what == UNDO_WHAT or not self.contents or newest.cluster_id != self.contents.cluster.id:
            return None
        return newest

    def take_back_waiting(self) -> PendingChange | None:
        """Ctrl+Z on a change still waiting: it leaves the queue unwritten, and there is nothing to undo in
        the store, since it never reached it. Before, the undo either did nothing (no saved action to undo:
        the button was off) or waited behind the change and was saved after it as if never pressed."""
        taken = self.waiting_to_take_back()
        if taken is None:
            return None
        self._redoable.append(self.pending.pop())
        self.waiting_saved = False  # taken back, not saved: the window must not say every waiting change is
        if not self.pending:
            self._retry.stop()
        self.pending_changed.emit(list(self.pending))
        return taken

    def waiting_to_put_back(self) -> PendingChange | None:
        """The waiting change Ctrl+Shift+Z would put back (taken back by Ctrl+Z last, in the open cluster); None if
        redo is the store's."""
        newest = self._redoable[-1] if self._redoable else None
        if not isinstance(newest, PendingChange) or not self.contents or newest.cluster_id != self.contents.cluster.id:
            return None
        return newest

    def put_back_waiting(self) -> tuple[PendingChange, bool] | None:
        """Redo of a waiting change Ctrl+Z took back: it is made again, as when first made (saved now if the disk
        takes it, else waiting again). Before, redo went past it to the store's, which knew nothing of it. The change,
        and whether it was made (saved or waiting again): a refusal (another reviewer changed its papers) is said
        by the session, and the caller must not say it was put back."""
        taken = self.waiting_to_put_back()
        if taken is None:
            return None
        self._redoable.pop()
        waiting = len(self.pending)
        made = self._apply("The change put back was not saved", taken.call, taken.what, taken.paper_ids, taken.decided, keeps_redo=True)
        return taken, made is not None or len(self.pending) > waiting

    def redo(self) -> Change | None:
        change = self._apply("Redo failed", lambda c: self.store.redo(c), "redo", keeps_redo=True)
        if change is not None and self._redoable and self._redoable[-1] is SAVED_UNDO:
            self._redoable.pop()
        return change

    def undo_redo_labels(self) -> tuple[str | None, str | None]:
        if self.contents is None:
            return None, None
        # Asked by the Undo and Redo buttons after every change and load.
        return self._read("Could not read what Undo would take back", lambda: self.store.undo_redo_labels(self.contents.cluster.id), (None, None))

    def _apply(
        self, failure: str, call: Callable[[int], Change | None], what: str = "", paper_ids: Sequence[int] = (), decided: str = "",
        keeps_redo: bool = False,
    ) -> Change | None:
        """Run one change; announce it once committed, or keep it pending if the disk refused it. A change
        other than an undo or redo ends what redo could put back (`keeps_redo`)."""
        if not self.contents:
            return None
        if not keeps_redo:
            self._redoable.clear()
        self._stop_analysis()
        cluster_id = self.contents.cluster.id
        kept = lambda reason, advice="": PendingChange(what or failure, call, cluster_id, tuple(paper_ids), reason, decided, advice)  # noqa: E731
        if self.pending:  # keep the reviewer's order: nothing overtakes a change still waiting
            self._keep_pending(kept("waiting for the one before"))
            return None
        try:
            return self._settle(failure, call, cluster_id, what)[1]
        except TRANSIENT_ERRORS as error:
            self._keep_pending(kept(error.reason, error.advice))
            if isinstance(error, DatabaseLost):
                self.look_at_the_file()  # the copy begins now, not at the next look
            return None

    def _stop_analysis(self) -> None:
        """A change is about to be made: an analysis running now would be out of date when it ends, so it stops
        at once rather than once the change is written. It ran beside the change's Python, each thread holding
        the interpreter by turns: an undo of 7,356 papers took 0.40 s at the window instead of 0.15 s. The pause
        after the change starts the next one, as after any change (also if this one is refused). One let finish
        (`STOPS_BEFORE_FINISHING`) goes on beside the change."""
        if self._analysis_running:
            if not self._finishing:
                self._changes_begun += 1
            self._analyse_soon.start()

    def _settle(self, failure: str, call: Callable[[int], Change | None], cluster_id: int, what: str = "") -> tuple[bool, Change | None]:
        """Run a change's store call and do what its outcome asks, alike for a new change and a waiting one
        (`retry_pending`): a committed change is announced; a refused undo or redo, or a conflict, is said and
        the cluster shown again as it is now; any other fault is said under `failure`. Whether it was committed, and
        the change (None if it was not, or there was nothing to undo).

        A write the disk refused is raised (`TRANSIENT_ERRORS`): nothing of it was written, the caller keeps it.
        """
        try:
            change = _save(call, cluster_id)
        except StepRefused as error:  # committed: the step left the history, the next undo goes on
            self.step_refused.emit(error)  # said once, by its receiver: no dialog for a refusal the reviewer can expect
            self.refresh()
            return False, None
        except ConflictError as error:
            # The papers by number and who changed them: "1 paper(s) were changed since" named neither. The refresh
            # keeps the reviewer's selection (`ReviewController.refreshed`): they decide again at once if they want.
            numbers = self.numbers_of(error.paper_ids) or counted(len(set(error.paper_ids)), "paper")
            refused = refused_as_stale(numbers, len(error.paper_ids), error.by, what or failure)
            then = error.kept or "decide again if you still want to."
            self.failed.emit(failure, f"{refused} The cluster is shown again as it is now, your selection kept; {then}")
            self._selection_stands = True  # that refresh keeps the selection; a refresh for others' changes alone does not
            self.refresh()
            return False, None
        except PersonNotFound as error:  # gone since this window showed it: named as the reviewer knew it
            self.failed.emit(failure, f"{error.named(self._person_label(error.person_id))}. The people are shown again as they are now.")
            self.refresh()
            return False, None
        except TRANSIENT_ERRORS:
            raise
        except DatabaseDamaged as damage:  # before FINAL_ERRORS, whose NamesakeError it is: no retry helps it
            self.say_damaged(failure, damage)
            return False, None
        except FINAL_ERRORS as error:
            self.failed.emit(failure, str(error))
            return False, None
        return True, self._announce(change)

    def numbers_of(self, paper_ids: Sequence[int]) -> str:
        """"papers 2 and 5": the papers as the # column numbers them in the open cluster; "" if it has none of them."""
        wanted = set(paper_ids)
        papers = self.contents.papers if self.contents else []
        return paper_numbers(paper.position for paper in papers if paper.paper_id in wanted)

    def _announce(self, change: Change | None) -> Change | None:
        if change is None or change.empty:
            return change
        if change.action_id is not None:
            self._own_actions.add(change.action_id)
        self._say_read_only("")  # written: whatever the files' modes say, it can be
        if self.contents and change.cluster_id == self.contents.cluster.id:
            self._remember(change)
            self._contents_version += 1
            if self._changes_since is not None:  # what the analysis running will not know
                self._changes_since.add(change)
            if self.analysis is not None:
                self.analysis.evidence.update(self.contents, change.decisions)
            self.changed.emit(change)
            self._analyse_soon.start()
        if self.store.backup_due and not self._backing_up:
            self._backing_up = True  # one at a time: the counter resets only when it is done
            self.runner.start(self.store.backup, self._backed_up, self._backup_failed)
        return change

    def _backed_up(self, _backup) -> None:
        self._backing_up = False

    def _backup_failed(self, error: Exception) -> None:
        self._backing_up = False
        self._say_failure("Backup failed", error)  # damaged: the copy failed its check, so the file it copied is damaged

    def _keep_pending(self, change: PendingChange) -> None:
        self.pending.append(change)
        self._retry.start()
        self.pending_changed.emit(list(self.pending))

    def retry_pending(self) -> None:
        """Try the waiting changes again, oldest first, each settled as a new one is (`_settle`); stop at the
        first the disk still refuses."""
        all_saved = True
        while self.pending:
            first = self.pending.pop(0)  # its outcome is handled with it no longer waiting
            try:
                saved, change = self._settle(f"A waiting change could not be saved: {first.what}", first.call, first.cluster_id, first.what)
            except TRANSIENT_ERRORS as error:
                first.error, first.advice = error.reason, error.advice
                self.pending.insert(0, first)
                all_saved = False
                if isinstance(error, DatabaseLost):
                    self.look_at_the_file()
                break
            first.saved = change if saved else None
            all_saved = all_saved and saved
        self.waiting_saved = all_saved
        if not self.pending:
            self._retry.stop()
        self.pending_changed.emit(list(self.pending))

    # Other windows and programs --------------------------------------------------

    def look_for_changes_elsewhere(self) -> None:
        """Reload what another window or program changed since we last looked.

        Other windows' actions and other programs' imports are read together;
        the clusters are listed once and the open cluster reloaded once, whichever were seen.
        Whether the database can be written is looked at again too: its permissions may have been changed.
        First of all, whether its path still leads to the file open: if not, nothing else matters.
        """
        if self.look_at_the_file():
            return
        self._look_at_write_access()
        self._read("Could not look for changes made elsewhere", self._follow_others, None)

    def _follow_others(self) -> None:
        try:
            actions, imported = self.store.activity_since(self._seen_action)
        except DatabaseDamaged:
            raise
        except FINAL_ERRORS:
            return  # the database is busy or gone for a moment: look again next time
        new_import = imported != self._seen_import and not self.importing
        if new_import:
            self._seen_import = imported
        foreign = self._foreign(actions)
        if not new_import and not foreign:
            return
        touched = {cluster_id for cluster_id, _reviewer in foreign}
        if new_import or len(touched) > FEW_CLUSTERS:
            self.list_clusters()
        else:
            self.clusters_changed.emit(self.store.clusters_among(touched))
        if self.contents is None:
            if new_import:
                self._open_first()
            return
        if self.pending:
            return
        by = sorted({reviewer for cluster_id, reviewer in foreign if cluster_id == self.contents.cluster.id})
        if by or new_import:  # whether the import changed the open cluster is seen once it is read again
            self.refresh(", ".join(by), after_import=new_import)

    def look_at_the_file(self) -> bool:
        """Whether the database's path no longer leads to the file open (moved, deleted or replaced: `Store.lost`).
        Found so, the store writes nothing more to it, and what it holds is copied at once to a new file, off the
        GUI thread; copied again if the file changed since (a write begun just before), or if the copy failed.
        Before, decisions went on being said "Saved" and were lost with the file's -wal at quit."""
        if self.lost_file is None:
            why = self.store.lost()
            if why is None:
                return False
            self.lost_file = LostFile(self.store.path, why)
            self.file_lost.emit(self.lost_file)
        if not self._rescuing and (self.lost_file.copy is None or self.store.rescue_outdated()):
            self._rescuing = True
            store = self.store
            self.runner.start(store.rescue, lambda copy: self._rescued(store, copy), lambda error: self._rescue_failed(store, error))
        return True

    def _rescued(self, store: Store, copy: Path) -> None:
        self._rescuing = False
        if store is self.store and self.lost_file is not None:
            self.lost_file = replace(self.lost_file, copy=copy, failure="")
            self.file_lost.emit(self.lost_file)

    def _rescue_failed(self, store: Store, error: Exception) -> None:
        self._rescuing = False
        if store is self.store and self.lost_file is not None:
            self.lost_file = replace(self.lost_file, failure=str(error))
            self.file_lost.emit(self.lost_file)

    def _look_at_write_access(self) -> None:
        """Take the read-only mark away once the files can be written again. The watch never puts it back: a
        file made read-only while the window has it open is still written through the connections already
        open (a tester saw every decision saved under a banner saying they would wait); a write refused later
        is said by the pending banner, with its own advice."""
        if self.why_read_only and not self.store.why_read_only():
            self._say_read_only("")

    def _say_read_only(self, why: str) -> None:
        if why != self.why_read_only:
            self.why_read_only = why
            self.read_only_changed.emit(why)

    def _foreign(self, actions: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
        """(cluster id, reviewer) of the actions another window or program made; the rest forgotten as seen."""
        if not actions:
            return []
        self._seen_action = actions[-1][0]
        foreign = [(cluster_id, reviewer) for action_id, cluster_id, reviewer in actions if action_id not in self._own_actions]
        self._own_actions = {a for a in self._own_actions if a > self._seen_action}  # seen: no need to remember
        return foreign

    def refresh(self, by: str = "", after_import: bool = False) -> None:
        """Reload the open cluster in the background and show it where the reviewer was. `after_import`:
        another program imported; shown only if it changed this cluster, unless `by` others changed it too."""
        if self.contents is None:
            return
        shown = self.contents
        cluster_id = shown.cluster.id

        def load() -> tuple[ClusterContents, bool]:
            # Not the number of papers alone: a re-import that lists a paper no more (or again), or declares
            # another count, adds none, and the window kept its old warnings and numbering (tester 3). Compared
            # here, off the GUI thread: every import elsewhere asks it, most of them of other clusters.
            contents = self.store.load_cluster(cluster_id)
            return contents, after_import and import_changed(shown, contents)

        self.runner.start(
            load,
            lambda loaded: self._refreshed(*loaded, by, after_import),
            lambda error: self._background_failed("Could not reload the cluster", error),
        )

    def _refreshed(self, contents: ClusterContents, imported: bool, by: str, after_import: bool) -> None:
        """`imported`: another program's import changed the cluster (`import_changed`)."""
        if self.contents is None or contents.cluster.id != self.contents.cluster.id:
            return
        if after_import and not by and not imported:
            return  # the import was of other clusters: nothing here to show again
        if imported and not by:  # an import alone decides nothing: the selection stands
            self._selection_stands = True
        self.contents = contents
        self._contents_version += 1
        self._contents_loaded += 1
        self.analysis = None
        self.refreshed.emit(contents, by, imported)
        self.analyse_if_small()

    def _person_label(self, person_id: int | None) -> str | None:
        people = self.contents.people if self.contents else []
        return next((p.label for p in people if p.id == person_id), people[0].label if people and person_id is None else None)

    def stop_watching(self) -> None:
        """No more looks at the database, nor retries of waiting changes: the window closed (a file lost while open
        refuses them for ever, and the retry went on firing at a window deleted), or the store is closed for a
        restore (a closed store's engine opens the file again when asked, while it is replaced; `reopen` starts the
        watch again)."""
        self._watch.stop()
        self._retry.stop()

    def reopen(self, store: Store) -> None:
        """Work on another store (a restored backup): list its clusters and reload the open one."""
        self.store = store
        self._watch.start()
        self.damage = None  # another file: its damage, if any, is said anew
        self._seen_action, self._seen_import, self._damage_unsaid = _last_seen(store)
        self._say_read_only(store.why_read_only() or "")  # another file: as at open
        if self.lost_file is not None:
            self.lost_file = None  # the restored file is where its path leads
            self.file_lost.emit(None)
        self.waiting_saved = not self.pending  # dropped with the file they were for: never "saved now"
        self.pending.clear()
        self._redoable.clear()  # a change taken back was for the file before: redo must not write it into this one
        self._asked_clusters.clear()  # asked of the file before
        self.pending_changed.emit([])
        self.list_clusters()
        open_now = self.contents.cluster.id if self.contents else None
        self.contents = None
        self._requested = None
        self.resume(stay_on=open_now)  # the open one, else the first not done

    def _remember(self, change: Change) -> None:
        """Keep the loaded contents equal to the database after a change."""
        # Damaged: written, but the people it changed cannot be read back.
        self._read("Could not read back the change just saved", lambda: self.store.follow(self.contents, change), None)


def _last_seen(store: Store) -> tuple[int, int, DatabaseDamaged | None]:
    """The newest action and import of the store, from which to watch for others' (0, 0 and the damage if the log
    cannot be read: said once the window listens, `resume`; it was an unhandled error at start-up)."""
    try:
        return store.last_action_id(), store.last_import_id(), None
    except DatabaseDamaged as damage:
        return 0, 0, damage


def _save(call: Callable[[int], Change | None], cluster_id: int) -> Change | None:
    """Run a change's store call on the GUI thread, waiting a frame at most for another program's lock.

    The usual 3 s wait (`BUSY_TIMEOUT_MS`) froze the window for as long at every key and every retry
    while another program held the database; "database is locked" now comes at once, and the caller
    keeps the change pending and retries it, as it does every write the disk refuses.
    """
    with brief_lock_waits():
        return call(cluster_id)


def _chosen(paths: Sequence[str | Path]) -> str:
    """The sources chosen, as the busy message names them: a folder is one choice, not one file."""
    first = Path(paths[0]).name if paths else "nothing"
    return first if len(paths) <= 1 else f"{first} and {len(paths) - 1} more"
