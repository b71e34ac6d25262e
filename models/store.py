"""The store: every operation a reviewer can do, one method each, one commit each.

The GUI and the command line both work through a `Store`. Each method that
changes data runs in its own write transaction and returns only after the
commit, so whatever a caller shows as saved is on disk.
"""

from __future__ import annotations

import getpass
import io
import sqlite3
from dataclasses import replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple, Sequence

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from models import exports, history, people, person_labels, queries, review
from models.exports import gather
from models.exports.files import export_files
from models.backup import Backup, InUse, keep_for, list_backups, make_backup, prune, quick_to_back_up
from models.db import Prepared, import_cache, integrity_problems, open_engine, reading, why_read_only, writing
from models.history import EDIT_PERSON, Action, Change, DecisionState
from models.errors import ExportNotWritten, FolderNotWritable, NamesakeError, NotFoundError, SourceError, StepRefused
from models.known_states import KnownStates
from models.open_file import OpenFile, orphaned_journal
from models.garbage import rare_collections
from models.importing import FileReport, ImportOptions, ImportStatus, ImportWrites, log_import, write_source
from models.names import cluster_key
from models.queries import ClusterContents, ClusterSummary, HistoryEntry, PersonSummary, Status
from models.records import ParsedSource
from models.review import KEEP_NOTE, papers_count
from models.schema import Paper, Verdict, utc_now

if TYPE_CHECKING:
    from models.formats.archives import Unpacked

# Told where an import stands after each batch; may raise ImportCancelled to stop it.
Progress = Callable[[ImportStatus], None]


def _status_reporter(progress: Progress, number: int, files: int, source: ParsedSource) -> Callable[[int], None]:
    def tell(records: int) -> None:
        fraction = source.fraction_read() if source.fraction_read else None
        progress(ImportStatus(number, files, source.shown, records, fraction))

    return tell


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "reviewer"


def bundled_example() -> Path:
    """The Shengen Yan page shipped in `resources/`, shown on a first run."""
    return Path(str(resources.files("resources") / "examples" / "shengen-yan.txt"))


# A backup is made after this many changes, and on close after any.
BACKUP_EVERY = 200


_ANY_PAPER = Prepared(lambda: select(Paper.id).limit(1))


class ImportOutcome(NamedTuple):
    """What an import of paths did: a report per file, the files of folders left out (and why), and the
    backup of the database as it was before (None: it held no papers, is too big to copy in a moment, or the
    import changed nothing)."""

    reports: list[FileReport]
    left_out: list[str]
    backup_before: Backup | None

    @property
    def changed(self) -> bool:
        """Whether the import changed anything in the database (its log entry aside)."""
        return any(report.rows_written for report in self.reports)


def _rows_written(conn: Connection) -> int:
    """The rows this connection has inserted, updated or deleted since it opened (SQLite's `total_changes`)."""
    return conn.connection.driver_connection.total_changes


