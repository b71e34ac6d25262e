"""The Qt item models: Qt's own model tester, filtering, sorting, repainting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

import gui.papers_model
from gui.cluster_list import QtClusterListModel
from gui.papers_model import AUTHORS, AUTHORS_ROLE, DECISION, TITLE, YEAR, QtPapersModel
from gui.author_rows_panel import QtAuthorRowsModel
from gui.people_panel import PAPER_IDS_MIME, PERSON_ROLE, QtPeopleModel
from models.profiles import PeopleStats
from conftest import SHARED_DATA
from models.schema import Verdict


def loaded_model(store) -> QtPapersModel:
    model = QtPapersModel()
    model.set_contents(store.load_cluster(store.clusters()[0].id))
    return model


def test_papers_model_passes_qt_model_tester(qtmodeltester, seeded):
    model = loaded_model(seeded)
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected and checks every signal of what follows.
    model.set_filter("diffusion")
    model.sort(YEAR, Qt.SortOrder.DescendingOrder)
    model.set_filter("")
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 7


def test_cluster_people_and_author_row_models_pass_qt_model_tester(qtmodeltester, seeded):
    clusters = QtClusterListModel()
    clusters.set_clusters(seeded.clusters())
    qtmodeltester.check(clusters, force_py=True)
    clusters.set_filter("shengen", None)
    clusters.set_filter("nobody", None)
    cluster = seeded.clusters()[0]
    seeded.create_person(cluster.id, [p.paper_id for p in seeded.load_cluster(cluster.id).papers[:2]])
    contents = seeded.load_cluster(cluster.id)
    people = QtPeopleModel()
    stats = PeopleStats(contents)
    people.set_people(contents.people, {p.id: stats.stats(p.id) for p in contents.people})
    qtmodeltester.check(people, force_py=True)
    rows = QtAuthorRowsModel()
    rows.set_rows(contents.author_rows, contents.people, {})
    qtmodeltester.check(rows, force_py=True)


def test_an_empty_cluster_list_says_why_once_listed():
    from models.queries import Status

    clusters = QtClusterListModel()
    assert clusters.why_empty("") == ""  # not listed yet: nothing is known of the database
    clusters.set_clusters([])
    assert clusters.why_empty("") == "No clusters yet: File → Import (Ctrl+O)."
    clusters.set_filter("", Status.IN_PROGRESS)
    assert clusters.why_empty("") == "No clusters yet: File → Import (Ctrl+O)."


def test_dragged_rows_carry_their_paper_ids(seeded):
    model = loaded_model(seeded)
    data = model.mimeData([model.index(0, 1), model.index(0, 3), model.index(2, 1)])
    assert data.hasFormat(PAPER_IDS_MIME)
    people = QtPeopleModel()
    dropped = []
    people.papers_dropped.connect(lambda person, ids: dropped.append((person, ids)))
    assert people.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, people.index(0))
    people.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, people.index(0))  # onto "New person"
    assert dropped == [(None, [model.paper_at(0).paper_id, model.paper_at(2).paper_id])]


def test_filter_matches_title_venue_authors_and_abstract(seeded):
    model = loaded_model(seeded)
    counts = {}
    for text in ("arkvale", "ICML", "huazhong yang", "key-value cache", "quantization llm", "no such words"):
        model.set_filter(text)
        counts[text] = model.rowCount()
    assert counts == {"arkvale": 1, "ICML": 1, "huazhong yang": 2, "key-value cache": 1, "quantization llm": 1, "no such words": 0}
    model.set_filter("")
    assert model.rowCount() == 7


def test_sort_by_year_then_back_to_source_order(seeded):
    model = loaded_model(seeded)
    model.sort(YEAR, Qt.SortOrder.AscendingOrder)
    years = [int(model.index(row, YEAR).data()) for row in range(model.rowCount())]
    assert years == sorted(years)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.paper_at(row).position for row in range(7)] == list(range(7))


def test_changes_repaint_only_their_rows(qtbot, seeded):
    from gui.session import ReviewSession

    session = ReviewSession(seeded)
    cluster = seeded.clusters()[0]
    session.contents = seeded.load_cluster(cluster.id)
    model = QtPapersModel()
    model.set_contents(session.contents)
    third = model.paper_at(2).paper_id
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.apply_change(seeded.decide(cluster.id, [third], Verdict.REJECTED), session.contents)
    top, bottom = changed.args[:2]
    assert (top.row(), bottom.row()) == (2, 2)
    assert model.index(2, DECISION).data() == "not this name"

    def rows_repainted(change) -> tuple[int, int]:
        with qtbot.waitSignal(model.dataChanged) as changed:
            session.store.follow(session.contents, change)
            model.apply_change(change, session.contents)
        return changed.args[0].row(), changed.args[1].row()

    # A new person: only its papers' rows. Renamed or removed: every row that may show its label.
    assert rows_repainted(seeded.create_person(cluster.id, [model.paper_at(4).paper_id])) == (4, 4)
    person = session.contents.people[0]
    assert rows_repainted(seeded.edit_person(cluster.id, person.id, label="Shengen Yan (SenseTime)")) == (0, model.rowCount() - 1)
    assert model.index(4, DECISION).data().endswith("Shengen Yan (SenseTime)")
    assert rows_repainted(seeded.remove_person(cluster.id, person.id)) == (0, model.rowCount() - 1)


def test_authors_role_marks_the_clusters_name(seeded):
    model = loaded_model(seeded)
    authors, positions = model.index(0, AUTHORS).data(AUTHORS_ROLE)
    assert [authors[p] for p in positions] == ["Shengen Yan"]
    assert model.index(3, TITLE).data(Qt.ItemDataRole.ToolTipRole).startswith("ViDiT-Q")


def test_narrowing_the_filter_finds_what_a_fresh_scan_finds(seeded):
    from gui.papers_model import View

    model = loaded_model(seeded)
    contents = seeded.load_cluster(seeded.clusters()[0].id)

    def fresh(text: str) -> set[int]:
        terms = text.casefold().split()
        return {p.paper_id for p, hay in zip(contents.papers, contents.search_text) if all(t in hay for t in terms)}

    typed = ["d", "di", "dif", "diff", "diffusion", "diffusion t", "diffusion tr", "diffusion", "dif", "", "quant", "quant llm"]
    for text in typed:
        model.set_filter(text)
        assert {model.paper_at(row).paper_id for row in range(model.rowCount())} == fresh(text), text
    model.set_filter("model")
    model.set_view(View("undecided"))
    seeded.decide(contents.cluster.id, [contents.papers[0].paper_id], None)  # nothing decided: all shown
    assert model.rowCount() == len(fresh("model"))


def test_filter_through_the_word_index_finds_what_a_scan_finds(qtbot, monkeypatch, seeded):
    import gui.papers_model

    monkeypatch.setattr(gui.papers_model, "INDEXED_PAPERS", (0, 10**6))  # the example is below the size that gets one
    model = loaded_model(seeded)
    assert model.wait_for_word_index()
    contents = seeded.load_cluster(seeded.clusters()[0].id)
    for text in ["d", "di", "dif", "diff", "diffusion", "diffusion tr", "quant", "quant llm", "yan", "zzz", "shengen yan", ""]:
        model.set_filter(text)
        terms = text.casefold().split()
        expected = [p.paper_id for p, hay in zip(contents.papers, contents.search_text) if all(t in hay for t in terms)]
        assert sorted(model.paper_at(row).paper_id for row in range(model.rowCount())) == sorted(expected), text
    model.set_contents(contents)  # another cluster (here: the same one again): its own index, built between events
    assert model._word_index is None and model._index_builder is not None
    qtbot.waitUntil(lambda: model._word_index is not None, timeout=5000)
    model.set_filter("diffusion")
    assert model.rowCount() == sum("diffusion" in hay for hay in contents.search_text)


@pytest.mark.parametrize("bulk_rows, scan_rows", [(500, 20_000), (1, 20_000), (1, 2), (1, 0)])
def test_next_undecided_row_follows_decisions_sorting_and_filtering(seeded, monkeypatch, bulk_rows, scan_rows):
    """The kept list of undecided rows answers what walking every row answers, whatever happened before
    (also when a change is big enough to repaint every row: the next undecided row is then looked for
    among the next `SCAN_ROWS` rows, and the list built again when it is not there); so does the next
    unsure row, found through the same search."""
    import random

    monkeypatch.setattr(gui.papers_model, "BULK_ROWS", bulk_rows)
    monkeypatch.setattr(gui.papers_model, "SCAN_ROWS", scan_rows)

    cluster = seeded.clusters()[0]
    contents = seeded.load_cluster(cluster.id)
    model = QtPapersModel()
    model.set_contents(contents)

    def walked(after: int, wanted=lambda state: not state.decided):
        count = model.rowCount()
        for step in range(1, count + 1):
            row = (after + step) % count
            if wanted(model.decision(model.paper_at(row).paper_id)):
                return row
        return None

    rng = random.Random(5)
    verdicts = [Verdict.REJECTED, Verdict.UNSURE, None]
    for round_ in range(40):
        what = rng.random()
        if what < 0.6:
            papers = rng.sample([p.paper_id for p in contents.papers], rng.randint(1, 3))
            model.apply_change(seeded.decide(cluster.id, papers, rng.choice(verdicts)), contents)
        elif what < 0.8:
            model.sort(rng.choice([YEAR, TITLE, DECISION]), rng.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]))
        else:
            model.set_filter(rng.choice(["", "diffusion", "model", "quant"]))
        for after in range(model.rowCount()):
            assert model.next_undecided_row(after) == walked(after), (round_, after)
            assert model.next_unsure_row(after) == walked(after, lambda state: state.verdict is Verdict.UNSURE), (round_, after)


def test_a_session_lets_the_gui_take_the_interpreter_back_quickly(seeded):
    """Workers run Python beside the GUI; with Python's 5 ms switch interval a table repaint waited 250-700 ms."""
    import sys

    from gui.session import ReviewSession
    from gui.workers import GUI_SWITCH_INTERVAL

    sys.setswitchinterval(0.005)
    ReviewSession(seeded)
    assert sys.getswitchinterval() == pytest.approx(GUI_SWITCH_INTERVAL) and GUI_SWITCH_INTERVAL <= 0.0002


