"""A nynorsk question reads its words by nynorsk's dictionary too: "Kven vel ordføraren?" is velge, not the adverb."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.analysis import default_analyzer, switches
from bot.analysis.lemma import Lemmatizer, default_lemmatizer
from bot.analysis.typos import TermVocabulary
from bot.cli import cli
from tests.helpers.asking import ask_json

NYNORSK = "Kven vel ordføraren?"  # "vel": nynorsk's velja (velge), bokmål's adverb (well)
BOKMAL = "Hvem velger ordføreren?"
BOKMAL_VEL = "Hva er vel det viktigste ordføreren gjør?"  # the adverb, in bokmål
VALG = "Kommuneloven § 6-2 Valg av ordfører og varaordfører"
# An index that holds both words, as the shipped one does
INDEX = TermVocabulary({"vel": 40, "velg": 12, "ordfør": 30, "vikt": 20})


@pytest.fixture(autouse=True)
def _registered() -> None:
    import bot.cli.ask  # noqa: F401


def first_passage(index: Path, question: str) -> dict:
    """`kommunebot ask --json` on the index of the bundled corpus and the law pack."""
    data = ask_json(index, question)
    assert data["answered"] is True, data
    return data["passages"][0]


def test_the_nynorsk_question_is_answered_by_the_section_on_electing_the_mayor(law_index: Path) -> None:
    assert first_passage(law_index, NYNORSK)["source"]["title"] == VALG


def test_the_nynorsk_question_without_the_reading_missed_that_section(law_index: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """What the reading mends: read bokmål first, "vel" is the adverb and another passage comes first."""
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    result = CliRunner().invoke(cli, ["ask", NYNORSK, "--json"], env={
        "KOMMUNEBOT_INDEX": str(law_index), "KOMMUNEBOT_LAW_PACK": "on"}, catch_exceptions=False)
    data = json.loads(result.output)
    assert not data["passages"] or data["passages"][0]["source"]["title"] != VALG


def test_the_same_question_in_bokmal_is_answered_as_before(law_index: Path) -> None:
    assert first_passage(law_index, BOKMAL)["source"]["title"] == VALG


def test_a_nynorsk_word_is_read_as_its_nynorsk_lemmas_bokmal_word() -> None:
    analyzer = default_analyzer()
    assert analyzer.query_word_terms(NYNORSK, INDEX) == [("velg",), ("ordfør",)]
    # the 4-gram share reads the question as its terms do
    assert analyzer.as_indexed(NYNORSK, INDEX).split()[1] == "velge"


def test_bokmal_questions_with_the_adverb_keep_it(monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = default_analyzer()
    terms = analyzer.query_terms(BOKMAL_VEL, INDEX)
    assert "vel" in terms and "velg" not in terms
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    assert analyzer.query_terms(BOKMAL_VEL, INDEX) == terms


@pytest.mark.parametrize("question", [
    BOKMAL, BOKMAL_VEL, "Hvem går av som ordfører?", "Hvordan velges formannskapet?",  # bokmål
    "Hvem vælger borgmesteren?", "Det er vel kommunalbestyrelsen, der vælger?",  # Danish
    "Who elects the mayor?", "Well, who elects the mayor?",  # English
])
def test_questions_in_other_languages_keep_their_terms(question: str, monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = default_analyzer()
    on = analyzer.query_word_terms(question, INDEX), analyzer.as_indexed(question, INDEX)
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    assert (analyzer.query_word_terms(question, INDEX), analyzer.as_indexed(question, INDEX)) == on


def test_switched_off_a_nynorsk_question_reads_bokmal_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    assert default_analyzer().query_word_terms(NYNORSK, INDEX) == [("vel",), ("ordfør",)]


def test_the_language_the_searcher_detected_is_the_one_read() -> None:
    analyzer = default_analyzer()
    assert analyzer.query_terms(NYNORSK, INDEX, language="nb") == ["vel", "ordfør"]
    assert analyzer.query_terms(NYNORSK, INDEX, language="nn") == ["velg", "ordfør"]


def test_the_nynorsk_lemma_is_given_only_where_it_differs() -> None:
    lemmatizer = default_lemmatizer()
    assert lemmatizer.lemma_in("vel", "nn") == "velja"
    assert lemmatizer.lemma_in("kommunestyret", "nn") is None  # read alike
    assert lemmatizer.lemma_in("valde", "nn") is None  # nynorsk's own word: read by nynorsk already
    assert lemmatizer.lemma_in("vel", "sv") is None  # a language the lemmatiser does not read
    # simplemma asked directly, where the cache folder cannot hold the table, gives the same
    assert Lemmatizer(table=None).lemma_in("vel", "nn") == "velja"
    assert Lemmatizer(table=None).lemma_in("kommunestyret", "nn") is None


def test_a_nynorsk_passive_is_asked_as_the_verbs_passive_too(law_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"lukkast" is lukkes (closed) as well as the nynorsk table's lykkes (succeed): asked by its bokmål word alone,
    "Kan møtet lukkast?" was a question about succeeding, with a KS slide first."""
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher

    analyzer = default_analyzer()
    searcher = Searcher(IndexStore.open(law_index))
    result = searcher.search("Kan møtet lukkast?", k=3)
    assert analyzer.terms("lukkes")[0] in result.terms
    assert result.hits[0].chunk.id.startswith("lov-2018-06-22-83/§11-5") and "lukke" in result.hits[0].chunk.text
    monkeypatch.setattr(switches, "PASSIVES", False)
    analyzer._memo.clear()
    analyzer._nynorsk.clear()
    try:
        assert analyzer.terms("lukkes")[0] not in searcher.search("Kan møtet lukkast?", k=3).terms
    finally:  # the other tests read with the product's setting
        analyzer._memo.clear()
        analyzer._nynorsk.clear()
