"""How sure the sources answer a question: answered, uncertain (the closest passages) or not covered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.search.abstain import MIN_COVERAGE

# answered: the passages answer it; uncertain: the closest passages, said to maybe not answer it
# directly; not_covered: the sources do not cover it (no passages).
Confidence = Literal["answered", "uncertain", "not_covered"]

# Provisional until benchmarks/semantic.py calibrates them (README, "Confidence").
MIN_COSINE = 0.80        # below: no passage is about the question
ANSWER_COSINE = 0.84     # from here, with enough of the question's words, the passage answers it


@dataclass(frozen=True)
class Evidence:
    """What the search knows of its best passage."""

    coverage: float            # share of the question's information in the best chunk (lexical)
    cosine: float | None       # the best chunk's cosine with the question; None when lexical
    hits: int                  # how many passages were found at all


def decide(e: Evidence) -> Confidence:
    """The confidence level for the evidence (lexical: the calibrated coverage threshold alone)."""
    if not e.hits:
        return "not_covered"
    if e.cosine is None:
        return "answered" if e.coverage >= MIN_COVERAGE else "not_covered"
    if e.cosine < MIN_COSINE and e.coverage < MIN_COVERAGE:
        return "not_covered"
    if e.cosine >= ANSWER_COSINE or e.coverage >= MIN_COVERAGE:
        return "answered"
    return "uncertain"
