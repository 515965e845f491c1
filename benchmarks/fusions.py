"""The research fusions benchmarks/semantic.py compares with the product's: min-max, z-score, RRF, learned.

The product fuses by bot.search.fusion (cosines on their own scale plus coverage); these are
the alternatives it was chosen against, kept to measure them again, never used by a search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from bot.search import fusion
from bot.search.fusion import Dense, Fused, Signals

Method = Literal["coverage", "weighted", "zscore", "rrf", "learned"]
WEIGHT = 0.4         # BM25's share in the weighted min-max sum
RRF_K = 60           # the usual constant of reciprocal rank fusion (Cormack et al. 2009)
# Logistic regression over `features` (bias first), fitted on NorQuAD train candidates by
# benchmarks/semantic.py (fit_learned).
LEARNED = (-8.0708, 2.9129, 7.8599, 0.5358, 0.1043, 0.0925, -5.5735)


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


def features(s: Signals) -> np.ndarray:
    """(n, 6) inputs of the learned combination: min-max BM25 and cosine, their z-scores, in BM25's list, cosine."""
    return np.column_stack([minmax(s.bm25), minmax(s.cosine), zscore(s.bm25), zscore(s.cosine),
                            s.in_bm25.astype(np.float64), s.cosine])


def scores(s: Signals, method: Method, weight: float = WEIGHT, k: float = RRF_K,
           coef: Sequence[float] = LEARNED, blend: fusion.Blend = fusion.BLEND) -> np.ndarray:
    """The fused score of each candidate by `method` (higher is better); "coverage" is the product's."""
    if len(s.docnos) == 0:
        return np.zeros(0)
    if method == "coverage":
        return fusion.scores(s, blend)
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


def fuse(bm25: Sequence[tuple[int, float]], dense: Dense, method: Method, n: int = fusion.CANDIDATES,
         weight: float = WEIGHT, k: float = RRF_K, coef: Sequence[float] = LEARNED,
         coverage: np.ndarray | None = None, blend: fusion.Blend = fusion.BLEND) -> list[Fused]:
    """The candidates best first by `method` (coverage aligned with `fusion.candidates(bm25, dense, n)`)."""
    s = fusion.signals(bm25, dense, coverage=coverage, n=n)
    return fusion.ranked(s, scores(s, method, weight, k, coef, blend), bm25, dense, n)
