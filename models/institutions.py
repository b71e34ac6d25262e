"""Whether two affiliations name the same institution, as a curator reads them.

"Sch. of Telecommun. Eng., Beijing Univ. of Posts & Telecommun., Beijing, China" and "Beijing University
of Posts and Telecommunications" are one university; "Michigan State University, East Lansing, MI" and
"Michigan State University" too. An affiliation is cut at its commas into parts; its institution is the part
naming a university, institute, company… (else its first part that does not begin "Dept. of", "Sch. of"…), and two affiliations
are one institution when the institution of either is found whole, word after word, in a part of the other:
a word written short ("Univ.", "Telecommun.", "Inst.") stands for any word it begins, the same words in another
order are the same name ("Tulsa Univ.", "University of Tulsa"), and an acronym ("MIT") stands for a part whose
words begin with its letters. A department, a city or a country is never an institution
of its own. Used only to hold back evidence against a person (`models.evidence`): where this errs, it errs
towards saying nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PARTS = re.compile(r"[,;()\n]+")
_WORD = re.compile(r"[^\W_]+")
# Joining words, skipped on both sides: "Posts & Telecommun." is "Posts and Telecommunications".
_JOINING = frozenset("of the and for at in on de du des la le les di del della der und fur für".split())
_DEPARTMENT = frozenset("department dept dep depts school sch faculty fac division div dipartimento departamento "
                        "departement lab laboratory".split())
_INSTITUTION_WORDS = frozenset("inst coll inc ltd gmbh labs research center centre ctr foundation".split())
_INSTITUTION_STARTS = ("univ", "institu", "college", "acad", "polytech", "politec", "ecole", "école", "hochschule",
                       "corp", "laborator", "hospital")
SHORTEST_ABBREVIATION = 3  # "St." is Saint or State; "Eng." is Engineering


Words = tuple[str, ...]


@lru_cache(maxsize=20_000)
def parts_of(affiliation: str) -> tuple[Words, ...]:
    """The affiliation's parts between commas, each as its words (casefolded, joining words left out)."""
    parts = (tuple(word for word in _WORD.findall(part.casefold().replace("&", " and ")) if word not in _JOINING)
             for part in _PARTS.split(affiliation))
    return tuple(part for part in parts if part)


def institution_of(parts: tuple[Words, ...]) -> tuple[Words, ...]:
    """The parts that name the institution: those naming a university, institute, company… that are no department
    (then any that name one: "State Key Laboratory of …"), else the first part that is no department."""
    naming = [part for part in parts if any(_names_institution(word) for word in part)]
    return (tuple(part for part in naming if not _is_department(part)) or tuple(naming)
            or next(((part,) for part in parts if not _is_department(part)), parts[:1]))


def same_institution(left: str, right: str) -> bool:
    """Whether the two affiliations (as written, any case) name one institution."""
    left_parts, right_parts = parts_of(left.casefold()), parts_of(right.casefold())
    if not left_parts or not right_parts:
        return False
    return (_found_in(institution_of(left_parts), _may_name(right_parts))
            or _found_in(institution_of(right_parts), _may_name(left_parts)))


def _may_name(parts: tuple[Words, ...]) -> tuple[Words, ...]:
    """The parts an institution may be found in: its own institution and any part naming no department (a city, a
    company): "Computer Science Department" was found in "Computer Science Department, University of California"."""
    return institution_of(parts) + tuple(part for part in parts if not any(word in _DEPARTMENT for word in part))


def _keys(part: Words) -> set[str]:
    """A part's words' first letters (a word and any word written short for it share them; a shorter word is kept
    whole) and, for a part of one word, that word whole (the acronym it may be)."""
    return {word[:SHORTEST_ABBREVIATION] for word in part} | ({part[0]} if len(part) == 1 else set())


def _all_keys(parts: tuple[Words, ...]) -> set[str]:
    return set().union(*map(_keys, parts)) | {_initials(part) for part in parts if len(part) >= 2}


