"""Searching an index: analyse the question, score chunks by BM25, collapse duplicates."""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

import numpy as np

from bot.analysis import Analyzer, default_analyzer
from bot.index.store import IndexStore
from bot.search.abstain import coverage, should_abstain
from bot.search.bm25 import constant, term_idf

CANDIDATES = 64          # rescored exactly in float64, so float32 weights never change the order
POSTINGS_CACHE_BYTES = 256 << 20
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    """One ranked chunk with what is needed to quote and cite it."""

    docno: int
    chunk_id: str
    cite_id: str
    source_id: str
    title: str
    heading: str
    location: str
    url: str | None
    lang: str
    text: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    """The ranked hits for a question, and whether the sources cover it at all."""

    question: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    coverage: float
    abstained: bool


class _StoreVocabulary:
    """The index's terms for typo correction, built on first need (large indexes have millions)."""

    def __init__(self, store: IndexStore) -> None:
        self._store = store
        self._inner = None
        self._lock = threading.Lock()

    def __contains__(self, term: str) -> bool:
        return self._store.df(term) > 0

    def _load(self):
        with self._lock:
            if self._inner is None:
                from bot.analysis.typos import TermVocabulary

                self._inner = TermVocabulary(dict(self._store.terms()))
        return self._inner

    def candidates(self, term: str):
        return self._load().candidates(term)

    def df(self, term: str) -> int:
        return self._store.df(term)


class Searcher:
    """BM25 over one open index; thread-safe for concurrent questions."""

    def __init__(self, store: IndexStore, analyzer: Analyzer | None = None) -> None:
        self.store = store
        self.analyzer = analyzer or default_analyzer()
        self.vocabulary = _StoreVocabulary(store)
        self._cache: OrderedDict[str, tuple | None] = OrderedDict()
        self._cache_bytes = 0
        self._lock = threading.Lock()

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        with self._lock:
            if term in self._cache:
                self._cache.move_to_end(term)
                return self._cache[term]
        found = self.store.postings(term)
        size = sum(a.nbytes for a in found) if found else 64
        with self._lock:
            self._cache[term] = found
            self._cache_bytes += size
            while self._cache_bytes > POSTINGS_CACHE_BYTES and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._cache_bytes -= sum(a.nbytes for a in old) if old else 64
        return found

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The top `k` (docno, score) for analysed `terms`, scores exactly as rank-bm25 gives them."""
        counts = Counter(terms)
        found = {t: self._postings(t) for t in counts}
        present = [(t, p) for t, p in found.items() if p is not None]
        if not present or k <= 0:
            return []
        n = self.store.n_docs
        docs = np.concatenate([p[0] for _, p in present])
        weights = np.concatenate([p[1] * np.float32(counts[t]) for t, p in present])
        scores = np.bincount(docs, weights=weights, minlength=n)
        touched = np.unique(docs) if len(present) > 1 else present[0][1][0]
        pool = min(len(touched), max(CANDIDATES, 4 * k))
        approx = scores[touched]
        top = touched[np.argpartition(-approx, pool - 1)[:pool]] if pool < len(touched) else touched
        exact = self._exact(top, present, counts)
        order = np.lexsort((top, -exact))[:k]
        return [(int(top[i]), float(exact[i])) for i in order]

    def _exact(self, cand: np.ndarray, present: list, counts: Counter) -> np.ndarray:
        params, n = self.store.params, self.store.n_docs
        norm = params.k1 * (1 - params.b + params.b * self.store.doclens[cand].astype(np.float64) / self.store.avgdl)
        total = np.zeros(len(cand), dtype=np.float64)
        idfs = []
        for term, (docs, _w, tfs) in present:
            idf = term_idf(len(docs), n, params, self.store.mean_idf)
            idfs.extend([idf] * counts[term])
            pos = np.searchsorted(docs, cand)
            pos[pos >= len(docs)] = 0
            tf = np.where(docs[pos] == cand, tfs[pos], 0).astype(np.float64)
            total += counts[term] * idf * (tf * (params.k1 + 1) / (tf + norm))
        return total + constant(idfs, params)

    def search(self, question: str, k: int = 10) -> SearchResult:
        """Rank chunks for `question`; `abstained` when the best one does not cover it."""
        terms = self.analyzer.query_terms(question, self.vocabulary)
        ranked = self.rank(terms, 2 * k + 8)
        rows = self.store.chunks(d for d, _ in ranked)
        hits: list[Hit] = []
        shingles: list[set[str]] = []
        for docno, score in ranked:
            row = rows[docno]
            words = set(_WORDS.findall(row["text"].lower()))
            if any(len(words & seen) >= 0.8 * max(1, min(len(words), len(seen))) for seen in shingles):
                continue  # a near-duplicate of a better hit (same slide twice, a reposted paragraph)
            shingles.append(words)
            hits.append(Hit(docno, row["id"], row["cite_id"], row["source_id"], row["title"], row["heading"],
                            row["location"], row["url"], row["lang"], row["text"], score))
            if len(hits) == k:
                break
        cov = coverage(self, terms, hits[0].docno) if hits else 0.0
        return SearchResult(question, tuple(terms), tuple(hits), cov, should_abstain(cov, hits))
