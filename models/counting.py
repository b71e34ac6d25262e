"""Counts that go up and down as papers come and go, for the sums kept decision by decision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping


def add_counts(counter: Counter, keys: Iterable[Hashable] | Mapping[Hashable, int], sign: int = 1) -> None:
    """Count `keys` (or a Counter of them) in (`sign` 1) or out (-1); a count that reaches 0 leaves the counter,
    so its keys are what is there. In is Counter's C loop; out goes key by distinct key."""
    if sign > 0:
        counter.update(keys)
        return
    for key, times in (keys if isinstance(keys, Counter) else Counter(keys)).items():
        left = counter[key] - times
        if left > 0:
            counter[key] = left
        else:
            del counter[key]


def listed(words: list[str]) -> str:
    """Words as a sentence lists them: "bob", "ann and bob", "display name, affiliation and note"; "" for none."""
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]])) if words else ""


def counted(count: int, noun: str) -> str:
    """"1 author row", "2 author rows", "34,000 papers": a number of things, as every label and line says it."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
