"""The calibrated lexical threshold: how much of a question's information the best chunk must hold."""

from __future__ import annotations

# The share of the question's information (idf-weighted terms, `Searcher.coverage`) that the
# best chunk must contain on a lexical index (bot.search.confidence uses it without a cosine).
# Calibrated by `benchmarks/quality.py --calibrate` (README, "Abstention"): the lowest balanced
# error between 2,868 answerable questions and 2,854 off-topic ones.
MIN_COVERAGE = 0.35
