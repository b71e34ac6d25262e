"""Every action of the window in one table: text, keys, icon, tip.

The menus, the toolbar, the context menu and the keys dialog are all built
from this table, so a key is defined once and shown the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from gui.icons import icon
from gui.papers_model import AUTHORS, DECISION, FIT, TITLE, VENUE, WARNING, YEAR


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    keys: tuple[str, ...] = ()
    tip: str = ""
    icon: str | None = None
    keys_text: str = ""  # what the keys do, for the keys table (F1), where the menu's text does not say it all
    tool_text: str = ""  # the toolbar's shorter text, where the menu's is long: at 1,024 pixels the last actions went behind »


ASSIGN_KEYS = 9  # keys 1-9 assign to the n-th person of the people panel
# View → Sort by, beside Fit (its own key, Ctrl+T): each column's action ("sort_year"), the column it sorts by, its
# menu text, what it sorts by.
COLUMN_SORTS = (
    ("decision", DECISION, "&Decision", "decision: the people in panel order, then unsure, not this name, undecided"),
    ("year", YEAR, "&Year", "year"), ("title", TITLE, "&Title", "title"), ("venue", VENUE, "&Venue", "venue"),
    ("authors", AUTHORS, "&Authors", "authors"), ("warning", WARNING, "⚠ &Warnings", "how many warnings each has"),
)
SORT_COLUMNS = {"sort_fit": FIT, **{f"sort_{name}": column for name, column, _text, _what in COLUMN_SORTS}}  # action → column
SORT_ACTIONS = tuple(SORT_COLUMNS)

# The actions by what they act on (the controller turns each group on and off together).
DECIDING = ("decide_person", "decide_rejected", "decide_unsure", "decide_clear", "new_person", "note")
MOVING = ("next_paper", "previous_paper")
# Keys that choose or look for the papers shown: on while the cluster has papers, whatever the table shows. Off with
# the table empty, Ctrl+0, Ctrl+J and View → Show … were dead in an empty "Undecided" view until the mouse chose.
VIEWING = ("next_undecided", "find", "show_all", "show_undecided", "show_unsure", "review_next", "source_order", *SORT_ACTIONS)
SUGGESTING = ("accept_suggestion", "dismiss_suggestion")

ACTIONS = (
    ActionSpec("decide_person", "This &person", ("Y",), "The selected papers are by the first person of the cluster", "yes"),
    ActionSpec(
        "decide_rejected", "&Not this name", ("N",), "The selected papers are not this name's person: someone else of this name wrote them", "no",
        keys_text="Not this name's person (someone else of this name)",
    ),
    ActionSpec("decide_unsure", "&Unsure", ("U",), "Mark the selected papers to look at again", "unsure"),
    ActionSpec("decide_clear", "&Clear decision", ("Backspace", "Delete"), "Make the selected papers undecided", "clear", tool_text="Clear"),
    ActionSpec("new_person", "New &person from selection", ("P",), "Create a person holding the selected papers", "new-person", tool_text="New person"),
    *(
        ActionSpec(f"assign_{n}", f"To person {n}", (str(n),), f"Put the selected papers into person {n} of the people panel")
        for n in range(1, ASSIGN_KEYS + 1)
    ),
    ActionSpec("note", "&Note on decision…", ("C",), "Write a note on the decision of the selected papers", "note"),
    ActionSpec("accept_suggestion", "&Accept suggestion", ("A",), "The current suggested group becomes a person (or joins the one it extends)", "accept"),
    ActionSpec("dismiss_suggestion", "&Dismiss suggestion", ("D",), "Turn the current suggested group down for good", "dismiss"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Take back the last decision in this cluster", "undo"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Put back the last decision undone", "redo"),
    ActionSpec("find", "&Filter papers…", ("Ctrl+F",), "Show only papers whose title, venue, authors or abstract match", "find", tool_text="Filter"),
    ActionSpec(
        "history", "Paper &history", ("Ctrl+H",), "Who decided what on the current paper, and when; again: back to the paper",
        keys_text="The paper's history (the History tab); again: back to the paper (the Paper tab)",
    ),
    ActionSpec("show_all", "Show &all papers", ("Ctrl+0",), "Show every paper of the cluster"),
    ActionSpec("show_undecided", "Show &undecided papers", ("Ctrl+U",), "Show only the papers without a decision"),
    # Ctrl+I, beside Ctrl+U on the keyboard. Not Ctrl+Shift+U: IBus, GNOME's input method, takes it (to type a
    # character by its code point), and the window never gets it.
    ActionSpec("show_unsure", "Show u&nsure papers", ("Ctrl+I",), "Show only the papers marked unsure, to come back to"),
    ActionSpec("review_next", "&Review-next order", ("Ctrl+R",), "Order papers so the one whose decision settles most comes first"),
    ActionSpec("source_order", "&Source order", ("Ctrl+Shift+R",), "Order papers as the source lists them"),
    # Not Ctrl+Shift+F: the fcitx input method (Chinese) takes it, to switch simplified and traditional characters.
    ActionSpec(
        "sort_fit", "&Fit, weakest first", ("Ctrl+T",),
        "Sort by Fit, ascending: the papers to place first (best fit first), then each person's papers, weakest first",
        keys_text="Sort by Fit: the papers to place first (best fit first), then each person's papers, weakest first",
    ),
    *(
        ActionSpec(f"sort_{name}", text, (), f"Sort the papers by {what}, as a click on its column's header does")
        for name, _column, text, what in COLUMN_SORTS
    ),
    ActionSpec("next_paper", "Next paper", ("J",), "Move down one paper"),
    ActionSpec("previous_paper", "Previous paper", ("K",), "Move up one paper"),
    ActionSpec(
        "next_undecided", "Next &undecided paper", ("Ctrl+J",),
        "Jump to the next paper without a decision; with none left, to the next unsure one",
        keys_text="Next undecided paper; with none left, the next unsure one",
    ),
    ActionSpec("next_cluster", "Next open &cluster", ("Ctrl+N",), "Open the next cluster that is not done, among those the cluster list shows", "next-cluster"),
    ActionSpec("back_cluster", "&Back to the cluster before", ("Alt+Left",), "Open the cluster opened before this one, as a browser goes back"),
    ActionSpec("forward_cluster", "F&orward to the cluster after", ("Alt+Right",), "Open again the cluster left by going back"),
    ActionSpec("find_cluster", "&Find a cluster…", ("Ctrl+L",), "Type part of a cluster's name; Enter opens the first one shown"),
    ActionSpec("import", "&Import…", ("Ctrl+O",), "Import sources: Arrow, dblp, OpenAlex, Arnetminer, S2AND, LBD, ORCID, JSON; folders, zip and tar archives of them", "import"),
    ActionSpec("export", "&Export profiles…", ("Ctrl+E",), "Export curated profiles: JSON, CSV, BibTeX, gold labels", "export"),
    ActionSpec("stop_export", "&Stop the export", (), "Stop the export being written: nothing of it is written"),
    ActionSpec("stop_import", "S&top the import", (), "Stop the import running: the database stays as it was before it"),
    ActionSpec("reviewer", "&Reviewer name…", (), "The name recorded with each decision"),
    ActionSpec("restore_backup", "Restore a &backup…", (), "Put an automatic backup in place of the database"),
    ActionSpec("check_database", "&Check the database", (), "Read the whole database file, looking for damage"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "Close Namesake (every decision is already saved)"),
    ActionSpec("keys", "&Keys", ("F1",), "Show the keyboard shortcuts"),
)


def assign_text(number: int, label: str | None) -> str:
    """The Decide menu's entry for key `number`: "To 1 Shengen Yan", as the people panel numbers its cards;
    "To person 4" while there is no fourth person."""
    return f"To {number} {label.replace('&', '&&')}" if label else f"To person {number}"


def build_actions(parent: QWidget) -> dict[str, QAction]:
    actions = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.name)
        action.setIconText(spec.tool_text or spec.text.replace("&", "").rstrip("…"))  # the toolbar's text
        if spec.keys:
            action.setShortcuts([QKeySequence(key) for key in spec.keys])
        tip = f"{spec.tip} ({' / '.join(spec.keys)})" if spec.keys else spec.tip
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        if spec.icon:
            action.setIcon(icon(spec.icon))
        actions[spec.name] = action
    return actions


def keys_table_html() -> str:
    rows = "".join(
        f"<tr><td><b>{' / '.join(spec.keys)}</b></td><td>{spec.keys_text or spec.text.replace('&', '')}</td></tr>"
        for spec in ACTIONS
        if spec.keys and not spec.name.startswith("assign_")
    )
    rows += f"<tr><td><b>1 … {ASSIGN_KEYS}</b></td><td>To the n-th person of the people panel</td></tr>"
    extra = (
        "<tr><td><b>↑ / ↓</b></td><td>Move between papers</td></tr>"
        "<tr><td><b>Home / End, Ctrl+Home / Ctrl+End</b></td><td>The first / last paper (selected: the next decision acts on it)</td></tr>"
        "<tr><td><b>Shift+↑ / ↓, Shift+End / Shift+Home, Ctrl+A</b></td><td>Select several papers; a decision acts on all of them</td></tr>"
        "<tr><td><b>↑ / ↓, Enter, Space</b></td><td>In the suggestions: move to a group, or choose the current one: its papers are selected</td></tr>"
        "<tr><td><b>↑ / ↓, Enter</b></td><td>In the cluster list: move, then open the cluster (a click opens it too)</td></tr>"
        "<tr><td><b>Alt+V, B</b></td><td>View → Sort by: source or review-next order, or any column (as a click on its header)</td></tr>"
        "<tr><td><b>Esc</b></td><td>Close the filter</td></tr>"
        "<tr><td><b>↓ / Enter / Esc</b></td><td>In the cluster filter: go into the list / open the first cluster shown / clear, then go back</td></tr>"
        "<tr><td><b>Tab / Shift+Tab</b></td><td>The next / previous pane: papers, its view choices, the paper, its Paper / History tabs, author rows, people, suggestions, the clusters' filter, status and list</td></tr>"
        "<tr><td><b>F2</b></td><td>Rename the person selected in the people panel</td></tr>"
        "<tr><td><b>Enter</b></td><td>In the author rows: select the papers the row wrote</td></tr>"
        "<tr><td><b>Menu key</b></td><td>In the author rows: which person the row is, and where its papers went; "
        "in the people panel: show its papers, rename, edit the profile, merge, remove</td></tr>"
        "<tr><td><b>drag</b></td><td>Drop selected papers onto a person, or onto New person</td></tr>"
    )
    return f"<table cellspacing='6'>{rows}{extra}</table>"
