"""Read ORCID API 3.0 XML: a record, a person, activities, a works list, or one work.

The person becomes an author row keyed by the ORCID iD (the `path` the API
writes, "/0000-0002-1825-0097"), with the credit name, other names,
researcher URLs and, where the file has them, employers as affiliations.
Works become papers keyed by their API path ("0000-.../work/3356"); a
work's contributors are its author list, and where the file lists none (a
works summary) the record's owner is. Fundings, peer reviews, educations and
the rest are not papers: they are counted in `skipped`. ORCID gives no
clusters: they come from the author names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Iterator

from models.counting import counted
from models.formats.common import clean, doi_of, orcid_of, read_bytes, unique, year_of, year_problem
from models.formats.xmlsafe import local_name, parse_tree
from models.records import AuthorMention, AuthorRowRecord, PaperRecord, ParsedSource, Record

SOURCE = "orcid"
FORMAT = "ORCID XML"
NS = {
    "common": "http://www.orcid.org/ns/common",
    "work": "http://www.orcid.org/ns/work",
    "person": "http://www.orcid.org/ns/person",
    "details": "http://www.orcid.org/ns/personal-details",
    "other": "http://www.orcid.org/ns/other-name",
    "url": "http://www.orcid.org/ns/researcher-url",
}
WORK_TAGS = {"work", "work-summary"}
# Activities that are not papers, by the element of one item.
OTHER_ACTIVITIES = {
    "funding-summary": "funding", "peer-review-summary": "peer review", "education-summary": "education",
    "employment-summary": "employment", "distinction-summary": "distinction",
    "membership-summary": "membership", "service-summary": "service", "qualification-summary": "qualification",
    "invited-position-summary": "invited position", "research-resource-summary": "research resource",
}
KEPT_OF = {"employment": " (read as affiliations)"}  # what is kept of an activity all the same
_OWNER = re.compile(r"^/?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])(?:/|$)")
_LOOKS_LIKE = re.compile(r'xmlns(?::\w+)?="http://www\.orcid\.org/ns/')


def looks_like(head: str) -> bool:
    return head.lstrip().startswith("<") and _LOOKS_LIKE.search(head) is not None


def parse(path: str | Path) -> ParsedSource:
    path = str(path)
    parsed = ParsedSource(path=path, format=FORMAT, clusters_from_names=True)
    root, lines = parse_tree(read_bytes(path), path)
    parsed.records = _records(root, lines, path, parsed)
    return parsed


def _records(root: ET.Element, lines: dict, path: str, parsed: ParsedSource) -> Iterator[Record]:
    owner = _owner(root)
    person = root if local_name(root.tag) == "person" else root.find("person:person", NS)
    row = _person_row(person, owner, root, path, parsed) if person is not None else None
    if row is not None:
        yield row
    owner_name = row.name if row is not None else _owner_name_from_sources(root, owner)
    for element in root.iter():
        if local_name(element.tag) in WORK_TAGS:
            yield _work(element, lines[element], owner, owner_name, path, parsed)
    _count_other_activities(root, path, parsed)


def _owner(root: ET.Element) -> str | None:
    """The record's ORCID iD, from the first `path` attribute that starts with one."""
    for element in root.iter():
        match = _OWNER.match(element.get("path") or "")
        if match:
            return match.group(1)
    return None


def _person_row(person: ET.Element, owner: str | None, root: ET.Element, path: str, parsed: ParsedSource) -> AuthorRowRecord | None:
    given = clean(person.findtext("person:name/details:given-names", namespaces=NS))
    family = clean(person.findtext("person:name/details:family-name", namespaces=NS))
    credit = clean(person.findtext("person:name/details:credit-name", namespaces=NS))
    full = clean(f"{given or ''} {family or ''}")
    name = credit or full
    if owner is None or name is None:
        why = "no ORCID iD (no path attribute)" if owner is None else "no name"
        parsed.skipped.append(f"{path}: the ORCID person has {why}: no author row can be keyed by it")
        return None
    others = [clean(e.text) for e in person.iterfind(".//other:other-name/other:content", NS)]
    return AuthorRowRecord(
        source=SOURCE,
        source_key=owner,
        name=name,
        variants=unique([full if full != name else None, *others]),
        urls=unique(clean(e.text) for e in person.iterfind(".//url:researcher-url/url:url", NS)),
        affiliations=_employers(root),
        orcid=orcid_of(owner, parsed.warnings, path),
    )


