"""A person's label cut short keeps what tells it from its namesakes (tester 2, #12)."""

from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF

from gui.label_elision import elided_label, label_parts
from gui.paper_cells import elided
from gui.people_panel import card_heading


def test_a_label_is_split_into_its_number_name_and_suffix():
    assert label_parts("2 Thomas Meyer (2)") == ("2 ", "Thomas Meyer", " (2)")
    assert label_parts("0.95 in 1 John Hale (Parsing)") == ("0.95 in 1 ", "John Hale", " (Parsing)")
    assert label_parts("0.40 → John Hale") == ("0.40 → ", "John Hale", "")
    assert label_parts("1  ⚠ Philip J. Smith") == ("1  ⚠ ", "Philip J. Smith", "")
    assert label_parts("    Thomas Meyer (12)") == ("    ", "Thomas Meyer", " (12)")
    assert label_parts("Not this name") == ("", "Not this name", "")


def test_the_decision_and_fit_cells_keep_the_number_and_the_suffix(qapp):
    """At 1,440 pixels the Fit column read "0.95 in 1 John …" and the Decision column "2 Thomas Meyer…"."""
    metrics = QFontMetricsF(QFont())
    for text in ("0.95 in 1 John Hale (Parsing)", "2 Thomas Meyer (2)", "0.35 in 3 Thomas Meyer (3)"):
        room = metrics.horizontalAdvance(text) * 0.85
        shown = elided(metrics, text, room, names_person=True)
        lead, _name, suffix = label_parts(text)
        assert shown.startswith(lead) and shown.endswith(suffix) and "…" in shown, shown
        assert metrics.horizontalAdvance(shown) <= room
    # The name is cut in its middle: its surname stays ("Philip J. S…" and "Philip J. Sm…" were two people).
    text = "2 Philip J. Smith (2)"
    shown = elided(metrics, text, metrics.horizontalAdvance("2 Philip…Smith (2)") + 1, names_person=True)
    assert shown.startswith("2 P") and shown.endswith("ith (2)")
    # A note's mark stays after the suffix.
    shown = elided(metrics, text + " ✎", metrics.horizontalAdvance(text), names_person=True)
    assert shown.endswith(" (2) ✎")
    # A verdict names no person: cut at the right, as before.
    assert elided(metrics, "Not this name", metrics.horizontalAdvance("Not this"), names_person=True).startswith("Not t")


def test_a_narrow_fit_column_keeps_the_suffix_against_a_bare_ellipsis(qapp):
    """At 1,280 pixels the Fit column had room for "0.40 in 2 Th…" only: the "(2)" went."""
    metrics = QFontMetrics(QFont())
    room = metrics.horizontalAdvance("0.40 in 2 …(2)")
    assert elided_label(metrics, "0.40 in 2 Thomas Meyer (2)", room) == "0.40 in 2 …(2)"


def test_a_room_too_small_for_number_and_suffix_is_cut_at_the_right_and_fits(qapp):
    metrics = QFontMetrics(QFont())
    text = "2 Thomas Meyer (Parsing group)"
    room = metrics.horizontalAdvance("2 Tho")
    shown = elided_label(metrics, text, room)
    assert shown.startswith("2 ") and metrics.horizontalAdvance(shown) <= room


def test_the_cards_of_namesakes_differ_at_a_1440_pixel_window(qapp):
    """The cards read "1 Thomas …", "2 Thomas …", "3 Thomas …" (shot-41.png): the "(2)" and "(3)" were cut."""
    font = QFont()
    bold = QFont(font)
    bold.setBold(True)
    width = QFontMetrics(bold).horizontalAdvance("1  Thomas Meyer") + QFontMetrics(font).horizontalAdvance("20 papers")
    heads = [card_heading(f"{number}  Thomas Meyer{suffix}", "3 papers · 1997–2004", QFontMetrics(bold), QFontMetrics(font), width)[0]
             for number, suffix in ((1, ""), (2, " (2)"), (3, " (3)"))]
    assert heads[1].endswith(" (2)") and heads[2].endswith(" (3)"), heads
    assert all(head.endswith("r") or head.endswith(")") for head in heads), heads  # the surname's end stays in sight


def test_a_decision_cell_tells_its_whole_person_in_its_tooltip(qapp, seeded, cluster, ids):
    """A narrow Decision column cuts the label: its tooltip says it whole, and a note under it."""
    from PySide6.QtCore import Qt

    from gui.papers_model import DECISION, QtPapersModel
    from models.schema import Verdict

    seeded.create_person(cluster.id, ids[:2], label="Shengen Yan (SenseTime Research)")
    seeded.decide(cluster.id, ids[2:3], Verdict.UNSURE)
    seeded.annotate(cluster.id, ids[1:2], "the Beijing one")
    model = QtPapersModel()
    model.set_contents(seeded.load_cluster(cluster.id))
    tips = [model.index(row, DECISION).data(Qt.ItemDataRole.ToolTipRole) for row in range(4)]
    assert tips == ["1 Shengen Yan (SenseTime Research)", "1 Shengen Yan (SenseTime Research)\nNote: the Beijing one", None, None]


def test_labels_that_differ_inside_a_long_suffix_keep_what_tells_them_apart(qapp):
    """A tester: "John Hale (computer security, Tulsa)" and "John Hale (computational psycholinguistics, Cornell)"
    both read "John Hale (comput…" in the Decision column, and "0.75 in 1 John…" in the Fit column."""
    metrics = QFontMetrics(QFont())
    security, psycholinguistics = "John Hale (computer security, Tulsa)", "John Hale (computational psycholinguistics, Cornell)"
    for lead, seen in (("1 ", "1 John Hale (comput…"), ("0.75 in 1 ", "0.75 in 1 John…"), ("1 ", "1 John Hale (computer secur…")):
        room = metrics.horizontalAdvance(seen)
        shown = [elided_label(metrics, lead + label, room) for label in (security, psycholinguistics)]
        assert shown[0] != shown[1], shown
        assert all(metrics.horizontalAdvance(text) <= room for text in shown), shown
        assert shown[0].endswith("a)") and shown[1].endswith("l)"), shown  # the ends that differ ("Tulsa", "Cornell")
        assert all(text.startswith(lead) for text in shown), shown
    # With room, the name stays whole and the suffix is cut in its middle.
    room = metrics.horizontalAdvance("1 John Hale (computer se…")
    shown = elided_label(metrics, "1 " + security, room)
    assert shown.startswith("1 John Hale (comp") and shown.endswith("ulsa)") and "…" in shown, shown