def people_list_shown(qtbot, seeded, groups):
    """The example's cluster with a person made of each group of paper places, and its people list shown."""
    from gui.people_panel import PeopleView

    cluster = seeded.clusters()[0]
    ids = [p.paper_id for p in seeded.load_cluster(cluster.id).papers]
    for places in groups:
        seeded.create_person(cluster.id, [ids[place] for place in places])
    contents = seeded.load_cluster(cluster.id)
    stats = PeopleStats(contents)
    model = QtPeopleModel()
    model.set_people(contents.people, {p.id: stats.stats(p.id) for p in contents.people})
    view = PeopleView(model)
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show()
    qtbot.waitExposed(view)
    return cluster, ids, contents, stats, model, view


def test_a_decision_into_one_person_repaints_only_that_person_and_lays_out_nothing(qtbot, seeded):
    cluster, ids, contents, stats, model, view = people_list_shown(qtbot, seeded, [(0, 1), (2,), (3,)])
    second = contents.people[1]
    laid_out_before = [view.visualRect(model.index(row)) for row in range(model.rowCount())]

    change = seeded.decide(cluster.id, ids[4:5], Verdict.PERSON, second.id)
    seeded.follow(contents, change)
    stats.apply(change.decisions)
    qtbot.wait(50)  # what showing it started
    timers = _TimerEvents()
    view.installEventFilter(timers)
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_people(contents.people, {p.id: stats.stats(p.id) for p in contents.people})
    assert (changed.args[0].row(), changed.args[1].row()) == (1, 1)
    assert model.index(1).data(PERSON_ROLE)[1].papers == 2
    # QListView lays every row out again on a timer after a change of data (and repaints the whole
    # list a frame later): the view skips that, and its rows stay where they were.
    qtbot.wait(50)
    assert timers.count == 0
    assert [view.visualRect(model.index(row)) for row in range(model.rowCount())] == laid_out_before


