"""The model's graph with its attention fused (0.4.13) and as before, side by side in one process.

Usage: python -m benchmarks.attention [--rounds R] [--threads T]

Both graphs (bot.semantic.graph.encoder_model, `fused` True and False) run the same weights on
onnxruntime with the product's session settings. Every question of dev, dev2, dev3 and dev-law is
embedded by each in turn (the order swapped every round), so both meet the same load; reported:
each graph's p50 / p95 / p99 in ms, the median and quartiles of the per-question ratio fused ÷
before, and how far the two graphs' vectors are apart (dense cosine; the sparse vectors' shared
latents) over the questions and over the bundled corpus's law texts embedded as a build batches them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.runtime import questions  # noqa: E402
from benchmarks.shared import beneath  # noqa: E402

LAW = REPO / "bot" / "packs" / "law" / "lov-2018-06-22-83.jsonl"


def models(threads: int) -> dict:
    """The two graphs, each an OnnxE5 as the product makes it."""
    from bot.semantic.onnx_e5 import OnnxE5

    return {"fused (0.4.13)": OnnxE5(threads=threads), "before": OnnxE5(threads=threads, fused=False)}


def agreement(a, b, texts: list[str], is_query: bool) -> str:
    """Lowest and mean cosine of each text's two vectors, and the sparse vectors' shared latents."""
    embed = (lambda m: m.query(texts)) if is_query else (lambda m: m.passage(texts))
    cos = (embed(a) * embed(b)).sum(axis=1)
    shared = [len(set(x[0].tolist()) & set(y[0].tolist())) / max(1, len(x[0]))
              for x, y in zip(a.sparse(texts, is_query), b.sparse(texts, is_query), strict=True)] \
        if a.has_sparse else [1.0]
    return f"cosine min {cos.min():.6f}, mean {cos.mean():.7f}; sparse latents shared min {min(shared):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    bank = questions()  # the dev sets' at hand; none stops the run before a model is loaded
    qs = bank.questions
    graphs = models(args.threads)
    names = list(graphs)
    for m in graphs.values():  # loaded and warm
        m.query(qs[:20])
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(args.rounds):
        for q in qs:
            for name in names if r % 2 == 0 else names[::-1]:
                model = graphs[name]
                model._memo.clear()  # the sparse memo would hand back the last run's latents
                started = time.perf_counter()
                model.query(q)
                times[name].append(time.perf_counter() - started)
    law = [json.loads(line)["text"] for line in LAW.read_text(encoding="utf-8").splitlines()[:200]]
    a, b = graphs[names[0]], graphs[names[1]]
    print(f"{len(qs)} questions ({', '.join(bank.sets)}) x {args.rounds} rounds, {args.threads} threads, "
          "the graphs taking turns question by question\n")
    print("| graph | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|")
    for name in names:
        p50, p95, p99 = np.percentile(np.asarray(times[name]) * 1000, [50, 95, 99])
        print(f"| {name} | {p50:.2f} | {p95:.2f} | {p99:.2f} |")
    ratio = np.asarray(times[names[0]]) / np.asarray(times[names[1]])
    q1, med, q3 = np.percentile(ratio, [25, 50, 75])
    print(f"\nper question, fused ÷ before: median ×{med:.3f} (quartiles ×{q1:.3f}-×{q3:.3f})")
    print(f"vectors, the questions: {agreement(a, b, qs, True)}")
    print(f"vectors, {len(law)} of Kommuneloven's ledd as passages (batched): {agreement(a, b, law, False)}")
    if bank.left_out:
        print(beneath(bank.left_out).lstrip("\n"))


if __name__ == "__main__":
    main()
