"""Turning titles, venues, affiliations and names into comparable terms."""

from __future__ import annotations

import functools
import re
import unicodedata

from models.evaluation import coauthor_key

_WORD = re.compile(r"[a-z][a-z0-9]*")
_NUMBERISH = re.compile(r"^(\d+|[ivxlc]+|\d+(st|nd|rd|th))$")

# Common English words plus words that say nothing about a research topic.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now
of off on once only or other our out over own same she should so some such than that the their them
then there these they this those through to too under until up very was we were what when where which
while who whom why will with within without would you your via using use used based towards toward new
novel approach approaches method methods study studies case paper results result problem problems
effect effects analysis some two one three first second part de la le les des du et der und für von
""".split())

# Venue words that name a kind of meeting or publication, not which one.
VENUE_STOP_WORDS = STOP_WORDS | frozenset("""
proceedings proceeding proc conference conf international intl int symposium symp workshop workshops
journal j transactions trans letters lett annual meeting society ieee acm springer lecture notes
computer science series volume vol edition ed eds national world congress session sessions
""".split())

# Affiliation words shared by most institutions.
AFFILIATION_STOP_WORDS = STOP_WORDS | frozenset("""
university univ department dept school sch college faculty institute inst laboratory lab labs center
centre research science sciences engineering eng technology tech national state key division
""".split())


def fold(text: str) -> str:
    """Lower case without accents."""
    if text.isascii():  # no accents to take off (ASCII is the same in every normal form): most text, ~70x faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@functools.lru_cache(maxsize=1 << 16)  # a cluster's papers use a few thousand words, over and over
def stem(word: str) -> str:
    """A crude, stable stem: common English endings cut, at most 7 letters kept.

    Consistency matters more than linguistics here: the same word always gets
    the same stem, and already-stemmed text (the LBD sets) barely changes.
    """
    for ending in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:7]


def words(text: str | None, stop_words: frozenset = STOP_WORDS) -> list[str]:
    """The content words of a text, folded, without stop words or numbers."""
    if not text:
        return []
    return [w for w in _WORD.findall(fold(text)) if _is_content(w, stop_words)]


def _is_content(word: str, stop_words: frozenset) -> bool:
    return word not in stop_words and len(word) > 1 and not _NUMBERISH.match(word)


def terms(text: str | None) -> list[str]:
    """Stemmed content words, for topic similarity."""
    if not text:
        return []
    term_of = _TERMS
    if len(term_of) > _TERMS_KEPT:
        term_of.clear()
    found = []
    for word in _WORD.findall(fold(text)):
        term = term_of.get(word)
        if term is None:
            term = term_of[word] = stem(word) if _is_content(word, STOP_WORDS) else ""
        if term:
            found.append(term)
    return found


# Each word's term ("" for a word `words` leaves out), as `terms` found it: an abstract's words are
# mostly words seen before, and one look-up takes a fifth of the checks and the stem's cached call.
_TERMS: dict[str, str] = {}
_TERMS_KEPT = 1 << 17


def venue_key(venue: str | None) -> str | None:
    """The venue series: folded, without numbers, years and ordinals ("ICDM 2008" -> "icdm")."""
    if not venue:
        return None
    tokens = [w for w in _WORD.findall(fold(venue)) if not _NUMBERISH.match(w)]
    return " ".join(tokens) or None


_YEARISH = re.compile(r"^[(\[]?'?\d+(st|nd|rd|th)?[)\],.:]?$", re.IGNORECASE)


def series_name(venue: str) -> str:
    """A venue as its series, for a reason: without its year or number ("VLDB 2001" -> "VLDB"; "ICML (2)" -> "ICML")."""
    return " ".join(word for word in venue.split() if not _YEARISH.match(word)) or venue


def venue_terms(venue: str | None) -> list[str]:
    """The telling words of a venue name ("IEEE Trans. on Information Theory" -> inform, theori)."""
    return [stem(w) for w in words(venue, VENUE_STOP_WORDS)]


def affiliation_terms(affiliation: str | None) -> list[str]:
    return [stem(w) for w in words(affiliation, AFFILIATION_STOP_WORDS)]


# A coauthor recurs on many of a cluster's papers, and each analysis keys every coauthor of every paper
# several times (its features, its evidence, its reasons): 612,000 keys of 42,000 names at 10,000 papers.
@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A coauthor compared loosely (see `models.evaluation.coauthor_key`)."""
    return coauthor_key(name.replace("-", " "))


# A hyphen between two parts of two or more letters each ("Chun-Tian").
_JOINING_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})-(?=[^\W\d_]{2})")


@functools.lru_cache(maxsize=1 << 16)
def link_key(name: str) -> str:
    """A coauthor as stage 1 links papers by: `name_key`, a hyphenated given name written as one word.

    "Chun-Tian Cheng" and "Chuntian Cheng" are one coauthor, "chuntian
    cheng" (in the design data every other spelling of a hyphenated given
    name is the joined one). Other hyphens part words as in `name_key`:
    "J.-P. Dupont" is "j p dupont", "Hector Garcia-Molina" "hector garcia
    molina". Own-name matching keeps `name_key`, where "Ajay-Kumar Gupta" is
    a spelling of "Ajay Gupta".
    """
    parts = name.split()
    return name_key(" ".join([_JOINING_HYPHEN.sub("", part) for part in parts[:-1]] + parts[-1:]))


def written_first_name(name: str | None) -> str | None:
    """The first given name of a name, if written out: "marcos" of "Marcos A. Silva", None for "M. Silva" or "Silva"."""
    parts = name_key(name).split() if name else []
    return parts[0] if len(parts) >= 2 and len(parts[0]) >= 2 else None


def named_by_initials(name: str) -> bool:
    """Whether a cluster's name gives no first name in full ("M. Silva", "a gupta"): then how each paper spells it tells people apart."""
    return written_first_name(name) is None


def first_names_agree(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether papers whose own name has these written-out first names may be one person's.

    They may unless both sides give first names and none of one side's starts
    another's ("th" and "thomas", "chun" of "Chun-Tian" and "chuntian" agree;
    "marcos" and "mario" do not). A side with several (a reviewer put them in
    one person) agrees through any of them.
    """
    if not left or not right:
        return True
    return any(a.startswith(b) or b.startswith(a) for a in left for b in right)


def is_abbreviated(key: str) -> bool:
    """A name given by initials only ("j kim"): many people share it."""
    parts = key.split()
    return len(parts) < 2 or all(len(part) == 1 for part in parts[:-1])