def test_a_new_person_is_inserted_and_laid_out_at_once(qtbot, seeded):
    """A new person is a row inserted above "New person" (the list keeps its selection), laid out at
    once: QListView lays out on a timer, and painted the new row a frame after the change's."""
    cluster, ids, contents, stats, model, view = people_list_shown(qtbot, seeded, [(0, 1)])
    view.setCurrentIndex(model.index(0))
    qtbot.wait(50)  # what showing it started

    change = seeded.create_person(cluster.id, ids[2:3])
    seeded.follow(contents, change)
    stats = PeopleStats(contents)
    inserted, resets, events = [], [], _ViewEvents(view)
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.modelReset.connect(lambda: resets.append(True))
    QApplication.instance().installEventFilter(events)
    model.set_people(contents.people, {p.id: stats.stats(p.id) for p in contents.people})
    assert (inserted, resets) == ([(1, 1)], []) and model.rowCount() == 3
    assert model.person_at(1).id == contents.people[1].id and view.currentIndex().row() == 0
    qtbot.wait(50)
    assert events.seen[0] == "paint", events.seen  # painted before any timer: no layout left for a later frame
    rects = [view.visualRect(model.index(row)) for row in range(3)]
    assert rects[0].bottom() < rects[1].top() and rects[1].bottom() < rects[2].top()

    removed = seeded.remove_person(cluster.id, contents.people[0].id)  # rows move: the list is reset, laid out at once too
    seeded.follow(contents, removed)
    events.seen.clear()
    model.set_people(contents.people, {p.id: stats.stats(p.id) for p in contents.people})
    assert resets == [True] and model.rowCount() == 2
    qtbot.wait(50)
    QApplication.instance().removeEventFilter(events)
    assert events.seen[0] == "paint", events.seen


class _ViewEvents(QObject):
    """The timer events a view gets and the paints of its viewport, in order."""

    def __init__(self, view):
        super().__init__()
        self.view, self.seen = view, []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Timer and watched is self.view:
            self.seen.append("timer")
        elif event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            self.seen.append("paint")
        return False


