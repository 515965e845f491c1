"""The analyzer: a question's words read as the index holds them (counterparts, typos, derivations), and its maker."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache, partial

import bot.analysis.compounds as compounds
import bot.analysis.switches as switches
from bot.analysis.cognates import Folder
from bot.analysis.compounds import LINKS, Decompounder
from bot.analysis.counterparts import Bokmal, Counterparts, NynorskForms
from bot.analysis.dictionary import EnglishDictionary
from bot.analysis.english import EnglishReading
from bot.analysis.lemma import Stemmer, default_lemmatizer, dictionaries_version
from bot.analysis.nynorsk import NynorskReading
from bot.analysis.resources import glossary, synonym_map, wordlist
from bot.analysis.spelling import respelled, spelt_nordic
from bot.analysis.tokenize import normalise, tokens
from bot.analysis.typos import Vocabulary, correct, correct_word

STOPWORD_FILES = ("stopwords_nb.txt", "stopwords_nn.txt", "stopwords_da.txt")


class Analyzer(EnglishReading, NynorskReading):
    """Text → terms: normalise, tokenize, drop stopwords, lemmatise, map synonyms, stem, split compounds, fold.

    Each stage is injected and may be None (off), so the ablation runs the same code.
    Questions additionally lose English function words, map English governance terms to
    Norwegian (glossary) and, given the index's vocabulary, read an unknown word as its
    counterpart in another language the index knows, or else correct it as a typo.
    """

    def _a_word(self, word: str) -> bool:
        """Whether `word` (as written or as its lemma: "onkelen", onkel) is common in bokmål and Danish alike."""
        lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
        return max(compounds.zipf_in_both(word), compounds.zipf_in_both(lemma)) >= switches.WORD_ZIPF

    def for_model(self, text: str, vocabulary: Vocabulary | None = None, country: str | None = None) -> str:
        """`EnglishReading.for_model`, and a nynorsk question with its compounds the index lacks written as their
        bokmål compounds (`_compounds_written`: "røystelikskap" stemmelikhet), as BM25 and the grams read them."""
        read = super().for_model(text, vocabulary, country)
        return self._compounds_written(text, vocabulary) if read == text and vocabulary is not None else read

    def _counterpart(self, word: str, vocabulary: Vocabulary | set[str]) -> tuple[str, tuple[str, ...]] | None:
        """The first of `word`'s counterparts in another language whose term the index knows, with its terms.

        A Danish question to Norwegian passages ("tavshedspligt" where they say "taushetsplikt"),
        or a nynorsk one to bokmål ("skulekrins", "skolekrets"): the model's cosines meet across the
        languages, the words did not. Only a word `vocabulary` does not hold is looked up: for the
        question's terms the index's, so a question in the index's own language reads as before; for
        the confidence's grams also its first passage's (`as_indexed`).
        """
        if self.counterparts is None or not word.isalpha():
            return None
        lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
        for other in self._readings(word, lemma):
            terms = self.word_terms(other)
            if terms and terms[0] in vocabulary:
                return other, terms
        return self._compound_counterpart(word, vocabulary) if self.compound_counterparts else None

    def _readings(self, word: str, lemma: str) -> Iterator[str]:
        """The words `word` (of lemma `lemma`) may be in another form, asked lazily, most likely first: its lemma's
        counterparts; its lemmas in the later dictionaries and theirs, since the first dictionary that holds a word
        may mean another word by it ("valt", bokmål's valte, is nynorsk's velje: velge); and, where the lemmatiser
        leaves it as it is, the word without a genitive -s ("ordførarens", nynorsk's ordføraren's), and the lemmas
        whose counterpart of its stem no dictionary holds ("godtgjersla": godtgjørelse, COUNTERPARTS_BACK)."""
        yield from self.counterparts(lemma) if self.counterparts is not None else ()
        for own in self.other_lemmas(word) if self.other_lemmas is not None else ():
            yield own
            yield from self.counterparts(own) if self.counterparts is not None else ()
        if self.genitives and word.endswith("s") and len(word) > 5 and self.lemmatizer is not None and lemma == word:
            yield word[:-1]
        if switches.COUNTERPARTS_BACK and self.counterparts is not None and self.stemmer is not None and \
                lemma == word:
            yield from self.counterparts("=" + self.stemmer(word))

    def _compound_counterpart(self, word: str, vocabulary: Vocabulary | set[str]) -> tuple[str, tuple[str, ...]] | None:
        """A two-part compound the dictionary lacks, put together again from its parts' counterparts.

        Apertium's dictionaries hold few compounds, and a Danish compound often differs from the
        Norwegian one in one part's spelling: "strategikonference" meets "strategikonferanse" only as
        "strategi" + "konferanse", "netværkstype" meets "nettverkstype" only as "nettverk" + "s" + "type".
        Each part as asked or as a counterpart, joined with each linking letter; the first join the
        index knows (at most 3 × 3 × 3 lookups a word). Only for a compound whose parts the index does
        not all hold (as `knows` reads a compound).
        """
        if self.decompounder is None or self.counterparts is None:
            return None
        parts = self.decompounder(word)
        if len(parts) != 2:
            return None
        own = self.word_terms(word)
        if len(own) > 1 and all(t in vocabulary for t in own[1:]):
            # Its parts are indexed, so it is searched through them already: "stemmelikhet" is found by
            # stemme + likhet, not read as the Danish "stemmelighed" of the Danish law.
            return None
        options, asked = [], []
        for part in parts:
            lemma = self.lemmatizer(part) if self.lemmatizer is not None else part
            asked.append({part, lemma})
            options.append(list(dict.fromkeys((part, lemma, *self.counterparts(lemma))))[:3])
        for head in options[0]:
            for tail in options[1]:
                if head in asked[0] and tail in asked[1]:
                    continue  # no counterpart in it: the word as asked, which the index lacks
                for link in LINKS:
                    joined = head + link + tail
                    terms = self.word_terms(joined)
                    if terms and terms[0] in vocabulary:
                        return joined, terms
        return None

    def knows(self, word: str, vocabulary: Vocabulary) -> bool:
        """Whether `vocabulary` holds `word` in some form: its term, its counterpart in another language,
        its glossary term, a term one typo away (as a question's words are read, `query_terms`), or, for
        a compound, every one of its parts ("Berlinermuren" where a passage says "Berlin-muren").

        A stop word is known: it says nothing of its own."""
        low = normalise(word)
        if low in self._glossary_map:
            return True
        terms = self.word_terms(low)
        if not terms or terms[0] in vocabulary:
            return True
        if len(terms) > 1 and all(t in vocabulary for t in terms[1:]):
            return True
        return self._counterpart(low, vocabulary) is not None or correct(terms[0], vocabulary) is not None or \
            (switches.TYPO_WORDS and self.stemmer is not None and
             correct_word(low, self.stemmer, vocabulary) is not None)

    def as_indexed(self, text: str, vocabulary: Vocabulary, passage: str = "", language: str | None = None,
                   country: str | None = None) -> str:
        """`text` with each word the index lacks written as its counterpart the index knows, and, given a
        `passage`, each word the passage lacks as its counterpart the passage holds.

        The confidence reads the question's character grams in its first passage's best sentence. Where
        the index holds both languages a word is known in its own, and a nynorsk question to a Danish
        passage ("verktøy" where it says "værktøj") shares few grams with what answers it. An English
        question is read with the glossary's terms and without its function words, as `query_terms`
        reads it: "what is delegation?" shares no gram with "Delegering betyr …", "delegering" does. A nynorsk
        question's word is read as `query_terms` reads it (`_nynorsk_reading`): "vel" as velge. `country`: as
        `query_terms`.
        """
        held = set(self.terms(passage)) if passage else None
        nynorsk = self._reads_nynorsk(text, language)
        out, changed = [], False
        glossed, english = self._glossed(text, vocabulary, country)
        if english and self.english_reading:  # as query_terms reads it: glossary terms, no English function words
            drop = self.english | self.english_ambiguous
            words, changed = [w for w in tokens(glossed, self._joined) if w not in drop], True
        else:
            plain = normalise(text)
            phrased = self._nynorsk_phrased(plain, nynorsk)  # the question's own text where it holds no phrase
            words, changed = tokens(phrased, self._joined), phrased != plain
        for word in words:
            read = self._nynorsk_reading(word, vocabulary) if nynorsk else None
            if read is not None:
                word, changed = read[0], True
            terms = self.word_terms(word)
            found = None
            if terms and terms[0] not in vocabulary:
                found = self._counterpart(word, vocabulary)
            elif terms and held is not None and terms[0] not in held:
                found = self._counterpart(word, held)
            out.append(found[0] if found else word)
            changed = changed or found is not None
        return " ".join(out) if changed else text  # unchanged: the question exactly as asked

    def query_terms(self, text: str, vocabulary: Vocabulary | None = None, language: str | None = None,
                    country: str | None = None) -> list[str]:
        """Question terms of `text`; with `vocabulary`, an unknown word becomes its counterpart in
        another language, or else its nearest known term (a typo), and a nynorsk question's word is read by
        nynorsk's dictionary too (`language`: the question's, detected here when None).

        :param country: the country ("no", "da") the search reads an English question as about, where it knows more
            than the question's own words tell (the index's §s, the bot's own country): its words are translated in
            that country's language alone (DICTIONARY_BY_COUNTRY)"""
        return [term for terms in self.query_word_terms(text, vocabulary, language, country) for term in terms]

    def query_word_terms(self, text: str, vocabulary: Vocabulary | None = None,
                         language: str | None = None, country: str | None = None) -> list[tuple[str, ...]]:
        """`query_terms` word by word: each question word's terms (a compound's whole, then its parts)."""
        # a name is spelt as its owner likes ("Teslas" for Tesla's): only a word written in lower case is held a word
        named = {w.lower() for w in _CAPITALISED.findall(text)} if switches.WORD_ZIPF else set()
        nynorsk = vocabulary is not None and self._reads_nynorsk(text, language)
        text, english = self._glossed(text, vocabulary, country)
        words = tokens(self._nynorsk_phrased(text, nynorsk), self._joined)
        drop = set(self.english)
        if english:
            drop |= self.english_ambiguous
        out: list[tuple[str, ...]] = []
        # a word is read once however often it is asked: a pasted text repeats its words, and each reading may look
        # up a typo's every one-edit neighbour (a 100,000-character paste of three words took 20 s, read word by word)
        read: dict[str, tuple[str, ...]] = {}
        for word in words:
            if word in drop:
                continue
            if word not in read:
                read[word] = self._read_word(word, vocabulary, nynorsk, english, named)
            if read[word]:
                out.append(read[word])
        return out

    def _read_word(self, word: str, vocabulary: Vocabulary | None, nynorsk: bool, english: bool,
                   named: set[str]) -> tuple[str, ...]:
        """One question word's terms (`query_word_terms`): its own, its nynorsk reading, a counterpart, a typo's fix."""
        terms = self.word_terms(word)
        if vocabulary is not None:
            terms = self._asked_once(word, terms, vocabulary)
        read = self._nynorsk_reading(word, vocabulary) if nynorsk and vocabulary is not None else None
        if read is not None:
            terms = read[1]
        if vocabulary is not None and terms and terms[0] not in vocabulary:
            found = self._counterpart(word, vocabulary)
            terms = found[1] if found else terms
        if english and vocabulary is not None and self._english_word(word, terms, vocabulary):
            fixed = correct(terms[0], vocabulary) if self.typos else None
            return (fixed,) if fixed is not None and spelt_nordic(terms[0], fixed) else (word,)
        if vocabulary is not None and self.typos and terms and terms[0] not in vocabulary and \
                not (switches.WORD_ZIPF and not english and word not in named and self._a_word(word)):
            fixed = correct(terms[0], vocabulary)
            if fixed is None and switches.TYPO_WORDS and not english and self.stemmer is not None and \
                    not (len(terms) > 1 and all(t in vocabulary for t in terms[1:])):  # a compound of known parts
                fixed = correct_word(word, self.stemmer, vocabulary)
            if fixed is not None:
                terms = (fixed,)
        if vocabulary is not None and switches.DERIVATIONS and terms:
            terms = (*terms, *self._derivations(word, terms, vocabulary))
        return terms

    def _derivations(self, word: str, terms: tuple[str, ...], vocabulary: Vocabulary) -> tuple[str, ...]:
        """The terms of question `word`'s derivations (`compounds.NOUN_SUFFIXES`: svoger → svogerskap) that the index
        holds, where it holds the word's own first term of `terms` in RARE_SHARE of its passages or fewer, and the
        derivation in no more (DERIVATIONS)."""
        if not word.isalpha() or word in self.stopwords:
            return ()
        lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
        if len(lemma) < compounds.MIN_TAIL:  # "ny" is no noun whose state "nyskap" (nyskaping) is
            return ()
        own = vocabulary.df(terms[0]) if terms[0] in vocabulary else 0
        if own > switches.RARE_SHARE * vocabulary.passages:
            return ()
        out = []
        for suffix in compounds.NOUN_SUFFIXES:
            if lemma.endswith(suffix):
                continue
            derived = self.word_terms(lemma + suffix)
            if derived and derived[0] not in terms and derived[0] in vocabulary and \
                    (own == 0 or vocabulary.df(derived[0]) <= own):
                out.append(derived[0])
        return tuple(out)

