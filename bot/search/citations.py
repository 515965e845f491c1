"""A § the question cites by number ("Hva sier offentleglova § 3?", "§ 16 c"), found among the index's laws.

The ranking reads "§ 16 c" as the words "16" and "c", which every § that mentions § 16 c holds too, and
"§ 3" as a "3" in a hundred passages: asked by its number, a § was often not the first passage. A
councillor who cites a § wants that §, so the search puts its chunks first (bot.search.retriever).

Which law, when several have a § of that number: the law the question names, else one of the question's
own country's. A law is named when a word of the question ending in "-loven", "-lova" or "-lov" (or the
law's whole name) shares most of its character 4-grams with the law's name as cited ("styrelsesloven"
and "Lov om kommunernes styrelse", "offentlighedsloven" and "Lov om offentlighed i forvaltningen"): the
names people use are compounds of the title's words, so no list of names is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from os.path import commonprefix  # of strings: the letters two words begin with

# "§ 7-9", "§7-9", "§ 16 c", "§ 16c", "paragraf 11-9", "section 8": the number, its chapter part, a letter
_CITED = re.compile(r"(?:§+|\b(?:paragraf|paragraph|section)\b)\s*(\d{1,3})(?:\s*-\s*(\d{1,3}))?"
                    r"(?:\s?([a-zæøå])(?![\wæøå]))?", re.IGNORECASE)
_LOV = r"(?:loven|lova|lovens|lovas|lov)"  # "law" as a name ends in it, in either standard or Danish
_LAW_WORD = re.compile(r"[a-zæøå]+" + _LOV + r"\b")
_SECTION_ID = re.compile(r"^(?P<law>[^/]+)/§(?P<number>[^/]+)")
NAMED = 0.5  # how surely (`named`) a question must name a law for it to count as named
MIN_START = 5  # letters a law word must share with the start of the name's word to count
OWN_COUNTRY = 0.25  # how much more surely a law of the question's own country counts as named


def cited_numbers(question: str) -> list[tuple[str, str]]:
    """Each § the question cites, as (its number with the letter, without it): ("16c", "16"), ("7-9", "7-9").

    A letter after the number may be a word ("§ 9 i styrelsesloven"), so both forms are kept and the one
    the index holds is used."""
    out = []
    for m in _CITED.finditer(question):
        number = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
        letter = (m.group(3) or "").lower()
        out.append((number + letter, number))
    return out


def _grams(text: str) -> set[str]:
    letters = re.sub(r"[^a-zæøå]", "", text.lower())
    return {letters[i:i + 4] for i in range(len(letters) - 3)}


def _name_words(name: str) -> list[str]:
    """A law's name without its "lov" ("Lov om kommunernes styrelse" → kommunernes, styrelse;
    "Forvaltningsloven" → forvaltnings)."""
    return re.sub(_LOV + r"\b|\bom\b", " ", name.lower()).split()


@dataclass(frozen=True)
class LawSection:
    """A § of a law in the index: the law's name as cited, its country, and its chunks in the law's order."""

    name: str
    country: str      # "no" or "da"
    docnos: tuple[int, ...]


class Sections:
    """The index's laws by § number, read once from its chunks (id "<law>/§<number>[/<ledd>]", title "<name> § …")."""

    def __init__(self, chunks: Iterable[tuple[int, str, str, str]]) -> None:
        """:param chunks: (docno, chunk id, title, language) of every chunk, in docno order."""
        found: dict[tuple[str, str], list[int]] = {}
        names: dict[str, tuple[str, str]] = {}
        for docno, chunk_id, title, lang in chunks:
            m = _SECTION_ID.match(chunk_id)
            if m is None:
                continue
            law, number = m.group("law"), m.group("number").lower()
            found.setdefault((law, number), []).append(docno)
            names.setdefault(law, (title.split(" §")[0].strip(), "da" if lang == "da" else "no"))
        self._by_number: dict[str, list[LawSection]] = {}
        for (law, number), docnos in found.items():
            name, country = names[law]
            self._by_number.setdefault(number, []).append(LawSection(name, country, tuple(docnos)))

    def cited(self, question: str, country: str | None, ranked: dict[int, int]) -> LawSection | None:
        """The § the question cites: in the law it names, else its country's (`country`: "no", "da", None), else
        the one whose chunk the search ranks first (`ranked`: docno → place); None when it cites none the
        index holds, or several laws fit and the search ranks none of them."""
        for with_letter, plain in cited_numbers(question):
            options = self._by_number.get(with_letter) or self._by_number.get(plain) or []
            chosen = _choose(options, question, country, ranked)
            if chosen is not None:
                return chosen
        return None


def _choose(options: list[LawSection], question: str, country: str | None,
            ranked: dict[int, int]) -> LawSection | None:
    """Among the laws with the cited §: the only one, the one the question names (its own country's counting a
    little more surely named: Norwegians call offentleglova "offentlighetsloven"), else the question's
    country's only one, else the one the search ranks highest."""
    if len(options) <= 1:
        return options[0] if options else None
    shares = [named(o.name, question) for o in options]
    scores = [s + (OWN_COUNTRY if o.country == country else 0.0) for s, o in zip(shares, options, strict=True)]
    best = max(range(len(options)), key=scores.__getitem__)
    if shares[best] >= NAMED and scores.count(scores[best]) == 1:
        return options[best]
    own = [o for o in options if o.country == country] or options
    if len(own) == 1:
        return own[0]
    places = [min((ranked[d] for d in o.docnos if d in ranked), default=None) for o in own]
    found = [(p, i) for i, p in enumerate(places) if p is not None]
    return own[min(found)[1]] if found else None


def named(name: str, question: str) -> float:
    """How surely `question` names the law called `name`, 0-1: the name of several words written out in it (1),
    or a law word of it ("styrelsesloven") whose 4-grams the name holds, weighed by how much of the name they
    are ("kommuneloven" is all of Kommuneloven's name and a quarter of Lov om kommunernes styrelse's), or
    that begins as a word of the name does."""
    all_words = _name_words(name)
    law = _grams(" ".join(all_words))
    if not law:
        return 0.0
    shares = [0.0]
    if len(all_words) > 1:  # a name of words, written out
        shares.append(1.0 if len(law & _grams(question)) >= 0.9 * len(law) else 0.0)
    words = [w for w in all_words if len(w) > 2]
    for word in _LAW_WORD.findall(question.lower()):
        stem = re.sub(_LOV + "$", "", word)
        grams = _grams(stem)
        if grams:
            held = len(grams & law)
            shares.append(held / len(grams) * (1 + held / len(law)) / 2)
        # A law's name in the other standard or language shares its first letters more than its 4-grams
        # ("offentlighetsloven" for Offentleglova). Squared: the whole word counts more than most of it
        # ("offentlighed" is all of the Danish act's word and most of Offentleglova's); and a name of
        # several words is only partly named by one.
        for w in words:
            start = len(commonprefix([stem, w]))
            if start >= MIN_START:
                shares.append((start / len(w)) ** 2 * (1 + 1 / len(words)) / 2)
    return max(shares)

