"""Fusing BM25 with cosine scores, and the three confidence levels."""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks import fusions
from bot.search import confidence, fusion
from bot.search.confidence import MIN_COVERAGE, Evidence
from bot.semantic.fake import FakeEmbedder


def _single(cosines: np.ndarray) -> fusion.Dense:
    """One cosine a chunk serving as both the best sentence's and the whole text's."""
    return fusion.Dense.single(np.asarray(cosines, dtype=np.float32))


TEXTS = [
    "Kommunestyret er øverste ansvarlige arbeidsgiver som kollegialt organ",  # 0: the answer, few shared words
    "Sjefen for de ansatte i butikken bestemmer over sjefen",                  # 1: shares the question's words only
    "Strategikonferansen arrangeres på Thon Hotel Arena",                      # 2: unrelated
    "Arbeidsgiver kommunestyret øverste ansvarlige organ for ansatte",         # 3: a paraphrase of 0
]


def test_a_chunk_bm25_ranks_second_but_means_the_question_comes_first() -> None:
    fake = FakeEmbedder()
    cosines = fake.embed_passages(TEXTS) @ fake.embed_query("Hvem er øverste ansvarlige arbeidsgiver for ansatte?")
    bm25 = [(1, 9.0), (0, 7.5), (2, 1.0)]  # words alone put the wrong chunk first
    order = [f.docno for f in fusion.fuse(bm25, _single(cosines))]
    assert order[0] in (0, 3) and order.index(0) < order.index(1)
    assert 3 in order  # a chunk BM25 did not list at all enters through its cosine
    # the searcher asks only for the first few: the same ones, in the same order
    assert [f.docno for f in fusion.fuse(bm25, _single(cosines), limit=2)] == order[:2]


@pytest.mark.parametrize("method", ["coverage", "weighted", "zscore", "rrf", "learned"])
def test_agreeing_stages_keep_their_first(method: fusions.Method) -> None:
    cosines = np.array([0.80, 0.91, 0.75, 0.70], dtype=np.float32)
    fused = fusions.fuse([(1, 12.0), (0, 5.0), (2, 4.0)], _single(cosines), method)
    assert fused[0].docno == 1
    assert len({f.docno for f in fused}) == len(fused) == 4  # the union, each chunk once


def test_the_weight_moves_the_order_between_the_stages() -> None:
    cosines = np.array([0.70, 0.95], dtype=np.float32)
    bm25 = [(0, 10.0), (1, 2.0)]
    assert fusions.fuse(bm25, _single(cosines), "weighted", weight=0.9)[0].docno == 0
    assert fusions.fuse(bm25, _single(cosines), "weighted", weight=0.1)[0].docno == 1


def test_the_chunk_holding_all_the_question_s_words_wins_a_close_call() -> None:
    # 0 repeats one of the question's words (BM25 a little higher), 1 holds all of them
    cosines = np.array([0.84, 0.84, 0.70], dtype=np.float32)
    bm25 = [(0, 9.0), (1, 8.5), (2, 1.0)]
    covered = {0: 0.4, 1: 1.0, 2: 0.1}
    docnos = fusion.candidates(bm25, _single(cosines))
    fused = fusion.fuse(bm25, _single(cosines), docnos, np.array([covered[int(d)] for d in docnos]))
    assert [f.docno for f in fused][:2] == [1, 0]
    assert fusion.fuse(bm25, _single(cosines))[0].docno == 0  # without coverage the words' BM25 decides


def test_cosine_counts_on_its_own_scale_not_stretched_across_the_candidates() -> None:
    # cosines 0.800 and 0.805 are all but equal for e5: min-max would make them 0 and 1 and let
    # that overrule the coverage; on cosine's own scale the chunk holding the question's words wins
    cosines = np.array([0.800, 0.805], dtype=np.float32)
    bm25 = [(0, 10.0), (1, 5.0)]
    covered = {0: 1.0, 1: 0.6}
    docnos = fusion.candidates(bm25, _single(cosines))
    fused = fusion.fuse(bm25, _single(cosines), docnos, np.array([covered[int(d)] for d in docnos]))
    assert fused[0].docno == 0
    assert fusions.fuse(bm25, _single(cosines), "weighted")[0].docno == 1


