"""Each chunk's character 4-grams as compact postings: built with the index, read for the fusion's gram coverage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.analysis.grams import char_grams

# The rows of the index's `arrays` table that hold them (an index built before 0.4.0 has none).
ARRAYS = ("grams.terms", "grams.starts", "grams.docs")


@dataclass(frozen=True)
class GramPostings:
    """For each distinct gram, the chunks (docnos) holding it: `docs[starts[i]:starts[i + 1]]` for gram i."""

    terms: dict[str, int]
    starts: np.ndarray  # int64, len(terms) + 1
    docs: np.ndarray    # int32, sorted within each gram
    n_docs: int

    @staticmethod
    def build(texts: Iterable[str], stopwords: frozenset[str] = frozenset()) -> GramPostings:
        """The postings of `texts`, docno = position."""
        lists: dict[str, list[int]] = {}
        n = 0
        for docno, text in enumerate(texts):
            n = docno + 1
            for gram in set(char_grams(text, stopwords)):
                lists.setdefault(gram, []).append(docno)
        terms = sorted(lists)
        sizes = np.fromiter((len(lists[t]) for t in terms), dtype=np.int64, count=len(terms))
        starts = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        docs = np.fromiter((d for t in terms for d in lists[t]), dtype=np.int32, count=int(starts[-1]))
        return GramPostings({t: i for i, t in enumerate(terms)}, starts, docs, n)

    def to_arrays(self) -> dict[str, bytes]:
        """The `arrays` rows that store them."""
        terms = "\n".join(self.terms).encode("utf-8", "surrogatepass")
        return dict(zip(ARRAYS, (terms, self.starts.astype("<i8").tobytes(), self.docs.astype("<i4").tobytes()),
                        strict=True))

    @staticmethod
    def from_arrays(rows: dict[str, bytes], n_docs: int) -> GramPostings | None:
        """Read back from the `arrays` rows; None when they are absent or do not fit together."""
        if any(name not in rows for name in ARRAYS):
            return None
        text = rows["grams.terms"].decode("utf-8", "surrogatepass")
        terms = text.split("\n") if text else []
        starts = np.frombuffer(rows["grams.starts"], dtype="<i8")
        docs = np.frombuffer(rows["grams.docs"], dtype="<i4")
        if len(starts) != len(terms) + 1 or (len(starts) and int(starts[-1]) != len(docs)) or \
                (len(docs) and int(docs.max()) >= n_docs):
            return None
        return GramPostings({t: i for i, t in enumerate(terms)}, starts, docs, n_docs)

    def idf(self, df: int) -> float:
        """BM25's idf of a gram in `df` chunks (0 chunks: the rarest a gram can be)."""
        return float(np.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5)))

    def coverages(self, question: str, docnos: np.ndarray, stopwords: frozenset[str] = frozenset()) -> np.ndarray:
        """Each chunk's share of the question's gram information (idf-weighted), aligned with `docnos`.

        A gram no chunk holds counts in the whole at the highest idf, so a question in words the
        index does not know at all covers little of anything.
        """
        held = np.zeros(self.n_docs, dtype=np.float64)
        total = 0.0
        for gram in set(char_grams(question, stopwords)):
            i = self.terms.get(gram)
            if i is None:
                total += self.idf(0)
                continue
            lo, hi = int(self.starts[i]), int(self.starts[i + 1])
            weight = self.idf(hi - lo)
            held[self.docs[lo:hi]] += weight
            total += weight
        out = held[np.asarray(docnos, dtype=np.int64)]
        return out / total if total > 0 else out