def _employers(root: ET.Element) -> tuple[str, ...]:
    return unique(
        clean(summary.findtext("common:organization/common:name", namespaces=NS))
        for summary in root.iter()
        if local_name(summary.tag) == "employment-summary"
    )


def _owner_name_from_sources(root: ET.Element, owner: str | None) -> str | None:
    """A works list names no person, but the owner's own entries carry their name as the source."""
    for source in root.iter(f"{{{NS['common']}}}source"):
        if owner and source.findtext("common:source-orcid/common:path", namespaces=NS) == owner:
            name = clean(source.findtext("common:source-name", namespaces=NS))
            if name:
                return name
    return None


def _work(work: ET.Element, line: int, owner: str | None, owner_name: str | None, path: str, parsed: ParsedSource) -> PaperRecord:
    put_code = work.get("put-code") or str(line)
    key = (work.get("path") or "").strip("/") or (f"{owner}/work/{put_code}" if owner else f"work/{put_code}")
    ids = _external_ids(work)
    doi = next((doi_of(value) or value for scheme, value in ids if scheme == "doi"), None)
    authors = _contributors(work) or _owner_mention(owner, owner_name)
    if not authors:
        whose = f"the name of its owner {owner}" if owner else "its owner"
        parsed.warnings.append(f"{path}:{line}: work {key} lists no contributor and the file does not give {whose}: no authors")
    links = [_text(work, "common:url"), *(clean(e.text) for e in work.iterfind(".//common:external-id-url", NS))]
    return PaperRecord(
        source=SOURCE,
        source_key=key,
        title=_text(work, "work:title/common:title") or f"[ORCID work {key}]",
        venue=_text(work, "work:journal-title"),
        pub_type=_text(work, "work:type"),
        year=_year(work, f"{path}:{line}: work {key}", parsed),
        abstract=_text(work, "work:short-description"),
        authors=authors,
        links=unique(links),
        line=line,
        ids=(("orcid-work", key), *((("doi", doi),) if doi else ()), *((s, v) for s, v in ids if s != "doi")),
    )


def _year(work: ET.Element, where: str, parsed: ParsedSource) -> int | None:
    """The work's year; one that is no year is left empty and said so, as a work without authors is."""
    text = _text(work, "common:publication-date/common:year")
    problem = year_problem(text)
    if problem:
        parsed.warnings.append(f"{where}: {problem}: left empty")
    return year_of(text)


def _external_ids(work: ET.Element) -> list[tuple[str, str]]:
    """(scheme, value) of the work's external ids: doi, arxiv, ..."""
    pairs = []
    for element in work.iterfind("common:external-ids/common:external-id", NS):
        scheme, value = _text(element, "common:external-id-type"), _text(element, "common:external-id-value")
        if scheme and value:
            pairs.append((scheme.lower(), value))
    return pairs


def _text(element: ET.Element, path: str) -> str | None:
    return clean(element.findtext(path, namespaces=NS))


def _contributors(work: ET.Element) -> tuple[AuthorMention, ...]:
    mentions = []
    for contributor in work.iterfind("work:contributors/work:contributor", NS):
        name = clean(contributor.findtext("work:credit-name", namespaces=NS))
        if not name:
            continue
        orcid = clean(contributor.findtext("common:contributor-orcid/common:path", namespaces=NS))
        role = clean(contributor.findtext("work:contributor-attributes/work:contributor-role", namespaces=NS))
        mentions.append(AuthorMention(name, author_row_key=orcid, role="editor" if role == "editor" else "author"))
    return tuple(mentions)


def _owner_mention(owner: str | None, owner_name: str | None) -> tuple[AuthorMention, ...]:
    return (AuthorMention(owner_name, author_row_key=owner),) if owner and owner_name else ()


def _count_other_activities(root: ET.Element, path: str, parsed: ParsedSource) -> None:
    counts = Counter(OTHER_ACTIVITIES[name] for e in root.iter() if (name := local_name(e.tag)) in OTHER_ACTIVITIES)
    if counts:
        listed = ", ".join(counted(count, what) + KEPT_OF.get(what, "") for what, count in sorted(counts.items()))
        parsed.skipped.append(f"{path}: {listed}: not works, so not papers")
