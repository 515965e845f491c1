"""Fusing the BM25 first stage with dense cosine scores: pure functions, arrays in, ranking out.

Each chunk has two cosines with the question (bot.index.units): with its best sentence and
with its whole text. The candidates are the union of BM25's top N (the Searcher's ranking,
rank-bm25's scores unchanged) and the N chunks of highest cosine by each. `fuse` gives
every candidate one fused score and sorts by it. A chunk outside BM25's top N has no BM25
score here: it counts as the lowest of the list , which is what being below
the N-th says of it. A chunk without vectors (cosine NaN: lexical-only source) counts as the
lowest cosine. The score weighs both cosines and a third signal per candidate: the share of
the question's information found in the chunk (Lexical.coverages, passed in as an array),
which rewards the chunk holding all of the question's rare words over one repeating a single
frequent one. Chosen by `benchmarks/semantic.py` against the research fusions it compares
(min-max, z-score, RRF, learned: benchmarks/fusions.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# The weights: BM25 / best, sentence cosine, whole cosine, coverage, and the sparse head's cosine
# (a blend of four has none).
Blend = tuple[float, ...]

CANDIDATES = 50      # N of each stage in the candidate set (benchmarks/semantic.py: no gain beyond)
# LEXICAL * bm25 / best + SENTENCE * best sentence's cosine + WHOLE * whole text's cosine +
# COVERED * coverage. Cosines are kept on their own absolute scale (e5's crowd in 0.75-0.9, so
# min-max would stretch noise). A softmax over each question's candidates fitted on NorQuAD
# train (benchmarks/semantic.py, fit_listwise) gave these weights. BM25's own score gets none:
# fitted with the others it came out slightly negative (-2.15), and without it every set scored
# the same or better. BM25 still chooses half the candidates, and its idf is in coverage: which
# of the question's words a chunk holds counts, not how often.
LEXICAL, SENTENCE, WHOLE, COVERED = 0.0, 56.62, 24.07, 7.18
BLEND: Blend = (LEXICAL, SENTENCE, WHOLE, COVERED)
# With the model's sparse head (an index that stores its vectors): the four weights fitted together
# on NorQuAD train the same way (benchmarks/model_levers.py --only onepass: the head read in the dense pass).
BLEND_SPARSE: Blend = (0.0, 40.87, 21.26, 6.81, 11.36)
# How much of a written question's lead over the passage's own best sentence counts (Dense.found). A question's
# cosine with a question runs 0.03-0.05 above its cosine with any passage and in a narrow band, so the whole
# lead (1) lets a shared subject beat the text that answers; chosen on dev3 alone as the largest keeping 13 of
# its 15 off-topic questions handled (1: 11); benchmarks/README "The written questions as cosines too".
ASKED_GAIN = 0.5


@dataclass(frozen=True)
class Dense:
    """The question's cosines by docno (NaN for a chunk without vectors): with its best sentence, its whole text."""

    sentence: np.ndarray
    whole: np.ndarray
    sparse: np.ndarray | None = None  # the sparse head's cosine (best of whole text and sentences); None: no head
    # the best cosine with a question written for the chunk (bot.corpus.questions); None: no chunk has any
    asked: np.ndarray | None = None

    def found(self) -> np.ndarray:
        """The cosine that finds and ranks a chunk: its best sentence's, raised by ASKED_GAIN × how far its best
        written question's is above it.

        The confidence and the quote read `sentence` alone: a question written for a passage helps find it,
        whether the passage answers is judged by its own text.
        """
        if self.asked is None:
            return self.sentence
        return self.sentence + ASKED_GAIN * np.nan_to_num(np.fmax(self.asked - self.sentence, 0))

    @staticmethod
    def single(cosines: np.ndarray) -> Dense:
        """One cosine per chunk serving as both (a benchmark's alternative, a fake in tests)."""
        return Dense(cosines, cosines)


@dataclass(frozen=True)
class Fused:
    """One fused candidate: chunk number, fused score, and what it came from."""

    docno: int
    score: float
    bm25: float | None  # rank-bm25's score, None when the chunk was only a dense candidate
    cosine: float       # the best sentence's cosine; NaN when the chunk has no vectors
    whole: float        # the whole text's cosine; NaN when the chunk has no vectors
    sparse: float = float("nan")  # the sparse head's cosine; NaN without it


def _top(cosines: np.ndarray, n: int) -> list[int]:
    """The `n` docnos of highest cosine, best first (ties by docno); NaN never."""
    valid = np.where(np.isnan(cosines), -np.inf, cosines)
    k = min(n, int(np.isfinite(valid).sum()))
    if k == 0:
        return []
    top = np.argpartition(-valid, k - 1)[:k]
    return [int(d) for d in top[np.lexsort((top, -valid[top]))]]


def candidates(bm25: Sequence[tuple[int, float]], dense: Dense, n: int = CANDIDATES) -> np.ndarray:
    """Docnos of BM25's list (in its order), then the top `n` by sentence cosine (raised by the written
    questions: Dense.found), by whole cosine and by the sparse cosine, not repeated."""
    out = [d for d, _ in bm25[:n]]
    seen = set(out)
    for d in _top(dense.found(), n) + _top(dense.whole, n) + (_top(dense.sparse, n) if dense.sparse is not None
                                                               else []):
        if d not in seen:
            seen.add(d)
            out.append(d)
    return np.asarray(out, dtype=np.int64)


