"""A question's unknown word: looked up by its lemma in every dictionary, a genitive no dictionary lists as its noun."""

from __future__ import annotations

import copy

import pytest

from bot.analysis import default_analyzer, switches
from bot.analysis.lemma import Lemmatizer, default_lemmatizer
from bot.analysis.typos import TermVocabulary

NYNORSK = "Kan eg seie nei til å bli valt inn i eit utval?"  # "valt": nynorsk's velje (valgt), bokmål's valte


def test_the_lemma_table_keeps_a_words_lemma_in_the_later_dictionaries() -> None:
    lemmatizer = default_lemmatizer()
    assert lemmatizer("valt") == "valte"  # bokmål's reading wins the merged table
    assert "velje" in lemmatizer.others("valt")
    assert "kome" in lemmatizer.others("kjem")
    assert lemmatizer.others("kommunestyre") == ()  # one reading: nothing else to look up


def test_simplemma_asked_directly_gives_the_same_other_lemmas_as_the_table() -> None:
    # the path taken where the cache folder cannot hold the table
    assert Lemmatizer(table=None).others("valt") == default_lemmatizer().others("valt")


def test_an_unknown_nynorsk_word_meets_the_bokmal_index_through_its_nynorsk_lemma(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the other lemmas alone: a question read as nynorsk reads "valt" by nynorsk's dictionary anyway
    # (NYNORSK_READING, tests/test_nynorsk_reading.py)
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    analyzer = default_analyzer()
    index = TermVocabulary({"velg": 12, "utvalg": 30, "nei": 3})
    assert "velg" in analyzer.query_terms(NYNORSK, index)
    without = copy.copy(analyzer)
    without.other_lemmas = None
    assert "velg" not in without.query_terms(NYNORSK, index)  # as before: "valt" stayed a word the index lacks


def test_a_word_the_index_holds_is_read_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = default_analyzer()
    own = analyzer.word_terms("valt")[0]
    index = TermVocabulary({own: 2, "velg": 12, "utvalg": 30})
    # in a question read as nynorsk, "valt" is nynorsk's velje (valgt) whatever the index holds (NYNORSK_READING)
    terms = analyzer.query_terms(NYNORSK, index)
    assert "velg" in terms and own not in terms
    monkeypatch.setattr(switches, "NYNORSK_READING", False)
    terms = analyzer.query_terms(NYNORSK, index)
    assert own in terms and "velg" not in terms


def test_the_table_before_the_other_lemmas_is_removed_once_the_new_one_is_there(tmp_path, lemma_cache) -> None:  # noqa: ANN001
    import os

    from bot.analysis.lemma import LANGS, LemmaTable

    for table in lemma_cache.glob("lemmas4-*.db"):  # the session's new table (built once, ~8 s), not built again
        os.link(table, tmp_path / table.name)
    old = tmp_path / f"lemmas-{'-'.join(LANGS)}-1.9.1.db"
    old.write_bytes(b"an old table")
    before = tmp_path / f"lemmas3-{'-'.join(LANGS)}-2.0.0.db"  # the table before a word was read as its own (0.4.45)
    before.write_bytes(b"an old table")
    mine = tmp_path / "lemmas-notes.txt"  # not a table of ours: kept
    mine.write_text("keep")
    table = LemmaTable.default(tmp_path)
    assert table is not None and "velje" in table.others("valt")
    assert not old.exists() and not before.exists() and mine.read_text() == "keep"


def test_a_word_is_known_by_the_first_dictionary_that_holds_it(lemma_cache) -> None:  # noqa: ANN001
    from bot.analysis.lemma import LemmaTable, Lemmatizer

    table = LemmaTable.default(lemma_cache)
    for lemmatizer in (Lemmatizer(table=table), Lemmatizer()):  # the table, and simplemma asked directly
        assert lemmatizer.first_language("oppgaver") == "nb"
        assert lemmatizer.first_language("oppgåver") == "nn"  # bokmål writes oppgaver
        assert lemmatizer.first_language("Ålmenta") == "nn"
        assert lemmatizer.first_language("xqzvv") is None


def test_a_genitive_no_dictionary_lists_is_read_as_its_noun() -> None:
    # nynorsk's "ordførarens" is in no dictionary; "ordføraren" is, and meets the bokmål index's ordfører
    analyzer = default_analyzer()
    index = TermVocabulary({analyzer.word_terms("ordfører")[0]: 30, "oppgav": 12})
    assert analyzer.word_terms("ordfører")[0] in analyzer.query_terms("Kva er ordførarens oppgåver?", index)
    assert "ordførar" not in analyzer.query_terms("Kva er ordførarens oppgåver?", index)


def test_a_word_ending_in_s_the_index_holds_is_read_as_it_is() -> None:
    analyzer = default_analyzer()
    own = analyzer.word_terms("vedtaks")[0]
    index = TermVocabulary({own: 3, analyzer.word_terms("vedtak")[0]: 40})
    assert own in analyzer.query_terms("Hva betyr vedtaks?", index)
