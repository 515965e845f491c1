"""BM25 as rank-bm25 defines it (BM25Okapi or BM25Plus): every formula the index and search share."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class BM25Params:
    """Which rank-bm25 class is mirrored and its parameters (stored in the index meta)."""

    variant: str = "plus"   # "okapi" (BM25Okapi) or "plus" (BM25Plus)
    k1: float = 0.6
    b: float = 0.3
    epsilon: float = 0.25   # BM25Okapi: floor for idf <= 0, as a share of the mean idf
    delta: float = 1.0      # BM25Plus: the lower bound added for every query term

    def to_dict(self) -> dict[str, float | str]:
        """Plain values for JSON."""
        return asdict(self)


def idf_table(dfs: np.ndarray, n_docs: int, params: BM25Params) -> tuple[np.ndarray, float]:
    """Each term's idf exactly as rank-bm25 computes it, and (Okapi) the mean idf it floors with."""
    dfs = dfs.astype(np.float64)
    if params.variant == "okapi":
        # rank-bm25 uses math.log per term; numpy's log agrees to the last bit for these inputs.
        idf = np.log(n_docs - dfs + 0.5) - np.log(dfs + 0.5)
        mean = float(idf.sum() / len(idf)) if len(idf) else 0.0
        idf = np.where(idf < 0, params.epsilon * mean, idf)
        return idf, mean
    return np.log((n_docs + 1) / dfs), 0.0


def term_idf(df: int, n_docs: int, params: BM25Params, mean_idf: float) -> float:
    """One term's idf, for rescoring: the same formula as `idf_table`, in Python floats."""
    if params.variant == "okapi":
        idf = math.log(n_docs - df + 0.5) - math.log(df + 0.5)
        return params.epsilon * mean_idf if idf < 0 else idf
    return math.log((n_docs + 1) / df)


def length_norms(doclens: np.ndarray, avgdl: float, params: BM25Params) -> np.ndarray:
    """k1 * (1 - b + b * dl / avgdl) per chunk, in float64 as rank-bm25 computes it."""
    return params.k1 * (1 - params.b + params.b * doclens.astype(np.float64) / avgdl)


def saturate(tf: np.ndarray, norms: np.ndarray, params: BM25Params) -> np.ndarray:
    """The tf part of a term's score: tf * (k1 + 1) / (tf + norm)."""
    return tf * (params.k1 + 1) / (tf + norms)


def term_weights(idf: float | np.ndarray, tfs: np.ndarray, doclens: np.ndarray, avgdl: float,
                 params: BM25Params) -> np.ndarray:
    """The score a term adds to each chunk it occurs in (BM25Plus's delta part left out).

    BM25Plus adds idf·delta to every chunk, matching or not: a constant per query term,
    which `constant` returns, so sparse postings can carry the rest.
    """
    return idf * saturate(tfs.astype(np.float64), length_norms(doclens, avgdl, params), params)


def constant(idf_sum: float, params: BM25Params) -> float:
    """What BM25Plus adds to every chunk's score for query terms whose idfs sum to `idf_sum` (0 for Okapi)."""
    return params.delta * idf_sum if params.variant == "plus" else 0.0


def information(df: int, n_docs: int) -> float:
    """A term's information for coverage, log((n + 1) / df): positive even for terms in every chunk.

    Unlike BM25's idf it never floors or goes negative, so a question's unmatched words always
    count against how much of it a chunk covers; a term the index lacks counts as df 0.5.
    """
    return math.log((n_docs + 1) / max(df, 0.5))
