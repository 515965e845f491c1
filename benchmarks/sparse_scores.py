"""The sparse head's cosines: every row's 128 entries summed (0.4.7) against the postings by latent (0.4.8).

Usage: python -m benchmarks.sparse_scores [--rows N,...] [--questions Q] [--readme]

Rows: the shipped index's sentence units and chunks (benchmarks/out/seed-documents-and-law-pack.db,
as benchmarks/answers.py builds it; skipped when absent), and synthetic rows of SPARSE_K latents
each, drawn with a Zipf-like skew (a few latents are common, as the head's are), up to 100,000:
about the semantic stage's default cap of 20,000 chunks at five vectors a chunk. For each: the
time of one question's scores both ways (p50 / p95 over Q questions: on the shipped index the dev
sets' questions through the model's sparse head, as the searcher asks; on synthetic rows other
rows of the set spread as a query), the largest difference between the two, the time to make
the postings, and their memory beside the rows' own arrays.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.report import README, replace_between_markers  # noqa: E402
from bot.semantic.sparse import SPARSE_DIM, SPARSE_K, SparseVectors  # noqa: E402

SHIPPED = REPO / "benchmarks" / "out" / "seed-documents-and-law-pack.db"


def every_row(rows: SparseVectors, query: np.ndarray) -> np.ndarray:
    """0.4.7's scores: each row's entries gathered from the spread query and summed."""
    return (rows.weights * query[rows.ids.astype(np.int64)]).sum(axis=1)


def synthetic(n: int, seed: int = 0) -> SparseVectors:
    """`n` rows of SPARSE_K distinct latents, common ones likelier (weight ∝ rank^-0.8), L2-normalised."""
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, SPARSE_DIM + 1) ** 0.8
    ids = np.stack([rng.choice(SPARSE_DIM, SPARSE_K, replace=False, p=p / p.sum()) for _ in range(n)])
    weights = rng.random((n, SPARSE_K)).astype(np.float32)
    return SparseVectors(ids.astype(np.uint16), weights / np.linalg.norm(weights, axis=1, keepdims=True))


def real_questions(limit: int) -> list[np.ndarray]:
    """The dev sets' questions as the searcher spreads them (the model's sparse head, as a question)."""
    from benchmarks.shared import SHARED, need
    from bot.evaluate import load_questions
    from bot.semantic.embedder import E5Embedder

    texts = [q["question"] for path in need([SHARED / "eval" / f"{name}.jsonl" for name in ("dev", "dev2", "dev3")])
             for q in load_questions(path)][:limit]
    spread = E5Embedder().embed_sparse(texts, is_query=True)
    return [spread.query(i) for i in range(len(spread))]


def measure(name: str, rows: SparseVectors, questions: int | list[np.ndarray]) -> dict[str, str]:
    """One row of the table: `questions` queries, or that many of the rows' own spread."""
    started = time.perf_counter()
    rows.prepare()
    made = time.perf_counter() - started
    offsets, owners, weights = rows._postings
    old, new, diff = [], [], 0.0
    queries = questions if isinstance(questions, list) else \
        [rows.query(int(i)) for i in np.linspace(0, len(rows) - 1, questions).astype(int)]
    for query in queries:
        t0 = time.perf_counter()
        a = every_row(rows, query)
        t1 = time.perf_counter()
        b = rows.scores(query)
        t2 = time.perf_counter()
        old.append(t1 - t0)
        new.append(t2 - t1)
        diff = max(diff, float(np.abs(a - b).max()))

    def ms(values: list[float]) -> str:
        return f"{np.percentile(values, 50) * 1e3:.2f} / {np.percentile(values, 95) * 1e3:.2f}"
    return {"rows": f"{name}: {len(rows):,}", "every row": ms(old), "by latent": ms(new),
            "ratio p50": f"×{np.median(new) / np.median(old):.2f}", "largest difference": f"{diff:.1e}",
            "postings made": f"{made:.2f} s",
            "memory": f"{(offsets.nbytes + owners.nbytes + weights.nbytes) / 1e6:.1f} MB beside "
                      f"{(rows.ids.nbytes + rows.weights.nbytes) / 1e6:.1f} MB"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000", help="synthetic set sizes")
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    sets: list[tuple[str, SparseVectors, int | list[np.ndarray]]] = []
    if SHIPPED.exists():
        from bot.index.store import IndexStore

        vectors = IndexStore.open(SHIPPED).vectors()
        if vectors.units_sparse is not None and vectors.whole_sparse is not None:
            asked = real_questions(args.questions)
            sets += [("shipped index, sentence units", vectors.units_sparse, asked),
                     ("shipped index, chunks", vectors.whole_sparse, asked)]
    else:
        print(f"{SHIPPED} is absent (run benchmarks.answers first): synthetic rows only", file=sys.stderr)
    sets += [("synthetic", synthetic(int(n)), args.questions) for n in args.rows.split(",")]
    table = [measure(name, rows, questions) for name, rows, questions in sets]
    keys = list(table[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(row[k] for k in keys) + " |" for row in table]
    text = "p50 / p95 ms a question.\n\n" + "\n".join(lines) + "\n"
    if args.readme:
        replace_between_markers(README, "sparse scores", text)
    print(text)


if __name__ == "__main__":
    main()
