"""Shared fixtures. Qt runs offscreen; the store tests never import Qt."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings (the reviewer name) go to a fresh folder, never the real user's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="namesake-test-config-")

ROOT = Path(__file__).resolve().parents[1]
SEED_PAGE = ROOT / "resources" / "examples" / "shengen-yan.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def no_remembered_window():
    """Each test starts as a first run: the app (`run_window`) keeps the window's layout and cluster at close."""
    import sys

    if "gui.settings" in sys.modules:  # else nothing can have been saved, and the store tests stay without Qt
        sys.modules["gui.settings"].forget_places()


class UnexpectedDialog(AssertionError):
    """A modal dialog a test did not ask for: offscreen, nobody could ever close it."""


# Every blocking dialog the window opens. A test that expects one replaces it with `monkeypatch`
# (its replacement wins); any other would wait forever for a click, and hang the run.
MODAL_CALLS = {
    "QMessageBox": ("warning", "critical", "information", "question", "exec"),
    "QInputDialog": ("getText", "getMultiLineText", "getItem", "getInt", "getDouble"),
    "QFileDialog": ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"),
    "QDialog": ("exec",),
}


def _refuse(kind: str, name: str):
    def refuse(*args, **_kwargs):
        if name == "exec":  # a dialog made first, then run: say its title and, for a message box, its text
            dialog = args[0]
            said = [dialog.windowTitle(), *([dialog.text()] if hasattr(dialog, "text") else [])]
        else:
            said = [arg for arg in args if isinstance(arg, str)]
        raise UnexpectedDialog(f"{kind}.{name} opened a modal dialog no test asked for: {' | '.join(said) or args}")

    return staticmethod(refuse) if name != "exec" else refuse


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Fail at once, saying what the dialog said, where an unexpected dialog would hang the tests.

    Only where Qt is loaded already: the store tests never import it.
    """
    import sys

    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return
    for kind, names in MODAL_CALLS.items():
        for name in names:
            monkeypatch.setattr(getattr(widgets, kind), name, _refuse(kind, name))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "review.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from models.store import Store

    with Store(db_path, reviewer="tester") as opened:
        yield opened


@pytest.fixture
def seeded(store):
    """A store holding the Shengen Yan page."""
    store.import_files([SEED_PAGE])
    return store


class SetClock:
    """A store's clock that the test sets: `clock.now = t` is the time of what is written next."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@contextmanager
def clocked_seed(db_path: Path, now, reviewer: str = "ann"):
    """A store on `db_path` holding the Shengen Yan page, written at `now` by `reviewer`, on a `SetClock`:
    yields the store, its clock, the cluster's id and its papers' ids in source order."""
    from models.store import Store

    clock = SetClock(now)
    with Store(db_path, reviewer=reviewer, clock=clock) as store:
        store.import_files([SEED_PAGE])
        cluster_id = store.clusters()[0].id
        yield store, clock, cluster_id, [p.paper_id for p in store.load_cluster(cluster_id).papers]


def read_only_engine(path: Path):
    """An engine on the database at `path` as `models.db.open_engine` makes it, except that SQLite opens the file
    read-only (`mode=ro`): as it opens a file its user may not write. The tests run as root, which writes any
    file whatever its permissions, so a chmod proves nothing here. Writes fail in the driver, not at BEGIN."""
    import sqlite3

    from sqlalchemy import create_engine, event

    from models import db

    read_only_uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    engine = create_engine(  # the URL names the file as open_engine's does; the connections come from `creator`
        f"sqlite:///{path}",
        creator=lambda: sqlite3.connect(read_only_uri, uri=True, check_same_thread=False, isolation_level=None),
    )
    event.listen(engine, "connect", db._set_pragmas)
    event.listen(engine, "begin", db._begin)
    return engine


@contextmanager
def read_only(store):
    """`store` on its database opened read-only until the block ends (`read_only_engine`), then writable again."""
    writable, store._engine = store._engine, read_only_engine(store.path)
    try:
        yield
    finally:
        store._engine.dispose()
        store._engine = writable


@pytest.fixture
def cluster(seeded):
    """The example's one cluster."""
    return seeded.clusters()[0]


@pytest.fixture
def ids(seeded, cluster):
    """Its paper ids, in source order."""
    return [p.paper_id for p in seeded.load_cluster(cluster.id).papers]


def arrow_page(name: str, papers: list[dict], declared_papers: int | None = None, declared_rows: int = 1) -> str:
    """The text of an Arrow cluster page; each paper: venue, title, authors, abstract (optional)."""
    count = len(papers) if declared_papers is None else declared_papers
    paper_noun = "paper" if count == 1 else "papers"
    row_noun = "author row" if declared_rows == 1 else "author rows"
    lines = [
        "Arrow Research search", "", "Author name cluster", "", name, "",
        "Possible papers associated with this exact author name in Arrow.", "",
        f"{count} {paper_noun}", f"{declared_rows} {row_noun}", "", "Possible papers", "", str(len(papers)), "",
    ]
    for paper in papers:
        lines += [paper["venue"], "", paper["title"], ""]
        lines += [f"  • {author}" for author in paper["authors"]] + [""]
        if paper.get("abstract"):
            lines += [paper["abstract"], ""]
    return "\n".join(lines)


def paper(title: str, authors: list[str], venue: str = "ICML Conference 2024 Conference Paper", abstract: str | None = "An abstract.") -> dict:
    return {"venue": venue, "title": title, "authors": authors, "abstract": abstract}


def damage_tables(path: Path, *tables: str) -> None:
    """Scribble over the first page of each table (and index) named, as a failing disk or a stray write would:
    the file still opens, and SQLite finds the damage at the first statement that reads such a page. The
    database must be closed (its WAL folded back into the file first)."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        marks = ",".join("?" * len(tables))
        roots = [row[0] for row in connection.execute(f"SELECT rootpage FROM sqlite_master WHERE name IN ({marks})", tables)]
    connection.close()
    assert len(roots) == len(tables), f"no such table among {tables}"
    with open(path, "r+b") as file:
        for root in roots:  # pages count from 1
            file.seek((root - 1) * page_size)
            file.write(b"\xff" * page_size)


def table_contents(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two equal results mean the same data."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
            if name not in skip
        }
    finally:
        connection.close()



@contextmanager
def another_program_locks(path: Path):
    """Another program's BEGIN EXCLUSIVE on the database at `path`, as `/tmp/h3/lock.py` holds it, for the block
    (its connection's `rollback()` lets go sooner). In WAL mode it keeps every other writer waiting; readers still read."""
    import sqlite3

    holder = sqlite3.connect(path, isolation_level=None, timeout=1)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        yield holder
    finally:
        holder.close()


@pytest.fixture
def window(qtbot, seeded):
    """The main window on `seeded`, its first cluster open; at the end, its analysis waited for (a window test's
    analysis left running moved another test's counts)."""
    from test_main_window import open_window

    opened = open_window(qtbot, seeded)
    yield opened
    opened.session.runner.wait()


def shown(qtbot, widget, width: int, height: int):
    """`widget` at that size, on screen (offscreen) and painted once; closed with the test."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
