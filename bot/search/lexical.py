"""The lexical engine: BM25 over one open index (postings cache, accumulation, exact rescoring), coverage."""

from __future__ import annotations

import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from enum import Enum
from typing import Final

import numpy as np

from bot.bm25 import constant, information, length_norms, saturate, term_idf
from bot.index.store import IndexStore

POSTINGS_CACHE_BYTES = 512 << 20
DENSE_CACHE_BYTES = 512 << 20
# A term in at least this share of the chunks is summed as a dense array (cached): adding two
# dense float32 arrays costs ~0.3 ns a chunk, scattering postings ~7 ns a posting.
DENSE_SHARE = 1 / 16
WARM_MIN_DOCS = 100_000  # from this size on, a new Searcher loads its frequent terms in the background
SAMPLE = 1024            # chunks sampled to bound the k-th best score from below, at least
FLOAT32_EPS = 2.0 ** -24


class _Missing(Enum):
    """A term not looked up yet, told from a cached None (a term not in the index)."""

    MISSING = 0


_MISSING: Final = _Missing.MISSING  # an enum member, so mypy narrows `is _MISSING` checks
log = logging.getLogger(__name__)


class _StoreVocabulary:
    """The index's terms for typo correction, looked up in the index (large indexes have millions).

    A term's neighbours are generated from the term and looked up in one statement, so no
    term list is loaded into memory and the first typo costs a few milliseconds, not seconds.
    """

    def __init__(self, store: IndexStore, cache: dict | None = None) -> None:
        self._store = store
        self._cache = cache  # the searcher's postings cache: a term found there needs no query
        self._dfs: dict[str, int] = {}  # of the last candidates found, for the df() calls that follow

    def __contains__(self, term: str) -> bool:
        cached = self._cache.get(term, _MISSING) if self._cache is not None else _MISSING
        if cached is not _MISSING:
            return cached is not None
        return self._store.df(term) > 0

    def candidates(self, term: str) -> list[str]:
        """Indexed terms one edit away from `term`."""
        from bot.analysis.typos import edits1

        return self.among(edits1(term))

    def among(self, terms: Iterable[str]) -> list[str]:
        """The indexed terms among `terms`, looked up in one statement."""
        found = self._store.dfs(sorted(terms))
        self._dfs = found
        return list(found)

    def df(self, term: str) -> int:
        found = self._dfs.get(term)
        return found if found is not None else self._store.df(term)

    @property
    def passages(self) -> int:
        return self._store.n_docs


class _Term:
    """A term's postings with what ranking needs of them, cached together."""

    __slots__ = ("docs", "weights", "tfs", "idf", "top", "nbytes")

    def __init__(self, docs: np.ndarray, weights: np.ndarray, tfs: np.ndarray, idf: float, k1: float) -> None:
        self.docs = docs          # ascending chunk numbers (int32)
        self.weights = weights    # BM25 weight per posting (float32)
        self.tfs = tfs            # term frequency per posting
        self.idf = idf            # exactly as rank-bm25 computes it
        # a bound on |weight|: tf * (k1 + 1) / (tf + norm) < k1 + 1; it bounds float32 rounding
        self.top = abs(idf) * (k1 + 1)
        self.nbytes = docs.nbytes + weights.nbytes + tfs.nbytes + 64



