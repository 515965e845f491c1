"""Deciding when the sources do not cover a question: idf-weighted coverage of its terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.search.retriever import Hit

# The share of the question's information (idf-weighted terms) that the best chunk must
# contain. Calibrated by `benchmarks/quality.py --calibrate` (README, "Abstention"): the lowest
# balanced error between 2,868 answerable questions and 2,854 off-topic ones.
MIN_COVERAGE = 0.35


def should_abstain(cov: float, hits: Sequence[Hit]) -> bool:
    """Abstain when nothing matched, or the best chunk covers too little of the question."""
    return not hits or cov < MIN_COVERAGE
