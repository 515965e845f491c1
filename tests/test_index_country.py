"""An English question's borrowed word that no word list knows tells its country by the index's own law §s."""

from __future__ import annotations

import numpy as np
import pytest

from bot.analysis import default_analyzer
from bot.corpus.records import ChunkRecord
from bot.search import index_country as module
from bot.search.index_country import index_country


def _record(docno: int, chunk_id: str, lang: str, text: str) -> ChunkRecord:
    return ChunkRecord(chunk_id, chunk_id.split("/")[0], chunk_id, "", "", "", None, lang, text)


# "kommunedirektør" (Kommuneloven 2018) is in neither wordfreq list; the synonym table reads it as "rådmann", a term
# the Danish law holds too (its "rådmænd"), so the word as written decides, not its term.
CHUNKS = {
    0: _record(0, "lov-2018-06-22-83/§13-1/1", "nb", "Kommunestyret ansetter selv en kommunedirektør."),
    1: _record(1, "lov-2018-06-22-83/§13-1/6", "nb", "Et folkevalgt organ kan gi kommunedirektøren myndighet."),
    2: _record(2, "lta-2026-13/§64a/5", "da", "Udvalgsformændene kan betegnes rådmænd."),
    3: _record(3, "ks-slides:lysbilde-4", "da", "Kommunedirektøren i en dansk tekst som ikke er lov."),
}


def _postings(term: str) -> np.ndarray | None:
    return np.array(sorted(CHUNKS)) if term == default_analyzer().word_terms("kommunedirektør")[0] else None


def _chunks(docnos: list[int]) -> dict[int, ChunkRecord]:
    return {d: CHUNKS[d] for d in docnos}


def test_a_word_only_one_countrys_law_holds_is_that_countrys() -> None:
    question = "Who is the boss of the kommunedirektør, the mayor or the whole council?"
    assert index_country(question, default_analyzer(), _postings, _chunks) == "no"


def test_a_word_both_countries_laws_hold_or_one_a_word_list_knows_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    both = {**CHUNKS, 3: _record(3, "lta-2026-13/§31/3", "da", "Kommunedirektøren er en dansk titel her.")}
    assert index_country("Who hires the kommunedirektør?", default_analyzer(), _postings,
                         lambda ds: {d: both[d] for d in ds}) is None
    # "kommunestyre" is in bokmål's word list: words_country reads it, not this
    assert index_country("Who leads the kommunestyre?", default_analyzer(), _postings, _chunks) is None
    monkeypatch.setattr(module, "INDEX_WORDS_COUNTRY", False)
    assert index_country("Who hires the kommunedirektør?", default_analyzer(), _postings, _chunks) is None
