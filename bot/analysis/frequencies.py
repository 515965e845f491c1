"""wordfreq's word frequencies (bokmål, Danish, English), looked up a word at a time in arrays in the cache folder."""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.analysis.lemma import cache_dir

log = logging.getLogger(__name__)

LANGS = ("nb", "da", "en")
# The files' layout: another layout is another folder name, so an older one is never read as this one.
FORMAT = 3
# Lower-case Latin letters that wordfreq's preprocessing (NFC, case folding) and tokenizer leave as they are: such a
# word is its own single token, looked up as it is (tests/test_cache_folder.py compares every word of the lists).
PLAIN = re.compile("[a-zæøåäöüéèêáàóòôúùç]+")
# A process that makes more look-ups of a language than this reads that language's list into a dict, once (0.1-0.3 s
# for bokmål's or English's): a look-up is then a dict's, 0.6-1.2 µs, and not a binary search's, 4-6 µs on this busy
# 2-core machine. One question makes up to about 400 a language (190 for the README's first), so `kommunebot ask`
# never does; the bot, the page, `chat` and `eval` do after ten questions or so, a build at once.
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
    """wordfreq's lists of `LANGS` as sorted arrays in a folder (each language's words, UTF-8, and their frequencies,
    memory-mapped), a word looked up by binary search.

    wordfreq holds a list as a dict it makes on first use: bokmål's 318,881 words and English's 321,180 took 0.3-0.4 s
    each, and every `kommunebot ask` made them, most of its first answer's time, to look up a few hundred words. The
    arrays are made once from wordfreq's own dicts (the same floats) in a temporary folder renamed into place, named by
    wordfreq's version and this layout, and checked when opened: files cut short or not these arrays are made again.
    (A SQLite table, as the lemmas have, took 4-5 times as long to make, which a new machine's first command waits for.)
    A process that looks up many words of a language has them read into a dict (IN_MEMORY_AFTER).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._words: dict[str, np.ndarray] = {}  # by language: sorted fixed-width UTF-8 words
        self._freqs: dict[str, np.ndarray] = {}  # and their frequencies, float64
        self._lock = threading.Lock()
        self._looked = dict.fromkeys(LANGS, 0)  # look-ups in the arrays, by language
        self._held: dict[str, dict[bytes, float]] = {}  # the languages read into dicts, by the words' UTF-8

    @classmethod
    def default(cls, folder: Path) -> FrequencyTable | None:
        """The arrays in `folder` (Settings.cache_dir), made there on first use; None when they cannot be."""
        table = cls(folder / f"wordfreq{FORMAT}-{'-'.join(LANGS)}-{wordfreq_version()}")
        try:
            table.open()
        except (OSError, ValueError, EOFError) as exc:  # an unwritable cache only costs time: wordfreq's dicts serve
            log.debug("word frequencies from wordfreq's dicts: %s", exc)
            return None
        return table

    def open(self) -> None:
        """Open the arrays, making them first when they are missing or not whole."""
        if self.path.exists():
            try:
                self._load()
                return
            except (OSError, ValueError, EOFError):  # damaged: made again below
                if self.path.is_dir():
                    shutil.rmtree(self.path)
                else:
                    self.path.unlink()
        self._build()
        self._load()

    def _load(self) -> None:
        """Map each language's two arrays, which must be whole and of one length (numpy checks each file's size
        against its header)."""
        for lang in LANGS:
            words = np.load(self.path / f"{lang}-words.npy", mmap_mode="r", allow_pickle=False)
            freqs = np.load(self.path / f"{lang}-freqs.npy", mmap_mode="r", allow_pickle=False)
            if words.dtype.kind != "S" or freqs.dtype != np.float64 or words.shape != freqs.shape or words.ndim != 1:
                raise ValueError(f"{self.path} does not hold wordfreq's {lang} list")
            self._words[lang], self._freqs[lang] = words, freqs

    def _build(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            for lang in LANGS:
                words, freqs = _listed(lang)
                np.save(tmp / f"{lang}-words.npy", words, allow_pickle=False)
                np.save(tmp / f"{lang}-freqs.npy", freqs, allow_pickle=False)
            try:
                os.replace(tmp, self.path)
            except OSError:
                if not self.path.is_dir():  # another process made it meanwhile: theirs is used
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def get(self, word: str, lang: str) -> float | None:
        """The word's frequency in `lang`'s list, None for a word it lacks."""
        held = self._held.get(lang)
        if held is not None:
            return held.get(word.encode("utf-8", "surrogatepass"))  # a lone surrogate's bytes are no listed word
        return self._search([word], lang).get(word)

    def get_many(self, words: Iterable[str], lang: str) -> dict[str, float]:
        """The frequencies in `lang`'s list of those of `words` it holds."""
        wanted = list(dict.fromkeys(words))
        held = self._held.get(lang)
        if held is not None:
            found = ((w, held.get(w.encode("utf-8", "surrogatepass"))) for w in wanted)
            return {w: f for w, f in found if f is not None}
        return self._search(wanted, lang)

    def _search(self, wanted: list[str], lang: str) -> dict[str, float]:
        """`wanted`'s frequencies found by binary search in `lang`'s arrays (one search for them all); counted."""
        if lang not in self._words:
            raise RuntimeError(f"a look-up of {lang!r} before FrequencyTable.open() or of a language it lacks")
        words, freqs = self._words[lang], self._freqs[lang]
        encoded = {}
        for w in wanted:
            try:
                b = w.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: no word of the lists
                continue
            # longer than the longest listed word, or holding a NUL (which numpy's fixed-width strings drop at the
            # end, and no listed word holds): not listed
            if 0 < len(b) <= words.dtype.itemsize and b"\x00" not in b:
                encoded[w] = b
        found: dict[str, float] = {}
        if len(encoded) == 1:  # most look-ups: a scalar search is a third of an array's time
            (w, b), = encoded.items()
            i = int(words.searchsorted(b))
            if i < len(words) and words[i] == b:
                found[w] = float(freqs[i])
        elif encoded:
            needles = np.array(list(encoded.values()), dtype=words.dtype)
            at = np.minimum(np.searchsorted(words, needles), len(words) - 1)
            hit = words[at] == needles
            found = {w: f for w, f, h in zip(encoded, freqs[at].tolist(), hit.tolist(), strict=True) if h}
        with self._lock:
            self._looked[lang] += 1
            if self._looked[lang] > IN_MEMORY_AFTER and lang not in self._held:
                # by the words' UTF-8 bytes: no decoding of 320,000 words (a look-up encodes the one it looks up)
                self._held[lang] = dict(zip(words.tolist(), freqs.tolist(), strict=True))
        return found