class _TimerEvents(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        self.count += event.type() == QEvent.Type.Timer
        return False


def test_author_rows_repaint_only_the_lines_a_change_of_people_alters(qtmodeltester):
    from models.queries import AuthorRowView, PersonSummary

    def person(pid: int, label: str) -> PersonSummary:
        return PersonSummary(id=pid, label=label, papers=1)

    rows = [AuthorRowView(1, "dblp", "a", "Ann Lee", person_id=7), AuthorRowView(2, "dblp", "b", "Ann Lee"), AuthorRowView(3, "dblp", "c", "Ann Lee", person_id=8)]
    model = QtAuthorRowsModel()
    model.set_rows(rows, [person(7, "Ann (MIT)"), person(8, "Ann (ETH)")], {1: 4, 2: 1, 3: 2})
    resets, changes = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda first, last, *_: changes.append((first.row(), last.row())))
    model.set_rows(rows, [person(7, "Ann (MIT)"), person(8, "Ann (ETH)"), person(9, "Person 3")], {1: 4, 2: 1, 3: 2})
    assert (resets, changes) == ([], [])  # a new person no row names: nothing shown changed
    model.set_rows(rows, [person(7, "Ann (MIT)"), person(8, "Ann Lee, Zurich")], {1: 4, 2: 1, 3: 2})
    assert (resets, changes) == ([], [(2, 2)])
    assert model.data(model.index(2)) == "Ann Lee — 2 papers → Ann Lee, Zurich\nno ORCID iD or affiliation in the source"
    model.set_rows(rows[:2], [person(7, "Ann (MIT)")], {1: 4, 2: 1})
    assert resets == [1] and model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)


def test_author_rows_written_as_the_cluster_is_are_told_apart_by_their_source_keys():
    from models.queries import AuthorRowView

    rows = [
        AuthorRowView(1, "openalex", "https://openalex.org/A5023888391", "Aaron J. Chen"),
        AuthorRowView(2, "bench", "b0-1", "aaron j. chen"),
        AuthorRowView(3, "dblp", "Aaron J. Chen 0001", "Aaron J. Chen 0001"),  # dblp's own numbering: the name says it
        AuthorRowView(4, "openalex", "https://openalex.org/A1", "A. J. Chen"),
    ]
    model = QtAuthorRowsModel()
    model.set_rows(rows, [], {1: 640, 2: 3, 3: 1, 4: 2}, "Aaron J. Chen")
    assert [model.data(model.index(row)).split("\n")[0] for row in range(4)] == [
        "A5023888391 — 640 papers → not yet said",
        "b0-1 — 3 papers → not yet said",
        "Aaron J. Chen 0001 — 1 paper → not yet said",
        "A. J. Chen — 2 papers → not yet said",
    ]
    assert model.data(model.index(0), Qt.ItemDataRole.ToolTipRole).startswith("Aaron J. Chen: openalex author record https://openalex.org/A5023888391")


