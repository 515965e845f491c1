"""A deterministic, fast stand-in for the embedding model in tests: hashed words and character n-grams."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from bot.analysis.tokenize import normalise, tokens
from bot.semantic.sparse import SPARSE_DIM, SPARSE_K, SparseVectors

DIM = 384


def _bucket(feature: str, dim: int) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dim, 1.0 if (value >> 63) & 1 else -1.0


class FakeEmbedder:
    """Texts sharing words (or word starts, so "rådmannen" ~ "rådmannens") get close vectors.

    Same text, same vector, in every process; no model, no files. `calls` counts the texts embedded.
    """

    def __init__(self, dim: int = DIM, name: str = "fake-ngrams/1", sparse_k: int = SPARSE_K) -> None:
        self.dim = dim
        self.name = name
        self.sparse_k = sparse_k
        self.runtime = "fake"
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float64)
        for word in tokens(normalise(text)):
            index, sign = _bucket("w:" + word, self.dim)
            vec[index] += 2.0 * sign
            padded = f"<{word}>"
            for i in range(len(padded) - 3):  # character 4-grams: inflected forms overlap
                index, sign = _bucket("g:" + padded[i:i + 4], self.dim)
                vec[index] += sign
        norm = float(np.linalg.norm(vec))
        if norm == 0:  # no words at all: a fixed unit vector, so cosines stay defined
            vec[0], norm = 1.0, 1.0
        return (vec / norm).astype(np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (n, dim), L2-normalised."""
        self.calls += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        """float32 (dim,), L2-normalised."""
        self.calls += 1
        return self._vector(text)

    def embed_sparse(self, texts: Sequence[str], is_query: bool = False) -> SparseVectors:
        """Each text's words and 4-grams hashed into SPARSE_DIM latents, the `sparse_k` heaviest kept."""
        rows = []
        for text in texts:
            weights: dict[int, float] = {}
            for word in tokens(normalise(text)):
                for feature, weight in [("w:" + word, 2.0), *(("g:" + f"<{word}>"[i:i + 4], 1.0)
                                                            for i in range(len(word) - 1))]:
                    index = _bucket(feature, SPARSE_DIM)[0]
                    weights[index] = weights.get(index, 0.0) + weight
            top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:self.sparse_k]
            rows.append((np.array([i for i, _ in top], dtype=np.int64), np.array([w for _, w in top], np.float32)))
        self.calls += len(texts)
        return SparseVectors.of(rows)
