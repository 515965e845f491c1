"""The embedding cache of the semantic benchmark: each chunk and question embedded once, kept outside the repo.

Vectors are keyed by sha1(model name, kind, chunk id, text), so a changed chunk, another model
or another package version is embedded again and nothing stale is reused. One .npz per
corpus (or question set) under $KOMMUNEBOT_BENCH_CACHE, else $XDG_CACHE_HOME/kommunebot-bench,
else ~/.cache/kommunebot-bench; written atomically every few hundred texts, so an interrupted
run keeps what it embedded.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

SAVE_EVERY = 256
BATCH = 32


def cache_dir() -> Path:
    """Where the vectors are kept (never inside the repository)."""
    explicit = os.environ.get("KOMMUNEBOT_BENCH_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kommunebot-bench"


def key(model: str, kind: str, ident: str, text: str) -> str:
    """The cache key of one text."""
    return hashlib.sha1("\x1f".join((model, kind, ident, text)).encode("utf-8", "replace")).hexdigest()


class VectorCache:
    """One .npz of key -> vector, loaded whole (a few MB), extended and saved atomically."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.dim = dim
        self._rows: dict[str, np.ndarray] = {}
        self._unsaved = 0  # vectors embedded since the last save
        if path.exists():
            with np.load(path) as data:
                keys, vecs = data["keys"], data["vectors"]
                if vecs.ndim == 2 and vecs.shape[1] == dim:
                    self._rows = {str(k): v for k, v in zip(keys, vecs, strict=True)}

    def save(self) -> None:
        """Write the cache through a temporary file and a rename."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        keys = np.array(list(self._rows), dtype="U40")
        vecs = np.stack(list(self._rows.values())) if self._rows else np.zeros((0, self.dim), np.float32)
        np.savez(tmp, keys=keys, vectors=vecs.astype(np.float32))
        tmp.replace(self.path)
        self._unsaved = 0

    def flush(self) -> None:
        """Save what was embedded since the last save."""
        if self._unsaved:
            self.save()

    def vectors(self, keys: Sequence[str], texts: Sequence[str], embed: Callable[[list[str]], np.ndarray],
                label: str = "") -> np.ndarray:
        """The vectors of `texts` (n, dim), embedding (in batches) only those whose key is missing."""
        todo = [i for i, k in enumerate(keys) if k not in self._rows]
        if todo:
            started, done = time.perf_counter(), 0
            for start in range(0, len(todo), BATCH):
                part = todo[start:start + BATCH]
                vecs = embed([texts[i] for i in part])
                for i, v in zip(part, vecs, strict=True):
                    self._rows[keys[i]] = np.asarray(v, dtype=np.float32)
                done += len(part)
                self._unsaved += len(part)
                if self._unsaved >= SAVE_EVERY:
                    self.save()
                rate = done / max(time.perf_counter() - started, 1e-9)
                if label:
                    print(f"\rembedding {label}: {done}/{len(todo)} ({rate:.1f}/s, "
                          f"{(len(todo) - done) / rate:.0f} s left)", end="", file=sys.stderr, flush=True)
            if label:
                print(file=sys.stderr)
        return np.stack([self._rows[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)


class CachedEmbedder:
    """The real model behind the cache: what the product's index build and Searcher embed, served by text.

    Passages are cached per corpus (`{corpus}-passages.npz`), questions in one file
    (`questions.npz`), both keyed by the model's name and the exact text, so a benchmark
    builds the product's own index (bot.index.units decides what is embedded) and the model
    embeds only what no earlier run did.
    """

    def __init__(self, e5: Any, corpus: str) -> None:
        self.e5 = e5
        self.name, self.dim, self.sparse_k = e5.name, e5.dim, e5.sparse_k
        # the dense vectors are keyed by the dense model's name: a sparse head added does not change them
        self._dense = getattr(e5, "dense_name", e5.name)
        self._passages = VectorCache(cache_dir() / f"{corpus}-passages.npz", self.dim)
        self._queries = VectorCache(cache_dir() / "questions.npz", self.dim)
        self._sparse = VectorCache(cache_dir() / f"{corpus}-sparse.npz", 2 * max(self.sparse_k, 1))
        self.label = corpus

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [key(self._dense, "passage", "", t) for t in texts]
        return self._passages.vectors(keys, list(texts), self.e5.embed_passages)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        keys = [key(self._dense, "query", "", t) for t in texts]
        return self._queries.vectors(keys, list(texts), self.e5.embed_queries, label=f"{self.label} questions")

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_sparse(self, texts: Sequence[str], is_query: bool = False) -> Any:
        """The model's sparse vectors, cached by text and role (read from the prefixed text's run), each
        row kept as its ids then its weights."""
        from bot.semantic.sparse import SPARSE_K, SparseVectors  # noqa: PLC0415 - only with a sparse head

        def embed(part: list[str]) -> np.ndarray:
            rows = self.e5.embed_sparse(part, is_query)
            return np.column_stack([rows.ids.astype(np.float32), rows.weights])

        keys = [key(self.name, "sparse-query" if is_query else "sparse-passage", "", t) for t in texts]
        rows = self._sparse.vectors(keys, list(texts), embed, label=f"{self.label} sparse" if len(texts) > 1 else "")
        return SparseVectors(rows[:, :SPARSE_K].astype(np.uint16), rows[:, SPARSE_K:].astype(np.float32))

    def flush(self) -> None:
        """Save both caches (call after a build and after the questions)."""
        self._passages.flush()
        self._queries.flush()
        self._sparse.flush()
