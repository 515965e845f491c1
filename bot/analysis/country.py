"""Which country's law a question is about: the country it names, else the one its language is spoken in."""

from __future__ import annotations

import re

# A country's names, adjectives and people, every form, in bokmål, nynorsk, Danish and English ("i Norge",
# "den danske kommunestyrelseslov", "danskane", "in Norway"). Lower case, whole words.
_NAMES = {
    "no": frozenset("norge noreg norsk norske norway norwegian norwegians nordmann nordmannen nordmenn "
                    "nordmennene nordmenna nordmand nordmanden nordmænd nordmændene".split()),
    "da": frozenset("danmark dansk danske denmark danish dane danes dansker danskeren danskere danskerne "
                    "danskene danskar danskaren danskarar danskane".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


def country_of(question: str, family: str, default: str | None = None) -> str | None:
    """"no" or "da": the one country the question names, else its language's, else (asked in English) `default`;
    None when it names both, or when an English question names neither and there is no default (then no
    country's law is preferred).

    :param family: the question's language family ("no" for bokmål and nynorsk, "da", "en")
    :param default: the bot's own country (KOMMUNEBOT_COUNTRY), for an English question naming none
    """
    words = {w.lower() for w in _WORD.findall(question)}
    named = [country for country, names in _NAMES.items() if words & names]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    return family if family in _NAMES else default
