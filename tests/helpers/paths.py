"""Where the repository, its bundled corpus and the project's shared data (bench sets, dev sets) are."""

from __future__ import annotations

from pathlib import Path

from benchmarks.shared import BENCH, EVAL, SHARED, absent

REPO = Path(__file__).resolve().parent.parent.parent
CORPUS = REPO / "corpus"
__all__ = ["BENCH", "CORPUS", "EVAL", "REPO", "SHARED", "absent"]  # the shared data's, as benchmarks/shared.py finds it
