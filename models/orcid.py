"""ORCID iDs: accept what curators paste, keep the bare form, check the ISO 7064 digit."""

from __future__ import annotations

import re

_ORCID = re.compile(r"^(?:https?://(?:www\.)?orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])$")


def check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize_orcid(text: str) -> str:
    """`0000-0002-1825-0097` from any usual spelling; `ValueError` saying what is wrong."""
    match = _ORCID.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an ORCID iD (expected 0000-0000-0000-0000, or its orcid.org address)")
    digits = "".join(match.groups()).upper()
    if check_digit(digits[:15]) != digits[15]:
        raise ValueError(f"{text!r} is not a valid ORCID iD: its check digit should be {check_digit(digits[:15])}")
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
