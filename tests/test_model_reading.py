"""The model's reading of an English question with the dictionary's words left out: a lever measured and not taken
(bot.analysis.switches.DICTIONARY_FOR_MODEL; benchmarks.answers --lever model-own-words)."""

from __future__ import annotations

import pytest

from benchmarks.answer_levers import switch_on
from bot.analysis import Analyzer, default_analyzer, switches
from bot.analysis.typos import TermVocabulary

# "move" is eng-nor's noun trekk alone and "another" its enda: held by the index, so BM25 searches them
ASKED = "Can I quit the council because I'm moving to another town?"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


def _vocabulary(analyzer: Analyzer) -> TermVocabulary:
    return TermVocabulary({analyzer.terms(w)[0]: 3 for w in ("trekk", "enda", "by", "slutte", "kommunestyre")})


def test_the_model_reads_the_dictionarys_words_as_bm25_does(analyzer: Analyzer) -> None:
    assert "trekk to enda by" in analyzer.for_model(ASKED, _vocabulary(analyzer))


def test_the_lever_leaves_the_model_the_questions_own_words(analyzer: Analyzer,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(switches, "DICTIONARY_FOR_MODEL", True)
    switch_on("model-own-words")
    vocab = _vocabulary(analyzer)
    read = analyzer.for_model(ASKED, vocab)
    assert "kommunestyre" in read.split()  # the glossary's term for "council", the sources' own word
    assert "moving to another town" in read and not {"trekk", "enda", "slutte"} & set(read.split())
    # BM25 and the coverage still search by the dictionary's translations: the sources hold no English words
    assert analyzer.terms("trekk")[0] in analyzer.query_terms(ASKED, vocab)
    # a Norwegian question is the model's to read as asked, either way
    assert analyzer.for_model("Kan jeg slutte i kommunestyret hvis jeg flytter?", vocab) == \
        "Kan jeg slutte i kommunestyret hvis jeg flytter?"
