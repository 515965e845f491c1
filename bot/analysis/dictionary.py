"""English words in Norwegian and Danish (FreeDict's dictionaries), for English question words the index lacks."""

from __future__ import annotations

from bot.analysis.counterparts import Counterparts
from bot.analysis.lemma import Lemmatizer, Stemmer
from bot.analysis.resources import DATA

PARTS = ("n", "v", "adj", "adv")  # the parts of speech the tables mark (scripts/english_dictionary.py)
# What a question's word plays (bot/analysis/parts.py) → the tables' parts whose senses it reads. A word after an
# article is a noun or the adjective before one ("the whole council", "an elected member": hel, valgt, not the nouns
# helhet, valg), so a noun's place reads a noun's and an adjective's senses alike, not the verb's.
PLAYS = {"v": ("v",), "n": ("n", "adj")}
# The part's senses alone where a table marks the word with that part, a sense no table marks (half of dan-eng's,
# mostly nouns read the other way round) left out too; a word no table marks so keeps all its senses. With the others
# after them instead (False), a verb none of whose senses the index holds was still read as a noun ("resign" as the
# Danish udtrædelse), where the model reads the English word better: measured on every set, the part's senses alone
# moved more English replies up (benchmarks/README.md; `benchmarks.answers --lever english-parts=first`).
PART_ALONE = True
# English's particles, the second word of a phrasal verb ("carry out", "sign up", "deal with"): those second words of
# eng-nor's two-word verb headwords that it has twice or more (up 19, out 9, off 9, down 5, for, over, away 4, with, on
# 3, back, upon, into 2). scripts/english_dictionary.py keeps each dictionary's phrase of a verb and one of them as a
# key; a verb the dictionaries list alone with one of them, and a phrase neither holds, are read word by word as before.
PARTICLES = frozenset("up out off down for over away with on back upon into".split())

# Written by scripts/english_dictionary.py, each under its dictionary's licence: one sorted "word<TAB>a,b" a
# line for each headword, and one "=stem<TAB>a,b" a line for each Snowball stem, its headwords' senses together;
# since 0.4.41 also a "word/v<TAB>a,b" line (and "=stem/v") for each part of speech (n, v, adj, adv) its senses
# are marked with, that part's senses alone.
NORWEGIAN_FILE = DATA / "english_nb.tsv.gz"  # FreeDict eng-nor (WikDict, CC-BY-SA-3.0)
DANISH_FILE = DATA / "english_da.tsv.gz"     # FreeDict dan-eng read the other way round (GPL-3.0-or-later)
# The words eng-nor lacks, in Norwegian through their Danish words (dan-eng, then Apertium's counterparts: GPL-3.0-or-
# later), for a question about Norway, whose words the Danish table is not read for, so that "earn", "refuse",
# "average" (no line in eng-nor) are left as asked (`EnglishDictionary._tables`). Measured and not taken (BRIDGED off):
# read after the Norwegian table for Norway, it moved two English replies up and two down on the shipped index (blind
# 6's B58 "request" read as bede, blind 14's W20 "refuse" as nekte), and read for a question of no country too, as many
# down as up; dan-eng read the other way round gives a word its Danish headwords in alphabetical order, not its senses'
# (benchmarks/README.md; `benchmarks.answers --lever english-bridged`).
BRIDGED_FILE = DATA / "english_nb_da.tsv.gz"
BRIDGED = False


