"""Fusing the BM25 first stage with dense cosine scores: pure functions, arrays in, ranking out.

Each chunk has two cosines with the question (bot.index.units): with its best sentence and
with its whole text. The candidates are the union of BM25's top N (the Searcher's ranking,
rank-bm25's scores unchanged) and the N chunks of highest cosine by each. Each method gives
every candidate one fused score; `fuse` sorts by it. A chunk outside BM25's top N has no BM25
score here: it counts as the lowest of the list (0 after min-max), which is what being below
the N-th says of it. A chunk without vectors (cosine NaN: lexical-only source) counts as the
lowest cosine. The single-cosine methods use the best sentence's. The chosen method,
"coverage", weighs both cosines and a third signal per candidate: the share of the question's
information found in the chunk (Searcher.coverages), which rewards the chunk holding all of
the question's rare words over one repeating a single frequent one.
Chosen by `benchmarks/semantic.py` (README, "Semantic retrieval").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Method = Literal["coverage", "weighted", "zscore", "rrf", "learned"]
Blend = tuple[float, float, float, float]  # "coverage"'s weights: BM25 / best, sentence cosine, whole cosine, coverage
Coverage = Callable[[np.ndarray], np.ndarray]  # docnos -> share of the question's information in each

METHOD: Method = "coverage"  # the fused order users see (benchmarks/semantic.py: best on NorQuAD train)

CANDIDATES = 50      # N of each stage in the candidate set (benchmarks/semantic.py: no gain beyond)
WEIGHT = 0.4         # BM25's share in the weighted min-max sum
# "coverage": LEXICAL * bm25 / best + SENTENCE * best sentence's cosine + WHOLE * whole text's
# cosine + COVERED * coverage. Cosines are kept on their own absolute scale (e5's crowd in
# 0.75-0.9, so min-max would stretch noise). A softmax over each question's candidates fitted on
# NorQuAD train (benchmarks/semantic.py, fit_listwise) gave these weights. BM25's own score gets
# none: fitted with the others it came out slightly negative (-2.15), and without it every set
# scored the same or better. BM25 still chooses half the candidates, and its idf is in
# coverage: which of the question's words a chunk holds counts, not how often.
LEXICAL, SENTENCE, WHOLE, COVERED = 0.0, 56.62, 24.07, 7.18
BLEND: Blend = (LEXICAL, SENTENCE, WHOLE, COVERED)
RRF_K = 60           # the usual constant of reciprocal rank fusion (Cormack et al. 2009)
# Logistic regression over `features` (bias first), fitted on NorQuAD train candidates by
# benchmarks/semantic.py (--fit prints them); numpy only, so nothing is trained at run time.
LEARNED = (-8.0708, 2.9129, 7.8599, 0.5358, 0.1043, 0.0925, -5.5735)


@dataclass(frozen=True)
class Dense:
    """The question's cosines by docno (NaN for a chunk without vectors): with its best sentence, its whole text."""

    sentence: np.ndarray
    whole: np.ndarray

    @staticmethod
    def single(cosines: np.ndarray) -> Dense:
        """One cosine per chunk serving as both (a benchmark's alternative, a fake in tests)."""
        return Dense(cosines, cosines)


@dataclass(frozen=True)
class Fused:
    """One fused candidate: chunk number, fused score, and what it came from."""

    docno: int
    score: float
    bm25: float | None  # rank-bm25's score, None when the chunk was only a dense candidate
    cosine: float       # the best sentence's cosine; NaN when the chunk has no vectors
    whole: float        # the whole text's cosine; NaN when the chunk has no vectors


def _top(cosines: np.ndarray, n: int) -> list[int]:
    """The `n` docnos of highest cosine, best first (ties by docno); NaN never."""
    valid = np.where(np.isnan(cosines), -np.inf, cosines)
    k = min(n, int(np.isfinite(valid).sum()))
    if k == 0:
        return []
    top = np.argpartition(-valid, k - 1)[:k]
    return [int(d) for d in top[np.lexsort((top, -valid[top]))]]


def candidates(bm25: Sequence[tuple[int, float]], dense: Dense, n: int = CANDIDATES) -> np.ndarray:
    """Docnos of BM25's list (in its order), then the top `n` by sentence cosine, then by whole cosine, not repeated."""
    out = [d for d, _ in bm25[:n]]
    seen = set(out)
    for d in _top(dense.sentence, n) + _top(dense.whole, n):
        if d not in seen:
            seen.add(d)
            out.append(d)
    return np.asarray(out, dtype=np.int64)


def minmax(values: np.ndarray) -> np.ndarray:
    """Scaled to [0, 1]; all equal gives all 1 (one candidate is simply the best)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    return np.ones_like(values) if hi - lo <= 1e-12 else (values - lo) / (hi - lo)


def zscore(values: np.ndarray) -> np.ndarray:
    """(x - mean) / sd; all equal gives all 0."""
    sd = float(np.std(values))
    return np.zeros_like(values) if sd <= 1e-12 else (values - float(np.mean(values))) / sd


def _ranks(values: np.ndarray) -> np.ndarray:
    """1-based rank of each value, best (highest) first, ties by position."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(1, len(values) + 1)
    return ranks


