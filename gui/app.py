"""Start the review window on a database: its frame at once, the rest as soon as it is loaded.

Importing the store (SQLAlchemy, SQLModel) and the review panes takes about
half a second, five times what Qt needs to put a window on screen. So the
window's frame is shown and painted first, saying what it is opening; the
modules are imported on a worker thread while the frame stays live; then,
on the GUI thread, the store is opened (it may have to ask about a damaged
file) and the review window takes the frame's place.

Only what the frame needs is done before it is painted: no `Qt` namespace
at the top of this module (touching it makes PySide build ~90 enum classes,
30 ms), no icon (the SVG plugin), no crash log (the logging package); each
follows in the first turn of the event loop, before anything else is loaded.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from models.store import Store

WINDOW_SIZE = (1440, 860)  # the review window's, and so the start-up frame's


def application() -> QApplication:
    """The application; its icon is set with `set_icon` (the start-up frame shows before it)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Namesake")
    app.setOrganizationName("Namesake")
    return app


def set_icon(app: QApplication) -> None:
    from gui.icons import icon

    app.setWindowIcon(icon("namesake"))


class StartupFrame(QMainWindow):
    """The window as it first appears: Namesake's title, size and icon, and what is being opened."""

    def __init__(self, db_path: Path):
        super().__init__()
        self.setWindowTitle("Namesake")
        self.db_path = db_path
        self.opening = QLabel(f"Opening {db_path.name}…")
        self.opening.setEnabled(False)  # greyed: nothing to act on yet
        self.setCentralWidget(_centred(self.opening))
        self.statusBar().showMessage(f"Opening {db_path}…")
        fit_on_screen(self)

    def upgrading(self) -> None:
        self.opening.setText(f"Upgrading {self.db_path.name} for this version of Namesake (once)…")
        self.statusBar().showMessage(f"Upgrading {self.db_path}: a backup first, then the new format (a large database takes a minute)…")


def fit_on_screen(window: QWidget) -> None:
    """`WINDOW_SIZE`, or the screen's free room where that is smaller: on a 1,280x720 screen a first start (no
    saved layout) opened at 1,440x860, the people and suggestions panes and the bottom rows off the screen.
    (A saved geometry that no longer fits, a laptop after a monitor, Qt's `restoreGeometry` clamps itself.)"""
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry() if screen else QRect(0, 0, *WINDOW_SIZE)
    width, height = fitted_size(WINDOW_SIZE, (room.width(), room.height()))
    window.resize(width, height)
    if (width, height) != WINDOW_SIZE:
        window.move(room.topLeft())  # no room to spare around it: not half off the screen's edge


def fitted_size(wanted: tuple[int, int], room: tuple[int, int]) -> tuple[int, int]:
    return min(wanted[0], room[0]), min(wanted[1], room[1])


