"""Build bot/analysis/data/nynorsk_bokmal.tsv.gz: each nynorsk lemma's bokmål word, for the index and the questions.

A maintainer runs it after scripts/counterparts.py; the product only reads the file. A lemma is nynorsk when
simplemma's nynorsk dictionary holds it and neither its bokmål nor its Danish one does ("søkjar", "tilsetjing",
"skulekrins"; not "gjeld", a bokmål word too, nor the Danish "rekrut"). Its bokmål word is its first counterpart
in counterparts.tsv.gz that the bokmål dictionary holds. Derived from Apertium's dictionaries through that file,
so under the same licence (GPL-2.0-or-later).

    python scripts/nynorsk_bokmal.py        # a few seconds
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis.counterparts import FILE as COUNTERPARTS  # noqa: E402
from bot.analysis.counterparts import NYNORSK_FILE  # noqa: E402

HEADER = """\
# A nynorsk lemma, a tab, its bokmål word. Written by scripts/nynorsk_bokmal.py from counterparts.tsv.gz
# (Apertium's dictionaries, https://apertium.org, GPL-2.0-or-later; this file is derived from them and under
# the same licence) and simplemma's dictionaries. Do not edit by hand: run the script again.
"""


def words(lang: str) -> frozenset[str]:
    """Every word form and lemma of simplemma's dictionary for `lang`, lower-cased."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    table = DefaultDictionaryFactory().get_dictionary(lang)
    return frozenset(k.lower() for k in table) | frozenset(v.lower() for v in table.values())


def pairs(lines: list[str], nynorsk: frozenset[str], bokmal: frozenset[str],
          danish: frozenset[str]) -> list[tuple[str, str]]:
    """(nynorsk lemma, bokmål word) for each counterparts line of a lemma only nynorsk has."""
    out = []
    for line in lines:
        if line.startswith("#") or "\t" not in line:
            continue
        lemma, others = line.split("\t", 1)
        if lemma not in nynorsk or lemma in bokmal or lemma in danish:
            continue
        word = next((o for o in others.split(",") if o in bokmal), None)
        if word is not None:
            out.append((lemma, word))
    return out


def main() -> None:
    lines = gzip.decompress(COUNTERPARTS.read_bytes()).decode("utf-8").splitlines()
    found = pairs(lines, words("nn"), words("nb"), words("da"))
    text = HEADER + "".join(f"{a}\t{b}\n" for a, b in sorted(found))
    NYNORSK_FILE.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{len(found)} nynorsk lemmas -> {NYNORSK_FILE}")


if __name__ == "__main__":
    main()