class EnglishDictionary:
    """An English word's Norwegian translations, then its Danish ones, first sense first.

    With `BRIDGED` on, a question about Norway reads a word eng-nor lacks by its Danish senses in bokmål
    (`BRIDGED_FILE`).

    In each language the word's own senses come first, then its lemma's (simplemma's English: "salaries"
    → salary, "paid" → pay), then those of every headword of its Snowball stem. 0.4.15 looked up by the
    stem alone, which joins words the dictionary keeps apart ("accord" and "according", "want" and
    "wanting") and puts the first headword's senses first. A word whose lemma is one of `function_words`
    ("got", "'ve") has none: the question's function words are not translated. The tables are the same
    sorted format as the counterparts' and read the same lazy way; a missing or damaged file leaves its
    language out.

    Given the `part` of speech the question uses the word as (`bot.analysis.parts`: "v", or "n" for a noun's place,
    `PLAYS`), only the senses a table marks with that part, in the dictionary's order (`PART_ALONE`): "can they force
    me" reads "force" as tvinge, not as the noun's styrke; a part no table marks the word with changes nothing.
    """

    def __init__(self, tables: tuple[Counterparts, ...] | None = None,
                 function_words: frozenset[str] = frozenset(), bridged: Counterparts | None = None) -> None:
        """`tables`: the Norwegian table, then the Danish one (by default the shipped two); `bridged`: the words the
        Norwegian table lacks, in Norwegian through Danish (by default the shipped `BRIDGED_FILE`; read for a
        question about Norway alone)."""
        self.tables = tables if tables is not None else (Counterparts(NORWEGIAN_FILE), Counterparts(DANISH_FILE))
        self.bridged = bridged if bridged is not None or tables is not None else Counterparts(BRIDGED_FILE)
        self.stem = Stemmer("english")  # as scripts/english_dictionary.py keys the tables
        self.lemma = Lemmatizer(("en",))
        self.function_words = function_words

    def __call__(self, word: str, country: str | None = None, part: str | None = None) -> tuple[str, ...]:
        """`word`'s translations, those of its `part` of speech first where given; given the `country` the question
        is about ("no", "da"), in its language alone. `word` may be a phrasal verb, a verb and one of its `PARTICLES`
        ("carries out"), looked up by its verb's lemma ("carry out")."""
        verb, _, particle = word.lower().partition(" ")
        if not verb.isalpha() or (particle and particle not in PARTICLES):
            return ()
        word = word.lower()
        lemma = self.lemma(verb)
        if lemma in self.function_words:
            return ()
        if particle:
            keys: tuple[str, ...] = tuple(dict.fromkeys((word, f"{lemma} {particle}")))
        else:
            keys = tuple(dict.fromkeys((word, lemma, "=" + self.stem(word))))
        return self._read(self._tables(country), keys, part)

    def _read(self, tables: tuple[Counterparts, ...], keys: tuple[str, ...], part: str | None) -> tuple[str, ...]:
        """The translations `tables` hold of `keys`, those of the `part` of speech alone where they mark it."""
        found = tuple(dict.fromkeys(t for table in tables for key in keys for t in table(key) if t))
        if part not in PLAYS:
            return found
        # the senses of the parts the word plays, in the dictionary's order; a word the tables do not mark with them
        # is read by all its senses, as before
        played = {t for table in tables for key in keys for kind in PLAYS[part] for t in table(f"{key}/{kind}")}
        if not played:
            return found
        ordered = tuple(t for t in found if t in played)
        return ordered if PART_ALONE else ordered + tuple(t for t in found if t not in played)

    def parts(self, word: str) -> frozenset[str]:
        """The parts of speech the dictionaries mark `word` (as written or as its lemma) with: "adj" alone for
        "new", "v" and "n" for "vote"."""
        if not word.isalpha():
            return frozenset()
        keys = dict.fromkeys((word.lower(), self.lemma(word.lower())))
        return frozenset(part for part in PARTS for key in keys for table in self.tables if table(f"{key}/{part}"))

    def _tables(self, country: str | None) -> tuple[Counterparts, ...]:
        """The tables to read: the `country`'s language's alone (Norwegian first, Danish second), else all.

        Norway's also reads `bridged` where `BRIDGED` is on, after the Norwegian table: the Danish table, which holds
        the words eng-nor lacks, is not read for Norway. A question no country's is read through both tables as before,
        not through `bridged`: there the Danish table's own words already stand in, and the bridged senses, read first,
        took their place ("a joint … programme" as the Norwegian felles where the Danish source says fælles) or a noun's
        sense where a verb was meant ("what matters most" as tilfelle): measured, benchmarks/README.md."""
        if len(self.tables) != 2 or country not in ("no", "da"):
            return self.tables
        if country == "da":
            return self.tables[1:]
        return self.tables[:1] + ((self.bridged,) if BRIDGED and self.bridged is not None else ())
