"""What an importer reads from a source file, before anything is stored.

Every importer turns its file into one `ParsedSource`; one writer
(`models.importing`) stores any of them. The records are plain frozen
dataclasses so that parsing can run in any thread and be tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AuthorMention:
    """One name in a paper's author list, as the source prints it."""

    name: str
    author_row_key: str | None = None  # the source's author record, if it says


@dataclass(frozen=True)
class PaperRecord:
    source: str
    source_key: str
    title: str
    venue: str | None
    pub_type: str | None
    year: int | None
    abstract: str | None
    authors: tuple[AuthorMention, ...]
    links: tuple[str, ...] = ()
    raw_text: str = ""
    line: int = 0  # where the record starts in its file, for messages
    authors_truncated_at: int | None = None  # the source shows at most this many


@dataclass(frozen=True)
class AuthorRowRecord:
    source: str
    source_key: str
    name: str


@dataclass(frozen=True)
class ClusterRecord:
    """A name cluster as a source defines it: exactly these papers."""

    name: str
    source: str
    paper_keys: tuple[str, ...]  # in source order
    declared_papers: int | None = None
    declared_author_rows: int | None = None
    declaration_note: str | None = None


@dataclass
class ParsedSource:
    path: str
    format: str
    papers: list[PaperRecord] = field(default_factory=list)
    author_rows: list[AuthorRowRecord] = field(default_factory=list)
    clusters: list[ClusterRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
