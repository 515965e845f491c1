"""Splitting normalised text into word tokens (æ ø å kept, numbers and § references whole)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

# "300 000", "820.000" and "300 000" are one number; joined before tokenising.
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f.]\d{3})+)(?![\d])")
# "§ 13-1" is one reference; words may carry inner hyphens or apostrophes ("LO-kommune").
_TOKEN = re.compile(r"\d+(?:-\d+)+|[^\W_]+(?:[-'’][^\W_]+)*")
# A coordinated compound's first parts, "møte-, tale- og forslagsrett", "børne- og skoleudvalget": each part with its
# hyphen and the comma or conjunction after it (group 1), then the compound whose tail they share (group 2). The
# look-behind starts a match only at a word's start (linear, not quadratic, on a 100,000-letter "word").
_SUSPENDED = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]{2,}-(?:,| (?:og|eller|and|samt|or)) )+)([^\W\d_]+)")
_SUSPENDED_PART = re.compile(r"([^\W\d_]{2,})-")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def normalise(text: str) -> str:
    """NFKC, lower case, no control or direction characters, combining marks composed."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    return text.lower()


def tokens(text: str, joined: Callable[[str, str], str | None] | None = None) -> list[str]:
    """Word tokens of already normalised text; a hyphenated word gives itself and its parts.

    :param joined: a coordination's first part ("børne") written whole with the tail it shares with the compound
        after it ("skoleudvalget"): "børneudvalget"; None where it shares none. Without it, or where it gives none,
        a first part is a word of its own ("børne", "skoleudvalget")."""
    text = _THOUSANDS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    text = _SUSPENDED.sub(partial(_coordinated, joined), text)
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if ("-" in token or "'" in token or "’" in token) and not token[0].isdigit():
            parts = [p for p in re.split(r"[-'’]", token) if p]
            out.append("".join(parts))
            out.extend(p for p in parts if len(p) > 1)
        else:
            out.append(token)
    return out


def _coordinated(joined: Callable[[str, str], str | None] | None, match: re.Match[str]) -> str:
    """A coordination's first parts written out whole with the tail of the compound they share, where `joined` gives
    one; else each a word of its own."""
    last = match.group(2)
    return _SUSPENDED_PART.sub(lambda m: ((joined(m.group(1), last) if joined is not None else None) or
                                          m.group(1) + " "), match.group(1)) + last
