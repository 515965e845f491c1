"""Character 4-grams of a text's words: what a word's spelling shares with its inflections, compounds and cognates."""

from __future__ import annotations

import re
import unicodedata

GRAM = 4  # McNamee & Mayfield's length for European languages; 3 and 5 measured beside it (benchmarks/model_levers.py)
_WORDS = re.compile(r"\w+")


def char_grams(text: str, stopwords: frozenset[str] = frozenset(), n: int = GRAM) -> list[str]:
    """The n-grams of each word that is not a stopword, the word padded with "_" at both ends.

    "søkerliste" and the nynorsk "søkjarlister" share _søk and list; "velferd" and the Danish
    "velfærd" share _vel and elf: spellings the word analyzer keeps apart. A word shorter than
    n is one gram ("_ks_"). Stopwords are left out: they are in every chunk, and a question's
    "hva" or "kan" would otherwise favour the passages that ask questions themselves.
    """
    out: list[str] = []
    for word in _WORDS.findall(unicodedata.normalize("NFKC", text).lower()):
        if word in stopwords:
            continue
        padded = f"_{word}_"
        if len(padded) <= n:
            out.append(padded)
        else:
            out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out
