"""Build bot/analysis/data/letters_da_nb.tsv.gz: how much more Danish than bokmål each run of three letters is.

A maintainer runs it; the product only reads the file. A question whose function words and content words do
not tell Danish from Norwegian ("Hvilke udvalgsformænd kan få vederlag?": "hvilke", "kan" and "få" are both,
"udvalgsformænd" is in neither word list) is told by its letters: "udv", "ænd" and "pligt" are Danish, "utv",
"plikt" and "kj" Norwegian (bot.analysis.language). Each language's WORDS most frequent words in wordfreq's
lists (its own licence: the data's sources, CC-BY-SA 4.0), weighted by frequency, give each letter trigram's
probability with add-alpha smoothing; the file holds the log of the Danish over the bokmål one, and the value
for a trigram neither list has.

    python scripts/letter_trigrams.py        # a few seconds
"""

from __future__ import annotations

import gzip
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.analysis.language import LETTERS_FILE, UNSEEN, letter_trigrams  # noqa: E402

WORDS = 30_000
ALPHA = 1e-7  # the frequencies are wordfreq's shares (a word's 1e-3 to 1e-8), so the smoothing is on that scale
HEADER = """\
# A letter trigram ("^" and "$" mark a word's ends), a tab, log(P(trigram | Danish) / P(trigram | bokmål)) over
# wordfreq's 30,000 most frequent words of each (weighted by frequency, add-1e-7 smoothing); the line "=unseen"
# holds the value of a trigram neither has. Written by scripts/letter_trigrams.py; do not edit by hand.
"""


def counts(lang: str) -> Counter[str]:
    """Each trigram's frequency-weighted count over the language's most frequent alphabetic words."""
    from wordfreq import top_n_list, word_frequency

    out: Counter[str] = Counter()
    for word in top_n_list(lang, WORDS):
        if word.isalpha():
            weight = word_frequency(word, lang)
            for gram in letter_trigrams(word):
                out[gram] += weight
    return out


def main() -> None:
    danish, bokmal = counts("da"), counts("nb")
    grams = sorted(set(danish) | set(bokmal))
    da_total = sum(danish.values()) + ALPHA * len(grams)
    nb_total = sum(bokmal.values()) + ALPHA * len(grams)

    def odds(gram: str) -> float:
        return math.log((danish[gram] + ALPHA) / da_total) - math.log((bokmal[gram] + ALPHA) / nb_total)

    lines = [f"{UNSEEN}\t{math.log(nb_total / da_total):.4f}"] + [f"{g}\t{odds(g):.3f}" for g in grams]
    with gzip.open(LETTERS_FILE, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write(HEADER + "\n".join(lines) + "\n")
    print(f"{len(grams)} trigrams -> {LETTERS_FILE} ({LETTERS_FILE.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
