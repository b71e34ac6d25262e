"""The review window driven by the keyboard, checked against the database."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.papers_model import TITLE
from gui.session import ReviewSession
from models.schema import Verdict
from models.store import Store

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(ReviewSession(store))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    # Both come from worker threads, in either order.
    with qtbot.waitSignals([window.session.cluster_loaded, window.session.clusters_listed], timeout=10_000):
        window.start()
    return window


def failures_said(window) -> list[tuple[str, str]]:
    """The failures the window would put in a dialog, (title, message) each, caught here instead."""
    said: list[tuple[str, str]] = []
    window.session.failed.disconnect()
    window.session.failed.connect(lambda title, message: said.append((title, message)))
    return said


def press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.papers.table, key, modifier)


def verdicts(store: Store) -> dict[int, str]:
    """Decisions by source position, read from the database."""
    cluster = store.clusters()[0]
    contents = store.load_cluster(cluster.id)
    return {p.position: contents.decisions[p.paper_id].verdict.value for p in contents.papers if p.paper_id in contents.decisions}


def click_row(qtbot, view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A real mouse click on a row of a list or table, as a reviewer makes it."""
    centre = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, centre)


def current_row(window: MainWindow) -> int:
    return window.papers.table.currentIndex().row()


def test_start_up_is_ready_for_typing(window):
    assert window.windowTitle() == "Namesake — Shengen Yan"
    assert window.papers.model.rowCount() == 7
    assert QApplication.focusWidget() is window.papers.table
    assert current_row(window) == 0
    assert window.decided_label.text() == "0 of 7 decided"
    assert window.side.rows.note.text() == "2 author rows in the source, not itemized on this page."
    assert window.clusters.model.rowCount() == 1


def test_single_keys_decide_and_move_to_the_next_undecided(qtbot, window, seeded):
    press(qtbot, window, Qt.Key.Key_Y)
    assert current_row(window) == 1
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_U)
    assert verdicts(seeded) == {0: "person", 1: "rejected", 2: "unsure"}
    assert current_row(window) == 3
    assert window.decided_label.text() == "3 of 7 decided"
    assert window.side.people_model.data(window.side.people_model.index(0)) == "Shengen Yan"
    assert window.side.people_model.person_at(0).papers == 1
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_Backspace)
    assert verdicts(seeded) == {0: "person", 1: "rejected"}
    assert current_row(window) == 2  # clearing stays on the paper


def test_decided_papers_are_skipped_when_moving_on(qtbot, window, seeded):
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_N)  # row 1
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_Y)  # row 0: next undecided is row 2, not row 1
    assert current_row(window) == 2


def test_bulk_decision_on_every_selected_row(qtbot, window, seeded):
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_N)
    assert verdicts(seeded) == {0: "rejected", 1: "rejected", 2: "rejected"}
    assert current_row(window) == 3
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_Y)
    assert set(verdicts(seeded).values()) == {"person"} and len(verdicts(seeded)) == 7
    assert window.decided_label.text() == "7 of 7 decided"
    from gui.cluster_list import DECIDED

    assert window.clusters.model.index(0, DECIDED).data() == "✓ 7 / 7"  # done


def test_a_cluster_with_unsure_papers_left_is_in_progress_and_says_how_many(qtbot, window, seeded):
    """Every paper decided, two of them unsure: it read "✓ 7 / 7", "1 of 1 clusters done" and "the cluster is done"."""
    from gui.cluster_list import DECIDED
    from gui.inks import ink_colour

    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_U)  # papers 1 and 2 unsure; the cursor is on paper 3
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_N)  # papers 3 to 7: the last undecided
    assert window.statusBar().currentMessage() == (
        "Saved: 5 papers → not this name — every paper has a decision, 2 unsure: the cluster is done once they are decided."
    )
    cell = window.clusters.model.index(0, DECIDED)
    assert cell.data() == "7 / 7 · 2 unsure"  # no ✓; "2?" read as "27" (a tester)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == ink_colour("amber")
    assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith("Shengen Yan: 7 of 7 papers decided, 2 unsure (in progress)")
    assert window.clusters.progress.text() == "0 of 1 clusters done · 7 of 7 papers decided, 2 unsure"
    text_width = window.clusters.table.fontMetrics().horizontalAdvance(cell.data())
    assert window.clusters.table.columnWidth(DECIDED) > text_width  # the column widened to the "· 2 unsure"
    press(qtbot, window, Qt.Key.Key_Home, CTRL)
    press(qtbot, window, Qt.Key.Key_Down, SHIFT)
    press(qtbot, window, Qt.Key.Key_N)  # the unsure ones decided
    assert window.statusBar().currentMessage().endswith("the cluster is done: Ctrl+N opens the next one not done.")
    assert cell.data() == "✓ 7 / 7"


class CountedWalks(list):
    """The cluster's papers, counting the walks over them all."""

    walks = 0

    def __iter__(self):
        self.walks += 1
        return super().__iter__()


def test_a_decision_of_one_paper_names_it_without_walking_the_cluster(qtbot, window):
    """The status line's "paper 4 → unsure" was found by scanning every paper of the cluster for the one decided
    (`session.numbers_of`: 4.8 ms a key at 100,000 papers); the papers model knows its row."""
    window.papers.set_current_row(3)
    window.session.contents.papers = papers = CountedWalks(window.session.contents.papers)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.statusBar().currentMessage() == "Saved: paper 4 → unsure"
    assert papers.walks == 0


def test_a_bulk_decision_says_how_many_of_its_papers_it_decided_over(qtbot, window, seeded):
    """Ctrl+A 2 over a filter turned 6 papers decided otherwise into person 2, and the status line said only
    "Saved: 7,356 papers → Wei J. Zhang (2)"."""
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.statusBar().currentMessage().startswith("Saved: 7 papers → unsure; 2 of them had another decision (Ctrl+Z takes it back)")
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_N)  # each paper had one
    assert window.statusBar().currentMessage().startswith("Saved: 7 papers → not this name; all of them had another decision")
    window.papers.table.clearSelection()
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_U)  # one paper, in sight: nothing more to say
    assert window.statusBar().currentMessage() == "Saved: paper 1 → unsure"  # named: it is the one in sight
    # Counted against the 7 selected, not the papers changed: it read "all of them" here, and nothing after.
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.statusBar().currentMessage().startswith("Saved: 7 papers → unsure; 6 of them had another decision")
    window.papers.table.clearSelection()
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_U)
    assert window.statusBar().currentMessage().startswith("Saved: 7 papers → unsure; 1 of them had another decision")


def test_undo_and_redo_by_keyboard(qtbot, window, seeded):
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_N)
    assert not window.window_actions["redo"].isEnabled()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert verdicts(seeded) == {0: "person"}
    assert current_row(window) == 1  # the cursor goes to what was undone
    assert window.papers.model.index(1, 1).data() == ""
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert verdicts(seeded) == {}
    assert not window.window_actions["undo"].isEnabled()
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert verdicts(seeded) == {0: "person", 1: "rejected"}
    assert window.papers.model.index(1, 1).data() == "not this name"


def test_filter_as_you_type_then_decide_and_close(qtbot, window, seeded):
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.papers.filter_edit
    qtbot.keyClicks(window.papers.filter_edit, "quantiz")
    assert window.papers.model.rowCount() == 2
    assert window.papers.filter_count.text() == "2 of 7"
    assert "y" not in verdicts(seeded).values()  # typing "y" in the filter decided nothing
    qtbot.keyClick(window.papers.filter_edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.papers.table
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_U)
    assert verdicts(seeded) == {3: "unsure", 6: "unsure"}
    qtbot.keyClick(window.papers.table, Qt.Key.Key_Escape)
    assert window.papers.model.rowCount() == 7
    assert not window.papers.filter_edit.isVisible()


def test_a_filter_key_that_every_paper_matches_leaves_the_table_as_it_was(qtbot, window):
    pane = window.papers
    pane.table.selectAll()
    pane.set_current_row(3, select=False)
    resets = []
    pane.model.modelReset.connect(lambda: resets.append(pane.model.rowCount()))
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(pane.filter_edit, "e")  # every paper of the example has an "e" in its text
    assert (resets, pane.filter_count.text()) == ([], "7 of 7")
    assert (pane.selected_rows(), pane.table.currentIndex().row()) == (list(range(7)), 3)  # kept as they were
    qtbot.keyClicks(pane.filter_edit, "xq")  # "ex" leaves no paper: one reset; "exq" changes nothing more
    assert resets == [0] and pane.filter_count.text() == "0 of 7"


def test_the_detail_pane_says_why_no_paper_is_shown_and_how_to_bring_them_back(qtbot, window):
    """It said "Select a paper to see it in full." with no paper there to select."""
    detail = window.detail
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.papers.filter_edit, "qqzzx")
    qtbot.waitUntil(lambda: detail.placeholderText() == "No paper matches “qqzzx”: Esc clears the filter.")
    qtbot.keyClicks(window.papers.filter_edit, "x")  # the rows stay none: the text changes all the same
    qtbot.waitUntil(lambda: detail.placeholderText() == "No paper matches “qqzzxx”: Esc clears the filter.")
    assert detail.toPlainText() == ""
    qtbot.keyClick(window.papers.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: detail.toPlainText() != "")  # a paper again
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_U, CTRL)  # the undecided: none left
    qtbot.waitUntil(lambda: detail.placeholderText() == "No paper in the view “Undecided”: Ctrl+0 shows all papers.")
    assert detail.toPlainText() == ""


def test_sorted_table_decides_the_paper_under_the_cursor(qtbot, window, seeded):
    window.papers.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    title = window.papers.current_paper().title
    press(qtbot, window, Qt.Key.Key_N)
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    (decided,) = [p for p in contents.papers if p.paper_id in contents.decisions]
    assert decided.title == title


def test_actions_are_in_menus_toolbar_and_context_menu(qtbot, window):
    press(qtbot, window, Qt.Key.Key_P)
    menu = window.papers_context_menu()
    names = {a.objectName() for a in menu.actions()}
    assert {"decide_person", "decide_rejected", "decide_unsure", "decide_clear", "new_person", "note"} <= names
    move_to = next(a.menu() for a in menu.actions() if a.text() == "Move to")
    assert [a.text() for a in move_to.actions()] == ["Shengen Yan", "New person"]
    menu_actions = {a.objectName() for menu in window.menuBar().actions() for a in menu.menu().actions()}
    assert {"decide_person", "undo", "redo", "find", "import", "export", "next_cluster"} <= menu_actions
    assert window.window_actions["decide_person"].shortcut().toString() == "Y"


