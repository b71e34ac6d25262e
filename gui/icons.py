"""Icons from `resources/icons`, loaded once.

No `models` import here: the start-up frame shows the window icon before
the store's modules (SQLAlchemy, SQLModel) are imported.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon

VERDICT_ICONS = {"person": "yes", "rejected": "no", "unsure": "unsure"}  # by `models.schema.Verdict` value


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(resources.files("resources") / "icons" / f"{name}.svg"))


def verdict_icon(verdict) -> QIcon | None:
    """The icon of a `Verdict` (None: undecided, no icon)."""
    name = VERDICT_ICONS.get(verdict.value) if verdict is not None else None
    return icon(name) if name else None
