"""Deciding when the sources do not cover a question: idf-weighted coverage of its terms."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bot.search.retriever import Hit, Searcher

# The share of the question's information (idf-weighted terms) that the best chunk must
# contain. Calibrated by `benchmarks/quality.py --calibrate` (README, "Abstention"): the lowest
# balanced error between 2,868 answerable questions and 2,854 off-topic ones.
MIN_COVERAGE = 0.35


def coverage(searcher: Searcher, terms: Sequence[str], docno: int) -> float:
    """Share of the question's idf mass found in chunk `docno`; unknown terms count fully against."""
    n = searcher.store.n_docs
    total = found = 0.0
    for term in set(terms):
        postings = searcher._postings(term)
        df = len(postings[0]) if postings is not None else 0
        idf = math.log((n + 1) / max(df, 0.5))
        total += idf
        if postings is not None:
            docs = postings[0]
            i = int(np.searchsorted(docs, docno))
            if i < len(docs) and docs[i] == docno:
                found += idf
    return found / total if total else 0.0


def should_abstain(cov: float, hits: Sequence[Hit]) -> bool:
    """Abstain when nothing matched, or the best chunk covers too little of the question."""
    return not hits or cov < MIN_COVERAGE
