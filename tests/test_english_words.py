"""An English question's English word is searched as the English word it is, not as a Norwegian term one letter away."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis import default_analyzer, switches
from bot.analysis.spelling import spelt_nordic
from bot.analysis.typos import TermVocabulary
from tests.helpers.passages import searcher_of


def test_an_english_question_about_a_husband_is_not_searched_as_husbanken(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # "husband" is held by neither the index nor, as any translation, the dictionary: the typo correction made it the
    # index's "husbank", and the question was answered by the passage about Husbanken
    searcher = searcher_of(tmp_path, {"0": "Husbanken gir lån til kommunene til boliger.",
                                      "1": "Kommunestyret velger selv ordfører blant medlemmene."})
    result = searcher.search("Can my husband become mayor?")
    assert "husband" in result.terms and "husbank" not in result.terms
    assert "Husbanken" not in " ".join(hit.chunk.text for hit in result.hits)
    monkeypatch.setattr(switches, "ENGLISH_WORDS", False)
    assert "husbank" in searcher.search("Can my husband become mayor?").terms


def test_an_english_word_spelt_the_norwegian_way_is_still_found() -> None:
    analyzer = default_analyzer()
    index = TermVocabulary({"husbank": 5, "sensur": 4, "modell": 3, "sektor": 3, "visjon": 2, "delt": 9, "fond": 8},
                           passages=100)
    terms = analyzer.query_terms("Does the model of the sector ensure the vision is dealt with by the husband?", index)
    assert {"modell", "sektor", "visjon"} <= set(terms)  # a letter doubled, c as k, i as j: the same word
    assert not {"husbank", "sensur", "delt"} & set(terms)  # another word one letter away
    # a Norwegian question's word is corrected as before
    assert "husbank" in analyzer.query_terms("Hva gjør husbanc?", index)


@pytest.mark.parametrize("english, nordic, same", [
    ("model", "modell", True), ("department", "departement", True), ("sector", "sektor", True),
    ("vision", "visjon", True), ("husband", "husbank", False), ("ensur", "sensur", False),
    ("dealing", "deling", False), ("found", "fond", False), ("stepp", "stopp", False), ("troll", "roll", False),
])
def test_a_norwegian_spelling_is_told_from_another_word(english: str, nordic: str, same: bool) -> None:
    assert spelt_nordic(english, nordic) is same


def test_anyone_in_an_english_question_is_not_searched_as_enhver(tmp_path: Path) -> None:
    # "anyone" is a function word, as Danish "nogen" is: the dictionary read it as enhver, and "Do I have to tell
    # anyone how much I get?" had a § saying "Enhver er forpligtet …" first, above the one about telling the fee
    searcher = searcher_of(tmp_path, {
        "0": "Enhver er forpligtet til at modtage de ydelser, der tilbydes.",
        "1": "Et medlem skal oplyse størrelsen af vederlag for hvervet til kommunalbestyrelsen."})
    result = searcher.search("I get a vederlag for the board. Do I have to tell anyone how much I get?")
    assert "enhv" not in result.terms and "anyone" not in result.terms
    assert result.hits and "vederlag" in result.hits[0].chunk.text
    assert not [hit for hit in result.hits if "Enhver" in hit.chunk.text]


@pytest.mark.parametrize("question, pronoun", [
    ("Do I have to tell anybody what I am paid?", "anybody"),
    ("Can everyone see the documents?", "everyone"),
])
def test_a_pronoun_of_persons_is_not_searched_as_a_word_of_the_question(question: str, pronoun: str) -> None:
    # read through the dictionary or searched as asked, it was a word of the question the passages had to hold
    terms = default_analyzer().query_terms(question)
    assert terms and pronoun not in terms and "enhv" not in terms