@dataclass(frozen=True)
class Signals:
    """Per-candidate inputs of every method, aligned with `docnos`."""

    docnos: np.ndarray
    bm25: np.ndarray      # raw, the list's lowest for chunks outside it
    in_bm25: np.ndarray   # bool
    cosine: np.ndarray    # the best sentence's, raw; the candidates' lowest for chunks without vectors
    whole: np.ndarray     # the whole text's, likewise
    coverage: np.ndarray  # share of the question's information in the chunk (0 when not given)


def _filled(values: np.ndarray) -> np.ndarray:
    """NaN (no vectors) replaced by the lowest of the others (0 when there are none)."""
    values = values.astype(np.float64)
    if np.isnan(values).any():
        finite = values[~np.isnan(values)]
        values = np.where(np.isnan(values), float(finite.min()) if len(finite) else 0.0, values)
    return values


def signals(bm25: Sequence[tuple[int, float]], dense: Dense, n: int = CANDIDATES,
            coverage: Coverage | None = None) -> Signals:
    """The candidates and their BM25, cosine and (when `coverage` is given) coverage scores."""
    docnos = candidates(bm25, dense, n)
    scores = dict(bm25[:n])
    floor = min(scores.values()) if scores else 0.0
    lex = np.array([scores.get(int(d), floor) for d in docnos], dtype=np.float64)
    cos = _filled(dense.sentence[docnos]) if len(docnos) else np.zeros(0)
    whole = _filled(dense.whole[docnos]) if len(docnos) else np.zeros(0)
    cov = np.zeros(len(docnos))
    if coverage is not None and len(docnos):
        cov = np.asarray(coverage(docnos), dtype=np.float64)
    return Signals(docnos, lex, np.array([int(d) in scores for d in docnos], dtype=bool), cos, whole, cov)


def features(s: Signals) -> np.ndarray:
    """(n, 6) inputs of the learned combination: min-max BM25 and cosine, their z-scores, in BM25's list, cosine."""
    return np.column_stack([minmax(s.bm25), minmax(s.cosine), zscore(s.bm25), zscore(s.cosine),
                            s.in_bm25.astype(np.float64), s.cosine])


def scores(s: Signals, method: Method = METHOD, weight: float = WEIGHT, k: float = RRF_K,
           coef: Sequence[float] = LEARNED, blend: Blend = BLEND) -> np.ndarray:
    """The fused score of each candidate by `method` (higher is better)."""
    if len(s.docnos) == 0:
        return np.zeros(0)
    if method == "coverage":
        best = float(np.max(s.bm25))
        lexical = s.bm25 / best if best > 0 else np.zeros_like(s.bm25)
        return blend[0] * lexical + blend[1] * s.cosine + blend[2] * s.whole + blend[3] * s.coverage
    if method == "weighted":
        return weight * minmax(s.bm25) + (1 - weight) * minmax(s.cosine)
    if method == "zscore":
        return weight * zscore(s.bm25) + (1 - weight) * zscore(s.cosine)
    if method == "rrf":
        lexical = np.where(s.in_bm25, 1 / (k + _ranks(np.where(s.in_bm25, s.bm25, -np.inf))), 0.0)
        return lexical + 1 / (k + _ranks(s.cosine))
    if method == "learned":
        c = np.asarray(coef, dtype=np.float64)
        return features(s) @ c[1:] + c[0]
    raise ValueError(f"unknown fusion method {method!r}")


def fuse(bm25: Sequence[tuple[int, float]], dense: Dense, method: Method = METHOD,
         n: int = CANDIDATES, weight: float = WEIGHT, k: float = RRF_K,
         coef: Sequence[float] = LEARNED, coverage: Coverage | None = None,
         blend: Blend = BLEND) -> list[Fused]:
    """The candidates, best first by the fused score (ties: BM25's order, then cosine's).

    :param bm25: the Searcher's ranking as (docno, rank-bm25 score), best first.
    :param dense: the question's cosines with every chunk (index = docno), NaN without vectors.
    :param coverage: each candidate's lexical coverage (the "coverage" method; without it, 0 for all).
    """
    s = signals(bm25, dense, n, coverage)
    fused = scores(s, method, weight, k, coef, blend)
    order = np.argsort(-fused, kind="stable")  # candidates() lists BM25's order, then cosine's
    lexical = dict(bm25[:n])
    return [Fused(int(s.docnos[i]), float(fused[i]), lexical.get(int(s.docnos[i])),
                  float(dense.sentence[s.docnos[i]]), float(dense.whole[s.docnos[i]])) for i in order]
