"""Typo tolerance: an unknown question word becomes the most common indexed term one edit away."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåäöüé"
MIN_LENGTH = 5  # shorter words have too many neighbours to guess from
# A word has ~70 one-edit neighbours a letter; past this length it is junk, not a typo, and
# its neighbours (100,000 letters: ~7 million strings of that length) would exhaust memory.
MAX_LENGTH = 40


class Vocabulary(Protocol):
    """What the search layer offers the analyzer: the index's terms."""

    def __contains__(self, term: str) -> bool: ...

    def candidates(self, term: str) -> Iterable[str]:
        """The indexed terms among `edits1(term)`."""
        ...

    def df(self, term: str) -> int:
        """How many chunks hold `term`."""
        ...

    def among(self, terms: Iterable[str]) -> Iterable[str]:
        """The indexed terms among `terms`."""
        ...

    @property
    def passages(self) -> int:
        """How many chunks the index holds."""
        ...


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


def correct(term: str, vocabulary: Vocabulary) -> str | None:
    """The most common indexed term one edit from an unknown `term`, or None."""
    if not MIN_LENGTH <= len(term) <= MAX_LENGTH or not term.isalpha() or term in vocabulary:
        return None
    found = list(vocabulary.candidates(term))
    if not found:
        return None
    return max(sorted(found), key=vocabulary.df)


def correct_word(word: str, stem: Callable[[str], str], vocabulary: Vocabulary) -> str | None:
    """The most common indexed term that a word one edit from `word` stems to, or None: a typo that keeps the stemmer
    from taking the word's ending off ("inhabilitett" stays itself, three edits from "inhabilitet"'s "inhabilit") is
    corrected as the word was written, not as its stem. Tried where `correct` finds nothing, and only to a term the
    word begins with (the typo in the ending the stemmer takes off): a word the index lacks is otherwise read as another
    word ("vervet" as "verket"'s "verk", nynorsk "nekta" as "nest", English "layers" as "lag")."""
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isalpha():
        return None
    found = [t for t in vocabulary.among({stem(w) for w in edits1(word)} - {stem(word)}) if word.startswith(t)]
    return max(sorted(found), key=vocabulary.df) if found else None


class TermVocabulary:
    """An in-memory Vocabulary from {term: df}, for tests and small indexes."""

    def __init__(self, terms: dict[str, int], passages: int | None = None) -> None:
        self._terms = dict(terms)
        self._passages = passages if passages is not None else sum(self._terms.values())

    @property
    def passages(self) -> int:
        return self._passages

    def __contains__(self, term: str) -> bool:
        return term in self._terms

    def candidates(self, term: str) -> list[str]:
        return self.among(edits1(term))

    def among(self, terms: Iterable[str]) -> list[str]:
        return [t for t in terms if t in self._terms]

    def df(self, term: str) -> int:
        return self._terms.get(term, 0)
