"""How sure the sources answer a question: answered, uncertain (the closest passages) or not covered.

The signals exist at query time: the lexical coverage of the best chunk (bot.search.lexical)
and the question's cosines with that chunk's best sentence and with its whole text. They are
combined into one evidence score and cut by two thresholds, calibrated by
`benchmarks/semantic.py` (README, "Semantic retrieval"): answerable questions on their own
corpora against far off-topic questions and near-domain ones
(benchmarks/data/near_domain_offtopic.jsonl) asked of the bundled corpus.
Without a cosine (the model could not load, or the chunk has no vector) the decision is the
lexical one it always was: answered at MIN_COVERAGE, else not covered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

# answered: the passages answer it; uncertain: the closest passages, said to maybe not answer it
# directly; not_covered: the sources do not cover it (no passages).
Confidence = Literal["answered", "uncertain", "not_covered"]

# The share of the question's information (idf-weighted terms, Lexical.coverage) that the best
# chunk must contain on a lexical index (`decide` uses it without a cosine). Calibrated by
# `benchmarks/quality.py --calibrate` (README, "Abstention"): the lowest balanced error between
# 2,868 answerable questions and 2,854 off-topic ones.
MIN_COVERAGE = 0.35

# evidence = BIAS + COVERAGE_WEIGHT * coverage + SENTENCE_WEIGHT * sentence cosine + WHOLE_WEIGHT *
# whole cosine: a logistic regression's log-odds of "answerable", fitted by benchmarks/semantic.py
# (NorQuAD train against the far, near-domain and bench-on-bundled off-topic questions, both
# classes weighted equally).
BIAS = -80.75
COVERAGE_WEIGHT = 13.65
SENTENCE_WEIGHT = 47.83
WHOLE_WEIGHT = 42.21
# From here the passages answer it: where 5 % of NorQuAD train is hedged (half the 10 % budget).
ANSWERED_MIN = 3.0
# From here the closest passages are shown, hedged: the lowest that refuses every far off-topic question.
UNCERTAIN_MIN = -0.5


@dataclass(frozen=True)
class Evidence:
    """What the search knows of its best passage."""

    coverage: float            # share of the question's information in the best chunk (lexical)
    cosine: float | None       # the question's cosine with the best chunk's best sentence; None when lexical
    hits: int                  # how many passages were found at all
    whole: float | None = None  # ... with its whole text (None: taken to be `cosine`)


def evidence_score(coverage: float, cosine: float, whole: float | None = None) -> float:
    """The log-odds that the best chunk answers the question, from its coverage and cosines."""
    whole = cosine if whole is None or math.isnan(whole) else whole
    return BIAS + COVERAGE_WEIGHT * coverage + SENTENCE_WEIGHT * cosine + WHOLE_WEIGHT * whole


def decide(e: Evidence, answered_min: float = ANSWERED_MIN, uncertain_min: float = UNCERTAIN_MIN) -> Confidence:
    """The confidence level for the evidence (lexical: the calibrated coverage threshold alone)."""
    if not e.hits:
        return "not_covered"
    if e.cosine is None or math.isnan(e.cosine):
        return "answered" if e.coverage >= MIN_COVERAGE else "not_covered"
    score = evidence_score(e.coverage, e.cosine, e.whole)
    if score >= answered_min:
        return "answered"
    return "uncertain" if score >= uncertain_min else "not_covered"
