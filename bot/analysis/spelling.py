"""An English question's misspelt word as the English word meant ("comittee" → committee), by wordfreq's list."""

from __future__ import annotations

from functools import lru_cache

from bot.analysis.compounds import zipf
from bot.analysis.frequencies import frequencies, frequency, zipf_of
from bot.analysis.typos import MAX_LENGTH, MIN_LENGTH, edits1

# A word this common in English is a word, not a misspelling ("ageing" 3.9, "quorum" 3.1); and one this
# common in Norwegian or Danish is the sources' own ("kommune" in an English question).
WORD = 3.0
NORDIC = 3.0
# The word meant is at least 10 ** 2.5, about 300, times as common as the one written: "goverment"
# (2.66) is government (5.57), but "recused" (2.37) is not refused (4.54).
MARGIN = 2.5


def english_zipf(word: str) -> float:
    """The word's frequency in English on wordfreq's Zipf scale (a plain lower-case word)."""
    return zipf_of(frequency(word, "en"))


@lru_cache(maxsize=8192)  # a question is read three times (terms, model, grams), and words recur
def respelled(word: str) -> str | None:
    """The most common English word one edit from a rare lower-case `word`, when far more common; else None."""
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not (word.isascii() and word.isalpha()):
        return None
    own = english_zipf(word)
    if own >= WORD or zipf(word) >= NORDIC:
        return None
    candidates = sorted(edits1(word))
    english = frequencies(candidates, "en")  # one look-up for them all
    best, meant = 0.0, None
    for candidate in candidates:
        found = english.get(candidate, 0.0)
        if found > best and candidate.isascii():
            best, meant = found, candidate
    return meant if meant is not None and zipf_of(best) >= max(WORD, own + MARGIN) else None
