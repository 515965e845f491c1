"""Bringing inflected forms together: simplemma's nb/nn/da dictionaries, then a Snowball stem."""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

# Bokmål first: most of the corpus is bokmål; nynorsk and Danish forms the bokmål
# dictionary does not know fall through to theirs. No language guess is needed.
LANGS = ("nb", "nn", "da")
# A word the first dictionary (bokmål's) lacks is read as a word of its own where a later dictionary holds it so,
# not as another word's form because an earlier one of the rest does (`chosen`): the Danish "syg" (ill) was nynorsk's
# present tense of suga (suck), so Danish text and the counterpart of nynorsk's "sjuk" were searched as "sug". Off
# (False): the first dictionary that holds a word reads it, as before. Read when the lemma table is built.
OWN_WORD_FIRST = True


def chosen(word: str, lemmas: tuple[str | None, ...]) -> str | None:
    """The lemma the merged table gives `word` of its lemmas in each of `LANGS` (None where a dictionary lacks it).

    The first dictionary that holds the word reads it, except where the first of all (bokmål, the corpus's main
    language) lacks it, another reads it as a form of another word, and a later one holds it as a word of its own
    (`OWN_WORD_FIRST`): a word as it is loses only an inflection the stemmer mostly takes off, where a word read as
    an unrelated one's form meets that word's passages. 133 words change lemma, 92 their term, each a Danish word
    nynorsk's dictionary read as another: syg as suga, told as tole, læst as låst, and Danish spellings it lists as
    its own words' (magt as makt), which now meet those by a question's counterpart or typo reading."""
    held = [lemma for lemma in lemmas if lemma is not None]
    if not held:
        return None
    if OWN_WORD_FIRST and lemmas[0] is None and held[0] != word and word in held:
        return word
    return held[0]


class Lemmatizer:
    """simplemma over several languages in turn; a word no dictionary knows is kept.

    simplemma decodes each language's dictionary in Python on first use (about a second a
    language), which would be most of a command's start-up; so the merged dictionaries are
    kept once in a SQLite table (`LemmaTable`) and looked up word by word from then on.
    """

    def __init__(self, langs: tuple[str, ...] = LANGS, table: LemmaTable | None = None) -> None:
        self.langs = langs
        self.table = table

    # B019: the cache keeps its Lemmatizers alive, which is fine: a process makes one (or a few in
    # tests and benchmarks), and one shared bounded cache avoids a second call a word.
    @lru_cache(maxsize=200_000)  # noqa: B019
    def __call__(self, word: str) -> str:
        if self.table is not None:
            found = self.table.get(word)
            if found is not None or self.table.complete:
                return found or word
        # simplemma's guess for an unknown word ("kompetencerådet" → "kompetenceråde") is
        # worse than the word itself, which the stemmer and the decompounder still handle.
        return chosen(word.lower(), _simplemma_lemmas(word, self.langs)) or word

    @lru_cache(maxsize=50_000)  # noqa: B019 - as __call__
    def others(self, word: str) -> tuple[str, ...]:
        """`word`'s lemmas in the later dictionaries of `langs` that differ from the one `__call__` gives.

        The merged table reads a word by the first dictionary that holds it, and a nynorsk word is often
        another bokmål word too: "valt" is bokmål's "valte" before it is nynorsk's "velje" (valgt). A
        question's word the index lacks is looked up again by these (Analyzer._counterpart)."""
        word = word.lower()
        if self.table is not None and self.table.complete:
            return self.table.others(word)
        first = self(word)
        found = [lemma for lemma in _simplemma_lemmas(word, self.langs) if lemma is not None]
        return tuple(dict.fromkeys(lemma for lemma in found if lemma != first))

    @lru_cache(maxsize=50_000)  # noqa: B019 - as __call__
    def lemma_in(self, word: str, lang: str) -> str | None:
        """`word`'s lemma in `lang`'s dictionary where it differs from the one `__call__` gives; else None (that
        dictionary lacks the word, reads it as the first does, or is the first to hold it).

        A question known to be nynorsk reads its words by nynorsk's dictionary: "vel" is bokmål's adverb before
        it is nynorsk's velja (velge), and the index holds both terms (Analyzer's nynorsk reading)."""
        word = word.lower()
        if lang not in self.langs:
            return None
        if self.table is not None and self.table.complete:
            return self.table.lemma_in(word, self.langs.index(lang))
        lemma = _simplemma_lemmas(word, self.langs)[self.langs.index(lang)]
        return lemma if lemma is not None and lemma != self(word) else None

    @lru_cache(maxsize=50_000)  # noqa: B019 - as __call__
    def first_language(self, word: str) -> str | None:
        """The first of `langs` whose dictionary holds `word` (lower-cased) as a word form; None for none. "oppgåver"
        is nynorsk's (bokmål writes oppgaver), "ålmenta" nynorsk's, "sine" bokmål's (nynorsk and Danish too)."""
        word = word.lower()
        if self.table is not None and self.table.complete:
            rank = self.table.first_rank(word)
            return None if rank is None else self.langs[rank]
        import simplemma

        return next((lang for lang in self.langs if simplemma.is_known(word, lang=lang)), None)

    def knows(self, word: str) -> bool:
        """Whether a dictionary of `langs` has `word` (lower-cased) as a word form."""
        word = word.lower()
        if self.table is not None and self.table.complete:
            return self.table.get(word) is not None
        import simplemma

        return any(simplemma.is_known(word, lang=lang) for lang in self.langs)


