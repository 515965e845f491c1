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

Since 0.4.41 each key also has a line for each part of speech its translations are marked with
(FreeDict's <n>, <pn>, <v>, <adj>, <adv>: a key, "/", the part, e.g. "force/v<TAB>påtvinge,tvinge"
beside "force<TAB>styrke,kraft,tvang,påtvinge,tvinge"), so a question read as using a word as a verb
is given the verb's translations first. The untagged lines are the same as before, so a reader that
knows no parts reads them as it did; a "/" sorts before every letter, so the file stays sorted for
the bisection. eng-nor marks every entry's part; dan-eng marks its Danish headword's in half of its
entries (a Danish noun translates an English noun), and a translation with no mark is in the
untagged line alone. A proper noun (<pn>) counts as a noun; other marks (preposition, numeral, …)
are left out, being function words or rare.

Since fix-english a phrasal verb is a key too: an English verb, a space and one of its particles
(bot/analysis/dictionary.py PARTICLES: "carry out<TAB>utføre", "sign up<TAB>melde på"), from eng-nor's
headwords and dan-eng's glosses of that form marked as verbs or not marked ("carry out" is udføre's
gloss), so "carries out" is read as one verb, not as "bære" and a dropped "out". A phrase has no
"=stem" line: the analyzer looks it up by its verb's lemma.