def test_n_is_called_not_this_name_wherever_a_curator_reads_it(qtbot, window, monkeypatch):
    """The toolbar, the menu, F1 and the view choices said "Not this person" or "Rejected" for what the
    Decision column, the tally and the status line call "not this name"."""
    from gui.keys_dialog import KeysDialog

    action = window.window_actions["decide_rejected"]
    press(qtbot, window, Qt.Key.Key_N)
    assert window.papers.model.index(0, 1).data() == "not this name"
    assert action.text() == "&Not this name" and action.iconText() == "Not this name"
    assert action.toolTip().startswith("The selected papers are not this name's person")
    views = [window.papers.view_choice.itemText(i) for i in range(window.papers.view_choice.count())]
    assert "Not this name" in views and "Rejected" not in views
    shown = []
    monkeypatch.setattr(KeysDialog, "exec", lambda dialog: shown.append(dialog.sheet_text) or 0)
    press(qtbot, window, Qt.Key.Key_F1)
    assert "<b>N</b></td><td>Not this name's person" in shown[0]


def test_the_decide_menu_offers_keys_1_to_9_only_for_the_people_there_are_and_names_them(qtbot, window, seeded):
    actions = [window.window_actions[f"assign_{n}"] for n in range(1, 10)]
    assert not any(a.isEnabled() or a.isVisible() for a in actions)  # no person yet: the menu lists none
    press(qtbot, window, Qt.Key.Key_Y)  # paper 1 -> Shengen Yan
    press(qtbot, window, Qt.Key.Key_P)  # paper 2 -> Shengen Yan (2)
    assert [a.text() for a in actions[:2]] == ["To 1 Shengen Yan", "To 2 Shengen Yan (2)"]
    assert [a.isEnabled() for a in actions] == [a.isVisible() for a in actions] == [True, True] + [False] * 7
    press(qtbot, window, Qt.Key.Key_3)  # no third person: nothing is decided, and that is said
    assert window.statusBar().currentMessage() == "There is no person 3 yet: P makes one from the selected papers."
    press(qtbot, window, Qt.Key.Key_2)
    assert verdicts(seeded) == {0: "person", 1: "person", 2: "person"}
    assert window.papers.model.index(2, 1).data() == "2 Shengen Yan (2)"


def test_decisions_are_there_after_closing_and_reopening(qtbot, db_path, seeded):
    first = open_window(qtbot, seeded)
    press(qtbot, first, Qt.Key.Key_Y)
    press(qtbot, first, Qt.Key.Key_N)
    first.close()
    seeded.close()
    with Store(db_path, reviewer="tester") as reopened:
        second = open_window(qtbot, reopened)
        model = second.papers.model
        assert [model.index(row, 1).data() for row in range(3)] == ["1 Shengen Yan", "not this name", ""]
        assert current_row(second) == 2  # the first undecided paper
        press(qtbot, second, Qt.Key.Key_Z, CTRL)  # undo reaches back past the restart
        assert model.index(1, 1).data() == ""
        second.close()


def test_a_write_the_disk_refuses_stays_pending_and_is_retried(qtbot, window, seeded):
    """SQLite itself refuses the writes (as for a read-only file); nothing is lost or reordered."""
    from sqlalchemy import event

    def refuse_writes(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(seeded._engine, "connect", refuse_writes)
    seeded._engine.dispose()  # every connection from now on refuses writes
    press(qtbot, window, Qt.Key.Key_Y)
    press(qtbot, window, Qt.Key.Key_N)
    assert verdicts(seeded) == {}
    assert window.banner.isVisible() and "2 changes are not saved yet: attempt to write a readonly database" in window.banner.text()
    assert window.papers.model.index(0, 1).data() == "◷ this person"  # the decision that waits, behind a mark the fonts have
    assert window.papers.model.index(1, 1).data() == "◷ not this name"
    assert current_row(window) == 2  # the reviewer goes on working
    assert window.decided_label.text() == "0 of 7 decided"
    event.remove(seeded._engine, "connect", refuse_writes)
    seeded._engine.dispose()  # the disk takes writes again
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)  # the retry timer saves them
    assert verdicts(seeded) == {0: "person", 1: "rejected"}
    assert window.papers.model.index(0, 1).data() == "1 Shengen Yan"
    assert window.decided_label.text() == "2 of 7 decided"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # and they are ordinary, undoable decisions
    assert verdicts(seeded) == {0: "person"}


def test_a_decision_on_a_read_only_file_is_kept_pending_and_saved_once_it_can_be(qtbot, window, seeded):
    """The file opened read-only, as for a user who may not write it: SQLite lets the transaction begin and
    refuses its first write in the driver (a bare sqlite3 error, which was left to the crash dialog)."""
    from conftest import read_only

    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_N)
        assert "1 change is not saved yet: attempt to write a readonly database" in window.banner.text()
        assert f"Make {seeded.path}, its -wal and -shm files and its folder writable" in window.banner.text()  # not "free some disk space"
        assert window.banner.isVisible()
        assert window.papers.model.index(0, 1).data() == "◷ not this name"
        window.session.retry_pending()  # refused again: still kept
        assert len(window.session.pending) == 1 and verdicts(seeded) == {}
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)  # the retry timer saves it
    assert verdicts(seeded) == {0: "rejected"}
    assert window.decided_label.text() == "1 of 7 decided"


def test_a_waiting_new_person_shows_on_its_rows_and_the_cursor_moves_on(qtbot, window, seeded):
    """Found by a tester: P on a read-only file left its row "undecided", with no ◷, and the cursor stayed,
    where Y, N and U show the waiting decision and move on."""
    from conftest import read_only

    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_P)
        assert len(window.session.pending) == 1
        assert window.papers.model.index(0, 1).data() == "◷ new person"  # the cluster is named in full: the store names it when saved
        assert current_row(window) == 1  # on to the next undecided paper
        assert window.statusBar().currentMessage() == "Not saved yet: Namesake will try again."
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)  # the retry timer saves it
    assert verdicts(seeded) == {0: "person"}
    assert window.papers.model.index(0, 1).data() == "1 Shengen Yan"


def test_a_waiting_note_is_labelled_as_the_store_labels_it_once_saved(qtbot, window, seeded):
    """The window names a waiting change itself (the store labels it only when it is written): both now come
    from one function of `models.review`, where the window had its own copy of the store's wording."""
    from conftest import read_only

    press(qtbot, window, Qt.Key.Key_N)
    paper_id = window.session.contents.papers[0].paper_id
    with read_only(seeded):
        window.session.annotate([paper_id], "checked the affiliation")
        waiting = [change.what for change in window.session.pending]
    qtbot.waitUntil(lambda: not window.session.pending, timeout=10_000)  # the retry timer saves it
    assert waiting == [window.session.undo_redo_labels()[0]] == ["note on 1 paper"]


def test_ctrl_z_takes_back_the_only_change_still_waiting_and_it_is_never_saved(qtbot, window, seeded):
    """Found by a tester: with no saved action in the cluster, Ctrl+Z on a waiting decision did nothing (the Undo
    button was off) and said nothing, and the decision was saved once the disk took writes again."""
    from conftest import read_only

    undo = window.window_actions["undo"]
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_Y)
        assert window.papers.model.index(0, 1).data() == "◷ this person"
        assert undo.isEnabled() and undo.text() == "&Undo 1 paper → this person (not saved yet)"
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert window.session.pending == [] and not window.banner.isVisible()
        assert window.papers.model.index(0, 1).data() == ""  # its mark gone
        assert window.statusBar().currentMessage() == "Took back the waiting change: 1 paper → this person (it was never saved)."
        assert current_row(window) == 0  # on the paper taken back
        assert not undo.isEnabled()
    window.session.retry_pending()  # writable again: nothing is left to save
    assert verdicts(seeded) == {}


def test_a_decision_behind_the_reviewers_own_waiting_one_on_the_same_paper_is_saved_not_refused(qtbot, window, seeded):
    """Left open by session 27: N waiting (◷), then Y on the same paper. The Y was checked against the state the
    window showed before the N, so once the N was saved the Y was refused as changed since by "you in another
    window". The reviewer saw ◷ not this name and changed their mind: the Y stands."""
    from conftest import read_only

    said = failures_said(window)
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_N)
        press(qtbot, window, Qt.Key.Key_Up)  # back to the paper just rejected
        press(qtbot, window, Qt.Key.Key_Y)
        assert len(window.session.pending) == 2
    window.session.retry_pending()
    assert said == [] and window.session.pending == []
    assert verdicts(seeded) == {0: "person"}


def test_a_decision_behind_a_waiting_one_is_still_refused_if_another_reviewer_changed_the_paper(qtbot, window, seeded):
    """The check stays for everyone else: bo's decision, saved while ann's N and then Y on the same paper waited,
    is not overwritten by either (the N is refused, so the Y behind it is checked against what ann first saw)."""
    from conftest import read_only

    said = failures_said(window)
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_N)
        press(qtbot, window, Qt.Key.Key_Up)
        press(qtbot, window, Qt.Key.Key_Y)
    cluster = seeded.clusters()[0]
    first = seeded.load_cluster(cluster.id).papers[0].paper_id
    with Store(seeded.path, reviewer="bo") as bo:
        bo.decide(cluster.id, [first], Verdict.UNSURE)
    window.session.retry_pending()
    assert verdicts(seeded) == {0: "unsure"}  # bo's stands
    assert len(said) == 2 and all("bo" in message for _title, message in said)
    assert window.session.pending == []


