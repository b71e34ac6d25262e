"""Turn one dblp record, as read from the XML, into a paper or an author row.

A record is a child of <dblp>: `article`, `inproceedings`, ... are papers;
a `www` record whose key starts with "homepages/" (and a `person` record)
describes a person: its first <author> is the dblp name, the others are
aliases, <url> their pages, <note type="affiliation"> where they work. A
homepage marked as a disambiguation page stands for several people and is
skipped. Names keep dblp's homonym suffix ("Michael Schwarz 0001"): that
full name is the author row's key, so each dblp person is its own row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.formats.common import DBLP_UNKNOWN_YEAR, Notes, clean, doi_of, orcid_of, unique, year_of, year_problem
from models.records import AuthorMention, AuthorRowRecord, PaperRecord

SOURCE = "dblp"
DBLP_SITE = "https://dblp.org/"
# Where a paper appeared, in the order dblp fills these in.
VENUE_FIELDS = ("journal", "booktitle", "school", "series", "publisher")
ROLES = {"author": "author", "editor": "editor"}


@dataclass
class RawRecord:
    """A dblp record as the parser met it: element name, attributes, fields in order."""

    tag: str
    attributes: dict[str, str]
    line: int
    fields: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    year_line: int | None = None  # where its first <year> starts

    def texts(self, name: str) -> list[str]:
        return [text for tag, _, text in self.fields if tag == name and text]

    def first(self, *names: str) -> str | None:
        for name in names:
            texts = self.texts(name)
            if texts:
                return texts[0]
        return None


def is_person(record: RawRecord) -> bool:
    key = record.attributes.get("key", "")
    return record.tag == "person" or (record.tag == "www" and key.startswith("homepages/"))


def paper_from(record: RawRecord, key: str, path: str, notes: Notes) -> PaperRecord:
    title = record.first("title")
    if title is None:
        notes.add("record without a title", f"{path}:{record.line}: dblp record {key} has no title")
        title = f"[dblp record {key}]"
    ee = record.texts("ee")
    return PaperRecord(
        source=SOURCE,
        source_key=key,
        title=title,
        venue=record.first(*VENUE_FIELDS),
        pub_type=record.tag,
        year=_year(record, key, path, notes),
        abstract=None,
        authors=_mentions(record),
        links=unique([*ee, *(_absolute(url) for url in record.texts("url"))]),
        line=record.line,
        ids=(("dblp", key), *(("doi", doi) for doi in unique(doi_of(url) for url in ee))),
    )


def person_from(record: RawRecord, key: str, path: str, notes: list[str]) -> AuthorRowRecord | str:
    """The person's author row, or the reason the record is skipped."""
    names = record.texts("author")
    if not names:
        return f"{path}:{record.line}: dblp person record {key} names no one"
    if any(attrs.get("type") == "disambiguation" for tag, attrs, _ in record.fields if tag == "note"):
        return f"{path}:{record.line}: {key} ({names[0]}) is a disambiguation page for several people, not one person"
    urls = [_absolute(url) for url in record.texts("url")]
    orcid_text = next((attrs["orcid"] for tag, attrs, _ in record.fields if tag == "author" and attrs.get("orcid")), None)
    orcid_text = orcid_text or next((url for url in urls if "orcid.org/" in url), None)
    return AuthorRowRecord(
        source=SOURCE,
        source_key=names[0],
        name=names[0],
        variants=unique(names[1:]),
        urls=unique(urls),
        affiliations=unique(text for tag, attrs, text in record.fields if tag == "note" and attrs.get("type") == "affiliation"),
        orcid=orcid_of(orcid_text, notes, f"{path}:{record.line}"),
    )


def _mentions(record: RawRecord) -> tuple[AuthorMention, ...]:
    return tuple(
        AuthorMention(name=text, author_row_key=text, role=ROLES[tag])
        for tag, _, text in record.fields
        if tag in ROLES and text
    )


def _year(record: RawRecord, key: str, path: str, notes: Notes) -> int | None:
    text = record.first("year")
    problem = year_problem(text, DBLP_UNKNOWN_YEAR)
    if problem:
        notes.add("unreadable year", f"{path}:{record.year_line or record.line}: dblp record {key}: {problem}")
    return year_of(text)


def _absolute(url: str) -> str:
    """dblp's own links are relative ("db/conf/x.html"): make them addresses a browser opens."""
    return url if "://" in url else DBLP_SITE + url.lstrip("/")


def clean_text(parts: list[str]) -> str:
    return clean("".join(parts)) or ""
