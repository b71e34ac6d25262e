"""A paper's history in this cluster: who decided what, when, with which note."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from models.history import DecisionState
from models.queries import HistoryEntry
from models.schema import Verdict


class HistoryView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Select a paper to see who decided what, and when.")

    def show_history(self, title: str | None, entries: list[HistoryEntry], labels: dict[int, str]) -> None:
        if title is None:
            self.setHtml("")
            return
        self.setHtml(history_html(title, entries, labels))


def history_html(title: str, entries: list[HistoryEntry], labels: dict[int, str]) -> str:
    if not entries:
        return f"<h4>{escape(title)}</h4><p><i>No decision yet.</i></p>"
    rows = "".join(
        "<tr>"
        f"<td>{escape(entry.at.astimezone().strftime('%Y-%m-%d %H:%M:%S'))}</td>"
        f"<td>{escape(entry.reviewer)}</td><td>{escape(entry.kind)}</td>"
        f"<td>{escape(_state(entry.old, entry.old_person, labels))} → <b>{escape(_state(entry.new, entry.new_person, labels))}</b></td>"
        f"<td>{escape(entry.new.note or '')}</td>"
        "</tr>"
        for entry in reversed(entries)
    )
    head = "<tr><th align=left>When</th><th align=left>Who</th><th align=left>What</th><th align=left>Decision</th><th align=left>Note</th></tr>"
    return f"<h4>{escape(title)}</h4><table cellspacing=4>{head}{rows}</table>"


def _state(state: DecisionState, logged_label: str | None, labels: dict[int, str]) -> str:
    """`labels`: the live people's; a person removed since keeps the label the reviewer knew it by, not its id."""
    if state.verdict is Verdict.PERSON:
        return labels.get(state.person_id) or f"{logged_label or 'a person'} (removed)"
    return {Verdict.REJECTED: "not this name", Verdict.UNSURE: "unsure"}.get(state.verdict, "undecided")