def test_ctrl_shift_z_puts_back_a_waiting_change_ctrl_z_took_back(qtbot, window, seeded):
    """Left open by session 27: redo went past a waiting change Ctrl+Z had taken back, to the store's redo, which
    never knew of it. Now it is made again (waiting again while the disk refuses, saved once it takes writes),
    and redo of the store's own undo still follows in order."""
    from conftest import read_only

    redo = window.window_actions["redo"]
    press(qtbot, window, Qt.Key.Key_N)  # saved, then undone: the store's to redo
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_Y)  # waits; a new change: the store's redo of the N is gone once it is saved
        press(qtbot, window, Qt.Key.Key_Z, CTRL)  # taken back, never written
        assert window.session.pending == [] and redo.isEnabled()
        assert redo.text() == "&Redo 1 paper → this person (never saved)"
        press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
        assert [change.what for change in window.session.pending] == ["1 paper → this person"]
        assert window.papers.model.index(0, 1).data() == "◷ this person"
        assert window.statusBar().currentMessage() == "Put back the change taken back: 1 paper → this person."
    window.session.retry_pending()
    assert verdicts(seeded) == {0: "person"}


def test_a_new_change_ends_the_redo_of_a_waiting_change_taken_back(qtbot, window, seeded):
    from conftest import read_only

    redo = window.window_actions["redo"]
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_Y)
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
        press(qtbot, window, Qt.Key.Key_Down)
        press(qtbot, window, Qt.Key.Key_U)  # a new change: what was taken back stays taken back
        assert window.session.waiting_to_put_back() is None and not redo.isEnabled()
    window.session.retry_pending()
    assert verdicts(seeded) == {1: "unsure"}


def test_ctrl_z_takes_back_the_waiting_change_before_the_saved_ones(qtbot, window, seeded):
    """The newest first: a waiting change is taken back, not queued behind it as an undo of the saved one."""
    from conftest import read_only

    press(qtbot, window, Qt.Key.Key_N)  # saved
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_U)  # waits
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert window.session.pending == [] and window.papers.model.index(1, 1).data() == ""
        assert window.statusBar().currentMessage() == "Took back the waiting change: 1 paper → unsure (it was never saved)."
        assert window.window_actions["undo"].text() == "&Undo 1 paper → not this name"
    assert verdicts(seeded) == {0: "rejected"}
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # then the saved one, as ever
    assert verdicts(seeded) == {}


def test_a_key_that_changes_nothing_says_so_and_leaves_undo_as_it_was(qtbot, window, seeded, db_path):
    """A tester: Y on a paper already "1 Cheng Chang" said "Saved: this person", U on an unsure one "Saved: unsure",
    also on a database that cannot be written. Nothing is written for them, nor waits; Ctrl+Z takes back the last
    real change."""
    import sqlite3

    from conftest import read_only

    def said() -> str:
        return window.statusBar().currentMessage()

    press(qtbot, window, Qt.Key.Key_Y)  # paper 1: Shengen Yan
    press(qtbot, window, Qt.Key.Key_U)  # paper 2: unsure
    logged = sqlite3.connect(db_path).execute("SELECT count(*) FROM review_action").fetchone()
    press(qtbot, window, Qt.Key.Key_Home)
    press(qtbot, window, Qt.Key.Key_Y)
    assert said() == "Paper 1 is already Shengen Yan: nothing to save."
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_1)
    assert said() == "Paper 1 is already Shengen Yan: nothing to save."
    window.papers.set_current_row(3)
    press(qtbot, window, Qt.Key.Key_Backspace)
    assert said() == "Paper 4 is already undecided: nothing to save."
    with read_only(seeded):
        window.papers.set_current_row(1)
        press(qtbot, window, Qt.Key.Key_U)
        assert said() == "Paper 2 is already unsure: nothing to save."
        assert window.session.pending == [] and not window.banner.isVisible()
        window.papers.set_current_row(2)
        press(qtbot, window, Qt.Key.Key_N)  # waits: a key after it is checked against what the window shows
        window.papers.set_current_row(0)
        press(qtbot, window, Qt.Key.Key_Y)
        assert said() == "Paper 1 is already Shengen Yan: nothing to save."
        assert [change.what for change in window.session.pending] == ["1 paper → not this name"]  # nothing queued behind it
        assert window.papers.model.index(0, 1).data() == "1 Shengen Yan"  # no "◷" over the same decision
        press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the waiting N taken back
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM review_action").fetchone() == logged
    assert window.window_actions["undo"].text() == "&Undo 1 paper → unsure"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert said() == "Undone: paper 2 → unsure"
    assert verdicts(seeded) == {0: "person"}


def test_a_waiting_decision_shows_only_itself_on_its_row_and_in_the_paper_pane(qtbot, window, seeded):
    """A tester, on a read-only database: Y on a "not this name" paper left the row "✗ ◷ Cheng Chang", red icon and
    red row of the old verdict beside the new one, while the paper pane read "Decision: not this name's person"."""
    from PySide6.QtCore import Qt as QtNames

    from conftest import read_only
    from gui.papers_model import DECISION

    model = window.papers.model
    press(qtbot, window, Qt.Key.Key_Y)  # paper 1: Shengen Yan
    press(qtbot, window, Qt.Key.Key_N)  # paper 2: not this name
    assert model.index(1, DECISION).data(QtNames.ItemDataRole.DecorationRole) is not None  # the saved verdict's ✗
    assert model.index(1, DECISION).data(QtNames.ItemDataRole.BackgroundRole) is not None
    with read_only(seeded):
        window.papers.set_current_row(1)
        press(qtbot, window, Qt.Key.Key_Y)
        assert len(window.session.pending) == 1
        assert model.index(1, DECISION).data() == "◷ Shengen Yan"
        for column in range(model.columnCount()):
            assert model.index(1, column).data(QtNames.ItemDataRole.BackgroundRole) is None  # no red row
        assert model.index(1, DECISION).data(QtNames.ItemDataRole.DecorationRole) is None  # no ✗
        press(qtbot, window, Qt.Key.Key_Up)  # back to it from the next undecided paper
        qtbot.waitUntil(lambda: "Decision: Shengen Yan — waiting to be saved (◷)" in window.detail.toPlainText())
        assert "not this name" not in window.detail.toPlainText()
    window.session.retry_pending()  # saved: the pane follows without a move
    qtbot.waitUntil(lambda: "Decision: this person (Shengen Yan)" in window.detail.toPlainText())
    assert model.index(1, DECISION).data() == "1 Shengen Yan"
    assert model.index(1, DECISION).data(QtNames.ItemDataRole.DecorationRole) is not None


def test_a_read_only_database_is_said_from_the_start_and_a_decision_then_waits(qtbot, seeded, monkeypatch):
    """The window opened on such a file said nothing: the reviewer learned it at their first decision."""
    import os

    from conftest import read_only

    real_access = os.access
    seeded.path.chmod(0o444)
    try:
        with monkeypatch.context() as patched, read_only(seeded):  # SQLite refuses the writes, as on such a file
            if real_access(seeded.path, os.W_OK):  # root writes any file whatever its mode: the kernel says no here
                patched.setattr(os, "access", lambda path, mode, **kw: str(path) != str(seeded.path) and real_access(path, mode, **kw))
            window = open_window(qtbot, seeded)
            assert window.windowTitle() == "Namesake — Shengen Yan (read-only)"
            assert window.banner.isVisible() and window.banner.text().startswith(
                f"⚠ This database is read-only: you may not write the database file {seeded.path}. Decisions you make will wait"
            )
            press(qtbot, window, Qt.Key.Key_N)  # as before: kept pending, and the banner says so
            assert len(window.session.pending) == 1
            assert "1 change is not saved yet: attempt to write a readonly database" in window.banner.text()
            window.session.retry_pending()
            assert window.windowTitle() == "Namesake — Shengen Yan (read-only)" and window.banner.isVisible()
    finally:
        seeded.path.chmod(0o644)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)  # writable again: the retry saves it
    assert verdicts(seeded) == {0: "rejected"}
    assert window.windowTitle() == "Namesake — Shengen Yan"  # and the mark goes
    window.close()
    window.session.runner.wait()


def test_a_file_made_read_only_while_open_is_not_called_read_only_while_its_writes_succeed(qtbot, window, seeded, monkeypatch):
    """chmod 444 on the open database: the watch put up "(read-only)" and a banner saying decisions would wait,
    while each was saved through the connections already open (a tester saw them in the log). Only a fresh
    open or a refused write says the database cannot be written; the mark goes at the next write that succeeds."""
    import os

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: str(path) != str(seeded.path) and real_access(path, mode, **kw))
    window.session.look_for_changes_elsewhere()  # as the watch does every 2 s
    assert window.windowTitle() == "Namesake — Shengen Yan" and not window.banner.isVisible()
    press(qtbot, window, Qt.Key.Key_N)
    assert verdicts(seeded) == {0: "rejected"} and not window.session.pending
    assert window.windowTitle() == "Namesake — Shengen Yan" and not window.banner.isVisible()
    # Said at open, then written after all (the file made writable, or SQLite still has it open for writing):
    window.session._say_read_only("you may not write the database file x")
    assert window.windowTitle() == "Namesake — Shengen Yan (read-only)" and window.banner.isVisible()
    press(qtbot, window, Qt.Key.Key_U)
    assert window.windowTitle() == "Namesake — Shengen Yan" and not window.banner.isVisible()


def test_another_programs_lock_never_holds_up_a_key_and_the_change_waits_for_it(qtbot, window, seeded, db_path):
    """Another program holds BEGIN EXCLUSIVE: each key and each retry waited the 3 s busy timeout on the GUI
    thread (the tester saw 2-6 s per key); now the change is kept pending at once and saved once the lock goes."""
    import time

    from conftest import another_program_locks

    with another_program_locks(db_path) as holder:
        started = time.monotonic()
        press(qtbot, window, Qt.Key.Key_Y)
        assert time.monotonic() - started < 1.0  # 3.0 s before
        assert window.banner.isVisible() and "1 change is not saved yet: database is locked" in window.banner.text()
        assert "Close the other program using the database" in window.banner.text()
        assert window.papers.model.index(0, 1).data() == "◷ this person"
        started = time.monotonic()
        window.session.retry_pending()  # as its timer does every 2 s
        assert time.monotonic() - started < 1.0  # 3.0 s before
        press(qtbot, window, Qt.Key.Key_N)  # queued behind it
        assert current_row(window) == 2
        holder.rollback()  # the other program lets go
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    assert verdicts(seeded) == {0: "person", 1: "rejected"}
    assert window.decided_label.text() == "2 of 7 decided"


