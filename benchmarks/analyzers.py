"""The analyzers a benchmark can run with: the product's own, or a plain stand-in.

`words` (lowercased `\\w+`, the tokenization of ../shared/bench/README.md's reference figures) lets the
engines be compared before and apart from the product analyzer; `default` is
`bot.analysis.default_analyzer()`. Every engine in a run gets the same analyzer, so the same
tokens.
"""

from __future__ import annotations

import re
import sys
import types

_WORDS = re.compile(r"\w+")


class WordsAnalyzer:
    """Lowercased `\\w+` words: no stopwords, no stemming; the same for passages and questions."""

    version = "bench-words-1"
    # no English function words: every word is a term (the Searcher's function_words, read by the answer's parts)
    english: frozenset[str] = frozenset()
    english_ambiguous: frozenset[str] = frozenset()

    def terms(self, text: str) -> list[str]:
        """Index terms of a passage."""
        return _WORDS.findall(text.lower())

    def query_terms(self, question: str, vocabulary=None, language=None, country=None) -> list[str]:
        """Query terms of a question (the vocabulary, the language and the country are not used)."""
        return _WORDS.findall(question.lower())

    def knows(self, word: str, vocabulary) -> bool:
        """Whether the index holds `word` (for the Searcher's names check), as a term of its own."""
        return all(w in vocabulary for w in _WORDS.findall(word.lower()))

    def searched_as(self, text: str, vocabulary=None, country=None) -> tuple[tuple[str, str], ...]:
        """No word is read as another (a refused English question names none: `Searcher.searched_as`)."""
        return ()

    def warm(self) -> None:
        """Nothing loads lazily."""


def ensure_bot_analysis() -> None:
    """Let `bot.index` import while `bot.analysis` is not written yet (the stand-in is injected anyway)."""
    try:
        from bot.analysis import Analyzer, default_analyzer  # noqa: F401
    except ImportError:
        stub = types.ModuleType("bot.analysis")
        stub.Analyzer = WordsAnalyzer
        stub.default_analyzer = WordsAnalyzer
        stub.detect_language = lambda text: "nb"
        sys.modules["bot.analysis"] = stub


def get_analyzer(name: str):
    """`words` or `default` (the product analyzer)."""
    ensure_bot_analysis()
    if name == "words":
        return WordsAnalyzer()
    from bot.analysis import default_analyzer

    return default_analyzer()
