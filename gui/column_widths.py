"""Column widths that give way when a table's pane narrows, so every column stays in view.

A laptop's window of 1,024-1,366 pixels leaves the papers table 600-800:
at fixed widths its Venue and Authors were scrolled out of sight to the
right. Each column has a width it prefers and a least width it may shrink
to; the room missing is taken from each in proportion to what it can give.
Below the sum of the least widths the table scrolls sideways again.
"""

from __future__ import annotations


def fitted_widths(preferred: dict[int, int], least: dict[int, int], room: int) -> dict[int, int]:
    """Each column's width in `room` pixels: as `preferred` if they fit, else shrunk toward `least`.

    Columns absent from `least` keep their preferred width.
    """
    missing = sum(preferred.values()) - room
    if missing <= 0:
        return dict(preferred)
    give = {column: preferred[column] - least[column] for column in least if preferred[column] > least[column]}
    can_give = sum(give.values())
    if not can_give:
        return dict(preferred)
    share = min(missing / can_give, 1.0)
    return {column: width - round(give.get(column, 0) * share) for column, width in preferred.items()}
