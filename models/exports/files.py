"""Write rendered exports: one file, or a folder of files, each written atomically."""

from __future__ import annotations

from pathlib import Path

from models.atomic import atomic_write_text


def write_export(files: dict[str, str], target: Path) -> list[Path]:
    """`{"": text}` goes to `target`; named files go into the folder `target`."""
    if list(files) == [""]:
        atomic_write_text(target, files[""])
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        atomic_write_text(target / name, text)
        written.append(target / name)
    return written
