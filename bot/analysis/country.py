"""Which country's law a question is about: the country it names, else the one its language is spoken in."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.analysis.language import zipf_in

# A country's names, adjectives and people, every form, in bokmål, nynorsk, Danish and English ("i Norge",
# "den danske kommunestyrelseslov", "danskane", "in Norway"). Lower case, whole words.
_NAMES = {
    "no": frozenset("norge noreg norsk norske norway norwegian norwegians nordmann nordmannen nordmenn "
                    "nordmennene nordmenna nordmand nordmanden nordmænd nordmændene".split()),
    "da": frozenset("danmark dansk danske denmark danish dane danes dansker danskeren danskere danskerne "
                    "danskene danskar danskaren danskarar danskane".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
NAME_WORDS = _NAMES["no"] | _NAMES["da"]  # every form of both countries' names
# An English question naming no country is about the country whose words it borrows: a word rare in English (below
# this Zipf) and at least ten times (one Zipf point) more common in bokmål than in Danish is Norway's ("kommunestyre",
# "utvalg", "formannskap"), the other way round Denmark's ("kommunalbestyrelse", "aktindsigt", "byrådsmedlem"); a word
# both write ("kommune", "vederlag", "rådhus") or an English one says nothing. Words of both countries: neither.
# 0.4.32; off: benchmarks.answers --without "country by its words" (measured, not taken, at 0.4.14 as a lever).
WORDS_COUNTRY = True
ENGLISH_RARE = 2.0
WORDS_MARGIN = 1.0
# ... and a name written in the question (capitalised after its sentence's first word: "I'm on the byråd in Aarhus") is
# the country whose language writes it ten times more often, however common in English: a town's name is in English
# text too ("Aarhus" 2.6, "Bergen" 3.3 on the Zipf scale), but it is Denmark's or Norway's all the same, and an English
# question naming Aarhus had been given Norway's law. A name both write alike ("London", "Teams") says nothing.
# 0.4.39; off: benchmarks.answers --without "country by its names".
NAMES_COUNTRY = True
_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-ZÆØÅ][a-zæøå]+\b")


def named_country(text: str) -> str | None:
    """"no" or "da": the one country `text` names ("i Danmark", "in Norway", "danske"); None when it names neither or
    both."""
    words = {w.lower() for w in _WORD.findall(text)}
    named = [country for country, names in _NAMES.items() if words & names]
    return named[0] if len(named) == 1 else None


def country_of(question: str, family: str, default: str | None = None) -> str | None:
    """"no" or "da": the one country the question names, else its language's, else (asked in English) the one
    whose words it borrows (`words_country`: "Who sets the agenda for the kommunestyre meeting?"), else `default`;
    None when it names both, or when an English question names neither, borrows from neither and there is no
    default (then no country's law is preferred).

    :param family: the question's language family ("no" for bokmål and nynorsk, "da", "en")
    :param default: the bot's own country (KOMMUNEBOT_COUNTRY), for an English question naming none
    """
    words = {w.lower() for w in _WORD.findall(question)}
    named = [country for country, names in _NAMES.items() if words & names]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    if family in _NAMES:
        return family
    names = {w.lower() for w in _NAME.findall(question.strip())} if NAMES_COUNTRY else set()
    return (words_country(words, names) if WORDS_COUNTRY and family == "en" else None) or default


def words_country(words: Iterable[str], names: Iterable[str] = ()) -> str | None:
    """"no" or "da": the one country whose language alone the Norwegian or Danish words among `words` are written in
    (WORDS_MARGIN), a word common in English left out unless it is among `names` (NAMES_COUNTRY); None when they are
    of neither, or of both."""
    found = set()
    names = set(names)
    for word in words:
        if len(word) < 3 or (zipf_in(word, "en") >= ENGLISH_RARE and word not in names):
            continue
        nb, da = zipf_in(word, "nb"), zipf_in(word, "da")
        if abs(nb - da) >= WORDS_MARGIN:
            found.add("no" if nb > da else "da")
    return found.pop() if len(found) == 1 else None
