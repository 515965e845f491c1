"""The country an English question's borrowed words tell by the index's own law §s, where no word list knows them."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from bot.analysis import Analyzer
from bot.analysis.country import ENGLISH_RARE
from bot.analysis.frequencies import zipf_in
from bot.analysis.language import language_family
from bot.corpus.lawtext import is_section
from bot.corpus.records import ChunkRecord

# An English question naming no country is about the one whose words it borrows (bot.analysis.country.words_country),
# read in wordfreq's bokmål and Danish lists. A word neither list holds says nothing there: "kommunedirektør", the
# 2018 Kommuneloven's name for the chief executive, is in neither, so "Who is the boss of the kommunedirektør?" ranked
# Danish §§ with Norway's. The index says it: such a word whose term only one country's law §§ hold (at least
# INDEX_WORDS_MIN of them, none of the other's) is that country's. 0.4.46; off: benchmarks.answers --without
# "country by the index's words".
INDEX_WORDS_COUNTRY = True
INDEX_WORDS_MIN = 2
INDEX_WORDS_MAX = 2_000  # a term in more chunks than this is common: its postings are not read
_WORD = re.compile(r"[^\W\d_]{4,}")


def index_country(question: str, analyzer: Analyzer, postings: Callable[[str], np.ndarray | None],
                  chunks: Callable[[list[int]], dict[int, ChunkRecord]]) -> str | None:
    """"no" or "da": the one country whose law §s alone hold the terms of `question`'s words that neither
    frequency list knows (see INDEX_WORDS_COUNTRY); None when there is no such word, or they point to both.

    :param postings: a term's docnos (None when the index lacks it)
    :param chunks: the chunk records of docnos
    """
    if not INDEX_WORDS_COUNTRY:
        return None
    found: set[str] = set()
    for word in dict.fromkeys(w.lower() for w in _WORD.findall(question)):
        if zipf_in(word, "en") >= ENGLISH_RARE or zipf_in(word, "nb") > 0 or zipf_in(word, "da") > 0:
            continue  # an English word, or one the word lists tell (words_country reads those)
        terms = analyzer.word_terms(word)
        docs = postings(terms[0]) if terms else None
        if docs is None or not 0 < len(docs) <= INDEX_WORDS_MAX:
            continue
        counts = {"no": 0, "da": 0}
        held = [int(d) for d in docs]
        records = [r for i in range(0, len(held), 900) for r in chunks(held[i:i + 900]).values()]  # SQLite's bound
        # the word as written, not its term: a synonym group's term ("rådmann") is both countries'
        lemma = analyzer.lemmatizer(word) if analyzer.lemmatizer is not None else word
        for record in records:
            family = language_family(record.lang)
            if is_section(record.id) and family in counts and lemma in record.text.lower():
                counts[family] += 1
        for country, other in (("no", "da"), ("da", "no")):
            if counts[country] >= INDEX_WORDS_MIN and not counts[other]:
                found.add(country)
    return found.pop() if len(found) == 1 else None
