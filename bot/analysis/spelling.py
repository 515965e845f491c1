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


_VOWELS = frozenset("aeiouyæøå")
# A letter of English where Norwegian and Danish write another: c as k or s ("sector" sektor, "local" lokal), u as y
# ("procedure" prosedyre), i as j ("vision" visjon), y as i ("policy" politikk's polis-, "academy" akademi)
_WRITTEN_AS = {("c", "k"), ("c", "s"), ("u", "y"), ("i", "j"), ("y", "i")}


def spelt_nordic(english: str, nordic: str) -> bool:
    """Whether term `nordic`, one edit from an English word's `english`, is that word spelt the Norwegian or Danish
    way: a consonant doubled ("model" modell), a vowel put in ("department" departement), c written k or s ("sector"
    sektor), u written y, i j, y i ("vision" visjon). Any other edit makes another
    word ("husband" husbank, "ensure" sensur, "dealt" delt, "found" fond)."""
    if len(nordic) == len(english) + 1:
        cut = next((i for i, (a, b) in enumerate(zip(english, nordic, strict=False)) if a != b), len(english))
        put = nordic[cut]
        if nordic[:cut] + nordic[cut + 1:] != english:
            return False
        return put in _VOWELS or (cut > 0 and nordic[cut - 1] == put) or nordic[cut + 1:cut + 2] == put
    if len(nordic) == len(english):
        differ = [(a, b) for a, b in zip(english, nordic, strict=True) if a != b]
        return len(differ) == 1 and differ[0] in _WRITTEN_AS
    return False