class Store:
    def __init__(self, path: str | Path, reviewer: str | None = None, clock: Callable[[], datetime] = utc_now):
        self.path = Path(path)
        self.reviewer = reviewer or default_reviewer()
        self._clock = clock
        if (orphaned := orphaned_journal(self.path)) is not None:
            raise NamesakeError(orphaned)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._in_use = InUse(self.path)  # a restore must not replace the file under us
        except OSError as error:  # a folder it may not write in: said in words, not as a crash
            raise FolderNotWritable(self.path.parent, error) from error
        try:
            self._engine = open_engine(self.path)
        except BaseException:
            self._in_use.release()
            raise
        try:
            self._file = OpenFile(self.path)  # moved, deleted or replaced while open: writes stop, a copy is made
        except BaseException:
            self._engine.dispose()
            self._in_use.release()
            raise
        self._file.guard(self._engine)
        self.changes_since_backup = 0
        self._known: KnownStates | None = None  # the states of the cluster loaded last (models.known_states)

    def close(self, backup: bool = True) -> None:
        """Close the database; back it up first if anything changed since the last backup.

        Only a database small enough to copy in a moment is backed up here:
        closing must not keep a reviewer waiting a minute. A large one gets
        its backups during the session, in the background (`backup_due`).
        A database whose path no longer leads to it is rescued instead, whatever
        its size: what it holds is in no other file (`models.open_file`).
        """
        self._save_at_close(backup)
        self._engine.dispose()
        self._file.close()
        self._in_use.release()

    def _save_at_close(self, backup: bool) -> None:
        if self.lost():
            self._rescue_at_close()
        elif backup and self.changes_since_backup and quick_to_back_up(self.path):
            try:
                self.backup("close")
            except NamesakeError:
                pass  # closing must not fail: the decisions themselves are committed

    def _rescue_at_close(self) -> None:
        try:
            self._file.rescue()  # nothing copies if the copy made while open holds everything
        except NamesakeError:
            pass  # closing must not fail; the window said it could not be copied, and kept the reviewer from quitting

    # Safety -------------------------------------------------------------

    @property
    def backup_due(self) -> bool:
        return self.changes_since_backup >= BACKUP_EVERY

    def backup(self, reason: str = "decisions", pruned: bool = True) -> Backup:
        self._file.refuse_if_lost()  # the path may lead to another file, which would be kept as this one's backup
        counted = self.changes_since_backup  # changes made while it copies still count towards the next
        made = make_backup(self.path, reason, pruned=pruned)
        self.changes_since_backup = max(0, self.changes_since_backup - counted)
        return made

    def backups(self) -> list[Backup]:
        return list_backups(self.path)

    def made_since(self, backups: Sequence[Backup]) -> list[queries.MadeSince]:
        """For each backup, the changes and imports logged after it was made: what restoring it replaces."""
        with reading(self._engine) as conn:
            return queries.made_since(conn, [backup.made_at for backup in backups])

    def integrity_problems(self, quick: bool = True) -> list[str]:
        return integrity_problems(self._engine, quick)

    def why_read_only(self) -> str | None:
        """Why the database cannot be written (`models.db.why_read_only`); None if it can."""
        return why_read_only(self.path)

    def lost(self) -> str | None:
        """Why the database's path no longer leads to the file this store has open (moved, deleted, replaced);
        None while it does. Once lost, nothing more is written to the file (`models.open_file`)."""
        return self._file.lost()

    def rescue(self, elsewhere: Sequence[Path] | None = None) -> Path:
        """Copy the lost file, with every change it holds, to a new file beside where it was (`OpenFile.rescue`)."""
        return self._file.rescue(elsewhere)

    def rescue_outdated(self) -> bool:
        return self._file.rescue_outdated()

    def _counted(self, change: Change | None) -> Change | None:
        if change is not None and not change.empty:
            self.changes_since_backup += 1
        return change

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Import -------------------------------------------------------------

    def import_files(
        self, paths: Sequence[str | Path], options: ImportOptions = ImportOptions(), progress: Progress | None = None,
        shown: Callable[[str], str] | None = None,
    ) -> list[FileReport]:
        """Read and store every file in one transaction: all or nothing, cancel included.

        Readers stream: a damaged record late in a big file is found while
        writing, and rolls back everything this call wrote. `shown` says how to
        name a file read from a temporary folder (unpacked from an archive).
        """
        from models.sources import read_source  # the readers load only when something is imported

        sources = [read_source(path, options.fold_diacritics) for path in paths]
        if shown is not None:
            for source in sources:
                source.shown_path = shown(source.path)
        reports = self.import_parsed(sources, options, progress)
        if shown is not None:  # a lenient reader's repairs and notes name the file they were in
            for report in reports:
                report.warnings = [shown(line) for line in report.warnings]
                report.repairs = [shown(line) for line in report.repairs]
                report.skipped = [shown(line) for line in report.skipped]
        return reports

    def import_paths(
        self, paths: Sequence[str | Path], options: ImportOptions = ImportOptions(), progress: Progress | None = None
    ) -> ImportOutcome:
        """What `import` and File → Import read: files, data-set folders, plain folders for the source
        files in them, and archives (zip, tar) as their folders; with the reports, why each file of a
        folder was left out (a README, a DTD...).

        All or nothing, as `import_files`. A choice with nothing to read in it is an error, naming it.
        A database that already holds papers is backed up first: an import cannot be undone paper by
        paper (it merges into clusters under review), but File → Restore a backup takes it back whole.
        """
        from models.formats.archives import Unpacked

        with Unpacked() as unpacked:
            try:
                return self._import_expanded(paths, options, progress, unpacked)
            except SourceError as error:
                shown = unpacked.shown_error(error)
                if shown is error:
                    raise
                raise shown from None  # named through the archive; the temporary folder's name is noise

    def _import_expanded(
        self, paths: Sequence[str | Path], options: ImportOptions, progress: Progress | None, unpacked: Unpacked,
    ) -> ImportOutcome:
        from models.sources import expand_paths

        files, left_out = expand_paths(list(paths), unpacked)
        left_out = [unpacked.shown(why) for why in left_out]
        if not files:
            chosen = ", ".join(map(str, paths)) or "nothing chosen"
            raise SourceError(chosen, None, "no source file to import" + "".join(f"\n  left out: {why}" for why in left_out))
        before = self._backup_before_import()
        try:
            reports = self.import_files(files, options, progress, unpacked.shown)
        except BaseException:
            if before is not None:  # refused or cancelled: nothing changed, and the copy would push out an older one
                before.path.unlink(missing_ok=True)
            raise
        outcome = ImportOutcome(reports, left_out, before)
        if before is not None and not outcome.changed:  # nothing to take back, and it would push out a backup that has
            before.path.unlink(missing_ok=True)  # something to: those made before an import are kept 3 at most
            return outcome._replace(backup_before=None)
        if before is not None:
            prune(self.path, keep_for(self.path))
        return outcome

    def _backup_before_import(self) -> Backup | None:
        """The database as it is, if it holds papers and copies in a moment (as on close; a big file's
        copy would hold the import up for minutes). Nothing is pruned until the import has succeeded, so a
        failed import leaves the backups as they were."""
        if not quick_to_back_up(self.path):
            return None
        with reading(self._engine) as conn:
            if _ANY_PAPER.scalar(conn) is None:
                return None
        return self.backup("before-import", pruned=False)

    def import_parsed(
        self, sources: Sequence[ParsedSource], options: ImportOptions = ImportOptions(), progress: Progress | None = None
    ) -> list[FileReport]:
        at = self._clock()
        reports = []
        writes = ImportWrites()  # a paper two files give: the last stands, counted once
        with writing(self._engine) as conn, import_cache(conn), rare_collections():
            for number, source in enumerate(sources, start=1):
                tell = _status_reporter(progress, number, len(sources), source) if progress else None
                written_before = _rows_written(conn)
                reports.append(write_source(conn, source, self.reviewer, at, tell, options, writes))
                reports[-1].rows_written = _rows_written(conn) - written_before
            for source, report in zip(sources, reports):  # counts final: a later file may take a paper off an earlier one's
                log_import(conn, source, report, self.reviewer, at)
        return reports

    def import_bundled_example(self) -> list[FileReport]:
        return self.import_files([bundled_example()])

    # Reading ------------------------------------------------------------

    def clusters(self) -> list[ClusterSummary]:
        with reading(self._engine) as conn, rare_collections():  # 200,000 clusters: 400,000 tuples made
            return queries.list_clusters(conn)

    def is_empty(self) -> bool:
        with reading(self._engine) as conn:
            return not queries.any_cluster(conn)

    def cluster(self, cluster_id: int) -> ClusterSummary:
        with reading(self._engine) as conn:
            return queries.cluster_summary(conn, cluster_id)

    def find_cluster(self, name: str) -> ClusterSummary:
        """The cluster of a name, however it is cased or spaced."""
        with reading(self._engine) as conn:
            return queries.find_cluster(conn, cluster_key(name))

    def cluster_to_resume(self, last_open: int | None) -> ClusterSummary | None:
        """Where a session starts (`queries.cluster_to_resume`), without listing every cluster."""
        with reading(self._engine) as conn:
            return queries.resume_cluster(conn, last_open)

    def clusters_among(self, cluster_ids: Iterable[int]) -> list[ClusterSummary]:
        """The summaries of these clusters that still exist (others' changes to a few of many)."""
        found = []
        with reading(self._engine) as conn:
            for cluster_id in sorted(set(cluster_ids)):
                try:
                    found.append(queries.cluster_summary(conn, cluster_id))
                except NotFoundError:
                    pass  # gone since (a restored backup)
        return found

    def load_cluster(self, cluster_id: int) -> ClusterContents:
        # One snapshot: the states and the log id they are valid through. 100,000 papers make 200,000
        # tuples that all live on; at Python's pace the collector walked them, and the window's every
        # object, again and again: the load took 1.17-1.53 s in the window's process, 0.94-1.14 s now.
        with reading(self._engine) as conn, rare_collections():
            contents = queries.load_cluster(conn, cluster_id)
            through = queries.last_action_id(conn)
        # Often on a worker thread while the GUI thread writes: the attribute is replaced whole, and
        # states loaded before a write that came in between fail `_known_in`'s check and are read again.
        self._known = KnownStates(cluster_id, through, (paper.paper_id for paper in contents.papers), contents.decisions)
        return contents

    def abstract(self, paper_id: int) -> str | None:
        with reading(self._engine) as conn:
            return queries.abstract(conn, paper_id)

    def abstracts(self, cluster_id: int) -> dict[int, str]:
        with reading(self._engine) as conn:
            return queries.abstracts(conn, cluster_id)

    def reference_labels(self, cluster_id: int) -> dict[int, str]:
        """paper id → true person, where a labelled data set says (for evaluation only)."""
        with reading(self._engine) as conn:
            return queries.reference_labels(conn, cluster_id)

    def dismissed_groups(self, cluster_id: int) -> list[frozenset[int]]:
        with reading(self._engine) as conn:
            return queries.dismissed_groups(conn, cluster_id)

    def people(self, cluster_id: int, counted: bool = True) -> list[PersonSummary]:
        """The cluster's people; with `counted` False, each with 0 papers (see `queries.list_people`)."""
        with reading(self._engine) as conn:
            return queries.list_people(conn, cluster_id, counted)

    def follow(self, contents: ClusterContents, change: Change) -> None:
        """Bring contents loaded from this store up to a change this store made since.

        Counts follow from the change itself, and only what it touched is read
        again, in one read: late in the review of a 100,000-paper cluster,
        counting the decisions again made a new person take ~90 ms.
        """
        decisions = contents.decisions
        moved = history.people_moved(decisions, change.decisions)
        contents.verdicts.update(history.verdicts_moved(decisions, change.decisions))
        history.merge_decisions(decisions, change.decisions)
        contents.cluster = cluster = contents.cluster._replace(decided=len(decisions), unsure=contents.verdicts[Verdict.UNSURE])
        if moved and not change.people:
            contents.people = [replace(p, papers=p.papers + moved.get(p.id, 0)) for p in contents.people]
        if not (change.people or change.author_rows or change.dismissals):
            return
        with reading(self._engine) as conn:
            if change.people:  # removed people hold no papers; a new one holds only what the change gave it
                held = {person.id: person.papers for person in contents.people}
                uncounted = queries.list_people(conn, cluster.id, counted=False)
                contents.people = [replace(p, papers=held.get(p.id, 0) + moved.get(p.id, 0)) for p in uncounted]
            if change.people or change.author_rows:
                contents.author_rows = queries.cluster_author_rows(conn, cluster, contents.papers_per_row)
            if change.dismissals:
                contents.dismissed = queries.dismissed_groups(conn, cluster.id)

    # Deciding -----------------------------------------------------------

    def decide(
        self, cluster_id: int, paper_ids: Iterable[int], verdict: Verdict | None, person_id: int | None = None,
        note=KEEP_NOTE, expected: dict[int, DecisionState | None] | None = None, first_person_name: str | None = None,
        kind: str = "decide",
    ) -> Change:
        """Decide every paper given (None clears); `Verdict.PERSON` without a person means the first.

        `expected`: the states the reviewer saw (absent or None = undecided); if another
        window changed a paper since, `ConflictError` and nothing is written.
        `first_person_name`: what to name the first person if this decision creates it.
        `kind`: what the history calls it (`ACCEPT_KIND` for a suggestion accepted).
        """
        paper_ids = list(paper_ids)

        def act(action: Action) -> None:
            person = person_id
            if verdict is Verdict.PERSON and person is None:
                person = people.first_person(action, first_person_name)
            action.label = review.decision_label(len(paper_ids), verdict, self._label_of(action, person))
            review.decide(action, paper_ids, verdict, person, note, expected)

        return self._act(cluster_id, kind, act)

    def annotate(
        self, cluster_id: int, paper_ids: Iterable[int], note: str | None, expected: dict[int, DecisionState | None] | None = None,
    ) -> Change:
        """Put a note on the decisions of these papers; `expected` as for `decide` (`ConflictError`, nothing written)."""
        paper_ids = list(paper_ids)
        label = review.note_label(len(paper_ids), note)
        return self._act(cluster_id, "note", lambda action: review.annotate(action, paper_ids, note, expected), label)

    # People -------------------------------------------------------------

    def create_person(
        self, cluster_id: int, paper_ids: Iterable[int] = (), label: str | None = None, display_name: str | None = None,
        kind: str = "create person",
    ) -> Change:
        """A new person holding these papers; its label is in `change.label`; `kind` as for `decide`."""
        paper_ids = list(paper_ids)

        def act(action: Action) -> None:
            person_id = people.create_person(action, paper_ids, label, display_name)
            action.label = review.new_person_label(len(paper_ids), self._label_of(action, person_id))

        return self._act(cluster_id, kind, act)

    def edit_person(self, cluster_id: int, person_id: int, **fields: str | None) -> Change:
        """Rename (`label=`) or edit the profile: display_name, affiliation, orcid, homepage, note. Its label says
        what changed ("rename Lei Wang (2) to Lei Wang (NTU)", `person_labels.edit_words`)."""
        return self._act(cluster_id, EDIT_PERSON, lambda action: people.edit_person(action, person_id, **fields))

    def merge_people(self, cluster_id: int, keep_id: int, merged_id: int) -> Change:
        def act(action: Action) -> None:
            action.label = f"merge {self._label_of(action, merged_id)} into {self._label_of(action, keep_id)}"
            people.merge_people(action, keep_id, merged_id)

        return self._act(cluster_id, "merge people", act)

    def remove_person(self, cluster_id: int, person_id: int) -> Change:
        def act(action: Action) -> None:
            action.label = f"remove {self._label_of(action, person_id)}"
            people.remove_person(action, person_id)

        return self._act(cluster_id, "remove person", act)

    def link_author_row(self, cluster_id: int, row_id: int, person_id: int | None, mixed: bool = False) -> Change:
        """Say which person an author row is (or that it is mixed; both None: unknown again)."""
        act = lambda action: people.link_author_row(action, row_id, person_id, mixed)  # noqa: E731
        return self._act(cluster_id, "link author row", act, "author row")

    def dismiss_group(self, cluster_id: int, paper_ids: Iterable[int]) -> Change:
        """A suggested group the reviewer turned down: never suggested again (undo brings it back)."""
        paper_ids = list(paper_ids)
        label = f"dismiss a suggestion of {papers_count(len(paper_ids))}"
        return self._act(cluster_id, "dismiss suggestion", lambda action: people.dismiss_group(action, paper_ids), label)

    # Undo ---------------------------------------------------------------

    def undo(self, cluster_id: int) -> Change | None:
        """Take back this reviewer's newest action in the cluster still in force; None if there is none.

        `StepRefused` if papers of it were changed since: nothing of it is written, and it leaves the
        undo history (committed), so the next undo goes on to the action before it.
        """
        return self._replay(cluster_id, history.undo)

    def redo(self, cluster_id: int) -> Change | None:
        """Put back the oldest action undone; None if there is none; `StepRefused` as for `undo`."""
        return self._replay(cluster_id, history.redo)

    def _replay(self, cluster_id: int, replay: Callable[..., Change | None]) -> Change | None:
        refused: list[StepRefused] = []

        def write(conn: Connection, known: KnownStates | None) -> Change | None:
            try:
                return replay(conn, cluster_id, self.reviewer, self._clock(), known)
            except StepRefused as error:  # raised before the step wrote anything: only its leaving is committed
                history.leave_out(conn, error)
                refused.append(error)
                return None

        change = self._write(cluster_id, write)
        if refused:  # raised once committed: a step that stayed would refuse every undo after it
            raise refused[0]
        return self._counted(change)

    def can_undo(self, cluster_id: int) -> bool:
        return self.undo_redo_labels(cluster_id)[0] is not None

    def can_redo(self, cluster_id: int) -> bool:
        return self.undo_redo_labels(cluster_id)[1] is not None

    def undo_redo_labels(self, cluster_id: int) -> tuple[str | None, str | None]:
        """What undo and redo would take back or put back; None where there is nothing."""
        with reading(self._engine) as conn:
            return history.step_label(conn, history.undo_target(conn, cluster_id, self.reviewer)), history.step_label(
                conn, history.redo_target(conn, cluster_id, self.reviewer)
            )

    def activity_since(self, action_id: int) -> tuple[list[tuple[int, int, str]], int]:
        """(action id, cluster id, reviewer) of every action logged after `action_id`, oldest first,
        and the newest import's number, read together: what a window polls to see other programs' work."""
        with reading(self._engine) as conn:
            return queries.actions_since(conn, action_id), queries.last_import_id(conn)

    def last_action_id(self) -> int:
        with reading(self._engine) as conn:
            return queries.last_action_id(conn)

    def last_import_id(self) -> int:
        """The newest import's number (0: none yet): another program's import shows as a new number."""
        with reading(self._engine) as conn:
            return queries.last_import_id(conn)

    def paper_history(self, cluster_id: int, paper_id: int) -> list[HistoryEntry]:
        with reading(self._engine) as conn:
            return queries.paper_history(conn, cluster_id, paper_id)

    def _act(self, cluster_id: int, kind: str, act: Callable[[Action], None], label: str = "") -> Change:
        """Run one reviewer action in its own transaction; committed when this returns."""

        def write(conn: Connection, known: KnownStates | None) -> Change:
            action = Action(conn, cluster_id, kind, self.reviewer, self._clock(), label, known)
            act(action)
            return action.finish()

        return self._counted(self._write(cluster_id, write))

    def _write(self, cluster_id: int, write: Callable[[Connection, KnownStates | None], Change | None]) -> Change | None:
        """`write` in one transaction, given the cluster's states if this store knows them; committed when this returns."""
        try:
            return self._write_once(cluster_id, write, use_known=True)
        except (history.StatesChanged, IntegrityError, sqlite3.IntegrityError):  # (Prepared runs the driver's own)
            if self._known is None:
                raise
            # The table did not hold the states this store knew (a write the log does not show: an
            # UPDATE that missed, an INSERT of a decided paper). Nothing was written: read them instead.
            self._known = None
            return self._write_once(cluster_id, write, use_known=False)

    def _write_once(self, cluster_id: int, write: Callable[[Connection, KnownStates | None], Change | None], use_known: bool) -> Change | None:
        with writing(self._engine) as conn:
            known = self._known_in(conn, cluster_id) if use_known else None
            change = write(conn, known)
        return self._followed(known, change)

    def _known_in(self, conn: Connection, cluster_id: int) -> KnownStates | None:
        """The states this store knows of the cluster, if the log says they are still the database's.

        Read inside a write transaction, which holds the write lock: no other
        program can log an action between this check and the commit.
        """
        known = self._known
        return known if known is not None and known.valid(cluster_id, queries.last_action_id(conn)) else None

    @staticmethod
    def _followed(known: KnownStates | None, change: Change | None) -> Change | None:
        """Bring the known states up to a committed change that began while they were valid."""
        if known is not None:
            known.follow(change)
        return change

    @staticmethod
    def _label_of(action: Action, person_id: int | None) -> str | None:
        if person_id is None:
            return None
        return person_labels.label_of(action.conn, person_id)

    # Export -------------------------------------------------------------

    def export_cluster(self, cluster_id: int) -> dict:
        """One cluster's review as the JSON export's object."""
        with reading(self._engine) as conn:
            return gather.cluster_export(conn, cluster_id, self._now_text())

    def export(self, cluster_ids: Iterable[int], fmt: str, progress: Callable[[int], None] | None = None) -> dict[str, str]:
        """The clusters rendered in a format, in memory: {file name: text}; "" names a single file."""
        streams: dict[str, io.StringIO] = {}
        self.export_into(cluster_ids, fmt, lambda name: streams.setdefault(name, io.StringIO(newline="")), progress)
        return {name: stream.getvalue() for name, stream in streams.items()}

    def export_to(self, cluster_ids: Iterable[int], fmt: str, target: Path, progress: Callable[[int], None] | None = None) -> list[Path]:
        """The clusters written in a format to `target` (a folder for a folder format), written whole or not
        at all; the paths written. Each cluster is written as it is gathered: memory stays flat."""
        try:
            with export_files(Path(target)) as (open_file, opened):
                self.export_into(cluster_ids, fmt, open_file, progress)
        except OSError as error:
            raise ExportNotWritten(target, error) from error
        return opened

    def export_into(self, cluster_ids: Iterable[int], fmt: str, open_file: exports.OpenFile, progress: Callable[[int], None] | None = None) -> None:
        """Gather the clusters one by one and hand each to the format's writer, which writes it into `open_file`'s streams.

        `progress` is told how many clusters are gathered after each one (about 0.5 ms a small cluster:
        every cluster of a dblp import, 200,000, takes 2 minutes); raising from it stops the export.
        """
        cluster_ids = list(cluster_ids)
        exported_at = self._now_text()
        writer = exports.writer(fmt, open_file, exported_at, len(cluster_ids))
        with reading(self._engine) as conn:
            for done, cluster_id in enumerate(cluster_ids, 1):
                writer.add(gather.cluster_export(conn, cluster_id, exported_at))
                if progress is not None:
                    progress(done)
        writer.finish()

    def clusters_to_export(self, names: Iterable[str] = (), all_clusters: bool = False, done_only: bool = False) -> list[ClusterSummary]:
        """The clusters named (any case), or all of them; only the done ones if asked."""
        chosen = self.clusters() if all_clusters or (done_only and not names) else [self.find_cluster(n) for n in names]
        return [c for c in chosen if c.status is Status.DONE] if done_only else chosen

    def _now_text(self) -> str:
        return self._clock().isoformat(timespec="seconds")


__all__ = ["Store", "NotFoundError", "Verdict", "Change", "bundled_example", "default_reviewer"]