def test_the_chunk_with_the_answering_sentence_beats_one_alike_as_a_whole() -> None:
    # 0: a long paragraph, one sentence of which says what is asked; 1: on the topic throughout
    dense = fusion.Dense(sentence=np.array([0.91, 0.84], dtype=np.float32),
                         whole=np.array([0.80, 0.84], dtype=np.float32))
    assert [f.docno for f in fusion.fuse([(1, 6.0), (0, 5.0)], dense)] == [0, 1]
    # the whole text's cosine still counts: with equal best sentences the closer whole wins
    even = fusion.Dense(sentence=np.array([0.88, 0.88], dtype=np.float32),
                        whole=np.array([0.80, 0.84], dtype=np.float32))
    assert fusion.fuse([(0, 6.0), (1, 5.0)], even)[0].docno == 1


def test_candidates_come_from_both_cosines() -> None:
    dense = fusion.Dense(sentence=np.array([0.1, 0.9, 0.2, 0.3], dtype=np.float32),
                         whole=np.array([0.1, 0.2, 0.3, 0.9], dtype=np.float32))
    assert list(fusion.candidates([(0, 1.0)], dense, n=1)) == [0, 1, 3]


def test_chunks_without_vectors_rank_by_bm25_and_count_as_lowest_cosine() -> None:
    cosines = np.array([np.nan, np.nan, 0.9, np.nan], dtype=np.float32)
    fused = fusion.fuse([(0, 8.0), (1, 6.0), (3, 1.0)], _single(cosines))
    order = [f.docno for f in fused]
    assert order.index(0) < order.index(1) < order.index(3)
    assert math.isnan(fused[order.index(0)].cosine) and fused[order.index(2)].bm25 is None


def test_no_bm25_match_is_dense_alone_and_no_vectors_is_bm25_alone() -> None:
    cosines = np.array([0.2, 0.9, 0.5], dtype=np.float32)
    assert [f.docno for f in fusion.fuse([], _single(cosines))] == [1, 2, 0]
    lexical = fusion.fuse([(2, 3.0), (0, 1.0)], _single(np.full(3, np.nan, dtype=np.float32)))
    assert [f.docno for f in lexical] == [2, 0]
    assert fusion.fuse([], _single(np.full(3, np.nan, dtype=np.float32))) == []


def test_candidates_keep_bm25_order_then_add_the_dense_top_n() -> None:
    cosines = np.array([0.1, 0.2, 0.9, 0.8, 0.3], dtype=np.float32)
    assert list(fusion.candidates([(4, 2.0), (2, 1.0)], _single(cosines), n=2)) == [4, 2, 3]


def test_fused_scores_carry_the_first_stage_scores_unchanged() -> None:
    fused = fusion.fuse([(0, 7.25), (1, 3.5)], _single(np.array([0.5, 0.6], dtype=np.float32)))
    assert {f.docno: f.bm25 for f in fused} == {0: 7.25, 1: 3.5}


def test_an_unknown_method_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown fusion method"):
        fusions.fuse([(0, 1.0)], _single(np.array([0.5])), "max")  # type: ignore[arg-type]


def _level(coverage: float, cosine: float | None, hits: int = 3) -> str:
    return confidence.decide(Evidence(coverage, cosine, hits, terms=5))  # a question of five terms


def test_three_levels_from_coverage_and_cosine() -> None:
    assert _level(1.0, 0.90) == "answered"
    assert _level(0.25, 0.86) == "uncertain"
    assert _level(0.0, 0.78) == "not_covered"
    assert _level(1.0, 0.90, hits=0) == "not_covered"


def test_more_evidence_never_lowers_the_level() -> None:
    rank = {"not_covered": 0, "uncertain": 1, "answered": 2}
    for cov in np.linspace(0, 1, 11):
        levels = [rank[_level(float(cov), float(cos))] for cos in np.linspace(0.7, 0.95, 26)]
        assert levels == sorted(levels)
    assert {_level(float(c), float(s)) for c in np.linspace(0, 1, 11) for s in np.linspace(0.7, 0.95, 26)} == \
        {"answered", "uncertain", "not_covered"}


def test_without_a_cosine_the_decision_is_the_lexical_one() -> None:
    assert _level(MIN_COVERAGE, None) == "answered"
    assert _level(MIN_COVERAGE - 0.01, None) == "not_covered"
    assert _level(0.9, float("nan")) == "answered"
