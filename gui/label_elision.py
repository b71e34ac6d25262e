"""Person labels cut short where they lose least.

A cluster's people are told apart by the end of their labels ("Thomas Meyer (2)", "John Hale (Parsing)")
and by the number the people panel gives them. Cut at the right, at 1,440 pixels the cards read
"1 Thomas …", "2 Thomas …" and the Fit column "0.95 in 1 John …": only the number was left to tell
them apart. Here the number (and a Fit's score) before the name and the suffix after it stay whole,
and the name in between is cut in its middle; a suffix too long to stay whole is cut in its own middle, so
"(computer security, Tulsa)" and "(computational psycholinguistics, Cornell)" keep the ends that differ.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF

ELLIPSIS = "…"
# Before the name: a Fit's "0.95 in " or "0.95 → ", the person's number in the people panel (a card's is
# followed by two spaces, or is four spaces past 9), a card's conflict mark. After it: " (2)", " (Parsing)".
_LABEL_PARTS = re.compile(
    r"(?P<lead>(?:\d+\.\d+ (?:in|→) )?(?:\d+)? *(?:⚠ )?)(?P<name>.*?)(?P<suffix>(?: \([^()]*\))?)",
    re.DOTALL,
)


def label_parts(text: str) -> tuple[str, str, str]:
    """`text` as what comes before a person's name, the name, and the suffix that tells it from its namesakes."""
    found = _LABEL_PARTS.fullmatch(text)
    return found["lead"], found["name"], found["suffix"]


def elided_label(metrics: QFontMetrics | QFontMetricsF, text: str, room: float, end: str = "") -> str:
    """`text` (a person as the window names it) and then `end` (a note's mark), in `room` pixels: whole if it fits;
    else the name cut in its middle, the number before it and the suffix and `end` after it kept whole; in a room
    too small for those, the name a bare "…" against the suffix; smaller still, the suffix cut in its middle
    (`_suffix_cut`); smaller still, or a text that names no person ("Not this name"), cut at the right (`end` still
    kept)."""
    if metrics.horizontalAdvance(text + end) <= room:
        return text + end
    lead, name, suffix = label_parts(text)
    left = room - metrics.horizontalAdvance(lead + suffix + end)
    if (lead or suffix) and name and left >= metrics.horizontalAdvance(ELLIPSIS):
        return lead + (metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, int(left)) or ELLIPSIS) + suffix + end
    squeezed = lead + ELLIPSIS + suffix.lstrip() + end  # the Fit column at 1,280 pixels: "0.40 in 2 …(2)"
    if suffix and metrics.horizontalAdvance(squeezed) <= room:
        return squeezed
    if suffix and (cut := _suffix_cut(metrics, lead, name, suffix, room - metrics.horizontalAdvance(end))):
        return cut + end
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room - metrics.horizontalAdvance(end))) + end


def _suffix_cut(metrics: QFontMetrics | QFontMetricsF, lead: str, name: str, suffix: str, room: float) -> str:
    """A label whose suffix does not fit whole, cut inside the suffix, in its middle, so both its ends stay: "John Hale
    (computer security, Tulsa)" and "… (computational psycholinguistics, Cornell)" both read "John Hale (comput…"
    cut at the right. The name stays whole while the suffix keeps half its width, else it is a bare "…"; narrower, the suffix's
    end alone ("…lsa)"); "" where not even that fits."""
    inner = suffix.strip()
    for before in (lead + name + " ", lead + ELLIPSIS):
        left = room - metrics.horizontalAdvance(before)
        if before.endswith(" ") and left < metrics.horizontalAdvance(inner) / 2:
            continue
        cut = metrics.elidedText(inner, Qt.TextElideMode.ElideMiddle, int(left))
        if len(cut) < len("(ab…)"):  # too narrow for both ends: its end, as a "(2)" is kept ("…lsa)")
            cut = metrics.elidedText(inner, Qt.TextElideMode.ElideLeft, int(left))
        if len(cut) >= len("…a)"):
            return before + (cut[1:] if before.endswith(ELLIPSIS) and cut.startswith(ELLIPSIS) else cut)  # not "……"
    return ""