def test_a_final_error_is_reported_and_nothing_is_kept_pending(qtbot, window, seeded, monkeypatch):
    from models.errors import NotFoundError

    def gone(*_args, **_kwargs):
        raise NotFoundError("papers [1] are not in cluster 1")

    monkeypatch.setattr(seeded, "decide", gone)
    shown = failures_said(window)
    press(qtbot, window, Qt.Key.Key_Y)
    assert shown == [("The decision was not saved", "papers [1] are not in cluster 1")]
    assert not window.session.pending and not window.banner.isVisible()
    assert current_row(window) == 0


def test_a_database_fault_that_is_no_refused_write_is_reported_once_and_not_kept_pending(qtbot, window, seeded, db_path):
    """A table gone from the file fails every retry alike: it was kept pending for ever under the "not saved
    yet" banner (SQLAlchemy's OperationalError counted as a refused write) or left to the crash dialog (the
    driver's own error, from a prepared statement)."""
    import sqlite3

    with sqlite3.connect(db_path) as other:
        other.execute("DROP TABLE decision_change")
    shown = failures_said(window)
    press(qtbot, window, Qt.Key.Key_Y)
    assert shown == [("The decision was not saved", "no such table: decision_change")]
    assert not window.session.pending and not window.banner.isVisible()
    assert window.papers.model.index(0, 1).data() == ""  # no decision shown as waiting


