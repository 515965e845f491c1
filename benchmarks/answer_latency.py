"""The whole answer() on the bundled corpus, lexical and semantic side by side, and its build times.

Usage: python -m benchmarks.answer_latency [--out DIR] [--limit N] [--rounds R]

Questions: dev, dev2, the near-domain and far off-topic files in benchmarks/data, and XQuAD nb
questions (any question costs the same to answer; these are many and varied), at least 200.
Each engine answers every question once to warm up, then R rounds are timed; embedding the
question is part of the semantic figure (its cache is emptied before each question, so every
question is embedded) and is also timed alone; the model runs on one engine thread, as the bot
and `ask` load it. Builds: `kommunebot index build` as a new process, the bundled corpus from
nothing (lexical and semantic), again unchanged, and after one document changed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = REPO / "benchmarks" / "data"


def questions(limit: int) -> list[str]:
    """At least `limit` questions from the sets at hand."""
    files = [SHARED / "eval" / "dev.jsonl", SHARED / "eval" / "dev2.jsonl", DATA / "near_domain_offtopic.jsonl",
             DATA / "far_offtopic.jsonl", SHARED / "bench" / "xquad" / "nb.jsonl"]
    out: list[str] = []
    for path in files:
        if path.exists():
            out += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out[:limit]


def pct(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds."""
    a = np.asarray(values) * 1000
    return {"p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max()), "n": len(values)}


def time_answers(searcher, qs: list[str], rounds: int) -> dict[str, float]:
    """answer() latency over `qs`, after one warm-up pass."""
    from bot.answer.compose import answer
    from bot.errors import QuestionError

    def one(q: str) -> float:
        forget = getattr(searcher, "_query_vectors", None)  # the Searcher's cache of question vectors
        if forget is not None:
            forget.cache_clear()
        t = time.perf_counter()
        try:
            answer(q, searcher)
        except QuestionError:
            pass
        return time.perf_counter() - t

    for q in qs:
        one(q)
    return pct([one(q) for _ in range(rounds) for q in qs])


def builds() -> dict[str, float]:
    """Seconds of `kommunebot index build` (a new process) on the bundled corpus, as a user runs it."""
    out: dict[str, float] = {}

    def build(corpus: Path, index: Path, semantic: str) -> tuple[float, dict]:
        env = dict(os.environ, KOMMUNEBOT_SEMANTIC=semantic)
        t = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(corpus),
                              "--index", str(index), "--json"], capture_output=True, text=True, env=env,
                             check=True, cwd=REPO)
        return time.perf_counter() - t, json.loads(run.stdout)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(REPO / "corpus", corpus)
        out["lexical_from_nothing"], _ = build(corpus, Path(tmp) / "lexical.db", "off")
        path = Path(tmp) / "semantic.db"
        out["semantic_from_nothing"], report = build(corpus, path, "auto")
        out["chunks"] = report.get("chunks", 0)
        out["semantic_unchanged"], _ = build(corpus, path, "auto")
        doc = sorted(corpus.glob("*.txt"))[-1]
        doc.write_text(doc.read_text(encoding="utf-8") + "\n\nEt nytt avsnitt om møteplanen for neste år.\n",
                       encoding="utf-8")
        out["semantic_one_document_changed"], report = build(corpus, path, "auto")
        out["embedded_after_the_change"] = report.get("embedded", 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-builds", action="store_true")
    args = parser.parse_args()

    from bot.index.build import build_index
    from bot.index.store import IndexStore
    from bot.search.retriever import Searcher
    from bot.semantic.embedder import load_embedder

    embedder = load_embedder("auto", threads=1)
    if embedder is None:
        raise SystemExit("the embedding model cannot be loaded here")
    qs = questions(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.db"
        build_index(REPO / "corpus", path, embedder=embedder)
        lexical = Searcher(IndexStore.open(path))
        semantic = Searcher(IndexStore.open(path), embedder=embedder)
        result: dict[str, object] = {"questions": len(qs), "rounds": args.rounds, "cpus": os.cpu_count(),
                                     "load_before": os.getloadavg()[0]}
        result["answer_lexical_ms"] = time_answers(lexical, qs, args.rounds)
        result["answer_semantic_ms"] = time_answers(semantic, qs, args.rounds)
        embed = []
        for q in qs:
            t = time.perf_counter()
            embedder.embed_query(q)
            embed.append(time.perf_counter() - t)
        result["embed_query_ms"] = pct(embed)
    if not args.no_builds:
        result["build_seconds"] = builds()
    result["load_after"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "answer_latency.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    lex, sem, emb = result["answer_lexical_ms"], result["answer_semantic_ms"], result["embed_query_ms"]
    print(f"{len(qs)} questions x {args.rounds} rounds, bundled corpus (load {result['load_before']:.1f})")
    print("| answer() | p50 | p95 | p99 |\n|---|---|---|---|")
    for name, row in (("BM25 alone", lex), ("BM25 + e5 fused", sem), ("question embedding alone", emb)):
        print(f"| {name} | {row['p50']:.1f} ms | {row['p95']:.1f} ms | {row['p99']:.1f} ms |")  # type: ignore[index]
    if "build_seconds" in result:
        b = result["build_seconds"]
        print("| build | seconds |\n|---|---|")
        for key, value in b.items():  # type: ignore[union-attr]
            print(f"| {key} | {value:.2f} |" if isinstance(value, float) else f"| {key} | {value} |")


if __name__ == "__main__":
    main()
