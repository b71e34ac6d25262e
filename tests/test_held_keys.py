"""Keys pressed while another cluster opens act on it once it shows, never on the cluster being left."""

from __future__ import annotations

from PySide6.QtCore import Qt

from conftest import SEED_PAGE, arrow_page, paper
from gui.papers_model import FIT, View
from test_main_window import open_window, press
from models.schema import Verdict


def _two_clusters(store, tmp_path):
    other = tmp_path / "ann.txt"
    other.write_text(arrow_page("Ann Lee", [paper(f"Sensor arrays {n}", ["Ann Lee", "Bo Chen"]) for n in range(4)]))
    store.import_files([SEED_PAGE, other])
    return {cluster.name: cluster.id for cluster in store.clusters()}


def _verdicts(store, cluster_id: int) -> list[str | None]:
    contents = store.load_cluster(cluster_id)
    states = [contents.decisions.get(p.paper_id) for p in contents.papers]
    return [state.verdict.value if state else None for state in states]


def test_decision_keys_pressed_while_a_cluster_opens_wait_and_act_on_it(qtbot, store, tmp_path):
    """"Open, then N J Y" at typing speed: N was saved in the cluster being left (on its paper 13,182, in a 4,000-paper
    cluster's status line), the load of the 20,000-paper cluster taking a second."""
    ids = _two_clusters(store, tmp_path)
    window = open_window(qtbot, store)
    left = window.session.contents.cluster.id
    opening = next(cluster_id for cluster_id in ids.values() if cluster_id != left)
    before = _verdicts(store, left)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.session.open_cluster(opening)
        assert window.session.opening == opening
        for key in (Qt.Key.Key_N, Qt.Key.Key_J, Qt.Key.Key_Y):  # before the load is back: the GUI thread has not turned
            press(qtbot, window, key)
        assert window.held_keys.holding == 3
        assert window.statusBar().currentMessage().startswith("Opening ")
    qtbot.waitUntil(lambda: window.held_keys.holding == 0)
    assert _verdicts(store, left) == before  # nothing of it changed
    after = _verdicts(store, opening)
    # N on its first undecided paper, which moves on to the next; J one further; Y there.
    assert after == [Verdict.REJECTED.value, None, Verdict.PERSON.value] + [None] * (len(after) - 3)
    window.session.runner.wait()


def test_keys_held_for_a_cluster_that_failed_to_open_are_dropped(qtbot, store, tmp_path, monkeypatch):
    ids = _two_clusters(store, tmp_path)
    window = open_window(qtbot, store)
    window.session.failed.disconnect(window._show_failure)  # no dialog
    left = window.session.contents.cluster.id
    opening = next(cluster_id for cluster_id in ids.values() if cluster_id != left)
    before = _verdicts(store, left)

    def fails(_cluster_id):
        raise OSError("disk gone")

    monkeypatch.setattr(window.session.store, "load_cluster", fails)
    with qtbot.waitSignal(window.session.failed, timeout=10_000):
        window.session.open_cluster(opening)
        press(qtbot, window, Qt.Key.Key_N)
        assert window.held_keys.holding == 1
    assert window.held_keys.holding == 0
    monkeypatch.undo()
    press(qtbot, window, Qt.Key.Key_J)  # the window works on the cluster still shown
    assert _verdicts(store, left) == before
    window.session.runner.wait()


def test_a_filter_typed_while_a_cluster_opens_keeps_its_letters_and_counts_the_new_cluster(qtbot, store, tmp_path):
    """"wireless" typed after Ctrl+F while the 20,000-paper cluster opened read "wirele" and "11 of 41", the count of
    the cluster left; the table took the focus when the load ended, and the last letters went to it."""
    ids = _two_clusters(store, tmp_path)
    window = open_window(qtbot, store)
    papers = window.papers
    left = window.session.contents.cluster.id
    opening = next(cluster_id for cluster_id in ids.values() if cluster_id != left)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.session.open_cluster(opening)
        window.window_actions["find"].trigger()
        qtbot.keyClicks(papers.filter_edit, "sens")
    qtbot.keyClicks(papers.filter_edit, "or")  # after the load: still into the box
    contents = window.session.contents
    matching = sum("sensor" in p.title.casefold() for p in contents.papers)
    assert papers.filter_edit.text() == "sensor" and papers.filter_edit.hasFocus()
    assert papers.filter_count.text() == f"{matching} of {len(contents.papers)}"
    assert papers.model.rowCount() == matching
    window.session.runner.wait()


def test_keys_held_for_a_cluster_another_opening_replaced_are_dropped_and_said(qtbot, store, tmp_path):
    """Open B, N, then back to A before B showed: the N was meant for B's papers, which never showed; run on A's,
    it would decide a paper the reviewer did not choose."""
    ids = _two_clusters(store, tmp_path)
    window = open_window(qtbot, store)
    left = window.session.contents.cluster.id
    other = next(cluster_id for cluster_id in ids.values() if cluster_id != left)
    before = {cluster_id: _verdicts(store, cluster_id) for cluster_id in ids.values()}
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000) as loaded:
        window.session.open_cluster(other)
        press(qtbot, window, Qt.Key.Key_N)
        window.session.open_cluster(left)  # before the other one came
    assert loaded.args[0].cluster.id == left and window.held_keys.holding == 0
    assert {cluster_id: _verdicts(store, cluster_id) for cluster_id in ids.values()} == before
    other_name = next(name for name, cluster_id in ids.items() if cluster_id == other)
    assert window.statusBar().currentMessage().startswith(f"Not done: 1 key pressed while {other_name} was opening")
    window.session.runner.wait()


def test_view_and_order_keys_pressed_while_a_cluster_opens_wait_and_act_on_it(qtbot, store, tmp_path):
    """Ctrl+I (the unsure papers) and Ctrl+T (sort by Fit) pressed while a cluster opened acted on the cluster being
    left, and the opening put its papers back to all of them in source order: the keys were lost, where Ctrl+U and
    Ctrl+0 waited for the cluster and acted on it."""
    ids = _two_clusters(store, tmp_path)
    window = open_window(qtbot, store)
    left = window.session.contents.cluster.id
    opening = next(cluster_id for cluster_id in ids.values() if cluster_id != left)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.session.open_cluster(opening)
        window.window_actions["show_unsure"].trigger()
        window.window_actions["sort_fit"].trigger()
        assert window.held_keys.holding == 2
    qtbot.waitUntil(lambda: window.held_keys.holding == 0)
    model = window.papers.model
    assert window.session.contents.cluster.id == opening
    assert (model.view, model.sort_column) == (View("unsure"), FIT)
    window.session.runner.wait()
