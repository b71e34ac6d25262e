"""Coloured text reads on a dark desktop palette as on a light one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.inks import INKS, ink, ink_colour

LIGHT_BASE, DARK_BASE = "#ffffff", "#1e1e1e"


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours."""
    def luminance(colour: str) -> float:
        channels = [QColor(colour).redF(), QColor(colour).greenF(), QColor(colour).blueF()]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(INKS))
def test_every_ink_reads_on_its_base(name):
    least = 3.0 if name == "faint" else 4.5  # WCAG AA for text; the faint source line is meant to recede
    on_light, on_dark = INKS[name]
    assert contrast(on_light, LIGHT_BASE) >= least and contrast(on_dark, DARK_BASE) >= least


@pytest.fixture
def dark_desktop(qapp):
    before = QApplication.palette()
    palette = QPalette(before)
    palette.setColor(QPalette.ColorRole.Base, QColor(DARK_BASE))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    QApplication.setPalette(palette)
    yield
    QApplication.setPalette(before)


def test_the_window_takes_the_dark_inks_on_a_dark_palette(dark_desktop, seeded):
    """The venue line was #57606a whatever the palette: 2.6 to 1 on a dark base."""
    from gui.cluster_list import DECIDED, QtClusterListModel
    from gui.detail_pane import paper_html
    from models.history import UNDECIDED

    assert ink("muted") == INKS["muted"][1]
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    html = paper_html(contents.papers[0], UNDECIDED, "")
    assert f"color:{INKS['muted'][1]}" in html and INKS["muted"][0] not in html
    clusters = QtClusterListModel()
    clusters.set_clusters([seeded.clusters()[0]._replace(decided=1)])  # in progress
    assert clusters.index(0, DECIDED).data(Qt.ItemDataRole.ForegroundRole) == ink_colour("amber") == QColor(INKS["amber"][1])


def test_a_light_palette_keeps_the_light_inks(qapp):
    if QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128:
        pytest.skip("the desktop's palette is dark")
    assert ink("green") == INKS["green"][0]
