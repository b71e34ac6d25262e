"""Read an Arnetminer person file: one name's papers, each labelled with its true person.

The file (Tang et al., TKDE 2012) is a <person> with the name (<FullName>)
and its <publication>s: title, year, authors as one comma-separated string
(where "Jack W. Smith, Jr." is one author, see `names.split_author_list`),
venue (<jconf>), Arnetminer's paper id, the true person within this name
(<label>) and that person's organization, often the string "null" or a placeholder ("Aff1 Aff2",
"af.affilation"), read as none.

One file gives one cluster, named by <FullName>, holding its papers in file
order, and one reference label per paper (for evaluation only). Paper keys
are Arnetminer's ids, so a paper that two files list is one paper in two
clusters, and a re-import finds the same papers. Files that are not
well-formed are repaired first (see `lenient_xml`); each repair is reported,
as is a year that is no year ("20O4"), left empty.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from functools import partial
from pathlib import Path
from typing import Iterator

from models.errors import SourceError
from models.formats.common import clean, decode_utf8, read_bytes, year_of, year_problem
from models.formats.lenient_xml import repair_text
from models.formats.text import check_no_nul, encoding_of
from models.formats.xmlsafe import parse_tree
from models.names import cluster_key, is_own_name, split_author_list
from models.records import AuthorMention, ClusterRecord, PaperRecord, ParsedSource, Record, ReferenceLabel

SOURCE = "arnetminer"
FORMAT = "Arnetminer person XML"
MISSING = {"", "null", "none"}
# Arnetminer's stand-ins for an organization it did not have: "Aff1 Aff2" (a template's markers), "af.affilation"
# (a field name). Read as none: taken as institutions, they were evidence against every person ("12 of its papers
# give an affiliation, none Aff1 Aff2").
_PLACEHOLDER_ORGANIZATION = re.compile(r"(?:aff\d*\s*)+|af\.affil+i?ation", re.IGNORECASE)
_LOOKS_LIKE = re.compile(r"<person>\s*<personID>|<FullName>")
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
_NOT_CHARSETS = {"idna", "punycode", "utf-7", "undefined"}
_DECLARED_ENCODING_TEXT = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)["'][A-Za-z][A-Za-z0-9._-]*["']""")


def looks_like(head: str) -> bool:
    return head.lstrip().startswith("<") and _LOOKS_LIKE.search(head) is not None


def parse(path: str | Path, fold_diacritics: bool = False) -> ParsedSource:
    """`fold_diacritics`: the import's option; the file's own name is then found spelt without its accents too."""
    path = str(path)
    parsed = ParsedSource(path=path, format=FORMAT)
    text = repair_text(xml_text(read_bytes(path), path), path, parsed.repairs)
    root, lines = parse_tree(text.encode("utf-8"), path)
    if root.tag != "person":
        raise SourceError(path, 1, f"expected a <person> element, found <{root.tag}>")
    parsed.records = _records(root, lines, path, parsed, fold_diacritics)
    return parsed


def xml_text(data: bytes, path: str) -> str:
    """The file as text, in the encoding its byte-order mark or XML declaration names.

    The repaired text goes to the parser as UTF-8, so the declaration is made
    to say so: left saying "ISO-8859-1" or "UTF-16", it would mislead expat.
    """
    declared = _DECLARED_ENCODING.match(data)
    if declared and encoding_of(data) == "utf-8-sig" and not _is_utf8(declared.group(1)):
        text = _decode_declared(data, declared.group(1).decode("ascii"), path)
    else:
        text = decode_utf8(data, path)
    return _DECLARED_ENCODING_TEXT.sub(r'\1"utf-8"', text, count=1)


def _decode_declared(data: bytes, name: str, path: str) -> str:
    try:
        codec = codecs.lookup(name).name
        if "escape" in codec or codec in _NOT_CHARSETS:  # they turn "\\ud800" into text no file holds
            raise LookupError(codec)
        text = data.decode(codec)
    except LookupError:
        raise SourceError(path, 1, f"declares the encoding {name!r}, which is not a character set Namesake knows") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, line, f"not {name} text, though its XML declaration says so") from error
    except UnicodeError as error:
        raise SourceError(path, 1, f"not {name} text, though its XML declaration says so") from error
    check_no_nul(text, path)
    return text


