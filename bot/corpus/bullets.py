"""Restoring a slide's bullet lines, which its transcript ran together into one paragraph."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

# A slide transcript keeps the words of a bullet list but not its line breaks: «…den fylkes-
# kommunale administrasjonen Plikter å sørge for…». A bullet starts where a capitalised word
# follows a lower-case word with no punctuation between, as Norwegian and Danish capitalise
# only a sentence's first word and names. Not a bullet start:
# - an acronym or a word with capitals inside (KS, BI, PU-reformen);
# - a word after a function word ("rådmann i Frogn", "grunnlag av dette Delegerings…"): a
#   bullet rarely ends in "i", "fra", "og", so the capital is likely a name; unless the word
#   is a function word itself ("saken er Hvordan kan dere"), which no name is;
# - a word after a capitalised word ("Fredrik Rivenes"), unless both are dictionary words
#   and the first stands alone on its line: a one-word bullet ("Lov Forskrifter Avtaleverk").
# After "?", "!", ":" or ";" a capital starts a line too (a slide's questions are its bullets, a
# list's intro ends in ":"), and after a closing bracket or quote or a number ending a bullet.
# A shouted heading (SPESIELT VIKTIGE) is a line of its own. The word lists are the
# analyzer's: its stopwords, and its lemma dictionaries and decompounder for "a word".
_TOKEN = re.compile(r"\S+")


@cache
def _function_words() -> frozenset[str]:
    from bot.analysis import STOPWORD_FILES
    from bot.analysis.resources import wordlist

    return wordlist(*STOPWORD_FILES)


@cache
def _dictionary_word(word: str) -> bool:
    from bot.analysis.compounds import Decompounder
    from bot.analysis.lemma import default_lemmatizer

    word = word.strip(".,;:!?()«»\"").lower()
    return default_lemmatizer().knows(word) or bool(Decompounder()(word))


def _letters(word: str) -> str:
    return "".join(c for c in word if c.isalpha())


def _capitalised(word: str, stop: frozenset[str]) -> bool:
    """A capital then lower case ("Plikter", "Øverste"), or a one-letter function word ("I")."""
    letters = _letters(word)
    if len(letters) == 1:
        return word.isalpha() and word.isupper() and word.lower() in stop
    return len(letters) >= 2 and word[0].isalpha() and letters[0].isupper() and letters[1].islower()


def _shouted(word: str, known: Callable[[str], bool]) -> bool:
    letters = _letters(word)
    return len(letters) >= 3 and letters.isupper() and known(letters)


def _lower(word: str) -> bool:
    return word[0].isalpha() and word[0].islower() and word[-1].isalpha()


def bullet_starts(text: str, function_words: frozenset[str] | None = None,
                  known: Callable[[str], bool] | None = None) -> list[int]:
    """Offsets of the spaces in `text` that were line breaks between bullets."""
    stop = _function_words() if function_words is None else function_words
    known = known or _dictionary_word
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    ends = [m.end() for m in _TOKEN.finditer(text)]
    gaps = [text[ends[i - 1]:ends[i] - len(tokens[i])] if i else "" for i in range(len(tokens))]
    cuts: list[int] = []
    line_start = 0  # the token that starts the current line
    for i in range(1, len(tokens)):
        prev, word = tokens[i - 1], tokens[i]
        if gaps[i] != " ":
            continue
        shouted_prev, shouted_word = _shouted(prev, known), _shouted(word, known)
        if not (_capitalised(word, stop) or shouted_word):
            continue
        if shouted_word and shouted_prev:
            continue  # inside a shouted heading
        ends_bullet = _lower(prev) or prev[-1] in ")»”" or prev.isdigit()
        cut = (
            (prev[-1] in "?!:;" and len(prev) > 1)
            or (ends_bullet and (prev.lower() not in stop or word.lower() in stop))
            or (shouted_prev and not shouted_word)
            or (ends_bullet and shouted_word)
            or (i - 1 == line_start and _capitalised(prev, stop) and prev[-1].isalpha()
                and prev.lower() not in stop and known(prev) and known(word))
        )
        if cut:
            cuts.append(ends[i - 1])
            line_start = i
        elif prev[-1] in ".":
            line_start = i  # a new sentence: its first word may be a one-word bullet
    return cuts


def restore_bullets(text: str, function_words: frozenset[str] | None = None,
                    known: Callable[[str], bool] | None = None) -> str:
    """`text` with the spaces between bullets turned into newlines (same length, same words)."""
    chars = list(text)
    for cut in bullet_starts(text, function_words, known):
        chars[cut] = "\n"
    return "".join(chars)
