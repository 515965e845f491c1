"""An English question's words read as the sources' terms: the glossary, the dictionaries, spelling, contractions."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import partial

import bot.analysis.compounds as compounds
import bot.analysis.switches as switches
from bot.analysis.country import country_of
from bot.analysis.dictionary import PARTICLES, EnglishDictionary
from bot.analysis.language import detect_language
from bot.analysis.parts import part_of_speech
from bot.analysis.spelling import WORD as ENGLISH_WORD
from bot.analysis.spelling import english_zipf
from bot.analysis.stages import Stages
from bot.analysis.tokenize import normalise
from bot.analysis.typos import Vocabulary


class EnglishReading(Stages):
    """The readings of a question `detect_language` tells is English: contractions spelt out, misspellings respelt,
    the glossary's phrases as their Norwegian terms, the words the index lacks as their dictionary's translations it
    holds, and an English word neither holds searched as the English word it is."""

    def _glossed(self, text: str, vocabulary: Vocabulary | None, country: str | None = None,
                 dictionary: bool = True) -> tuple[str, bool]:
        """`text` normalised with the English glossary's phrases as their Norwegian terms, and whether it is English.

        Given the index's `vocabulary`, an English question's misspelt words the index lacks are first read
        as the words meant (`_respelled`); its words the glossary lacks as the glossary's word of the same
        stem (`_glossary_words`); and, with `dictionary`, its other words the index lacks, after the glossary, as their
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
        if english and dictionary and vocabulary is not None and self.dictionary is not None and \
                self.english_dictionary:
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
        Without `DICTIONARY_FOR_MODEL` (a lever measured, not taken) the dictionary's translations are left out.
        `country`: as `query_terms`.
        """
        glossed, english = self._glossed(text, vocabulary, country, dictionary=switches.DICTIONARY_FOR_MODEL)
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

    def _english_word(self, word: str, terms: tuple[str, ...], vocabulary: Vocabulary | set[str]) -> bool:
        """Whether an English question's `word` (of Norwegian reading `terms`) is an English word the index lacks, to be
        searched as it is (ENGLISH_WORDS)."""
        if not switches.ENGLISH_WORDS or not terms or terms[0] in vocabulary or \
                not (word.isascii() and word.isalpha()):
            return False
        if len(terms) > 1 and all(t in vocabulary for t in terms[1:]):
            return False  # a compound the index holds in its parts, as `knows` reads one ("frontline": front + line)
        return english_zipf(word) >= ENGLISH_WORD and english_zipf(word) > compounds.zipf(word)


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


_WORDS = re.compile(r"[\w'-]+")  # a question's words as `searched_as` pairs them
_ENGLISH_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")  # a plain English word: no digit, hyphen or Nordic letter
# ... and one with the particle after it, where it has one (a phrasal verb's, ENGLISH_PHRASAL)
_ENGLISH_VERB = re.compile(rf"(?<![\w-])([a-z]+)(?![\w-])(?: ({'|'.join(sorted(PARTICLES))})(?![\w-]))?")
_ENGLISH_HYPHENED = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")  # "brother-in-law", "part-time"
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\"]")  # a word's neighbours for its part of speech are of its own clause
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
