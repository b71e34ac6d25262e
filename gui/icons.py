"""Icons from `resources/icons`, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon

from models.schema import Verdict

VERDICT_ICONS = {Verdict.PERSON: "yes", Verdict.REJECTED: "no", Verdict.UNSURE: "unsure"}


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(resources.files("resources") / "icons" / f"{name}.svg"))


def verdict_icon(verdict: Verdict | None) -> QIcon | None:
    name = VERDICT_ICONS.get(verdict)
    return icon(name) if name else None
