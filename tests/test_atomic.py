"""Files written whole or not at all, with the permissions a plain write would give them."""

from __future__ import annotations

import os
import stat

import pytest

from models.atomic import atomic_write_text


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the process's umask for one test, and put it back."""
    before = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(before)


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_a_new_file_gets_the_usual_permissions_not_the_temporary_files(tmp_path, umask):
    """An export was readable by its owner alone (0600, from the temporary file), so a web server or a
    colleague's account could not read the profiles exported for it."""
    umask(0o022)
    atomic_write_text(tmp_path / "people.json", "{}")
    assert mode(tmp_path / "people.json") == 0o644
    umask(0o027)
    atomic_write_text(tmp_path / "group.json", "{}")
    assert mode(tmp_path / "group.json") == 0o640


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_a_replaced_file_keeps_its_permissions(tmp_path, umask):
    umask(0o022)
    kept = tmp_path / "private.json"
    kept.write_text("old")
    kept.chmod(0o600)
    atomic_write_text(kept, "new")
    assert (kept.read_text(), mode(kept)) == ("new", 0o600)
    assert [p.name for p in tmp_path.iterdir()] == ["private.json"]  # no temporary file left beside it
