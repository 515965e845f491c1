"""The analyzer's stages: a text's words to index terms, for chunks and questions alike, each word read once."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import bot.analysis.compounds as compounds
import bot.analysis.switches as switches
from bot.analysis.counterparts import FILE as COUNTERPARTS_FILE
from bot.analysis.counterparts import FORMS_FILE as NYNORSK_FORMS_FILE
from bot.analysis.counterparts import NynorskForms
from bot.analysis.dictionary import BRIDGED_FILE, DANISH_FILE, NORWEGIAN_FILE
from bot.analysis.resources import DATA
from bot.analysis.tokenize import normalise, tokens

MEMO_LIMIT = 2_000_000  # surface words remembered; a law corpus has about this many


class Stages:
    """The injected stages and a word's terms through them: lemma, synonym, stem, compound parts, bokmål term, fold.

    Each stage may be None (off), so the ablation runs the same code. What a question's reading needs (the glossary,
    the dictionaries, the nynorsk tables) is injected here too: the readings (`EnglishReading`, `NynorskReading`) and
    `Analyzer` are this class's subclasses and read its stages and memo.
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
