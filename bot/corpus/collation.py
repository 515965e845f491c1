"""The order titles are listed in: letters as a Norwegian or Danish reader looks them up, whatever their case."""

from __future__ import annotations

import unicodedata

# æ, ø and å come after z, in that order, in both languages' alphabets; ä and ö are filed as æ and ø (Norwegian
# and Danish dictionaries do so). Each stands as a character after every letter an accent is taken off below, so
# "Ærø" follows "Zulu" and "Åsen" follows "Ørsta". Source: the alphabetical order of Norwegian and Danish
# dictionaries. Left out: the Danish "aa" filed as å (it is also an ordinary pair of letters in names and
# abbreviations), and ü filed as y.
_AFTER_Z = {"æ": "\ue000", "ä": "\ue000", "ø": "\ue001", "ö": "\ue001", "å": "\ue002"}


def title_key(title: str) -> tuple[str, str]:
    """A sort key for `title`: case-insensitive (casefold), accents off other letters ("É" as "e"), æ ø å after z;
    titles that fold alike are ordered by their own characters, so the order never depends on how they were read."""
    folded = []
    for ch in title.casefold():
        if ch in _AFTER_Z:
            folded.append(_AFTER_Z[ch])
            continue
        parts = unicodedata.normalize("NFD", ch)
        folded.append("".join(p for p in parts if not unicodedata.combining(p)) or ch)
    return "".join(folded), title
