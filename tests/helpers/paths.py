"""Where the repository, its bundled corpus and the project's shared data (bench sets, dev sets) are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CORPUS = REPO / "corpus"
BENCH = REPO.parent / "shared" / "bench"
EVAL = REPO.parent / "shared" / "eval"
