"""The main window: builds the panes, the menus and the toolbar, and wires them.

It holds no review logic: actions go to the `ReviewController`, which calls
the `ReviewSession`; each pane refreshes from the session's notices.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog, QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QProgressDialog, QSplitter, QTabWidget, QToolBar,
    QVBoxLayout, QWidget,
)

from gui.actions import ASSIGN_KEYS, SORT_ACTIONS, SORT_COLUMNS, build_actions, keys_table_html
from gui.app import WINDOW_SIZE
from gui.cluster_list import NO_CLUSTERS, ClusterList
from gui.controller import Panes, ReviewController, window_title
from gui.detail_pane import PaperDetail
from gui.export_dialog import ExportDialog
from gui.file_drops import local_paths
from gui.focus_ring import ring_tab_stops
from gui.held_keys import HeldWhileOpening
from gui.history_view import HistoryView
from gui.icons import icon
from gui.import_dialog import ImportDialog
from gui.inks import ink
from gui.live_text import LiveText
from gui.menu_focus import MenuFocus
from gui.keys_dialog import KeysDialog
from gui.papers_model import ALL, NUMBER, REVIEW_NEXT, View
from gui.papers_pane import PapersPane
from gui.safety_texts import lost_file_banner, pending_question
from gui.session import ReviewSession
from gui.status_line import QtStatusBar
from gui.settings import ask_reviewer, save_export_choice, saved_export_choice
from gui.workers import DisposableRunner
from gui.side_panel import SidePanel
from models.backup import Restored, damage_offer, described_backup, restore_backup, restore_choice, restore_prompt
from models.cluster_listing import ClusterListing
from models.db import upgrade_file
from models.decided_changes import decided_changes_headline
from models.conflicts import cluster_conflicts
from models.damage import found_by_check
from models.errors import DatabaseDamaged, NamesakeError
from models.importing import ImportCancelled
from models.queries import ClusterContents
from models.review import counted, papers_count
from models.schema import Verdict
from models.store import Store

# A message said this shortly before the session got busy is said again, for this long, once it is not.
JUST_SAID_S = 2.0
SAID_AGAIN_MS = 8_000
SOURCE_NAMES = {"arrow": "the Arrow page"}

MENUS = {
    "&File": ["import", "export", "stop_export", "stop_import", None, "reviewer", None, "check_database", "restore_backup", None, "quit"],
    "&Edit": ["undo", "redo", None, "find", "note"],
    "&Decide": ["decide_person", "decide_rejected", "decide_unsure", "decide_clear", None, "new_person",
                *(f"assign_{n}" for n in range(1, ASSIGN_KEYS + 1)), None, "accept_suggestion", "dismiss_suggestion"],
    "&View": ["show_all", "show_undecided", "show_unsure", None, ("Sort &by", ["source_order", "review_next", None, *SORT_ACTIONS]),
              None, "history"],
    "&Go": ["next_paper", "previous_paper", "next_undecided", None, "next_cluster", "back_cluster", "forward_cluster", "find_cluster"],
    "&Help": ["keys"],
}
TOOLBAR = ["decide_person", "decide_rejected", "decide_unsure", "decide_clear", "new_person", None, "undo", "redo", None,
           "find", "next_cluster"]
CONTEXT_MENU = ["decide_person", "decide_rejected", "decide_unsure", "decide_clear", "new_person", None, "note", "history"]


def cluster_heading(contents: ClusterContents, conflicts: list[str] = ()) -> str:
    cluster = contents.cluster
    declared = []
    if cluster.declared_papers is not None:
        declared.append(papers_count(cluster.declared_papers))
    if cluster.declared_author_rows is not None:
        declared.append(counted(cluster.declared_author_rows, "author row"))
    said = f" · {SOURCE_NAMES.get(cluster.source, cluster.source)} declares {', '.join(declared)}" if declared else ""
    spelled = ""
    if len(contents.variants) > 1:
        shown = ", ".join(f"{name} ({count})" for name, count in contents.variants[:4])
        more = len(contents.variants) - 4
        spelled = f" · spelled {shown}" + (f" and {more} more ways" if more > 0 else "")
    warned = "".join(f"<br><span style='color:{ink('amber')}'>⚠ {escape(w)}</span>" for w in conflicts)
    # The heading wraps in a narrow window, but never inside the name or the count ("Bin / Yu / 105 / papers").
    name = f"<b style='font-size:large; white-space:nowrap'>{escape(cluster.name)}</b>"
    return f"{name} &nbsp; {papers_count(cluster.papers).replace(' ', '&nbsp;')}{escape(said)}{escape(spelled)}{warned}"


class MainWindow(QMainWindow):
    # The reviewer closed the window (a close refused for unsaved changes is not one), leaving this
    # `layout_state`. Passed along, so a receiver need not hold the window (a lambda holding it would make a
    # cycle, and the garbage collector would then delete the window at any moment, even in a walk over widgets).
    closed = Signal(object)
    # The cluster shown and the id of its current paper (None: no row current), for the next start: sent when a
    # cluster shows and as the window closes, not at each key (`gui.app._remember_places`). Ids, as `closed` does.
    place_to_keep = Signal(int, object)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Namesake")
        self.setWindowIcon(icon("namesake"))
        self.window_actions = build_actions(self)
        self.clusters = ClusterList(self)
        self.papers = PapersPane(self)
        self.detail = PaperDetail(self)
        self.history = HistoryView(self)
        self.details = QTabWidget(self)
        self.side = SidePanel(self)
        self.decided_label = LiveText(self)  # changes with every decision: see gui/live_text.py
        self.splitters: dict[str, QSplitter] = {}  # by name, for the layout kept between sessions
        self.busy_bar = QProgressBar(self)
        self.banner = QLabel(self)
        self.checker = DisposableRunner(self)
        self.keys_dialog: KeysDialog | None = None  # F1's, once shown
        self._busy_message = ""  # what the status bar says while the session works (`_show_busy`)
        self._said_before_busy = ""
        self._said_at = 0.0  # when the status bar last said something
        self._pending_shown = False  # whether the banner shows changes not saved yet
        self.setStatusBar(QtStatusBar(self))  # a long message ends in "…", not cut where the reviewer's name begins
        self.statusBar().messageChanged.connect(self._note_said)
        self._build_layout()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        ring_tab_stops(self)
        panes = Panes(self.papers, self.side, self.clusters, self.details, self.detail, self.history, self.statusBar(), self.decided_label)
        self.controller = ReviewController(session, panes, self.window_actions, self)
        self.held_keys = HeldWhileOpening(lambda: self.session.opening, self._cluster_name, self.statusBar().showMessage)
        self._connect()
        self.controller.update_actions()
        self._show_read_only(session.why_read_only)
        self.resize(*WINDOW_SIZE)
        self.setAcceptDrops(True)  # source files dropped from a file manager: the import dialog, holding them

    # Building --------------------------------------------------------------

    def _build_layout(self) -> None:
        self.details.addTab(self.detail, "Paper")
        self.details.addTab(self.history, "History")
        self.details.setDocumentMode(True)
        centre = QSplitter(Qt.Orientation.Vertical, self)
        centre.addWidget(self.papers)
        centre.addWidget(self.details)
        centre.setSizes([520, 300])
        main = QSplitter(Qt.Orientation.Horizontal, self)
        for widget in (self.clusters, centre, self.side):
            main.addWidget(widget)
        main.setSizes([285, 865, 290])
        # A narrower window takes three parts of the width from the papers and one from each side, down to
        # the sides' least: only the papers gave way, and on a 1,024-pixel screen they kept 480 pixels.
        for index, stretch in enumerate((1, 3, 1)):
            main.setStretchFactor(index, stretch)
        self.splitters.update(main=main, centre=centre, side=self.side.split)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff8c5; color: #4d2d00; border: 1px solid #d4a72c; padding: 6px")
        self.banner.setVisible(False)
        top = QWidget(self)
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(main, 1)
        self.setCentralWidget(top)

    def _build_menus(self) -> None:
        for title, names in MENUS.items():
            self._fill_menu(self.menuBar().addMenu(title), names)
        self.menu_focus = MenuFocus(self.menuBar())  # Esc on a menu gives the keys back to the papers
        self.papers.table.customContextMenuRequested.connect(self._papers_context_menu)

    def _fill_menu(self, menu: QMenu, names: list) -> None:
        """The actions named, None a separator, (title, names) a submenu."""
        for name in names:
            if name is None:
                menu.addSeparator()
            elif isinstance(name, tuple):
                self._fill_menu(menu.addMenu(name[0]), name[1])
            else:
                menu.addAction(self.window_actions[name])

    def _papers_context_menu(self, position) -> None:
        menu = self.papers_context_menu()
        menu.exec(self.papers.table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def papers_context_menu(self) -> QMenu:
        """The papers' context menu: the decision actions, and "Move to" any person."""
        menu = QMenu(self)
        for name in CONTEXT_MENU:
            menu.addSeparator() if name is None else menu.addAction(self.window_actions[name])
        move_to = menu.addMenu("Move to")
        for person in self.session.contents.people if self.session.contents else []:
            move_to.addAction(person.label, lambda p=person.id: self.controller.decide(Verdict.PERSON, p))
        move_to.addAction("New person", self.controller.new_person)
        return menu

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Review", self)
        toolbar.setObjectName("review-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in TOOLBAR:
            toolbar.addSeparator() if name is None else toolbar.addAction(self.window_actions[name])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setVisible(False)
        self.reviewer_label = QLabel(f"Reviewer: {self.session.store.reviewer}", self)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.reviewer_label)
        self.statusBar().addPermanentWidget(self.decided_label)

    def _connect(self) -> None:
        control = self.controller
        handlers = {
            "decide_person": lambda: control.decide(Verdict.PERSON),
            "decide_rejected": lambda: control.decide(Verdict.REJECTED),
            "decide_unsure": lambda: control.decide(Verdict.UNSURE),
            "decide_clear": lambda: control.decide(None),
            "new_person": control.new_person,
            "note": control.note,
            "undo": control.undo,
            "redo": control.redo,
            "find": self.papers.start_filter,
            "history": control.toggle_history,
            "show_all": lambda: control.show_view(ALL),
            "show_undecided": lambda: control.show_view(View("undecided")),
            "show_unsure": lambda: control.show_view(View("unsure")),
            "review_next": lambda: self.papers.set_order(REVIEW_NEXT),
            "source_order": lambda: self.papers.set_order(NUMBER),
            "accept_suggestion": lambda: control.accept_suggestion(),
            "dismiss_suggestion": lambda: control.dismiss_suggestion(),
            "next_paper": lambda: control.move_among_papers(lambda: self.papers.move_current(1)),
            "previous_paper": lambda: control.move_among_papers(lambda: self.papers.move_current(-1)),
            "next_undecided": control.next_to_review,
            "next_cluster": control.next_cluster,
            "back_cluster": control.back_cluster,
            "forward_cluster": control.forward_cluster,
            "find_cluster": self.clusters.start_finding,
            "import": lambda: self.choose_import(),
            "export": self.choose_export,
            "stop_export": self.session.cancel_export,
            "stop_import": self.stop_import,
            "reviewer": self.choose_reviewer,
            "restore_backup": self.choose_backup,
            "check_database": lambda: self.check_database(report_ok=True),
            "quit": self.close,
            "keys": self.show_keys,
            # `triggered` passes `checked` first: keep it away from the bound person number.
            **{f"assign_{n}": (lambda _checked=False, n=n: control.assign(n)) for n in range(1, ASSIGN_KEYS + 1)},
            **{name: (lambda _checked=False, column=column: control.sort_by(column)) for name, column in SORT_COLUMNS.items()},
        }
        for name, handler in handlers.items():
            self.window_actions[name].triggered.connect(self.held_keys.wrap(name, handler))
        for name in ("undo", "redo"):
            self._keys_said_when_off(self.window_actions[name], self.held_keys.wrap(name, handlers[name]))
        self.window_actions["stop_export"].setEnabled(False)  # while one is written (`_show_busy`)
        self.window_actions["stop_import"].setEnabled(False)  # while one runs (`_show_busy`)
        self.session.cluster_loaded.connect(self._show_heading)
        self.session.cluster_loaded.connect(self.held_keys.run_held)  # after the cluster is shown, on the paper it opens on
        self.session.cluster_loaded.connect(self._keep_place)  # where those keys left it
        self.session.failed.connect(self.held_keys.drop_held)
        self.session.damaged.connect(self.held_keys.drop_held)
        self.session.refreshed.connect(self._show_refreshed_heading)
        self.session.clusters_listed.connect(self._show_clusters)
        self.session.clusters_changed.connect(self.clusters.model.update_clusters)
        self.session.nothing_to_open.connect(self._say_nothing_to_open)
        self.session.busy.connect(self._show_busy)
        self.session.failed.connect(self._show_failure)
        self.session.damaged.connect(self._offer_backup)
        self.session.clusters_not_listed.connect(self.clusters.progress.setText)
        self.session.imported.connect(self._show_import)
        self.session.import_failed.connect(self._show_import_failure)
        self.session.exported.connect(self._show_export)
        self.session.export_cancelled.connect(lambda: self.statusBar().showMessage("Export cancelled: nothing was written.", 6000))
        self.session.pending_changed.connect(self._show_pending)
        self.session.read_only_changed.connect(self._show_read_only)
        self.session.file_lost.connect(lambda _lost: self._show_read_only(self.session.why_read_only))
        self.clusters.cluster_chosen.connect(self.session.open_cluster)
        self.clusters.finished_finding.connect(self.papers.table.setFocus)
        self.clusters.said.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.papers.said.connect(lambda message: self.statusBar().showMessage(message, 10_000))

    def _show_heading(self, contents: ClusterContents) -> None:
        conflicts = cluster_conflicts(contents.cluster, self.clusters.model.clusters())
        self.papers.heading.setText(cluster_heading(contents, conflicts))

    def _show_refreshed_heading(self, contents: ClusterContents, _by: str, _imported: bool) -> None:
        """An import elsewhere may have added papers: the heading kept the old count until the cluster was opened again."""
        self._show_heading(contents)

    def _cluster_name(self, cluster_id: int) -> str:
        """A cluster's name, as the list has it ("the next cluster" before the list has its name)."""
        return self.clusters.model.name_of(cluster_id) or "the next cluster"

    def _show_clusters(self, listing: ClusterListing) -> None:
        self.clusters.model.set_listing(listing)
        if self.session.contents is not None:  # a cluster far bigger than the others is said in its heading
            self._show_heading(self.session.contents)

    def _keys_said_when_off(self, action: QAction, handler) -> None:
        """The action's keys still reach `handler` while it is off, which says there is nothing to do: Qt drops the key
        of a disabled action, so an extra Ctrl+Z left the last line ("Undone: …", or a refusal) as if it had acted
        again, and an extra Ctrl+Shift+Z left a blank line. The button and menu item stay greyed."""
        for sequence in action.shortcuts():
            shortcut = QShortcut(sequence, self)
            shortcut.setEnabled(not action.isEnabled())
            shortcut.activated.connect(handler)
            action.enabledChanged.connect(lambda enabled, shortcut=shortcut: shortcut.setEnabled(not enabled))

    # Start-up --------------------------------------------------------------

    def start(self, last_open: int | None = None, paper_left: int | None = None) -> None:
        """List the clusters, open `last_open` (the cluster open when the last session ended) unless it is
        done, else the first one not done; check the file once it shows. `last_open` opens on `paper_left`,
        the paper current in it then, while it has that paper."""
        for notice in self._start_ended():
            notice.connect(self._check_once)
        if last_open is not None and paper_left is not None:
            self.controller.visits.left(last_open, paper_left)  # as a cluster left earlier in this session
        self.controller.resume_in(last_open)
        self.clusters.show_listing()  # the cluster to resume opens meanwhile
        self.session.list_clusters()
        self.session.resume(last_open)

    def _say_nothing_to_open(self) -> None:
        text = f"{NO_CLUSTERS} It reads Arrow pages, dblp, OpenAlex, Arnetminer, S2AND, LBD, ORCID and Namesake files."
        self.statusBar().showMessage(text)
        self.detail.say_why_empty(text)  # it asked to select a paper, in a database of none

    # Reporting -------------------------------------------------------------

    def _show_busy(self, message: str) -> None:
        """Say what runs in the background over what the status bar said, and say that again after."""
        self.busy_bar.setVisible(bool(message))
        self.window_actions["stop_export"].setEnabled(self.session.exporting)
        self.window_actions["stop_import"].setEnabled(self.session.importing)
        if message:
            if not self._busy_message:  # "Restored the backup…", then the load the restore starts: said again after
                just_said = time.monotonic() - self._said_at < JUST_SAID_S
                self._said_before_busy = self.statusBar().currentMessage() if just_said else ""
            self.statusBar().showMessage(message)
        elif self.statusBar().currentMessage() == self._busy_message:  # only its own: not what was said meanwhile
            self.statusBar().showMessage(self._said_before_busy, SAID_AGAIN_MS)
        self._busy_message = message

    def _note_said(self, message: str) -> None:
        if message and message != self._busy_message:
            self._said_at = time.monotonic()

    def _show_failure(self, title: str, message: str) -> None:
        QMessageBox.warning(self, f"Namesake — {title}", f"{title}.\n\n{message}")

    def _show_import(self, reports: list) -> None:
        added = sum(report.papers_added for report in reports)
        changed = decided_changes_headline(reports)  # stays until something else is said: it asks for a re-read
        message = f"Imported {counted(len(reports), 'file')}: {papers_count(added)} added."
        self.statusBar().showMessage(f"{message} {changed}" if changed else message, 0 if changed else 8000)

    def _show_import_failure(self, title: str, message: str) -> None:
        """In the status bar until something else is said, and in a message unless the import dialog is there to
        show it: closed with Esc during the import, the dialog took the failure with it and nothing was said, so a
        reviewer believed the papers were imported. A damaged file's failure has the damage dialog instead."""
        what = self.session.importing_what
        self.statusBar().showMessage(f"{title}: {what}. The database is as it was before.")
        error = self.session.import_error
        if isinstance(error, (ImportCancelled, DatabaseDamaged)) or self._import_dialog_shown():
            return
        QMessageBox.warning(
            self, f"Namesake — {title}",
            f"{title}: {what}.\n\nThe database is as it was before this import: nothing of it was kept. "
            f"Import again once the cause below is mended.\n\n{message}",
        )

    def _import_dialog_shown(self) -> bool:
        return any(dialog.isVisible() for dialog in self.findChildren(ImportDialog))

    # Files and settings ------------------------------------------------------

    def _running_import(self) -> ImportDialog | None:
        return next((dialog for dialog in self.findChildren(ImportDialog) if dialog.running), None)

    def stop_import(self) -> None:
        dialog = self._running_import()
        if dialog is not None:
            dialog.cancel_import()  # its status says it is being rolled back
        else:
            self.session.cancel_import()

    def choose_import(self, paths: list[str] | None = None) -> ImportDialog:
        """The import dialog; it stays open to show progress and the summary. While an import runs, its dialog
        (Ctrl+O opened an empty one, with no progress and no Cancel for the import running)."""
        running = self._running_import()
        if running is not None:
            if paths:
                self.statusBar().showMessage("An import is running: add those files once it has ended.", 8000)
            running.show()
            running.raise_()
            running.activateWindow()
            return running
        dialog = ImportDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.add_paths(paths or [])
        dialog.show()
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if not paths:
            return
        event.acceptProposedAction()
        open_dialog = next((d for d in self.findChildren(ImportDialog) if d.isVisible() and d.choosing), None)
        if open_dialog is None:
            self.choose_import(paths)
        else:  # one list to import: the reviewer may drop files one after another
            open_dialog.add_paths(paths)
            open_dialog.raise_()
            open_dialog.activateWindow()

    def choose_export(self) -> None:
        chosen = self.clusters.chosen_clusters()
        last_format, last_folder = saved_export_choice()
        dialog = ExportDialog(self.session.cluster, chosen, self.clusters.model.clusters(), self, last_format, last_folder)
        if dialog.exec():
            save_export_choice(dialog.chosen_format(), dialog.chosen_path().parent)
            self.export_to([c.id for c in dialog.chosen_clusters()], dialog.chosen_format(), dialog.chosen_path())

    def export_to(self, cluster_ids: list[int], fmt: str, path: Path) -> None:
        """Render and write the export off the GUI thread; written atomically (`ReviewSession.export_clusters`)."""
        self.session.export_clusters(cluster_ids, fmt, path)

    def _show_export(self, clusters: int, fmt: str, path: str) -> None:
        self.statusBar().showMessage(f"Exported {counted(clusters, 'cluster')} as {fmt} to {path}", 6000)

    def choose_reviewer(self) -> None:
        name = ask_reviewer(self, self.session.store.reviewer)
        if name:
            self.session.store.reviewer = name
            self.reviewer_label.setText(f"Reviewer: {name}")

    def _show_pending(self, pending: list) -> None:
        self.papers.model.set_pending({paper_id: change.decided for change in pending for paper_id in change.paper_ids})
        self.papers.fit_decision_column()
        if not pending and self._pending_shown and self.session.waiting_saved:  # else one was refused, and said so
            self.statusBar().showMessage("Every waiting change is saved now.", 6000)
        self._pending_shown = bool(pending)
        self._show_banner()

    def _show_read_only(self, why: str) -> None:
        """From the start, and for as long as it holds: the reviewer learned it only at their first decision.
        So is a database file moved or deleted while open (`ReviewSession.lost_file`)."""
        cluster = self.session.contents.cluster.name if self.session.contents else None
        self.setWindowTitle(window_title(cluster, bool(why), lost=self.session.lost_file is not None))
        self._show_banner()

    def _show_banner(self) -> None:
        """A database file lost while open, first: nothing more is saved, whatever the changes waiting; then the
        damage of the file, if said; then the changes not saved yet; else, on a database that cannot be written,
        that decisions will wait."""
        pending, why, lost, damage = self.session.pending, self.session.why_read_only, self.session.lost_file, self.session.damage
        if lost is not None:
            self.banner.setText(lost_file_banner(lost, len(pending)))
        elif damage is not None:
            self.banner.setText(f"⚠ {damage} File → Restore a backup… puts a good backup in its place.")
        elif pending:
            count = len(pending)
            self.banner.setText(
                f"⚠ {count} change{'s are' if count > 1 else ' is'} not saved yet: {pending[0].error}. "
                f"Namesake keeps {'them' if count > 1 else 'it'} and tries again every few seconds. "
                f"{pending[0].advice}; do not quit until this is gone."
            )
        elif why:
            self.banner.setText(
                f"⚠ This database is read-only: {why}. Decisions you make will wait, not saved, until it can be written: "
                "make its files (with -wal and -shm) and its folder writable, or open a copy you can write."
            )
        self.banner.setVisible(bool(pending or why or lost or damage))

    def _start_ended(self) -> tuple:
        """The notices, one of which ends the start-up: the first cluster shown, none to show, or a failure."""
        session = self.session
        return session.cluster_loaded, session.nothing_to_open, session.failed, session.damaged

    def _check_once(self, *_ended) -> None:
        """Once the start-up has ended, not beside the first cluster's load: the check reads the whole file. Also when
        no cluster could be shown: it waited for one, and on a damaged file said nothing in 100 s. Whichever notice
        came first, none calls it again."""
        for notice in self._start_ended():
            notice.disconnect(self._check_once)
        if self.session.damage is None:  # else already said, by the read that met it
            self.check_database(report_ok=False)

    def check_database(self, report_ok: bool) -> None:
        """Let SQLite check the file on a thread of its own (quitting never waits for it)."""
        store = self.session.store
        self.checker.start(
            lambda: store.integrity_problems(quick=not report_ok),
            lambda problems: self._checked(problems, report_ok),
            lambda error: self._checked([str(error)], report_ok),
        )

    def _checked(self, problems: list, report_ok: bool) -> None:
        if problems:  # said as any read that meets the damage says it, the newest good backup offered
            self.session.say_damaged("The database check found damage", found_by_check(self.session.store.path, problems), again=report_ok)
        elif report_ok:
            said = f"The database file {self.session.store.path} is sound: no damage found."  # which file: it named none
            QMessageBox.information(self, "Namesake — database check", said)

    def _offer_backup(self, title: str, damage: DatabaseDamaged) -> None:
        """Whatever met the damage (the start-up's listing, a cluster's load, a decision, the check): the file named,
        what happened, and the newest good backup offered in its place, with its time (before: SQLAlchemy's text, its
        SQL and a link, in one dialog per read that met it, and no backup offered)."""
        self._show_banner()
        backups = self.session.store.backups()
        newest = backups[0] if backups else None
        since = self._made_since(backups[:1])
        changes, imports = since[0] if since else (None, 0)
        text = damage_offer(f"{title}. {damage}", newest, changes, imports)
        heading = "Namesake — the database is damaged"
        if newest is None:
            QMessageBox.warning(self, heading, text)
        elif QMessageBox.question(self, heading, text) == QMessageBox.StandardButton.Yes:
            # Once what met the damage has returned (a decision's key, a load's callback): it would go on with the store
            # the restore closes.
            QTimer.singleShot(0, lambda: self.restore(newest.path))

    def choose_backup(self) -> None:
        """The backups, each with the changes made since it (what restoring it replaces), under what a restore does.
        What was made since them is read off the GUI thread: since the oldest (one made before an import is kept
        apart, and may be weeks old), 100,000 actions took 170-350 ms, the window frozen."""
        store = self.session.store
        backups = store.backups()
        if not backups:
            QMessageBox.information(self, "Namesake — backups", "There is no backup of this database yet.")
            return

        def unread(error: Exception) -> None:
            if not isinstance(error, NamesakeError):
                raise error  # a bug, reported as any other (`gui.crash`)
            self._offer_backups(store, backups, None)  # a damaged log: the backups listed without it

        self.session.runner.start(lambda: store.made_since(backups), lambda since: self._offer_backups(store, backups, since), unread)

    def _offer_backups(self, store, backups: list, since: list | None) -> None:
        if store is not self.session.store:
            return  # another database was opened meanwhile: these are its backups no longer
        since = since or [(None, 0)] * len(backups)
        names = [restore_choice(backup, *made) for backup, made in zip(backups, since)]
        name, accepted = QInputDialog.getItem(self, "Restore a backup", restore_prompt(store.path), names, 0, False)
        if accepted:
            self.restore(backups[names.index(name)].path)

    def _made_since(self, backups: list) -> list | None:
        """What was logged after each backup (`Store.made_since`: only the actions since the oldest are read); None
        if the log cannot be read (a damaged file). On the GUI thread: asked only of the newest backup, a few hundred
        actions old at most (`BACKUP_EVERY`)."""
        try:
            return self.session.store.made_since(backups)
        except NamesakeError:
            return None

    def restore(self, backup: Path) -> None:
        """Close the database, put the backup in its place (keeping the current one), reopen.

        Checking the backup, keeping the current file and copying take minutes at a million papers,
        and a backup an older Namesake made is upgraded too: that work runs on the session's worker
        thread, while a modal note keeps the closed database out of reach and the window painting.
        """
        store = self.session.store
        self.session.runner.wait()
        self.session.stop_watching()  # the watch would open the file again while it is replaced
        store.close(backup=False)
        waiting = QProgressDialog(f"Restoring {described_backup(backup)}…", None, 0, 0, self)
        waiting.setWindowTitle("Namesake — restoring")
        waiting.setWindowModality(Qt.WindowModality.WindowModal)
        waiting.setMinimumDuration(0)
        waiting.show()

        def reopen(outcome: Restored | Exception) -> None:
            waiting.close()
            self.controller.forget_visits()  # another database's ids: going back would open other clusters
            self.session.reopen(Store(store.path, reviewer=store.reviewer))
            self._show_banner()  # a damage said of the file before is gone with it
            if isinstance(outcome, Restored):
                # Where the replaced database really is: a damaged one is moved aside, not into the backups (it read
                # "kept as a backup", and the Restore list did not have it).
                self.statusBar().showMessage(outcome.said, 15_000)
            else:
                QMessageBox.warning(self, "Namesake — restore failed", f"The backup {backup} was not restored:\n{outcome}")

        self.session.runner.start(lambda: _restore_and_upgrade(backup, store.path), reopen, reopen)

    def show_keys(self) -> None:
        """The keys window, made once: it is fitted to the screen again each time it shows."""
        if self.keys_dialog is None:
            self.keys_dialog = KeysDialog(keys_table_html(), self)
        self.keys_dialog.exec()

    def event(self, event: QEvent) -> bool:
        """A modal box (the keys, the database check, a restore, a warning) closing unblocks the window: it takes the
        keyboard back. With no window manager nothing else does, and after F1 → Return the next J did nothing."""
        if event.type() == QEvent.Type.WindowUnblocked and self.isVisible():
            # A dialog of its own still open (the import dialog, whose "Add files…" box just closed) keeps the keys;
            # the modal box that is closing still reads visible here.
            open_dialogs = [
                dialog for dialog in self.findChildren(QDialog)
                if dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.NonModal
            ]
            (open_dialogs[-1] if open_dialogs else self).activateWindow()
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Decisions are committed as they are made; only changes the disk refused can be lost, and a file lost while open.
        if self.session.lost_file is None and self.session.look_at_the_file():
            event.ignore()  # found only now: the window stays, its banner naming the copy being made (the close makes it too)
            return
        if not self._quit_despite_no_copy():
            event.ignore()
            return
        if self.session.pending:
            self.session.retry_pending()
        if self.session.pending and not self._quit_despite_pending():
            event.ignore()
            return
        if self.session.exporting:
            if QMessageBox.question(
                self, "Namesake — an export is running",
                "An export is still being written. Stop it and quit? (Nothing of it is written; it can be made again.)",
            ) != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.session.cancel_export()
        self.session.runner.wait(10_000)
        self.session.stop_watching()
        super().closeEvent(event)
        self._keep_place()
        self.closed.emit(self.layout_state())

    def _keep_place(self, *_loaded) -> None:
        if self.session.contents is not None:
            self.place_to_keep.emit(self.session.contents.cluster.id, self.papers.reviewers_paper())

    def _quit_despite_no_copy(self) -> bool:
        """Ask whether to quit while a lost database file could not be copied (the close tries once more)."""
        lost = self.session.lost_file
        if lost is None or lost.copy is not None or not lost.failure:
            return True
        return QMessageBox.question(
            self, "Namesake — the database was not copied",
            f"{lost.path} was moved or deleted while open, and copying it to a new file failed ({lost.failure}).\n"
            "If you quit now and the copy made on closing fails too, what was saved since it was last written whole is lost. "
            "Quit anyway?",
        ) == QMessageBox.StandardButton.Yes

    def _quit_despite_pending(self) -> bool:
        """Ask whether to quit with changes not saved yet. They are still retried while the question is
        open, and its text follows them: once saved, it no longer says they would be lost."""
        box = QMessageBox(
            QMessageBox.Icon.Question, "Namesake — changes not saved", self._pending_question(self.session.pending),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
        )

        def follow(pending: list) -> None:
            box.setText(self._pending_question(pending))

        self.session.pending_changed.connect(follow)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            self.session.pending_changed.disconnect(follow)
            box.deleteLater()

    def _pending_question(self, pending: list) -> str:
        store = self.session.store
        lost = self.session.lost_file is not None
        return pending_question(pending, store.path, "" if lost else store.why_read_only() or "", lost)

    # The layout kept between sessions (`gui.settings`) ---------------------------

    def layout_state(self) -> dict[str, QByteArray]:
        """The window's size, place and state (maximized), and where each splitter divides."""
        return {"geometry": self.saveGeometry(), **{name: split.saveState() for name, split in self.splitters.items()}}

    def restore_splitters(self, state: dict[str, QByteArray]) -> None:
        """Put back the splitters of `layout_state`; one missing or unreadable keeps its default sizes."""
        for name, split in self.splitters.items():
            if name in state:
                split.restoreState(state[name])


def _restore_and_upgrade(backup: Path, db_path: Path) -> Restored:
    """Put the backup in place, then bring it to this version's schema (off the GUI thread)."""
    restored = restore_backup(backup, db_path)
    upgrade_file(db_path)
    return restored

