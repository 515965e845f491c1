"""How many items a "which N …" question asks for ("Hvilke fire roller …", "What are the five …")."""

from __future__ import annotations

import re

from bot.analysis.language import detect_language

# The cardinals a list is asked for by, in bokmål, nynorsk and Danish, and in English. "to" is two only in the
# first three: in English it is a preposition ("What needs to be in place …?").
_COUNTS_NO_DA = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "otte": 8,
                 "ni": 9, "ti": 10}
_COUNTS_EN = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# The question word the count follows within a few words: "Hvilke fire roller", "Hva er de fem tiltakene",
# "Kva er dei to viktigaste …", "What are the four roles", "which three principles". A count elsewhere
# ("Når bør de to første kursdagene holdes?", "væk i fire måneder") asks for no list.
_ASKING = re.compile(r"\b(?:hvilke|hvilka|hvilken|hvilket|kva|hva|hvad|which|what|nevn|name)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
NEAR = 4  # words after the question word the count may come


def asked_count(question: str, language: str | None = None) -> int | None:
    """The number of items (2-10) a "which N …" question asks for, if it names one, as a word or in digits.

    :param language: the question's (`detect_language`), where the caller has it already
    """
    counts = _COUNTS_EN if (language or detect_language(question)) == "en" else _COUNTS_NO_DA
    for m in _ASKING.finditer(question):
        for word in _WORD.findall(question[m.end():m.end() + 40])[:NEAR]:
            w = word.lower()
            if w in counts:
                return counts[w]
            if w.isdecimal() and 2 <= int(w) <= 10:  # "²" is a digit int() cannot read
                return int(w)
    return None
