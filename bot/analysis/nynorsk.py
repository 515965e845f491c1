"""A nynorsk question's words read as nynorsk's dictionary and Apertium's nynorsk analyser read them, in bokmål."""

from __future__ import annotations

import re

import bot.analysis.compounds as compounds
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
        """A nynorsk question's `word` as `_nynorsk_word` reads it, or else as `_nynorsk_compound` does."""
        return self._nynorsk_word(word, vocabulary) or self._nynorsk_compound(word, vocabulary)

    def _nynorsk_word(self, word: str, vocabulary: Vocabulary) -> tuple[str, tuple[str, ...]] | None:
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

    def _compounds_written(self, text: str, vocabulary: Vocabulary) -> str:
        """Question `text`, where it is read as nynorsk, with each compound `_nynorsk_compound` reads written as its
        bokmål compound, for the model: e5-small reads "røystelikskap" as no word it knows, and the question's cosines
        with the law's "stemmelikhet" fall far below the bokmål question's (§ 7-8 0.71 against 0.80). Every other
        word as asked; the text itself where none is read so (NYNORSK_COMPOUNDS)."""
        if not switches.NYNORSK_COMPOUNDS or not self._reads_nynorsk(text, None):
            return text

        def written(match: re.Match[str]) -> str:
            word = match.group().lower()
            read = None if self._nynorsk_word(word, vocabulary) is not None else \
                self._nynorsk_compound(word, vocabulary)
            return read[0] if read is not None else match.group()

        return _WORD.sub(written, text)

    def _nynorsk_compound(self, word: str, vocabulary: Vocabulary) -> tuple[str, tuple[str, ...]] | None:
        """A nynorsk question's compound `word` the index knows neither whole nor by its parts, read as the bokmål
        compound of its nynorsk parts' bokmål words, with that compound's terms and each part's (NYNORSK_COMPOUNDS):
        "røystelikskap" as stemmelikhet (stemme, likhet), the terms of the bokmål question's "stemmelikhet".

        The decompounder's word lists are bokmål's and Danish's, so it never cuts at a part only nynorsk has ("røyst").
        A word whose own terms the index holds (whole, or every part the decompounder found) is read as before: only
        a word searched as nothing any passage holds is split here. None where no split reads every part."""
        if not switches.NYNORSK_COMPOUNDS or not word.isalpha() or \
                not NYNORSK_COMPOUND_LENGTH <= len(word) <= compounds.MAX_LENGTH or word.endswith(PASSIVE):
            return None  # an -ast passive is a verb, and a verb whose head is a noun is read whole: "handsamast"
        own = self.word_terms(word)
        if not own or own[0] in vocabulary or (len(own) > 1 and all(t in vocabulary for t in own[1:])):
            return None
        parts = self._nynorsk_parts(word, vocabulary, 0)
        if parts is None or not any(nynorsk for _, nynorsk in parts):
            return None  # bokmål words all through: the decompounder's to split (or keep whole), not this reading's
        joined = "".join(part for part, _ in parts)
        whole = self.word_terms(joined)
        # the bokmål compound as bokmål reads it, and each part's term the index holds that its split lacks (a
        # compound more common than its parts is kept whole: `Decompounder`)
        terms = tuple(dict.fromkeys((*whole, *(t for part, _ in parts if part not in compounds.LINKS
                                               for t in self.word_terms(part)[:1] if t in vocabulary))))
        return (joined, terms) if terms and terms != own else None

    def _nynorsk_parts(self, word: str, vocabulary: Vocabulary, depth: int) -> tuple[tuple[str, bool], ...] | None:
        """`word` cut into parts the index holds, as the decompounder cuts (longest head first, a linking letter
        between), each part as its bokmål word and whether it was read as nynorsk; None where no cut reads them all.
        A part is a bokmål or Danish word as the decompounder knows one, or a nynorsk word `_nynorsk_part` reads."""
        for cut in range(len(word) - compounds.MIN_TAIL, compounds.MIN_HEAD - 1, -1):
            if word[cut - 1] in "se" and compounds._known(word[:cut - 1]):
                continue  # a bokmål head and its linking letter ("bruks"): cut before the letter, as the decompounder
            head = self._nynorsk_part(word[:cut], vocabulary, False)
            if head is None:
                continue
            rests = [(link, word[cut + len(link):]) for link in compounds.LINKS if word.startswith(link, cut)]
            rests = [(link, rest) for link, rest in rests if len(rest) >= compounds.MIN_TAIL and
                     rest not in compounds.SUFFIXES and rest not in NYNORSK_SUFFIXES]
            # a tail that is one word after any linking letter before a tail split again ("stat-s-tilskot", not
            # "stat-stil-skot")
            for link, rest in rests:
                tail = self._nynorsk_part(rest, vocabulary, True)
                if tail is not None:
                    return (head, *(((link, False),) if link else ()), tail)
            if depth + 1 >= NYNORSK_COMPOUND_PARTS - 1:
                continue
            for link, rest in rests:
                tails = self._nynorsk_parts(rest, vocabulary, depth + 1)
                if tails is not None:
                    return (head, *(((link, False),) if link else ()), *tails)
        return None

    def _nynorsk_part(self, part: str, vocabulary: Vocabulary, tail: bool) -> tuple[str, bool] | None:
        """A compound's `part` as a word the index holds, with whether it was read as nynorsk: itself where it is a
        bokmål or Danish word whose term the index holds (as the decompounder knows a word: `compounds._known`);
        else, where it is a nynorsk word of NYNORSK_PART letters or more whose lemma is no stop word (not "inga",
        ingen's form), its nynorsk reading's bokmål word (`_nynorsk_word`: Apertium's form, the nynorsk lemma's
        bokmål word or counterpart), itself where its own terms are the index's, or its counterpart the index holds
        ("skule": skole); else, a `tail` only, a bokmål compound whose parts the index holds ("bruksplan"). A bokmål
        word is never read as nynorsk: "melding" stays melding, not beskjed."""
        if part in self.stopwords:
            return None
        terms = self.word_terms(part)
        if compounds._known(part):
            return (part, False) if terms and terms[0] in vocabulary else None
        if len(part) >= NYNORSK_PART and self._a_nynorsk_word(part):
            lemma = self.nynorsk_lemma(part) if self.nynorsk_lemma is not None else None
            if lemma is not None and (lemma in self.stopwords or len(lemma) < compounds.MIN_TAIL):
                return None
            if not tail and lemma not in (None, part):
                return None  # a head is written as its lemma ("røyste-"), not inflected: "skul" (skula) is no head
            read = self._nynorsk_word(part, vocabulary)
            if read is not None and read[1] and read[1][0] in vocabulary:
                return read[0], True
            if self.bokmal is not None and self.bokmal(part) is not None and terms and terms[0] in vocabulary:
                return part, True  # a nynorsk word its own terms read as bokmål already ("tenesta": tjeneste)
            found = self._part_counterpart(part, vocabulary)
            if found is not None:
                return found, True
        if tail and len(terms) > 1 and all(t in vocabulary for t in terms[1:]):
            return part, False
        if tail and len(part) > LONG_PART and terms and terms[0] in vocabulary:
            return part, False  # a long word the index holds, which the frequency lists lack ("tilskot": tilskudd)
        return None

    def _a_nynorsk_word(self, part: str) -> bool:
        """Whether `part` is a nynorsk word: nynorsk's dictionary, its tables or Apertium's forms hold it."""
        return (self.nynorsk_lemma is not None and self.nynorsk_lemma(part) is not None) or \
            (self.first_language is not None and self.first_language(part) == "nn") or \
            (self.nynorsk_forms is not None and self.nynorsk_forms(part) is not None) or \
            (self.bokmal is not None and self.bokmal(part) is not None)

    def _part_counterpart(self, part: str, vocabulary: Vocabulary) -> str | None:
        """The first counterpart of nynorsk `part`'s lemma whose term the index holds ("skule": skole), or None."""
        if self.counterparts is None:
            return None
        lemma = self.lemmatizer(part) if self.lemmatizer is not None else part
        for other in self.counterparts(lemma):
            terms = self.word_terms(other)
            if terms and terms[0] in vocabulary:
                return other
        return None

_WORD = re.compile(r"\w+")
# a nynorsk compound is split only from this length, as the decompounder splits (`Decompounder.min_length`)
NYNORSK_COMPOUND_LENGTH = 8
# nynorsk's s-passive ending ("handsamast", behandles): a verb, no hand + samast (sama, be fitting)
PASSIVE = "ast"
# at most this many parts (not counting linking letters): "kontrollutvalsleiar" has three
NYNORSK_COMPOUND_PARTS = 3
# a part read as nynorsk has at least this many letters: a three-letter nynorsk head is mostly a bound prefix ("sam",
# "for", "mis"), where the decompounder's three-letter heads must be common bokmål words ("fag")
NYNORSK_PART = 4
# a part of more letters whose term the index holds is a word, as the decompounder's `_known` takes a rarer long word
LONG_PART = 6
# nynorsk's forms of the decompounder's word-forming SUFFIXES (bokmål "-ingen", "-inger" are nynorsk "-inga", "-ingar"):
# never a compound's tail ("røystinga" is no røyst + inga)
NYNORSK_SUFFIXES = frozenset({"inga", "ingar", "ingane", "skapen", "skapar"})
