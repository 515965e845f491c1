"""The part of speech a word of an English question plays, guessed from its neighbours, for the dictionary."""

from __future__ import annotations

from collections.abc import Callable

# No English tagger ships with the product (nltk's taggers need data that cannot be downloaded here, spaCy's models
# likewise, and no package in the registries we may use ships one), and a question is short and plainly built: the
# word before a word says most of what it is. The rules, each a cue English grammar gives, not a fitted list:
# - after "to", a modal or "do" (past adverbs such as "not", "also", "-ly"), a word in its base form is a verb:
#   "to force", "can they force", "do I have to show"; a plural or "-ed" form after "to" is not ("to councils");
# - after a subject pronoun or "who", a word in its base form or with an -s or -ed ending is a verb ("they vote",
#   "who decides", "we elected");
# - after "be", "have", "get" in any form, a word ending in -ed or -ing is a verb ("was elected", "is voting");
# - after an article, a possessive, a quantifier or a preposition, a word is a noun ("the force", "my vote"), and
#   so after a word the dictionary knows only as an adjective ("new members"); but an -ing form after a preposition
#   is unsure: "paid for attending meetings" wants the verb's sense (å delta), "about the meeting" the noun's;
# - with no cue before it, a word followed by an object pronoun or an article is a verb ("… members force an extra
#   meeting", "… developer invited me"): a noun seldom stands right before either in a question.
# Anything else is unsure (None): the dictionary's translations are read in their own order, as before.
VERB, NOUN, ADJECTIVE = "v", "n", "adj"
_TO = frozenset({"to"})
_AUXILIARIES = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would", "do", "does",
                          "did", "cannot", "let"})
_SUBJECTS = frozenset({"i", "we", "you", "they", "he", "she", "who"})
_BE_HAVE = frozenset({"be", "is", "are", "am", "was", "were", "been", "being", "have", "has", "had", "get", "gets",
                      "got", "gotten"})
_ARTICLES = frozenset({"the", "a", "an", "my", "our", "your", "their", "his", "its", "this", "these", "those", "each",
                       "every", "any", "some", "no", "another", "whose"})
_PREPOSITIONS = frozenset({"of", "in", "on", "for", "with", "about", "by", "from", "at", "after", "before", "under",
                           "without", "during", "between", "against", "into", "per", "via", "within", "through",
                           "than"})
_OBJECTS = frozenset({"me", "us", "him", "them", "the", "a", "an", "my", "our", "their", "his", "its", "this",
                      "these", "those"})
_ADVERBS = frozenset({"not", "also", "still", "ever", "never", "always", "even", "just", "only", "then", "often",
                      "now", "first"})


def part_of_speech(before: list[str], word: str, after: str | None, lemma: str,
                   parts: Callable[[str], frozenset[str]] | None = None) -> str | None:
    """The part of speech ("v", "n") English `word` plays between the words `before` it (nearest last) and the word
    `after` it, or None when unsure; `lemma` is the word's dictionary form, `parts` gives a word's parts in the
    dictionary (for the adjective cue)."""
    previous = [w for w in before if w not in _ADVERBS and not (w.endswith("ly") and len(w) > 4)]
    last = previous[-1] if previous else None
    base = word == lemma
    if last in _TO or last in _AUXILIARIES:
        return VERB if base else None
    if last in _SUBJECTS:
        return VERB if base or word.endswith(("s", "ed")) else None
    if last in _BE_HAVE:
        return VERB if word.endswith(("ed", "ing")) else None
    if last in _ARTICLES:
        return NOUN
    if last in _PREPOSITIONS:
        return None if word.endswith("ing") else NOUN
    if last is not None and parts is not None and parts(last) == frozenset({ADJECTIVE}):
        return NOUN
    if after in _OBJECTS:
        return VERB
    return None
