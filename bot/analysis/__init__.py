"""The analyzer: the one path from text to index terms, for chunks and questions alike."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from functools import lru_cache, partial
from types import ModuleType

import bot.analysis.compounds as compounds
import bot.analysis.switches as switches
from bot.analysis.cognates import Folder
from bot.analysis.compounds import LINKS, Decompounder
from bot.analysis.counterparts import FILE as COUNTERPARTS_FILE
from bot.analysis.counterparts import FORMS_FILE as NYNORSK_FORMS_FILE
from bot.analysis.counterparts import Bokmal, Counterparts, NynorskForms
from bot.analysis.country import country_of
from bot.analysis.dictionary import BRIDGED_FILE, DANISH_FILE, NORWEGIAN_FILE, PARTICLES, EnglishDictionary
from bot.analysis.language import detect_language
from bot.analysis.lemma import Stemmer, default_lemmatizer, dictionaries_version
from bot.analysis.parts import part_of_speech
from bot.analysis.resources import DATA, glossary, synonym_map, wordlist
from bot.analysis.spelling import WORD as ENGLISH_WORD
from bot.analysis.spelling import english_zipf, respelled, spelt_nordic
from bot.analysis.tokenize import normalise, tokens
from bot.analysis.typos import Vocabulary, correct, correct_word

__all__ = ["STOPWORD_FILES", "Analyzer", "Vocabulary", "default_analyzer", "detect_language", "uncontracted"]

STOPWORD_FILES = ("stopwords_nb.txt", "stopwords_nn.txt", "stopwords_da.txt")
MEMO_LIMIT = 2_000_000  # surface words remembered; a law corpus has about this many


class Analyzer:
    """Text → terms: normalise, tokenize, drop stopwords, lemmatise, map synonyms, stem, split compounds, fold.

    Each stage is injected and may be None (off), so the ablation runs the same code.
    Questions additionally lose English function words, map English governance terms to
    Norwegian (glossary) and, given the index's vocabulary, read an unknown word as its
    counterpart in another language the index knows, or else correct it as a typo.
    """

    def __init__(self, stopwords: frozenset[str] | None = None,
                 lemmatizer: Callable[[str], str] | None = None,
                 synonyms: dict[str, str] | None = None,
                 stemmer: Callable[[str], str] | None = None,
                 decompounder: Callable[[str], list[str]] | None = None,
                 glossary_pairs: tuple[tuple[str, str], ...] | None = None,
                 english: frozenset[str] | None = None,
                 english_ambiguous: frozenset[str] | None = None,
                 folder: Callable[[str], str] | None = None,
                 counterparts: Callable[[str], tuple[str, ...]] | None = None,
                 dictionary: Callable[[str, str | None, str | None], tuple[str, ...]] | None = None,
                 speller: Callable[[str], str | None] | None = None,
                 english_stemmer: Callable[[str], str] | None = None,
                 bokmal: Callable[[str], str | None] | None = None,
                 other_lemmas: Callable[[str], tuple[str, ...]] | None = None,
                 nynorsk_lemma: Callable[[str], str | None] | None = None,
                 first_language: Callable[[str], str | None] | None = None,
                 nynorsk_forms: NynorskForms | None = None,
                 typos: bool = True, name: str = "custom") -> None:
        self.stopwords = stopwords or frozenset()
        self.lemmatizer = lemmatizer
        self.synonyms = synonyms or {}
        self.stemmer = stemmer
        self.decompounder = decompounder
        self.glossary = glossary_pairs or ()
        self._glossary_re = _phrase_pattern(self.glossary)
        self._glossary_map = dict(self.glossary)
        self.english = english or frozenset()
        self.english_ambiguous = english_ambiguous or frozenset()
        self.folder = folder  # the last stage: a Danish spelling Norwegian never uses, in Norwegian spelling
        self.counterparts = counterparts  # questions only: an unknown word in the index's language
        self.dictionary = dictionary  # English questions only: an unknown English word in Norwegian or Danish
        self.english_dictionary = switches.ENGLISH_DICTIONARY
        self.speller = speller  # English questions only: "comittee" as committee, before the glossary reads it
        self.english_spelling = switches.ENGLISH_SPELLING
        self.english_stemmer = english_stemmer  # English questions only: "delegated" as the glossary's "delegate"
        self.glossary_stems = switches.GLOSSARY_STEMS
        self.english_contractions = switches.ENGLISH_CONTRACTIONS
        self._glossary_forms: tuple[frozenset[str], dict[str, str]] | None = None
        self.compound_counterparts = switches.COMPOUND_COUNTERPARTS  # a compound rebuilt from its parts' counterparts
        self.english_reading = switches.ENGLISH_READING
        # a nynorsk word's bokmål lemma, for chunks and questions
        self.bokmal = bokmal if switches.NYNORSK_BOKMAL else None
        # questions only: a word's other languages' lemmas
        self.other_lemmas = other_lemmas if switches.OTHER_LEMMAS else None
        self.genitives = switches.GENITIVES  # questions only: a word the lemmatiser leaves as is, read without its -s
        self.nynorsk_lemma = nynorsk_lemma  # nynorsk questions only: a word's nynorsk lemma where it is another's
        self.first_language = first_language  # nynorsk questions only: the first dictionary that holds a word
        self.nynorsk_forms = nynorsk_forms  # nynorsk questions only: a form's or phrase's bokmål word by Apertium
        self.typos = typos
        # an index built without a stage of 0.4.23 (an ablation) is not one built with it
        ablated = ("-nynorsk-only" if bokmal is not None and self.bokmal is None else "") + \
            ("" if compounds.KEEP_COMMON_WHOLE else "-common-split")
        self.version = f"{name}-{_data_hash()}{ablated}"
        self._memo: dict[str, tuple[str, ...]] = {}
        # a word's own nynorsk terms and the bokmål term standing for each (word_terms fills it beside _memo)
        self._nynorsk: dict[str, tuple[tuple[str, str], ...]] = {}
        self._stemmed_synonyms: dict[str, str] | None = None  # stem of a synonym → its canonical word

    def _synonym_of_stem(self, stem: str) -> str | None:
        if self._stemmed_synonyms is None:
            self._stemmed_synonyms = {self.stemmer(w): c for w, c in self.synonyms.items()} if self.stemmer else {}
        return self._stemmed_synonyms.get(stem)

    def _stem(self, word: str) -> str:
        """Stem, then map a stemmed synonym: catches forms the lemmatiser did not know."""
        if self.stemmer is None:
            return word
        stem = self.stemmer(word)
        canonical = self._synonym_of_stem(stem)
        return self.stemmer(canonical) if canonical is not None else stem

    def _normal_form(self, word: str) -> str:
        if self.lemmatizer is not None:
            word = self.lemmatizer(word)
        return self._stem(self.synonyms.get(word, word))

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one lower-case token: its normal form, then its compound parts' (memoised)."""
        found = self._memo.get(word)
        if found is not None:
            return found
        if word in self.stopwords:
            out: tuple[str, ...] = ()
        elif not word.isalpha():
            out = (word,)
        else:
            lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
            canonical = self.synonyms.get(lemma, lemma)
            if self.stemmer is not None:
                # An inflection the lemmatiser did not know ("sjukefråværet") is split as the
                # word it stands for ("sykefravær": syk + fravær), not letter by letter.
                canonical = self._synonym_of_stem(self.stemmer(canonical)) or canonical
            main = self._stem(canonical)
            terms = [main]
            parts: list[str] = []
            # A short normal form ("rådmann") is not split, whatever its inflection's length.
            if self.decompounder is not None and len(main) >= 8:
                for part in self.decompounder(canonical):
                    if part not in self.stopwords:
                        parts.append(part)
                        term = self._normal_form(part)
                        if term not in terms:
                            terms.append(term)
            own: list[tuple[str, str]] = []
            if self.bokmal is not None:
                # the word's and its parts' bokmål terms after their own: "søkjarar" is søkj and søk
                for form, its in zip((canonical, *parts), (main, *terms[1:]), strict=False):
                    other = self.bokmal(form)
                    if other is not None and other not in self.stopwords:
                        term = self._normal_form(other)
                        if term not in terms:
                            terms.append(term)
                            if not self._bokmal_passive(form, its):
                                own.append((its, term))
            if self.folder is not None:
                terms = list(dict.fromkeys(self.folder(t) for t in terms))
                own = [(self.folder(a), self.folder(b)) for a, b in own]
            out = tuple(terms)
            if own:
                self._nynorsk[word] = tuple(own)
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
            self._nynorsk.clear()
        self._memo[word] = out
        return out

    def _bokmal_passive(self, form: str, its: str) -> bool:
        """Whether nynorsk `form` (of term `its`) is a verb's -ast passive whose term is that of the same passive in
        bokmål (PASSIVES): "lukkast" is lukkes as well as the table's lykkes."""
        if not switches.PASSIVES or not form.endswith("ast") or self.lemmatizer is None:
            return False
        passive = form[:-3] + "es"
        lemma = self.lemmatizer(passive)
        return lemma != passive and self._normal_form(lemma) == its

    def _a_word(self, word: str) -> bool:
        """Whether `word` (as written or as its lemma: "onkelen", onkel) is common in bokmål and Danish alike."""
        lemma = self.lemmatizer(word) if self.lemmatizer is not None else word
        return max(compounds.zipf_in_both(word), compounds.zipf_in_both(lemma)) >= switches.WORD_ZIPF

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

    def terms(self, text: str) -> list[str]:
        """Document terms of `text`."""
        # One plain word (quote highlighting asks word by word): normalising and tokenising
        # would give back the word lower-cased, so the memo is asked at once; 5x faster.
        low = text.lower()
        if low.isalpha() and unicodedata.is_normalized("NFKC", text):
            return list(self.word_terms(low))
        out: list[str] = []
        for token in tokens(normalise(text), self._joined):
            out.extend(self.word_terms(token))
        return out

    def _joined(self, first: str, compound: str) -> str | None:
        """Coordinated first part `first` written whole with the tail it shares with `compound` ("børne",
        "skoleudvalget": børneudvalget), or None where the decompounder does not read the joined word back as `first`
        + that tail.

        "børne- og skoleudvalget" is børneudvalget and skoleudvalget (`tokens`). Read alone, a first part was often
        another word: Danish "børne" is the dictionary's barnebarn. The tail is what follows `compound`'s first part
        and linking letter ("udvalget", "loven" of "bygningsloven"); the joined word stands only where the decompounder
        splits it at `first` (a linking letter of its own cut back: "indenrigs" + "ministeren"), so the part's own
        term is kept among the joined word's: "kloroplastidan- eller grønkloroplastlinjen" keeps "kloroplastidan",
        which "kloroplastidankloroplastlinjen" would have hidden, and a first part that is the tail already shares
        the noun after the compound instead ("kommunal- og fylkeskommunal sektor")."""
        if self.decompounder is None:
            return None
        parts = self.decompounder(compound)
        start = compound.find(parts[1], len(parts[0])) if len(parts) >= 2 else -1
        if start < 0 or first.endswith(compound[start:]):
            return None
        word = first + compound[start:]
        head = self.decompounder(word)[:1]
        return word if head and head[0] in (first, first[:-1]) else None

    def warm(self) -> None:
        """Load what loads lazily (lemma tables, stemmers), e.g. before worker processes fork."""
        self.terms("Kommunestyret og formannskapet")

    def _glossed(self, text: str, vocabulary: Vocabulary | None, country: str | None = None) -> tuple[str, bool]:
        """`text` normalised with the English glossary's phrases as their Norwegian terms, and whether it is English.

        Given the index's `vocabulary`, an English question's misspelt words the index lacks are first read
        as the words meant (`_respelled`); its words the glossary lacks as the glossary's word of the same
        stem (`_glossary_words`); and its other words the index lacks, after the glossary, as their
        dictionary's translation the index holds (`_translated`), in the language of `country` where given, else
        of the country the question's own words tell (`country_of`).
        """
        text = normalise(text)
        english = bool(self._glossary_re or self.english_ambiguous) and detect_language(text) == "en"
        if english and self.english_contractions:
            text = uncontracted(text)
        drop = self.english | self.english_ambiguous
        # the country as the search reads it, else as asked (the glossary writes its terms in Norwegian: "council" →
        # kommunestyre, so the question's own words may not tell it)
        if english and switches.DICTIONARY_BY_COUNTRY:
            country = country if country in ("no", "da") else country_of(text, "en")
        else:
            country = None
        if english and vocabulary is not None and self.speller is not None and self.english_spelling:
            text = _ENGLISH_WORD.sub(lambda m: self._respelled(m.group(0), vocabulary), text)
        if english and self.english_stemmer is not None and self.glossary_stems and self._glossary_re is not None:
            text = self._glossary_forms_taken(text, drop)
        if self._glossary_re is not None:
            glossing = text
            text = self._glossary_re.sub(lambda m: m.group(0) if english and
                                         self._phrasal(glossing, m, vocabulary, country) is not None else
                                         self._translate(m.group(0), english, vocabulary), text)
        if english and vocabulary is not None and self.dictionary is not None and self.english_dictionary:
            asked = text  # the parts of speech are read from the words as they stand before any is translated
            text = _ENGLISH_VERB.sub(lambda m: self._phrase_translated(m, drop, vocabulary, country, asked), text)
            if switches.ENGLISH_HYPHENS:
                text = _ENGLISH_HYPHENED.sub(lambda m: self._hyphened(m.group(0), drop, vocabulary, country), text)
        return text, english

    def _phrase_translated(self, match: re.Match[str], drop: frozenset[str], vocabulary: Vocabulary,
                           country: str | None, asked: str) -> str:
        """The English word `match` finds in question `asked` as its translation (`_translated`), and with the particle
        after it, where the dictionaries hold the two as a phrasal verb, the phrase's first translation whose every word
        the index holds (ENGLISH_PHRASAL); else word by word, as before."""
        verb, particle = match.group(1), match.group(2)
        if particle is not None and verb not in drop:
            read = self._phrase(f"{verb} {particle}", vocabulary, country)
            if read is not None:
                return read
        out = self._translated(verb, drop, vocabulary, country, partial(self._part, asked, match.start(1), verb))
        if particle is None:
            return out
        return out + " " + self._translated(particle, drop, vocabulary, country,
                                            partial(self._part, asked, match.start(2), particle))

    def _phrasal(self, text: str, match: re.Match[str], vocabulary: Vocabulary | None,
                 country: str | None) -> str | None:
        """The translation `_phrase` reads the one English word `match` finds in `text` and the particle after it as,
        where it is the verb of a phrasal verb: read as one then, not by the glossary's word for the verb."""
        if not match.group(0).isalpha():
            return None
        following = _NEXT_WORD.match(text, match.end())
        if following is None or following.group(1) not in PARTICLES:
            return None
        return self._phrase(f"{match.group(0)} {following.group(1)}", vocabulary, country)

    def _phrase(self, phrase: str, vocabulary: Vocabulary | None, country: str | None) -> str | None:
        """The first translation, every word of which `vocabulary` holds, of English `phrase` (a verb and its particle)
        as a phrasal verb in `country`'s language (ENGLISH_PHRASAL); None where the dictionaries hold none such."""
        if not switches.ENGLISH_PHRASAL or self.dictionary is None or vocabulary is None:
            return None
        for translation in self.dictionary(phrase, country, None):
            if all((t := self.word_terms(w)) and t[0] in vocabulary for w in translation.split()):
                return translation
        return None

    def _part(self, text: str, start: int, word: str) -> str | None:
        """The part of speech ("v", "n") the English `word` at `start` plays in question `text`, or None: unsure, or
        the switch off. Read from the words of its clause before it and the word right after it (`part_of_speech`)."""
        if not switches.ENGLISH_PARTS:
            return None
        clause = _CLAUSE_END.split(text[:start])[-1]
        before = _PLAIN_WORD.findall(clause)[-4:]
        following = _NEXT_WORD.match(text, start + len(word))
        lemma = self.dictionary.lemma(word) if isinstance(self.dictionary, EnglishDictionary) else word
        parts = self.dictionary.parts if isinstance(self.dictionary, EnglishDictionary) else None
        return part_of_speech(before, word, following.group(1) if following else None, lemma, parts)

    def _hyphened(self, word: str, drop: frozenset[str], vocabulary: Vocabulary, country: str | None = None) -> str:
        """An English hyphenated `word` as its dictionary's translation the index holds, looked up without its
        hyphens as the dictionary is keyed ("brother-in-law" → svoger); else as asked."""
        joined = word.replace("-", "")
        found = self._translated(joined, drop, vocabulary, country)
        return word if found == joined else found

    def _glossary_forms_taken(self, text: str, drop: frozenset[str]) -> str:
        """English `text` with each word the glossary lacks as the glossary's word of its stem (`_glossary_form`),
        where a glossary phrase then takes that word; every other word as asked (GLOSSARY_FORMS_TAKEN).

        The glossary's form serves the glossary alone: a word no phrase takes was read on as another inflection,
        "for attending meetings" as "for attend meetings" (the glossary's "right to attend"), where the bare verb after
        a preposition is read as a noun (`parts.py`), and "attend" as the noun attendance's betjening."""
        words = list(_ENGLISH_WORD.finditer(text))
        forms = [self._glossary_form(m.group(0), drop) for m in words]
        if not switches.GLOSSARY_FORMS_TAKEN or self._glossary_re is None:
            taken = [True] * len(words)
        else:
            out, spans, at = [], [], 0
            for match, form in zip(words, forms, strict=True):
                out.append(text[at:match.start()])
                start = sum(map(len, out))
                out.append(form)
                spans.append((start, start + len(form)))
                at = match.end()
            out.append(text[at:])
            covered = [m.span() for m in self._glossary_re.finditer("".join(out))]
            taken = [any(a <= start and end <= b for a, b in covered) for start, end in spans]
        out, at = [], 0
        for match, form, take in zip(words, forms, taken, strict=True):
            out.extend((text[at:match.start()], form if take else match.group(0)))
            at = match.end()
        out.append(text[at:])
        return "".join(out)

    def _glossary_form(self, word: str, drop: frozenset[str]) -> str:
        """An English `word` the glossary does not list as the glossary's word of its stem; else as asked."""
        words, forms = self._glossary_words()
        if word in words or word in drop or len(word) < 4 or self.english_stemmer is None:
            return word
        return forms.get(self.english_stemmer(word), word)

    def _glossary_words(self) -> tuple[frozenset[str], dict[str, str]]:
        """The words of the glossary's English phrases, and each one's Snowball stem → the first such word.

        The glossary lists the inflections its writers met ("committee", "committees"); an English question
        uses others ("delegated", "councils", "governing"), read as the glossary's word of the same stem.
        """
        if self._glossary_forms is None:
            assert self.english_stemmer is not None
            words = frozenset(w for english, _ in self.glossary for w in english.split() if w.isalpha())
            forms: dict[str, str] = {}
            for word in sorted(words):
                forms.setdefault(self.english_stemmer(word), word)
            self._glossary_forms = (words, forms)
        return self._glossary_forms

    def _respelled(self, word: str, vocabulary: Vocabulary) -> str:
        """An English `word` the index lacks as the English word meant, when it is a rare misspelling of a far
        more common one ("comittee" → committee, which the glossary reads as utvalg); else as asked.

        The index's typo correction (`query_terms`) reads an unknown word as the nearest term the index
        holds, a Norwegian or Danish one: the misspelt English word never reaches the glossary or the
        dictionary, which hold it spelt right.
        """
        meant = self.speller(word) if self.speller is not None else None
        if meant is None:  # most words: the speller's own checks are cheaper than asking the index
            return word
        terms = self.word_terms(word)
        return word if terms and terms[0] in vocabulary else meant

    def _translated(self, word: str, drop: frozenset[str], vocabulary: Vocabulary, country: str | None = None,
                    part: Callable[[], str | None] | None = None) -> str:
        """An English `word` the index lacks as its first translation whose every word the index holds
        ("deficit" → underskudd, "disqualified" → diskvalifisere, "wages" → løn on a Danish index); else as asked.

        The glossary holds the sources' own governance terms, a few hundred; a general dictionary holds
        the everyday words around them that a plain English question is made of. A word the index holds
        ("system", "status") is read as it is, as a Norwegian question's word is, and so is a function word.
        `part` tells the part of speech the word plays in the question, whose translations are tried first.
        """
        translations = self.dictionary(word, country, None) if self.dictionary is not None and word not in drop else ()
        if not translations:  # looked up first: a bisection costs less than asking the index
            return word
        terms = self.word_terms(word)
        if terms and terms[0] in vocabulary:
            return word
        played = part() if part is not None else None  # asked only of a word to translate: most words are not
        if played is not None and self.dictionary is not None:
            translations = self.dictionary(word, country, played)
        for translation in translations:
            # Every word a term the index holds, so not "gå av" ("av" is a stop word): a phrase with a function
            # word in it moved three English questions' passages down where its content word alone was read.
            held = [self.word_terms(w) for w in translation.split()]
            if all(t and t[0] in vocabulary for t in held):
                return translation
        return word

    def for_model(self, text: str, vocabulary: Vocabulary | None = None, country: str | None = None) -> str:
        """The text the embedding model reads for question `text`: an English question with the glossary's
        phrases as their Norwegian terms ("what is delegering?") and, given the index's `vocabulary`, the
        words it lacks as their dictionary's translations; any other question exactly as asked.

        e5-small matches an English question with the documents' own terms in it well ("What does delegering
        mean …?") and one in plain English poorly; BM25 and the coverage already read the glossary's terms.
        `country`: as `query_terms`.
        """
        glossed, english = self._glossed(text, vocabulary, country)
        return glossed if english and self.english_reading and glossed != normalise(text) else text

    def searched_as(self, text: str, vocabulary: Vocabulary | None = None,
                country: str | None = None) -> tuple[tuple[str, str], ...]:
        """An English question's words and the sources' terms they were searched as (the glossary's, the dictionary's,
        a misspelling's word meant), in the question's order: "How much does the mayor earn?" → (("mayor",
        "ordfører"),). None for a question in another language, and none for a contraction spelt out ("i'm" → "i am").

        Told with a refusal (`bot.answer`): an English asker cannot see that "keep secret" was searched as "fortsette",
        nor which of the sources' terms their words found, and the sources are best asked in those terms."""
        glossed, english = self._glossed(text, vocabulary, country)
        if not english or not self.english_reading:
            return ()
        asked = _WORDS.findall(uncontracted(normalise(text)) if self.english_contractions else normalise(text))
        read = _WORDS.findall(glossed)
        pairs: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in SequenceMatcher(None, asked, read, autojunk=False).get_opcodes():
            if op != "replace":
                continue
            # words side by side read one for one ("keep secret" → fortsette hemmelig); else the phrase as a whole
            # ("city council" → kommunestyre)
            spans = list(zip(asked[i1:i2], read[j1:j2], strict=True)) if i2 - i1 == j2 - j1 else \
                [(" ".join(asked[i1:i2]), " ".join(read[j1:j2]))]
            # only a term the index holds is the sources' own: an English word kept as its glossary form or lemma
            # ("conflicted" → conflict) is not
            pairs.extend(pair for pair in spans if pair not in pairs and (vocabulary is None or all(
                (terms := self.word_terms(word)) and terms[0] in vocabulary for word in pair[1].split())))
        return tuple(pairs)

    def _translate(self, phrase: str, english: bool, vocabulary: Vocabulary | None) -> str:
        """The glossary's term for an English `phrase`, unless the question is not English and
        the phrase is one word the index knows: in a Norwegian question "Norway Cup" and
        "Paper & Board" are names and "offer" is a victim, but "control committee" and an
        unknown "responsibilities" are English."""
        if english or " " in phrase:
            return self._glossary_map[phrase]
        terms = self.word_terms(phrase)
        known = vocabulary is None or (bool(terms) and terms[0] in vocabulary)
        return phrase if known else self._glossary_map[phrase]

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

    def _english_word(self, word: str, terms: tuple[str, ...], vocabulary: Vocabulary | set[str]) -> bool:
        """Whether an English question's `word` (of Norwegian reading `terms`) is an English word the index lacks, to be
        searched as it is (ENGLISH_WORDS)."""
        if not switches.ENGLISH_WORDS or not terms or terms[0] in vocabulary or \
                not (word.isascii() and word.isalpha()):
            return False
        if len(terms) > 1 and all(t in vocabulary for t in terms[1:]):
            return False  # a compound the index holds in its parts, as `knows` reads one ("frontline": front + line)
        return english_zipf(word) >= ENGLISH_WORD and english_zipf(word) > compounds.zipf(word)

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


