"""Splitting normalised text into word tokens (æ ø å kept, numbers and § references whole)."""

from __future__ import annotations

import re
import unicodedata

# "300 000", "820.000" and "300 000" are one number; joined before tokenising.
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f.]\d{3})+)(?![\d])")
# "§ 13-1" is one reference; words may carry inner hyphens or apostrophes ("LO-kommune").
_TOKEN = re.compile(r"\d+(?:-\d+)+|[^\W_]+(?:[-'’][^\W_]+)*")
# "møte- og talerett"; the look-behind starts a match only at a word's start (linear, not
# quadratic, on a 100,000-letter "word").
_SUSPENDED = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})- (?=(?:og|eller|and|samt|or) )")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def normalise(text: str) -> str:
    """NFKC, lower case, no control or direction characters, combining marks composed."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    return text.lower()


def tokens(text: str) -> list[str]:
    """Word tokens of already normalised text; a hyphenated word gives itself and its parts."""
    text = _THOUSANDS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    text = _SUSPENDED.sub(r"\1 ", text)
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
