"""Princeton WordNet's synonyms of an English word, read from Debian's wordnet-base (a lever measured, not taken).

`apt-get install wordnet-base` puts WordNet 3.0 in /usr/share/wordnet; this reads its index and data files
directly (NLTK's reader wants its own download). `synonyms("excused")` → pardon, relieve, let_off, exempt: the
other words of the first senses of the word's base forms (WordNet's exception lists, then its suffix rules).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path("/usr/share/wordnet")
PARTS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet's morphological rules ("morphy"): a suffix, what replaces it, the part of speech it forms
SUFFIXES = (("s", "", "n"), ("ses", "s", "n"), ("xes", "x", "n"), ("ches", "ch", "n"), ("shes", "sh", "n"),
            ("ies", "y", "n"), ("s", "", "v"), ("ies", "y", "v"), ("es", "e", "v"), ("es", "", "v"),
            ("ed", "e", "v"), ("ed", "", "v"), ("ing", "e", "v"), ("ing", "", "v"), ("er", "", "a"),
            ("est", "", "a"), ("er", "e", "a"), ("est", "e", "a"))


@cache
def _tables() -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]], dict[str, list]]:
    """(lemma, part) → synset offsets in sense order; (part, offset) → the synset's words; form → base forms."""
    if not (FOLDER / "index.noun").is_file():
        raise SystemExit(f"WordNet not found in {FOLDER}: apt-get install wordnet-base")
    index: dict[tuple[str, str], list[str]] = {}
    data: dict[tuple[str, str], list[str]] = {}
    exceptions: dict[str, list[tuple[str, str]]] = {}
    for part, name in PARTS.items():
        for line in (FOLDER / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):  # the licence at the top of each file
                continue
            fields = line.split()
            pointers = int(fields[3])
            index[(fields[0], part)] = fields[4 + pointers + 2:]
        for line in (FOLDER / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            data[(part, fields[0])] = [fields[4 + 2 * i].lower() for i in range(int(fields[3], 16))]
        for line in (FOLDER / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            form, *bases = line.split()
            exceptions.setdefault(form, []).extend((base, part) for base in bases)
    return index, data, exceptions


def synonyms(word: str, senses: int = 2) -> list[str]:
    """The other words of the first `senses` synsets of each base form of `word`, in WordNet's order."""
    index, data, exceptions = _tables()
    word = word.lower()
    bases = [(word, part) for part in PARTS] + exceptions.get(word, [])
    bases += [(word[:-len(suffix)] + tail, part) for suffix, tail, part in SUFFIXES if word.endswith(suffix)]
    found: list[str] = []
    for lemma, part in bases:
        for offset in index.get((lemma, part), [])[:senses]:
            found += [w for w in data.get((part, offset), []) if w != lemma and w not in found]
    return found