class Lexical:
    """rank-bm25's ranking over one open index, and each chunk's coverage of a question; thread-safe."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._cache: OrderedDict[str, _Term | None] = OrderedDict()
        self.vocabulary = _StoreVocabulary(store, self._cache)
        self._cache_bytes = 0
        self._dense: OrderedDict[str, np.ndarray] = OrderedDict()
        self._dense_bytes = 0
        self._lock = threading.Lock()
        self._local = threading.local()
        self._dense_min = max(1, int(store.n_docs * DENSE_SHARE))
        self._norm_cache: np.ndarray | None = None
        if store.n_docs >= WARM_MIN_DOCS:
            # A big index: load the most frequent terms (the slow first touch) while questions come in.
            threading.Thread(target=self._warm, name="kommunebot-warm", daemon=True).start()

    def _warm(self) -> None:
        """Cache the frequent terms' postings and dense weights, within the cache budgets."""
        try:
            for term in self.store.frequent_terms():
                if self._dense_bytes + 4 * self.store.n_docs > DENSE_CACHE_BYTES:
                    break
                entry = self._term(term)
                if entry is not None and len(entry.docs) >= self._dense_min:
                    self._dense_weights(term, entry)
        except Exception:  # noqa: BLE001 - warming is an optimisation; a closed store just stops it
            log.debug("warming stopped", exc_info=True)

    def _term(self, term: str) -> _Term | None:
        entry = self._cache.get(term, _MISSING)  # each dict call is atomic: no lock on the hot path
        if entry is not _MISSING:
            try:
                self._cache.move_to_end(term)
            except KeyError:  # evicted by another thread meanwhile
                pass
            return entry
        return self._load([term])[term]

    def _terms(self, terms: Iterable[str]) -> list[tuple[str, _Term | None]]:
        """Each term's cached postings; the missing ones read in one statement."""
        cache = self._cache
        found = [(t, cache.get(t, _MISSING)) for t in terms]
        missing = [t for t, e in found if e is _MISSING]
        loaded = self._load(missing) if missing else {}
        return [(t, loaded[t] if e is _MISSING else e) for t, e in found]

    def _load(self, terms: list[str]) -> dict[str, _Term | None]:
        """Read terms' postings into the cache (None for a term the index lacks)."""
        rows = self.store.postings_many(terms)
        params, n, mean_idf = self.store.params, self.store.n_docs, self.store.mean_idf
        loaded: dict[str, _Term | None] = {}
        for term in terms:
            row = rows.get(term)
            loaded[term] = None if row is None else _Term(*row, term_idf(len(row[0]), n, params, mean_idf), params.k1)
        with self._lock:
            for term, entry in loaded.items():
                if term not in self._cache:
                    self._cache[term] = entry
                    self._cache_bytes += entry.nbytes if entry else 64
            while self._cache_bytes > POSTINGS_CACHE_BYTES and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._cache_bytes -= old.nbytes if old else 64
        return loaded

    def postings(self, term: str) -> np.ndarray | None:
        """The ascending docnos of the chunks holding `term` (cached); None when the index lacks it."""
        entry = self._term(term)
        return entry.docs if entry else None

    def coverage(self, terms: list[str] | tuple[str, ...], docno: int) -> float:
        """Share of the question's information (see `bot.bm25.information`) found in chunk `docno`."""
        return float(self.coverages(terms, np.array([docno]))[0])

    def coverages(self, terms: list[str] | tuple[str, ...], docnos: np.ndarray) -> np.ndarray:
        """`coverage` of each chunk in `docnos` at once (the fusion's per-candidate signal)."""
        docnos = np.asarray(docnos, dtype=np.int64)
        n = self.store.n_docs
        total, found = 0.0, np.zeros(len(docnos))
        for term in set(terms):
            docs = self.postings(term)
            info = information(len(docs) if docs is not None else 0, n)
            total += info
            if docs is not None and len(docs):
                i = np.minimum(np.searchsorted(docs, docnos), len(docs) - 1)
                found += info * (docs[i] == docnos)
        return found / total if total else found


    def _dense_weights(self, term: str, entry: _Term) -> np.ndarray:
        """A frequent term's weights as one float32 per chunk (0 where absent), cached."""
        with self._lock:
            if term in self._dense:
                self._dense.move_to_end(term)
                return self._dense[term]
        dense = np.zeros(self.store.n_docs, dtype=np.float32)
        dense[entry.docs] = entry.weights
        with self._lock:
            if term not in self._dense:
                self._dense[term] = dense
                self._dense_bytes += dense.nbytes
                while self._dense_bytes > DENSE_CACHE_BYTES and len(self._dense) > 1:
                    _, old = self._dense.popitem(last=False)
                    self._dense_bytes -= old.nbytes
        return dense

    def _accumulator(self) -> np.ndarray:
        """This thread's score array, all zeros between queries (reset after each)."""
        acc = getattr(self._local, "acc", None)
        if acc is None or len(acc) != self.store.n_docs:
            acc = self._local.acc = np.zeros(self.store.n_docs, dtype=np.float32)
        return acc

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The top `k` (docno, score) for analysed `terms`, scores exactly as rank-bm25 gives them.

        Approximate scores are summed in float32 (dense arrays for frequent terms, scattered
        postings for the rest); every chunk whose approximate score is within the float32
        error bound of the k-th best is rescored exactly in float64, so the ranking is
        rank-bm25's. Ties are broken by docno.
        """
        counts = Counter(terms)
        if k <= 0:
            return []
        present = [(t, e, counts[t]) for t, e in self._terms(counts) if e is not None]
        if not present:
            return []
        acc = self._accumulator()
        dense = False
        scattered = 0
        try:
            for term, entry, count in present:
                if len(entry.docs) >= self._dense_min:
                    weights = self._dense_weights(term, entry)
                    if count == 1:
                        np.add(acc, weights, out=acc)
                    else:
                        acc += weights * np.float32(count)
                    dense = True
                else:
                    acc[entry.docs] += entry.weights if count == 1 else entry.weights * np.float32(count)
                    scattered += len(entry.docs)
            wide = dense or scattered >= len(acc) // 32  # then scanning all chunks beats sorting postings
            # |approx - exact| <= (m + 1) * eps * sum(count * top) for m float32 terms: twice that, twice over
            # (https://en.wikipedia.org/wiki/Pairwise_summation#Accuracy gives the bound for plain summation)
            slack = 4 * (len(present) + 2) * FLOAT32_EPS * sum(c * e.top for _, e, c in present)
            cand = self._candidates(acc, present, k, slack, wide)
        finally:
            if dense or scattered >= len(acc) // 8:
                acc.fill(0)
            else:
                for _, entry, _ in present:
                    acc[entry.docs] = 0
        exact = self._exact(cand, present)
        order = np.lexsort((cand, -exact))[:k]
        return [(int(cand[i]), float(exact[i])) for i in order]

    def _candidates(self, acc: np.ndarray, present: list, k: int, slack: float, wide: bool) -> np.ndarray:
        """Every chunk that may be in the exact top k: approximate score >= k-th best - slack."""
        ids = None
        if wide and len(acc) > SAMPLE:
            # The k-th best of a sample is at most the k-th best of all: a safe first cut.
            sample = acc[:: len(acc) // SAMPLE]
            kk = min(k, len(sample))
            floor = np.partition(sample, len(sample) - kk)[len(sample) - kk]
            if floor > 0:
                ids = np.flatnonzero(acc >= floor - slack)
        if ids is None:
            if len(present) == 1:
                ids = present[0][1].docs
            elif wide:
                ids = np.flatnonzero(acc)
            else:
                ids = np.unique(np.concatenate([e.docs for _, e, _ in present]))
        vals = acc[ids]
        kk = min(k, len(vals))
        kth = np.partition(vals, len(vals) - kk)[len(vals) - kk]
        return ids[vals >= kth - slack].astype(np.int32, copy=False)

    def _norms(self) -> np.ndarray:
        """k1 * (1 - b + b * dl / avgdl) per chunk, as rank-bm25 computes it (float64, made once)."""
        norms = self._norm_cache
        if norms is None:
            norms = self._norm_cache = length_norms(self.store.doclens, self.store.avgdl, self.store.params)
        return norms

    def _exact(self, cand: np.ndarray, present: list) -> np.ndarray:
        """rank-bm25's score of each candidate chunk, in float64."""
        params = self.store.params
        tf = np.zeros((len(present), len(cand)), dtype=np.float64)
        factors = np.empty(len(present), dtype=np.float64)
        for i, (_, entry, count) in enumerate(present):
            docs = entry.docs
            pos = docs.searchsorted(cand)
            np.minimum(pos, len(docs) - 1, out=pos)
            tf[i] = np.where(docs[pos] == cand, entry.tfs[pos], 0)
            factors[i] = count * entry.idf
        total = factors @ saturate(tf, self._norms()[cand], params)
        # BM25Plus: idf * delta for every query term, in every chunk (0 for Okapi)
        return total + constant(float(factors.sum()), params)