@pytest.mark.parametrize("bulk_rows", [500, 1])
def test_every_view_shows_exactly_the_papers_whose_state_it_names(seeded, monkeypatch, bulk_rows):
    """Views are picked in C, from per-row flags ("Undecided") and from each distinct state asked once
    (the others); they show what asking every paper's state shows, after any mix of decisions, new
    people, undos and filters, and in a model loaded fresh over the decided cluster."""
    import random

    from gui.papers_model import View
    from models.history import UNDECIDED

    monkeypatch.setattr(gui.papers_model, "BULK_ROWS", bulk_rows)  # 1: every change takes the bulk path
    cluster = seeded.clusters()[0]
    contents = seeded.load_cluster(cluster.id)
    ids = [paper.paper_id for paper in contents.papers]
    model = QtPapersModel()
    model.set_contents(contents)
    rng = random.Random(11)
    text = ""

    def expected(view: View, texts) -> list[int]:
        terms = text.casefold().split()
        return [paper_id for paper_id, hay in zip(ids, texts)
                if all(term in hay for term in terms) and view.shows(contents.decisions.get(paper_id, UNDECIDED))]

    for round_ in range(30):
        what = rng.random()
        change = None
        if what < 0.5:
            verdict = rng.choice([Verdict.REJECTED, Verdict.UNSURE, Verdict.PERSON, None])
            change = seeded.decide(cluster.id, rng.sample(ids, rng.randint(1, len(ids) // 2)), verdict)
        elif what < 0.65:
            change = seeded.create_person(cluster.id, rng.sample(ids, rng.randint(1, 3)))
        elif what < 0.8:
            change = seeded.undo(cluster.id)
        else:
            text = rng.choice(["", "model", "diffusion", "quant llm"])
            model.set_filter(text)
        if change is not None:
            seeded.follow(contents, change)
            model.apply_change(change, contents)
        views = [View("all"), View("undecided"), View("rejected"), View("unsure")]
        views += [View("person", person.id) for person in contents.people]
        for view in views:
            model.set_view(view)
            shown = [model.paper_at(row).paper_id for row in range(model.rowCount())]
            assert shown == expected(view, contents.search_text), (round_, view)
        # Grouped by person (its ranks asked once per distinct state): people in panel order, then
        # unsure, rejected, undecided; source order within each group.
        model.set_view(View("all"), grouped=True)
        place = {person.id: n for n, person in enumerate(contents.people)}

        def rank(paper_id: int) -> tuple[int, int]:
            state = contents.decisions.get(paper_id, UNDECIDED)
            if state.verdict is Verdict.PERSON:
                return 0, place[state.person_id]
            return {Verdict.UNSURE: 1, Verdict.REJECTED: 2}.get(state.verdict, 3), 0

        grouped = [model.paper_at(row).paper_id for row in range(model.rowCount())]
        assert grouped == sorted(expected(View("all"), contents.search_text), key=rank), round_
        model.set_view(View("all"), grouped=False)
    assert any(state.decided for state in contents.decisions.values()) and contents.people

    text = ""
    fresh = QtPapersModel()
    fresh.set_contents(seeded.load_cluster(cluster.id))
    for view in [View("undecided"), View("rejected")] + [View("person", person.id) for person in contents.people]:
        fresh.set_view(view)
        assert [fresh.paper_at(row).paper_id for row in range(fresh.rowCount())] == expected(view, contents.search_text)


def test_a_clusters_new_count_repaints_only_the_cells_that_changed():
    from gui.cluster_list import DECIDED
    from gui.inks import ink_colour
    from models.queries import ClusterSummary

    first, second = ClusterSummary(1, "a b", "A B", "arrow", 10, 0), ClusterSummary(2, "c d", "C D", "arrow", 5, 5)
    model = QtClusterListModel()
    model.set_clusters([first, second])
    repainted = []
    model.dataChanged.connect(lambda top, bottom, _roles: repainted.append((top.row(), top.column(), bottom.row(), bottom.column())))
    model.update_cluster(first._replace(decided=1))  # not started -> in progress: the count, in the status's colour
    model.update_cluster(first._replace(decided=2))  # the count only
    model.update_cluster(first._replace(decided=2))  # nothing shown changed
    assert repainted == [(0, DECIDED, 0, DECIDED), (0, DECIDED, 0, DECIDED)]
    assert model.index(0, DECIDED).data() == "2 / 10"
    assert model.index(0, DECIDED).data(Qt.ItemDataRole.ForegroundRole) == ink_colour("amber")
    assert model.index(0, DECIDED).data(Qt.ItemDataRole.ToolTipRole).startswith("A B: 2 of 10 papers decided (in progress)")
    assert model.index(1, DECIDED).data() == "✓ 5 / 5"  # done: marked, not only coloured
    assert (model.totals.decided, model.totals.done) == (7, 1)


def test_big_counts_are_written_with_thousands_separators(qtbot):
    """OpenAlex's "Jun Li" has 34,000 papers, a dblp import 200,000 clusters: "34000" is hard to read at a glance."""
    from gui.cluster_list import DECIDED, ClusterList, _decided_texts
    from models.queries import ClusterSummary
    from models.review import papers_count

    jun = ClusterSummary(1, "jun li", "Jun Li", "openalex", 34_000, 1_200, declared_papers=34_512)
    done = ClusterSummary(2, "wei wang", "Wei Wang", "dblp", 2_500, 2_500)
    panel = ClusterList()
    qtbot.addWidget(panel)
    panel.model.set_clusters([jun, done])
    assert panel.model.index(0, DECIDED).data() == "1,200 / 34,000"
    assert panel.model.index(1, DECIDED).data() == "✓ 2,500 / 2,500"
    assert panel.model.index(0, DECIDED).data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "Jun Li: 1,200 of 34,000 papers decided (in progress)", "The source declares 34,512 papers."]
    assert panel.progress.text() == "1 of 2 clusters done · 3,700 of 36,500 papers decided"
    assert _decided_texts(34_000)[1] == "✓ 00,000 / 00,000"  # the column is as wide as its widest text
    assert papers_count(34_000) == "34,000 papers" and papers_count(1) == "1 paper"


def test_the_decided_column_narrows_again_and_leaves_the_names_most_of_the_width(qtbot):
    """Found by a tester: after Ctrl+A U on the 20,000-paper cluster its cell read "20,000 / 20,000 · 20,000 unsure",
    the Decided column grew to fit it, and it never narrowed again: every name read "Aa…en" until a restart."""
    from gui.cluster_list import DECIDED, NAME, ClusterList
    from models.queries import ClusterSummary

    big = ClusterSummary(1, "wei j zhang", "Wei J. Zhang", "bench", 20_000, 0)
    names = [ClusterSummary(n, f"aaron {n}", f"Aaron Christensen {n}", "bench", 30, 0) for n in range(2, 40)]
    panel = ClusterList()
    qtbot.addWidget(panel)
    panel.resize(320, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.model.set_clusters([big, *names])
    table = panel.table
    fitted = table.columnWidth(DECIDED)
    panel.model.update_cluster(big._replace(decided=20_000, unsure=20_000))  # Ctrl+A U
    assert "20,000 unsure" in panel.model.index(0, DECIDED).data(Qt.ItemDataRole.ToolTipRole)
    assert fitted < table.columnWidth(DECIDED) <= 0.4 * table.viewport().width()
    assert table.columnWidth(NAME) >= 0.6 * table.viewport().width() - 1
    panel.model.update_cluster(big._replace(decided=20_000, unsure=0))  # then decided
    assert table.columnWidth(DECIDED) == fitted
    panel.resize(900, 600)  # room for it whole: not held to the narrow pane's share
    panel.model.update_cluster(big._replace(decided=20_000, unsure=20_000))
    qtbot.waitUntil(lambda: table.columnWidth(DECIDED) > 0.4 * 320)
    panel.model.update_cluster(big._replace(decided=0, unsure=0))  # an undo
    assert table.columnWidth(DECIDED) == fitted


@pytest.mark.parametrize("typed", ["J. Lee", "j lee", "J Lee", "jlee"])
def test_ctrl_l_finds_a_block_whatever_punctuation_and_spacing_are_typed(typed):
    """Found by a tester: Ctrl+L "J. Lee" found nothing; the LBD block is stored as "j lee"."""
    from gui.cluster_list import NAME
    from models.queries import ClusterSummary

    model = QtClusterListModel()
    model.set_clusters([ClusterSummary(1, "a gupta", "a gupta", "lbd", 9, 0), ClusterSummary(2, "j lee", "j lee", "lbd", 9, 0)])
    model.set_filter(typed, None)
    assert [model.index(row, NAME).data() for row in range(model.rowCount())] == ["j lee"]
    assert model.name_filter == typed.strip()  # as the status line quotes it

def test_the_cluster_filter_shows_what_a_scan_of_every_cluster_shows():
    """Typing narrows from the rows shown, Backspace takes rows kept from before, and a cluster's new status
    drops those kept: after any mix of them the rows are those a plain scan of every cluster gives."""
    import random

    from gui.cluster_list import NAME
    from models.cluster_listing import search_key
    from models.queries import ClusterSummary, Status

    rng = random.Random(7)
    names = [f"{rng.choice(['wei', 'jun', 'ann', 'ana'])} {rng.choice(['wang', 'li', 'lee', 'wu'])} {i}" for i in range(400)]
    clusters = [ClusterSummary(i, name, name.title(), "dblp", 4, rng.choice([0, 2, 4])) for i, name in enumerate(names)]
    model = QtClusterListModel()
    model.set_clusters(clusters)
    typed, status, target = "", None, ""
    for _ in range(600):
        step = rng.random()
        if step < 0.45:  # type on towards a piece of some name ("wang 1", "n le")
            if not target.startswith(typed) or typed == target:
                name = rng.choice(names)
                start = rng.randrange(len(name))
                target = name[start:start + rng.randrange(1, 8)]
                typed = ""
            typed = target[:len(typed) + 1]
        elif step < 0.75:
            typed = typed[:-1]
        elif step < 0.85:
            status = rng.choice([None, *Status])
        else:  # a decision changes one cluster's progress, and perhaps its status
            index = rng.randrange(len(clusters))
            clusters[index] = ClusterSummary(index, names[index], names[index].title(), "dblp", 4, rng.choice([0, 2, 4]))
            model.update_cluster(clusters[index])
        model.set_filter(typed, status)
        expected = [c.name for c in clusters if search_key(typed) in search_key(c.key) and status in (None, c.status)]
        assert [model.index(row, NAME).data() for row in range(model.rowCount())] == expected, (typed, status)
        for row in rng.sample(range(model.rowCount()), min(3, model.rowCount())):
            assert model.row_of(model.cluster_at(row).id) == row


def test_column_widths_give_way_in_proportion_to_what_each_can_give():
    from gui.column_widths import fitted_widths

    preferred, least = {0: 40, 1: 250, 2: 100, 3: 120}, {1: 130, 2: 60, 3: 80}
    assert fitted_widths(preferred, least, 600) == preferred  # room enough
    assert fitted_widths(preferred, least, 510 - 100) == {0: 40, 1: 190, 2: 80, 3: 100}  # 100 missing: 120, 40, 40 to give
    assert fitted_widths(preferred, least, 100) == {0: 40, 1: 130, 2: 60, 3: 80}  # never below the least: it scrolls
    assert fitted_widths(preferred, {}, 100) == preferred


def test_choosing_every_one_of_100000_clusters_takes_a_moment_not_seconds(qtbot):
    """A dblp import lists a cluster of every author name. Ctrl+A over 200,000 took 4.3 s (the column header
    asked of every row whether its column was selected) and reading the choice for the export dialog 5.3 s."""
    import time

    from gui.cluster_list import ClusterList
    from models.queries import ClusterSummary

    clusters = [ClusterSummary(n, f"name {n:06}", f"Name {n:06}", "dblp", 2, n % 3) for n in range(100_000)]
    panel = ClusterList()
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.show()
    panel.model.set_clusters(clusters)
    panel.table.setFocus()
    started = time.perf_counter()
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    chosen = panel.chosen_clusters()
    took = time.perf_counter() - started
    assert chosen == clusters
    assert took < 0.5, f"{took:.2f} s"
    row_5 = panel.table.visualRect(panel.model.index(5, 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=row_5)  # then only one
    assert panel.chosen_clusters() == [clusters[5]]


def test_a_new_clusters_rows_show_no_fit_nor_order_of_the_last_analysis(seeded):
    """Fits and the review-next order are keyed by paper id, and a paper can be in two name clusters (each
    of its authors'): the Fit column showed the other cluster's person until this cluster was analysed."""
    from gui.papers_model import FIT, REVIEW_NEXT
    from models.evidence import Fit

    model = loaded_model(seeded)
    paper = model.paper_at(3).paper_id
    model.set_fits({paper: Fit(99, "Someone Else", 0.8, ("shares coauthors",))})
    model.set_review_order([paper])
    assert model.index(3, FIT).data() == "0.80 → Someone Else"
    model.set_contents(seeded.load_cluster(seeded.clusters()[0].id))  # another cluster holding the same paper
    assert model.index(3, FIT).data() == ""
    model.sort(REVIEW_NEXT)
    assert [model.paper_at(row).position for row in range(model.rowCount())] == sorted(p.position for p in model._rows)


@pytest.mark.skipif(not (SHARED_DATA / "arnetminer").is_dir(), reason="shared data not present")
def test_a_person_is_named_by_its_number_and_sorted_in_panel_order(tmp_path):
    """The Decision column cut "Bob Johnson" and "Bob Johnson (2)" alike in a narrow pane; and sorted as
    text, "10 …" would come before "2 …"."""
    from models.store import Store

    with Store(tmp_path / "review.sqlite3", reviewer="tester") as store:
        store.import_files([SHARED_DATA / "arnetminer" / "Bob Johnson.xml"])
        cluster = store.clusters()[0]
        papers = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        for paper in papers:  # eleven people, one paper each, the first paper's person first
            store.create_person(cluster.id, [paper])
        model = QtPapersModel()
        model.set_contents(store.load_cluster(cluster.id))
        assert [model.index(row, DECISION).data() for row in (0, 1, 10)] == ["1 Bob Johnson", "2 Bob Johnson (2)", "11 Bob Johnson (11)"]
        model.sort(DECISION, Qt.SortOrder.DescendingOrder)
        model.sort(DECISION)
        assert [model.paper_at(row).paper_id for row in range(len(papers))] == papers


def test_removing_a_person_renumbers_the_others_rows_at_once(qtbot, seeded):
    """The numbers in the Decision column follow the people panel: every row of a renumbered person repaints."""
    cluster = seeded.clusters()[0]
    papers = [p.paper_id for p in seeded.load_cluster(cluster.id).papers]
    for paper in papers[:3]:
        seeded.create_person(cluster.id, [paper])
    model = QtPapersModel()
    model.set_contents(seeded.load_cluster(cluster.id))
    assert [model.index(row, DECISION).data() for row in range(3)] == ["1 Shengen Yan", "2 Shengen Yan (2)", "3 Shengen Yan (3)"]
    first = seeded.load_cluster(cluster.id).people[0].id
    change = seeded.remove_person(cluster.id, first)
    with qtbot.waitSignal(model.dataChanged) as repainted:
        model.apply_change(change, seeded.load_cluster(cluster.id))
    top, bottom = repainted.args[0], repainted.args[1]
    assert top.row() <= 1 and bottom.row() >= 2 and top.column() <= DECISION <= bottom.column()
    assert [model.index(row, DECISION).data() for row in range(3)] == ["", "1 Shengen Yan (2)", "2 Shengen Yan (3)"]


def test_a_long_person_label_is_elided_so_its_papers_and_years_stay_on_the_card(qapp):
    """At 1,024 pixels the card read "1  alexandre cesar muniz" cut mid-word, and its paper count and years were gone."""
    from PySide6.QtGui import QFont, QFontMetrics

    from gui.people_panel import card_heading

    font = QApplication.font()
    bold = QFont(font)
    bold.setBold(True)
    tail = "10 papers · 2003–2012"
    head, shown_tail = card_heading("1  alexandre cesar muniz de oliveira", tail, QFontMetrics(bold), QFontMetrics(font), 260)
    assert head.startswith("1  alex") and head.endswith("veira") and "…" in head  # cut in the name's middle
    assert shown_tail == tail
    assert QFontMetrics(bold).horizontalAdvance(head + "  ") + QFontMetrics(font).horizontalAdvance(tail) <= 260
    # Room for everything: nothing is elided.
    assert card_heading("1  Bin Yu", tail, QFontMetrics(bold), QFontMetrics(font), 400) == ("1  Bin Yu", tail)
    # Too narrow for a third of the label beside the years (a tester at 1,024 px: "1 She… 5 papers · 202…"): the years go.
    narrow = QFontMetrics(bold).horizontalAdvance("1  Shengen Yan") + QFontMetrics(font).horizontalAdvance("5 papers") + 20
    head, shown_tail = card_heading("1  Shengen Yan (SenseTime)", "5 papers · 2024–2025", QFontMetrics(bold), QFontMetrics(font), narrow)
    # No room for a letter of the name beside its suffix: the number and the suffix, which tell it apart, stay.
    assert shown_tail == "5 papers" and head == "1  …(SenseTime)"


def test_ctrl_n_in_a_database_of_no_clusters_says_there_are_none(qtbot):
    """Found by a tester: Ctrl+N in an empty database said "Every other cluster is done."."""
    from gui.cluster_list import QtClusterListModel
    from gui.controller import _all_done_message

    listed = QtClusterListModel()
    listed.set_clusters([])
    assert _all_done_message(listed) == "No clusters yet: File → Import (Ctrl+O)."


def test_the_keys_sheet_names_the_keys_the_readme_gives_for_the_table_and_the_lists():
    """Found by a tester: F1 left out Home/End, Shift+End and Ctrl+End, and the keys of the suggestions and cluster lists."""
    from gui.actions import keys_table_html

    sheet = keys_table_html()
    for keys in ("Home / End, Ctrl+Home / Ctrl+End", "Shift+End", "In the suggestions", "In the cluster list"):
        assert keys in sheet, keys


def test_sort_by_fit_puts_every_paper_to_place_first_then_each_persons_papers_weakest_first(seeded, cluster, ids):
    """As the status line says it: an undecided paper with no fit came last, and the persons' papers were interleaved
    by score ("0.00 in 2", then person 1's, then "0.67 in 2" among person 1's)."""
    from gui.papers_model import FIT
    from models.evidence import Fit

    seeded.create_person(cluster.id, ids[:3])
    seeded.create_person(cluster.id, ids[3:5])
    one, two = (person.id for person in seeded.people(cluster.id))
    model = loaded_model(seeded)
    scores = {0: (one, 0.9), 1: (one, 0.2), 2: (one, 0.5), 3: (two, 0.1), 4: (two, 0.7), 5: (one, 0.6)}  # 6: no fit
    model.set_fits({ids[position]: Fit(person, "", score, ()) for position, (person, score) in scores.items()})
    model.sort(FIT)
    assert [model.paper_at(row).position for row in range(model.rowCount())] == [5, 6, 1, 2, 0, 3, 4]


def test_a_narrow_decided_column_keeps_the_unsure_count(qtbot):
    """Tester 2 (#14c) at 1,280 pixels: the cell read "39 / 39… unsure", which hid how many papers are unsure."""
    from PySide6.QtGui import QFontMetrics

    from gui.cluster_list import kept_unsure

    metrics = QFontMetrics(QApplication.font())
    text = "39 / 39 · 12 unsure"
    assert kept_unsure(text, metrics, metrics.horizontalAdvance(text)) == text
    text = "20,000 / 20,000 · 12 unsure"
    room = metrics.horizontalAdvance("20… · 12 unsure")  # too narrow for "20,000/20,000 · 12 un…"
    shown = kept_unsure(text, metrics, room)
    assert shown.endswith(" · 12 unsure") and shown.startswith("2") and "…" in shown
    assert metrics.horizontalAdvance(shown) <= room


def test_a_narrow_decided_column_keeps_the_total_before_the_word_unsure(qtbot):
    """A tester: Bin Yu's row read "44… · 2 unsure": the number of papers was gone."""
    from PySide6.QtGui import QFontMetrics

    from gui.cluster_list import kept_unsure

    metrics = QFontMetrics(QApplication.font())
    text = "44 / 105 · 2 unsure"
    assert kept_unsure(text, metrics, metrics.horizontalAdvance("44/105 · 2 unsure")) == "44/105 · 2 unsure"
    room = metrics.horizontalAdvance("44/105 · 2 uns…")
    shown = kept_unsure(text, metrics, room)
    assert shown.startswith("44/105 · 2 un") and shown.endswith("…") and metrics.horizontalAdvance(shown) <= room
    room = metrics.horizontalAdvance("4 / 1 · 2 unsure")  # narrower than "44/105 · 2 un…": the unsure count kept
    assert kept_unsure(text, metrics, room).endswith(" · 2 unsure")
    assert kept_unsure("✓ 39 / 39", metrics, 20) == "✓ 39 / 39"  # no unsure count: Qt cuts it as before


def test_the_decided_cell_of_a_narrow_list_is_painted_with_its_unsure_count(qtbot, monkeypatch):
    from gui.cluster_list import DECIDED, ClusterList, DecidedDelegate
    from models.queries import ClusterSummary

    from conftest import shown

    panel = shown(qtbot, ClusterList(), 245, 300)  # as wide as at a 1,440-pixel window (shot-11.png)
    panel.model.set_clusters([ClusterSummary(1, "john hale", "John Hale", "bench", 39, 0)])
    panel.model.update_cluster(ClusterSummary(1, "john hale", "John Hale", "bench", 39, 39, unsure=1))
    delegate = panel.table.itemDelegateForColumn(DECIDED)
    assert isinstance(delegate, DecidedDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(panel.table)
    option.widget = panel.table
    option.rect = panel.table.visualRect(panel.model.index(0, DECIDED))
    delegate.initStyleOption(option, panel.model.index(0, DECIDED))
    assert option.text.startswith("39/39 · 1 un") and option.text.endswith("…"), option.text  # both counts kept


def test_the_cluster_filters_placeholder_fits_a_small_screens_pane(qtbot):
    """Tester 2 (#14d), 1,280 pixels: the placeholder read "Filter clusters by na…"."""
    from gui.cluster_list import ClusterList

    from conftest import shown

    panel = shown(qtbot, ClusterList(), 250, 300)
    edit = panel.name_filter
    clear_button = edit.height()  # the clear button's room, about a square
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= edit.width() - clear_button - 8