_CAPITALISED = re.compile(r"\b[A-ZÆØÅÄÖÜ]\w*")


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The analyzer kommunebot indexes and searches with, built from the shipped data."""
    stemmer = Stemmer()
    english, english_ambiguous = wordlist("english_function_words.txt"), wordlist("english_ambiguous.txt")
    lemmatizer = default_lemmatizer()
    bokmal = Bokmal(lemmatizer)
    return Analyzer(
        stopwords=wordlist(*STOPWORD_FILES),
        lemmatizer=lemmatizer,
        synonyms=synonym_map(),
        stemmer=stemmer,
        decompounder=Decompounder(also_known=bokmal.known if switches.NYNORSK_BOKMAL else None),
        glossary_pairs=glossary(),
        english=english,
        english_ambiguous=english_ambiguous,
        folder=Folder(stemmer),
        counterparts=Counterparts(),
        bokmal=bokmal,
        other_lemmas=lemmatizer.others,
        nynorsk_lemma=partial(lemmatizer.lemma_in, lang="nn"),
        first_language=lemmatizer.first_language,
        nynorsk_forms=NynorskForms(),
        dictionary=EnglishDictionary(function_words=english | english_ambiguous),
        speller=respelled,
        english_stemmer=Stemmer("english"),
        name=f"kb-{dictionaries_version()}",  # an index made with other dictionaries is rebuilt (lemma.py)
    )