def _centred(widget: QWidget) -> QWidget:
    """`widget` in the middle of a page (stretches around it, not an alignment flag: see the module's note)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    page = QWidget()
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return page


class _Imported(QObject):
    """Says on the GUI thread that the window's modules are imported (None) or could not be (the error),
    and that an older database is being upgraded meanwhile."""

    done = Signal(object)
    upgrading = Signal()


# The review window's modules, imported off the GUI thread. Importing defines classes and
# plain values only (colours, brushes): no widget, pixmap or font is made before the GUI thread asks.
WINDOW_MODULES = ("models.store", "models.backup", "gui.settings", "gui.session", "gui.main_window")


def _import_window_modules(db_path: Path, then: Callable[[BaseException | None], None], upgrading: Callable[[], None]) -> _Imported:
    from PySide6.QtCore import Qt

    notice = _Imported()
    notice.done.connect(then, Qt.ConnectionType.QueuedConnection)
    notice.upgrading.connect(upgrading, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            for name in WINDOW_MODULES:
                __import__(name)
        except BaseException as error:  # noqa: BLE001  (reported on the GUI thread, by the crash hook)
            notice.done.emit(error)
            return
        _upgrade_schema(db_path, notice.upgrading.emit)
        notice.done.emit(None)

    threading.Thread(target=work, name="namesake-imports", daemon=True).start()
    return notice


def _upgrade_schema(db_path: Path, announce: Callable[[], None]) -> None:
    """Upgrade a database of an older Namesake here, off the GUI thread: a million papers take ~45 s,
    which on the GUI thread would freeze the frame. A failure is left to the open on the GUI thread,
    which meets it again (the file is unchanged) and reports it or offers a backup."""
    from models.db import upgrade_file

    try:
        upgrade_file(db_path, announce)
    except Exception:  # noqa: BLE001  (reported by the open that follows)
        return


def open_store(db_path: Path, reviewer: str, said: Callable[[str], None] = lambda _text: None) -> Store | None:
    """The store; if the file is damaged, offer the newest good backup in its place, as the window does for damage
    met later (`MainWindow._offer_backup`); `said` is told what a restore did (where the damaged file went)."""
    from models.backup import damage_offer, list_backups, restore_backup
    from models.errors import DatabaseDamaged
    from models.store import Store

    try:
        return Store(db_path, reviewer=reviewer)
    except DatabaseDamaged as error:
        backups = list_backups(Path(db_path))
        if not backups:
            raise
        answer = QMessageBox.question(None, "Namesake — the database is damaged", damage_offer(str(error), backups[0]))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        said(restore_backup(backups[0].path, Path(db_path)).said)
        return Store(db_path, reviewer=reviewer)


def open_window(store: Store, frame: QMainWindow | None = None, remember: bool = False) -> MainWindow:
    """The review window on `store`, shown (where `frame` was, if given), its clusters listed.

    `remember`: split as the last window closed, open the cluster open then, and keep both for the next start.
    """
    from PySide6.QtCore import Qt

    from gui.main_window import MainWindow
    from gui.session import ReviewSession

    window = MainWindow(ReviewSession(store))
    if frame is not None:
        window.setGeometry(frame.geometry())
        if frame.isMaximized():
            window.setWindowState(Qt.WindowState.WindowMaximized)
    last_open, paper_left = _remember_places(window, Path(store.path)) if remember else (None, None)
    window.show()
    window.start(last_open, paper_left)
    return window


def _remember_places(window: MainWindow, db_path: Path) -> tuple[int | None, int | None]:
    """Restore the splits and the papers' order of the last window, keep each order chosen, the cluster shown and
    its current paper (as each cluster shows, and at close) and the layout at close; the cluster last open and
    the paper current in it."""
    from gui import settings
    from gui.papers_model import REVIEW_NEXT

    window.restore_splitters(settings.saved_layout())
    # Before the first cluster opens: it then opens in that order, on the order's first undecided paper once
    # the order comes, as another cluster opened in review-next order does. Ctrl+R was needed after every start.
    if settings.saved_review_next():
        window.papers.set_order(REVIEW_NEXT)
    order = window.papers.order_choice
    order.currentIndexChanged.connect(lambda _index: settings.save_review_next(order.currentData() == REVIEW_NEXT))
    # Not at each key: a settings write rewrites the file whole (0.5 ms here, far more on a slow disk), and a key on
    # a 20,000-paper cluster must stay fast. A kill -9 loses only the moves made since the cluster showed.
    window.place_to_keep.connect(lambda cluster_id, paper_id: settings.remember_place(db_path, cluster_id, paper_id))
    window.closed.connect(settings.save_layout)
    return settings.remembered_place(db_path)


class Startup:
    """Shows the frame now; opens the store and the window once their modules are imported.

    `window` is the review window once open; `failed` is True if the store
    could not be opened (the reason was shown, the event loop asked to end with 1).
    The crash hook is installed in the first turn of the event loop; `close()`
    takes it out again.
    """

    def __init__(self, db_path: Path, reviewer: str | None = None, seed_example: bool = False,
                 ready: Callable[[MainWindow], None] | None = None, remember: bool = False):
        self.db_path, self.reviewer, self.seed_example, self.ready = Path(db_path), reviewer, seed_example, ready
        self.remember = remember  # the window where the last one was, on the cluster it showed (`open_window`)
        self.window: MainWindow | None = None
        self.failed = False
        self.frame = StartupFrame(self.db_path)
        if remember:
            from gui.settings import saved_layout

            self.frame.restoreGeometry(saved_layout().get("geometry", QByteArray()))  # none saved: the default size stays
        self.frame.show()
        self._notice: _Imported | None = None
        self._uninstall_crash_hook: Callable[[], None] | None = None
        QTimer.singleShot(0, self._load)  # once the event loop runs: the frame is painted first

    def _load(self) -> None:
        from gui import crash

        self._uninstall_crash_hook = crash.install()
        set_icon(QApplication.instance())
        self.frame.setWindowIcon(QApplication.instance().windowIcon())
        self._notice = _import_window_modules(self.db_path, self._imported, self.frame.upgrading)

    def close(self) -> None:
        """After the event loop: let the window's workers finish, close the store, take the crash hook out."""
        if self.window is not None:
            self.window.session.cancel_export()  # a second stop signal quits without closing the window first
            self.window.session.runner.wait()
            self.window.session.store.close()  # the session may hold a store reopened after a restore
        if self._uninstall_crash_hook is not None:
            self._uninstall_crash_hook()
        self._delete_widgets()

    def _delete_widgets(self) -> None:
        """Delete the window and the frame now, on the GUI thread. Left to Python, they went with the reference
        cycles their slots make, whenever and on whichever thread the collector next ran: the test process
        turning a second window once crashed in Qt's list of top-level widgets (a segfault in 1 of ~60 runs)."""
        from shiboken6 import Shiboken

        for widget in (self.window, self.frame):
            if widget is not None and Shiboken.isValid(widget):
                Shiboken.delete(widget)
        self.window = None

    def _imported(self, error: BaseException | None) -> None:
        if error is not None:  # a broken installation: the crash hook shows and logs it with its traceback
            self._give_up()
            raise error
        from gui.settings import saved_reviewer
        from models.errors import NamesakeError

        restored: list[str] = []
        seeded = False
        try:
            store = open_store(self.db_path, self.reviewer or saved_reviewer(), restored.append)
            if store is None:
                self._give_up()
                return
            if self.seed_example and store.is_empty():
                store.import_bundled_example()
                seeded = True
        except NamesakeError as error:
            self._give_up("Namesake cannot open the database", str(error))
            return
        self.window = open_window(store, self.frame, self.remember)
        if restored:
            self.window.statusBar().showMessage(restored[0], 15_000)
        elif seeded:  # the window opened on it with nothing said: it read as the curator's own data
            self.window.statusBar().showMessage(example_said(self.db_path))
        self.frame.close()
        if self.ready is not None:
            self.ready(self.window)

    def _give_up(self, title: str = "", message: str = "") -> None:
        self.failed = True
        if title:
            QMessageBox.critical(self.frame, title, message)
        # The loop ends with exit(1) below. The frame's close would also ask to quit as the last window,
        # and that quit, left queued, ended the next event loop turned in this process at once.
        self.frame.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.frame.close()
        QApplication.instance().exit(1)


def example_said(db_path: Path) -> str:
    """What a first run says of the example it opens on: what it is, how to import, how to be rid of it."""
    # Short, the path last: the status bar cuts what a window's width cannot show.
    return f"An example: import your own sources with File → Import… (Ctrl+O). It stays unless you quit and delete {db_path} first."


def run_window(db_path: Path, reviewer: str | None = None, seed_example: bool = False) -> int:
    """Open the window on `db_path`; on a first run, seed it with the bundled example."""
    from gui.stop_signals import StopOnSignals

    app = application()
    stopper = StopOnSignals(app)
    startup = Startup(db_path, reviewer, seed_example, remember=True)
    try:
        code = app.exec()
        return 1 if startup.failed else stopper.exit_code or code
    finally:
        startup.close()  # the backup on close, also after a signal
        stopper.uninstall()
