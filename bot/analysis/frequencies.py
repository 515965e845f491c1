"""wordfreq's word frequencies (bokmål, Danish, English), looked up a word at a time in a table in the cache folder."""

from __future__ import annotations

import logging
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.analysis.lemma import cache_dir

log = logging.getLogger(__name__)

LANGS = ("nb", "da", "en")
# The table's layout: another layout is another file name, so an older file is never read as this one.
FORMAT = 2
# Lower-case Latin letters that wordfreq's preprocessing (NFC, case folding) and tokenizer leave as they are: such a
# word is its own single token, looked up as it is (tests/test_frequencies.py compares every word of the lists).
PLAIN = re.compile("[a-zæøåäöüéèêáàóòôúùç]+")
# Words looked up in one statement (SQLite's bound on a statement's variables is 999 in older builds).
BATCH = 900
# A process that makes more look-ups of a language than this reads that language's list into memory, once (0.2-0.3 s
# for bokmål's or English's): a look-up is then a dict's and not a SQLite query's (1.3 µs against 30 µs on this busy
# 2-core machine). One question makes up to about 400 a language (190 for the README's first), so `kommunebot ask`
# never does; the bot, the page, `chat` and `eval` do after ten questions or so, a build at once (answer() had taken
# 1.1-1.4 × as long over the dev sets' 181 questions in one process without it).
IN_MEMORY_AFTER = 1000


def zipf_of(freq: float | None) -> float:
    """wordfreq's zipf_frequency arithmetic for one looked-up frequency (minimum 0 Zipf)."""
    unrounded = max(freq or 0.0, 1e-9)  # zipf_to_freq(0): the floor zipf_frequency passes on
    rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)  # 3 significant digits
    return round(math.log(rounded, 10) + 9, 2)


def wordfreq_version() -> str:
    """The installed wordfreq's version, from its metadata (importing wordfreq costs 0.15 s)."""
    from importlib import metadata

    try:
        return metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        return "0"


