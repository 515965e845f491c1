"""The names a question asks about: its capitalised words that do not open a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable

_WORD = re.compile(r"[^\W\d_]+")
# What a sentence, a line or a quotation opens after: a capital there is grammar, not a name.
_OPENERS = frozenset(".!?:;«»\"“”„(")
# ... and what a numbered heading opens after, all that stands before it on its line: "1 Møtegodtgjøring",
# "§ 3 Formål", "2.1 Tapt arbeidsinntekt", "4) Gruppemøter", "Kapittel 2 Hastesaker". A regulation's headings read
# as names had a passage of Fjordvik's regulation "name" Møtegodtgjøring, so "… i Fjordvik?" was told the sources
# never mention Fjordvik above the passage its title cites.
_NUMBERING = re.compile(r"\s*(?:[^\W\d_]+\.?\s+)?§*\s*\d+(?:[.\-]\d+)*[.)]?\s*")


def names(question: str) -> tuple[str, ...]:
    """Each capitalised word of `question` inside a sentence, in order, once.

    "Hvor mye får et kommunestyremedlem i Trondheim?" names Trondheim. The question's first word,
    a word after a full stop, a colon, a line break, an opening quote or a heading's number ("1 Møtegodtgjøring") is
    not taken for a name,
    nor a word of one letter ("I") or all capitals (an acronym, "KS", "UMC": the passage that
    answers often spells it out). A question typed in lower case names nothing.
    """
    out: list[str] = []
    for match in _WORD.finditer(question):
        word = match.group(0)
        if not _name_like(word, out):
            continue
        before = question[:match.start()]
        gap = before[len(before.rstrip()):]
        if not before.strip() or "\n" in gap or before.rstrip()[-1] in _OPENERS or \
                _NUMBERING.fullmatch(before[before.rfind("\n") + 1:]):
            continue
        out.append(word)
    return tuple(out)


# A place is named after a word that says where ("i Testvik", "på Hamar", "in Bergen") or before the word for its
# municipality ("Testvik kommune", "Københavns Kommune"): a programme's or an agreement's name is neither.
_LOCATIVE = frozenset("i på in at".split())
_MUNICIPALITY = re.compile(r"\s+(?:fylkes)?kommunes?\b|\s+(?:municipality|county)\b", re.IGNORECASE)


def places(title: str) -> tuple[str, ...]:
    """The places a document's title names ("Opplæring av nye folkevalgte i Testvik" → Testvik), as `names` reads
    names: a slide under that title is about that place though it never names it again."""
    out: list[str] = []
    for match in _WORD.finditer(title):
        word = match.group(0)
        if not _name_like(word, out):
            continue
        before = title[:match.start()].split()
        if (before and before[-1].lower() in _LOCATIVE) or _MUNICIPALITY.match(title, match.end()):
            out.append(word)
    return tuple(out)


def _name_like(word: str, found: list[str]) -> bool:
    """Whether `word` may be a name not yet `found`: capitalised, two letters or more, not an acronym."""
    return len(word) >= 2 and word[0].isupper() and not _acronym(word) and word not in found


def _acronym(word: str) -> bool:
    """All capitals, or all capitals and a genitive s ("UMCs")."""
    return word.isupper() or (len(word) > 2 and word.endswith("s") and word[:-1].isupper())


def mentioned(name: str, knows: Callable[[str], bool]) -> bool:
    """Whether `knows` (the index's vocabulary) holds `name` or, read as a genitive, the name itself
    ("Mondlanes kone" asks about Mondlane)."""
    if knows(name):
        return True
    return len(name) >= 4 and name.endswith("s") and knows(name[:-1])
