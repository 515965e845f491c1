"""An English question's inflections the glossary does not list, read as the glossary's word of the same stem."""

from __future__ import annotations

import pytest

from bot.analysis import Analyzer, default_analyzer
from bot.analysis.typos import TermVocabulary


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


@pytest.mark.parametrize("asked, term", [
    ("Which councils have a control committee?", "kommunestyre"),  # the glossary lists "council"
    ("Is it governed by the councillors?", "styring"),              # it lists "governance"
    ("Is the budget governing the schools?", "budsjett"),          # a listed word is read as before
])
def test_an_inflection_the_glossary_does_not_list_reaches_its_term(analyzer: Analyzer, asked: str, term: str) -> None:
    vocab = TermVocabulary({analyzer.terms(w)[0]: 3 for w in ("kommune", term)})
    assert analyzer.terms(term)[0] in analyzer.query_terms(asked, vocab)


def test_only_an_english_question_and_only_with_the_switch_on(analyzer: Analyzer) -> None:
    vocab = TermVocabulary({analyzer.terms(w)[0]: 3 for w in ("kommune", "kommunestyre")})
    kommunestyre = analyzer.terms("kommunestyre")[0]
    assert kommunestyre in analyzer.query_terms("Which councils have a control committee?", vocab)
    analyzer.glossary_stems = False
    try:
        assert kommunestyre not in analyzer.query_terms("Which councils have a control committee?", vocab)
    finally:
        analyzer.glossary_stems = True
    # a Norwegian question's words are the index's to read
    assert analyzer.for_model("Hvor mange councils har kommunen?", vocab) == "Hvor mange councils har kommunen?"


def test_each_stem_reads_as_one_of_the_glossarys_own_words(analyzer: Analyzer) -> None:
    words, forms = analyzer._glossary_words()
    assert set(forms.values()) <= words
    assert forms["committe"] == "committee" and forms["deleg"] in {"delegate", "delegation"}


def test_a_stems_form_no_glossary_phrase_takes_is_read_as_asked(analyzer: Analyzer) -> None:
    # "attending" has the stem of the glossary's "right to attend", but no phrase of the glossary takes it: read as
    # "attend" it was a noun after "for" (the bare verb), and read as the noun attendance's "betjening"
    vocab = TermVocabulary({analyzer.terms(w)[0]: 3 for w in ("betjening", "passe", "møte", "betale")})
    asked = "Do I get paid for attending meetings?"
    assert "betjening" not in analyzer.for_model(asked, vocab).split()
    assert ("attending", "betjening") not in analyzer.searched_as(asked, vocab)
    # a form a phrase takes is read as the glossary's word, as before
    assert "kommunestyre" in analyzer.for_model("Which councils meet?", vocab)
