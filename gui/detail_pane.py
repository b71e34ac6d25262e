"""The current paper in full: what a reviewer reads before deciding."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QWidget

from gui.inks import ink
from gui.papers_model import PENDING_MARK
from models.queries import PaperRow
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the evidence module (and its word lists) loads with the first analysis
    from models.evidence import ShownFits
from models.history import DecisionState
from models.schema import Verdict

NAME_STYLE = "background-color:#fff1a8; color:#000; font-weight:bold"
SELECT_A_PAPER = "Select a paper to see it in full."


class PaperDetail(QTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setPlaceholderText(SELECT_A_PAPER)
        # The text keeps one width from paper to paper: a scroll bar that came and went with the
        # paper's length re-wrapped the text, and repainted the pane once more a frame later.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._shown = ""

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab goes on to the next pane. A text browser stops at each of its links first (a paper may
        # have several), so the people were as many presses further away as the paper had links.
        return QWidget.focusNextPrevChild(self, next)

    def say_why_empty(self, why: str) -> None:
        """What the pane says while it shows no paper: `why` none is shown, or else to select one."""
        self.setPlaceholderText(why or SELECT_A_PAPER)

    def show_paper(
        self, paper: PaperRow | None, state: DecisionState, person_label: str, fits: ShownFits | None = None, abstract: str | None = None,
        waiting: str | None = None,
    ) -> None:
        html = paper_html(paper, state, person_label, fits, abstract, waiting) if paper else ""
        # A filter keystroke or a change elsewhere in the cluster often leaves the same paper shown:
        # laying out its text again (about 3 ms with an abstract) would only repaint the same pixels.
        if html == self._shown:
            return
        self._shown = html
        self.setHtml(html)


def paper_html(
    paper: PaperRow, state: DecisionState, person_label: str, fits: ShownFits | None = None, abstract: str | None = None,
    waiting: str | None = None,
) -> str:
    """The paper in full; `waiting`: its decision waiting to be saved, in words ("Cheng Chang"), said instead of the saved one."""
    muted = ink("muted")
    parts = [f"<h3 style='margin-bottom:2px'>{escape(paper.title)}</h3>", f"<p style='color:{muted}'>{_where(paper)}</p>"]
    parts.append(f"<p>{_authors(paper)}</p>")
    if paper.affiliation:
        parts.append(f"<p>{_affiliation(paper)}</p>")
    decision = f"{waiting} — waiting to be saved ({PENDING_MARK.strip()})" if waiting else _decision(state, person_label)
    parts.append(f"<p><b>Decision:</b> {escape(decision)}{_note(state)}</p>")
    parts += [f"<p style='color:{ink('amber')}'>⚠ {escape(warning)}</p>" for warning in paper.warnings]
    if fits and fits.fits:
        parts.append(_fits_html(fits))
    if abstract:
        parts += [f"<p>{escape(paragraph)}</p>" for paragraph in abstract.split("\n\n")]
    else:
        parts.append(f"<p style='color:{muted}'><i>No abstract in the source.</i></p>")
    # a word, not a link emoji: many desktops have no font with that glyph and draw a box
    parts += [f"<p>Link: <a href='{escape(link, quote=True)}'>{escape(link)}</a></p>" for link in paper.links]
    parts.append(f"<p style='color:{ink('faint')}; font-size:small'>{escape(paper.source)} · {escape(paper.source_key)}</p>")
    return "\n".join(parts)


def _fits_html(shown: ShownFits) -> str:
    """How the paper fits the people found so far, best first, with the reasons; its own person's marked."""
    rows = "".join(
        f"<li><b>{escape(fit.label)}</b>{' (its person now)' if fit.person_id == shown.own_person_id else ''} "
        f"{fit.score:.2f}: {escape('; '.join(fit.reasons))}</li>"
        for fit in shown.fits
    )
    which = "each person's other papers"
    if len(shown.fits) < shown.people:  # more people than are listed: say so, and that its own is among them
        which = f"each of {shown.people} people's other papers: the best {shown.best}" + (", and its own person" if shown.best < len(shown.fits) else "")
    return f"<p style='margin-bottom:0'><b>Fits</b> (against {which}):</p><ul style='margin-top:0'>{rows}</ul>"


def _where(paper: PaperRow) -> str:
    return escape(" · ".join(str(part) for part in (paper.venue, paper.year, paper.pub_type) if part))


def _authors(paper: PaperRow) -> str:
    names = [
        f"<span style='{NAME_STYLE}'>&nbsp;{escape(name)}&nbsp;</span>" if position in paper.name_positions else escape(name)
        for position, name in enumerate(paper.authors)
    ]
    return ", ".join(names) or "<i>no authors listed</i>"


def _affiliation(paper: PaperRow) -> str:
    """Where the source says the name's author was when writing this paper: evidence of which person it is."""
    written = paper.authors[paper.name_positions[0]] if paper.name_positions else "The author"
    return f"<b>{escape(written)}'s affiliation here:</b> {escape(paper.affiliation)}"


def _note(state: DecisionState) -> str:
    """The decision's note, after it on its line (it was only in the History tab)."""
    if not state.note:
        return ""
    return " · <b>Note:</b> " + escape(state.note).replace("\n", "<br>")


def _decision(state: DecisionState, person_label: str) -> str:
    if state.verdict is Verdict.PERSON:
        return f"this person ({person_label})"
    if state.verdict is Verdict.REJECTED:
        return "not this name's person"
    if state.verdict is Verdict.UNSURE:
        return "unsure"
    return "undecided"
