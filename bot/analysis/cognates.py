"""Danish and Norwegian spellings of one word folded to one key ("myndighed", "myndighet")."""

from __future__ import annotations

import re
from collections.abc import Callable

# Bokmål, nynorsk and Danish share most words and differ in how they spell them, in regular
# ways: Danish writes b/d/g after a vowel where Norwegian writes p/t/k (udvalg/utvalg,
# myndighed/myndighet, købe/kjøpe), Norwegian doubles consonants Danish writes once (ret/rett,
# mand/mann, indflydelse/innflytelse), writes kj/gj for Danish k/g (gøre/gjøre), ei/øy for ej/øj (vej/vei, høj/høy),
# -sjon for -tion and av- for af- (afgøre/avgjøre), and -hed for -het. Folding each term to one key on both sides
# lets a Danish question meet a Norwegian passage's words and back; the dense model already
# does this by meaning, BM25 could not. Same-language matches are unchanged, since the fold is
# applied to the index's terms and the question's alike.
_VOWEL = "aeiouyæøå"
_KJ = re.compile(r"(?<=[kg])j")
_AF = re.compile(r"^af")
_DOUBLE = re.compile(r"(.)\1")
_LENIS = {"p": "b", "t": "d", "k": "g"}
_AFTER_VOWEL = re.compile(rf"(?<=[{_VOWEL}])[ptk]")


def fold(term: str) -> str:
    """The shared key of a lower-case term; a term with digits or signs is kept as it is."""
    if not term.isalpha():
        return term
    t = term.replace("aa", "å").replace("ö", "ø").replace("ä", "æ").replace("æ", "e")
    t = _KJ.sub("", t).replace("tion", "sjon").replace("x", "ks")
    t = _AF.sub("av", t).replace("ej", "ei").replace("øj", "øy").replace("nd", "n")
    # doubles first, so that Norwegian "rett" and Danish "ret" both come to "red"
    t = _DOUBLE.sub(r"\1", t)
    return _AFTER_VOWEL.sub(lambda m: _LENIS[m.group(0)], t)


class Folder:
    """The analyzer's last stage: `fold`, after the stemmer has had a Danish -hed as it has -het."""

    def __init__(self, stemmer: Callable[[str], str] | None = None) -> None:
        self.stemmer = stemmer

    def __call__(self, term: str) -> str:
        # Snowball's Norwegian rules take -het (and a -lig before it) off "offentlighet"; the
        # Danish "offentlighed" kept its suffix, so it is stemmed again in the Norwegian spelling.
        if self.stemmer is not None and len(term) > 5 and term.endswith("hed") and term.isalpha():
            term = self.stemmer(term[:-3] + "het")
        return fold(term)