class LemmaTable:
    """simplemma's dictionaries for `langs`, merged in order (the first that holds a word reads it, `chosen`), in
    SQLite; beside them each word's lemmas in the other dictionaries where they differ (`others`)."""

    def __init__(self, path: Path, langs: tuple[str, ...] = LANGS) -> None:
        self.path = path
        self.langs = langs
        self.complete = False
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @classmethod
    def default(cls, folder: Path) -> LemmaTable | None:
        """The table in `folder` (Settings.cache_dir), built there on first use; None when it cannot be."""
        version = _version("simplemma")  # from its metadata: importing simplemma took 0.1 s of every start
        # "lemmas2": the table of the other languages' lemmas was added (0.4.29); "lemmas3": which dictionary holds a
        # word the first one lacks (0.4.37); "lemmas4": a word bokmål lacks read as a word of its own where a dictionary
        # holds it so (`chosen`). An older file lacks them, and is removed once the new one is there.
        table = cls(folder / f"lemmas4-{'-'.join(LANGS)}-{version}.db")
        try:
            table.open()
        except (OSError, sqlite3.Error):
            return None  # an unwritable cache only costs speed: simplemma is asked directly
        for pattern in (f"lemmas{n}-{'-'.join(LANGS)}-*.db" for n in ("", "2", "3")):  # ours, 40-50 MB each
            for old in folder.glob(pattern):
                old.unlink(missing_ok=True)
        return table

    def open(self) -> None:
        """Open the table, building it first when it is missing."""
        if not self.path.exists():
            self._build()
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT 1 FROM lemmas LIMIT 1")
        self._conn = conn
        self.complete = True

    def _build(self) -> None:
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

        factory = DefaultDictionaryFactory()
        # word → its lemmas in each of `langs`, the first key's first (simplemma also tries a token's capitalised form;
        # lower-cased keys cover that, and a capitalised key's other lemma is one of the word's other lemmas)
        readings: dict[str, list[list[str]]] = {}
        for rank, lang in enumerate(self.langs):
            for key, value in factory.get_dictionary(lang).items():
                found = readings.setdefault(key.lower(), [[] for _ in self.langs])[rank]
                if value.lower() not in found:
                    found.append(value.lower())
        merged: dict[str, str] = {}
        others: dict[tuple[str, str], int] = {}  # (word, lemma) → its language's place in `langs`
        firsts: dict[str, int] = {}  # a word the first dictionary lacks → the place of the first that holds it
        for word, lemmas in readings.items():
            lemma = chosen(word, tuple(found[0] if found else None for found in lemmas))
            assert lemma is not None
            merged[word] = lemma
            first = next(rank for rank, found in enumerate(lemmas) if found)
            if first:
                firsts[word] = first
            for rank, found in enumerate(lemmas):
                for other in found:
                    if other != lemma:
                        others.setdefault((word, other), rank)
        del readings
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("CREATE TABLE lemmas (word TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
            conn.executemany("INSERT INTO lemmas VALUES (?, ?)", sorted(merged.items()))
            conn.execute("CREATE TABLE others (word TEXT NOT NULL, lemma TEXT NOT NULL, rank INTEGER NOT NULL,"
                         " PRIMARY KEY (word, lemma)) WITHOUT ROWID")
            conn.executemany("INSERT INTO others VALUES (?, ?, ?)", sorted((*k, r) for k, r in others.items()))
            conn.execute("CREATE TABLE firsts (word TEXT PRIMARY KEY, rank INTEGER NOT NULL) WITHOUT ROWID")
            conn.executemany("INSERT INTO firsts VALUES (?, ?)", sorted(firsts.items()))
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, self.path)  # several processes may build it at once: the last one wins, whole

    def get(self, word: str) -> str | None:
        """The lemma of a known word, or None."""
        if self._conn is None:
            raise RuntimeError("LemmaTable.get() before open()")
        with self._lock:
            row = self._conn.execute("SELECT lemma FROM lemmas WHERE word = ?", (word,)).fetchone()
        return row[0] if row else None

    def others(self, word: str) -> tuple[str, ...]:
        """The lemmas of `word` in the later languages that differ from the first's (`Lemmatizer.others`)."""
        if self._conn is None:
            raise RuntimeError("LemmaTable.others() before open()")
        with self._lock:
            rows = self._conn.execute("SELECT lemma FROM others WHERE word = ? ORDER BY rank, lemma",
                                      (word,)).fetchall()
        return tuple(row[0] for row in rows)

    def first_rank(self, word: str) -> int | None:
        """The place in `langs` of the first dictionary that holds `word`: 0 for the first one, None for none."""
        if self._conn is None:
            raise RuntimeError("LemmaTable.first_rank() before open()")
        with self._lock:
            row = self._conn.execute("SELECT rank FROM firsts WHERE word = ?", (word,)).fetchone()
            if row is None:
                held = self._conn.execute("SELECT 1 FROM lemmas WHERE word = ?", (word,)).fetchone()
        return row[0] if row else (0 if held else None)

    def lemma_in(self, word: str, rank: int) -> str | None:
        """The lemma of `word` in the language at `rank` of `langs` where it differs from the first's (one at most:
        a dictionary gives a word one lemma)."""
        if self._conn is None:
            raise RuntimeError("LemmaTable.lemma_in() before open()")
        with self._lock:
            row = self._conn.execute("SELECT lemma FROM others WHERE word = ? AND rank = ? ORDER BY lemma",
                                     (word, rank)).fetchone()
        return row[0] if row else None


