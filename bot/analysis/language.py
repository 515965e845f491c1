"""Telling the language of a short question (nb, nn, da, en), for the reply only."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.resources import wordlist

_WORD = re.compile(r"[^\W\d_]+")
# Nynorsk forms that bokmål does not use; a question with one is nynorsk.
_NYNORSK = frozenset("kva kven korleis kvifor kvar ikkje eg ho dei ein eit frå berre mykje vere "
                     "korso nokon noko nokre sjølv heile kommunane spørsmålet".split())


@lru_cache(maxsize=8192)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def detect_language(text: str) -> str:
    """"nb", "nn", "da" or "en"; function words decide, content words break ties; "nb" by default.

    English questions often carry Norwegian terms ("what is rådmannens ansvar?"), so the
    grammar words weigh three times as much as the content words.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return "nb"
    english = wordlist("english_function_words.txt", "english_ambiguous.txt")
    nb_stop = wordlist("stopwords_nb.txt")
    da_stop = wordlist("stopwords_da.txt")
    score = {"no": 0.0, "da": 0.0, "en": 0.0}
    nynorsk = 0
    content: list[str] = []
    for word in words:
        if word in _NYNORSK:
            nynorsk += 1
            score["no"] += 3
        elif word in english and word not in nb_stop and word not in da_stop:
            score["en"] += 3
        elif word in da_stop and word not in nb_stop:
            score["da"] += 3
        elif word in nb_stop and word not in da_stop:
            score["no"] += 3
        else:
            content.append(word)
    ranked = sorted(score.values(), reverse=True)
    if ranked[0] - ranked[1] < 3:
        # Grammar words did not settle it: let content words vote by frequency (wordfreq loads
        # its lists only now, so most questions never pay for it).
        for word in content + [w for w in words if w in english]:
            freq = {"no": _zipf(word, "nb"), "da": _zipf(word, "da"), "en": _zipf(word, "en")}
            best = max(freq, key=freq.__getitem__)
            if freq[best] - sorted(freq.values())[-2] >= 0.5:
                score[best] += 1
    best = max(score, key=lambda lang: (score[lang], lang == "no"))
    if score[best] == 0 or best == "no":
        return "nn" if nynorsk else "nb"
    return best
