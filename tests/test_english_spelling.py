"""An English question's misspelt words, read as the English words meant before the glossary and the dictionary."""

from __future__ import annotations

import pytest

from bot.analysis import Analyzer, default_analyzer
from bot.analysis.spelling import respelled
from bot.analysis.typos import TermVocabulary


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


@pytest.mark.parametrize("written, meant", [
    ("comittee", "committee"), ("goverment", "government"), ("folowing", "following"),
    ("representatves", "representatives"), ("polcy", "policy"),
])
def test_a_rare_misspelling_is_read_as_the_far_more_common_word_one_edit_away(written: str, meant: str) -> None:
    assert respelled(written) == meant


@pytest.mark.parametrize("word", [
    "recused",       # a rare word whose neighbour "refused" is common, but not 300 times as common
    "ageing",        # a word in its own right, however close to "aging"
    "kommunestyre",  # the sources' own word
    "bundsgaard",    # a name: no English word one edit away
    "whta",          # too short to guess from
    "møteleder",     # not English letters
])
def test_a_word_or_a_name_is_left_as_it_is(word: str) -> None:
    assert respelled(word) is None


def test_a_misspelt_english_question_reaches_the_glossarys_term(analyzer: Analyzer) -> None:
    # "control comittee" is no glossary phrase; "control committee" is kontrollutvalg
    vocab = TermVocabulary({analyzer.terms(w)[0]: 3 for w in ("kontrollutvalg", "kommune")})
    asked = "Is the control comittee mandatory?"
    assert analyzer.terms("kontrollutvalg")[0] in analyzer.query_terms(asked, vocab)
    assert "kontrollutvalg" in analyzer.for_model(asked, vocab)
    analyzer.english_spelling = False
    try:
        assert analyzer.terms("kontrollutvalg")[0] not in analyzer.query_terms(asked, vocab)
    finally:
        analyzer.english_spelling = True


def test_a_word_the_index_holds_and_other_languages_questions_are_not_respelt(analyzer: Analyzer) -> None:
    vocab = TermVocabulary({analyzer.terms(w)[0]: 3 for w in ("comittee", "kontrollutvalg")})
    # the index spells it so: the asker's word is the sources' word
    assert "comittee" in analyzer.for_model("Who sits on the control comittee?", vocab)
    # a Norwegian question's word is corrected against the index's terms only, as before
    assert analyzer.for_model("Hva gjør goverment?", vocab) == "Hva gjør goverment?"