# An English contraction and what it stands for: the tokenizer keeps a word with an apostrophe whole and in parts
# (Norwegian "OL's"), which made "can't" the terms cant and can, "I'm" im, "doesn't" doesnt and doesn, none of them
# a word of any index, each counted against every passage's coverage. Spelt out they are function words, dropped.
_NOT = re.compile(r"\b(\w+)n['’]t\b")
_IRREGULAR_NOT = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}  # "can't" is ca + n't
_SUFFIX = re.compile(r"['’](m|re|ve|ll|d|s)\b")
_SUFFIXES = {"m": " am", "re": " are", "ve": " have", "ll": " will", "d": " would", "s": ""}


def uncontracted(text: str) -> str:
    """English `text` (normalised) with its contractions spelt out: "can't" → can not, "I'm" → i am, "doesn't" →
    does not, and "'s" dropped ("it's", "the kommune's": a possessive or "is", neither a term)."""
    text = _NOT.sub(lambda m: f"{_IRREGULAR_NOT.get(m.group(1), m.group(1))} not", text)
    return _SUFFIX.sub(lambda m: _SUFFIXES[m.group(1)], text)


_CAPITALISED = re.compile(r"\b[A-ZÆØÅÄÖÜ]\w*")
_WORDS = re.compile(r"[\w'-]+")  # a question's words as `Analyzer.searched_as` pairs them
_ENGLISH_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")  # a plain English word: no digit, hyphen or Nordic letter
# ... and one with the particle after it, where it has one (a phrasal verb's, ENGLISH_PHRASAL)
_ENGLISH_VERB = re.compile(rf"(?<![\w-])([a-z]+)(?![\w-])(?: ({'|'.join(sorted(PARTICLES))})(?![\w-]))?")
_ENGLISH_HYPHENED = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")  # "brother-in-law", "part-time"
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\"]")  # a word's neighbours for its part of speech are of its own clause
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _phrase_pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    if not pairs:
        return None
    alternatives = "|".join(re.escape(english) for english, _ in pairs)  # longest first
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@lru_cache(maxsize=1)
def _data_hash() -> str:
    digest = hashlib.sha1()
    for path in sorted(DATA.iterdir()):
        # The counterparts are read for questions only, never for what an index holds: a new table
        # leaves every index valid, and its 1.3 MB is not read at each start to hash it.
        if path in (COUNTERPARTS_FILE, NORWEGIAN_FILE, DANISH_FILE, BRIDGED_FILE, NYNORSK_FORMS_FILE):
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(b"stages-11")  # bump when the code of a stage changes its output
    return digest.hexdigest()[:10]


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


class _Package(ModuleType):
    """bot.analysis itself, where a switch set would be read by no code: the switches are `switches`'s."""

    def __setattr__(self, name: str, value: object) -> None:
        # A benchmark's `bot.analysis.ENGLISH_READING = False`, written before the switches had a module of their own,
        # would quietly measure the product with the reading on: it fails instead, naming the switch's place.
        if name.isupper():
            raise AttributeError(f"bot.analysis.{name} is read by no code: set bot.analysis.switches.{name}")
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
