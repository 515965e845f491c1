"""Fusing the BM25 first stage with dense cosine scores: pure functions, arrays in, ranking out.

The candidates are the union of BM25's top N (the Searcher's ranking, rank-bm25's scores
unchanged) and the N chunks of highest cosine. Each method gives every candidate one fused
score; `fuse` sorts by it. A chunk outside BM25's top N has no BM25 score here: it counts
as the lowest of the list (0 after min-max), which is what being below the N-th says of it.
A chunk without a vector (cosine NaN: lexical-only source) counts as the lowest cosine.
The chosen method, "coverage", adds a third signal per candidate: the share of the question's
information found in the chunk (Searcher.coverages), which rewards the chunk holding all of the
question's rare words over one repeating a single frequent one.
Chosen by `benchmarks/semantic.py` (README, "Semantic retrieval").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Method = Literal["coverage", "weighted", "zscore", "rrf", "learned"]
Blend = tuple[float, float, float]  # the "coverage" method's weights: BM25 / best, cosine, coverage
Coverage = Callable[[np.ndarray], np.ndarray]  # docnos -> share of the question's information in each

METHOD: Method = "coverage"  # the fused order users see (benchmarks/semantic.py: best on NorQuAD train)

CANDIDATES = 50      # N of each stage in the candidate set (benchmarks/semantic.py: no gain beyond)
WEIGHT = 0.4         # BM25's share in the weighted min-max sum
# "coverage": LEXICAL * bm25 / best bm25 + COSINE * cosine + COVERED * coverage. Cosine is kept on
# its own absolute scale (e5's crowd in 0.75-0.9, so min-max would stretch noise) and BM25 is
# divided by the best score (floor at 0, not at the N-th). A softmax over each question's
# candidates fitted on NorQuAD train (benchmarks/semantic.py, fit_listwise) gave these weights.
# Over ~50 candidates cosine spans about 0.1 (≈ 6.5 here) and coverage 0-1, so BM25's own score
# only breaks near-ties: which of the question's words a chunk holds counts more than how often.
LEXICAL, COSINE, COVERED = 1.08, 65.2, 7.72
BLEND: Blend = (LEXICAL, COSINE, COVERED)
RRF_K = 60           # the usual constant of reciprocal rank fusion (Cormack et al. 2009)
# Logistic regression over `features` (bias first), fitted on NorQuAD train candidates by
# benchmarks/semantic.py (--fit prints them); numpy only, so nothing is trained at run time.
LEARNED = (-8.0708, 2.9129, 7.8599, 0.5358, 0.1043, 0.0925, -5.5735)


@dataclass(frozen=True)
class Fused:
    """One fused candidate: chunk number, fused score, and what it came from."""

    docno: int
    score: float
    bm25: float | None  # rank-bm25's score, None when the chunk was only a dense candidate
    cosine: float       # NaN when the chunk has no vector


def candidates(bm25: Sequence[tuple[int, float]], cosines: np.ndarray, n: int = CANDIDATES) -> np.ndarray:
    """Docnos of BM25's list (in its order), then the dense top `n` not in it (by cosine)."""
    lexical = [d for d, _ in bm25[:n]]
    valid = np.where(np.isnan(cosines), -np.inf, cosines)
    k = min(n, int(np.isfinite(valid).sum()))
    if k == 0:
        return np.asarray(lexical, dtype=np.int64)
    top = np.argpartition(-valid, k - 1)[:k]
    top = top[np.lexsort((top, -valid[top]))]
    seen = set(lexical)
    return np.asarray(lexical + [int(d) for d in top if int(d) not in seen], dtype=np.int64)


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
    cosine: np.ndarray    # raw, the candidates' lowest for chunks without a vector
    coverage: np.ndarray  # share of the question's information in the chunk (0 when not given)


def signals(bm25: Sequence[tuple[int, float]], cosines: np.ndarray, n: int = CANDIDATES,
            coverage: Coverage | None = None) -> Signals:
    """The candidates and their BM25, cosine and (when `coverage` is given) coverage scores."""
    docnos = candidates(bm25, cosines, n)
    scores = dict(bm25[:n])
    floor = min(scores.values()) if scores else 0.0
    lex = np.array([scores.get(int(d), floor) for d in docnos], dtype=np.float64)
    cos = cosines[docnos].astype(np.float64) if len(docnos) else np.zeros(0)
    if np.isnan(cos).any():
        finite = cos[~np.isnan(cos)]
        cos = np.where(np.isnan(cos), float(finite.min()) if len(finite) else 0.0, cos)
    cov = np.zeros(len(docnos))
    if coverage is not None and len(docnos):
        cov = np.asarray(coverage(docnos), dtype=np.float64)
    return Signals(docnos, lex, np.array([int(d) in scores for d in docnos], dtype=bool), cos, cov)


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
        return blend[0] * lexical + blend[1] * s.cosine + blend[2] * s.coverage
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


def fuse(bm25: Sequence[tuple[int, float]], cosines: np.ndarray, method: Method = METHOD,
         n: int = CANDIDATES, weight: float = WEIGHT, k: float = RRF_K,
         coef: Sequence[float] = LEARNED, coverage: Coverage | None = None,
         blend: Blend = BLEND) -> list[Fused]:
    """The candidates, best first by the fused score (ties: BM25's order, then cosine's).

    :param bm25: the Searcher's ranking as (docno, rank-bm25 score), best first.
    :param cosines: cosine of the question with every chunk (index = docno), NaN without a vector.
    :param coverage: each candidate's lexical coverage (the "coverage" method; without it, 0 for all).
    """
    s = signals(bm25, cosines, n, coverage)
    fused = scores(s, method, weight, k, coef, blend)
    order = np.argsort(-fused, kind="stable")  # candidates() lists BM25's order, then cosine's
    lexical = dict(bm25[:n])
    return [Fused(int(s.docnos[i]), float(fused[i]), lexical.get(int(s.docnos[i])),
                  float(cosines[s.docnos[i]])) for i in order]