@dataclass(frozen=True)
class Signals:
    """Per-candidate inputs of the fusion (and of the research fusions), aligned with `docnos`."""

    docnos: np.ndarray
    bm25: np.ndarray      # raw, the list's lowest for chunks outside it
    in_bm25: np.ndarray   # bool
    cosine: np.ndarray    # the best sentence's, raw; the candidates' lowest for chunks without vectors
    whole: np.ndarray     # the whole text's, likewise
    coverage: np.ndarray  # share of the question's information in the chunk (0 when not given)
    sparse: np.ndarray | None = None  # the sparse head's cosine, likewise; None without the head


def _filled(values: np.ndarray) -> np.ndarray:
    """NaN (no vectors) replaced by the lowest of the others (0 when there are none)."""
    values = values.astype(np.float64)
    if np.isnan(values).any():
        finite = values[~np.isnan(values)]
        values = np.where(np.isnan(values), float(finite.min()) if len(finite) else 0.0, values)
    return values


def signals(bm25: Sequence[tuple[int, float]], dense: Dense, docnos: np.ndarray | None = None,
            coverage: np.ndarray | None = None, n: int = CANDIDATES) -> Signals:
    """The candidates (`docnos`, else `candidates(bm25, dense, n)`) with their BM25, cosines and coverage.

    :param coverage: each candidate's share of the question's information, aligned with the
        candidates (Lexical.coverages of them); None counts 0 for all.
    """
    if docnos is None:
        docnos = candidates(bm25, dense, n)
    scores = dict(bm25[:n])
    floor = min(scores.values()) if scores else 0.0
    lex = np.array([scores.get(int(d), floor) for d in docnos], dtype=np.float64)
    cos = _filled(dense.found()[docnos]) if len(docnos) else np.zeros(0)
    whole = _filled(dense.whole[docnos]) if len(docnos) else np.zeros(0)
    cov = np.zeros(len(docnos)) if coverage is None else np.asarray(coverage, dtype=np.float64)
    if len(cov) != len(docnos):
        raise ValueError(f"{len(cov)} coverages for {len(docnos)} candidates")
    sparse = None
    if dense.sparse is not None:
        sparse = _filled(dense.sparse[docnos]) if len(docnos) else np.zeros(0)
    return Signals(docnos, lex, np.array([int(d) in scores for d in docnos], dtype=bool), cos, whole, cov, sparse)


def scores(s: Signals, blend: Blend | None = None) -> np.ndarray:
    """The fused score of each candidate (higher is better); `blend` None: BLEND_SPARSE with the head, else BLEND."""
    if len(s.docnos) == 0:
        return np.zeros(0)
    if blend is None:
        blend = BLEND_SPARSE if s.sparse is not None else BLEND
    best = float(np.max(s.bm25))
    lexical = s.bm25 / best if best > 0 else np.zeros_like(s.bm25)
    fused = blend[0] * lexical + blend[1] * s.cosine + blend[2] * s.whole + blend[3] * s.coverage
    if len(blend) > 4 and s.sparse is not None:
        fused = fused + blend[4] * s.sparse
    return fused


def ranked(s: Signals, fused: np.ndarray, bm25: Sequence[tuple[int, float]], dense: Dense,
           n: int = CANDIDATES, limit: int | None = None) -> list[Fused]:
    """The candidates best first by `fused` (ties: BM25's order, then cosine's), with what they came from;
    the first `limit` of them (None: all)."""
    order = np.argsort(-fused, kind="stable")[:limit]  # candidates() lists BM25's order, then cosine's
    lexical = dict(bm25[:n])
    docnos = s.docnos[order]
    # as Python numbers column by column: a numpy scalar read per field cost a millisecond a question
    sparse = dense.sparse[docnos].tolist() if dense.sparse is not None else [math.nan] * len(docnos)
    return [Fused(d, f, lexical.get(d), c, w, sp) for d, f, c, w, sp in
            zip(docnos.tolist(), fused[order].tolist(), dense.sentence[docnos].tolist(),
                dense.whole[docnos].tolist(), sparse, strict=True)]


def fuse(bm25: Sequence[tuple[int, float]], dense: Dense, docnos: np.ndarray | None = None,
         coverage: np.ndarray | None = None, n: int = CANDIDATES, blend: Blend | None = None,
         limit: int | None = None) -> list[Fused]:
    """The candidates, best first by the fused score (the first `limit` of them; None: all).

    :param bm25: the Searcher's ranking as (docno, rank-bm25 score), best first.
    :param dense: the question's cosines with every chunk (index = docno), NaN without vectors.
    :param docnos: the candidates, as `candidates(bm25, dense, n)` gives them (computed when None).
    :param coverage: each candidate's lexical coverage, aligned with `docnos` (None: 0 for all).
    """
    s = signals(bm25, dense, docnos, coverage, n)
    return ranked(s, scores(s, blend), bm25, dense, n, limit)