def test_a_non_refusal_operational_error_of_the_store_is_final(qtbot, window, seeded, monkeypatch):
    """SQLAlchemy's OperationalError is not a refused write unless `models.db.writing` made it a WriteRefused."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def fault(*_args, **_kwargs):
        raise OperationalError("INSERT INTO decision ...", {}, sqlite3.OperationalError("no such table: decision"))

    monkeypatch.setattr(seeded, "decide", fault)
    shown = failures_said(window)
    press(qtbot, window, Qt.Key.Key_Y)
    assert len(shown) == 1 and shown[0][0] == "The decision was not saved" and "no such table: decision" in shown[0][1]
    assert not window.session.pending and not window.banner.isVisible()


def test_the_first_cluster_opens_while_the_clusters_are_still_being_listed(qtbot, seeded, monkeypatch):
    """Listing 200,000 clusters takes seconds: it runs off the GUI thread, and the cluster to resume opens meanwhile."""
    import threading

    listed = threading.Event()
    real_clusters = seeded.clusters

    def slow_listing():
        assert listed.wait(10)  # until the test lets it finish
        return real_clusters()

    monkeypatch.setattr(seeded, "clusters", slow_listing)
    window = MainWindow(ReviewSession(seeded))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.start()  # returns at once: the listing waits
    assert window.session.listing and window.clusters.model.rowCount() == 0
    assert window.clusters.progress.text() == "Listing the clusters…"
    assert window.session.cluster.name == "Shengen Yan" and window.papers.model.rowCount() == 7
    with qtbot.waitSignal(window.session.clusters_listed, timeout=10_000):
        listed.set()
    assert not window.session.listing
    assert window.clusters.table.currentIndex().row() == window.clusters.model.row_of(window.session.cluster.id)  # marked
    assert window.clusters.progress.text().startswith("0 of 1 clusters done")
    window.session.runner.wait()


def test_listings_asked_for_while_one_runs_make_one_more(qtbot, seeded, monkeypatch):
    import threading

    session = ReviewSession(seeded)
    release, calls, shown = threading.Event(), [], []
    real_clusters = seeded.clusters
    monkeypatch.setattr(seeded, "clusters", lambda: calls.append(1) or (release.wait(10), real_clusters())[1])
    session.clusters_listed.connect(shown.append)
    session.list_clusters()
    session.list_clusters()  # the database changed meanwhile: the running listing may be old
    session.list_clusters()
    release.set()
    qtbot.waitUntil(lambda: bool(shown) and not session.listing, timeout=10_000)
    session.runner.wait()
    qtbot.wait(50)
    assert len(calls) == 2 and len(shown) == 1 and [c.name for c in shown[0].clusters] == ["Shengen Yan"]


def test_export_from_the_window(qtbot, window, tmp_path):
    import json

    press(qtbot, window, Qt.Key.Key_Y)
    target = tmp_path / "shengen.json"
    window.export_to([window.session.cluster.id], "json", target)
    window.session.runner.wait()
    qtbot.waitUntil(target.exists)
    exported = json.loads(target.read_text())
    assert [len(p["papers"]) for p in exported["people"]] == [1]


def test_a_long_export_counts_what_it_has_gathered_and_can_be_stopped(qtbot, window, tmp_path, monkeypatch):
    """Every cluster of a dblp import (200,000) took 20 minutes to export, in silence, and quitting waited for it."""
    import gui.session
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(gui.session, "EXPORT_PROGRESS_S", 0.0)
    said = []
    window.session.busy.connect(said.append)
    cluster_id = window.session.cluster.id
    whole = tmp_path / "whole.csv"
    with qtbot.waitSignal(window.session.exported, timeout=30_000) as exported:
        window.export_to([cluster_id] * 30, "csv", whole)
    assert exported.args == [30, "csv", str(whole)] and whole.exists()
    assert said[0] == "Exporting 30 clusters…" and "Exporting 30 clusters: 30 gathered…" in said and said[-1] == ""
    assert window.statusBar().currentMessage() == f"Exported 30 clusters as csv to {whole}"

    stop = window.window_actions["stop_export"]
    assert not stop.isEnabled()  # nothing to stop
    by_menu = tmp_path / "by-menu.csv"
    refused = failures_said(window)
    with qtbot.waitSignal(window.session.export_cancelled, timeout=30_000):
        window.export_to([cluster_id] * 2_000, "csv", by_menu)
        assert stop.isEnabled()
        window.export_to([cluster_id], "csv", tmp_path / "second.csv")  # one at a time
        assert [title for title, _ in refused] == ["An export is still being written"]
        stop.trigger()  # File → Stop the export
    assert not stop.isEnabled() and not by_menu.exists()
    assert window.statusBar().currentMessage() == "Export cancelled: nothing was written."

    stopped = tmp_path / "stopped.csv"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.session.export_cancelled, timeout=30_000):
        window.export_to([cluster_id] * 2_000, "csv", stopped)
        window.close()  # asks, then stops it: nothing written
    assert asked and "export is still being written" in asked[0]
    assert not window.session.exporting and not stopped.exists()
    assert list(tmp_path.glob("stopped*")) == []  # no half-written file either


def test_import_from_the_window_runs_in_the_background(qtbot, window, tmp_path, monkeypatch):
    from conftest import arrow_page, paper

    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    monkeypatch.setattr(window, "_show_import", lambda reports: None)
    with qtbot.waitSignal(window.session.imported, timeout=10_000) as imported, \
            qtbot.waitSignal(window.session.clusters_listed, timeout=10_000):  # listed after, off the GUI thread too
        window.session.import_files([page])
    assert imported.args[0][0].clusters == ["Ann Lee"]
    assert [window.clusters.model.index(r, 0).data() for r in range(2)] == ["Ann Lee", "Shengen Yan"]


def test_next_open_cluster(qtbot, seeded, tmp_path):
    from conftest import arrow_page, paper

    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_files([page])
    window = open_window(qtbot, seeded)
    assert window.windowTitle() == "Namesake — Ann Lee"  # the first cluster not done
    press(qtbot, window, Qt.Key.Key_Y)  # Ann Lee is now done
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Shengen Yan"
    assert window.clusters.table.currentIndex().row() == 1
    window.session.runner.wait()


def window_of_two_clusters(qtbot, seeded, tmp_path) -> MainWindow:
    """Ann Lee (one paper, open first: not done) and Shengen Yan."""
    from conftest import arrow_page, paper

    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [paper("A", ["Ann Lee"])]))
    seeded.import_files([page])
    return open_window(qtbot, seeded)


def test_a_cluster_is_found_and_opened_by_keyboard(qtbot, seeded, tmp_path):
    window = window_of_two_clusters(qtbot, seeded, tmp_path)
    assert window.windowTitle() == "Namesake — Ann Lee"
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is window.clusters.name_filter
    qtbot.keyClicks(window.clusters.name_filter, "YAN")  # any case, any part of the name
    assert window.clusters.model.rowCount() == 1
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        qtbot.keyClick(window.clusters.name_filter, Qt.Key.Key_Return)
    assert window.windowTitle() == "Namesake — Shengen Yan"
    assert QApplication.focusWidget() is window.papers.table  # ready for the next key
    press(qtbot, window, Qt.Key.Key_N)
    shengen = seeded.load_cluster(window.session.cluster.id)
    assert [shengen.decisions[p.paper_id].verdict for p in shengen.papers[:1]] == [Verdict.REJECTED]
    assert verdicts(seeded) == {}  # Ann Lee, listed first, is untouched
    window.session.runner.wait()


def test_down_goes_into_the_found_clusters_and_esc_clears_then_leaves(qtbot, seeded, tmp_path):
    window = window_of_two_clusters(qtbot, seeded, tmp_path)
    name_filter = window.clusters.name_filter
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(name_filter, "e")  # both names
    assert window.clusters.model.rowCount() == 2
    assert window.clusters.table.currentIndex().row() == 0  # the open cluster stays marked
    qtbot.keyClick(name_filter, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.clusters.table
    with qtbot.assertNotEmitted(window.session.cluster_loaded, wait=200):
        qtbot.keyClick(window.clusters.table, Qt.Key.Key_Down)  # the list's arrows move, and open nothing
    assert window.clusters.table.currentIndex().row() == 1
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        qtbot.keyClick(window.clusters.table, Qt.Key.Key_Return)  # Enter opens
    assert window.windowTitle() == "Namesake — Shengen Yan"
    assert QApplication.focusWidget() is window.papers.table

    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClick(name_filter, Qt.Key.Key_Escape)
    assert name_filter.text() == "" and window.clusters.model.rowCount() == 2
    assert QApplication.focusWidget() is name_filter  # the first Esc only cleared the text
    qtbot.keyClick(name_filter, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.papers.table
    window.session.runner.wait()


def window_of_many_clusters(qtbot, seeded, tmp_path, names: list[str]) -> MainWindow:
    """A cluster of each name (one paper each) besides Shengen Yan, the one opened."""
    from conftest import arrow_page, paper

    pages = []
    for name in names:
        pages.append(tmp_path / f"{name}.txt")
        pages[-1].write_text(arrow_page(name, [paper(f"On {name}", [name])]))
    seeded.import_files(pages)
    window = open_window(qtbot, seeded)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        window.session.open_cluster(seeded.find_cluster("Shengen Yan").id)
    return window


def test_down_after_ctrl_l_reaches_the_second_name_found_and_enter_opens_it(qtbot, seeded, tmp_path):
    """With a cluster open that the filter does not show, the first ↓ opened the first name found and the
    focus went to its papers: later ↓ moved papers, and the second name was out of reach."""
    window = window_of_many_clusters(qtbot, seeded, tmp_path, ["Ann Lee", "Bo Lee"])
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.clusters.name_filter, "lee")
    with qtbot.assertNotEmitted(window.session.cluster_loaded, wait=200):
        qtbot.keyClick(window.clusters.name_filter, Qt.Key.Key_Down)  # onto the first found, not opened
        assert QApplication.focusWidget() is window.clusters.table
        assert window.clusters.table.currentIndex().row() == 0
        qtbot.keyClick(window.clusters.table, Qt.Key.Key_Down)
    assert window.windowTitle() == "Namesake — Shengen Yan"
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        qtbot.keyClick(window.clusters.table, Qt.Key.Key_Return)
    assert window.windowTitle() == "Namesake — Bo Lee"
    assert QApplication.focusWidget() is window.papers.table
    window.session.runner.wait()


def test_the_number_pads_enter_opens_the_row_reached_in_the_list(qtbot, seeded, tmp_path):
    """It comes with the keypad's modifier, and Enter with no modifier ignored it."""
    window = window_of_many_clusters(qtbot, seeded, tmp_path, ["Ann Lee", "Bo Lee"])
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.clusters.name_filter, "lee")
    qtbot.keyClick(window.clusters.name_filter, Qt.Key.Key_Down)
    qtbot.keyClick(window.clusters.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        qtbot.keyClick(window.clusters.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert window.windowTitle() == "Namesake — Bo Lee"
    assert QApplication.focusWidget() is window.papers.table
    window.session.runner.wait()


def test_a_click_opens_the_cluster_clicked_also_when_its_row_is_current(qtbot, seeded, tmp_path):
    """The list opened a cluster when its current row changed: a click on a row already current opened
    nothing. Clicked after Ctrl+L "lee", the list took the focus and made the first row current unasked,
    so a click on it opened nothing; a row the arrows reached was current already."""
    window = window_of_many_clusters(qtbot, seeded, tmp_path, ["Ann Lee", "Bo Lee"])
    clusters = window.clusters
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(clusters.name_filter, "lee")  # Shengen Yan, open, is not shown
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        click_row(qtbot, clusters.table, 0)
    assert window.windowTitle() == "Namesake — Ann Lee"
    assert clusters.chosen_clusters()[0].name == "Ann Lee"

    clusters.name_filter.setFocus()
    qtbot.keyClick(clusters.name_filter, Qt.Key.Key_Down)  # onto Ann Lee, open
    qtbot.keyClick(clusters.table, Qt.Key.Key_Down)  # onto Bo Lee, not opened
    assert clusters.table.currentIndex().row() == 1 and window.windowTitle() == "Namesake — Ann Lee"
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        click_row(qtbot, clusters.table, 1)
    assert window.windowTitle() == "Namesake — Bo Lee"

    with qtbot.assertNotEmitted(window.session.cluster_loaded, wait=200):
        click_row(qtbot, clusters.table, 0, SHIFT)  # chooses both, for an export: opens neither
    assert [cluster.name for cluster in clusters.chosen_clusters()] == ["Ann Lee", "Bo Lee"]
    assert window.windowTitle() == "Namesake — Bo Lee"
    window.session.runner.wait()


def test_a_click_into_the_list_opens_the_row_under_the_mouse(qtbot, seeded, tmp_path):
    """Taking the focus, the list scrolled to the open cluster before the press came: the click opened
    whichever row was then under the mouse ("Ann Lee38" for "Ann Lee00")."""
    window = window_of_many_clusters(qtbot, seeded, tmp_path, [f"Ann Lee{n:02}" for n in range(60)])
    clusters = window.clusters
    assert clusters.model.row_of(window.session.cluster.id) == 60  # Shengen Yan, far down
    window.papers.table.setFocus()
    clusters.table.scrollToTop()
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        click_row(qtbot, clusters.table, 0)
    assert window.windowTitle() == "Namesake — Ann Lee00"
    window.session.runner.wait()


def test_the_open_cluster_is_the_lists_current_row_in_sight_after_the_filter_and_by_shift_tab(qtbot, seeded, tmp_path):
    """After the name filter was cleared, the open cluster far down the list was neither current nor in sight;
    reached by Shift+Tab, the list showed no current row."""
    window = window_of_many_clusters(qtbot, seeded, tmp_path, [f"Ann Lee{n:02}" for n in range(60)])
    clusters = window.clusters
    opened = clusters.model.row_of(window.session.cluster.id)
    assert opened == 60  # last: far out of sight of the list's top

    def in_sight(row: int) -> bool:
        return clusters.table.viewport().rect().contains(clusters.table.visualRect(clusters.model.index(row, 0)).center())

    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(clusters.name_filter, "ann")  # Shengen Yan is hidden; the list scrolls to the top
    clusters.table.scrollToTop()
    qtbot.keyClick(clusters.name_filter, Qt.Key.Key_Escape)  # cleared
    assert clusters.table.currentIndex().row() == opened and in_sight(opened)

    clusters.table.scrollToTop()
    window.papers.table.setFocus()
    qtbot.keyClick(window.papers.table, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is clusters.table
    assert clusters.table.currentIndex().row() == opened and in_sight(opened)
    window.session.runner.wait()


def test_the_list_reached_by_keyboard_with_the_open_cluster_hidden_shows_a_current_row(qtbot, seeded, tmp_path):
    window = window_of_many_clusters(qtbot, seeded, tmp_path, ["Ann Lee", "Bo Lee"])
    clusters = window.clusters
    clusters.name_filter.setText("lee")  # Shengen Yan, open, is not shown
    assert not clusters.table.currentIndex().isValid()
    with qtbot.assertNotEmitted(window.session.cluster_loaded, wait=200):
        window.papers.table.setFocus()
        qtbot.keyClick(window.papers.table, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is clusters.table
    assert clusters.table.currentIndex().row() == 0  # made current, not opened
    qtbot.keyClick(clusters.table, Qt.Key.Key_Escape)  # back to the papers
    assert QApplication.focusWidget() is window.papers.table and window.windowTitle() == "Namesake — Shengen Yan"
    # From the name filter, as a tester did (Ctrl+L "lee" ↓ ↓ Esc): "Bo Lee" stayed marked, as if it were open
    clusters.name_filter.setFocus()
    qtbot.keyClick(clusters.name_filter, Qt.Key.Key_Down)
    qtbot.keyClick(clusters.table, Qt.Key.Key_Down)
    assert clusters.table.selectionModel().hasSelection()
    qtbot.keyClick(clusters.table, Qt.Key.Key_Escape)
    assert not clusters.table.selectionModel().hasSelection() and window.windowTitle() == "Namesake — Shengen Yan"
    window.session.runner.wait()


def test_enter_on_a_filter_that_finds_nothing_opens_nothing(qtbot, seeded, tmp_path):
    window = window_of_two_clusters(qtbot, seeded, tmp_path)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.clusters.name_filter, "zzzqqq")
    with qtbot.assertNotEmitted(window.session.cluster_loaded, wait=200):
        qtbot.keyClick(window.clusters.name_filter, Qt.Key.Key_Return)
    assert window.windowTitle() == "Namesake — Ann Lee"
    assert QApplication.focusWidget() is window.clusters.name_filter  # the reviewer types on
    press(qtbot, window, Qt.Key.Key_N, CTRL)  # it said 'Every other cluster with "zzzqqq" in its name is done'
    assert window.statusBar().currentMessage() == 'No cluster name contains "zzzqqq": the list shows none (Ctrl+L, then Esc, clears it).'
    window.session.runner.wait()


def test_enter_finds_a_name_the_status_filter_hides_whatever_the_status(qtbot, seeded, tmp_path):
    """Status filter "Done" set earlier, then Ctrl+L "ann" Enter: an empty list, nothing opened, nothing said."""
    window = window_of_many_clusters(qtbot, seeded, tmp_path, ["Ann Lee"])
    clusters = window.clusters
    clusters.status_filter.setCurrentIndex(3)
    clusters.status_filter.activated.emit(3)
    assert clusters.status_filter.currentText() == "Done" and clusters.model.rowCount() == 0
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.statusBar().currentMessage() == "The cluster list shows none: the status filter 'Done' hides every cluster."
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(clusters.name_filter, "ann")
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        qtbot.keyClick(clusters.name_filter, Qt.Key.Key_Return)
    assert window.windowTitle() == "Namesake — Ann Lee"
    assert clusters.status_filter.currentText() == "Every status"
    assert window.statusBar().currentMessage() == "Showing every status: the status filter 'Done' hid \"ann\"."
    window.session.runner.wait()


def test_tab_goes_round_the_panes_by_keyboard(qtbot, window):
    """Tab moved between the cells of a table and never left it: the people, the suggestions and the
    clusters were out of reach of the keyboard."""
    reached = []
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if reached[-1] is window.papers.table:
            break
    for pane in (window.side.people, window.side.suggestions.view, window.clusters.name_filter, window.clusters.table):
        assert pane in reached, pane
    assert reached[-1] is window.papers.table  # and round again
    assert current_row(window) == 0  # Tab moved no paper
    # One stop for the paper shown, however many links it has (it stopped at each of them).
    assert "Link:" in window.detail.toPlainText() and reached.count(window.detail) == 1
    # The keys sheet (F1) names the stops in this order (it left out the view choices and the tabs).
    from gui.actions import keys_table_html

    stops = [window.papers.view_choice, window.detail, window.details.tabBar(), window.side.people,
             window.side.suggestions.view, window.clusters.name_filter, window.clusters.table]
    assert [reached.index(stop) for stop in stops] == sorted(reached.index(stop) for stop in stops)
    assert "papers, its view choices, the paper, its Paper / History tabs, author rows, people, suggestions, the clusters' filter" in keys_table_html()


def test_the_people_list_reached_by_keyboard_shows_which_person_the_keys_act_on(qtbot, window):
    press(qtbot, window, Qt.Key.Key_Y)  # the cluster's first person
    people = window.side.people
    assert not people.selectionModel().selectedIndexes()
    people.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: people.hasFocus())
    assert [index.row() for index in people.selectionModel().selectedIndexes()] == [0]
    assert people.currentIndex().row() == 0  # F2 renames it, Enter shows its papers


def tab_to(qtbot, window: MainWindow, pane) -> None:
    """Tab from the papers, as the reviewer does, until `pane` has the focus."""
    window.papers.table.setFocus()
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is pane:
            return
    raise AssertionError(f"Tab never reached {pane}")


def test_the_people_list_reached_by_tab_selects_the_current_papers_person(qtbot, window):
    """Tab into the people selected the list's first person, not the one the current paper was decided to."""
    press(qtbot, window, Qt.Key.Key_Y)  # paper 0 -> person 1
    press(qtbot, window, Qt.Key.Key_P)  # paper 1 -> person 2
    press(qtbot, window, Qt.Key.Key_P)  # paper 2 -> person 3
    press(qtbot, window, Qt.Key.Key_K)
    assert current_row(window) == 2
    people = window.side.people
    tab_to(qtbot, window, people)
    assert [index.row() for index in people.selectionModel().selectedIndexes()] == [2]
    assert people.currentIndex().row() == 2  # F2 renames person 3
    press(qtbot, window, Qt.Key.Key_J)  # an undecided paper: the list keeps its own current person
    assert current_row(window) == 3
    tab_to(qtbot, window, people)
    assert [index.row() for index in people.selectionModel().selectedIndexes()] == [2]


def test_after_a_merge_from_the_people_menu_the_kept_person_is_selected_and_f2_renames_it(qtbot, window, seeded):
    """After Menu → Merge into → Return no person was selected, F2 opened no editor and no line said the merge was done."""
    from PySide6.QtWidgets import QAbstractItemView

    press(qtbot, window, Qt.Key.Key_Y)  # paper 0 -> Shengen Yan
    press(qtbot, window, Qt.Key.Key_P)  # paper 1 -> Shengen Yan (2)
    press(qtbot, window, Qt.Key.Key_P)  # paper 2 -> Shengen Yan (3)
    window.papers.select_papers([window.papers.model.paper_at(3).paper_id])
    press(qtbot, window, Qt.Key.Key_3)  # paper 3 -> Shengen Yan (3): it holds 2 papers
    people = window.side.people
    first, _second, third = window.session.contents.people
    tab_to(qtbot, window, people)
    people.merge_requested.emit(first.id, third.id)  # its menu: Merge into → Shengen Yan, Return
    assert [p.label for p in window.session.contents.people] == ["Shengen Yan", "Shengen Yan (2)"]
    assert QApplication.focusWidget() is people
    assert [index.row() for index in people.selectionModel().selectedIndexes()] == [0] == [people.currentIndex().row()]
    # "(2 papers)" after the kept person's label read as its total; it was the papers moved.
    assert window.statusBar().currentMessage() == "Merged Shengen Yan (3) into Shengen Yan: 2 papers moved, Shengen Yan now holds 3 papers"
    qtbot.keyClick(people, Qt.Key.Key_F2)
    assert people.state() == QAbstractItemView.State.EditingState


def test_a_rename_in_the_people_list_is_said_in_the_status_line(qtbot, window):
    """A tester: F2, a new label and Return renamed the person and said nothing."""
    from PySide6.QtWidgets import QAbstractItemView

    press(qtbot, window, Qt.Key.Key_Y)  # the cluster's first person, "Shengen Yan"
    people = window.side.people
    tab_to(qtbot, window, people)
    qtbot.keyClick(people, Qt.Key.Key_F2)
    editor = people.indexWidget(people.currentIndex())
    editor.selectAll()
    qtbot.keyClicks(editor, "Shengen Yan (SenseTime)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: people.state() != QAbstractItemView.State.EditingState)  # the editor commits on the next turn
    assert [p.label for p in window.session.contents.people] == ["Shengen Yan (SenseTime)"]
    assert window.statusBar().currentMessage() == "Renamed Shengen Yan to Shengen Yan (SenseTime)"
    (person,) = window.session.contents.people
    window.controller.edit_person_fields(person.id, affiliation="SenseTime Research")  # the profile dialog, its label kept
    assert window.statusBar().currentMessage() == "Saved: the profile of Shengen Yan (SenseTime)"
    window.controller.edit_person_fields(person.id, affiliation="SenseTime Research")
    assert window.statusBar().currentMessage() == "Shengen Yan (SenseTime) is as it was: nothing to save."


def test_undo_of_a_rename_names_the_person_and_both_names(qtbot, window):
    """A tester: the Edit menu read "Undo edit person", and Ctrl+Z said only "Undone: edit person"."""
    press(qtbot, window, Qt.Key.Key_Y)  # the cluster's first person, "Shengen Yan"
    (person,) = window.session.contents.people
    window.controller.edit_person_fields(person.id, label="Shengen Yan (UIC)")  # F2 in the people list
    undo, redo = window.window_actions["undo"], window.window_actions["redo"]
    assert undo.text() == "&Undo rename Shengen Yan to Shengen Yan (UIC)"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undone: rename Shengen Yan (UIC) back to Shengen Yan"
    assert [p.label for p in window.session.contents.people] == ["Shengen Yan"]
    assert redo.text() == "&Redo rename Shengen Yan to Shengen Yan (UIC)"
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Redone: rename Shengen Yan to Shengen Yan (UIC)"


def test_a_removal_from_the_people_list_is_said_with_a_capital(qtbot, window):
    """A tester: Remove said "remove Sanjay Jain (4): …", in lower case where every other line starts with a capital."""
    press(qtbot, window, Qt.Key.Key_Y)  # the cluster's first person, "Shengen Yan"
    window.side.people.remove_requested.emit(window.session.contents.people[0].id)  # its menu: Remove
    assert window.statusBar().currentMessage() == "Removed Shengen Yan: paper 1 is undecided again (Ctrl+Z brings it back)"


def test_a_removal_names_its_papers_as_its_undo_does(qtbot, window):
    """A tester: Remove said "its papers are undecided again", its undo "(papers 28, 29, 30, 31, 39 and 7 more)"."""
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_Y)
    window.side.people.remove_requested.emit(window.session.contents.people[0].id)
    assert window.statusBar().currentMessage() == (
        "Removed Shengen Yan: papers 1, 2, 3, 4, 5 and 2 more are undecided again (Ctrl+Z brings it back)"
    )
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undone: remove Shengen Yan (papers 1, 2, 3, 4, 5 and 2 more)"


def test_detail_pane_shows_the_current_paper_in_full(qtbot, window):
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.detail.toPlainText().startswith("ViDiT-Q"))  # refreshed on the next turn
    text = window.detail.toPlainText()
    assert text.startswith("ViDiT-Q: Efficient and Accurate Quantization")
    assert "ICLR Conference · 2025 · Conference Paper" in text
    assert "Zinan Lin 0001" in text
    assert "name not in the visible author list" in text
    assert "Decision: undecided" in text
    # Asked again for the same paper (a filter key, a change elsewhere), it does not lay the text out anew.
    revision = window.detail.document().revision()
    window.controller.show_paper(window.papers.current_paper())
    assert window.detail.document().revision() == revision
    press(qtbot, window, Qt.Key.Key_Y)  # decided: the cursor moves on and the next paper is shown
    qtbot.waitUntil(lambda: window.detail.document().revision() != revision)
    assert not window.detail.toPlainText().startswith("ViDiT-Q")


def test_a_decision_shows_the_next_paper_before_the_window_repaints(qtbot, window, monkeypatch):
    """The detail pane follows a decision in the same turn of the event loop, once, ahead of the repaint.

    Qt's repaint request is a low-priority posted event and timers fire after posted events, so a
    refresh by timer came one frame after the decided row; a queued call comes before it.
    """
    from PySide6.QtCore import QCoreApplication

    shown = []
    real_show = window.controller.show_paper
    monkeypatch.setattr(window.controller, "show_paper", lambda paper: shown.append(paper) or real_show(paper))
    qtbot.wait(50)  # whatever opening left queued
    shown.clear()
    press(qtbot, window, Qt.Key.Key_N)  # the paper changes and the cursor moves: two requests
    QCoreApplication.sendPostedEvents()  # posted events only: no timer has fired, nothing painted yet
    assert [paper.paper_id for paper in shown] == [window.papers.current_paper().paper_id]
    assert window.detail.toPlainText().startswith(window.papers.current_paper().title)
    qtbot.wait(50)
    assert len(shown) == 1


def test_the_detail_text_keeps_its_width_from_a_short_paper_to_a_long_one(qtbot, window):
    qtbot.wait(50)  # the window's first layout
    widths = []
    for _ in range(window.papers.model.rowCount()):
        QApplication.processEvents()
        widths.append((window.detail.viewport().width(), window.detail.width()))
        press(qtbot, window, Qt.Key.Key_J)
    assert len(set(widths)) == 1, widths  # a scroll bar that came and went would re-wrap the text


def test_opening_loads_the_cluster_once(qtbot, seeded, monkeypatch):
    loads = []
    real_load = seeded.load_cluster
    monkeypatch.setattr(seeded, "load_cluster", lambda cluster_id: loads.append(cluster_id) or real_load(cluster_id))
    window = open_window(qtbot, seeded)
    qtbot.wait(200)  # time for a stray second load to start
    window.session.runner.wait()
    assert len(loads) == 1
    click_row(qtbot, window.clusters.table, 0)  # choosing the open cluster again does not reload it
    window.session.runner.wait()
    assert len(loads) == 1


def test_keys_decide_from_the_states_the_store_knows_until_another_program_writes(qtbot, window, seeded, db_path, monkeypatch):
    """The window's decisions take the states its store loaded (`models.known_states`); another
    program's decision since makes the store read them, and a key on that paper is refused, not
    written over what the reviewer never saw."""
    from log_replay import replayed_log
    from models import review

    reads = []
    read_states = review.current_states
    monkeypatch.setattr(review, "current_states", lambda *args: reads.append(args[2]) or read_states(*args))
    shown = failures_said(window)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_A, CTRL)
    press(qtbot, window, Qt.Key.Key_U)
    assert reads == [] and len(replayed_log(db_path)[2]) == 7
    last = window.papers.model.paper_at(6).paper_id
    window.session._watch.stop()  # noqa: SLF001 - its poll would reload the cluster and show the change first
    with Store(db_path, reviewer="another program") as other:
        other.decide(seeded.clusters()[0].id, [last], Verdict.REJECTED)
    window.papers.set_current_row(6)
    press(qtbot, window, Qt.Key.Key_Y)  # the window still shows it unsure
    assert reads and [title for title, _ in shown] == ["The decision was not saved"]
    _, replayed, stored = replayed_log(db_path)
    assert replayed == stored and stored[last].verdict is Verdict.REJECTED