class FrequencyTable:
    """wordfreq's lists of `LANGS` in one SQLite file, looked up a word at a time.

    wordfreq holds a list as a dict it makes on first use: bokmål's 318,881 words and English's 321,180
    took 0.3-0.4 s each, and every `kommunebot ask` made them, most of its first answer's time, to look up
    a few hundred words. The file is made once from wordfreq's own dicts (the same floats), named by
    wordfreq's version and this layout, written to a temporary file and renamed into place, and checked
    when opened: a file that is not the table (damaged, cut short, another's) is made again. A process that
    looks up many words of a language has them read into memory (IN_MEMORY_AFTER).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._looked = dict.fromkeys(LANGS, 0)  # words looked up in the file, by language
        self._held: dict[str, dict[str, float]] = {}  # the languages read into memory

    @classmethod
    def default(cls, folder: Path) -> FrequencyTable | None:
        """The table in `folder` (Settings.cache_dir), made there on first use; None when it cannot be."""
        table = cls(folder / f"wordfreq{FORMAT}-{'-'.join(LANGS)}-{wordfreq_version()}.db")
        try:
            table.open()
        except (OSError, sqlite3.Error) as exc:  # an unwritable cache only costs time: wordfreq's dicts serve
            log.debug("word frequencies from wordfreq's dicts: %s", exc)
            return None
        return table

    def open(self) -> None:
        """Open the table, making it first when it is missing or not whole."""
        if self.path.exists():
            try:
                self._conn = self._checked()
                return
            except sqlite3.Error:
                self.path.unlink()  # damaged: made again below
        self._build()
        self._conn = self._checked()

    def _checked(self) -> sqlite3.Connection:
        """A read-only connection to the file, which must name every language and be as long as SQLite wrote it (a check
        that reads no more than its first page: counting the words took 0.1-0.2 s). Damage further in fails a look-up,
        and then the lists are read from wordfreq (`frequency`)."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            langs = [row[0] for row in conn.execute("SELECT lang FROM meta")]
            pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
            if sorted(langs) != sorted(LANGS) or pages != self.path.stat().st_size:  # cut short, or more than written
                raise sqlite3.DatabaseError(f"{self.path} does not hold wordfreq's lists whole")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _build(self) -> None:
        from wordfreq import get_frequency_dict

        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a temporary file, renamed into place only when whole
            conn.execute("CREATE TABLE meta (lang TEXT PRIMARY KEY, words INTEGER NOT NULL)")
            conn.execute("CREATE TEMP TABLE listed (lang TEXT, word TEXT, freq REAL)")
            for lang in LANGS:
                # "best" as wordfreq's own lookups name it, so its cache holds one dict a language, not two
                words = get_frequency_dict(lang, "best")
                conn.executemany("INSERT INTO listed VALUES (?, ?, ?)", ((lang, *item) for item in words.items()))
                conn.execute("INSERT INTO meta VALUES (?, ?)", (lang, len(words)))
            conn.execute("CREATE TABLE words (lang TEXT NOT NULL, word TEXT NOT NULL, freq REAL NOT NULL,"
                         " PRIMARY KEY (lang, word)) WITHOUT ROWID")
            # sorted by SQLite, not in Python: the 670,000 rows in a quarter less time
            conn.execute("INSERT INTO words SELECT lang, word, freq FROM listed ORDER BY lang, word")
            conn.commit()
            conn.close()
            os.replace(tmp, self.path)  # several processes may make it at once: the last one wins, whole
        finally:
            conn.close()
            tmp.unlink(missing_ok=True)

    def get(self, word: str, lang: str) -> float | None:
        """The word's frequency in `lang`'s list, None for a word it lacks."""
        held = self._held.get(lang)
        if held is not None:
            return held.get(word)
        conn = self._connection(lang)
        with self._lock:
            row = conn.execute("SELECT freq FROM words WHERE lang = ? AND word = ?", (lang, word)).fetchone()
            self._count(conn, lang, 1)
        return row[0] if row else None

    def get_many(self, words: Iterable[str], lang: str) -> dict[str, float]:
        """The frequencies in `lang`'s list of those of `words` it holds."""
        wanted = list(dict.fromkeys(words))
        held = self._held.get(lang)
        if held is not None:
            return {w: held[w] for w in wanted if w in held}
        conn = self._connection(lang)
        found: dict[str, float] = {}
        with self._lock:
            for i in range(0, len(wanted), BATCH):
                part = wanted[i:i + BATCH]
                found.update(conn.execute(
                    f"SELECT word, freq FROM words WHERE lang = ? AND word IN ({','.join('?' * len(part))})",
                    [lang, *part]).fetchall())
            self._count(conn, lang, -(-len(wanted) // BATCH))  # a statement a batch
        return found

    def _connection(self, lang: str) -> sqlite3.Connection:
        if self._conn is None or lang not in LANGS:
            raise RuntimeError(f"a look-up of {lang!r} before FrequencyTable.open() or of a language it lacks")
        return self._conn

    def _count(self, conn: sqlite3.Connection, lang: str, looked: int) -> None:
        """Count `looked` more look-ups in the file; past IN_MEMORY_AFTER, read the language into memory (lock held)."""
        self._looked[lang] += looked
        if self._looked[lang] > IN_MEMORY_AFTER and lang not in self._held:
            self._held[lang] = dict(conn.execute("SELECT word, freq FROM words WHERE lang = ?", (lang,)).fetchall())

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


_lock = threading.Lock()
_opened: dict[Path, FrequencyTable | None] = {}  # by cache folder: this process's table, None where none can be


def _forget_after_fork() -> None:
    """A forked child opens its own connection (SQLite's must not cross a fork)."""
    _opened.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def table() -> FrequencyTable | None:
    """This process's table in the cache folder now in use (bot.analysis.lemma.use_cache_dir), opened on first use."""
    folder = cache_dir()
    try:
        return _opened[folder]
    except KeyError:
        pass
    with _lock:
        if folder not in _opened:
            _opened[folder] = FrequencyTable.default(folder)
        return _opened[folder]


def _damaged(found: FrequencyTable, exc: sqlite3.Error) -> None:
    """A table that fails in use is not used again by this process, and is made again by the next."""
    log.warning("the word frequency table %s failed (%s); using wordfreq's lists, and making it again next time",
                found.path, exc)
    with _lock:
        for folder, t in list(_opened.items()):
            if t is found:
                _opened[folder] = None
    found.path.unlink(missing_ok=True)


def _wordfreq_dict(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang, "best")


def frequency(word: str, lang: str) -> float | None:
    """`word`'s frequency in wordfreq's `lang` list, as its dict holds it (`get_frequency_dict`); None if absent."""
    found = table()
    if found is not None:
        try:
            return found.get(word, lang)
        except sqlite3.Error as exc:
            _damaged(found, exc)
    return _wordfreq_dict(lang).get(word)


def frequencies(words: Iterable[str], lang: str) -> dict[str, float]:
    """The frequencies in wordfreq's `lang` list of those of `words` it holds, in one look-up."""
    words = list(words)
    found = table()
    if found is not None:
        try:
            return found.get_many(words, lang)
        except sqlite3.Error as exc:
            _damaged(found, exc)
    held = _wordfreq_dict(lang)
    return {w: held[w] for w in words if w in held}


@lru_cache(maxsize=8192)
def zipf_in(word: str, lang: str) -> float:
    """`word`'s Zipf frequency in wordfreq's `lang` list ("nb", "da", "en"), as its zipf_frequency gives it; a plain
    lower-case word (most) from the table, without wordfreq's tokenizer (its first use compiles its patterns)."""
    if PLAIN.fullmatch(word):
        return zipf_of(frequency(word, lang))
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)
