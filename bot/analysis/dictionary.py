"""English words in Norwegian and Danish (FreeDict's dictionaries), for English question words the index lacks."""

from __future__ import annotations

from bot.analysis.counterparts import Counterparts
from bot.analysis.lemma import Stemmer
from bot.analysis.resources import DATA

# Written by scripts/english_dictionary.py, one sorted "stem<TAB>a,b" a line, each under its dictionary's licence.
NORWEGIAN_FILE = DATA / "english_nb.tsv.gz"  # FreeDict eng-nor (WikDict, CC-BY-SA-3.0)
DANISH_FILE = DATA / "english_da.tsv.gz"     # FreeDict dan-eng read the other way round (GPL-3.0-or-later)


class EnglishDictionary:
    """An English word's Norwegian translations, then its Danish ones, first sense first.

    Looked up by the word's Snowball stem, so "employees" finds "employee" and "votes" "vote". The
    tables are the same sorted format as the counterparts' and read the same lazy way; a missing or
    damaged file leaves its language out.
    """

    def __init__(self, tables: tuple[Counterparts, ...] | None = None) -> None:
        self.tables = tables if tables is not None else (Counterparts(NORWEGIAN_FILE), Counterparts(DANISH_FILE))
        self.stem = Stemmer("english")  # as scripts/english_dictionary.py keys the tables

    def __call__(self, word: str) -> tuple[str, ...]:
        if not word.isalpha():
            return ()
        key = self.stem(word)
        return tuple(t for table in self.tables for t in table(key) if t)