def _listed(lang: str) -> tuple[np.ndarray, np.ndarray]:
    """wordfreq's `lang` list as `get_frequency_dict(lang)` holds it: its words (UTF-8, fixed width, sorted in numpy's
    byte order, which its binary search follows) and their frequencies. Read from the list's frequency bands (0.1 s)
    rather than the dict wordfreq makes of them (0.3-0.4 s), where no word is in two bands (there the dict keeps the
    last, and the dict is read); ValueError for an empty word or a NUL, which fixed-width strings cannot hold."""
    from wordfreq import cB_to_freq, get_frequency_dict, get_frequency_list

    bands = get_frequency_list(lang, "best")  # "best" as wordfreq's own look-ups name it: one cache entry, not two
    listed = [w for band in bands for w in band]
    joined = "\x00".join(listed)
    if "" in listed or joined.count("\x00") != len(listed) - 1:
        raise ValueError(f"wordfreq's {lang} list holds an empty word or a NUL")
    words = np.array(joined.encode("utf-8").split(b"\x00"))
    # get_frequency_dict's own arithmetic, a band at a time
    freqs = np.repeat(np.array([cB_to_freq(-i) for i in range(len(bands))], dtype=np.float64), [len(b) for b in bands])
    order = np.argsort(words)
    words, freqs = words[order], freqs[order]
    if len(words) > 1 and bool(np.any(words[1:] == words[:-1])):  # a word in two bands: the dict's own values
        held = get_frequency_dict(lang, "best")
        words = np.array(sorted(w.encode("utf-8") for w in held))
        freqs = np.array([held[w.decode("utf-8")] for w in words.tolist()], dtype=np.float64)
    return words, freqs


_lock = threading.Lock()
_opened: dict[Path, FrequencyTable | None] = {}  # by cache folder: this process's arrays, None where none can be


def table() -> FrequencyTable | None:
    """This process's arrays in the cache folder now in use (bot.analysis.lemma.use_cache_dir), opened on first use."""
    folder = cache_dir()
    try:
        return _opened[folder]
    except KeyError:
        pass
    with _lock:
        if folder not in _opened:
            _opened[folder] = FrequencyTable.default(folder)
        return _opened[folder]


def _wordfreq_dict(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang, "best")


def frequency(word: str, lang: str) -> float | None:
    """`word`'s frequency in wordfreq's `lang` list, as its dict holds it (`get_frequency_dict`); None if absent."""
    found = table()
    return found.get(word, lang) if found is not None else _wordfreq_dict(lang).get(word)


def frequencies(words: Iterable[str], lang: str) -> dict[str, float]:
    """The frequencies in wordfreq's `lang` list of those of `words` it holds, in one look-up."""
    found = table()
    if found is not None:
        return found.get_many(words, lang)
    held = _wordfreq_dict(lang)
    return {w: held[w] for w in words if w in held}


@lru_cache(maxsize=8192)
def zipf_in(word: str, lang: str) -> float:
    """`word`'s Zipf frequency in wordfreq's `lang` list ("nb", "da", "en"), as its zipf_frequency gives it; a plain
    lower-case word (most) from the arrays, without wordfreq's tokenizer (its first use compiles its patterns)."""
    if PLAIN.fullmatch(word):
        return zipf_of(frequency(word, lang))
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)
