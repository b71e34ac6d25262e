"""Regression: PySide6 6.12.0 on Python 3.11 lowers None's refcount on every
`return None` from a Python override that C++ calls, and aborts the process
("none_dealloc") after ~5,000 calls. We pin PySide6 below 6.12; this test
catches the bug if a broken version comes back."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QSortFilterProxyModel, Qt

from gui.papers_model import NUMBER, QtPapersModel

UNUSED_ROLE = Qt.ItemDataRole.UserRole + 50
CALLS = 3_000  # below the crash threshold, far above the tolerance


def test_installed_pyside6_is_below_6_12():
    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), PySide6.__version__


def test_none_returned_to_cpp_keeps_its_refcount(qapp, seeded):
    model = QtPapersModel()
    model.set_contents(seeded.load_cluster(seeded.clusters()[0].id))
    # A proxy makes C++ (not Python) call our data() override.
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, NUMBER)
    assert index.data(UNUSED_ROLE) is None
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data(UNUSED_ROLE)
    after = sys.getrefcount(None)
    assert after > before - CALLS // 10, f"None lost {before - after} references in {CALLS} calls"
