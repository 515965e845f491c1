"""Loading the language data files in bot/analysis/data: word lists, synonym groups, glossary."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def wordlist(*names: str) -> frozenset[str]:
    """The union of one or more one-word-a-line lists."""
    return frozenset(word.lower() for name in names for word in _lines(name))


@cache
def synonym_map(name: str = "synonyms.tsv") -> dict[str, str]:
    """Each word of a synonym group mapped to the group's first word."""
    out: dict[str, str] = {}
    for line in _lines(name):
        words = [w.strip().lower() for w in re.split(r"[\t,]", line) if w.strip()]
        for word in words[1:]:
            out.setdefault(word, words[0])
    return out


@cache
def glossary(name: str = "glossary.tsv") -> tuple[tuple[str, str], ...]:
    """(english phrase, norwegian term) pairs, longest phrase first."""
    pairs = []
    for line in _lines(name):
        english, _, norwegian = line.partition("\t")
        if norwegian.strip():
            pairs.append((english.strip().lower(), norwegian.strip().lower()))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0].split()), -len(p[0]))))
