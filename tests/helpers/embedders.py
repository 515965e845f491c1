"""A stand-in embedder that knows concepts: texts about the same thing are close whatever their words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class ConceptEmbedder:
    """Places texts by the concept they are about (a stand-in for what a real model knows)."""

    CONCEPTS = (("arbeidsgiver", "sjef over de ansatte", "boss of the staff"),
                ("budsjett", "pengeplan", "money plan"),
                ("kontrollutvalg", "tilsyn", "watchdog"))

    def __init__(self, name: str = "concepts/1") -> None:
        self.name, self.dim, self.calls = name, 8, 0
        self.sparse_k = 0  # no sparse head: these tests are about the dense cosines

    def _vector(self, text: str) -> np.ndarray:
        vec = np.full(self.dim, 0.05, dtype=np.float32)
        for i, words in enumerate(self.CONCEPTS):
            vec[i] += sum(text.lower().count(w) for w in words)
        return vec / np.linalg.norm(vec)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)
