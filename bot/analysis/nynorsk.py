"""A nynorsk question's words read as nynorsk's dictionary and Apertium's nynorsk analyser read them, in bokmål."""

from __future__ import annotations

import bot.analysis.switches as switches
from bot.analysis.language import detect_language
from bot.analysis.stages import Stages
from bot.analysis.typos import Vocabulary


class NynorskReading(Stages):
    """The readings of a question `detect_language` tells is nynorsk: a word by its nynorsk lemma's bokmål word, a
    form and a phrase by Apertium's bokmål word, a word bokmål lacks by its bokmål counterpart; and a nynorsk word
    asked once, by its bokmål term (NYNORSK_ONCE)."""

    def _asked_once(self, word: str, terms: tuple[str, ...], vocabulary: Vocabulary) -> tuple[str, ...]:
        """A question word's terms without its own nynorsk ones whose bokmål term the index knows (NYNORSK_ONCE)."""
        own = self._nynorsk.get(word)
        if not own or not switches.NYNORSK_ONCE:
            return terms
        dropped = {mine for mine, bokmal in own if bokmal in vocabulary and mine != bokmal}
        return tuple(t for t in terms if t not in dropped) or terms

    def _reads_nynorsk(self, text: str, language: str | None) -> bool:
        """Whether question `text` (of `language`, detected here when None) is read by nynorsk's dictionary too."""
        if not switches.NYNORSK_READING or self.nynorsk_lemma is None:
            return False
        return (language if language is not None else detect_language(text)) == "nn"

    def _nynorsk_reading(self, word: str, vocabulary: Vocabulary) -> tuple[str, tuple[str, ...]] | None:
        """A nynorsk question's `word` read by nynorsk's dictionary, where its lemma there differs from the one it
        has: the first of that lemma's bokmål word (`bokmal`), the lemma itself and its counterparts whose term
        `vocabulary` holds, with its terms ("vel", bokmål's adverb, is nynorsk's velja: velge). None where there is
        no such reading, or it reads the word as it was read already.

        The lemma before its counterparts, as `_readings` takes a word's other lemmas: a nynorsk lemma that is a
        bokmål word too ("verv", "kalle") is its own bokmål word, and its counterparts are then Danish ("hverv")."""
        if word in self.stopwords or not word.isalpha() or self.nynorsk_lemma is None:
            return None
        read = self._nynorsk_form(word, vocabulary)
        if read is not None:
            return read if read[1] != self._asked_once(word, self.word_terms(word), vocabulary) else None
        lemma = self.nynorsk_lemma(word)
        if lemma is None:
            return self._nynorsk_counterpart(word, vocabulary)
        if switches.NYNORSK_STOPWORDS and lemma in self.stopwords:
            return lemma, ()  # "vert" is verte: a stop word, as bokmål's "blir"
        bokmal = self.bokmal(lemma) if self.bokmal is not None else None
        others = (*((bokmal,) if bokmal else ()), lemma, *(self.counterparts(lemma) if self.counterparts else ()))
        own = self._asked_once(word, self.word_terms(word), vocabulary)
        for other in others:
            terms = self._asked_once(other, self.word_terms(other), vocabulary)
            if terms and terms[0] in vocabulary:
                return (other, terms) if terms != own else None
        return None

    def _nynorsk_form(self, word: str, vocabulary: Vocabulary) -> tuple[str, tuple[str, ...]] | None:
        """A nynorsk question's `word` as Apertium reads the form in bokmål (NYNORSK_FORMS), with its terms, where the
        index holds its term or it is a stop word ("gjera": gjøre). A word bokmål's dictionary reads as the same lemma
        nynorsk's does ("ugild", a word of both, Apertium's inhabil) keeps its own terms, the bokmål word's beside them:
        forvaltningsloven says "ugild", kommuneloven "inhabil"."""
        if not switches.NYNORSK_FORMS or self.nynorsk_forms is None:
            return None
        if not switches.NYNORSK_ONCE and self.bokmal is not None and self.bokmal(word) is not None:
            return None  # NYNORSK_ONCE off asks a nynorsk table word by its own term and its bokmål one, as before
        other = self.nynorsk_forms(word)
        if other is None:
            return None
        terms = self._asked_once(other, self.word_terms(other), vocabulary)
        if terms and terms[0] not in vocabulary:
            return None
        own = self._asked_once(word, self.word_terms(word), vocabulary)
        both = self.first_language is not None and self.first_language(word) == "nb" and \
            self.nynorsk_lemma is not None and self.nynorsk_lemma(word) is None
        if both and own and own[0] in vocabulary:
            return word, (*own, *(t for t in terms if t not in own))
        return other, terms

    def _nynorsk_phrased(self, text: str, nynorsk: bool) -> str:
        """Normalised question `text` with its nynorsk phrases as their bokmål words, where it is read as nynorsk."""
        if not nynorsk or not switches.NYNORSK_PHRASES or self.nynorsk_forms is None:
            return text
        # a phrase whose bokmål words are all stop words ("kva slags": hvilken) stays word by word, as bokmål's own "hva
        # slags" is read: rewritten, "Kva slags verktøy …?" lost the term of "slags" and dev3's g090 was refused
        text = self.nynorsk_forms.phrased(text, lambda words: any(self.word_terms(w) for w in words.split()))
        if not switches.NYNORSK_PARTICIPLES:
            return text
        # a stop word between ends the reach: "blir utsett for vald" is violence, and "er det vald" may be too
        return self.nynorsk_forms.participled(text, lambda word: word not in self.stopwords)

    def _nynorsk_counterpart(self, word: str, vocabulary: Vocabulary) -> tuple[str, tuple[str, ...]] | None:
        """A nynorsk question's `word` that bokmål's dictionary lacks and nynorsk's reads as the merged table does, as
        its lemma's first bokmål counterpart whose term `vocabulary` holds, with its terms (NYNORSK_COUNTERPARTS): "løn"
        as lønn. None where there is none, or it reads the word as it was read already."""
        if not switches.NYNORSK_COUNTERPARTS or self.first_language is None or self.counterparts is None or \
                self.first_language(word) != "nn":
            return None
        lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
        if self.first_language(lemma) == "nb" or (self.bokmal is not None and self.bokmal(word) is not None):
            # a bokmål lemma ("grunnar": grunn) is its own bokmål word, its counterparts Danish (grund); the nynorsk
            # table's word ("lukkast") has its bokmål term among its own terms already
            return None
        own = self._asked_once(word, self.word_terms(word), vocabulary)
        for other in self.counterparts(lemma):
            if self.first_language(other) != "nb":
                continue  # a Danish counterpart is no bokmål word
            terms = self._asked_once(other, self.word_terms(other), vocabulary)
            if terms and terms[0] in vocabulary:
                return (other, terms) if terms != own else None
        return None
