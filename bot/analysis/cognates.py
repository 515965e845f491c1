"""Danish spellings Norwegian never uses, rewritten as Norwegian writes them ("offentlighed", "vej")."""

from __future__ import annotations

import re
from collections.abc import Callable

# Bokmål, nynorsk and Danish share most words and differ in how they spell them. Some of the
# differences are spellings only Danish uses: -tion (Norwegian -sjon), af- (av-), ej and øj
# (ei, øy), and -hed, which the Norwegian stemmer does not take off as it takes off -het. Those
# are rewritten, on chunks and questions alike, so a Danish word meets its Norwegian spelling.
# The differences that Norwegian spellings share (b/d/g for p/t/k after a vowel, single for double
# consonants, nd for nn) are left alone: folding them merges Norwegian words with each other
# ("fritak" and "fridag", "lik" and Danish "lige"), which was measured and cost answers
# (benchmarks/README.md, "Danish and Norwegian spellings folded").
_AF = re.compile(r"^af")


def fold(term: str) -> str:
    """`term` in Norwegian spelling where Danish spells it in a way Norwegian does not; other terms as they are."""
    if not term.isalpha():
        return term
    t = term.replace("aa", "å").replace("ö", "ø").replace("ä", "æ").replace("tion", "sjon")
    return _AF.sub("av", t).replace("ej", "ei").replace("øj", "øy")


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
