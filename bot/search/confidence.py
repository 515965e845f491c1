"""How sure an answer is, in three steps: answered, uncertain (the closest passages), not covered.

The signals exist at query time: the lexical coverage of the best chunk (bot.search.abstain)
and the cosine of the question with that chunk. They are combined into one evidence score
and cut by two thresholds, calibrated by `benchmarks/semantic.py` (README, "Semantic
retrieval"): answerable questions on their own corpora against far off-topic questions and
near-domain ones (benchmarks/data/near_domain_offtopic.jsonl) asked of the bundled corpus.
Without a cosine (the model could not load, or the chunk has no vector) the decision is the
lexical one it always was: answered at MIN_COVERAGE, else not covered.
"""

from __future__ import annotations

import math
from typing import Literal

from bot.search.abstain import MIN_COVERAGE

Level = Literal["answered", "uncertain", "not_covered"]  # the values of bot.answer.model.Confidence

# evidence = COSINE_WEIGHT * cosine + COVERAGE_WEIGHT * coverage + BIAS (a logistic regression's
# log-odds of "answerable", fitted by benchmarks/semantic.py on the calibration sets).
BIAS = -63.928
COVERAGE_WEIGHT = 12.371
COSINE_WEIGHT = 71.205
ANSWERED_MIN = 2.5    # evidence from which the passages are said to answer the question
UNCERTAIN_MIN = -1.0  # evidence from which the closest passages are shown, hedged


def evidence(coverage: float, cosine: float) -> float:
    """The log-odds that the best chunk answers the question, from its coverage and cosine."""
    return COSINE_WEIGHT * cosine + COVERAGE_WEIGHT * coverage + BIAS


def decide(coverage: float, cosine: float | None, has_hits: bool = True,
           answered_min: float = ANSWERED_MIN, uncertain_min: float = UNCERTAIN_MIN) -> Level:
    """The confidence of an answer whose best chunk has this `coverage` and `cosine` (None: lexical only)."""
    if not has_hits:
        return "not_covered"
    if cosine is None or math.isnan(cosine):
        return "answered" if coverage >= MIN_COVERAGE else "not_covered"
    e = evidence(coverage, cosine)
    if e >= answered_min:
        return "answered"
    return "uncertain" if e >= uncertain_min else "not_covered"
