"""The store: every operation a reviewer can do, one method each, one commit each.

The GUI and the command line both work through a `Store`. Each method that
changes data runs in its own write transaction and returns only after the
commit, so whatever a caller shows as saved is on disk.
"""

from __future__ import annotations

import getpass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence

from models import export, queries, review
from models.db import open_engine, reading, writing
from models.errors import NotFoundError
from models.importing import FileReport, write_source
from models.names import cluster_key
from models.queries import ClusterContents, ClusterSummary, PersonSummary, Status
from models.records import ParsedSource
from models.review import Change
from models.schema import Verdict, utc_now
from models.sources import read_source

# Called with (files done, files in all, what is happening now).
Progress = Callable[[int, int, str], None]


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "reviewer"


def bundled_example() -> Path:
    """The Shengen Yan page shipped in `resources/`, shown on a first run."""
    return Path(str(resources.files("resources") / "examples" / "shengen-yan.txt"))


class Store:
    def __init__(self, path: str | Path, reviewer: str | None = None, clock: Callable[[], datetime] = utc_now):
        self.path = Path(path)
        self.reviewer = reviewer or default_reviewer()
        self._clock = clock
        self._engine = open_engine(self.path)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Import -------------------------------------------------------------

    def import_files(self, paths: Sequence[str | Path], progress: Progress | None = None) -> list[FileReport]:
        """Read every file, then store them all in one transaction: all or nothing."""
        parsed = []
        for done, path in enumerate(paths):
            if progress:
                progress(done, len(paths), f"reading {path}")
            parsed.append(read_source(path))
        return self.import_parsed(parsed)

    def import_parsed(self, sources: Iterable[ParsedSource]) -> list[FileReport]:
        at = self._clock()
        with writing(self._engine) as conn:
            return [write_source(conn, source, self.reviewer, at) for source in sources]

    def import_bundled_example(self) -> list[FileReport]:
        return self.import_files([bundled_example()])

    # Reading ------------------------------------------------------------

    def clusters(self) -> list[ClusterSummary]:
        with reading(self._engine) as conn:
            return queries.list_clusters(conn)

    def is_empty(self) -> bool:
        return not self.clusters()

    def cluster(self, cluster_id: int) -> ClusterSummary:
        with reading(self._engine) as conn:
            return queries.cluster_summary(conn, cluster_id)

    def find_cluster(self, name: str) -> ClusterSummary:
        """The cluster of a name, however it is cased or spaced."""
        with reading(self._engine) as conn:
            return queries.find_cluster(conn, cluster_key(name))

    def first_open_cluster(self) -> ClusterSummary | None:
        """The first cluster not done, else the first cluster, else None."""
        clusters = self.clusters()
        open_ones = [c for c in clusters if c.status is not Status.DONE]
        return (open_ones or clusters or [None])[0]

    def load_cluster(self, cluster_id: int) -> ClusterContents:
        with reading(self._engine) as conn:
            return queries.load_cluster(conn, cluster_id)

    def people(self, cluster_id: int) -> list[PersonSummary]:
        with reading(self._engine) as conn:
            return queries.list_people(conn, cluster_id)

    # Deciding -----------------------------------------------------------

    def decide(self, cluster_id: int, paper_ids: Iterable[int], verdict: Verdict | None, person_id: int | None = None) -> Change:
        """Decide every paper given (None clears); committed when this returns."""
        with writing(self._engine) as conn:
            return review.decide(conn, cluster_id, paper_ids, verdict, self.reviewer, self._clock(), person_id)

    def undo(self, cluster_id: int) -> Change | None:
        with writing(self._engine) as conn:
            return review.undo(conn, cluster_id, self.reviewer, self._clock())

    def redo(self, cluster_id: int) -> Change | None:
        with writing(self._engine) as conn:
            return review.redo(conn, cluster_id, self.reviewer, self._clock())

    def can_undo(self, cluster_id: int) -> bool:
        with reading(self._engine) as conn:
            return review.can_undo(conn, cluster_id)

    def can_redo(self, cluster_id: int) -> bool:
        with reading(self._engine) as conn:
            return review.can_redo(conn, cluster_id)

    # Export -------------------------------------------------------------

    def export_cluster(self, cluster_id: int) -> dict:
        exported_at = self._clock().isoformat(timespec="seconds")
        with reading(self._engine) as conn:
            return export.export_cluster(conn, cluster_id, exported_at)


__all__ = ["Store", "NotFoundError", "Verdict", "Change", "bundled_example", "default_reviewer"]
