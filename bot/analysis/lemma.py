"""Bringing inflected forms together: simplemma's nb/nn/da dictionaries, then a Snowball stem."""

from __future__ import annotations

from functools import lru_cache

# Bokmål first: most of the corpus is bokmål; nynorsk and Danish forms the bokmål
# dictionary does not know fall through to theirs. No language guess is needed.
LANGS = ("nb", "nn", "da")


class Lemmatizer:
    """simplemma over several languages in turn; a word no dictionary knows is kept."""

    def __init__(self, langs: tuple[str, ...] = LANGS) -> None:
        self.langs = langs

    def __call__(self, word: str) -> str:
        import simplemma

        for lang in self.langs:
            if simplemma.is_known(word, lang=lang):
                return simplemma.lemmatize(word, lang=lang).lower()
        # simplemma's guess for an unknown word ("kompetencerådet" → "kompetenceråde") is
        # worse than the word itself, which the stemmer and the decompounder still handle.
        return word


class Stemmer:
    """nltk's Snowball stemmer (Norwegian by default; its suffixes cover Danish ones too)."""

    def __init__(self, language: str = "norwegian") -> None:
        self.language = language
        self._stem = None

    def __call__(self, word: str) -> str:
        if self._stem is None:
            from nltk.stem.snowball import SnowballStemmer  # imported on first use: nltk is slow to load

            self._stem = SnowballStemmer(self.language).stem
        return self._stem(word)


@lru_cache(maxsize=1)
def default_lemmatizer() -> Lemmatizer:
    """The shared Lemmatizer."""
    return Lemmatizer()
