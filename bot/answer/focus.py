"""A follow-up's own words first: the passages that answer what a reply adds before those of the earlier question."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

import bot.answer.cards as cards
from bot.analysis.country import named_country
from bot.search.retriever import Hit, Searcher

# A follow-up is searched as the earlier question and the reply together, and the two questions' words weigh alike: the
# earlier question has more of them, so its own answer came first again. "og hvem er næstformand?" replied to "Hvem
# leder kommunalbestyrelsens møder?" showed § 30 (the formand leads the meetings) again, second, above the §§ that name
# the næstformand. Among the combined question's first AMONG hits (the cards the first pages are made from), those that
# cover each of the reply's own words and the earlier question (COVERED of each) come first, each group in the search's
# order; where none does (the sources say nothing of what the reply adds), the order is the search's.
AMONG = cards.HORIZON + 1  # the hits compose.answer asks for a first page: every page of an answer is sorted alike
COVERED = 0.5  # of a word's or a question's information (`Searcher.coverages`: its terms weighed by rarity)
_WORD = re.compile(r"[^\W\d_]+")


def own_words(reply: str, searcher: Searcher, language: str) -> list[tuple[str, ...]]:
    """The index terms of each word `reply` adds, as the search reads them (the frame of a question, "og hvem er", is
    none; "deputy mayor" is one, varaordfører), but for a country's name: "og i Danmark?" asks the earlier question of
    that country's law, which the search reads itself."""
    text = _WORD.sub(lambda m: " " if named_country(m.group()) is not None else m.group(), reply)
    return [terms for terms in searcher.analyzer.query_word_terms(text, searcher.vocabulary, language) if terms]


def focused(hits: Sequence[Hit], question: str, reply: str, searcher: Searcher,
            language: str) -> tuple[tuple[Hit, ...], bool]:
    """`hits` (those of `question`, a follow-up ending with `reply`) with those that cover each of `reply`'s own words
    and the earlier question first (the rest after them, in their order), and whether any does; `hits` as they are when
    none does (False), or when `reply` adds no word of its own (True: "og i Danmark?", "hvorfor?")."""
    words = own_words(reply, searcher, language)
    head = list(hits[:AMONG])
    if not words:
        return tuple(hits), True
    if not head:
        return tuple(hits), False
    docnos = np.array([h.docno for h in head], dtype=np.int64)
    # a word is covered where most of what its terms weigh is there: "næstformand" (nestformann, nest, formann) is not
    # covered by § 30's "Formanden"
    first = np.logical_and.reduce([searcher.coverages(list(terms), docnos) >= COVERED for terms in words])
    # ... and what was asked before, as much as the search's first hit does (COVERED at most): "hva om jeg er syk?"
    # replied to an answer on fritak is not answered by any passage that names an illness; "and what are their
    # duties?" replied to "Who appoints the chief executive?" is by the slide on the rådmann's duties, which the search
    # ranked first, though it names no appointing
    earlier = question[:len(question) - len(reply)] if question.endswith(reply) else ""
    before = searcher.analyzer.query_terms(earlier, searcher.vocabulary, language) if earlier.strip() else []
    if before:
        asked = searcher.coverages(before, docnos)
        first &= asked >= min(COVERED, float(asked[0]))
    if not first.any():
        return tuple(hits), False
    ahead = [h for h, f in zip(head, first, strict=True) if f]
    return (*ahead, *(h for h, f in zip(head, first, strict=True) if not f), *hits[AMONG:]), True
