"""Author names compared loosely: spellings of the cluster's own name, and names many people carry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from models.suggest import text

# Stage 1 treats initials as full names when at least this share of the
# cluster's coauthor names are initials only (see `initials_only_source`).
INITIALS_SOURCE_SHARE = 0.5
# A surname that this many different coauthor names of a cluster carry is common.
COMMON_SURNAME_NAMES = 8
# A name with a common surname is still specific when fewer than this many
# coauthor names of the cluster carry its first given name ("kongqiao wang"
# among many Wangs); "wei wang", "jun wang" stay ambiguous where "wei" and
# "jun" are common given names. Chosen on the design data (4 to 6 do about
# equally well; with no given-name test at all every common-surname name is ambiguous).
COMMON_GIVEN_NAMES = 5


def _given_compatible(left: list[str], right: list[str]) -> bool:
    """Given names that may be one person's: first names equal or one an initial of the other;
    middle names may be missing on either side but must agree where both give them."""
    if not left or not right:
        return True
    if not _part_compatible(left[0], right[0]):
        return False
    shorter, longer = sorted((left[1:], right[1:]), key=len)
    return all(_part_compatible(a, b) for a, b in zip(shorter, longer))


def _part_compatible(left: str, right: str) -> bool:
    if len(left) == 1 or len(right) == 1:
        return left[0] == right[0]
    return left == right


def same_name(left: str, right: str) -> bool:
    """Whether two name keys (`text.name_key`) may be spellings of one name.

    The surnames must be equal; the given names compatible: "r cole" and
    "richard cole", "ajay k gupta" and "ajay gupta", "j r gilbert" and
    "john gilbert" are; "anoop gupta" and "ajay gupta" are not.
    """
    left_parts, right_parts = left.split(), right.split()
    if not left_parts or not right_parts or left_parts[-1] != right_parts[-1]:
        return False
    return _given_compatible(left_parts[:-1], right_parts[:-1])


def own_name_variants(cluster_name: str, names: Iterable[str]) -> set[str]:
    """The names in `names` that are spellings of the cluster's own name.

    Names are compared by `text.name_key` (case, accents, dots, hyphens and
    spacing ignored) and then by `same_name`: in the "Richard Cole" cluster,
    "R. Cole", "Richard J. Cole" and "richard cole" are its own name, "Robert
    Cole" is not. The exact spelling is included. Returns the names as given.

    To turn a paper's author list into its coauthors, drop the exact own
    name wherever it appears; if it appears nowhere, drop the first author
    this function lists (as `datasets.drop_own_name` does): a paper rarely
    has two authors whose names are spellings of one another.
    """
    own = text.name_key(cluster_name)
    return {name for name in names if (key := text.name_key(name)) and same_name(key, own)}


def initials_only_source(keys: Iterable[str]) -> bool:
    """Whether the cluster's source gives (nearly) every coauthor by initials only (LBD, some dblp dumps).

    There, "a whinston" is as specific as a name gets; demanding more of it
    than of a full name would leave most papers unlinked.
    """
    keys = [key for key in keys if key]
    return bool(keys) and sum(map(text.is_abbreviated, keys)) >= INITIALS_SOURCE_SHARE * len(keys)


def ambiguous_names(keys: Iterable[str]) -> set[str]:
    """Coauthor name keys that many people may carry: they link papers only with corroboration.

    A name whose surname `COMMON_SURNAME_NAMES` or more different coauthor
    names of this cluster carry ("wei wang" among many Wangs), unless it is
    written out and fewer than `COMMON_GIVEN_NAMES` coauthor names carry its
    first given name ("kongqiao wang" stays specific); and a name of
    initials ("q tian"), unless the whole source gives names by initials only.
    """
    keys = [key for key in keys if key.split()]
    surnames = Counter(key.split()[-1] for key in keys)
    given_names = Counter(key.split()[0] for key in keys if len(key.split()) > 1)
    initials_are_names = initials_only_source(keys)

    def common_name(key: str) -> bool:
        parts = key.split()
        if surnames[parts[-1]] < COMMON_SURNAME_NAMES:
            return False
        return text.is_abbreviated(key) or given_names[parts[0]] >= COMMON_GIVEN_NAMES

    return {key for key in keys if common_name(key) or (text.is_abbreviated(key) and not initials_are_names)}


def middle_initials(key: str) -> tuple[tuple[str, str], str] | None:
    """A link key's first and last name and its middle initials ("" for none), where the first name is
    written out and every middle part is an initial: (("mukesh", "mohania"), "k") for "mukesh k mohania"."""
    words = key.split()
    if len(words) < 2 or len(words[0]) < 2 or not all(len(word) == 1 for word in words[1:-1]):
        return None
    return (words[0], words[-1]), " ".join(words[1:-1])


def without_lone_middle_initials(keys: Collection[str]) -> dict[str, str]:
    """Coauthor keys to link by, where a name is written with and without its middle initials.

    Sources write one coauthor as "Mukesh K. Mohania" and "Mukesh Mohania":
    where the keys give a first and last name only one set of middle
    initials ("k"), both spellings become "mukesh mohania". Where they give
    two ("john a smith", "john b smith": likely two people), every spelling
    stays as it is. Only the keys that change are in the result.
    """
    with_middle = {key: parts for key in keys if (parts := middle_initials(key)) is not None and parts[1]}
    middles_of: dict[tuple[str, str], set[str]] = {}
    for name, middle in with_middle.values():
        middles_of.setdefault(name, set()).add(middle)
    return {key: " ".join(name) for key, (name, _middle) in with_middle.items() if len(middles_of[name]) == 1}
