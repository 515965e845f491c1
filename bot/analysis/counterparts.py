"""The same word in bokmål, nynorsk and Danish (Apertium's dictionaries): for question words the index lacks, and a
nynorsk word's bokmål word for chunks and questions alike."""

from __future__ import annotations

import gzip
import re
import threading
import zlib
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

from bot.analysis.resources import DATA

# written by scripts/counterparts.py, one sorted "lemma<TAB>a,b" a line, and "=stem<TAB>a,b" for the lemmas a
# counterpart no dictionary holds is of, by its Snowball stem (the way back: "=godtgjersl<TAB>godtgjørelse")
FILE = DATA / "counterparts.tsv.gz"


def table_lines(path: Path) -> list[str]:
    """A shipped gzipped table's lines after its header comments; none when the file is missing or damaged (that
    costs only the stage reading it: words are read as before)."""
    try:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    except (OSError, EOFError, zlib.error, UnicodeDecodeError):
        return []
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return lines[start:]


class Counterparts:
    """A lemma's counterparts in the other two languages, read from the shipped file on first use.

    Read lazily and kept as the file's sorted lines, searched by bisection: a dict of its 136,549
    words (0.4.7's table) took twice as long to make (155 ms against 80) and more memory, and most
    questions never ask (only a word the index does not know does).
    """

    def __init__(self, path: Path = FILE) -> None:
        self.path = path
        self._lines: list[str] | None = None
        self._lock = threading.Lock()

    def _load(self) -> list[str]:
        return table_lines(self.path)

    def __call__(self, lemma: str) -> tuple[str, ...]:
        if self._lines is None:
            with self._lock:
                if self._lines is None:
                    self._lines = self._load()
        key = lemma + "\t"  # a tab sorts before every letter, so "by\t" comes before "byråd\t"
        i = bisect_left(self._lines, key)
        if i < len(self._lines) and self._lines[i].startswith(key):
            return tuple(self._lines[i][len(key):].split(","))
        return ()


NYNORSK_FILE = DATA / "nynorsk_bokmal.tsv.gz"  # written by scripts/nynorsk_bokmal.py, one "lemma<TAB>bokmål" a line


class Bokmal:
    """A nynorsk word's bokmål word ("søkjarar" → søker, "tilsetjing" → ansettelse), for the index and the questions
    alike: the law pack's Offentleglova is nynorsk and most questions to it are bokmål.

    Read from the shipped table of the nynorsk lemmas neither bokmål nor Danish has (3,211 of them, 24 KB), on
    first use; a missing or damaged file leaves every word as it is.
    """

    def __init__(self, lemmatizer: Callable[[str], str] | None, path: Path = NYNORSK_FILE) -> None:
        self.lemmatizer = lemmatizer
        self.path = path
        self._table: dict[str, str] | None = None
        self._lock = threading.Lock()

    def _words(self) -> dict[str, str]:
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._table = dict(line.split("\t", 1) for line in table_lines(self.path) if "\t" in line)
        return self._table

    def __call__(self, word: str) -> str | None:
        """The bokmål word of `word` when it is a nynorsk one; else None."""
        table = self._words()
        lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
        return table.get(lemma) or table.get(word)

    def known(self, part: str) -> bool:
        """Whether a compound's head is a nynorsk lemma (the decompounder's frequency lists are bokmål and Danish).

        The head as written, not lemmatised: the decompounder asks of every cut of every long word, and a
        compound's head is its lemma's form ("søkjar" in "søkjarlister")."""
        return len(part) >= 5 and part in self._words()


FORMS_FILE = DATA / "nynorsk_forms.tsv.gz"  # by scripts/nynorsk_forms.py, one "form or phrase<TAB>bokmål" a line
GAP = "…"  # a phrase "<auxiliary> … <form>": the form's participle reading after that auxiliary ("blir … vald" velge)
PARTICIPLE_GAP = 3  # words a participle may stand after its auxiliary: the subject ("blir kontrollutvalet vald")
_TOKEN = re.compile(r"[\w-]+|[^\w\s]")


class NynorskForms:
    """A nynorsk word form or phrase read as Apertium's nno-nob reads it in bokmål, where every reading of it agrees
    ("røyste" stemme, "handsama" behandle, "til stades" til stede, "vald inn" velge inn): for nynorsk questions.

    simplemma's nynorsk dictionary gives a form one lemma, and a nynorsk lemma that is a bokmål word's form too
    ("røyste", bokmål's past of røyse) has no counterpart in the tables above, which hold the lemmas bokmål lacks;
    Apertium's analyser knows every reading of a form and its own multiword units, and its bilingual dictionary their
    bokmål words. Read from the shipped file on first use; a missing or damaged file leaves every word as it is.
    """

    def __init__(self, path: Path = FORMS_FILE) -> None:
        self.path = path
        self._table: dict[str, str] | None = None
        self._phrases: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def _words(self) -> dict[str, str]:
        if self._table is None:
            with self._lock:
                if self._table is None:
                    table = dict(line.split("\t", 1) for line in table_lines(self.path) if "\t" in line)
                    phrases = sorted((p for p in table if " " in p and GAP not in p), key=lambda p: (-len(p), p))
                    self._phrases = re.compile(
                        rf"(?<![\w-])(?:{'|'.join(map(re.escape, phrases))})(?![\w-])") if phrases else None
                    self._table = table
        return self._table

    def __call__(self, word: str) -> str | None:
        """The bokmål word of nynorsk form `word` (lower-cased), or None where Apertium's readings disagree or it
        has none other than the form's own."""
        table = self._words()
        return table.get(word) if " " not in word else None

    def phrased(self, text: str, keep: Callable[[str], bool] = lambda words: True) -> str:
        """Normalised `text` with each nynorsk phrase of the table written as its bokmål words, the longest first, where
        `keep` holds for those words."""
        table = self._words()
        if self._phrases is None:
            return text
        return self._phrases.sub(lambda m: table[m.group(0)] if keep(table[m.group(0)]) else m.group(0), text)

    def participled(self, text: str, between: Callable[[str], bool] = lambda word: True) -> str:
        """Normalised `text` with each form the table reads as a participle after an auxiliary before it ("blir …
        vald": velge) written as that participle's bokmål word, where at most PARTICIPLE_GAP words stand between
        them, each of them one `between` holds for, and no punctuation: "Korleis blir ordføraren vald?" is velge,
        "Kva gjer eg om eg blir utsett for vald?" keeps its violence where `between` refuses "for"."""
        table = self._words()
        found = list(_TOKEN.finditer(text))
        words = [m.group(0) for m in found]
        swaps: dict[int, str] = {}
        for i in range(len(words)):
            for size in (2, 1):  # "har vore" before "vore"
                auxiliary = " ".join(words[i:i + size])
                for gap in range(PARTICIPLE_GAP + 1):
                    at = i + size + gap
                    if at >= len(words) or not words[at][0].isalnum():  # punctuation ends the clause
                        break
                    bokmal = table.get(f"{auxiliary} {GAP} {words[at]}")
                    if bokmal is not None:
                        swaps.setdefault(at, bokmal)
                        break
                    if not between(words[at]):
                        break
        if not swaps:
            return text
        out, last = [], 0
        for at in sorted(swaps):
            out += [text[last:found[at].start()], swaps[at]]
            last = found[at].end()
        return "".join(out) + text[last:]
