"""Build bot/analysis/data/english_nb.tsv.gz and english_da.tsv.gz: English words in Norwegian and Danish (FreeDict).

A maintainer runs it; the product never does (it reads the files). It needs Debian's FreeDict
dictionaries (dictd's format: an index of headwords and a compressed file of entries):

    apt-get install dict-freedict-eng-nor dict-freedict-dan-eng
    python scripts/english_dictionary.py          # a few seconds

English-Norwegian (eng-nor, WikDict's from Wiktionary, CC-BY-SA-3.0) gives each one-word English
headword its Norwegian translations, first sense first. Danish-English (dan-eng, GPL-3.0-or-later)
is read the other way round: each Danish headword is a translation of the one-word English glosses
it has. A line of a file is an English headword, a tab, and its translations (comma-separated, in
the dictionary's order); and a line for each Snowball stem (PyStemmer's English, as the analyzer
stems the question's word), written "=stem", with the translations of all its headwords, for a form
neither the word nor its lemma finds. Each file is derived from its dictionary and under that
dictionary's licence.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis.dictionary import DANISH_FILE, NORWEGIAN_FILE  # noqa: E402
from bot.analysis.lemma import Stemmer  # noqa: E402

DICTD = Path("/usr/share/dictd")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
HEADER = """\
# English words in {language}: an English word (or "=" and a Snowball stem), a tab, its translations (comma-separated).
# Written by scripts/english_dictionary.py from FreeDict's {name} dictionary ({source}; {licence};
# this file is derived from it and under the same licence). Do not edit by hand: run the script again.
"""
_SENSE = re.compile(r"^\d+\.\s+")
_TRAILING_SENSE = re.compile(r"\s+\d+\.\s*$")
_WORD = re.compile(r"[a-z]+")
_TRANSLATION = re.compile(r"[a-zæøåéü]+(?:[ -][a-zæøåéü]+)*")


def _number(text: str) -> int:
    """dictd's base-64 offsets and lengths."""
    value = 0
    for char in text:
        value = value * 64 + B64.index(char)
    return value


def entries(name: str, folder: Path = DICTD) -> Iterator[tuple[str, str]]:
    """(headword, entry text) of a dictd dictionary, in its index's order."""
    data = gzip.decompress((folder / f"{name}.dict.dz").read_bytes())
    for line in (folder / f"{name}.index").read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")[:3]
        if not head.startswith("00-"):  # the dictionary's own description
            start = _number(offset)
            yield head, data[start:start + _number(length)].decode("utf-8")


def senses(entry: str) -> list[str]:
    """The translations of one entry, in order: the line after the headword's, and each line that
    begins a numbered sense ("1. personale", "2. stav"); the lines between are English glosses."""
    out: list[str] = []
    for i, line in enumerate(entry.split("\n")[1:]):
        if i == 0 or _SENSE.match(line):
            line = _TRAILING_SENSE.sub("", _SENSE.sub("", line)).strip()
            out.extend(part.strip() for part in line.split(",") if part.strip())
    return out


def table(pairs: Iterator[tuple[str, str]]) -> dict[str, list[str]]:
    """English word → its translations, each once, lower case; and "=" + each stem → its words' translations."""
    stem = Stemmer("english")  # as bot/analysis/dictionary.py looks a word up
    out: dict[str, list[str]] = {}
    for english, other in pairs:
        english, other = english.strip().lower(), other.strip().lower().strip("-")
        if _WORD.fullmatch(english) and _TRANSLATION.fullmatch(other):
            for key in (english, "=" + stem(english)):
                found = out.setdefault(key, [])
                if other not in found:
                    found.append(other)
    return out


def norwegian(folder: Path = DICTD) -> dict[str, list[str]]:
    return table((head, t) for head, entry in entries("freedict-eng-nor", folder) for t in senses(entry))


def danish(folder: Path = DICTD) -> dict[str, list[str]]:
    return table((gloss, head) for head, entry in entries("freedict-dan-eng", folder) for gloss in senses(entry))


def write(path: Path, words: dict[str, list[str]], header: str) -> None:
    lines = [f"{key}\t{','.join(values)}" for key, values in sorted(words.items())]
    path.write_bytes(gzip.compress((header + "\n".join(lines) + "\n").encode("utf-8"), mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dictd", type=Path, default=DICTD, help="where dictd's files are (default: %(default)s)")
    args = parser.parse_args()
    missing = [n for n in ("freedict-eng-nor", "freedict-dan-eng") if not (args.dictd / f"{n}.index").exists()]
    if missing:
        raise SystemExit(f"{', '.join(missing)} not in {args.dictd}: apt-get install dict-freedict-eng-nor "
                         "dict-freedict-dan-eng")
    nb = norwegian(args.dictd)
    write(NORWEGIAN_FILE, nb, HEADER.format(language="Norwegian", name="English-Norwegian (eng-nor)",
                                           source="WikDict, from Wiktionary", licence="CC-BY-SA-3.0"))
    da = danish(args.dictd)
    write(DANISH_FILE, da, HEADER.format(language="Danish", name="Danish-English (dan-eng), read the other way round",
                                        source="https://freedict.org", licence="GPL-3.0-or-later"))
    print(f"{NORWEGIAN_FILE.name}: {_words(nb)} words; {DANISH_FILE.name}: {_words(da)} words")


def _words(words: dict[str, list[str]]) -> int:
    return sum(not key.startswith("=") for key in words)


if __name__ == "__main__":
    main()
