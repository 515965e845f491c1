"""Postings gathered while chunks stream in: term counting (in worker processes for big files), compactly kept.

A chunk's terms are counted where the analyzer runs and come back as small integer arrays
with worker-local term ids plus the terms that worker met for the first time; the collector
maps them to global ids and keeps every (term, chunk, tf) as one packed int64, so a million
chunks cost ~8 bytes a posting rather than a Counter each.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from array import array
from collections import Counter, deque
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import numpy as np

from bot.errors import KommunebotError

if TYPE_CHECKING:
    from bot.analysis import Analyzer

TID_SHIFT, DOC_SHIFT = 40, 16          # term id: 24 bits, docno: 24 bits, tf: 16 bits
MAX_IDS = 1 << 24
TF_MAX = (1 << 16) - 1                 # larger tfs are kept aside, exactly
DOC_MASK = MAX_IDS - 1

_WORKER: dict = {}  # in a worker process: its analyzer and its own term ids


def new_state(analyzer: Analyzer, key: object = "local") -> dict:
    """Fresh term-id state for counting in this process."""
    return {"analyzer": analyzer, "vocab": {}, "key": key}


def _init_worker(analyzer: Analyzer) -> None:
    _WORKER.clear()
    _WORKER.update(new_state(analyzer, os.getpid()))


def encode(counters: Iterable[Counter], state: dict) -> tuple:
    """Term counts as (state key, new terms, terms per chunk, lengths, local term ids, tfs)."""
    vocab = state["vocab"]
    new: list[str] = []
    per_doc, lengths, tids, tfs = array("i"), array("i"), array("i"), array("i")
    for counts in counters:
        per_doc.append(len(counts))
        lengths.append(sum(counts.values()))
        for term, tf in counts.items():
            tid = vocab.get(term)
            if tid is None:
                tid = vocab[term] = len(vocab)
                new.append(term)
            tids.append(tid)
            tfs.append(tf)
    return state["key"], new, per_doc, lengths, tids, tfs


def count_terms(texts: list[str], state: dict | None = None) -> tuple:
    """Analyse `texts` and encode their term counts (in a worker, with the worker's state)."""
    state = state if state is not None else _WORKER
    terms = state["analyzer"].terms
    return encode((Counter(terms(text)) for text in texts), state)


class TermCounter:
    """Counts the terms of batches of texts in worker processes, results in submission order."""

    def __init__(self, analyzer: Analyzer, processes: int) -> None:
        # fork: the workers inherit the analyzer (already loaded, nothing pickled)
        self._pool = multiprocessing.get_context("fork").Pool(processes, _init_worker, (analyzer,))
        self._window = 2 * processes + 2

    @staticmethod
    def usable() -> bool:
        """Forking is safe only from a process with one thread."""
        return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1

    def map(self, batches: Iterator[tuple[object, list[str]]], discard: Callable[[tuple], None]
            ) -> Iterator[tuple[object, tuple]]:
        """(tag, encoded counts) for each (tag, texts); on an error, `discard` gets what was in flight."""
        pending: deque = deque()
        try:
            for tag, texts in batches:
                pending.append((tag, self._pool.apply_async(count_terms, (texts,))))
                if len(pending) >= self._window:
                    tag, job = pending.popleft()
                    yield tag, job.get()
            while pending:
                tag, job = pending.popleft()
                yield tag, job.get()
        except BaseException:
            while pending:  # the workers learnt new terms in these: the collector must hear of them
                _, job = pending.popleft()
                try:
                    discard(job.get())
                except Exception:  # noqa: BLE001 - the first error is the one reported
                    pass
            raise

    def close(self) -> None:
        """Stop the workers."""
        self._pool.close()
        self._pool.join()


class PostingsCollector:
    """Every chunk's term counts, in docno order, packed as term << 40 | docno << 16 | tf."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.n_docs = 0
        self._maps: dict[object, np.ndarray] = {}
        self._map_len: dict[object, int] = {}
        self._keys: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []
        self.big_tf: dict[tuple[int, int], int] = {}

    def _mapping(self, key: object, new: list[str]) -> np.ndarray:
        mapping = self._maps.get(key, np.empty(0, dtype=np.int64))
        used = self._map_len.get(key, 0)
        if new:
            if used + len(new) > len(mapping):
                grown = np.empty(max(2 * len(mapping), used + len(new), 1024), dtype=np.int64)
                grown[:used] = mapping[:used]
                mapping = self._maps[key] = grown
            vocab = self.vocab
            mapping[used:used + len(new)] = [vocab.setdefault(t, len(vocab)) for t in new]
            self._map_len[key] = used + len(new)
            if len(vocab) > MAX_IDS:
                raise KommunebotError(f"more than {MAX_IDS:,} distinct terms in one index",
                                      hint="split the corpus into several indexes")
        return mapping

    def discard(self, encoded: tuple) -> None:
        """Learn the new terms of counts that are thrown away (a failed file)."""
        self._mapping(encoded[0], encoded[1])

    def add(self, encoded: tuple) -> np.ndarray:
        """Append the next chunks' counts; return their lengths (tokens per chunk)."""
        key, new, per_doc, lengths, tids, tfs = encoded
        mapping = self._mapping(key, new)
        per_doc = np.frombuffer(per_doc, dtype=np.int32)
        lengths = np.frombuffer(lengths, dtype=np.int32)
        if self.n_docs + len(per_doc) > MAX_IDS:
            raise KommunebotError(f"more than {MAX_IDS:,} chunks in one index",
                                  hint="split the corpus into several indexes")
        tids = mapping[np.frombuffer(tids, dtype=np.int32)]
        tfs = np.frombuffer(tfs, dtype=np.int32).astype(np.int64)
        docnos = np.repeat(np.arange(self.n_docs, self.n_docs + len(per_doc), dtype=np.int64), per_doc)
        big = tfs > TF_MAX
        if big.any():
            for t, d, f in zip(tids[big].tolist(), docnos[big].tolist(), tfs[big].tolist()):
                self.big_tf[(t, d)] = f
            tfs[big] = TF_MAX
        self._keys.append((tids << TID_SHIFT) | (docnos << DOC_SHIFT) | tfs)
        self._lengths.append(lengths)
        self.n_docs += len(per_doc)
        return lengths

    def mark(self) -> tuple[int, int]:
        """A point to roll back to."""
        return len(self._keys), self.n_docs

    def rollback(self, mark: tuple[int, int]) -> None:
        """Forget every chunk added after `mark` (their terms stay known, with no postings)."""
        n_keys, n_docs = mark
        del self._keys[n_keys:], self._lengths[n_keys:]
        self.n_docs = n_docs
        self.big_tf = {k: v for k, v in self.big_tf.items() if k[1] < n_docs}

    def lengths(self) -> np.ndarray:
        """Each chunk's length in tokens."""
        return np.concatenate(self._lengths) if self._lengths else np.empty(0, dtype=np.int32)

    def sorted_keys(self) -> np.ndarray:
        """Every posting, sorted by term then docno (the collector is emptied)."""
        keys = np.concatenate(self._keys) if self._keys else np.empty(0, dtype=np.int64)
        self._keys = []
        keys.sort()
        return keys
