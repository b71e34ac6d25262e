"""What an importer reads from a source file, before anything is stored.

Every reader turns its file into one `ParsedSource` whose `records` it
yields one by one, so a 4 GB dblp dump streams through in flat memory; one
writer (`models.importing`) stores any of them in batches, in one
transaction. Records are plain frozen dataclasses, so parsing can run in
any thread and be tested alone.

Order within `records`: an author row or paper before anything that
refers to it by key (a cluster, a reference label). Papers refer to author
rows through `AuthorMention.author_row_key`; a key with no `AuthorRowRecord`
gets a row named after the mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Union


@dataclass(frozen=True, init=False)
class AuthorMention:
    """One name in a paper's author (or editor) list, as the source prints it."""

    name: str
    author_row_key: str | None = None  # the source's author record, if it says
    role: str = "author"  # "editor": named on the paper, but not one of its authors
    affiliation: str | None = None
    orcid: str | None = None  # when the source ties this mention to an ORCID iD

    def __init__(
        self, name: str, author_row_key: str | None = None, role: str = "author", affiliation: str | None = None,
        orcid: str | None = None,
    ):
        # The fields go straight into the instance's dict, which is all a frozen dataclass's own
        # __init__ does, one object.__setattr__ call at a time: 1.7 µs a mention against 0.8, and a
        # million papers carry 7.5 million mentions. (tests/test_records.py keeps this in step with the fields.)
        fields = self.__dict__
        fields["name"] = name
        fields["author_row_key"] = author_row_key
        fields["role"] = role
        fields["affiliation"] = affiliation
        fields["orcid"] = orcid


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
    ids: tuple[tuple[str, str], ...] = ()  # other identifiers: ("doi", "10.1/x"), ("openalex", "W1")
    partial: bool = False  # a thin copy (an export): never overwrite what the store knows with less
    # Where each of `authors` stands in the paper's whole author list (0-based), when the source
    # names only some of them (S2AND without papers.json: the paper's signatures); empty: all of them.
    author_places: tuple[int, ...] = ()
    # Per author (as `authors`; "" for none), the name cluster the source files it under, which its
    # name may not spell (S2AND's blocks: "Abdul Sattar" in "a sattary"): found there by that key.
    filed_under: tuple[str, ...] = ()
    # Which of `authors` (their indexes) this record gives the affiliation of, where it speaks for some
    # only (an Arnetminer file: its own person's); None: all. On an update, the others keep what the
    # store holds for them (another file's record may have given it).
    affiliations_stated: tuple[int, ...] | None = None


@dataclass(frozen=True)
class AuthorRowRecord:
    """A source's own author record: a dblp person, an OpenAlex author."""

    source: str
    source_key: str
    name: str
    variants: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    orcid: str | None = None


@dataclass(frozen=True)
class ClusterRecord:
    """A name cluster as a source defines it: exactly these papers."""

    name: str
    source: str
    paper_keys: tuple[str, ...]  # in source order; papers of this source
    declared_papers: int | None = None
    declared_author_rows: int | None = None
    declaration_note: str | None = None
    # Which list this is: a newer list with the same scope replaces it (papers it drops are
    # marked unlisted); lists of other scopes (another data set, another fold) are left alone.
    scope: str | None = None  # default: the source
    # A thin copy (a Namesake export, in decision order): a cluster the store holds keeps its papers'
    # order and their unlisted marks, which only the source's own lists set; papers it lacks are added
    # at its end.
    adds_only: bool = False


@dataclass(frozen=True)
class ReferenceLabel:
    """The true person of one paper of a cluster, from a labelled data set.

    Kept for evaluating suggestions; never shown or stored as a decision.
    """

    cluster_name: str
    source: str
    paper_key: str
    person: str  # the data set's own id of the person, unique within the cluster
    labelling: str | None = None  # whose truth this is, stored as the label's source; default: the source


# The labelling of a Namesake export's people: a curator's answers, not a data set's truth.
CURATORS_LABELLING = "namesake export"


Record = Union[PaperRecord, AuthorRowRecord, ClusterRecord, ReferenceLabel]


@dataclass
class ParsedSource:
    path: str
    format: str
    records: Iterable[Record] = ()
    # Filled in while `records` is read: a generator reports as it goes.
    warnings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # what a lenient reader fixed, with file and line
    skipped: list[str] = field(default_factory=list)  # records left out, and why
    clusters_from_names: bool = False  # no clusters in the file: derive them from author names
    # How far the reader is through its input, 0 to 1, when it can tell (for a progress bar).
    fraction_read: Callable[[], float] | None = None
    # What the reviewer is shown and the import log keeps, if not `path`: a file unpacked from an
    # archive is read from a temporary folder, and shown as "data.zip/names/Lei Wang.xml".
    shown_path: str | None = None

    @property
    def shown(self) -> str:
        return self.shown_path or self.path