Since fix-engdict a third file, english_nb_da.tsv.gz, gives the English words eng-nor lacks ("attend", "earn",
"refuse", "average", "member": 387 of the 1,027 content words of the English sets' questions had no Norwegian line,
126 of them a Danish one) their Norwegian words through Danish: each key of the Danish table (word, "=stem", "/part",
phrase) whose word eng-nor holds no line of, with each Danish translation read as bokmål, the translation itself where
it is a bokmål word too (simplemma's bokmål dictionary knows it: "medlem", "tjene") else its bokmål counterparts
(bot/analysis/data/counterparts.tsv.gz, from Apertium's dan-nor: "nægte" nekte, "gennemsnit" gjennomsnitt), a Danish
word with neither left out ("aftale", "delegeret": Apertium has no bokmål word for them). It is derived from dan-eng
(GPL-3.0-or-later) and Apertium's file (GPL-2.0-or-later), so under GPL-3.0-or-later; a separate file, so that
english_nb.tsv.gz stays under its own licence. It reads the shipped counterparts.tsv.gz: run scripts/counterparts.py
first when that changes. The three files were regenerated so in fix-engdict (english_nb and english_da unchanged).
The product reads it only with bot.analysis.dictionary.BRIDGED on (measured, not taken: docs/retrieval.md).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis.counterparts import Counterparts  # noqa: E402
from bot.analysis.dictionary import BRIDGED_FILE, DANISH_FILE, NORWEGIAN_FILE, PARTICLES  # noqa: E402
from bot.analysis.lemma import Stemmer  # noqa: E402

DICTD = Path("/usr/share/dictd")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
HEADER = """\
# English words in {language}: an English word (or "=" and a Snowball stem), a tab, its translations (comma-separated);
# a key followed by "/" and a part of speech (n, v, adj, adv) has that part's translations alone.
# Written by scripts/english_dictionary.py from FreeDict's {name} dictionary ({source}; {licence};
# this file is derived from it and under the same licence). Do not edit by hand: run the script again.
"""
BRIDGED_HEADER = """\
# English words in Norwegian through Danish, for the English words English-Norwegian (eng-nor) lacks: an English word
# (or "=" and a Snowball stem; "/" and a part of speech), a tab, its translations (comma-separated).
# Written by scripts/english_dictionary.py from FreeDict's Danish-English (dan-eng) dictionary, read the other way round
# (https://freedict.org; GPL-3.0-or-later), its Danish words in bokmål by Apertium's dan-nor dictionary
# (bot/analysis/data/counterparts.tsv.gz; https://apertium.org, GPL-2.0-or-later); this file is derived from both and
# under GPL-3.0-or-later. Do not edit by hand: run the script again.
"""
_SENSE = re.compile(r"^\d+\.\s+")
_TRAILING_SENSE = re.compile(r"\s+\d+\.\s*$")
_WORD = re.compile(r"[a-z]+")
_PHRASAL = re.compile(r"[a-z]+ [a-z]+")
_TRANSLATION = re.compile(r"[a-zæøåéü]+(?:[ -][a-zæøåéü]+)*")
_MARK = re.compile(r"<([a-z]+)>")
# FreeDict's marks of the parts of speech kept, each as the table writes it (bot/analysis/parts.py reads them).
PARTS = {"n": "n", "pn": "n", "v": "v", "adj": "adj", "adv": "adv", "adverb": "adv"}


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


def part(entry: str) -> str:
    """The part of speech an entry's headword line marks, as the table writes it ("n", "v", "adj", "adv"); ""
    for none or another (dan-eng leaves half its entries unmarked)."""
    marks = _MARK.findall(entry.split("\n", 1)[0])
    found = {PARTS[m] for m in marks if m in PARTS}
    return found.pop() if len(found) == 1 else ""


def senses(entry: str) -> list[str]:
    """The translations of one entry, in order: the line after the headword's, and each line that
    begins a numbered sense ("1. personale", "2. stav"); the lines between are English glosses."""
    out: list[str] = []
    for i, line in enumerate(entry.split("\n")[1:]):
        if i == 0 or _SENSE.match(line):
            line = _TRAILING_SENSE.sub("", _SENSE.sub("", line)).strip()
            out.extend(part.strip() for part in line.split(",") if part.strip())
    return out


def table(pairs: Iterator[tuple[str, str, str]]) -> dict[str, list[str]]:
    """English word → its translations, each once, lower case; "=" + each stem → its words' translations; and each
    of those keys + "/" + a part of speech → its translations of that part, from (English, other, part) triples."""
    stem = Stemmer("english")  # as bot/analysis/dictionary.py looks a word up
    out: dict[str, list[str]] = {}
    for english, other, kind in pairs:
        english, other = english.strip().lower(), other.strip().lower().strip("-")
        if not _TRANSLATION.fullmatch(other):
            continue
        if _PHRASAL.fullmatch(english) and english.split()[1] in PARTICLES and kind in ("v", ""):
            keys: tuple[str, ...] = (english,)  # a phrasal verb, looked up by its verb's lemma
        elif _WORD.fullmatch(english):
            keys = (english, "=" + stem(english))
        else:
            continue
        for key in keys:
            for tagged in (key, f"{key}/{kind}") if kind else (key,):
                found = out.setdefault(tagged, [])
                if other not in found:
                    found.append(other)
    return out


def norwegian(folder: Path = DICTD) -> dict[str, list[str]]:
    return table((head, t, part(entry)) for head, entry in entries("freedict-eng-nor", folder)
                 for t in senses(entry))


def danish(folder: Path = DICTD) -> dict[str, list[str]]:
    return table((gloss, head, part(entry)) for head, entry in entries("freedict-dan-eng", folder)
                 for gloss in senses(entry))


def bridged(danish_words: dict[str, list[str]], norwegian_words: dict[str, list[str]],
            counterparts: Callable[[str], tuple[str, ...]], bokmal: Callable[[str], bool]) -> dict[str, list[str]]:
    """The keys of `danish_words` whose word (a key before its "/part") `norwegian_words` lacks, each with its Danish
    translations in bokmål, in order: a translation `bokmal` knows as it is, else its `counterparts` bokmål knows."""
    out: dict[str, list[str]] = {}
    for key, translations in danish_words.items():
        if key.partition("/")[0] in norwegian_words:
            continue
        found: list[str] = []
        for danish_word in translations:
            for word in (danish_word,) if bokmal(danish_word) else counterparts(danish_word):
                if bokmal(word) and word not in found:
                    found.append(word)
        if found:
            out[key] = found
    return out


def bokmal_word(text: str) -> bool:
    """Whether every word of `text` is a word form of simplemma's bokmål dictionary ("vægre sig" is not)."""
    import simplemma

    return all(simplemma.is_known(word, lang="nb") for word in text.split())


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
    through = bridged(da, nb, Counterparts(), bokmal_word)
    write(BRIDGED_FILE, through, BRIDGED_HEADER)
    print(f"{NORWEGIAN_FILE.name}: {_words(nb)} words; {DANISH_FILE.name}: {_words(da)} words; "
          f"{BRIDGED_FILE.name}: {_words(through)} words")


def _words(words: dict[str, list[str]]) -> int:
    return sum(not key.startswith("=") and "/" not in key and " " not in key for key in words)


if __name__ == "__main__":
    main()
