"""answer()'s latency in two checkouts side by side (e.g. main and a branch), the real model, nothing cached.

Usage: python -m benchmarks.checkout_latency CHECKOUT [CHECKOUT ...] [--rounds N] [--shipped] [--warm]

Each checkout answers the dev sets' questions (dev3, dev2, dev) on its own index of the seed
documents (benchmarks/out/seed-documents.db, as benchmarks/answers.py builds it; with --shipped
the seed documents and the law pack, seed-documents-and-law-pack.db, and dev-law's questions
too), in a process
of its own (its code, its model settings), the checkouts taking turns round by round so they
meet the same load. Prints p50 / p95 in ms a round and the ratio of each checkout to the first.
--warm answers every question once before the timed pass, so each question's embedding comes from
the searcher's cache: what is left is the ranking, the confidence and the quotes, which the
model's own time (most of a question's, and its noisiest part) would hide.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.semantic import SHARED  # noqa: E402
from bot.evaluate import load_questions  # noqa: E402

SETS = ("dev3", "dev2", "dev")

CHILD = r"""
import json, sys, time
from pathlib import Path
repo, questions, index, warm = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4] == "warm"
sys.path.insert(0, repo)
import numpy as np
from bot.answer.compose import answer
from bot.index.store import IndexStore
from bot.search.retriever import Searcher
from bot.semantic.embedder import question_embedder

searcher = Searcher(IndexStore.open(Path(repo) / "benchmarks/out" / index),
                    embedder=question_embedder("auto", 2))
assert searcher.semantic, "the index has no vectors of this model: run benchmarks.answers in the checkout first"
answer("oppvarming", searcher)  # the model loaded and warm
for q in questions if warm else ():
    answer(q, searcher, top=10)  # each question's vectors into the searcher's cache
times = []
for q in questions:
    started = time.perf_counter()
    answer(q, searcher, top=10)
    times.append((time.perf_counter() - started) * 1000)
print(json.dumps([float(np.percentile(times, 50)), float(np.percentile(times, 95))]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--shipped", action="store_true", help="the index with the law pack, dev-law asked too")
    parser.add_argument("--warm", action="store_true", help="each question embedded before it is timed (cached)")
    args = parser.parse_args()
    sets = (*SETS, "dev-law") if args.shipped else SETS
    index = "seed-documents-and-law-pack.db" if args.shipped else "seed-documents.db"
    questions = [q["question"] for name in sets for q in load_questions(SHARED / "eval" / f"{name}.jsonl")]
    results: dict[Path, list[tuple[float, float]]] = {c: [] for c in args.checkouts}
    for _ in range(args.rounds):
        for checkout in args.checkouts:
            out = subprocess.run([sys.executable, "-c", CHILD, str(checkout.resolve()), json.dumps(questions), index,
                                  "warm" if args.warm else "cold"],
                                 capture_output=True, text=True, check=True, cwd="/")
            results[checkout].append(tuple(json.loads(out.stdout.strip().splitlines()[-1])))
    first = args.checkouts[0]
    for checkout, rounds in results.items():
        cells = ", ".join(f"{p50:.1f} / {p95:.1f}" for p50, p95 in rounds)
        ratio = [sum(r[i] for r in rounds) / sum(r[i] for r in results[first]) for i in (0, 1)]
        print(f"| {checkout} | {len(questions)} questions | p50 / p95 ms by round: {cells} | "
              f"×{ratio[0]:.2f} p50, ×{ratio[1]:.2f} p95 |")


if __name__ == "__main__":
    main()
