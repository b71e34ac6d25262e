"""A restart, or a cluster opened again, resumes where the reviewer was: the same paper, and the cluster shown last.

Found by a tester at the real window: Arnetminer "Qiang Shen", cursor on row 18, Ctrl+Q, start again: the window
opened Qiang Shen with every decision, but on row 1 (its first undecided paper). With every cluster done, it
opened David Jensen (the first by name), not Rafael Alonso, which it had shown last."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from conftest import SHARED_DATA
from gui import settings
from gui.app import open_window as open_remembering
from gui.papers_model import REVIEW_NEXT
from models.schema import Verdict
from models.store import Store
from test_main_window import CTRL, press
from test_suggestions_window import current_in_sight

NAMES = ("David Jensen", "Qiang shen", "Rafael Alonso")  # 53, 70 and 40 papers; listed by name in this order


@pytest.fixture
def arnetminer(db_path):
    with Store(db_path, reviewer="tester") as store:
        store.import_files([SHARED_DATA / "arnetminer" / f"{name}.xml" for name in NAMES])
        yield store


def cluster_named(store: Store, name: str):
    return next(c for c in store.clusters() if c.name.lower() == name.lower())


def started(qtbot, store: Store, order_known: bool = False):
    """The window as the app opens it (`remember`: on the cluster and paper the last one closed on)."""
    window = open_remembering(store, remember=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session.contents is not None and window.papers.current_paper() is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.clusters.model.rowCount() == len(NAMES), timeout=10_000)  # Ctrl+N goes by the list
    if order_known:
        qtbot.waitUntil(lambda: window.papers.model.review_order_known, timeout=30_000)
    return window


def quit_window(window) -> None:
    window.close()  # as Ctrl+Q does: File → Quit closes the window
    window.session.runner.wait()


def opened_on(qtbot, window, name: str) -> None:
    cluster = cluster_named(window.session.store, name)
    if window.session.cluster is None or window.session.cluster.id != cluster.id:
        with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
            window.clusters.cluster_chosen.emit(cluster.id)  # a click in the cluster list


def go_down_to(qtbot, window, row: int) -> int:
    """Move the cursor down to `row` by keys, as the reviewer reads down the list; the paper there."""
    while window.papers.table.currentIndex().row() < row:
        press(qtbot, window, Qt.Key.Key_Down)
    return window.papers.current_paper().paper_id


def test_a_restart_opens_on_the_paper_the_reviewer_was_on(qtbot, arnetminer):
    first = started(qtbot, arnetminer)
    opened_on(qtbot, first, "Qiang shen")
    press(qtbot, first, Qt.Key.Key_N)  # row 1 decided: the first undecided is row 2
    press(qtbot, first, Qt.Key.Key_U)
    assert first.papers.table.currentIndex().row() == 2
    left_on = go_down_to(qtbot, first, 17)  # the tester's row 18
    quit_window(first)

    again = started(qtbot, arnetminer)
    assert again.windowTitle() == "Namesake — Qiang Shen"
    assert again.papers.table.currentIndex().row() == 17  # it was row 3, the first undecided
    assert current_in_sight(qtbot, again) == left_on
    assert again.papers.selected_paper_ids() == [left_on]  # the paper a key decides is the one in sight
    assert again.papers.table.hasFocus()
    press(qtbot, again, Qt.Key.Key_N)
    assert arnetminer.load_cluster(again.session.cluster.id).decisions[left_on].verdict is Verdict.REJECTED
    assert again.papers.table.currentIndex().row() == 18  # and on to the next undecided, as after any decision
    quit_window(again)


def test_the_paper_is_found_by_its_id_in_the_order_the_window_opens_in(qtbot, arnetminer):
    """The rows' order at the next start may differ (review-next order comes after the rows show): the paper is
    remembered, not its row, and stays current, selected and in sight once the order comes."""
    first = started(qtbot, arnetminer)
    opened_on(qtbot, first, "Qiang shen")
    qtbot.waitUntil(lambda: first.session.analysis is not None, timeout=30_000)
    press(qtbot, first, Qt.Key.Key_R, CTRL)
    assert first.papers.order_choice.currentData() == REVIEW_NEXT
    left_on = go_down_to(qtbot, first, 30)
    source_row = next(i for i, p in enumerate(first.session.contents.papers) if p.paper_id == left_on)
    assert source_row != 30  # the order moved it
    quit_window(first)

    again = started(qtbot, arnetminer, order_known=True)
    assert again.papers.order_choice.currentData() == REVIEW_NEXT
    assert again.papers.table.currentIndex().row() == 30  # in review-next order again, where it was
    assert current_in_sight(qtbot, again) == left_on
    assert again.papers.selected_paper_ids() == [left_on]
    quit_window(again)


def test_a_paper_no_longer_there_opens_on_the_first_undecided(qtbot, arnetminer, db_path):
    qiang = cluster_named(arnetminer, "Qiang shen")
    settings.remember_place(db_path, qiang.id, 10**9)  # a paper a restored backup does not have
    window = started(qtbot, arnetminer)
    assert window.windowTitle() == "Namesake — Qiang Shen"
    assert window.papers.table.currentIndex().row() == 0
    assert current_in_sight(qtbot, window) == window.session.contents.papers[0].paper_id
    quit_window(window)


def test_a_paper_remembered_for_another_cluster_is_not_looked_for(db_path, qapp):
    """The place is kept whole: a paper goes with the cluster it was current in."""
    settings.remember_place(db_path, 3, 40)
    assert settings.remembered_place(db_path) == (3, 40)
    settings.remember_place(db_path, 4, None)
    assert settings.remembered_place(db_path) == (4, None)
    settings.settings().setValue(f"{settings.LAST_CLUSTER_GROUP}/{settings._database_key(db_path)}", 5)  # only the cluster, by hand
    settings.remember_place(db_path.with_name("other.sqlite3"), 5, 7)  # another database file's place
    assert settings.remembered_place(db_path) == (5, None)


def test_coming_back_to_a_cluster_opens_on_the_paper_left_there(qtbot, arnetminer):
    """Ctrl+N round to a cluster left earlier, or a click on it in the cluster list: on the paper the reviewer left."""
    window = started(qtbot, arnetminer)  # David Jensen, the first not done
    jensen_paper = go_down_to(qtbot, window, 12)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Qiang Shen"
    assert window.papers.table.currentIndex().row() == 0  # never opened before: its first undecided paper
    qiang_paper = go_down_to(qtbot, window, 20)
    opened_on(qtbot, window, "Rafael Alonso")
    for key_to, name, paper_id, row in (("ctrl+n", "David Jensen", jensen_paper, 12), ("list", "Qiang Shen", qiang_paper, 20)):
        if key_to == "ctrl+n":  # Rafael Alonso is the last by name: Ctrl+N goes round to David Jensen
            with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
                press(qtbot, window, Qt.Key.Key_N, CTRL)
        else:
            opened_on(qtbot, window, name)
        assert window.windowTitle() == f"Namesake — {name}"
        assert window.papers.table.currentIndex().row() == row  # it opened on row 1
        assert current_in_sight(qtbot, window) == paper_id
        assert window.papers.selected_paper_ids() == [paper_id]
    quit_window(window)


def test_keys_held_while_a_cluster_opens_act_on_the_paper_it_opens_on(qtbot, arnetminer):
    """A key pressed while a cluster left earlier opens again waits, and decides the paper it opens on: the one
    in sight then."""
    window = started(qtbot, arnetminer)
    jensen = window.session.cluster.id
    left_on = go_down_to(qtbot, window, 12)
    opened_on(qtbot, window, "Qiang shen")
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.clusters.cluster_chosen.emit(jensen)
        assert window.session.opening == jensen
        press(qtbot, window, Qt.Key.Key_N)  # held: David Jensen has not shown yet
        assert window.held_keys.holding == 1
    assert arnetminer.load_cluster(jensen).decisions[left_on].verdict is Verdict.REJECTED
    assert set(arnetminer.load_cluster(jensen).decisions) == {left_on}
    assert window.papers.table.currentIndex().row() == 13  # moved on from it, as a decision does
    quit_window(window)


def test_the_place_is_written_when_a_cluster_shows_and_at_quit_not_at_each_key(qtbot, arnetminer, db_path, monkeypatch):
    """A key on a 20,000-paper cluster stays fast: moving the cursor writes nothing to the settings file."""
    window = started(qtbot, arnetminer)
    jensen = window.session.cluster.id
    assert settings.remembered_place(db_path) == (jensen, window.papers.current_paper().paper_id)  # as it showed
    written = []
    monkeypatch.setattr(settings, "remember_place", lambda *place: written.append(place))
    go_down_to(qtbot, window, 5)
    press(qtbot, window, Qt.Key.Key_N)
    assert written == []
    quit_window(window)
    assert written == [(db_path, jensen, window.papers.current_paper().paper_id)]


def test_with_every_cluster_done_a_restart_opens_the_cluster_shown_last(qtbot, arnetminer):
    for cluster in arnetminer.clusters():
        arnetminer.decide(cluster.id, [p.paper_id for p in arnetminer.load_cluster(cluster.id).papers], Verdict.REJECTED)
    first = started(qtbot, arnetminer)
    assert first.windowTitle() == "Namesake — David Jensen"  # a first run: the first
    opened_on(qtbot, first, "Rafael Alonso")
    left_on = go_down_to(qtbot, first, 7)
    quit_window(first)

    again = started(qtbot, arnetminer)
    assert again.windowTitle() == "Namesake — Rafael Alonso"  # it opened David Jensen, the first
    assert current_in_sight(qtbot, again) == left_on
    quit_window(again)


def test_a_restart_reopens_the_cluster_shown_last_though_done_and_says_so(qtbot, arnetminer):
    """Tester 2: Thomas Meyer done, left with undone steps; the restart opened another cluster (the next not done)
    with an empty status line, and the Ctrl+Shift+Z meant for Thomas Meyer redid a profile edit there."""
    rafael = cluster_named(arnetminer, "Rafael Alonso")
    papers = [p.paper_id for p in arnetminer.load_cluster(rafael.id).papers]
    arnetminer.decide(rafael.id, papers, Verdict.REJECTED)
    arnetminer.decide(rafael.id, papers[:1], Verdict.UNSURE)
    first = started(qtbot, arnetminer)
    opened_on(qtbot, first, "Rafael Alonso")
    press(qtbot, first, Qt.Key.Key_Z, CTRL)  # the unsure paper undone: done, and a redo waits in Rafael Alonso
    quit_window(first)

    again = started(qtbot, arnetminer)
    assert again.windowTitle() == "Namesake — Rafael Alonso"  # it opened David Jensen, the first not done
    said = again.statusBar().currentMessage()
    assert said == "Back in Rafael Alonso, where you left off (done): Ctrl+N opens the next cluster not done."
    press(qtbot, again, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # the redo acts on the cluster in sight
    assert arnetminer.cluster(rafael.id).unsure == 1
    with qtbot.waitSignal(again.session.cluster_loaded, timeout=10_000):
        press(qtbot, again, Qt.Key.Key_N, CTRL)
    assert again.windowTitle() == "Namesake — David Jensen"  # Ctrl+N goes on, round to the start
    quit_window(again)


def test_a_restart_on_a_cluster_not_done_says_where_it_opened(qtbot, arnetminer):
    first = started(qtbot, arnetminer)
    opened_on(qtbot, first, "Qiang shen")
    quit_window(first)

    again = started(qtbot, arnetminer)
    assert again.statusBar().currentMessage() == "Back in Qiang Shen, where you left off."
    quit_window(again)