def test_the_window_narrows_to_a_small_screen_and_the_heading_wraps(qtbot, window):
    """The cluster's heading was one line: it held the window at least 1,177 px wide on the example."""
    heading = window.papers.heading
    assert "declares 7 papers, 2 author rows" in heading.text()
    window.resize(900, 700)  # half of a 1920-px screen, less its margins
    qtbot.waitUntil(lambda: window.width() == 900, timeout=2000)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() < 900
    assert heading.heightForWidth(heading.width()) > heading.fontMetrics().lineSpacing() * 1.5  # two lines or more
    assert heading.height() >= heading.heightForWidth(heading.width())  # every line shown


def test_moving_between_papers_leaves_the_columns_where_they_were_scrolled(qtbot, window):
    """In a pane too narrow for every column, each move scrolled the title into full view: the number and
    the decision went out of sight at start and at each key."""
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.papers.table.horizontalScrollBar().maximum() > 0, timeout=2000)
    across = window.papers.table.horizontalScrollBar()
    window.papers.set_current_row(0)
    assert across.value() == 0
    for key in (Qt.Key.Key_J, Qt.Key.Key_Down, Qt.Key.Key_N):  # a move, Qt's own move, a decision and its move
        press(qtbot, window, key)
        assert across.value() == 0, key
    across.setValue(across.maximum())  # the reviewer scrolls to see the authors
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_Up)
    assert across.value() == across.maximum() > 0


