"""The main window: builds the panes, the menus and the toolbar, and wires them.

It holds no review logic: decisions go through `ReviewSession`, and each
pane refreshes itself from the session's `changed` and `cluster_loaded`.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter, QToolBar, QWidget

from gui.actions import build_actions, keys_table_html
from gui.cluster_list import ClusterList
from gui.detail_pane import PaperDetail
from gui.icons import icon
from gui.papers_pane import PapersPane
from gui.session import ReviewSession
from gui.side_panel import SidePanel
from models.atomic import atomic_write_text
from models.queries import ClusterContents, Status
from models.history import Change
from models.schema import Verdict

PAST = {"undo": "Undone", "redo": "Redone"}
SOURCE_NAMES = {"arrow": "the Arrow page"}
DECISION_WORDS = {Verdict.PERSON: "this person", Verdict.REJECTED: "not this name", Verdict.UNSURE: "unsure", None: "undecided"}


def cluster_heading(contents: ClusterContents) -> str:
    cluster = contents.cluster
    declared = []
    if cluster.declared_papers is not None:
        declared.append(f"{cluster.declared_papers} papers")
    if cluster.declared_author_rows is not None:
        declared.append(f"{cluster.declared_author_rows} author rows")
    said = f" · {SOURCE_NAMES.get(cluster.source, cluster.source)} declares {', '.join(declared)}" if declared else ""
    return f"<b style='font-size:large'>{escape(cluster.name)}</b> &nbsp; {cluster.papers} papers{escape(said)}"


class MainWindow(QMainWindow):
    def __init__(self, session: ReviewSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Namesake")
        self.setWindowIcon(icon("namesake"))
        self.window_actions = build_actions(self)
        self.clusters = ClusterList(self)
        self.papers = PapersPane(self)
        self.detail = PaperDetail(self)
        self.side = SidePanel(self)
        self.decided_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self._build_layout()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._update_actions()
        self.resize(1400, 820)

    # Building --------------------------------------------------------------

    def _build_layout(self) -> None:
        centre = QSplitter(Qt.Orientation.Vertical, self)
        centre.addWidget(self.papers)
        centre.addWidget(self.detail)
        centre.setSizes([520, 280])
        main = QSplitter(Qt.Orientation.Horizontal, self)
        for widget in (self.clusters, centre, self.side):
            main.addWidget(widget)
        main.setSizes([300, 860, 240])
        main.setStretchFactor(1, 1)
        self.setCentralWidget(main)

    def _build_menus(self) -> None:
        layout = {
            "&File": ["import", "export", None, "quit"],
            "&Edit": ["undo", "redo", None, "find"],
            "&Decide": ["decide_person", "decide_rejected", "decide_unsure", "decide_clear"],
            "&Go": ["next_paper", "previous_paper", "next_undecided", None, "next_cluster"],
            "&Help": ["keys"],
        }
        for title, names in layout.items():
            menu = self.menuBar().addMenu(title)
            for name in names:
                menu.addSeparator() if name is None else menu.addAction(self.window_actions[name])
        for name in ("decide_person", "decide_rejected", "decide_unsure", "decide_clear"):
            self.papers.table.addAction(self.window_actions[name])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Review", self)
        toolbar.setObjectName("review-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("decide_person", "decide_rejected", "decide_unsure", "decide_clear", None, "undo", "redo", None, "find", "next_cluster"):
            toolbar.addSeparator() if name is None else toolbar.addAction(self.window_actions[name])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.decided_label)

    def _connect(self) -> None:
        handlers = {
            "decide_person": lambda: self.decide(Verdict.PERSON),
            "decide_rejected": lambda: self.decide(Verdict.REJECTED),
            "decide_unsure": lambda: self.decide(Verdict.UNSURE),
            "decide_clear": lambda: self.decide(None),
            "undo": lambda: self._show_undone(self.session.undo(), "undo"),
            "redo": lambda: self._show_undone(self.session.redo(), "redo"),
            "find": self.papers.start_filter,
            "next_paper": lambda: self.papers.move_current(1),
            "previous_paper": lambda: self.papers.move_current(-1),
            "next_undecided": lambda: self.papers.go_to_next_undecided(),
            "next_cluster": self.open_next_cluster,
            "import": self.choose_import,
            "export": self.choose_export,
            "quit": self.close,
            "keys": self.show_keys,
        }
        for name, handler in handlers.items():
            self.window_actions[name].triggered.connect(handler)
        self.session.cluster_loaded.connect(self._cluster_loaded)
        self.session.clusters_listed.connect(self.clusters.model.set_clusters)
        self.session.changed.connect(self._changed)
        self.session.busy.connect(self._show_busy)
        self.session.failed.connect(self._show_failure)
        self.session.imported.connect(self._show_import)
        self.clusters.cluster_chosen.connect(self.session.open_cluster)
        self.papers.current_paper_changed.connect(self._show_paper)
        self.papers.selection_changed.connect(self._update_actions)

    # Start-up --------------------------------------------------------------

    def start(self) -> None:
        """List the clusters and open the first one that is not done."""
        self.session.list_clusters()
        first = self.session.store.first_open_cluster()
        if first is None:
            self.statusBar().showMessage("No clusters yet: File → Import (Ctrl+O) an Arrow cluster page.")
            return
        self.session.open_cluster(first.id)

    # Reviewing -------------------------------------------------------------

    def decide(self, verdict: Verdict | None) -> None:
        paper_ids = self.papers.selected_paper_ids()
        after = self.papers.last_selected_row()
        change = self.session.decide(paper_ids, verdict)
        if change is None:
            return
        noun = "paper" if len(paper_ids) == 1 else "papers"
        self.statusBar().showMessage(f"Saved: {len(paper_ids)} {noun} → {DECISION_WORDS[verdict]}", 4000)
        if verdict is None:
            self.papers.set_current_row(after)
        else:
            self.papers.go_to_next_undecided(after_row=after)

    def _show_undone(self, change: Change | None, verb: str) -> None:
        """After undo or redo, put the cursor on the papers it changed."""
        if change is None:
            self.statusBar().showMessage(f"Nothing to {verb} in this cluster.", 3000)
            return
        rows = [row for row in map(self.papers.model.row_of, change.decisions) if row is not None]
        if rows:
            self.papers.set_current_row(min(rows))
        count = len(change.decisions)
        self.statusBar().showMessage(f"{PAST[verb]}: the decision on {count} {'paper' if count == 1 else 'papers'}", 4000)

    def open_next_cluster(self) -> None:
        clusters = self.clusters.model.clusters()
        current = self.session.cluster.id if self.session.cluster else None
        ids = [c.id for c in clusters]
        start = ids.index(current) + 1 if current in ids else 0
        for cluster in clusters[start:] + clusters[:start]:
            if cluster.status is not Status.DONE and cluster.id != current:
                self.session.open_cluster(cluster.id)
                return
        self.statusBar().showMessage("Every other cluster is done.", 4000)

    # Refreshing from the session ---------------------------------------------

    def _cluster_loaded(self, contents: ClusterContents) -> None:
        self.setWindowTitle(f"Namesake — {contents.cluster.name}")
        self.papers.heading.setText(cluster_heading(contents))
        self.papers.model.set_contents(contents)
        self.side.show_contents(contents)
        self.clusters.select_cluster(contents.cluster.id)
        self.papers.go_to_first_undecided()
        self.papers.table.setFocus()
        self._show_progress(contents)
        self._update_actions()

    def _changed(self, change: Change) -> None:
        contents = self.session.contents
        self.papers.model.apply_change(change, contents)
        self.clusters.model.update_cluster(contents.cluster)
        self.side.show_people(contents)
        self._show_paper(self.papers.current_paper())
        self._show_progress(contents)
        self._update_actions()

    def _show_paper(self, paper) -> None:
        if paper is None:
            self.detail.show_paper(None, self.papers.model.decision(-1), "")
            return
        state = self.papers.model.decision(paper.paper_id)
        self.detail.show_paper(paper, state, self.papers.model.person_label(state.person_id))

    def _show_progress(self, contents: ClusterContents) -> None:
        cluster = contents.cluster
        self.decided_label.setText(f"{cluster.decided} of {cluster.papers} decided")

    def _update_actions(self) -> None:
        has_papers = self.session.contents is not None and self.papers.model.rowCount() > 0
        for name in ("decide_person", "decide_rejected", "decide_unsure", "decide_clear", "next_paper", "previous_paper", "next_undecided", "find"):
            self.window_actions[name].setEnabled(has_papers)
        self.window_actions["export"].setEnabled(self.session.contents is not None)
        self.window_actions["undo"].setEnabled(self.session.can_undo())
        self.window_actions["redo"].setEnabled(self.session.can_redo())

    def _show_busy(self, message: str) -> None:
        self.busy_bar.setVisible(bool(message))
        if message:
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()

    def _show_failure(self, title: str, message: str) -> None:
        QMessageBox.warning(self, f"Namesake — {title}", f"{title}.\n\n{message}")

    def _show_import(self, reports: list) -> None:
        lines = [report.summary() for report in reports]
        warnings = [warning for report in reports for warning in report.warnings]
        text = "\n\n".join(lines)
        if warnings:
            text += "\n\nWarnings:\n" + "\n".join(f"• {w}" for w in warnings[:20])
        QMessageBox.information(self, "Namesake — import finished", text)

    # Files -----------------------------------------------------------------

    def choose_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import source files", "", "Arrow cluster pages (*.txt);;All files (*)")
        if paths:
            self.session.import_files(paths)

    def choose_export(self) -> None:
        cluster = self.session.cluster
        if cluster is None:
            return
        default = f"{cluster.name.replace(' ', '-').lower()}.json"
        path, _ = QFileDialog.getSaveFileName(self, "Export cluster", default, "JSON (*.json)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        cluster_id = self.session.cluster.id
        self.session.runner.start(
            lambda: atomic_write_text(path, json.dumps(self.session.store.export_cluster(cluster_id), ensure_ascii=False, indent=2) + "\n"),
            lambda _: self.statusBar().showMessage(f"Exported to {path}", 5000),
            lambda error: self._show_failure("Export failed", str(error)),
        )

    def show_keys(self) -> None:
        QMessageBox.information(self, "Namesake — keys", keys_table_html())

    def closeEvent(self, event: QCloseEvent) -> None:
        # Decisions are committed as they are made; only let background work finish.
        self.session.runner.wait(10_000)
        super().closeEvent(event)
