"""A question asking how much / many / long is not answered plainly by a passage that states no number."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis.amounts import asks_amount, states_amount
from bot.search.confidence import Evidence, decide


@pytest.mark.parametrize("question", [
    "Hvor mye er møtegodtgjørelsen i Trondheim?",
    "Kor mykje kostar det å melde seg på?",
    "Hvor meget får et byrådsmedlem i vederlag?",
    "How many members must the kontrollutvalg have?",
    "kor lenge varer ein valperiode",
    "Jeg er nyvalgt og litt usikker. Hvor lang tid har kommunestyret på å behandle et innbyggerforslag?",
    "Sakspapirene er så lange – hvor mange sider er et notat på det meste?",
    "Når startet programmet, og hvor mange kommuner var med?",
])
def test_a_question_asking_for_an_amount_is_known_in_each_language_and_after_a_preamble(question: str) -> None:
    assert asks_amount(question)


@pytest.mark.parametrize("question", [
    "Hva er formannskapet?",
    "Hvor er rådhuset?",
    "The kommune pays me for the board. Do I have to tell anyone how much I get?",  # asks whether, not how much
    "Hvem bestemmer hvor mye ordføreren får?",
    "Hvor ofte reiser ordføreren alene?",  # answered by "sjelden" as often as by a number
    "Hvor mye av kommunen er ubebygd?",  # answered by "store deler" as often as by a share
    "",
])
def test_a_question_that_does_not_ask_for_an_amount_is_left_alone(question: str) -> None:
    assert not asks_amount(question)


def test_digits_and_number_words_are_amounts_and_a_text_without_them_states_none() -> None:
    assert states_amount("Tilskudd på kroner 300 000 til hver kommune")
    assert states_amount("inntil fire dager med gratis folkevalgtprogram")
    assert states_amount("minst halvparten av medlemmene")
    assert states_amount("senest 31. mars")
    assert states_amount("Den seksdobbelte Grammy-vinneren")  # a cardinal leading a compound
    assert not states_amount("Står godtgjørelsen i forhold til arbeidsinnsatsen?")
    assert not states_amount("Tiden er inne for å tenke nytt")  # "ti" only as a word of its own


def test_an_amount_question_whose_best_passage_states_no_number_is_hedged_never_answered_plainly() -> None:
    sure = {"coverage": 0.9, "cosine": 0.9, "hits": 3, "whole": 0.9, "terms": 3, "sparse": 0.5, "grams": 0.9,
            "bm25_first": True, "dense_first": True, "margin": 1.0}
    assert decide(Evidence(**sure)) == "answered"
    assert decide(Evidence(**sure, amount_missing=True)) == "uncertain"
    lost = {**sure, "coverage": 0.0, "cosine": 0.7, "whole": 0.7, "sparse": 0.0, "grams": 0.0}
    assert decide(Evidence(**lost, amount_missing=True)) == decide(Evidence(**lost)) == "not_covered"
    lexical = {"coverage": 0.9, "cosine": None, "hits": 1}  # the lexical decision is capped the same way
    assert decide(Evidence(**lexical)) == "answered"
    assert decide(Evidence(**lexical, amount_missing=True)) == "uncertain"


def test_the_searcher_hedges_a_how_much_question_met_by_a_passage_that_names_the_fee_but_gives_no_figure(
        tmp_path: Path) -> None:
    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "godtgjoring.txt").write_text(
        "Møtegodtgjørelsen til folkevalgte fastsettes av kommunestyret i et eget reglement.\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index.db")
    searcher = Searcher(IndexStore.open(tmp_path / "index.db"))
    asked = searcher.search("Hvor mye er møtegodtgjørelsen til folkevalgte?", k=1)
    assert asked.hits and asked.evidence is not None and asked.evidence.amount_missing
    assert asked.confidence == "uncertain"
    what = searcher.search("Hvem fastsetter møtegodtgjørelsen til folkevalgte?", k=1)
    assert what.confidence == "answered" and what.evidence is not None and not what.evidence.amount_missing
