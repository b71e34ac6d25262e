"""`models/` (and the store commands of the CLI) must work where PySide6 cannot be imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT, SEED_PAGE

BLOCK_QT = textwrap.dedent(
    """
    import importlib.abc, sys

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, BlockQt())
    """
)


def run_without_qt(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT + textwrap.dedent(code)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_every_models_module_imports_and_works_without_qt(tmp_path):
    result = run_without_qt(
        f"""
        import pkgutil, importlib, models
        for module in pkgutil.iter_modules(models.__path__):
            importlib.import_module(f"models.{{module.name}}")
        from models.store import Store
        from models.schema import Verdict
        with Store({str(tmp_path / "db.sqlite3")!r}) as store:
            store.import_files([{str(SEED_PAGE)!r}])
            cluster = store.clusters()[0]
            store.decide(cluster.id, [store.load_cluster(cluster.id).papers[0].paper_id], Verdict.PERSON)
            assert store.cluster(cluster.id).decided == 1
        assert not any(name.startswith("PySide6") for name in sys.modules)
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_store_commands_of_the_cli_run_without_qt(tmp_path):
    result = run_without_qt(
        f"""
        from gui.cli import main
        code = main(["--db", {str(tmp_path / "db.sqlite3")!r}, "import", {str(SEED_PAGE)!r}])
        assert code == 0
        assert not any(name.startswith("PySide6") for name in sys.modules)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "7 papers added" in result.stdout


def test_the_block_really_blocks():
    result = run_without_qt("import PySide6.QtCore")
    assert result.returncode != 0 and "blocked in this test" in result.stderr
