"""What the window says when changes cannot be saved: the banner of a lost database file, the quit question.

Plain functions of the session's state, so each wording is tested without a window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from models.counting import counted

if TYPE_CHECKING:
    from gui.session import LostFile, PendingChange


def lost_file_banner(lost: LostFile, waiting: int) -> str:
    """The banner while the database's path no longer leads to the file open: both paths, and what to do."""
    said = (
        f"⚠ {lost.path}: {lost.why}. Namesake writes nothing more to it, and where it went it may lack the newest "
        "changes (they were in its -wal file, under the old name)."
    )
    if lost.copy is not None:
        said += f" Everything saved is in the copy {lost.copy}: quit, then open that file to go on (namesake --db {lost.copy})."
    elif lost.failure:
        said += (
            f" Copying it to a new file failed ({lost.failure}): do not quit, what was saved is only in this window until "
            "a copy is made. Free some disk space or make the folder writable; Namesake tries again every few seconds."
        )
    else:
        said += " Namesake is copying everything saved to a new file beside it: keep this window open."
    if waiting:
        said += f" {counted(waiting, 'change')} made since {_is(waiting, 'waits', 'wait')}, not saved, and {_is(waiting, 'is', 'are')} lost when you quit."
    return said


def pending_question(pending: Sequence[PendingChange], db_path: Path, why_now: str = "", lost: bool = False) -> str:
    """The quit question for the changes still waiting (`ReviewSession.pending`): how many, the file, why, and what
    to do (`why_now`: which file cannot be written now, `models.db.why_read_only`). `lost`: the file is lost
    (`ReviewSession.lost_file`), so they will never be saved here. It read "1 change(s) could not be saved yet
    (attempt to write a readonly database)", naming neither the file nor what to do."""
    if not pending:
        return "Every waiting change is saved now: nothing is lost if you quit. Quit?"
    count, first = len(pending), pending[0]
    said = f"{counted(count, 'change')} {_is(count, 'is', 'are')} not saved {'' if lost else 'yet '}in {db_path} ({first.error})."
    if lost:
        said += f"\n{first.advice}."
    else:
        now = f"; now {why_now}" if why_now else ""
        do = f"{first.advice}{now}. Namesake then saves" if first.advice else "Namesake tries again, and saves"
        said += f"\n{do} {_is(count, 'it', 'them')} within seconds, also while this question is open."
    return said + f"\nIf you quit now, {_is(count, 'it is', 'they are')} lost. Quit anyway?"


def _is(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
