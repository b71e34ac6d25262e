"""Starting the app: the first run shows the bundled example; a bad database is refused."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui import cli
from gui.app import run_window
from gui.main_window import MainWindow
from models.store import Store


def close_when_loaded(qtbot, seen: dict) -> None:
    def look_and_close() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: window.session.contents is not None, timeout=10_000)
        seen["title"] = window.windowTitle()
        seen["rows"] = window.papers.model.rowCount()
        seen["focus"] = QApplication.focusWidget() is window.papers.table
        window.close()

    QTimer.singleShot(0, look_and_close)


def test_first_run_imports_and_shows_the_bundled_example(qtbot, tmp_path):
    seen: dict = {}
    close_when_loaded(qtbot, seen)
    assert run_window(tmp_path / "first.sqlite3", seed_example=True) == 0
    assert seen == {"title": "Namesake — Shengen Yan", "rows": 7, "focus": True}
    with Store(tmp_path / "first.sqlite3") as store:
        assert [c.name for c in store.clusters()] == ["Shengen Yan"]


def test_without_db_the_window_uses_the_user_data_folder(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    seen: dict = {}
    close_when_loaded(qtbot, seen)
    assert cli.main([]) == 0
    assert seen["title"] == "Namesake — Shengen Yan"
    assert (tmp_path / "data" / "namesake" / "namesake.sqlite3").exists()


def test_an_explicit_empty_database_is_not_seeded(qtbot, tmp_path):
    def close_soon() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        assert "No clusters yet" in window.statusBar().currentMessage()
        window.close()

    QTimer.singleShot(0, close_soon)
    assert cli.main(["--db", str(tmp_path / "empty.sqlite3")]) == 0
    with Store(tmp_path / "empty.sqlite3") as store:
        assert store.clusters() == []


def test_a_database_that_cannot_be_opened_is_reported(tmp_path, monkeypatch):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 10)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert run_window(junk) == 1
    assert "not a Namesake database" in shown[0]


def test_the_reviewer_setting_is_used_and_the_command_line_wins(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from gui.settings import ask_reviewer, saved_reviewer

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ada Curator", True))
    assert ask_reviewer(None, "someone") == "Ada Curator"
    assert saved_reviewer() == "Ada Curator"
    seen: dict = {}

    def look_and_close() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["reviewer"] = window.session.store.reviewer
        window.close()

    QTimer.singleShot(0, look_and_close)
    run_window(tmp_path / "r.sqlite3", seed_example=True)
    assert seen["reviewer"] == "Ada Curator"
    QTimer.singleShot(0, look_and_close)
    run_window(tmp_path / "r.sqlite3", reviewer="Grace")
    assert seen["reviewer"] == "Grace"
