"""Each chunk's character 4-grams as compact postings: built with the index, read for the fusion's gram coverage."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

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
        """The postings of `texts`, docno = position: (gram, chunk) pairs in two int32 arrays, sorted once
        (a chunk's few hundred distinct grams cost 8 bytes each, not a Python object)."""
        vocab: dict[str, int] = {}
        gram_ids, doc_ids = array("i"), array("i")
        n = 0
        for docno, text in enumerate(texts):
            n = docno + 1
            ids = {vocab.setdefault(g, len(vocab)) for g in char_grams(text, stopwords)}
            gram_ids.extend(ids)
            doc_ids.extend([docno] * len(ids))
        terms = sorted(vocab)
        rank = np.empty(len(vocab), dtype=np.int64)  # first-seen id -> alphabetical id
        rank[np.fromiter((vocab[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
        grams = rank[np.frombuffer(gram_ids, dtype=np.int32)] if len(gram_ids) else np.zeros(0, dtype=np.int64)
        docs = np.frombuffer(doc_ids, dtype=np.int32) if len(doc_ids) else np.zeros(0, dtype=np.int32)
        order = np.lexsort((docs, grams))
        starts = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(grams, minlength=len(terms)), out=starts[1:])
        return GramPostings({t: i for i, t in enumerate(terms)}, starts, docs[order].astype(np.int32), n)

    def to_arrays(self) -> dict[str, bytes]:
        """The `arrays` rows that store them."""
        terms = "\n".join(self.terms).encode("utf-8", "surrogatepass")
        return dict(zip(ARRAYS, (terms, self.starts.astype("<i8").tobytes(), self.docs.astype("<i4").tobytes()),
                        strict=True))

    @staticmethod
    def digest(rows: dict[str, bytes]) -> str:
        """What `index check` compares: the sha256 of the arrays as stored."""
        h = hashlib.sha256()
        for name in ARRAYS:
            h.update(len(rows[name]).to_bytes(8, "little") + rows[name])
        return h.hexdigest()

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

    @cached_property
    def _idfs(self) -> np.ndarray:
        """BM25's idf of each gram, by id (computed once, on the first question)."""
        df = np.diff(self.starts).astype(np.float64)
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