def test_a_narrow_window_shows_every_line_of_the_side_panels_notes(qtbot, window):
    """The author-rows note wraps to more lines in a narrow window, and its box grows to show them
    (it kept the height of its wide size hint, cutting the text at top and bottom)."""
    note, tally = window.side.rows.note, window.side.tally
    window.resize(800, 700)  # the side panel narrow enough for three lines
    qtbot.waitUntil(lambda: note.heightForWidth(note.width()) > note.fontMetrics().lineSpacing() * 2, timeout=2000)
    qtbot.wait(50)
    for label in (note, tally):
        assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_the_decided_column_is_only_as_wide_as_the_biggest_cluster_needs(qtbot, seeded):
    """Sized for 20,000-paper clusters, it took a narrow pane's room from the names of 300-paper ones."""
    from gui.cluster_list import DECIDED

    window = open_window(qtbot, seeded)
    table, model = window.clusters.table, window.clusters.model
    metrics = table.fontMetrics()
    seven = table.columnWidth(DECIDED)
    assert metrics.horizontalAdvance("Decided") < seven < metrics.horizontalAdvance("0000 / 00000")  # Shengen Yan: "0 / 7"
    listed = model.clusters()
    model.set_clusters(listed + [listed[0]._replace(id=10_000, key="jun li", name="Jun Li", papers=34_000)])
    assert table.columnWidth(DECIDED) > metrics.horizontalAdvance("34000 / 34000")
    model.set_clusters(listed)
    assert table.columnWidth(DECIDED) == seven


def test_the_heading_says_one_paper_and_one_author_row_in_the_singular(qtbot, seeded, tmp_path):
    window = window_of_two_clusters(qtbot, seeded, tmp_path)  # Ann Lee: one paper, one author row declared
    text = window.papers.heading.text()
    assert "1&nbsp;paper · the Arrow page declares 1 paper, 1 author row" in text and "papers" not in text and "rows" not in text


def test_a_1024_pixel_window_gives_the_papers_most_of_its_width(qtbot, window):
    """Only the papers gave way: on a 1,024-pixel screen they kept 480 pixels, and the people scrolled sideways."""
    from gui.cluster_list import NAME

    window.resize(1024, 700)
    qtbot.wait(50)
    clusters, papers, side = window.splitters["main"].sizes()
    assert papers >= 580 and papers > 2 * max(clusters, side)
    names = window.clusters.table
    assert names.columnWidth(NAME) > names.fontMetrics().horizontalAdvance("Shengen Yan") + 10
    assert names.textElideMode() == Qt.TextElideMode.ElideMiddle  # a longer name cut short keeps its surname
    assert not window.side.people.horizontalScrollBar().isVisible()


def test_the_papers_columns_give_way_in_a_narrow_window_so_none_is_out_of_sight(qtbot, window):
    """At 1,024 pixels the papers table scrolled Venue and Authors out of sight to the right."""
    from gui.papers_model import AUTHORS, TITLE, VENUE
    from gui.papers_pane import LEAST_WIDTHS, PREFERRED_WIDTHS

    table = window.papers.table
    window.resize(1600, 900)
    qtbot.wait(50)
    assert table.columnWidth(TITLE) == PREFERRED_WIDTHS[TITLE] and table.horizontalScrollBar().maximum() == 0
    window.resize(1024, 700)
    qtbot.wait(50)
    assert table.horizontalScrollBar().maximum() == 0  # every column in view
    assert LEAST_WIDTHS[TITLE] <= table.columnWidth(TITLE) < PREFERRED_WIDTHS[TITLE]
    assert table.columnWidth(VENUE) >= LEAST_WIDTHS[VENUE] and table.columnWidth(AUTHORS) >= LEAST_WIDTHS[AUTHORS]
    table.setColumnWidth(TITLE, 300)  # the reviewer drags the Title wider: it stays so
    window.resize(1000, 700)
    qtbot.wait(50)
    assert table.columnWidth(TITLE) == 300
    window.resize(1600, 900)
    qtbot.wait(50)
    assert table.columnWidth(TITLE) == 300 and table.columnWidth(VENUE) == PREFERRED_WIDTHS[VENUE]


def test_f1_lists_every_key_a_reviewer_has(qtbot, seeded, monkeypatch):
    """Every action's keys, and the keys that live in the panes: Tab between them, the menu key in them."""
    from gui.actions import ACTIONS
    from gui.keys_dialog import KeysDialog

    shown = []
    monkeypatch.setattr(KeysDialog, "exec", lambda dialog: shown.append((dialog.windowTitle(), dialog.sheet_text)) or 0)
    window = open_window(qtbot, seeded)
    press(qtbot, window, Qt.Key.Key_F1)
    ((title, text),) = shown
    assert title == "Namesake — keys"
    for spec in ACTIONS:
        if spec.keys and not spec.name.startswith("assign_"):
            assert f"<b>{' / '.join(spec.keys)}</b>" in text
    for key in ("1 … 9", "Tab / Shift+Tab", "F2", "Menu key", "↓ / Enter / Esc"):
        assert f"<b>{key}</b>" in text
    assert "<b>Ctrl+H</b></td><td>The paper's history (the History tab); again: back to the paper (the Paper tab)" in text


def test_sorting_keeps_the_selected_paper_finding_its_row_once_not_once_per_cell(qtbot, window):
    """A selected row holds a persistent index per cell: looked up one by one, they used up the few scans
    allowed and built the whole row table, half of a sort's time at 100,000 papers."""
    pane = window.papers
    pane.set_current_row(4)
    paper = pane.current_paper()
    # While the layout changes, the selection holds a persistent index for each cell of the row: more
    # than the scans allowed before a table is built.
    pane.table.sortByColumn(TITLE, Qt.SortOrder.DescendingOrder)
    assert pane.current_paper() == paper and pane.selected_paper_ids() == [paper.paper_id]
    assert pane.model._row_at is None  # found by one scan, no table of every row


def test_ctrl_h_goes_to_the_history_and_back_to_the_paper(qtbot, window):
    """Ctrl+H again stayed on the History tab: no key led back to the paper."""
    press(qtbot, window, Qt.Key.Key_H, CTRL)
    assert window.details.currentWidget() is window.history
    qtbot.waitUntil(lambda: "No decision yet." in window.history.toPlainText())
    press(qtbot, window, Qt.Key.Key_H, CTRL)
    assert window.details.currentWidget() is window.detail
    assert QApplication.focusWidget() is window.papers.table  # typing decisions goes on
    qtbot.waitUntil(lambda: "Decision: undecided" in window.detail.toPlainText())


def test_the_history_names_a_removed_person_by_its_label(qtbot, window):
    """It read "undecided → person 1 (removed)": the id, which the reviewer never saw."""
    press(qtbot, window, Qt.Key.Key_P)  # the first paper to a new person, "Shengen Yan"
    window.session.remove_person(window.session.contents.people[0].id)
    window.papers.set_current_row(0)
    press(qtbot, window, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: "remove person" in window.history.toPlainText())
    text = window.history.toPlainText()
    assert "undecided → Shengen Yan (removed)" in text and "Shengen Yan (removed) → undecided" in text
    assert "person 1" not in text


def test_another_cluster_opens_on_the_paper_not_the_history(qtbot, seeded, tmp_path):
    """The History tab left open stayed for every cluster opened after: each showed history, not its evidence."""
    window = window_of_two_clusters(qtbot, seeded, tmp_path)
    press(qtbot, window, Qt.Key.Key_H, CTRL)
    assert window.details.currentWidget() is window.history
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert window.windowTitle() == "Namesake — Shengen Yan"
    assert window.details.currentWidget() is window.detail
    qtbot.waitUntil(lambda: "Decision: undecided" in window.detail.toPlainText())
    window.session.runner.wait()


