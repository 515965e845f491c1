"""A record split into parts (a law's § at its ledd) ranked as one: its best part raised towards the record's best."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from bot.search.fusion import Dense
from bot.search.records import part_of

# A long § is split at its ledd (bot.corpus.lawtext) so that the ledd that answers is quoted, but a § answers as a
# whole: its heading and first ledd say what it is about, a later ledd holds the rule asked for, and the questions
# written for it are spread over its parts. Ranked part by part, the § loses to a § whose one ledd matches a little
# better, though its own ledd together match best. So a record's best part is raised towards the best of all its
# parts on every signal (the best sentence anywhere in the §, its best written question, its best whole text, its
# best coverage: the § scored as one chunk, as "MaxP" scores a document by its best passage), and its other parts
# stay where their own signals put them: the card of a § (bot.answer.cards.grouped) shows the ledd it showed
# before, at the § card's new place. The confidence reads the § likewise (its best cosines, its best coverage).
# Off for an ablation: benchmarks.answers --without "parts pooled".
POOLED_PARTS = True
# The share of the way from its best part's own score to the §'s pooled one that a § is raised. The best of several
# parts on each signal is biased upward with their number (the maximum of noisy scores), so the whole way lets a §
# of many ledd win by chance: forvaltningsloven § 8 (who decides whether one is inhabil) outranked § 6 (when one
# is) for "Er jeg inhabil hvis svogeren min har søkt dispensasjon?", and the reply was refused. Measured at 0.1,
# 0.25, 0.5, 0.75 and 1 (benchmarks/README.md, "A § ranked as one"): 0.25 is the smallest at dev-law's best.
POOL_SHARE = 0.25


def part_groups(rows: Iterable[tuple[int, str, str, str, str]], n_docs: int) -> np.ndarray:
    """Each docno's record (an int shared by the parts of one record), -1 for a chunk that is no part.

    :param rows: (docno, source id, cite id, title, location) of every chunk; a part is cited by its own record
        (cite id not the source's) and says where in it it is (a location): `records.part_of`, as `Hit.section`.
    """
    group = np.full(n_docs, -1, dtype=np.int64)
    keys: dict[tuple[str, str], int] = {}
    for docno, *citation in rows:
        record = part_of(*citation)
        if record is not None and 0 <= docno < n_docs:
            group[docno] = keys.setdefault(record, len(keys))
    if keys:  # a record with one part here is a chunk of its own
        counts = np.bincount(group[group >= 0], minlength=len(keys))
        group[(group >= 0) & (counts[np.maximum(group, 0)] < 2)] = -1
    return group


def siblings(docnos: np.ndarray, group: np.ndarray) -> np.ndarray:
    """`docnos` and, after them, the other parts of every record one of them is a part of (not repeated)."""
    grouped = np.unique(group[docnos][group[docnos] >= 0])
    if not len(grouped):
        return docnos
    more = np.flatnonzero(np.isin(group, grouped))
    return np.concatenate([docnos, more[~np.isin(more, docnos)]])


def _pooled(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """`values` by docno with each part's replaced by the best of its record's parts (NaN only where all are)."""
    parts = group >= 0
    if not parts.any():
        return values
    best = np.full(int(group.max()) + 1, -np.inf)
    np.fmax.at(best, group[parts], np.where(np.isnan(values[parts]), -np.inf, values[parts]))
    out = values.copy()
    out[parts] = np.where(np.isneginf(best[group[parts]]), np.nan, best[group[parts]])
    return out


def pooled_dense(dense: Dense, group: np.ndarray, asked: bool = True) -> Dense:
    """The question's cosines with each part replaced by the best of its record's parts, signal by signal.

    :param asked: the sentence cosine raised by the written questions (`Dense.found`), as the ranking reads it;
        False: the passages' own, as the confidence reads them
    """
    sparse = None if dense.sparse is None else _pooled(dense.sparse, group)
    return Dense(_pooled(dense.found() if asked else dense.sentence, group), _pooled(dense.whole, group), sparse)


def best_parts(scores: np.ndarray, docnos: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Whether each candidate is the best-scored of its record's parts there, or no part at all (aligned)."""
    g = group[docnos]
    out = g < 0
    for record in np.unique(g[g >= 0]):
        mine = np.flatnonzero(g == record)
        out[mine[np.argmax(scores[mine])]] = True
    return out


def pooled_aligned(values: np.ndarray, docnos: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Values aligned with `docnos` (coverage), each part's replaced by the best among its record's parts there."""
    g = group[docnos]
    if not (g >= 0).any():
        return values
    out = np.asarray(values, dtype=np.float64).copy()
    for record in np.unique(g[g >= 0]):
        mine = g == record
        out[mine] = out[mine].max()
    return out
