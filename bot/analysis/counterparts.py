"""The same word in bokmål, nynorsk and Danish (Apertium's dictionaries), for question words the index lacks."""

from __future__ import annotations

import gzip
import threading
import zlib
from bisect import bisect_left
from pathlib import Path

from bot.analysis.resources import DATA

FILE = DATA / "counterparts.tsv.gz"  # written by scripts/counterparts.py, one sorted "lemma<TAB>a,b" a line


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
        try:
            lines = gzip.decompress(self.path.read_bytes()).decode("utf-8").splitlines()
        except (OSError, EOFError, zlib.error, UnicodeDecodeError):
            return []  # a missing or damaged file costs only this stage: questions are read as before
        start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        return lines[start:]

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
