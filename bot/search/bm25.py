"""BM25 as rank-bm25 defines it (BM25Okapi or BM25Plus), in sparse vectorised form."""

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

    def to_dict(self) -> dict:
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


def term_weights(idf: float, tfs: np.ndarray, doclens: np.ndarray, avgdl: float,
                 params: BM25Params) -> np.ndarray:
    """The score a term adds to each chunk it occurs in (BM25Plus's delta part left out).

    BM25Plus adds idf·delta to every chunk, matching or not: a constant per query term,
    which `constant` returns, so sparse postings can carry the rest.
    """
    tf = tfs.astype(np.float64)
    norm = params.k1 * (1 - params.b + params.b * doclens.astype(np.float64) / avgdl)
    return idf * (tf * (params.k1 + 1) / (tf + norm))


def constant(idfs: list[float], params: BM25Params) -> float:
    """What BM25Plus adds to every chunk's score for these query terms (0 for Okapi)."""
    return params.delta * sum(idfs) if params.variant == "plus" else 0.0
