"""How many chunks hold each character 4-gram: built with the index, read for the confidence's gram input."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.analysis.grams import char_grams

# The rows of the index's `arrays` table that hold them (an index built before 0.4.0 has none).
ARRAYS = ("grams.terms", "grams.df")


@dataclass(frozen=True)
class GramIdf:
    """Each distinct gram's document frequency: `df[terms[gram]]` chunks hold it, of `n_docs`.

    The confidence reads a gram's idf only (GramIdf.best_sentence scores the first passage's own
    sentences), so which chunks hold a gram is not kept: 85 KB with the grams' text for the bundled
    corpus with the law pack.
    """

    terms: dict[str, int]
    df: np.ndarray  # int32, by term id
    n_docs: int

    @staticmethod
    def build(texts: Iterable[str], stopwords: frozenset[str] = frozenset()) -> GramIdf:
        """The document frequencies of `texts`' grams, one text a chunk."""
        counts: Counter[str] = Counter()
        n = 0
        for n, text in enumerate(texts, 1):
            counts.update(set(char_grams(text, stopwords)))
        terms = sorted(counts)
        return GramIdf({t: i for i, t in enumerate(terms)}, np.array([counts[t] for t in terms], dtype=np.int32), n)

    def to_arrays(self) -> dict[str, bytes]:
        """The `arrays` rows that store them."""
        terms = "\n".join(self.terms).encode("utf-8", "surrogatepass")
        return dict(zip(ARRAYS, (terms, self.df.astype("<i4").tobytes()), strict=True))

    @staticmethod
    def digest(rows: dict[str, bytes]) -> str:
        """What `index check` compares: the sha256 of the arrays as stored."""
        h = hashlib.sha256()
        for name in ARRAYS:
            h.update(len(rows[name]).to_bytes(8, "little") + rows[name])
        return h.hexdigest()

    @staticmethod
    def from_arrays(rows: dict[str, bytes], n_docs: int) -> GramIdf | None:
        """Read back from the `arrays` rows; None when they are absent or do not fit together."""
        if any(name not in rows for name in ARRAYS) or len(rows["grams.df"]) % 4:
            return None
        text = rows["grams.terms"].decode("utf-8", "surrogatepass")
        terms = text.split("\n") if text else []
        df = np.frombuffer(rows["grams.df"], dtype="<i4")
        if len(df) != len(terms) or (len(df) and (int(df.min()) < 1 or int(df.max()) > n_docs)):
            return None
        return GramIdf({t: i for i, t in enumerate(terms)}, df, n_docs)

    @cached_property
    def _idfs(self) -> np.ndarray:
        """BM25's idf of each gram, by id (computed once, on the first question)."""
        df = self.df.astype(np.float64)
        return np.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    @property
    def _unknown(self) -> float:
        """The idf of a gram no chunk holds: the rarest a gram can be."""
        return float(np.log(1.0 + (self.n_docs + 0.5) / 0.5))

    def best_sentence(self, question: str, sentences: list[str], stopwords: frozenset[str] = frozenset()) -> float:
        """The highest share of the question's gram information (idf by this index) that one of `sentences` holds.

        A passage that answers usually does it in one sentence holding the question's words, in
        whatever spelling; one that only names the matter spreads them thin or holds few.
        """
        wanted = set(char_grams(question, stopwords))
        idf = {g: float(self._idfs[self.terms[g]]) if g in self.terms else self._unknown for g in wanted}
        total = sum(idf.values())
        if total <= 0:
            return 0.0
        return max((sum(idf[g] for g in wanted.intersection(char_grams(s, stopwords))) / total for s in sentences),
                   default=0.0)