def _is_utf8(name: bytes) -> bool:
    return name.lower().replace(b"_", b"-") in (b"utf-8", b"utf8")


def _records(root: ET.Element, lines: dict, path: str, parsed: ParsedSource, fold: bool) -> Iterator[Record]:
    name = clean(root.findtext("FullName"))
    if not name:
        raise SourceError(path, lines[root], "the <person> has no <FullName>: the cluster has no name")
    labels: list[ReferenceLabel] = []
    keys: list[str] = []
    for publication in root.iter("publication"):
        paper = _paper(publication, lines, name, path, parsed, fold)
        if paper.source_key in keys:
            parsed.skipped.append(f"{path}:{paper.line}: paper id {paper.source_key} listed a second time")
            continue
        keys.append(paper.source_key)
        yield paper
        label = clean(publication.findtext("label"))
        if label is None:
            parsed.warnings.append(f"{path}:{paper.line}: paper {paper.source_key} has no <label>")
        else:
            labels.append(ReferenceLabel(name, SOURCE, paper.source_key, label))
    yield ClusterRecord(name=name, source=SOURCE, paper_keys=tuple(keys))
    yield from labels


def _paper(publication: ET.Element, lines: dict, name: str, path: str, parsed: ParsedSource, fold: bool) -> PaperRecord:
    line = lines[publication]
    key = clean(publication.findtext("id"))
    if key is None:
        raise SourceError(path, line, "a <publication> without an <id>: its paper would have no stable key")
    title = clean(publication.findtext("title")) or f"[Arnetminer paper {key}]"
    authors, own = _authors(publication, name, fold)
    if not own:
        parsed.warnings.append(f"{path}:{line}: {title[:60]!r}: the name {name!r} is not in its author list{_accents_note(name, authors)}")
    return PaperRecord(
        source=SOURCE,
        source_key=key,
        title=title,
        venue=_value(publication, "jconf"),
        pub_type=None,
        year=_year(publication, lines, path, parsed),
        abstract=None,
        authors=authors,
        line=line,
        ids=(("arnetminer", key),),
        affiliations_stated=own,  # the file knows its own person's organization, no one else's
        # The file's person is its cluster's name even where the list adds a generation ("Thomas Wolf, II"):
        # filed under the cluster, not under a name of its own.
        filed_under=tuple(name if index in own else "" for index in range(len(authors))),
    )


def _authors(publication: ET.Element, name: str, fold: bool) -> tuple[tuple[AuthorMention, ...], tuple[int, ...]]:
    """The comma-separated author list, and where the cluster's own name stands in it: the organization is its."""
    organization = _organization(publication)
    names = [clean(part) for part in split_author_list(publication.findtext("authors") or "")]
    key = partial(cluster_key, fold_diacritics=fold)
    own = tuple(index for index, author in enumerate(names) if is_own_name(author, name, key))
    mentions = tuple(AuthorMention(author, affiliation=organization if index in own else None) for index, author in enumerate(names))
    return mentions, own


def _year(publication: ET.Element, lines: dict, path: str, parsed: ParsedSource) -> int | None:
    """The paper's year; one that is no year is left empty and said so, as the reader's other repairs are."""
    element = publication.find("year")
    text = element.text if element is not None else None
    problem = year_problem(text)
    if problem:
        parsed.repairs.append(f"{path}:{lines[element]}: {problem}: left empty")
    return year_of(text)


def _accents_note(name: str, authors: tuple[AuthorMention, ...]) -> str:
    """Where the list spells the name with other accents only ("Jurgen Muller"): it is there, for a
    reviewer who folds diacritics; without this, the warning read as if the name were missing."""
    folded = partial(cluster_key, fold_diacritics=True)
    spelt = next((a.name for a in authors if is_own_name(a.name, name, folded)), None)
    return f"; it spells it {spelt!r}, one name only with --fold-diacritics" if spelt else ""


def _organization(publication: ET.Element) -> str | None:
    """The file's person's organization; None where it is missing or one of Arnetminer's placeholders."""
    organization = _value(publication, "organization")
    return None if organization is None or _PLACEHOLDER_ORGANIZATION.fullmatch(organization) else organization


def _value(element: ET.Element, tag: str) -> str | None:
    """The child's text; None where it is missing or the string "null"."""
    text = clean(element.findtext(tag))
    return None if text is None or text.lower() in MISSING else text