def _simplemma_lemmas(word: str, langs: tuple[str, ...]) -> tuple[str | None, ...]:
    """`word`'s lemma in each of `langs`' dictionaries, asked of simplemma directly (None where one lacks it)."""
    import simplemma

    return tuple(simplemma.lemmatize(word, lang=lang).lower() if simplemma.is_known(word, lang=lang) else None
                 for lang in langs)


class Stemmer:
    """The Snowball stemmer (Norwegian by default; its suffixes cover Danish ones too).

    PyStemmer runs the Snowball project's C code: it imports in a millisecond, where nltk's
    Snowball port takes 2.4 s to import (nltk loads scipy), which would be most of a cold
    start. Both implement the same algorithm; tests/test_analysis.py compares them.
    """

    def __init__(self, language: str = "norwegian") -> None:
        import Stemmer as pystemmer

        self.language = language
        self._stem = pystemmer.Stemmer(language).stemWord

    def __call__(self, word: str) -> str:
        return self._stem(word)


def dictionaries_version() -> str:
    """The installed simplemma's and PyStemmer's versions, as an index records what analysed it.

    Their releases change words' lemmas and stems: simplemma 2.0 reads 743 of the sets' 2,609 question words
    otherwise than 1.2 does. An index built with one and searched with the other would miss the question's terms
    where the two differ, so an upgrade of either rebuilds the index as an upgrade of kommunebot's own analysis does.
    """
    return "+".join(_version(package) for package in ("simplemma", "PyStemmer"))


def _version(package: str) -> str:
    """An installed package's version from its metadata ("0" when it is not installed)."""
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "0"


_cache_dir = Path.home() / ".cache" / "kommunebot"  # Settings' default, until a front end says otherwise


def use_cache_dir(folder: Path) -> None:
    """Keep the lemma table in `folder` from now on (the front ends pass Settings.cache_dir at start)."""
    global _cache_dir
    if folder != _cache_dir:
        _cache_dir = folder
        default_lemmatizer.cache_clear()


def cache_dir() -> Path:
    """Where the lemma table is kept now (a worker process is told, so it reads the same table)."""
    return _cache_dir


@lru_cache(maxsize=1)
def default_lemmatizer() -> Lemmatizer:
    """The shared Lemmatizer, backed by the lemma table where it can be kept."""
    return Lemmatizer(table=LemmaTable.default(_cache_dir))