def test_j_brings_the_focus_back_to_the_papers_so_shift_down_extends_their_selection(qtbot, window):
    """Found by a tester: after a rename the focus stayed in the people list; J moved the papers but Shift+↓ moved
    the people, so "j Shift+↓ Shift+↓ 3" decided one paper where the reviewer meant three."""
    people = window.side.people
    people.setFocus()
    qtbot.waitUntil(people.hasFocus)
    qtbot.keyClick(people, Qt.Key.Key_J)
    assert window.papers.table.hasFocus() and current_row(window) == 1
    qtbot.keyClick(window.papers.table, Qt.Key.Key_Down, SHIFT)
    assert len(window.papers.selected_paper_ids()) == 2


def test_the_pane_with_the_keyboard_focus_is_ringed_in_the_highlight_colour(qtbot, window):
    """The paper pane had the focus (PageDown scrolled it) and nothing showed it; an empty list shows no selection either."""
    from PySide6.QtGui import QPalette

    highlight = window.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight).rgb()

    def edge(pane) -> int:
        return pane.grab().toImage().pixel(0, pane.height() // 2)

    for pane in (window.detail, window.side.people, window.papers.table):
        pane.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(pane.hasFocus)
        assert edge(pane) == highlight
    assert edge(window.detail) != highlight  # the focus has gone on: so has the ring


def test_every_toolbar_action_shows_at_1024_pixels(qtbot, window):
    """At 1,024 × 700 "Next open cluster" was behind the toolbar's » overflow."""
    from PySide6.QtWidgets import QToolBar

    window.resize(1024, 700)
    toolbar = window.findChild(QToolBar, "review-toolbar")
    qtbot.waitUntil(lambda: toolbar.width() <= 1024)
    buttons = [toolbar.widgetForAction(action) for action in toolbar.actions() if not action.isSeparator()]
    assert all(button.isVisible() and toolbar.rect().contains(button.geometry()) for button in buttons)
    assert window.window_actions["next_cluster"].iconText() == "Next open cluster"


def test_the_decision_column_is_narrow_until_a_paper_is_decided(qtbot, window):
    """Empty for every undecided paper, it kept 120-230 pixels that Title and Authors lacked ("antonio …")."""
    from gui.papers_model import AUTHORS, DECISION
    from gui.papers_pane import PREFERRED_WIDTHS

    window.resize(1024, 700)
    table = window.papers.table
    qtbot.waitUntil(lambda: table.viewport().width() < 700)
    narrow, authors = table.columnWidth(DECISION), table.columnWidth(AUTHORS)
    assert narrow == table.horizontalHeader().sectionSizeHint(DECISION) < PREFERRED_WIDTHS[DECISION]
    press(qtbot, window, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: table.columnWidth(DECISION) > narrow)
    assert table.columnWidth(AUTHORS) < authors  # the room came from the columns that stretch or give way
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: table.columnWidth(DECISION) == narrow)


def test_the_window_takes_the_keyboard_back_when_a_modal_box_closes(qtbot, window, monkeypatch):
    """Found by a tester with no window manager: after F1 → Return (or the database check, or a restore) the keys
    went nowhere, and J did nothing: the window is activated again once a modal box no longer blocks it."""
    from PySide6.QtWidgets import QDialog

    activated = []
    monkeypatch.setattr(MainWindow, "activateWindow", lambda main: activated.append(main))
    box = QDialog(window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)  # as exec() makes it, without blocking the test
    box.show()
    qtbot.waitUntil(box.isVisible)
    box.close()
    qtbot.waitUntil(lambda: activated == [window])


def test_a_box_closing_over_the_import_dialog_leaves_the_keys_in_the_dialog(qtbot, window, monkeypatch):
    """Found by the review: "Add files…" opens an application-modal box over the import dialog; as it closed, the main
    window took the keys back, and Enter went to the papers, not to Import."""
    from PySide6.QtWidgets import QDialog

    from gui.import_dialog import ImportDialog

    dialog = window.choose_import([])
    qtbot.addWidget(dialog)
    activated = []
    monkeypatch.setattr(MainWindow, "activateWindow", lambda main: activated.append(main))
    monkeypatch.setattr(ImportDialog, "activateWindow", lambda shown: activated.append(shown))
    box = QDialog(dialog)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()
    qtbot.waitUntil(box.isVisible)
    box.close()
    qtbot.waitUntil(lambda: bool(activated))
    assert activated[-1] is dialog and window not in activated


def test_a_change_put_back_that_another_reviewer_overtook_is_refused_not_said_put_back(qtbot, window, seeded):
    """Found by the review: Ctrl+Shift+Z said "Put back the change taken back" over the refusal it had met."""
    from conftest import read_only

    said = failures_said(window)
    with read_only(seeded):
        press(qtbot, window, Qt.Key.Key_Y)
        press(qtbot, window, Qt.Key.Key_Z, CTRL)  # taken back, never written
    cluster = seeded.clusters()[0]
    with Store(seeded.path, reviewer="bo") as bo:
        bo.decide(cluster.id, [seeded.load_cluster(cluster.id).papers[0].paper_id], Verdict.REJECTED)
    window.statusBar().clearMessage()
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(said) == 1 and "bo" in said[0][1]
    assert not window.statusBar().currentMessage().startswith("Put back")
    assert verdicts(seeded) == {0: "rejected"}  # bo's stands


def test_a_click_on_a_column_header_keeps_the_current_paper_in_sight(qtbot, store, tmp_path):
    """Clicking Year on 20,000 papers put paper 1 (2008) far down among the rows, out of sight while the pane showed
    it, and the next key acted on it."""
    from conftest import arrow_page, paper

    page = tmp_path / "many.txt"
    page.write_text(arrow_page("Ann Lee", [
        paper(f"Study {n}", ["Ann Lee"], f"ICML Conference {2020 - n % 30} Conference Paper", None) for n in range(300)
    ]))
    store.import_files([page])
    window = open_window(qtbot, store)
    table = window.papers.table
    assert window.papers.current_paper().title == "Study 0"  # 2020: last by year
    header = table.horizontalHeader()
    year = next(column for column in range(header.count()) if window.papers.model.headerData(column, Qt.Orientation.Horizontal) == "Year")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().topLeft() + QPoint(header.sectionViewportPosition(year) + 5, 5))
    qtbot.waitUntil(lambda: table.viewport().rect().intersects(table.visualRect(table.currentIndex())))
    assert window.papers.current_paper().title == "Study 0" and table.currentIndex().row() > 250
    window.session.runner.wait()


def renaming(qtbot, window, row: int, typed: str):
    """F2 on the people list's `row`, `typed` over the name, Return: the editor, open or closed since."""
    people = window.side.people
    tab_to(qtbot, window, people)
    people.setCurrentIndex(people.model().index(row, 0))
    qtbot.keyClick(people, Qt.Key.Key_F2)
    editor = people.indexWidget(people.currentIndex())
    editor.selectAll()
    if typed:
        qtbot.keyClicks(editor, typed)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(50)  # the editor commits and closes on the next turn
    return editor


def test_a_rename_to_another_persons_name_is_refused_the_editor_staying_open(qtbot, window):
    """A tester: F2 renamed "Philip J. Smith (2)" to "Philip J. Smith", which person 1 held, and two people read alike."""
    from PySide6.QtWidgets import QAbstractItemView

    press(qtbot, window, Qt.Key.Key_Y)  # "Shengen Yan"
    press(qtbot, window, Qt.Key.Key_P)  # "Shengen Yan (2)"
    people = window.side.people
    editor = renaming(qtbot, window, 1, "Shengen Yan")
    assert people.state() == QAbstractItemView.State.EditingState  # open, the name as typed, to mend it
    assert editor.text() == "Shengen Yan" and QApplication.focusWidget() is editor
    assert [p.label for p in window.session.contents.people] == ["Shengen Yan", "Shengen Yan (2)"]
    assert window.statusBar().currentMessage() == (
        "“Shengen Yan” is the name of person 1: two people cannot have one name. To make them one person, merge "
        "instead: right-click Shengen Yan (2) in the people panel (or select it there and press the menu key), then Merge into → Shengen Yan."
    )
    qtbot.keyClicks(editor, " (UIC)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: people.state() != QAbstractItemView.State.EditingState)
    assert [p.label for p in window.session.contents.people] == ["Shengen Yan", "Shengen Yan (UIC)"]
    assert window.statusBar().currentMessage() == "Renamed Shengen Yan (2) to Shengen Yan (UIC)"


def test_an_empty_name_is_refused_and_said(qtbot, window):
    """It was ignored without a word."""
    from PySide6.QtWidgets import QAbstractItemView

    press(qtbot, window, Qt.Key.Key_Y)
    people = window.side.people
    renaming(qtbot, window, 0, "")
    assert people.state() == QAbstractItemView.State.EditingState
    assert window.statusBar().currentMessage() == "A person's name cannot be empty: type one, or Esc keeps Shengen Yan."
    qtbot.keyClick(people.indexWidget(people.currentIndex()), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: people.state() != QAbstractItemView.State.EditingState)
    assert [p.label for p in window.session.contents.people] == ["Shengen Yan"]


def test_the_footer_counts_a_change_in_a_cluster_the_list_filter_hides_and_no_other_looks_open(qtbot, seeded, tmp_path):
    """A tester, with "smith" in the cluster filter, went back to John Hale (hidden) and undid: the footer kept its
    counts, and the list marked Philip J. Smith as if it were open."""
    window = window_of_two_clusters(qtbot, seeded, tmp_path)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.clusters.name_filter, "yan")  # hides Ann Lee, the cluster open
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        qtbot.keyClick(window.clusters.name_filter, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.session.cluster_loaded, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "Namesake — Ann Lee"
    assert window.clusters.table.selectionModel().selectedRows() == []  # "Shengen Yan" stayed marked as open
    assert window.clusters.progress.text() == "0 of 2 clusters done · 0 of 8 papers decided"
    press(qtbot, window, Qt.Key.Key_Y)
    assert window.clusters.progress.text() == "1 of 2 clusters done · 1 of 8 papers decided"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.clusters.progress.text() == "0 of 2 clusters done · 0 of 8 papers decided"
    window.session.runner.wait()