class Institutions:
    """The affiliations of a cluster filed by their words: for one of them, the others naming its institution, worked
    out once and only among those filed under its words (a cluster's thousands compared two by two would be millions)."""

    def __init__(self, affiliations):
        self._by_any: dict[str, set[str]] = {}  # key → the affiliations with such a word (or a part of such initials)
        self._by_institution: dict[str, set[str]] = {}  # key → those whose institution has it as its rarest key
        filed = {affiliation: parts_of(affiliation) for affiliation in set(affiliations)}
        for affiliation, parts in filed.items():
            for key in _all_keys(parts):
                self._by_any.setdefault(key, set()).add(affiliation)
        for affiliation, parts in filed.items():
            # Under the rarest key of each name of its institution: an affiliation holding that name has that key,
            # and filed under every key, each asking met nearly every affiliation through "uni" (University).
            for name in institution_of(parts) if parts else ():
                key = min({word[:SHORTEST_ABBREVIATION] for word in name}, key=lambda key: (len(self._by_any[key]), key))
                self._by_institution.setdefault(key, set()).add(affiliation)
        self._same: dict[str, frozenset[str]] = {}

    def same_as(self, affiliation: str) -> frozenset[str]:
        """The filed affiliations naming the institution `affiliation` names (itself too, if filed); casefolded."""
        same = self._same.get(affiliation)
        if same is None:
            same = frozenset(other for other in self._candidates(affiliation)
                             if other == affiliation or same_institution(affiliation, other))
            self._same[affiliation] = same
        return same

    def _candidates(self, affiliation: str) -> set[str]:
        """Those that may hold its institution (each of its words) or whose institution it may hold (a word of it)."""
        parts = parts_of(affiliation)
        if not parts:
            return set()
        names = institution_of(parts)
        holding = [set.intersection(*(self._by_any.get(word[:SHORTEST_ABBREVIATION], set()) for word in name)) for name in names]
        acronyms = (self._by_any.get(name[0], set()) for name in names if len(name) == 1)
        held = (self._by_institution.get(key, set()) for key in _all_keys(parts))
        return set().union(*holding, *acronyms, *held)


def _names_institution(word: str) -> bool:
    return word in _INSTITUTION_WORDS or word.startswith(_INSTITUTION_STARTS)


def _is_department(part: Words) -> bool:
    """"Dept. of …", "Sch. of …": not "IBM China Res. Lab." (its first part, before the city, names the company)."""
    return part[0] in _DEPARTMENT


def _found_in(institution: tuple[Words, ...], parts: tuple[Words, ...]) -> bool:
    return any(_names_something(name) and any(_run_in(name, part) or _reordered(name, part) or _acronym_of(name, part)
                                              for part in parts)
               for name in institution)


def _names_something(name: Words) -> bool:
    """Not a part of institution words alone: "University" is no university in particular."""
    return any(not _names_institution(word) for word in name)


def _run_in(name: Words, part: Words) -> bool:
    """Whether the name's words come one after the other in the part, each the same word or written short for it;
    a name of one word only as it is written ("Intel" is not "Artificial Intelligence Group")."""
    if len(name) == 1:
        return name[0] in part
    return any(all(map(_same_word, name, part[start:start + len(name)])) for start in range(len(part) - len(name) + 1))


def _reordered(name: Words, part: Words) -> bool:
    """Whether the part is the name's words in another order ("Tulsa Univ." and "University of Tulsa"); only the
    same words, not more: "University of Michigan" is not "Michigan State University"."""
    if len(name) != len(part):
        return False
    left = list(part)
    for word in name:
        match = next((other for other in left if _same_word(word, other)), None)
        if match is None:
            return False
        left.remove(match)
    return True


def _same_word(left: str, right: str) -> bool:
    if left == right:
        return True
    short, long = (left, right) if len(left) < len(right) else (right, left)
    return len(short) >= SHORTEST_ABBREVIATION and long.startswith(short)


def _acronym_of(name: Words, part: Words) -> bool:
    """"MIT" for "Massachusetts Institute of Technology" (joining words left out of both)."""
    return len(name) == 1 and len(part) >= 2 and 2 <= len(name[0]) <= 8 and name[0] == _initials(part)


def _initials(part: Words) -> str:
    return "".join(word[0] for word in part)
