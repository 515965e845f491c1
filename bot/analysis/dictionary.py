"""English words in Norwegian and Danish (FreeDict's dictionaries), for English question words the index lacks."""

from __future__ import annotations

from bot.analysis.counterparts import Counterparts
from bot.analysis.lemma import Lemmatizer, Stemmer
from bot.analysis.resources import DATA

# Written by scripts/english_dictionary.py, each under its dictionary's licence: one sorted "word<TAB>a,b" a
# line for each headword, and one "=stem<TAB>a,b" a line for each Snowball stem, its headwords' senses together.
NORWEGIAN_FILE = DATA / "english_nb.tsv.gz"  # FreeDict eng-nor (WikDict, CC-BY-SA-3.0)
DANISH_FILE = DATA / "english_da.tsv.gz"     # FreeDict dan-eng read the other way round (GPL-3.0-or-later)


class EnglishDictionary:
    """An English word's Norwegian translations, then its Danish ones, first sense first.

    In each language the word's own senses come first, then its lemma's (simplemma's English: "salaries"
    → salary, "paid" → pay), then those of every headword of its Snowball stem. 0.4.15 looked up by the
    stem alone, which joins words the dictionary keeps apart ("accord" and "according", "want" and
    "wanting") and puts the first headword's senses first. A word whose lemma is one of `function_words`
    ("got", "'ve") has none: the question's function words are not translated. The tables are the same
    sorted format as the counterparts' and read the same lazy way; a missing or damaged file leaves its
    language out.
    """

    def __init__(self, tables: tuple[Counterparts, ...] | None = None,
                 function_words: frozenset[str] = frozenset()) -> None:
        self.tables = tables if tables is not None else (Counterparts(NORWEGIAN_FILE), Counterparts(DANISH_FILE))
        self.stem = Stemmer("english")  # as scripts/english_dictionary.py keys the tables
        self.lemma = Lemmatizer(("en",))
        self.function_words = function_words

    def __call__(self, word: str, country: str | None = None) -> tuple[str, ...]:
        """`word`'s translations; given the `country` the question is about ("no", "da"), in its language alone."""
        if not word.isalpha():
            return ()
        word = word.lower()
        lemma = self.lemma(word)
        if lemma in self.function_words:
            return ()
        keys = dict.fromkeys((word, lemma, "=" + self.stem(word)))
        return tuple(dict.fromkeys(t for table in self._tables(country) for key in keys for t in table(key) if t))

    def _tables(self, country: str | None) -> tuple[Counterparts, ...]:
        """The tables to read: the `country`'s language's alone (Norwegian first, Danish second), else all."""
        if len(self.tables) != 2 or country not in ("no", "da"):
            return self.tables
        return self.tables[:1] if country == "no" else self.tables[1:]
