"""A question's word reaches the derivation of it the sources use: svoger → svogerskap (forvaltningsloven § 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis import default_analyzer, switches
from bot.analysis.typos import TermVocabulary
from bot.index.store import IndexStore
from bot.search.retriever import Searcher


@pytest.mark.parametrize("question", ["Svogeren min har søkt om dispensasjon. Er jeg inhabil?",
                                      "Kan jeg behandle en sak der min svoger er part?"])
def test_a_question_about_a_svoger_finds_the_rule_on_svogerskap(law_index: Path, question: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # § 6 says "i slekt eller svogerskap", and "skap" is no compound's tail ("selskap" is no "sel" + "skap"): the
    # passage never held the question's word, and § 8's written question ("min svoger er søker") came first
    searcher = Searcher(IndexStore.open(law_index))
    first = searcher.search(question, k=3).hits[0]
    assert first.chunk.id == "lov-1967-02-10/§6/1" and "svogerskap" in first.chunk.text
    monkeypatch.setattr(switches, "DERIVATIONS", False)
    assert searcher.search(question, k=3).hits[0].chunk.id != "lov-1967-02-10/§6/1"


def test_only_a_word_the_index_barely_holds_reaches_a_derivation_no_more_common_than_itself() -> None:
    analyzer = default_analyzer()
    svog, svogerskap = analyzer.terms("svoger")[0], analyzer.terms("svogerskap")[0]
    formann, formannskap = analyzer.terms("formann")[0], analyzer.terms("formannskap")[0]
    mann, mannskap = analyzer.terms("mann")[0], analyzer.terms("mannskap")[0]
    index = TermVocabulary({svog: 2, svogerskap: 1, formann: 60, formannskap: 30, mann: 2, mannskap: 5, "sak": 200},
                           passages=1000)
    assert svogerskap in analyzer.query_terms("Min svoger er part i saken", index)
    assert svogerskap in analyzer.query_terms("Min svoger er part i saken", TermVocabulary({svogerskap: 1}, 1000))
    # a word the index holds often is searched well as it is: "formann" is the chair of any board, no formannskap
    assert formannskap not in analyzer.query_terms("Hvem er formann i styret?", index)
    # a derivation more common than its word is a term of its own: "mannskap" is a crew
    assert mannskap not in analyzer.query_terms("Min mann er part i saken", index)
    # and "ny" is no noun: "nyskap" (nyskaping) is not its state
    assert analyzer.terms("nyskaping")[0] not in analyzer.query_terms(
        "Hva er nytt?", TermVocabulary({analyzer.terms("nyskaping")[0]: 1, "ny": 1}, 1000))
