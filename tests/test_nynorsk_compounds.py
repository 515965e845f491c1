"""A nynorsk compound split at its nynorsk parts, each read as its bokmål word: "røystelikskap" is stemmelikhet."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis import default_analyzer, switches
from bot.analysis.typos import TermVocabulary
from tests.helpers.asking import ask_json

NYNORSK = "Har ordføraren dobbeltrøyst ved røystelikskap?"  # røyst: stemme, likskap: likhet
BOKMAL = "Har ordføreren dobbeltstemme ved stemmelikhet?"
VEDTAK = "Kommuneloven § 11-9 Vedtaksførhet og avstemninger"
# An index that holds the parts' bokmål terms and nothing of the nynorsk words, as the shipped one does
INDEX = TermVocabulary({"ordfør": 30, "dobbelt": 5, "stemm": 40, "lik": 20, "samarbeid": 30, "metod": 5, "hand": 3,
                        "sam": 2, "behandl": 50, "storting": 10, "valg": 60, "kommun": 500, "møt": 200})
# Bokmål and Danish questions, compounds among them: read exactly as before, by the terms, the grams and the model
OTHERS = [BOKMAL, "Hvem velger ordføreren i kommunestyret?", "Hva er stortingsvalget og hvordan behandles saken?",
          "Hvad sker der ved stemmelighed i kommunalbestyrelsen?", "Hvilken samarbeidsmetode bruker kommunen?",
          "What happens when the vote is tied?"]


def shown(index: Path, question: str) -> list[str]:
    """The titles of the passages `kommunebot ask --json` shows for `question`, first first."""
    return [p["source"]["title"] for p in ask_json(index, question)["passages"]]


def test_the_nynorsk_compound_question_is_shown_the_section_its_bokmal_form_is(law_index: Path) -> None:
    bokmal, nynorsk = shown(law_index, BOKMAL), shown(law_index, NYNORSK)
    assert VEDTAK in bokmal
    assert VEDTAK in nynorsk, nynorsk
    assert nynorsk[0] == bokmal[0]


def test_without_the_reading_the_nynorsk_question_missed_that_section(law_index: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """What the reading mends: searched as whole words no passage holds, the question was not shown § 11-9."""
    monkeypatch.setattr(switches, "NYNORSK_COMPOUNDS", False)
    assert VEDTAK not in shown(law_index, NYNORSK)


def test_the_nynorsk_compounds_are_searched_as_the_bokmal_questions_compounds_are() -> None:
    analyzer = default_analyzer()
    assert analyzer.query_word_terms(NYNORSK, INDEX) == analyzer.query_word_terms(BOKMAL, INDEX)
    assert analyzer.query_word_terms(NYNORSK, INDEX)[1] == ("dobbeltstemm", "dobbelt", "stemm")
    # the 4-gram share and the model read the bokmål compounds too
    assert analyzer.as_indexed(NYNORSK, INDEX).split()[2:] == ["dobbeltstemme", "ved", "stemmelikhet"]
    assert analyzer.for_model(NYNORSK, INDEX) == "Har ordføraren dobbeltstemme ved stemmelikhet?"


# a nynorsk word that is no compound of nynorsk parts, and a question in another language: read as before
@pytest.mark.parametrize("question", [
    "Korleis går røystinga føre seg?",  # "-inga" is an ending (røysting), no part: not røyst + inga
    "Når skal saka handsamast i kommunestyret?",  # a verb's -ast passive: not hand + samast
    "Kva er ein god samarbeidsmetode for kommunen?",  # bokmål parts the decompounder splits already: not "sam"
    *OTHERS,
])
def test_a_word_no_nynorsk_compound_or_a_question_in_another_language_reads_exactly_as_before(
        question: str, monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = default_analyzer()
    read = analyzer.query_word_terms(question, INDEX), analyzer.as_indexed(question, INDEX), \
        analyzer.for_model(question, INDEX)
    monkeypatch.setattr(switches, "NYNORSK_COMPOUNDS", False)
    analyzer._memo.clear()
    assert (analyzer.query_word_terms(question, INDEX), analyzer.as_indexed(question, INDEX),
            analyzer.for_model(question, INDEX)) == read
