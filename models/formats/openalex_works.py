"""Turn one OpenAlex object (a work or an author) into records.

A work becomes a paper keyed by its OpenAlex id ("W2741809807"); each
authorship names an author row keyed by the author's OpenAlex id, with the
display name, ORCID and this work's institutions; the mention keeps the
name as the paper printed it (raw_author_name) when OpenAlex has it.
Works of 2022 name their venue in `host_venue`, newer ones in
`primary_location.source`: both are read.
"""

from __future__ import annotations

from typing import Iterator

from models.formats.common import clean, doi_of, orcid_of, unique, year_of, year_problem
from models.formats.shapes import Each
from models.records import AuthorMention, AuthorRowRecord, PaperRecord, Record

SOURCE = "openalex"
SITE = "https://openalex.org/"
# Entities OpenAlex has besides works (W) and authors (A), by id prefix.
OTHER_ENTITIES = {
    "I": "an institution", "S": "a source (venue)", "V": "a venue", "C": "a concept", "P": "a publisher",
    "F": "a funder", "T": "a topic", "K": "a keyword",
}
_ID_SCHEMES = ("mag", "pmid", "pmcid", "arxiv")
_NAMED = {"display_name": str}
_YEAR = (int, float, str)
# What the fields read here must be (see `shapes`); others are not looked at.
WORK_SHAPE = {
    "id": str, "doi": str, "title": str, "display_name": str, "type": str, "publication_year": _YEAR,
    "publication_date": str, "abstract_inverted_index": Each([int]),
    "authorships": [
        {
            "author": {"id": str, "display_name": str, "orcid": str}, "institutions": [_NAMED],
            "raw_affiliation_string": str, "raw_author_name": str,
        }
    ],
    "primary_location": {"source": _NAMED, "landing_page_url": str}, "host_venue": _NAMED,
    "ids": {scheme: (str, int) for scheme in _ID_SCHEMES},
}
AUTHOR_SHAPE = {
    "id": str, "display_name": str, "display_name_alternatives": [str], "orcid": str,
    "last_known_institutions": [_NAMED], "last_known_institution": _NAMED,
}


def short_id(value) -> str | None:
    """"W2741809807" from "https://openalex.org/W2741809807" (or from itself)."""
    text = clean(value)
    if not text:
        return None
    return text.removeprefix(SITE).removeprefix("https://openalex.org/").rsplit("/", 1)[-1]


def work_records(work: dict, where: str, notes: list[str], line: int = 0) -> Iterator[Record]:
    """The author rows a work names, then the work as a paper (`line`: where it is, if known)."""
    key = short_id(work.get("id"))
    mentions = []
    for authorship in work.get("authorships") or []:
        row, mention = _authorship(authorship, where, notes)
        if row is not None:
            yield row
        mentions.append(mention)
    doi = doi_of(work.get("doi"))
    yield PaperRecord(
        source=SOURCE,
        source_key=key,
        title=clean(work.get("title")) or clean(work.get("display_name")) or f"[OpenAlex work {key}]",
        venue=_venue(work),
        pub_type=clean(work.get("type")),
        year=year_of(_year(work)),
        abstract=abstract_of(work.get("abstract_inverted_index")),
        authors=tuple(mentions),
        links=unique([SITE + key, *(("https://doi.org/" + doi,) if doi else ()), _landing_page(work)]),
        ids=(("openalex", key), *((("doi", doi),) if doi else ()), *_other_ids(work.get("ids") or {})),
        line=line,
    )


def work_year_problem(work: dict, key: str | None) -> str | None:
    """What is wrong with the work's year ("2O21", 20211), else None: refused, as a field of the wrong shape is."""
    found = year_problem(_year(work))
    return f"{key}: {found}" if found else None


def _year(work: dict):
    """The year as the work gives it: publication_year, else its publication_date's (0 and null say neither)."""
    return work.get("publication_year") or work.get("publication_date")


def author_row(author: dict, where: str, notes: list[str]) -> AuthorRowRecord:
    """An OpenAlex author object (not an authorship): its row, with its last known institution(s)."""
    key = short_id(author.get("id"))
    institutions = author.get("last_known_institutions") or [author.get("last_known_institution")]
    return AuthorRowRecord(
        source=SOURCE,
        source_key=key,
        name=clean(author.get("display_name")) or key,
        variants=unique(clean(name) for name in author.get("display_name_alternatives") or []),
        urls=(SITE + key,),
        affiliations=unique(clean((i or {}).get("display_name")) for i in institutions),
        orcid=orcid_of(author.get("orcid"), notes, where),
    )


def abstract_of(inverted: dict | None) -> str | None:
    """The abstract OpenAlex ships as word → positions, put back in order.

    Where positions are missing (a truncated index), "…" marks the gap
    rather than running the words on as if they were adjacent.
    """
    if not isinstance(inverted, dict) or not inverted:
        return None
    placed = sorted(
        (position, word) for word, positions in inverted.items() for position in positions or [] if type(position) is int
    )
    words: list[str] = []
    expected = 0
    for position, word in placed:
        if position > expected:
            words.append("…")
        words.append(word)
        expected = position + 1
    return " ".join(words) or None


def _authorship(authorship: dict, where: str, notes: list[str]) -> tuple[AuthorRowRecord | None, AuthorMention]:
    author = authorship.get("author") or {}
    key = short_id(author.get("id"))
    institutions = unique(clean((i or {}).get("display_name")) for i in authorship.get("institutions") or [])
    affiliation = "; ".join(institutions) or clean(authorship.get("raw_affiliation_string"))
    display = clean(author.get("display_name"))
    name = clean(authorship.get("raw_author_name")) or display or "[no name]"
    mention = AuthorMention(name, author_row_key=key, affiliation=affiliation or None)
    if key is None:
        return None, mention
    row = AuthorRowRecord(
        source=SOURCE, source_key=key, name=display or name, urls=(SITE + key,), affiliations=institutions,
        orcid=orcid_of(author.get("orcid"), notes, where),
    )
    return row, mention


def _venue(work: dict) -> str | None:
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    return clean(source.get("display_name")) or clean((work.get("host_venue") or {}).get("display_name"))


def _landing_page(work: dict) -> str | None:
    return clean((work.get("primary_location") or {}).get("landing_page_url"))


def _other_ids(ids: dict) -> list[tuple[str, str]]:
    return [(scheme, str(ids[scheme]).rsplit("/", 1)[-1]) for scheme in _ID_SCHEMES if ids.get(scheme)]
