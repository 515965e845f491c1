"""A word bokmål lacks is read as a word of its own where a dictionary holds it so, not as another word's form."""

from __future__ import annotations

import pytest

import bot.analysis.lemma as lemma_module
from bot.analysis import default_analyzer
from bot.analysis.lemma import LemmaTable, Lemmatizer, chosen
from bot.analysis.typos import TermVocabulary

SICK = "Kva skjer om eg blir sjuk og ikkje kan møte i kommunestyret?"


@pytest.fixture(params=["table", "simplemma"])
def lemmatizer(request: pytest.FixtureRequest, lemma_cache) -> Lemmatizer:  # noqa: ANN001
    """The lemma table, and simplemma asked directly (where the cache folder cannot hold the table): they agree."""
    return Lemmatizer(table=LemmaTable.default(lemma_cache) if request.param == "table" else None)


@pytest.mark.parametrize(("word", "lemma"), [
    ("syg", "syg"),    # Danish: ill; nynorsk's present tense of suga (suck)
    ("told", "told"),  # Danish: customs; nynorsk's past tense of tole (bear)
    ("valt", "valte"),  # bokmål's reading stands: nynorsk's velje is one of its other lemmas
    ("kommunestyret", "kommunestyre"),
])
def test_a_word_is_read_as_the_dictionary_that_holds_it_as_its_own_reads_it(lemmatizer: Lemmatizer, word: str,
                                                                              lemma: str) -> None:
    assert lemmatizer(word) == lemma


def test_the_reading_it_loses_is_one_of_its_other_lemmas(lemmatizer: Lemmatizer) -> None:
    # a nynorsk question still reads "syg" by nynorsk's dictionary (the nynorsk reading, the other lemmas)
    assert "suga" in lemmatizer.others("syg")
    assert lemmatizer.lemma_in("syg", "nn") == "suga"


def test_the_rule_reads_only_words_the_first_dictionary_lacks() -> None:
    assert chosen("syg", (None, "suga", "syg")) == "syg"
    assert chosen("valt", ("valte", "velje", None)) == "valte"  # bokmål holds it: bokmål's reading
    assert chosen("kjem", (None, "kome", "kjemme")) == "kome"  # no dictionary holds it as its own word
    assert chosen("xqzvv", (None, None, None)) is None


def test_the_rule_off_reads_a_word_by_the_first_dictionary_that_holds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lemma_module, "OWN_WORD_FIRST", False)
    assert chosen("syg", (None, "suga", "syg")) == "suga"


def test_a_nynorsk_question_about_falling_ill_is_not_searched_as_sucking() -> None:
    # "sjuk" is read as its Danish counterpart "syg", which the lemma table read as nynorsk's suga: the question was
    # searched by "sug", the term of every Danish passage that says "syg", as if it were about sucking
    analyzer = default_analyzer()
    index = TermVocabulary({"syg": 12, "sug": 10, "møt": 300, "kommunestyr": 200, "skje": 20})
    terms = analyzer.query_terms(SICK, index)
    assert "syg" in terms and "sug" not in terms
    # and a Danish passage's "syg" is indexed as the word it is, so the two meet
    passage = analyzer.terms("Hvem træder til, når borgmesteren er syg?")
    assert "syg" in passage and "sug" not in passage
